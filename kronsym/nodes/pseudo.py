"""Pseudo-inverse, adjugate and the symmetric eigen-decomposition (issue 16, part B).

Owns: Pinv (X⁺, any m×n), Adj (adj X, square), Eigvalsh (λ(S), n×1 ascending),
Eigvecsh (the orthonormal eigenvectors U of S, n×n), NuclearNorm (‖X‖_*, 1×1) and
Polar (U Vᵀ of the thin SVD X = U Σ Vᵀ, the gradient of the nuclear norm).

Contract: as every node family: fields in ``schema``, shape checked, never rewritten.
``eigvalsh(S)`` and ``eigvecsh(S)`` are the eigen-decomposition of the symmetric part
½(S + Sᵀ), so they are defined (and differentiable where the eigenvalues are simple) for
every square S, and equal numpy.linalg.eigvalsh / eigh for a symmetric S; the columns of
``eigvecsh(S)`` follow the eigenvalues (ascending) and each is signed so that its entry
of largest magnitude is positive. These nodes have no rewrite of their own here: the
identities are the rules of kronsym/rules/pseudo.py, the derivatives
kronsym/diff/differential_pseudo.py, the numerics kronsym/pseudo_eval.py. (The
*multisets* of eigenvalues and singular values used to state spectral facts are the
statements of kronsym/spectral/, not these matrix-valued nodes.)

>>> import kronsym as ks
>>> m, n = ks.dims("m n")
>>> X = ks.MatrixSymbol("X", m, n)
>>> ks.pinv(X).shape, ks.eigvalsh(X.T @ X).shape
((n, m), (n, 1))
"""
from __future__ import annotations

from .checks import ONE, _require_square
from .expr import Expr
from .schema import child

__all__ = ["Pinv", "Adj", "Eigvalsh", "Eigvecsh", "NuclearNorm", "Polar", "PSEUDO_NODE_TYPES"]


class Pinv(Expr):
    """X⁺, the Moore–Penrose inverse of an m×n X (n×m)."""
    __slots__ = ()
    schema = (child("x"),)

    @classmethod
    def _shape(cls, params, children):
        r, c = children[0].shape
        return c, r


class Adj(Expr):
    """adj X, the adjugate (transposed cofactor matrix) of a square X: adj(X) X = det(X) I."""
    __slots__ = ()
    schema = (child("x"),)

    @classmethod
    def _shape(cls, params, children):
        _require_square("adjugate", children[0])
        return children[0].shape


class Eigvalsh(Expr):
    """λ(S): the n eigenvalues of the symmetric part of a square S, ascending (n×1)."""
    __slots__ = ()
    schema = (child("s"),)

    @classmethod
    def _shape(cls, params, children):
        _require_square("eigvalsh", children[0])
        return children[0].rows, ONE


class Eigvecsh(Expr):
    """U(S): orthonormal eigenvectors of the symmetric part of a square S, as the columns
    of an n×n matrix, in the order of ``eigvalsh(S)`` (S = U diag(λ) Uᵀ for symmetric S)."""
    __slots__ = ()
    schema = (child("s"),)

    @classmethod
    def _shape(cls, params, children):
        _require_square("eigvecsh", children[0])
        return children[0].shape


class NuclearNorm(Expr):
    """‖X‖_*: the sum of the singular values of an m×n X (1×1)."""
    __slots__ = ()
    schema = (child("x"),)

    @classmethod
    def _shape(cls, params, children):
        return ONE, ONE


class Polar(Expr):
    """polar(X) = U Vᵀ for the thin SVD X = U Σ Vᵀ of an m×n X (m×n): the orthogonal
    polar factor, and the gradient of ‖X‖_* where X has full rank."""
    __slots__ = ()
    schema = (child("x"),)

    @classmethod
    def _shape(cls, params, children):
        return children[0].shape


#: the node types of this family, in NODE_TYPES order
PSEUDO_NODE_TYPES: tuple = (Pinv, Adj, Eigvalsh, Eigvecsh, NuclearNorm, Polar)
