"""Spectral statements: eigenvalues, singular values and rank of expressions.

Owns: :class:`Spectrum` (a multiset of numbers described symbolically),
:class:`Rank` (an integer described symbolically), the builders
``ks.eigvals``, ``ks.svdvals`` and ``ks.rank``, their canonical form, and
:func:`prove_spectral` which ``ks.prove``/``ks.equals``/``ks.verify`` use when
they are given spectra or ranks instead of matrices. Registers the builders,
the two statement types and ``prove_spectral`` (as ``prove_statements``) in
:mod:`kronsym.optable`, for the parser, the printer and the prover, which do not
import this module; it uses :mod:`kronsym.prove`'s shared pieces one way.

A spectrum is a *multiset*: order never matters, multiplicity does.

- ``ks.eigvals(A)`` — the n eigenvalues of a square n×n expression;
- ``ks.svdvals(A)`` — the min(rows·cols products…) singular values; here all
  ``min(m, n)`` of them, zeros included;
- ``S * T`` — every product ``s·t`` (size ``|S|·|T|``); ``S + T`` — every
  sum ``s + t``; ``c * S`` — each element times ``c``; ``S ** k`` — each
  element to the power ``k``;
- ``ks.rank(A)``, and ``+``/``*`` of ranks and integers.

Facts the canonical form knows (the seeds: Kronecker-product notes §11–12;
Horn & Johnson, *Topics in Matrix Analysis*, Thm 4.2.12, 4.2.15, 4.4.5):

====================================  ==========================================
eig(A ⊗ B) = eig(A) · eig(B)          A, B square (all products λᵢμⱼ)
eig(A ⊕ B) = eig(A) + eig(B)          Kronecker sum (all sums λᵢ + μⱼ)
eig(Aᵀ) = eig(A), eig(cA) = c eig(A), eig(A⁻¹) = eig(A)⁻¹, eig(I_n) = {1}ⁿ
eig(A₁A₂⋯A_k) invariant under cyclic rotation when every Aᵢ is square
σ(A ⊗ B) = σ(A) · σ(B)                any shapes
σ(Aᵀ) = σ(A), σ(K_{m,n}) = {1}^{mn}, σ(I_n) = {1}ⁿ
rank(A ⊗ B) = rank(A) · rank(B)       any shapes
rank(Aᵀ) = rank(A), rank(I_n) = n, rank(K_{m,n}) = mn, rank(A⁻¹) = n
====================================  ==========================================

Anything else is decided numerically in float64 (``method == "numeric"``,
evidence, not a proof): random values (shifted to be well conditioned, then
unshifted so that det and trace take both signs) at the dimension
assignments of :mod:`kronsym.dimsolve` (distinct dims above 1, dims of 1), multisets compared by an optimal matching
(:func:`scipy.optimize.linear_sum_assignment`), ranks by
``numpy.linalg.matrix_rank`` with symbols drawn at random *low* rank half of
the time (a rank claim tested only on full-rank matrices proves little).

Layout: ``nodes.py`` (the statements, their text/LaTeX formats, the builders),
``prover.py`` (canonical form, numeric values, ``prove_spectral``); this face
re-exports them and registers them in :mod:`kronsym.optable`.
"""
from ..optable import register_operation as _register_operation, register_statement
from .nodes import Spectrum, Rank, eigvals, svdvals, rank
from .prover import prove_spectral, _canon_rank, _canon_spectrum, _num  # noqa: F401  (tests reach them)

__all__ = ["Spectrum", "Rank", "eigvals", "svdvals", "rank", "prove_spectral"]

# lent to the parser through kronsym.optable (the parser does not import this module)

for _s in (Spectrum, Rank):
    register_statement(_s)
for _f in (eigvals, svdvals, rank):
    _register_operation(_f.__name__, _f)
_register_operation("prove_statements", prove_spectral)   # ks.prove / ks.equals on statements
del _s, _f
