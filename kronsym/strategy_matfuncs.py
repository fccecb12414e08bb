"""The strategies' matrix functions (kronsym/nodes/matfuncs.py), drawn by
:mod:`kronsym.strategies` for a square target shape.

Owns: ``matfunc(gen, shape, depth)``.

Contract (numerically safe with :func:`kronsym.testing.random_values`): ``expm`` of a
quarter of any square expression (so e^X stays finite); ``logm`` and ``sqrtm`` of
I + A Aᵀ (symmetric positive definite, inside their domain for every A); the Jacobian
J_f(I + 1 1ᵀ) of a constant SPD argument, for a (d²)×(d²) shape (and ``jvp``, J_f(I + 1 1ᵀ)
vec A, for a (d²)×1 shape): its own differential
(a second Fréchet derivative) is not implemented, so it is drawn free of every symbol.
"""
from __future__ import annotations

import sympy

from . import build as B
from .build_matfuncs import expm, logm, sqrtm
from . import nodes as N
from .strategy_shapes import _square_root

__all__ = ["matfunc", "matfunc_kinds", "jvp"]


def matfunc_kinds(shape) -> list:
    """The matrix functions that can produce the square ``shape``."""
    out = ["expm", "logm", "sqrtm"]
    # d²×d² shapes are rare among the drawn shapes: the Jacobian takes most of them
    return out + (["jacobian"] * 6 if _square_root(shape[0]) is not None else [])


def _jacobian(gen, k) -> N.Expr:
    return N.MatFuncJacobian(B.I(k) + B.ones(k, k), gen.param(N.MatFuncJacobian, "func"))


def jvp(gen, shape, depth) -> N.Expr:
    """J_f(I + 1 1ᵀ) vec(A) for a (d²)×1 shape: a Jacobian-vector product."""
    k = _square_root(shape[0])
    return _jacobian(gen, k) @ B.vec(gen.expr((k, k), depth))


def matfunc(gen, shape, depth) -> N.Expr:
    """A matrix function of ``shape`` (square), drawn with the generator ``gen``."""
    kind = gen.choice(matfunc_kinds(shape), "matrix function")
    d = shape[0]
    if kind == "expm":
        return expm(sympy.Rational(1, 4) * gen.expr(shape, depth))
    if kind in ("logm", "sqrtm"):
        return (logm if kind == "logm" else sqrtm)(gen._spd(d, depth))
    return _jacobian(gen, _square_root(d))
