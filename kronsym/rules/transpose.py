"""Transpose rules: push transposes down to the leaves.

Family ``transpose``. Canonical direction: a transpose sits directly on a
symbol (or on an inverse of one: X^{-T}). Sources: Magnus & Neudecker,
*Matrix Differential Calculus*, ch. 1-2; the seed notes (001) for the
Kronecker transpose; the paper (000) eq. (4) for the commutation matrix.
"""
from __future__ import annotations

from .. import nodes as N
from . import rule


def _T(x):
    return N.Transpose(x)


@rule("transpose", N.Transpose)
def transpose_of_transpose(e):
    """(Aᵀ)ᵀ = A  [involution]"""
    x = e.children[0]
    return x.children[0] if isinstance(x, N.Transpose) else None


@rule("transpose", N.Transpose)
def transpose_of_product(e):
    """(A B ... Z)ᵀ = Zᵀ ... Bᵀ Aᵀ  [Magnus & Neudecker, ch. 1]"""
    x = e.children[0]
    if isinstance(x, N.MatMul):
        return N.MatMul(*[_T(f) for f in reversed(x.children)])
    return None


@rule("transpose", N.Transpose)
def transpose_of_sum(e):
    """(A + B)ᵀ = Aᵀ + Bᵀ  [linearity]"""
    x = e.children[0]
    if isinstance(x, N.MatAdd):
        return N.MatAdd(*[_T(t) for t in x.children])
    return None


@rule("transpose", N.Transpose)
def transpose_of_kron(e):
    """(A ⊗ B)ᵀ = Aᵀ ⊗ Bᵀ  [seed 001, 'Transpose']"""
    x = e.children[0]
    if isinstance(x, N.Kron):
        return N.Kron(*[_T(f) for f in x.children])
    return None


@rule("transpose", N.Transpose)
def transpose_of_hadamard(e):
    """(A ∘ B)ᵀ = Aᵀ ∘ Bᵀ  [elementwise]"""
    x = e.children[0]
    if isinstance(x, N.Hadamard):
        return N.Hadamard(*[_T(f) for f in x.children])
    return None


@rule("transpose", N.Transpose)
def transpose_of_kron_sum(e):
    """(A ⊕ B)ᵀ = Aᵀ ⊕ Bᵀ  [A ⊕ B = A ⊗ I + I ⊗ B]"""
    x = e.children[0]
    if isinstance(x, N.KronSum):
        return N.KronSum(_T(x.children[0]), _T(x.children[1]))
    return None


@rule("transpose", N.Transpose)
def transpose_of_scale(e):
    """(s A)ᵀ = s Aᵀ for a 1×1 s  [linearity]"""
    x = e.children[0]
    if isinstance(x, N.Scale):
        return N.Scale(x.children[0], _T(x.children[1]))
    return None


@rule("transpose", N.Transpose)
def transpose_of_constant(e):
    """I_nᵀ = I_n, 0ᵀ = 0, 1ᵀ = 1, diag(v)ᵀ = diag(v), K_{m,n}ᵀ = K_{n,m}, sᵀ = s (1×1)  [definitions; K: paper eq. (4)]"""
    x = e.children[0]
    if isinstance(x, (N.Identity, N.Diag)):
        return x
    if isinstance(x, N.ZeroMatrix):
        return N.ZeroMatrix(x.cols, x.rows)
    if isinstance(x, N.Ones):
        return N.Ones(x.cols, x.rows)
    if isinstance(x, N.Commutation):
        m, n = x.params
        return N.Commutation(n, m)
    if x.is_scalar:
        return x
    return None


@rule("transpose", N.Commutation)
def commutation_unit(e):
    """K_{1,n} = K_{n,1} = I_n  [vec of a row or a column is its transpose's vec]"""
    m, n = e.params
    if m == 1:
        return N.Identity(n)
    if n == 1:
        return N.Identity(m)
    return None
