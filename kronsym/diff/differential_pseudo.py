"""Differentials of the pseudo-inverse family (kronsym/nodes/pseudo.py), kept as structure.

Owns: ``PSEUDO_DIFFERENTIAL`` (node type -> rule), merged into
:data:`kronsym.diff.differential.DIFFERENTIAL`.

Contract: as the differential table: each rule gets the node and its child's
differential ``dX`` (an expression linear in the variable's differential) and returns
dF as an expression in existing node types. Sources: Magnus & Neudecker, *Matrix
Differential Calculus*, 3rd ed. (MN3), ch. 8 (§8.4 the adjoint matrix, §8.5 the
Moore–Penrose inverse, §8.7–8.8 eigenvalues and eigenvectors of a symmetric matrix).

* X⁺: MN3's three-term formula, valid on a set where rank X is constant (X⁺ is not even
  continuous where the rank changes):
  dX⁺ = −X⁺ dX X⁺ + X⁺X⁺ᵀ dXᵀ (I − XX⁺) + (I − X⁺X) dXᵀ X⁺ᵀX⁺.
* adj X = det(X) X⁻¹ where X is invertible:
  d adj X = tr(adj(X) dX) X⁻¹ − X⁻¹ dX adj(X)   (the value needs det X ≠ 0).
* λ(S), U(S) for the symmetric part of S at simple eigenvalues (MN3 Thm 8.9):
  dλᵢ = uᵢᵀ dS uᵢ, i.e. dλ = diag(Uᵀ dS U) and D λ = rows (uᵢ ⊗ uᵢ)ᵀ;
  dU = U (G ∘ (Uᵀ sym(dS) U)), G_ij = 1/(λⱼ − λᵢ) (i ≠ j), G_ii = 0, written
  G = (1λᵀ − λ1ᵀ + I)^{∘−1} − I.
* ‖X‖_*: d‖X‖_* = tr(polar(X)ᵀ dX), polar(X) = U Vᵀ (full rank).
* polar(X) = X W with W = V diag(λ)^{-1/2} Vᵀ, λ, V = eigvalsh, eigvecsh of XᵀX (m ≥ n,
  or m, n undecided), or W X with W from XXᵀ (m < n provably): its differential is that
  expression's, so it needs full rank and distinct singular values.
"""
from __future__ import annotations

from typing import Dict

import sympy

from .. import nodes as N

__all__ = ["PSEUDO_DIFFERENTIAL", "polar_structure"]


def _neg(e):
    return N.ScalarMul(-1, e)


def _complement(a, b, n):
    """I_n − a b."""
    return N.MatAdd(N.Identity(n), _neg(N.MatMul(a, b)))


def _pinv(node, d):
    """dX⁺ = −X⁺ dX X⁺ + X⁺X⁺ᵀ dXᵀ (I − XX⁺) + (I − X⁺X) dXᵀ X⁺ᵀX⁺  [MN3 ch. 8, §8.5;
    on a set of constant rank]"""
    x, p, dx = node.children[0], node, d[0]
    m, n = x.shape
    pt, dxt = N.Transpose(p), N.Transpose(dx)
    return N.MatAdd(_neg(N.MatMul(p, dx, p)),
                    N.MatMul(p, pt, dxt, _complement(x, p, m)),
                    N.MatMul(_complement(p, x, n), dxt, pt, p))


def _adj(node, d):
    """d adj X = tr(adj(X) dX) X⁻¹ − X⁻¹ dX adj(X)  [adj X = det(X) X⁻¹, MN3 ch. 8, §8.4;
    where X is invertible]"""
    x, dx = node.children[0], d[0]
    xi = N.Inverse(x)
    return N.MatAdd(N.Scale(N.Trace(N.MatMul(node, dx)), xi), _neg(N.MatMul(xi, dx, node)))


def _eigvalsh(node, d):
    """dλ = diag(Uᵀ dS U), dλᵢ = uᵢᵀ dS uᵢ  [MN3 Thm 8.9; simple eigenvalues]"""
    u = N.Eigvecsh(node.children[0])
    return N.DiagPart(N.MatMul(N.Transpose(u), d[0], u))


def _gaps(s):
    """G = (1λᵀ − λ1ᵀ + I)^{∘−1} − I: G_ij = 1/(λⱼ − λᵢ) off the diagonal, 0 on it."""
    n = s.rows
    lam, one = N.Eigvalsh(s), N.Ones(n, 1)
    diff = N.MatAdd(N.MatMul(one, N.Transpose(lam)), _neg(N.MatMul(lam, N.Transpose(one))),
                    N.Identity(n))
    return N.MatAdd(N.Power(diff, -1), _neg(N.Identity(n)))


def _eigvecsh(node, d):
    """dU = U (G ∘ (Uᵀ sym(dS) U)), G_ij = 1/(λⱼ − λᵢ), G_ii = 0  [MN3 §8.8; from
    dS U + S dU = dU Λ + U dΛ with dU = U Ω, Ω antisymmetric; simple eigenvalues]"""
    s, u, ds = node.children[0], node, d[0]
    sym = N.ScalarMul(sympy.Rational(1, 2), N.MatAdd(ds, N.Transpose(ds)))
    return N.MatMul(u, N.Hadamard(_gaps(s), N.MatMul(N.Transpose(u), sym, u)))


def _nuclear_norm(node, d):
    """d‖X‖_* = tr(polar(X)ᵀ dX), polar(X) = U Vᵀ (thin SVD)  [d σᵢ = uᵢᵀ dX vᵢ; full rank]"""
    x = node.children[0]
    return N.Trace(N.MatMul(N.Transpose(N.Polar(x)), d[0]))


def polar_structure(x):
    """polar(X) written with eigvalsh / eigvecsh of the smaller Gram matrix (full rank)."""
    m, n = x.shape
    wide = sympy.sympify(m - n).is_negative is True
    g = N.MatMul(x, N.Transpose(x)) if wide else N.MatMul(N.Transpose(x), x)
    v = N.Eigvecsh(g)
    root = N.MatMul(v, N.Diag(N.Power(N.Eigvalsh(g), sympy.Rational(-1, 2))), N.Transpose(v))
    return N.MatMul(root, x) if wide else N.MatMul(x, root)


PSEUDO_DIFFERENTIAL: Dict[type, object] = {
    N.Pinv: _pinv, N.Adj: _adj, N.Eigvalsh: _eigvalsh, N.Eigvecsh: _eigvecsh,
    N.NuclearNorm: _nuclear_norm,   # Polar: kronsym/diff/differential.py (it recurses)
}
