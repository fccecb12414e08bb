"""Scalar and unary node types: scaling, powers, scalar functions, Aᵀ, vec, inverse,
trace, determinants, diag.

Owns: ScalarMul, Scale, Power, ScalarFunc (and its table SCALAR_FUNCS), Transpose,
Vec, Unvec, Inverse, Trace, Det, LogDet, Diag.

Contract: each class declares its fields in ``schema``; coefficients and
exponents are finite SymPy scalars, function names keys of SCALAR_FUNCS;
constructors validate and never rewrite.

>>> import kronsym as ks
>>> from kronsym.nodes.unary import ScalarFunc
>>> ScalarFunc("log", ks.trace(ks.I(2))).params
('log',)
"""
from __future__ import annotations

import sympy

from ..dims import fmt_shape
from .checks import ONE, _require_dims, _require_scalar, _require_square
from .expr import Expr
from .schema import child, coeff, dim, func

__all__ = ["ScalarMul", "Scale", "Power", "ScalarFunc", "SCALAR_FUNCS", "Transpose", "Vec",
           "Unvec", "Inverse", "Trace", "Det", "LogDet", "Diag"]

#: scalar functions of 1×1 expressions: name -> (sympy function, numpy name)
SCALAR_FUNCS = {
    "log": (sympy.log, "log"),
    "exp": (sympy.exp, "exp"),
    "sin": (sympy.sin, "sin"),
    "cos": (sympy.cos, "cos"),
    "sqrt": (sympy.sqrt, "sqrt"),
}


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
    """s ** k for a 1×1 expression s and a SymPy scalar exponent k."""
    __slots__ = ()
    schema = (child("s"), coeff("exponent"))

    @classmethod
    def _shape(cls, params, children):
        _require_scalar("power", children[0])
        return ONE, ONE

    @property
    def exponent(self) -> sympy.Expr:
        return self._params[0]


class ScalarFunc(Expr):
    """f(s) for a 1×1 expression s and f one of ``SCALAR_FUNCS`` (log, exp, ...)."""
    __slots__ = ()
    schema = (func("name", SCALAR_FUNCS, what="scalar function"), child("s"))

    @classmethod
    def _shape(cls, params, children):
        _require_scalar(params[0], children[0])
        return ONE, ONE

    @property
    def name(self) -> str:
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
