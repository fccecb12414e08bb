"""Rules of the pseudo-inverse family: X⁺, adj X, λ(S), U(S), ‖X‖_*, polar(X).

Family ``pseudo``. Canonical directions: a transpose sits outside a pseudo-inverse,
adjugate or polar factor ((Aᵀ)⁺ = (A⁺)ᵀ, as (Aᵀ)⁻¹ = (A⁻¹)ᵀ in the inverse family); a
pseudo-inverse of a Kronecker product is distributed over the factors; spectral nodes of
a transpose drop it (λ, U and the singular values of ½(S + Sᵀ) and of Xᵀ are those of S
and X). Sources: Magnus & Neudecker, *Matrix Differential Calculus*, 3rd ed. (MN3)
ch. 1 (adjoint, Moore–Penrose inverse), ch. 2 (the Moore–Penrose inverse of a Kronecker
product); Penrose (1955); Horn & Johnson, *Matrix Analysis* §4.2 (trace = Σ λ).
"""
from __future__ import annotations

import sympy

from .. import nodes as N
from . import rule
from ._util import first_pair


@rule("pseudo", N.Pinv)
def pinv_of_pinv(e):
    """(A⁺)⁺ = A  [Penrose's conditions are symmetric in A and A⁺; MN3 ch. 1]"""
    x = e.children[0]
    return x.children[0] if isinstance(x, N.Pinv) else None


@rule("pseudo", N.Pinv)
def pinv_of_transpose(e):
    """(Aᵀ)⁺ = (A⁺)ᵀ  [MN3 ch. 1; canonical: transpose outside]"""
    x = e.children[0]
    return N.Transpose(N.Pinv(x.children[0])) if isinstance(x, N.Transpose) else None


@rule("pseudo", N.Pinv)
def pinv_of_kron(e):
    """(A ⊗ B)⁺ = A⁺ ⊗ B⁺ for any shapes  [MN3 ch. 2, Kronecker products]"""
    x = e.children[0]
    return N.Kron(*[N.Pinv(f) for f in x.children]) if isinstance(x, N.Kron) else None


@rule("pseudo", N.Pinv)
def pinv_of_inverse(e):
    """(A⁻¹)⁺ = A  [the pseudo-inverse of an invertible matrix is its inverse]"""
    x = e.children[0]
    return x.children[0] if isinstance(x, N.Inverse) else None


@rule("pseudo", N.Pinv)
def pinv_of_scalar_mul(e):
    """(cA)⁺ = c⁻¹A⁺ for a nonzero number c  [Penrose's conditions]"""
    x = e.children[0]
    if isinstance(x, N.ScalarMul) and x.coeff.is_number and x.coeff != 0:
        return N.ScalarMul(1 / x.coeff, N.Pinv(x.children[0]))
    return None


@rule("pseudo", N.Pinv)
def pinv_of_constant(e):
    """I⁺ = I;  K_{m,n}⁺ = K_{n,m};  0_{m×n}⁺ = 0_{n×m}  [I and K orthogonal]"""
    x = e.children[0]
    if isinstance(x, N.Identity):
        return x
    if isinstance(x, N.Commutation):
        return N.Commutation(x.params[1], x.params[0])
    if isinstance(x, N.ZeroMatrix):
        return N.ZeroMatrix(x.cols, x.rows)
    return None


@rule("pseudo", N.Adj)
def adj_of_transpose_or_identity(e):
    """adj(Aᵀ) = adj(A)ᵀ;  adj(I) = I  [cofactors of the transpose; MN3 ch. 1]"""
    x = e.children[0]
    if isinstance(x, N.Transpose):
        return N.Transpose(N.Adj(x.children[0]))
    return x if isinstance(x, N.Identity) else None


def _adj_pair(a, b):
    if isinstance(a, N.Adj) and a.children[0] is b or isinstance(b, N.Adj) and b.children[0] is a:
        x = b if isinstance(a, N.Adj) and a.children[0] is b else a
        return (N.Scale(N.Det(x), N.Identity(x.rows)),)
    return None


@rule("pseudo", N.MatMul)
def adj_times_matrix(e):
    """adj(X) X = X adj(X) = det(X) I  [Laplace expansion by cofactors; MN3 ch. 1]"""
    return first_pair(e, _adj_pair)


def _ones_row(f) -> bool:
    if isinstance(f, N.Transpose) and isinstance(f.children[0], N.Ones):
        return f.children[0].cols == 1
    return isinstance(f, N.Ones) and f.rows == 1


def _eig_sum(a, b):
    if _ones_row(a) and isinstance(b, N.Eigvalsh):
        return (N.Trace(b.children[0]),)
    return None


@rule("pseudo", N.MatMul)
def sum_of_eigvalsh(e):
    """1ᵀ λ(S) = tr S  [Σ λᵢ(½(S + Sᵀ)) = tr ½(S + Sᵀ) = tr S]"""
    return first_pair(e, _eig_sum)


@rule("pseudo", N.Eigvalsh, N.Eigvecsh, N.NuclearNorm)
def spectrum_of_transpose(e):
    """λ(Sᵀ) = λ(S);  U(Sᵀ) = U(S);  ‖Xᵀ‖_* = ‖X‖_*  [½(Sᵀ + S) = ½(S + Sᵀ); σ(Xᵀ) = σ(X)]"""
    x = e.children[0]
    return e.rebuild(x.children[0]) if isinstance(x, N.Transpose) else None


@rule("pseudo", N.Polar)
def polar_of_transpose(e):
    """polar(Xᵀ) = polar(X)ᵀ  [Xᵀ = V Σ Uᵀ; canonical: transpose outside]"""
    x = e.children[0]
    return N.Transpose(N.Polar(x.children[0])) if isinstance(x, N.Transpose) else None


@rule("pseudo", N.Unvec)
def unvec_of_khatri_rao_times_column(e):
    """unvec((A ⊙ B) c) = B diag(c) Aᵀ  [vec(B diag(c) Aᵀ) = Σ cₖ aₖ ⊗ bₖ = (A ⊙ B) c]"""
    v = e.children[0]
    if not (isinstance(v, N.MatMul) and len(v.children) == 2 and
            isinstance(v.children[0], N.KhatriRao) and v.children[1].cols == 1):
        return None
    a, b = v.children[0].children
    if sympy.simplify(a.rows - e.cols) != 0 or sympy.simplify(b.rows - e.rows) != 0:
        return None
    return N.MatMul(b, N.Diag(v.children[1]), N.Transpose(a))
