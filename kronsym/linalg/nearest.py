"""The Van Loan–Pitsianis rearrangement and nearest Kronecker products.

Owns: :func:`rearrange` / :func:`unrearrange` (R(A ⊗ B) = vec(A) vec(B)ᵀ),
:func:`nearest_kron`, :func:`nearest_kron_sum` and their result types.

Contract: as kronsym.linalg; shapes are positive ints and M must be
(m1·m2)×(n1·n2), else ``TypeError`` / ``ValueError`` naming the argument.
"""
from __future__ import annotations

from typing import List, NamedTuple, Tuple

import numpy as np

from .checks import _matrix, _posint, _shape2

__all__ = ["rearrange", "unrearrange", "nearest_kron", "nearest_kron_sum", "NearestKron",
           "NearestKronSum"]


def rearrange(M: np.ndarray, m1: int, n1: int, m2: int, n2: int) -> np.ndarray:
    """The Van Loan–Pitsianis rearrangement R(M), with R(A ⊗ B) = vec(A) vec(B)ᵀ.

    M is (m1·m2)×(n1·n2), viewed as m1×n1 blocks Mᵢⱼ of size m2×n2; row
    i + j·m1 of R(M) (an (m1·n1)×(m2·n2) matrix) is vec(Mᵢⱼ)ᵀ.  A pure
    permutation of entries, so ‖R(M)‖_F = ‖M‖_F.  Inverse: :func:`unrearrange`.

    >>> A, B = np.array([[1., 2.]]), np.array([[1.], [10.]])
    >>> rearrange(np.kron(A, B), 1, 2, 2, 1)
    array([[ 1., 10.],
           [ 2., 20.]])
    """
    M = _matrix("M", M)
    m1, n1, m2, n2 = (_posint(k, v) for k, v in zip(("m1", "n1", "m2", "n2"),
                                                    (m1, n1, m2, n2)))
    if M.shape != (m1 * m2, n1 * n2):
        raise ValueError(f"M must be (m1·m2)×(n1·n2) = {m1*m2}×{n1*n2} for blocks "
                         f"{m1}×{n1} of {m2}×{n2}, got shape {M.shape}")
    t = M.reshape(m1, m2, n1, n2).transpose(0, 2, 1, 3)     # (i, j, r, s)
    return t.reshape(m1 * n1, m2 * n2, order="F")


def unrearrange(R: np.ndarray, m1: int, n1: int, m2: int, n2: int) -> np.ndarray:
    """Inverse of :func:`rearrange`: M with rearrange(M, m1, n1, m2, n2) == R.

    >>> M = np.arange(12.).reshape(4, 3)
    >>> np.array_equal(unrearrange(rearrange(M, 2, 3, 2, 1), 2, 3, 2, 1), M)
    True
    """
    R = _matrix("R", R)
    m1, n1, m2, n2 = (_posint(k, v) for k, v in zip(("m1", "n1", "m2", "n2"),
                                                    (m1, n1, m2, n2)))
    if R.shape != (m1 * n1, m2 * n2):
        raise ValueError(f"R must be (m1·n1)×(m2·n2) = {m1*n1}×{m2*n2}, got shape {R.shape}")
    t = R.reshape(m1, n1, m2, n2, order="F").transpose(0, 2, 1, 3)  # (i, r, j, s)
    return t.reshape(m1 * m2, n1 * n2)


class NearestKron(NamedTuple):
    """Result of :func:`nearest_kron`: M ≈ A ⊗ B, residual = ‖M − A ⊗ B‖_F."""
    A: np.ndarray
    B: np.ndarray
    residual: float


class NearestKronSum(NamedTuple):
    """Result of :func:`nearest_kron_sum`: M ≈ Σᵢ As[i] ⊗ Bs[i]."""
    As: List[np.ndarray]
    Bs: List[np.ndarray]
    residual: float


def _kron_svd(M, shape_a, shape_b, r, method):
    (m1, n1), (m2, n2) = _shape2("shape_a", shape_a), _shape2("shape_b", shape_b)
    M = _matrix("M", M)
    if M.shape != (m1 * m2, n1 * n2):
        raise ValueError(f"M has shape {M.shape} but A {m1}×{n1} ⊗ B {m2}×{n2} is "
                         f"{m1*m2}×{n1*n2}")
    rmax = min(m1 * n1, m2 * n2)
    r = _posint("r", r)
    if r > rmax:
        raise ValueError(f"r must be <= min(m1·n1, m2·n2) = {rmax} for A {m1}×{n1}, "
                         f"B {m2}×{n2}, got {r}")
    if method not in ("auto", "svd", "svds"):
        raise ValueError(f"method must be 'auto', 'svd' or 'svds', got {method!r}")
    if method == "svds" and r >= rmax:
        raise ValueError(f"method='svds' needs r < min(m1·n1, m2·n2) = {rmax}, got r = {r}")
    R = rearrange(M, m1, n1, m2, n2)
    if method == "svds" or (method == "auto" and rmax >= 100 and r <= rmax // 10):
        from scipy.sparse.linalg import svds
        v0 = np.random.default_rng(0).standard_normal(rmax)      # deterministic start
        u, s, vh = svds(R, k=r, v0=v0)
        idx = np.argsort(s)[::-1]
        u, s, vh = u[:, idx], s[idx], vh[idx]
        residual = float(np.linalg.norm(R - (u * s) @ vh))     # direct: no cancellation
    else:
        u, s, vh = np.linalg.svd(R, full_matrices=False)
        residual = float(np.sqrt(np.sum(s[r:] ** 2)))
    As, Bs = [], []
    for k in range(r):
        a, b = u[:, k] * np.sqrt(s[k]), vh[k, :] * np.sqrt(s[k])
        big = a[np.argmax(np.abs(a))]               # fix the ±1 / phase ambiguity:
        if big != 0:                                # largest entry of A real positive
            ph = big / abs(big)
            a, b = a / ph, b * ph
        As.append(a.reshape(m1, n1, order="F"))
        Bs.append(b.reshape(m2, n2, order="F"))
    return As, Bs, residual


def nearest_kron(M: np.ndarray, shape_a: Tuple[int, int], shape_b: Tuple[int, int],
                 method: str = "auto") -> NearestKron:
    """The A (shape_a), B (shape_b) minimizing ‖M − A ⊗ B‖_F (Van Loan & Pitsianis 1993).

    ‖M − A ⊗ B‖_F = ‖R(M) − vec(A) vec(B)ᵀ‖_F (see :func:`rearrange`), so the
    best rank-one approximation of R(M) — its leading singular triple σ₁, u₁,
    v₁ — gives vec A = √σ₁ u₁, vec B = √σ₁ v̄₁.  Returns ``NearestKron(A, B,
    residual)`` with residual = ‖M − A ⊗ B‖_F = √(σ₂² + σ₃² + …).  A ⊗ B is
    unique when σ₁ > σ₂; the split is fixed by ‖A‖_F = ‖B‖_F and the
    largest-magnitude entry of A real > 0.  ``method``: "svd" (full SVD of the
    p×q matrix R(M), p = m1·n1, q = m2·n2: O(pq·min(p, q))), "svds" (Lanczos,
    ``scipy.sparse.linalg.svds``: leading triples only, residual computed
    directly), "auto" (svds when min(p, q) >= 100 and r <= min(p, q)/10).

    >>> A, B = np.array([[1., 2., 3.]]), np.array([[4.], [5.]])
    >>> res = nearest_kron(np.kron(A, B), (1, 3), (2, 1))
    >>> np.allclose(np.kron(res.A, res.B), np.kron(A, B)), res.residual < 1e-12
    (True, True)
    """
    As, Bs, res = _kron_svd(M, shape_a, shape_b, 1, method)
    return NearestKron(As[0], Bs[0], res)


def nearest_kron_sum(M: np.ndarray, shape_a: Tuple[int, int], shape_b: Tuple[int, int],
                     r: int, method: str = "auto") -> NearestKronSum:
    """The best Σᵢ₌₁ʳ Aᵢ ⊗ Bᵢ approximation of M in Frobenius norm.

    The truncated SVD of R(M) (Eckart–Young): vec Aᵢ = √σᵢ uᵢ, vec Bᵢ = √σᵢ v̄ᵢ,
    so the vec Aᵢ are mutually orthogonal, as are the vec Bᵢ.  Returns
    ``NearestKronSum(As, Bs, residual)`` (lists of length r; residual =
    √(Σ_{i>r} σᵢ²)).  r ranges over 1 … min(m1·n1, m2·n2); r at the maximum is
    exact.  ``method`` as in :func:`nearest_kron`.

    >>> rng = np.random.default_rng(0)
    >>> M = np.kron(rng.random((2, 2)), rng.random((3, 3))) + np.kron(np.eye(2), np.eye(3))
    >>> res = nearest_kron_sum(M, (2, 2), (3, 3), 2)
    >>> len(res.As), res.residual < 1e-12
    (2, True)
    """
    return NearestKronSum(*_kron_svd(M, shape_a, shape_b, r, method))
