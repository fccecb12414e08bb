"""The bodies of the Python operators on expressions: ``@ + - * / ** .T``.

Owns: the ``_op_*`` functions. :class:`kronsym.nodes.Expr` defines the operator
methods, each a one-line call into this module (a lazy import: this module
imports the node classes and the constructors of :mod:`kronsym.build`).
Nothing here patches ``Expr``.

Contract: an operator builds exactly what the matching constructor builds
(``A @ B`` is ``ks.matmul(A, B)``, flat), returns ``NotImplemented`` for an
operand it does not know (so Python tries the reflected operator), and raises
an error naming both operands and their shapes when they cannot combine.
Nothing is simplified (negating a numeric multiple negates its coefficient:
``A - 2*B`` is A + (−2)·B).

>>> import kronsym as ks
>>> A = ks.MatrixSymbol("A", 2, 3)
>>> (A @ A.T).shape, (2 * A - A).shape
((2, 2), (2, 3))
"""
from __future__ import annotations

import sympy

from . import nodes as N
from .build import _is_number_like, add, hadamard, matmul, matrix_power, scalar
from .nodes.checks import _same_shape
from .dims import fmt_shape
from .errors import ShapeError


# --- operator sugar ------------------------------------------------------------------
def _op_matmul(self, other):
    if not isinstance(other, N.Expr):
        return NotImplemented
    return matmul(self, other)


def _op_rmatmul(self, other):
    if not isinstance(other, N.Expr):
        return NotImplemented
    return matmul(other, self)


def _as_term(x, self, op):
    if isinstance(x, N.Expr):
        return x
    if _is_number_like(x):
        if isinstance(x, (int,)) and x == 0 and not self.is_scalar:
            return None  # 0 + A: the identity of sum(), returns A unchanged
        if self.is_scalar:
            return scalar(x)
        raise TypeError(f"cannot {op} the number {x!r} and the {self.rows}×{self.cols} matrix "
                        f"{self}; only 1×1 expressions combine with numbers "
                        f"(use c * ks.ones(m, n) for a constant matrix)")
    return NotImplemented


def _op_add(self, other):
    o = _as_term(other, self, "add")
    if o is None:
        return self
    if o is NotImplemented:
        return o
    return add(self, o)


def _op_radd(self, other):
    o = _as_term(other, self, "add")
    if o is None:
        return self
    if o is NotImplemented:
        return o
    return add(o, self)


def _negated(e: N.Expr) -> N.Expr:
    """−e; a scalar multiple c·X becomes (−c)·X so that ``A - 2*B`` is A + (−2)·B."""
    if isinstance(e, N.ScalarMul) and e.coeff.is_Number and not _is_constant(e):
        return N.ScalarMul(-e.coeff, e.children[0])
    return N.ScalarMul(-1, e)


def _is_constant(e) -> bool:
    return isinstance(e.children[0], N.Identity) and e.children[0].params[0] == 1


def _op_sub(self, other):
    o = _as_term(other, self, "subtract")
    if o is None:
        return self
    if o is NotImplemented:
        return o
    return add(self, _negated(o))


def _op_rsub(self, other):
    o = _as_term(other, self, "subtract")
    if o is None:
        return _negated(self)
    if o is NotImplemented:
        return o
    return add(o, _negated(self))


def _op_neg(self):
    return _negated(self)


def _op_pos(self):
    return self


def _times(a: N.Expr, b: N.Expr) -> N.Expr:
    sa, sb = a.is_scalar, b.is_scalar
    if sa and sb:
        return matmul(a, b)
    if sa:
        return N.Scale(a, b)
    if sb:
        return N.Scale(b, a)
    raise ShapeError(f"'*' of {a} ({fmt_shape(a.shape)}) and {b} ({fmt_shape(b.shape)}): "
                     f"'*' multiplies by a scalar or a 1×1 expression; use '@' for the matrix "
                     f"product or ks.hadamard for the elementwise product")


def _op_mul(self, other):
    if isinstance(other, N.Expr):
        return _times(self, other)
    if _is_number_like(other):
        return N.ScalarMul(other, self)
    return NotImplemented


def _op_rmul(self, other):
    if isinstance(other, N.Expr):
        return _times(other, self)
    if _is_number_like(other):
        return N.ScalarMul(other, self)
    return NotImplemented


def _op_truediv(self, other):
    if isinstance(other, N.Expr):
        if not other.is_scalar:      # entrywise X / Y = X ∘ Y^{∘−1} (one shape, checked)
            _same_shape("entrywise division", "/", (self, other))
            return hadamard(self, N.Power(other, -1))
        return _times(self, N.Power(other, -1))
    if _is_number_like(other):
        if other == 0 or sympy.sympify(other).is_zero:   # SymPy: Float(0.0) == 0 is False
            raise ZeroDivisionError(f"division of {self} by zero")
        return N.ScalarMul(sympy.Integer(1) / sympy.sympify(other), self)
    return NotImplemented


def _op_rtruediv(self, other):
    if _is_number_like(other):      # c / X = c·X^{∘−1}, entrywise for a matrix X
        return N.ScalarMul(other, N.Power(self, -1)) if other != 1 else N.Power(self, -1)
    return NotImplemented


def _op_pow(self, k):
    if isinstance(k, N.Expr):
        raise TypeError("the exponent must be a number or SymPy scalar")
    if not self.is_scalar:
        return matrix_power(self, k)   # a square matrix (1×1: the scalar power below)
    return N.Power(self, k)


def _op_T(self):
    return N.Transpose(self)
