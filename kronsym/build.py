"""Constructors: check shapes, never rewrite.

Owns: the public constructors (``kron``, ``vec``, ``K``, ``inv`` ...). The
bodies of the Python operators (``@ + - * / ** .T``) and the flat constructors
they build with (``matmul``, ``add``, ``scalar``, re-exported here) are in
:mod:`kronsym.nodes.operators`. Nothing here patches ``Expr``.

Contract: every function here validates its operands (kronsym expressions
where matrices are expected, numbers or SymPy scalars where scalars are
expected) and builds exactly the node asked for. The only structural
convenience is that n-ary nodes are built flat: ``(A @ B) @ C`` is one
product of three factors, likewise for ``+`` and ``kron``. Nothing is
simplified: ``A + 0*A`` stays as written; use :func:`kronsym.simplify`. (Negating
a numeric multiple negates its coefficient: ``A - 2*B`` is A + (−2)·B, which is
also how it prints.)
"""
from __future__ import annotations

import sympy

from . import nodes as N
from .nodes.operators import _expr, _flat, add, matmul, scalar

__all__ = ["transpose", "kron", "vec", "unvec", "K", "I", "zeros", "ones", "inv",
           "trace", "det", "logdet", "log", "exp", "sqrt", "hadamard", "khatri_rao",
           "kron_sum", "diag", "scalar", "matmul", "add",   # the last three: nodes/operators.py
           "symmetric", "D", "L", "Nsym", "vech"]
__all__ += ["face_split", "tracy_singh", "vecr"]


# --- public constructors -----------------------------------------------------------
def transpose(A: N.Expr) -> N.Expr:
    """Aᵀ (same as ``A.T``).

    >>> import kronsym as ks
    >>> m, n = ks.dims("m n")
    >>> ks.transpose(ks.MatrixSymbol("A", m, n)).shape
    (n, m)
    """
    return N.Transpose(_expr(A, "transpose"))


def kron(*factors: N.Expr) -> N.Expr:
    """Kronecker product A ⊗ B ⊗ ... (n-ary; nested kron is built flat).

    >>> import kronsym as ks
    >>> m, n, p, q = ks.dims("m n p q")
    >>> A, B = ks.MatrixSymbol("A", m, n), ks.MatrixSymbol("B", p, q)
    >>> ks.kron(A, B).shape
    (m*p, n*q)
    """
    if len(factors) == 1 and isinstance(factors[0], (list, tuple)):
        factors = tuple(factors[0])
    fs = [_expr(f, "kron", f"factor {i + 1}") for i, f in enumerate(factors)]
    if not fs:
        raise TypeError("kron() needs at least one factor")
    if len(fs) == 1:
        return fs[0]
    return N.Kron(*_flat(N.Kron, fs))


def vec(A: N.Expr) -> N.Expr:
    """vec(A): the columns of A stacked into one column (column-major).

    >>> import kronsym as ks
    >>> m, n = ks.dims("m n")
    >>> ks.vec(ks.MatrixSymbol("A", m, n)).shape
    (m*n, 1)
    """
    return N.Vec(_expr(A, "vec"))


def unvec(v: N.Expr, m: int | sympy.Expr, n: int | sympy.Expr) -> N.Expr:
    """The m×n matrix whose vec is v (inverse of :func:`vec`).

    >>> import kronsym as ks
    >>> m, n = ks.dims("m n")
    >>> ks.unvec(ks.vec(ks.MatrixSymbol("A", m, n)), m, n).shape
    (m, n)
    """
    return N.Unvec(_expr(v, "unvec", "v"), m, n)


def K(m: int | sympy.Expr, n: int | sympy.Expr) -> N.Expr:
    """The commutation matrix K_{m,n}: ``K(m, n) @ vec(A) == vec(A.T)`` for m×n A.

    >>> import kronsym as ks
    >>> ks.K(2, 3).shape
    (6, 6)
    """
    return N.Commutation(m, n)


def I(n: int | sympy.Expr) -> N.Expr:  # noqa: E743 - the conventional name
    """The n×n identity matrix.

    >>> import kronsym as ks
    >>> n, = ks.dims("n")
    >>> ks.I(n).shape
    (n, n)
    """
    return N.Identity(n)


def zeros(m: int | sympy.Expr, n: int | sympy.Expr) -> N.Expr:
    """The m×n zero matrix.

    >>> import kronsym as ks
    >>> ks.zeros(2, 3).shape
    (2, 3)
    """
    return N.ZeroMatrix(m, n)


def ones(m: int | sympy.Expr, n: int | sympy.Expr | None = None) -> N.Expr:
    """The m×n matrix of ones; ``ones(n)`` is the n×1 vector of ones.

    >>> import kronsym as ks
    >>> ks.ones(3, 2).shape, ks.ones(3).shape
    ((3, 2), (3, 1))
    """
    return N.Ones(m, 1 if n is None else n)


def inv(A: N.Expr) -> N.Expr:
    """A⁻¹ (A must be square).

    >>> import kronsym as ks
    >>> n, = ks.dims("n")
    >>> ks.inv(ks.MatrixSymbol("X", n, n)).shape
    (n, n)
    """
    return N.Inverse(_expr(A, "inv"))


def trace(A: N.Expr) -> N.Expr:
    """tr(A), a 1×1 expression (A must be square).

    >>> import kronsym as ks
    >>> n, = ks.dims("n")
    >>> ks.trace(ks.MatrixSymbol("X", n, n)).shape
    (1, 1)
    """
    return N.Trace(_expr(A, "trace"))


def det(A: N.Expr) -> N.Expr:
    """det(A), a 1×1 expression (A must be square).

    >>> import kronsym as ks
    >>> ks.det(ks.MatrixSymbol("X", 3, 3)).shape
    (1, 1)
    """
    return N.Det(_expr(A, "det"))


def logdet(A: N.Expr) -> N.Expr:
    """log det(A), a 1×1 expression (A must be square).

    >>> import kronsym as ks
    >>> ks.logdet(ks.MatrixSymbol("X", 3, 3)).shape
    (1, 1)
    """
    return N.LogDet(_expr(A, "logdet"))




def hadamard(*factors: N.Expr) -> N.Expr:
    """Elementwise product A ∘ B ∘ ... of matrices of one shape.

    >>> import kronsym as ks
    >>> m, n = ks.dims("m n")
    >>> A, B = ks.MatrixSymbol("A", m, n), ks.MatrixSymbol("B", m, n)
    >>> str(ks.hadamard(A, B))
    'A ∘ B'
    """
    fs = [_expr(f, "hadamard", f"factor {i + 1}") for i, f in enumerate(factors)]
    if len(fs) < 2:
        if len(fs) == 1:
            return fs[0]
        raise TypeError("hadamard() needs at least one factor")
    return N.Hadamard(*_flat(N.Hadamard, fs))


def khatri_rao(*factors: N.Expr) -> N.Expr:
    """Column-wise Kronecker product A ⊙ B (A m×n, B p×n give mp×n); folds left.

    >>> import kronsym as ks
    >>> m, n, p = ks.dims("m n p")
    >>> ks.khatri_rao(ks.MatrixSymbol("A", m, n), ks.MatrixSymbol("B", p, n)).shape
    (m*p, n)
    """
    fs = [_expr(f, "khatri_rao", f"factor {i + 1}") for i, f in enumerate(factors)]
    if not fs:
        raise TypeError("khatri_rao() needs at least one factor")
    out = fs[0]
    for f in fs[1:]:
        out = N.KhatriRao(out, f)
    return out


def kron_sum(A: N.Expr, B: N.Expr) -> N.Expr:
    """Kronecker sum A ⊕ B = A ⊗ I_n + I_m ⊗ B (A m×m, B n×n).

    >>> import kronsym as ks
    >>> m, n = ks.dims("m n")
    >>> ks.kron_sum(ks.MatrixSymbol("A", m, m), ks.MatrixSymbol("B", n, n)).shape
    (m*n, m*n)
    """
    return N.KronSum(_expr(A, "kron_sum", "A"), _expr(B, "kron_sum", "B"))


def diag(v: N.Expr) -> N.Expr:
    """numpy's two-way rule: an n×1 column v gives the n×n diagonal matrix diag(v); a
    square n×n matrix gives its diagonal as an n×1 column (a 1×1 operand: the 1×1
    diagonal matrix, the same value). A shape that is neither, or cannot be decided to be
    one (m×n with m, n unrelated symbols), is a ShapeError.

    >>> import kronsym as ks
    >>> n, = ks.dims("n")
    >>> ks.diag(ks.MatrixSymbol("v", n, 1)).shape, ks.diag(ks.MatrixSymbol("X", n, n)).shape
    ((n, n), (n, 1))
    """
    from .nodes.reductions import diag_of
    return diag_of(_expr(v, "diag", "v"))


# --- symmetric matrices (Magnus & Neudecker ch. 3 §8) ----------------------------------
def symmetric(name: str, n: int | sympy.Expr) -> N.Expr:
    """A symmetric n×n matrix symbol S = Sᵀ (a :class:`~kronsym.nodes.SymmetricSymbol`).

    >>> import kronsym as ks
    >>> n, = ks.dims("n")
    >>> S = ks.symmetric("S", n)
    >>> S.shape, str(ks.simplify(S.T))
    ((n, n), 'S')
    """
    return N.SymmetricSymbol(name, n)


def D(n: int | sympy.Expr) -> N.Expr:
    """The duplication matrix D_n (n²×n(n+1)/2): ``D(n) @ vech(S) == vec(S)`` for symmetric S.

    >>> import kronsym as ks
    >>> ks.D(3).shape
    (9, 6)
    """
    return N.Duplication(n)


def L(n: int | sympy.Expr) -> N.Expr:
    """The elimination matrix L_n (n(n+1)/2×n²): ``L(n) @ vec(A) == vech(A)`` for every A.

    >>> import kronsym as ks
    >>> ks.L(3).shape
    (6, 9)
    """
    return N.Elimination(n)


def Nsym(n: int | sympy.Expr) -> N.Expr:
    """The symmetrizer N_n = (I_{n²} + K_{n,n})/2: ``Nsym(n) @ vec(A) == vec((A + A.T)/2)``.

    >>> import kronsym as ks
    >>> n, = ks.dims("n")
    >>> ks.Nsym(n).shape
    (n**2, n**2)
    """
    return N.Symmetrizer(n)


def vech(A: N.Expr) -> N.Expr:
    """vech(A): the lower triangle of the square A, column by column, n(n+1)/2×1.

    >>> import kronsym as ks
    >>> n, = ks.dims("n")
    >>> ks.vech(ks.MatrixSymbol("A", n, n)).shape
    (n*(n + 1)/2, 1)
    """
    return N.Vech(_expr(A, "vech"))
# --- partitioned products and row-major vec (seed 002) --------------------------------
def face_split(*factors: N.Expr) -> N.Expr:
    """Face-splitting (row-wise Kronecker) product A • B: row i is A[i,:] ⊗ B[i,:]
    (A m×n, B m×p give m×np); folds left like :func:`khatri_rao`.

    >>> import kronsym as ks
    >>> m, n, p = ks.dims("m n p")
    >>> A, B = ks.MatrixSymbol("A", m, n), ks.MatrixSymbol("B", m, p)
    >>> e = ks.face_split(A, B)
    >>> str(e), e.shape
    ('A • B', (m, n*p))
    """
    fs = [_expr(f, "face_split", f"factor {i + 1}") for i, f in enumerate(factors)]
    if not fs:
        raise TypeError("face_split() needs at least one factor")
    out = fs[0]
    for f in fs[1:]:
        out = N.FaceSplit(out, f)
    return out


def tracy_singh(A: N.Expr, B: N.Expr, a_blocks: tuple = (1, 1),
                b_blocks: tuple = (1, 1)) -> N.Expr:
    """Tracy–Singh product of partitioned matrices.

    ``a_blocks=(ra, ca)``: A is a uniform ra×ca grid of blocks A_ij (each of size
    rows(A)/ra × cols(A)/ca, which must divide); likewise ``b_blocks`` for B. The
    result is the ra×ca grid whose (i, j) block is the rb×cb grid of blocks
    A_ij ⊗ B_kl. With 1×1 grids it is A ⊗ B. Its canonical form (``ks.simplify``)
    is the permuted Kronecker product (I_ra ⊗ K_{rb,pa} ⊗ I_pb)(A ⊗ B)(I_ca ⊗ K_{qa,cb} ⊗ I_qb)
    for blocks of A pa×qa and of B pb×qb.

    >>> import kronsym as ks
    >>> A, B = ks.MatrixSymbol("A", 4, 4), ks.MatrixSymbol("B", 2, 6)
    >>> e = ks.tracy_singh(A, B, a_blocks=(2, 2), b_blocks=(1, 3))
    >>> str(e), e.shape
    ('tracy_singh(A, B, 2, 2, 1, 3)', (8, 24))
    """
    return N.TracySingh(_expr(A, "tracy_singh", "A"), _expr(B, "tracy_singh", "B"),
                        a_blocks, b_blocks)


def vecr(A: N.Expr) -> N.Expr:
    """vec_r(A): the rows of A stacked into one column (row-major, numpy ``order="C"``);
    vec_r(A) = vec(Aᵀ).

    >>> import kronsym as ks
    >>> m, n = ks.dims("m n")
    >>> ks.vecr(ks.MatrixSymbol("A", m, n)).shape
    (m*n, 1)
    """
    return N.Vecr(_expr(A, "vecr"))


# the reductions (sum, norms, logsumexp, softmax, matrix power) live in build_reductions
from .build_reductions import (sum, norm, norm2, norm1, logsumexp, softmax,  # noqa: E402
                               matrix_power)
__all__ += ["sum", "norm", "norm2", "norm1", "logsumexp", "softmax", "matrix_power"]


# the entrywise functions (exp, log, sqrt, ..., power) live in build_entrywise; these are
# re-exported here for the callers of build's historical log/exp/sqrt
from .build_entrywise import log, exp, sqrt, power  # noqa: E402
__all__ += ["power"]
