"""Spectra of Kronecker products and Kronecker sums from the factors' spectra.

Owns: :func:`kron_eig` (λᵢ μⱼ) and :func:`kron_sum_eig` (λᵢ + μⱼ), in ``np.kron`` order.

Contract: as kronsym.linalg; A and B square.
"""
from __future__ import annotations

import numpy as np

from .checks import _matrix

__all__ = ["kron_eig", "kron_sum_eig"]


def kron_eig(A: np.ndarray, B: np.ndarray) -> np.ndarray:
    """Eigenvalues of A ⊗ B as all products λᵢ μⱼ, in np.kron order.

    Entry i·n + j is λᵢ μⱼ (λ = ``np.linalg.eigvals(A)``, μ = eigvals of B,
    B n×n), the eigenvalue of the eigenvector vᵢ ⊗ wⱼ: (A ⊗ B)(v ⊗ w) =
    Av ⊗ Bw.  Cost O(m³ + n³) instead of O(m³n³).

    >>> kron_eig(np.diag([1., 2.]), np.diag([3., 5.]))
    array([ 3.,  5.,  6., 10.])
    """
    A, B = _matrix("A", A, True), _matrix("B", B, True)
    return np.outer(np.linalg.eigvals(A), np.linalg.eigvals(B)).ravel()


def kron_sum_eig(A: np.ndarray, B: np.ndarray) -> np.ndarray:
    """Eigenvalues of the Kronecker sum A ⊕ B = A ⊗ I_n + I_m ⊗ B as all sums λᵢ + μⱼ.

    Entry i·n + j is λᵢ + μⱼ, the eigenvalue of vᵢ ⊗ wⱼ (same order as
    :func:`kron_eig`).

    >>> kron_sum_eig(np.diag([1., 2.]), np.diag([10., 20.]))
    array([11., 21., 12., 22.])
    """
    A, B = _matrix("A", A, True), _matrix("B", B, True)
    return np.add.outer(np.linalg.eigvals(A), np.linalg.eigvals(B)).ravel()
