"""The bodies of the Python operators on expressions: ``@ + - * / ** .T``.

Owns: the ``_op_*`` functions, and the flat constructors they build with
(``matmul``, ``add``, ``scalar``; :mod:`kronsym.build` re-exports them as
``ks.matmul`` ...). :class:`~kronsym.nodes.expr.Expr` defines the operator
methods, each a one-line call into this module. Nothing here patches ``Expr``.

Contract: an operator builds exactly what the matching constructor builds
(``A @ B`` is ``ks.matmul(A, B)``, flat), returns ``NotImplemented`` for an
operand it does not know (so Python tries the reflected operator), and raises
an error naming both operands and their shapes when they cannot combine.
Nothing is simplified (negating a numeric multiple negates its coefficient:
``A - 2*B`` is A + (−2)·B). This module imports no node class: it is imported by
the base class, and takes the classes it builds (``MatMul``, ``ScalarMul`` ...)
from :func:`~kronsym.nodes.registry.node_class` when an operator runs.

>>> import kronsym as ks
>>> A = ks.MatrixSymbol("A", 2, 3)
>>> (A @ A.T).shape, (2 * A - A).shape
((2, 2), (2, 3))
"""
from __future__ import annotations

import numbers
from typing import TYPE_CHECKING, Union

import sympy

from ..dims import fmt_shape
from ..errors import ShapeError, hint, with_hints
from .checks import _same_shape
from .registry import node_class as _cls

if TYPE_CHECKING:   # for the annotations only: the base class imports this module
    from .expr import Expr

Scalarish = Union[int, float, complex, sympy.Expr]


def _is_expr(x) -> bool:
    return isinstance(x, _cls("Expr"))


def _is_number_like(x) -> bool:
    if isinstance(x, bool):
        return False
    if isinstance(x, (int, float, complex)):
        return True
    if isinstance(x, sympy.Expr) and not getattr(x, "is_Matrix", False):
        return True
    return isinstance(x, numbers.Number)


def _expr(x, fn: str, arg: str = "A") -> Expr:
    if _is_expr(x):
        return x
    raise TypeError(f"{fn}({arg}): {arg} must be a kronsym expression (e.g. ks.MatrixSymbol), "
                    f"got {type(x).__name__}")


def _flat(cls, items):
    out = []
    for x in items:
        if type(x) is cls:
            out.extend(x.children)
        else:
            out.append(x)
    return out


# --- the flat constructors the operators build with (public as ks.matmul, ...) ---------
def scalar(c: Scalarish) -> Expr:
    """The 1×1 constant c (a number or SymPy scalar), as an expression.

    >>> import kronsym as ks
    >>> str(ks.scalar(2)), ks.scalar(2).shape
    ('2', (1, 1))
    """
    if _is_expr(c):
        raise TypeError(f"scalar(c): c must be a number or SymPy scalar, got the kronsym "
                        f"expression {str(c):.60} (a 1×1 expression is already a scalar)")
    try:
        return _cls("ScalarMul")(c, _cls("Identity")(1))
    except TypeError as e:
        raise TypeError(f"scalar(c): {e}") from None


def matmul(*factors: Expr) -> Expr:
    """Matrix product of the factors (built flat).

    >>> import kronsym as ks
    >>> A = ks.MatrixSymbol("A", 2, 3); B = ks.MatrixSymbol("B", 3, 4)
    >>> ks.matmul(A, B).shape
    (2, 4)
    """
    fs = [_expr(f, "matmul", f"factor {i + 1}") for i, f in enumerate(factors)]
    if len(fs) == 1:
        return fs[0]
    MatMul = _cls("MatMul")
    return MatMul(*_flat(MatMul, fs))


def add(*terms: Expr) -> Expr:
    """Sum of the terms (built flat).

    >>> import kronsym as ks
    >>> A = ks.MatrixSymbol("A", 2, 3)
    >>> str(ks.add(A, A, A))
    'A + A + A'
    """
    ts = [_expr(t, "add", f"term {i + 1}") for i, t in enumerate(terms)]
    if len(ts) == 1:
        return ts[0]
    MatAdd = _cls("MatAdd")
    return MatAdd(*_flat(MatAdd, ts))


# --- operator sugar ------------------------------------------------------------------
def _op_matmul(self, other):
    if not _is_expr(other):
        return NotImplemented
    return matmul(self, other)


def _op_rmatmul(self, other):
    if not _is_expr(other):
        return NotImplemented
    return matmul(other, self)


def _as_term(x, self, op):
    if _is_expr(x):
        return x
    if _is_number_like(x):
        if isinstance(x, (int,)) and x == 0 and not self.is_scalar:
            return None  # 0 + A: the identity of sum(), returns A unchanged
        if self.is_scalar:
            return scalar(x)
        h = hint("function", "ones")
        raise with_hints(TypeError(f"cannot {op} the number {x!r} and the {self.rows}×{self.cols} "
                                   f"matrix {self}; only 1×1 expressions combine with numbers "
                                   f"(use c * {h.python()}(m, n) for a constant matrix)"), h)
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


def _negated(e: Expr) -> Expr:
    """−e; a scalar multiple c·X becomes (−c)·X so that ``A - 2*B`` is A + (−2)·B."""
    ScalarMul = _cls("ScalarMul")
    if isinstance(e, ScalarMul):
        c = e.field("coeff")
        if c.is_Number and not _is_constant(e):
            return ScalarMul(-c, e.children[0])
    return ScalarMul(-1, e)


def _is_constant(e: Expr) -> bool:
    x = e.children[0]
    return isinstance(x, _cls("Identity")) and x.params[0] == 1


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


def _times(a: Expr, b: Expr) -> Expr:
    sa, sb = a.is_scalar, b.is_scalar
    if sa and sb:
        return matmul(a, b)
    if sa:
        return _cls("Scale")(a, b)
    if sb:
        return _cls("Scale")(b, a)
    h = hint("function", "hadamard")
    raise with_hints(ShapeError(f"'*' of {a} ({fmt_shape(a.shape)}) and {b} ({fmt_shape(b.shape)}): "
                                f"'*' multiplies by a scalar or a 1×1 expression; use '@' for the "
                                f"matrix product or {h.python()} for the elementwise product"), h)


def _op_mul(self, other):
    if _is_expr(other):
        return _times(self, other)
    if _is_number_like(other):
        return _cls("ScalarMul")(other, self)
    return NotImplemented


def _op_rmul(self, other):
    if _is_expr(other):
        return _times(other, self)
    if _is_number_like(other):
        return _cls("ScalarMul")(other, self)
    return NotImplemented


def _op_truediv(self, other):
    if _is_expr(other):
        if not other.is_scalar:      # entrywise X / Y = X ∘ Y^{∘−1} (one shape, checked)
            _same_shape("entrywise division", "/", (self, other))
            return _cls("Hadamard")(*_flat(_cls("Hadamard"), [self, _cls("Power")(other, -1)]))
        return _times(self, _cls("Power")(other, -1))
    if _is_number_like(other):
        if other == 0 or sympy.sympify(other).is_zero:   # SymPy: Float(0.0) == 0 is False
            raise ZeroDivisionError(f"division of {self} by zero")
        return _cls("ScalarMul")(sympy.Integer(1) / sympy.sympify(other), self)
    return NotImplemented


def _op_rtruediv(self, other):
    if _is_number_like(other):      # c / X = c·X^{∘−1}, entrywise for a matrix X
        return _cls("ScalarMul")(other, _cls("Power")(self, -1)) if other != 1 else _cls("Power")(self, -1)
    return NotImplemented


def _op_pow(self, k):
    if _is_expr(k):
        raise TypeError("the exponent must be a number or SymPy scalar")
    if self.is_scalar:
        return _cls("Power")(self, k)
    # the matrix power of a square X (ks.matrix_power): k = -1 is the inverse
    if not isinstance(k, bool) and isinstance(k, (int, sympy.Integer)) and k == -1:
        return _cls("Inverse")(self)
    return _cls("MatPow")(self, k)


def _op_T(self):
    return _cls("Transpose")(self)
