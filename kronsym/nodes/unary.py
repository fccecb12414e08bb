"""Scalar and unary node types: scaling, the entrywise power, Aᵀ, vec, inverse, trace,
determinants, diag.

Owns: ScalarMul, Scale, Power, Transpose, Vec, Unvec, Inverse, Trace, Det, LogDet, Diag
(the entrywise functions, ScalarFunc among them, are kronsym/nodes/entrywise.py).

Contract: each class declares its fields in ``schema``; coefficients and
exponents are finite SymPy scalars; constructors validate and never rewrite.

>>> import kronsym as ks
>>> from kronsym.nodes.unary import Power
>>> Power(ks.trace(ks.I(2)), 2).params
(2,)
"""
from __future__ import annotations

import sympy

from ..dims import fmt_shape
from .checks import ONE, _require_dims, _require_scalar, _require_square
from .expr import Expr
from .schema import child, coeff, dim

__all__ = ["ScalarMul", "Scale", "Power", "Transpose", "Vec",
           "Unvec", "Inverse", "Trace", "Det", "LogDet", "Diag"]


class ScalarMul(Expr):
    """c · A for a SymPy scalar c (a number or a scalar symbol).

    ``ScalarMul(c, I(1))`` is the 1×1 constant c.
    """
    __slots__ = ()
    schema = (coeff("coeff"), child("a"))

    @classmethod
    def _shape(cls, params, children):
        return children[0].shape

    @property
    def coeff(self) -> sympy.Expr:
        return self._params[0]


class Scale(Expr):
    """s · A for a 1×1 kronsym expression s (e.g. ``tr(X) * A``)."""
    __slots__ = ()
    schema = (child("s"), child("a"))

    @classmethod
    def _shape(cls, params, children):
        _require_scalar("scaling by an expression", children[0])
        return children[1].shape


class Power(Expr):
    """The entrywise power X^{∘k} for a SymPy scalar exponent k (X of any shape; for a 1×1
    s it is the scalar power s ** k)."""
    __slots__ = ()
    schema = (child("s"), coeff("exponent"))

    @classmethod
    def _shape(cls, params, children):
        return children[0].shape

    @property
    def exponent(self) -> sympy.Expr:
        return self._params[0]


class Transpose(Expr):
    """Aᵀ."""
    __slots__ = ()
    schema = (child("a"),)

    @classmethod
    def _shape(cls, params, children):
        r, c = children[0].shape
        return c, r


class Vec(Expr):
    """vec(A): the columns of A stacked (column-major), (mn)×1."""
    __slots__ = ()
    schema = (child("a"),)

    @classmethod
    def _shape(cls, params, children):
        r, c = children[0].shape
        return r * c, ONE


class Unvec(Expr):
    """unvec(v, m, n): the m×n matrix A with vec(A) = v (v is (mn)×1)."""
    __slots__ = ()
    schema = (child("v"), dim("rows", what="rows of unvec"), dim("cols", what="columns of unvec"))

    @classmethod
    def _shape(cls, params, children):
        v = children[0]
        m, n = params
        op = "unvec of {A} to " + fmt_shape((m, n)).replace("{", "{{").replace("}", "}}")
        _require_dims(v.shape[1], 1, op, (v,), "columns of the operand", "1")
        _require_dims(v.shape[0], m * n, op, (v,), "rows of the operand", "rows × columns")
        return m, n


class Inverse(Expr):
    """A⁻¹ of a square matrix."""
    __slots__ = ()
    schema = (child("a"),)

    @classmethod
    def _shape(cls, params, children):
        _require_square("inverse", children[0])
        return children[0].shape


class Trace(Expr):
    """tr(A) of a square matrix (1×1)."""
    __slots__ = ()
    schema = (child("a"),)

    @classmethod
    def _shape(cls, params, children):
        _require_square("trace", children[0])
        return ONE, ONE


class Det(Expr):
    """det(A) of a square matrix (1×1)."""
    __slots__ = ()
    schema = (child("a"),)

    @classmethod
    def _shape(cls, params, children):
        _require_square("determinant", children[0])
        return ONE, ONE


class LogDet(Expr):
    """log det(A) of a square matrix (1×1); numerically log|det A| (slogdet)."""
    __slots__ = ()
    schema = (child("a"),)

    @classmethod
    def _shape(cls, params, children):
        _require_square("log-determinant", children[0])
        return ONE, ONE


class Diag(Expr):
    """diag(v): the n×n diagonal matrix with the column v (n×1) on its diagonal."""
    __slots__ = ()
    schema = (child("v"),)

    @classmethod
    def _shape(cls, params, children):
        v = children[0]
        _require_dims(v.shape[1], 1, "diag of {A}", (v,),
                      "columns of the operand (diag needs a column vector)", "1")
        return v.shape[0], v.shape[0]
