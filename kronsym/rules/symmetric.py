"""Symmetric-matrix rules: symmetric symbols, D_n, L_n, N_n and vech.

Families ``symmetric`` and ``symmetrizer`` (the fold of I + K into 2N, applied by
``ks.simplify`` only). D_n is the duplication matrix (D_n vech A = vec A for
symmetric A), L_n the elimination matrix (L_n vec A = vech A for every A),
N_n = (I_{n²} + K_{n,n})/2 the symmetrizer. Canonical form: N_n stays a leaf
(a sum c·I_{n²} + c·K_{n,n} is folded into 2c·N_n, so both spellings share one
canonical form), N_n moves right through A ⊗ A (like K_{n,n}), and a transpose
of a symmetric leaf disappears.

Sources: the seed documents do not treat vech; the identities are from
Magnus & Neudecker, *Matrix Differential Calculus* (3rd ed.), ch. 3 §§7-8
(the commutation matrix, the symmetrizer N_n, the duplication matrix D_n
and D_n⁺ = (D_nᵀD_n)⁻¹D_nᵀ) and Magnus & Neudecker (1980), "The elimination
matrix: some lemmas and applications", SIAM J. Algebraic Discrete Methods 1(4).
Seed 001's vec(xxᵀ) = x ⊗ x is the symmetric case N_n (x ⊗ x) = x ⊗ x.
"""
from __future__ import annotations

from .. import nodes as N
from ..dims import dims_equal
from . import rule
from ._util import first_pair as _pairs, scaled, splice, split_coeff, zero_like


def _same(a, b) -> bool:
    return dims_equal(a, b) is True


def _is_symmetric(e) -> bool:
    """A leaf known to be symmetric: S (ks.symmetric), S⁻¹, N_n, I (one level, no recursion)."""
    if isinstance(e, (N.SymmetricSymbol, N.Symmetrizer, N.Identity)):
        return True
    return isinstance(e, N.Inverse) and isinstance(e.children[0], N.SymmetricSymbol)


def _is(e, cls, n=None) -> bool:
    return isinstance(e, cls) and (n is None or _same(e.params[0], n))


def _is_t(e, cls, n=None) -> bool:
    return isinstance(e, N.Transpose) and _is(e.children[0], cls, n)


def _is_square_k(e, n=None) -> bool:
    """K_{n,n} (with both indices equal, and equal to n when given)."""
    return isinstance(e, N.Commutation) and _same(e.params[0], e.params[1]) and (
        n is None or _same(e.params[0], n))


# --- transposes ------------------------------------------------------------------------
@rule("symmetric", N.Transpose)
def transpose_of_symmetric(e):
    """Sᵀ = S for S symmetric (ks.symmetric), (S⁻¹)ᵀ = S⁻¹, N_nᵀ = N_n  [definition; M&N ch. 3 §7]"""
    x = e.children[0]
    return x if _is_symmetric(x) else None


# --- products with D_n, L_n, N_n ------------------------------------------------------------
@rule("symmetric", N.MatMul)
def elimination_times_duplication(e):
    """L_n D_n = I_{n(n+1)/2}  [Magnus & Neudecker (1980), the elimination matrix]"""
    def fn(a, b):
        if _is(a, N.Elimination) and _is(b, N.Duplication, a.params[0]):
            return (N.Identity(b.cols),)
        return None
    return _pairs(e, fn)


@rule("symmetric", N.MatMul)
def commutation_times_duplication(e):
    """K_{n,n} D_n = D_n, N_n D_n = D_n and D_nᵀ K_{n,n} = D_nᵀ N_n = D_nᵀ  [M&N ch. 3 §8]"""
    def fn(a, b):
        if _is(b, N.Duplication) and (_is_square_k(a, b.params[0]) or
                                      _is(a, N.Symmetrizer, b.params[0])):
            return (b,)
        if _is_t(a, N.Duplication) and (_is_square_k(b, a.children[0].params[0]) or
                                        _is(b, N.Symmetrizer, a.children[0].params[0])):
            return (a,)
        return None
    return _pairs(e, fn)


@rule("symmetric", N.MatMul)
def duplication_elimination_symmetrizer(e):
    """D_n L_n N_n = N_n  [M&N (1980): D_n L_n N_n = N_n]"""
    kids = e.children
    for i in range(len(kids) - 2):
        a, b, c = kids[i:i + 3]
        if _is(a, N.Duplication) and _is(b, N.Elimination, a.params[0]) and \
                _is(c, N.Symmetrizer, a.params[0]):
            return splice(e, i, 3, (c,))
    return None


@rule("symmetric", N.MatMul)
def symmetrizer_idempotent(e):
    """N_n N_n = N_n and N_n K_{n,n} = K_{n,n} N_n = N_n  [N_n = (I + K_{n,n})/2, K_{n,n}² = I; M&N ch. 3 §7]"""
    def fn(a, b):
        if _is(a, N.Symmetrizer) and (_is(b, N.Symmetrizer, a.params[0]) or
                                      _is_square_k(b, a.params[0])):
            return (a,)
        if _is(b, N.Symmetrizer) and _is_square_k(a, b.params[0]):
            return (b,)
        return None
    return _pairs(e, fn)


@rule("symmetric", N.MatMul)
def symmetrizer_through_kron(e):
    """N_m (A ⊗ A) = (A ⊗ A) N_n for A m×n  [from K_{m,m}(A ⊗ A) = (A ⊗ A)K_{n,n}; M&N ch. 3 §7]"""
    def fn(a, b):
        if _is(a, N.Symmetrizer) and isinstance(b, N.Kron) and len(b.children) == 2 and \
                b.children[0] is b.children[1] and _same(a.params[0], b.children[0].rows):
            return (b, N.Symmetrizer(b.children[0].cols))
        return None
    return _pairs(e, fn)


@rule("symmetric", N.MatMul)
def elimination_times_vec(e):
    """L_n vec A = vech A for every n×n A  [definition of L_n; M&N (1980)]"""
    def fn(a, b):
        if _is(a, N.Elimination) and isinstance(b, N.Vec) and \
                _same(b.children[0].rows, a.params[0]) and _same(b.children[0].cols, a.params[0]):
            return (N.Vech(b.children[0]),)
        return None
    return _pairs(e, fn)


@rule("symmetric", N.MatMul)
def duplication_times_vech(e):
    """D_n vech S = vec S for symmetric S  [definition of D_n; M&N ch. 3 §8]"""
    def fn(a, b):
        if _is(a, N.Duplication) and isinstance(b, N.Vech) and _is_symmetric(b.children[0]):
            return (N.Vec(b.children[0]),)
        return None
    return _pairs(e, fn)


@rule("symmetric", N.MatMul)
def duplication_pinv_times_vec(e):
    """(D_nᵀD_n)⁻¹ D_nᵀ vec S = D_n⁺ vec S = vech S for symmetric S  [M&N ch. 3 §8]"""
    kids = e.children
    for i in range(len(kids) - 2):
        a, b, c = kids[i:i + 3]
        if not (isinstance(a, N.Inverse) and isinstance(a.children[0], N.MatMul)):
            continue
        g = a.children[0].children
        if len(g) == 2 and _is_t(g[0], N.Duplication) and _is(g[1], N.Duplication) and \
                g[0].children[0] is g[1] and b is g[0] and isinstance(c, N.Vec) and \
                _is_symmetric(c.children[0]) and _same(c.children[0].rows, g[1].params[0]):
            return splice(e, i, 3, (N.Vech(c.children[0]),))
    return None


# --- sums: fold (I + K)/2 into N (family "symmetrizer": in ks.simplify, not in the light
# algebra of derivatives, so ks.diff(X + X.T, X) stays I + K for an unconstrained X) --------
@rule("symmetrizer", N.MatAdd)
def symmetrizer_from_sum(e):
    """c I_{n²} + c K_{n,n} = 2c N_n  [definition N_n = (I_{n²} + K_{n,n})/2; M&N ch. 3 §7]"""
    terms = list(e.children)
    split = [split_coeff(t) for t in terms]
    for i, (ci, ti) in enumerate(split):
        if not _is_square_k(ti):
            continue
        n = ti.params[0]
        for j, (cj, tj) in enumerate(split):
            if j != i and isinstance(tj, N.Identity) and _same(tj.params[0], n * n) and \
                    (ci - cj).expand() == 0:
                rest = [t for k, t in enumerate(terms) if k not in (i, j)]
                new = scaled(2 * ci, N.Symmetrizer(n))
                if not rest:
                    return new
                return N.MatAdd(new, *rest)
    return None


# --- vech is linear -------------------------------------------------------------------------
@rule("symmetric", N.Vech)
def vech_of_linear(e):
    """vech(c A) = c vech A, vech(A + B) = vech A + vech B, vech 0 = 0  [vech = L_n vec is linear]"""
    x = e.children[0]
    if isinstance(x, N.ScalarMul):
        return N.ScalarMul(x.coeff, N.Vech(x.children[0]))
    if isinstance(x, N.MatAdd):
        return N.MatAdd(*[N.Vech(t) for t in x.children])
    if isinstance(x, N.ZeroMatrix):
        return zero_like(e)
    return None


# --- n = 1 ---------------------------------------------------------------------------------
@rule("symmetric", N.Duplication, N.Elimination, N.Symmetrizer)
def halfvec_of_size_one(e):
    """D_1 = L_1 = N_1 = I_1  [a 1×1 matrix is its own vech]"""
    return N.Identity(1) if e.params[0] == 1 else None
