"""Inverse rules: cancel inverses, push them onto the leaves.

Family ``inverse``. Canonical direction: X^{-T} is written (X⁻¹)ᵀ, an
inverse sits on a symbol. Sources: Magnus & Neudecker ch. 1; seed 001
('Inverse' of a Kronecker product).
"""
from __future__ import annotations

from .. import nodes as N
from . import rule
from ._util import square


@rule("inverse", N.Inverse)
def inverse_of_inverse(e):
    """(A⁻¹)⁻¹ = A  [involution]"""
    x = e.children[0]
    return x.children[0] if isinstance(x, N.Inverse) else None


@rule("inverse", N.Inverse)
def inverse_of_transpose(e):
    """(Aᵀ)⁻¹ = (A⁻¹)ᵀ  [canonical: transpose outside, written A^{-T}]"""
    x = e.children[0]
    if isinstance(x, N.Transpose):
        return N.Transpose(N.Inverse(x.children[0]))
    return None


@rule("inverse", N.Inverse)
def inverse_of_scalar_mul(e):
    """(cA)⁻¹ = c⁻¹ A⁻¹  [c ≠ 0 since cA is invertible]"""
    x = e.children[0]
    if isinstance(x, N.ScalarMul):
        return N.ScalarMul(1 / x.coeff, N.Inverse(x.children[0]))
    return None


@rule("inverse", N.Inverse)
def inverse_of_constant(e):
    """I⁻¹ = I;  K_{m,n}⁻¹ = K_{n,m}  [K is orthogonal: K_{m,n}ᵀ K_{m,n} = I]"""
    x = e.children[0]
    if isinstance(x, N.Identity):
        return x
    if isinstance(x, N.Commutation):
        return N.Commutation(x.params[1], x.params[0])
    return None


@rule("inverse", N.Inverse)
def inverse_of_kron(e):
    """(A ⊗ B)⁻¹ = A⁻¹ ⊗ B⁻¹ for square A, B  [seed 001, 'Inverse']"""
    x = e.children[0]
    if isinstance(x, N.Kron) and all(square(f) for f in x.children):
        return N.Kron(*[N.Inverse(f) for f in x.children])
    return None


@rule("inverse", N.Inverse)
def inverse_of_product(e):
    """(A B)⁻¹ = B⁻¹ A⁻¹ for square invertible A, B  [Magnus & Neudecker ch. 1]"""
    x = e.children[0]
    if isinstance(x, N.MatMul) and all(square(f) for f in x.children):
        return N.MatMul(*[N.Inverse(f) for f in reversed(x.children)])
    return None


def _inverse_pair(a, b) -> bool:
    """a b = I: (X⁻¹, X), (X, X⁻¹), (X^{-T}, Xᵀ), (Xᵀ, X^{-T})."""
    if isinstance(a, N.Inverse) and a.children[0] is b:
        return True
    if isinstance(b, N.Inverse) and b.children[0] is a:
        return True
    if isinstance(a, N.Transpose) and isinstance(b, N.Transpose):
        return _inverse_pair(a.children[0], b.children[0])
    return False


@rule("inverse", N.MatMul)
def inverse_cancel(e):
    """A⁻¹ A = A A⁻¹ = I (also A^{-T} Aᵀ = I) inside a product  [definition of the inverse]"""
    kids = list(e.children)
    for i in range(len(kids) - 1):
        if _inverse_pair(kids[i], kids[i + 1]):
            rest = kids[:i] + kids[i + 2:]
            if not rest:
                return N.Identity(e.rows)
            return rest[0] if len(rest) == 1 else N.MatMul(*rest)
    return None
