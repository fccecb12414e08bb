"""Commutation-matrix rules.

Family ``commutation``. K_{m,n} is the mn×mn permutation with
K_{m,n} vec A = vec Aᵀ for m×n A (the paper's T_{m,n}, eq. (4)).
Sources: Magnus & Neudecker ch. 3 (the commutation matrix); the paper, eq. (4).
"""
from __future__ import annotations

from .. import nodes as N
from ..dims import dims_equal
from . import rule


@rule("commutation", N.MatMul)
def commutation_inverse_pair(e):
    """K_{m,n} K_{n,m} = I_{mn}  [K_{n,m} = K_{m,n}ᵀ = K_{m,n}⁻¹; M&N ch. 3]"""
    kids = e.children
    for i in range(len(kids) - 1):
        a, b = kids[i], kids[i + 1]
        if isinstance(a, N.Commutation) and isinstance(b, N.Commutation):
            (m, n), (r, s) = a.params, b.params
            if dims_equal(m, s) is True and dims_equal(n, r) is True:
                rest = kids[:i] + kids[i + 2:]
                if not rest:
                    return N.Identity(e.rows)
                return rest[0] if len(rest) == 1 else N.MatMul(*rest)
    return None


@rule("commutation", N.MatMul)
def commutation_times_vec(e):
    """K_{m,n} vec A = vec Aᵀ for A m×n  [the paper, eq. (4)]"""
    kids = e.children
    for i in range(len(kids) - 1):
        a, b = kids[i], kids[i + 1]
        if isinstance(a, N.Commutation) and isinstance(b, N.Vec):
            inner = b.children[0]
            m, n = a.params
            if dims_equal(inner.rows, m) is True and dims_equal(inner.cols, n) is True:
                new = N.Vec(N.Transpose(inner))
                rest = kids[:i] + (new,) + kids[i + 2:]
                return rest[0] if len(rest) == 1 else N.MatMul(*rest)
    return None


@rule("commutation", N.MatMul)
def commutation_through_kron(e):
    """K_{p,m} (A ⊗ B) = (B ⊗ A) K_{q,n} for A m×n, B p×q  [from K_{p,m}(A ⊗ B)K_{n,q} = B ⊗ A; M&N ch. 3]"""
    kids = e.children
    for i in range(len(kids) - 1):
        k, x = kids[i], kids[i + 1]
        if isinstance(k, N.Commutation) and isinstance(x, N.Kron) and len(x.children) == 2:
            a, b = x.children
            p_, m_ = k.params
            if dims_equal(p_, b.rows) is True and dims_equal(m_, a.rows) is True:
                new = (N.Kron(b, a), N.Commutation(b.cols, a.cols))
                rest = kids[:i] + new + kids[i + 2:]
                return N.MatMul(*rest)
    return None
