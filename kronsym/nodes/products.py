"""Product and sum node types: @, +, Hadamard, Kronecker, Khatri–Rao, Kronecker sum.

Owns: MatMul, MatAdd, Hadamard, Kron, KhatriRao, KronSum.

Contract: each class declares its operands in ``schema``; the shape check names
the operation, both operands and their shapes; constructors never rewrite
(no flattening, no reordering).

>>> import kronsym as ks
>>> from kronsym.nodes.products import Kron
>>> Kron(ks.I(2), ks.I(3)).shape
(6, 6)
"""
from __future__ import annotations

import operator

import sympy

from .checks import _require_dims, _require_square, _same_shape
from .expr import Expr
from .schema import child, children

__all__ = ["MatMul", "MatAdd", "Hadamard", "Kron", "KhatriRao", "KronSum"]

_get_shape = operator.attrgetter("_shape_")
_rows = operator.itemgetter(0)
_cols = operator.itemgetter(1)


class MatMul(Expr):
    """Matrix product A B C ... (n-ary, at least two factors)."""
    __slots__ = ()
    schema = (children("factors"),)

    @classmethod
    def _shape(cls, params, children):
        shapes = list(map(_get_shape, children))
        if all(map(operator.is_, map(_cols, shapes[:-1]), map(_rows, shapes[1:]))):
            return children[0].shape[0], children[-1].shape[1]   # the same dim objects
        prev = children[0]._shape_[1]
        for a, b in zip(children, children[1:]):
            rows = b._shape_[0]
            if rows is not prev:  # the same dim object: nothing to check (fast path)
                _require_dims(prev, rows, "matrix product {pA} @ {pB}", (a, b),
                              "columns of {A}", "rows of {B}")
            prev = b._shape_[1]
        return children[0].shape[0], children[-1].shape[1]


class MatAdd(Expr):
    """Sum of matrices of one shape (n-ary, at least two terms)."""
    __slots__ = ()
    schema = (children("terms"),)

    @classmethod
    def _shape(cls, params, children):
        return _same_shape("sum", "+", children)


class Hadamard(Expr):
    """Elementwise (Hadamard) product A ∘ B of matrices of one shape."""
    __slots__ = ()
    schema = (children("factors"),)

    @classmethod
    def _shape(cls, params, children):
        return _same_shape("Hadamard product", "∘", children)


class Kron(Expr):
    """Kronecker product A ⊗ B ⊗ ... (n-ary): (∏ rows) × (∏ cols)."""
    __slots__ = ()
    schema = (children("factors"),)

    @classmethod
    def _shape(cls, params, children):
        # one n-ary Mul (not a running product): linear in the number of factors
        return sympy.Mul(*[f.shape[0] for f in children]), sympy.Mul(*[f.shape[1] for f in children])


class KhatriRao(Expr):
    """Column-wise Kronecker product A ⊙ B: column j is a_j ⊗ b_j; A m×n, B p×n give mp×n."""
    __slots__ = ()
    schema = (child("a"), child("b"))

    @classmethod
    def _shape(cls, params, children):
        a, b = children
        _require_dims(a.shape[1], b.shape[1], "Khatri–Rao product {pA} ⊙ {pB}", (a, b),
                      "columns of {A}", "columns of {B}")
        return a.shape[0] * b.shape[0], a.shape[1]


class KronSum(Expr):
    """Kronecker sum A ⊕ B = A ⊗ I_n + I_m ⊗ B for square A (m×m), B (n×n)."""
    __slots__ = ()
    schema = (child("a"), child("b"))

    @classmethod
    def _shape(cls, params, children):
        a, b = children
        _require_square("Kronecker sum", a)
        _require_square("Kronecker sum", b)
        d = a.shape[0] * b.shape[0]
        return d, d
