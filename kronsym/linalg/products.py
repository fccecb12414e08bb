"""Products and solves with A₁ ⊗ … ⊗ A_k, never formed.

Owns: :func:`kron_matvec` and :func:`kron_solve`, both by the shared Kronecker-apply
kernel :func:`kronsym.modeproduct.mode_product` (the one the codegen backends use).

Contract: as kronsym.linalg (vec column-major, ``np.kron`` index order); ``x`` / ``c``
is a vector or a matrix of columns and the result has the same form.
"""
from __future__ import annotations

from typing import Sequence

import numpy as np

from ..modeproduct import mode_product
from .checks import _factors, _lu, _vector_or_columns

__all__ = ["kron_matvec", "kron_solve"]


def kron_matvec(factors: Sequence[np.ndarray], x: np.ndarray) -> np.ndarray:
    """(A₁ ⊗ A₂ ⊗ … ⊗ A_k) x without forming the Kronecker product.

    ``x`` is a vector of length n₁⋯n_k or a matrix whose columns are such
    vectors.  For k = 2 this is the vec trick ``(A ⊗ B) vec X = vec(B X Aᵀ)``
    (vec column-major); in general each factor multiplies one mode of x
    reshaped to (n₁, …, n_k).  Cost Σᵢ mᵢ·(∏ of the other sizes) flops per
    column instead of ∏mᵢ·∏nᵢ, and no (∏mᵢ)×(∏nᵢ) matrix in memory.

    >>> A, B = np.array([[1., 2.], [3., 4.]]), np.array([[0., 1., 2.]])
    >>> x = np.arange(6.)
    >>> kron_matvec([A, B], x)
    array([33., 71.])
    >>> np.allclose(kron_matvec([A, B], x), np.kron(A, B) @ x)
    True
    """
    fs = _factors(factors)
    n_in = [f.shape[1] for f in fs]
    shapes = " ⊗ ".join(f"{f.shape[0]}×{f.shape[1]}" for f in fs)
    xc, was_vec = _vector_or_columns("x", x, int(np.prod(n_in)), f"the product {shapes}")
    y = mode_product([f.__matmul__ for f in fs], n_in, xc, np.moveaxis)
    return y[:, 0] if was_vec else y



def kron_solve(factors: Sequence[np.ndarray], c: np.ndarray) -> np.ndarray:
    """Solve (A₁ ⊗ … ⊗ A_k) x = c using one LU factorization per factor.

    Uses ``(A₁ ⊗ … ⊗ A_k)⁻¹ = A₁⁻¹ ⊗ … ⊗ A_k⁻¹``: each factor is factorized
    once (LAPACK getrf) and its solve is applied to one mode of
    c, as in :func:`kron_matvec`.  Cost Σ nᵢ³ + N·Σ nᵢ (N = ∏nᵢ) instead of N³.
    ``c`` is a vector or a matrix of right-hand-side columns.  Every factor
    must be square; a factor singular to working precision raises
    ``numpy.linalg.LinAlgError`` naming it.

    >>> A, B = np.array([[2., 1.], [0., 1.]]), np.array([[3.]])
    >>> x = kron_solve([A, B], np.array([6., 3.]))
    >>> x
    array([0.5, 1. ])
    >>> np.allclose(np.kron(A, B) @ x, [6., 3.])
    True
    """
    fs = _factors(factors, square=True)
    n_in = [f.shape[0] for f in fs]
    cc, was_vec = _vector_or_columns("c", c, int(np.prod(n_in)), "the Kronecker system")
    if np.iscomplexobj(cc):                       # real LU factors would drop Im(c)
        fs = [f.astype(complex) for f in fs]
    ops = [_lu(f"factors[{i}]", f) for i, f in enumerate(fs)]
    x = mode_product(ops, n_in, cc, np.moveaxis)
    return x[:, 0] if was_vec else x
