"""Structured node types: symmetric matrices (S, D_n, L_n, N_n, vech; Magnus &
Neudecker, *Matrix Differential Calculus*, ch. 3 §8), the face-splitting and
Tracy–Singh products of partitioned matrices, and the row-major vec.

Owns: SymmetricSymbol, Duplication, Elimination, Symmetrizer, Vech, FaceSplit,
TracySingh (and ``tracy_singh_blocks``), Vecr.

Contract: each class declares its fields in ``schema``; SymmetricSymbol
(constructor ``(name, n)``, fields ``(name, rows, cols)``) and TracySingh
(constructor ``(a, b, a_blocks, b_blocks)``) override ``_from_args`` /
``_to_args``; constructors validate and never rewrite.

>>> from kronsym.nodes.structured import Duplication
>>> Duplication(2).shape
(4, 3)
"""
from __future__ import annotations

from ..errors import ShapeError
from .checks import ONE, _block_size, _require_dims, _require_square, half, operand_text
from .expr import Expr
from .leaves import MatrixSymbol
from .schema import child, dim, name

__all__ = ["SymmetricSymbol", "Duplication", "Elimination", "Symmetrizer", "Vech",
           "FaceSplit", "TracySingh", "Vecr", "tracy_singh_blocks", "SYMMETRIC_NODE_TYPES",
           "PRODUCT_NODE_TYPES"]


class SymmetricSymbol(MatrixSymbol):
    """A named symmetric n×n matrix S = Sᵀ (a MatrixSymbol: every place that takes a
    symbol takes it). Its values must be symmetric; ``ks.diff(F, S)`` differentiates
    with respect to the free entries vech S (see docs/conventions.md).

    >>> import kronsym as ks
    >>> n, = ks.dims("n")
    >>> S = ks.symmetric("S", n)
    >>> S.shape, isinstance(S, ks.MatrixSymbol), S is ks.MatrixSymbol("S", n, n)
    ((n, n), True, False)
    """
    __slots__ = ()
    schema = (name("name", what="symmetric(name, n): name (an identifier like 'S' or 'Sigma')"),
              dim("rows", what="size of the symmetric {name}"),
              dim("cols", what="size of the symmetric {name}"))

    @classmethod
    def _from_args(cls, name: str, n) -> tuple:
        return name, n, n

    @classmethod
    def _to_args(cls, params: tuple, children: tuple) -> tuple:
        name, rows, cols = params
        if rows != cols:
            raise ShapeError(f"symmetric({name}, ...): a symmetric matrix is square, but its "
                             f"rows ({rows}) and columns ({cols}) differ")
        return name, rows


class Duplication(Expr):
    """The duplication matrix D_n, n²×n(n+1)/2: ``D(n) @ vech(A) == vec(A)`` for symmetric A.

    >>> import kronsym as ks
    >>> n, = ks.dims("n")
    >>> ks.D(n).shape
    (n**2, n*(n + 1)/2)
    """
    __slots__ = ()
    schema = (dim("n", what="size of D"),)

    @classmethod
    def _shape(cls, params, children):
        n = params[0]
        return n * n, half(n)


class Elimination(Expr):
    """The elimination matrix L_n, n(n+1)/2×n²: ``L(n) @ vec(A) == vech(A)`` for every n×n A.

    >>> import kronsym as ks
    >>> ks.L(3).shape
    (6, 9)
    """
    __slots__ = ()
    schema = (dim("n", what="size of L"),)

    @classmethod
    def _shape(cls, params, children):
        n = params[0]
        return half(n), n * n


class Symmetrizer(Expr):
    """The symmetrizer N_n = (I_{n²} + K_{n,n})/2, n²×n²: ``N_n vec A = vec((A + Aᵀ)/2)``.

    >>> import kronsym as ks
    >>> ks.Nsym(2).shape
    (4, 4)
    """
    __slots__ = ()
    schema = (dim("n", what="size of Nsym"),)

    @classmethod
    def _shape(cls, params, children):
        n = params[0]
        return n * n, n * n


class Vech(Expr):
    """vech(A): the lower triangle of a square n×n A stacked column by column, n(n+1)/2×1."""
    __slots__ = ()
    schema = (child("a"),)

    @classmethod
    def _shape(cls, params, children):
        _require_square("vech", children[0])
        return half(children[0].shape[0]), ONE


#: the symmetric-matrix node types. SymmetricSymbol is a MatrixSymbol (a subclass, not a
#: new kind of node): it is not in NODE_TYPES, and the tables keyed by type that hold
#: MatrixSymbol (printers, explicit) hold it too.
SYMMETRIC_NODE_TYPES = (Duplication, Elimination, Symmetrizer, Vech)


# ---------------------------------------------------------------------------
# Products of partitioned matrices and row-major vec (seed 002, 'Related
# matrix operations' and 'Matrix equations': row-ordered vec)
# ---------------------------------------------------------------------------
class FaceSplit(Expr):
    """Face-splitting (row-wise Kronecker) product A • B: row i is A[i,:] ⊗ B[i,:];
    A m×n, B m×p give m×np. (A • B)ᵀ = Aᵀ ⊙ Bᵀ.

    >>> import kronsym as ks
    >>> m, n, p = ks.dims("m n p")
    >>> ks.face_split(ks.MatrixSymbol("A", m, n), ks.MatrixSymbol("B", m, p)).shape
    (m, n*p)
    """
    __slots__ = ()
    schema = (child("a"), child("b"))

    @classmethod
    def _shape(cls, params, children):
        a, b = children
        _require_dims(a.shape[0], b.shape[0], "face-splitting product {pA} • {pB}", (a, b),
                      "rows of {A}", "rows of {B}")
        return a.shape[0], a.shape[1] * b.shape[1]


def tracy_singh_blocks(node: "Expr"):
    """(ra, pa, ca, qa, rb, pb, cb, qb) of a Tracy–Singh node: A is an ra×ca grid of
    pa×qa blocks, B an rb×cb grid of pb×qb blocks."""
    a, b = node.children
    ra, ca, rb, cb = node.params
    op = "Tracy–Singh product"
    return (ra, _block_size(a.shape[0], ra, op, a, "rows of " + operand_text(a)),
            ca, _block_size(a.shape[1], ca, op, a, "columns of " + operand_text(a)),
            rb, _block_size(b.shape[0], rb, op, b, "rows of " + operand_text(b)),
            cb, _block_size(b.shape[1], cb, op, b, "columns of " + operand_text(b)))


class TracySingh(Expr):
    """Tracy–Singh product of partitioned matrices: A is an ra×ca grid of pa×qa blocks
    A_ij, B an rb×cb grid of pb×qb blocks B_kl; the result is the ra×ca grid whose (i, j)
    block is the rb×cb grid of blocks A_ij ⊗ B_kl (shape ra·rb·pa·pb × ca·cb·qa·qb).
    ``params`` = (ra, ca, rb, cb), the numbers of block rows and columns.

    >>> import kronsym as ks
    >>> r, c, p, q = ks.dims("r c p q")
    >>> A = ks.MatrixSymbol("A", r * p, c * q)
    >>> ks.tracy_singh(A, A, a_blocks=(r, c), b_blocks=(r, c)).shape
    (p**2*r**2, c**2*q**2)
    """
    __slots__ = ()
    schema = (child("a"), child("b"),
              dim("ra", what="block rows of a_blocks"), dim("ca", what="block columns of a_blocks"),
              dim("rb", what="block rows of b_blocks"), dim("cb", what="block columns of b_blocks"))

    @classmethod
    def _from_args(cls, a, b, a_blocks, b_blocks) -> tuple:
        for blocks, who in ((a_blocks, "a_blocks"), (b_blocks, "b_blocks")):
            if not isinstance(blocks, (tuple, list)) or len(blocks) != 2:
                raise TypeError(f"tracy_singh: {who} must be (block rows, block columns), got "
                                f"{blocks!r}")
        return (a, b) + tuple(a_blocks) + tuple(b_blocks)

    @classmethod
    def _to_args(cls, params: tuple, children: tuple) -> tuple:
        return children[0], children[1], params[:2], params[2:]

    @classmethod
    def _shape(cls, params, children):
        a, b = children
        ra, ca, rb, cb = params
        op = "Tracy–Singh product"
        _block_size(a.shape[0], ra, op, a, "rows of " + operand_text(a))
        _block_size(a.shape[1], ca, op, a, "columns of " + operand_text(a))
        _block_size(b.shape[0], rb, op, b, "rows of " + operand_text(b))
        _block_size(b.shape[1], cb, op, b, "columns of " + operand_text(b))
        return a.shape[0] * b.shape[0], a.shape[1] * b.shape[1]


class Vecr(Expr):
    """vec_r(A): the rows of A stacked (row-major, numpy ``order="C"``), (mn)×1;
    vec_r(A) = vec(Aᵀ)."""
    __slots__ = ()
    schema = (child("a"),)

    @classmethod
    def _shape(cls, params, children):
        r, c = children[0].shape
        return r * c, ONE


#: the partitioned-product and row-vec node types
PRODUCT_NODE_TYPES = (FaceSplit, TracySingh, Vecr)
