"""The public calculus functions: ``diff``, ``grad``, ``hessian``.

Owns: argument checking, the differential symbol dX, and the pipeline
    differential (differential.py) -> identification (identify.py) -> light algebra
    (kronsym.rules families basic, transpose, inverse, kron, calculus).

Contract: ``diff(F, X)`` is d vec F / d (vec X)ᵀ, (pq)×(mn) for F p×q and X m×n
(Magnus–Neudecker layout, column-major vec). A scalar F gives a 1×(mn) row;
an F free of X gives the zero matrix of that shape.
"""
from __future__ import annotations

from typing import Optional, Tuple

from .. import nodes as N
from ..traverse import postorder
from .differential import differential
from .identify import identify

__all__ = ["diff", "grad", "hessian", "jacobian_parts", "LIGHT_FAMILIES"]

#: the rule families applied to every derivative (the light algebra)
LIGHT_FAMILIES = ("basic", "transpose", "inverse", "kron", "commutation", "calculus")
# Tracy–Singh products and vec_r are written through ⊗, K and vec in derivatives too
LIGHT_FAMILIES = LIGHT_FAMILIES + ("tracy_singh",)


def _check(F, X, fn: str) -> None:
    if not isinstance(F, N.Expr):
        raise TypeError(f"{fn}(F, X): F must be a kronsym expression, got {type(F).__name__}")
    if not isinstance(X, N.MatrixSymbol):
        what = f"the expression {X}" if isinstance(X, N.Expr) else f"{type(X).__name__} {X!r:.40}"
        raise TypeError(f"{fn}(F, X): X must be a MatrixSymbol (the variable), got {what}; "
                        f"to differentiate with respect to a transpose or a block, introduce a "
                        f"symbol for it")


def differential_symbol(F, X) -> N.MatrixSymbol:
    """The symbol dX (named d<X>, primed if that name is taken in F)."""
    taken = {s.name for s in postorder(F) if isinstance(s, N.MatrixSymbol)}
    name = "d" + X.name
    while name in taken:
        name += "_"
    return N.MatrixSymbol(name, X.rows, X.cols)


def tidy(expr):
    """The light algebra applied to derivatives."""
    from ..rules import apply_families
    return apply_families(expr, LIGHT_FAMILIES)


def jacobian_parts(F, X) -> Tuple[N.MatrixSymbol, Optional[N.Expr], Optional[N.Expr]]:
    """(dX, dF, raw J) before simplification; dF and J are None when F is free of X."""
    dX = differential_symbol(F, X)
    dF = differential(F, X, dX)
    if dF is None:
        return dX, None, None
    return dX, dF, identify(N.Vec(dF), dX)


def diff(F, X):
    """The Jacobian d vec F / d (vec X)ᵀ as a kronsym expression.

    >>> import kronsym as ks
    >>> m, n = ks.dims("m n")
    >>> A = ks.MatrixSymbol("A", m, n)
    >>> print(ks.diff(A.T @ A, A))
    (A.T ⊗ I(n)) @ K(m, n) + I(n) ⊗ A.T
    >>> ks.diff(A.T @ A, A).shape
    (n**2, m*n)
    """
    _check(F, X, "diff")
    dX, dF, J = jacobian_parts(F, X)
    if J is None:
        return N.ZeroMatrix(F.rows * F.cols, X.rows * X.cols)
    return tidy(J)


def grad(f, X):
    """The gradient ∂f/∂X of a scalar (1×1) f: a matrix of X's shape.

    >>> import kronsym as ks
    >>> n, = ks.dims("n")
    >>> X = ks.MatrixSymbol("X", n, n); A = ks.MatrixSymbol("A", n, n)
    >>> print(ks.grad(ks.trace(A @ X), X))
    A.T
    >>> print(ks.grad(ks.logdet(X), X))
    inv(X).T
    """
    _check(f, X, "grad")
    if not f.is_scalar:
        raise ValueError(f"grad(f, X): f must be 1×1, but {f} is {f.rows}×{f.cols}; use ks.diff "
                         f"for the Jacobian of a matrix function")
    J = diff(f, X)
    return tidy(N.Unvec(N.Transpose(J), X.rows, X.cols))


def hessian(f, X):
    """The Hessian d vec(∂f/∂X) / d (vec X)ᵀ of a scalar f, (mn)×(mn).

    >>> import kronsym as ks
    >>> n, = ks.dims("n")
    >>> x = ks.MatrixSymbol("x", n, 1); A = ks.MatrixSymbol("A", n, n)
    >>> print(ks.hessian(x.T @ A @ x, x))
    A + A.T
    """
    g = grad(f, X)
    return diff(N.Vec(g), X)
