"""Leaf node types: named matrices and the constant matrices fixed by dimensions.

Owns: MatrixSymbol, Identity, ZeroMatrix, Ones, Commutation.

Contract: each class declares its fields in ``schema`` (kronsym.nodes.schema);
the shape is read from the dims; constructors validate and never rewrite.

>>> from kronsym.nodes.leaves import Commutation
>>> Commutation(2, 3).shape
(6, 6)
"""
from __future__ import annotations

from .expr import Expr
from .schema import dim, name

__all__ = ["MatrixSymbol", "Identity", "ZeroMatrix", "Ones", "Commutation"]


class MatrixSymbol(Expr):
    """A named m×n matrix; dims are ints or SymPy expressions.

    >>> import kronsym as ks
    >>> m, n = ks.dims("m n")
    >>> A = ks.MatrixSymbol("A", m, n)
    >>> A.shape, A.name
    ((m, n), 'A')
    >>> ks.MatrixSymbol("A", m, n) is A
    True
    """
    __slots__ = ()
    _is_symbol_leaf = True
    schema = (name("name",
                   what="MatrixSymbol(name, rows, cols): name (an identifier like 'A' or 'X_1')"),
              dim("rows", what="MatrixSymbol: rows of {name}"),
              dim("cols", what="MatrixSymbol: columns of {name}"))

    @classmethod
    def _shape(cls, params, children):
        return params[1], params[2]

    @property
    def name(self) -> str:
        return self._params[0]


class Identity(Expr):
    """The n×n identity matrix I_n.

    >>> import kronsym as ks
    >>> ks.I(3).shape
    (3, 3)
    """
    __slots__ = ()
    schema = (dim("n", what="size of I"),)

    @classmethod
    def _shape(cls, params, children):
        return params[0], params[0]


class ZeroMatrix(Expr):
    """The m×n zero matrix.

    >>> import kronsym as ks
    >>> ks.zeros(2, 3).shape
    (2, 3)
    """
    __slots__ = ()
    schema = (dim("rows", what="rows of zeros"), dim("cols", what="columns of zeros"))

    @classmethod
    def _shape(cls, params, children):
        return params[0], params[1]


class Ones(Expr):
    """The m×n matrix of ones (1_n for a column).

    >>> import kronsym as ks
    >>> ks.ones(4, 1).shape
    (4, 1)
    """
    __slots__ = ()
    schema = (dim("rows", what="rows of ones"), dim("cols", what="columns of ones"))

    @classmethod
    def _shape(cls, params, children):
        return params[0], params[1]


class Commutation(Expr):
    """The commutation matrix K_{m,n} (mn×mn): ``K(m, n) @ vec(A) == vec(A.T)`` for m×n A.

    >>> import kronsym as ks
    >>> m, n = ks.dims("m n")
    >>> ks.K(m, n).shape
    (m*n, m*n)
    """
    __slots__ = ()
    schema = (dim("m", what="first index of K"), dim("n", what="second index of K"))

    @classmethod
    def _shape(cls, params, children):
        d = params[0] * params[1]
        return d, d
