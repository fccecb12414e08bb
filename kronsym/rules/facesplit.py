"""Face-splitting and Khatri–Rao rules: transposes, mixed products, vectors.

Family ``facesplit``. The face-splitting (row-wise Kronecker) product A • B
(A m×n, B m×p; row i is A[i,:] ⊗ B[i,:]) is the transpose-dual of the
Khatri–Rao (column-wise Kronecker) product A ⊙ B: (A • B)ᵀ = Aᵀ ⊙ Bᵀ.
Canonical direction: transposes are pushed to the leaves through both (so a
transposed Khatri–Rao product is written as a face-splitting product and
vice versa), and mixed products with ⊗ and ⊙ are merged, like the Kronecker
mixed product. Sources: seed 002 ('Related matrix operations': Khatri–Rao
and face-splitting products); V. I. Slyusar, "End products in matrices in
radar applications" (1997) and "A family of face products of matrices"
(1999) for the face-splitting identities; Liu, "Matrix results on the
Khatri–Rao and Tracy–Singh products" (Linear Algebra Appl. 289, 1999) for
(A ⊗ B)(C ⊙ D) = AC ⊙ BD.
"""
from __future__ import annotations

from .. import nodes as N
from ..dims import dims_equal
from . import rule
from ._util import first_pair


def _T(x):
    return x.children[0] if isinstance(x, N.Transpose) else N.Transpose(x)


def _eq(a, b) -> bool:
    return dims_equal(a, b) is True


def _split_kron(k, left, right, axis=0):
    """(C, D) with C ⊗ D = k, C having ``left`` and D ``right`` rows (``axis=0``) or
    columns (``axis=1``) — a Kronecker product of several factors is split between
    them — or None."""
    fs = k.children
    for i in range(1, len(fs)):
        c = fs[0] if i == 1 else N.Kron(*fs[:i])
        d = fs[i] if i == len(fs) - 1 else N.Kron(*fs[i:])
        if _eq(c.shape[axis], left) and _eq(d.shape[axis], right):
            return c, d
    return None


# -- transposes ---------------------------------------------------------------------
@rule("facesplit", N.Transpose)
def transpose_of_face_split(e):
    """(A • B)ᵀ = Aᵀ ⊙ Bᵀ  [row i of A • B is column i of Aᵀ ⊙ Bᵀ; seed 002, face-splitting product]"""
    x = e.children[0]
    if isinstance(x, N.FaceSplit):
        a, b = x.children
        return N.KhatriRao(_T(a), _T(b))
    return None


@rule("facesplit", N.Transpose)
def transpose_of_khatri_rao(e):
    """(A ⊙ B)ᵀ = Aᵀ • Bᵀ  [column j of A ⊙ B is row j of Aᵀ • Bᵀ; seed 002]"""
    x = e.children[0]
    if isinstance(x, N.KhatriRao):
        a, b = x.children
        return N.FaceSplit(_T(a), _T(b))
    return None


# -- vectors --------------------------------------------------------------------------
@rule("facesplit", N.FaceSplit)
def face_split_of_rows(e):
    """a • b = a ⊗ b for rows a (1×n), b (1×p)  [one row: face-splitting is Kronecker; seed 002]"""
    a, b = e.children
    if _eq(a.rows, 1):
        return N.Kron(a, b)
    return None


@rule("facesplit", N.FaceSplit)
def face_split_of_columns(e):
    """a • b = a ∘ b for columns a, b (m×1)  [row i is a_i ⊗ b_i = a_i b_i; Slyusar 1999]"""
    a, b = e.children
    if _eq(a.cols, 1) and _eq(b.cols, 1):
        return N.Hadamard(a, b)
    return None


@rule("facesplit", N.KhatriRao)
def khatri_rao_of_rows(e):
    """a ⊙ b = a ∘ b for rows a, b (1×n)  [column j is a_j ⊗ b_j = a_j b_j; seed 002]"""
    a, b = e.children
    if _eq(a.rows, 1) and _eq(b.rows, 1):
        return N.Hadamard(a, b)
    return None


# (scalars and zero factors of • are handled by basic.scalar_out_of_product / zero_factor)


# -- mixed products -------------------------------------------------------------------
@rule("facesplit", N.MatMul)
def face_split_mixed_product(e):
    """(A • B)(C ⊗ D) = (AC) • (BD) when AC and BD conform  [Slyusar 1997; seed 002]"""
    def fn(f, k):
        if isinstance(f, N.FaceSplit) and isinstance(k, N.Kron):
            a, b = f.children
            cd = _split_kron(k, a.cols, b.cols)
            if cd is not None:
                return (N.FaceSplit(N.MatMul(a, cd[0]), N.MatMul(b, cd[1])),)
        return None
    return first_pair(e, fn)


@rule("facesplit", N.MatMul)
def face_split_times_khatri_rao(e):
    """(A • B)(C ⊙ D) = (AC) ∘ (BD) when AC and BD conform  [Slyusar 1999; seed 002]"""
    def fn(f, k):
        if isinstance(f, N.FaceSplit) and isinstance(k, N.KhatriRao):
            (a, b), (c, d) = f.children, k.children
            if _eq(a.cols, c.rows) and _eq(b.cols, d.rows):
                return (N.Hadamard(N.MatMul(a, c), N.MatMul(b, d)),)
        return None
    return first_pair(e, fn)


@rule("facesplit", N.MatMul)
def khatri_rao_mixed_product(e):
    """(A ⊗ B)(C ⊙ D) = (AC) ⊙ (BD) when AC and BD conform  [Liu 1999, Khatri–Rao mixed product]"""
    def fn(k, f):
        if isinstance(k, N.Kron) and isinstance(f, N.KhatriRao):
            c, d = f.children
            ab = _split_kron(k, c.rows, d.rows, axis=1)
            if ab is not None:
                return (N.KhatriRao(N.MatMul(ab[0], c), N.MatMul(ab[1], d)),)
        return None
    return first_pair(e, fn)
