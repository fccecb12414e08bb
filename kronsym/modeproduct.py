"""The one Kronecker-apply kernel: (F₁ ⊗ … ⊗ F_k) V by mode products, never forming ⊗.

Owns: :func:`mode_product`, used by the codegen backends (``kron_apply``, with
matrix, identity and commutation factors, over numpy, jax.numpy, torch or numpy
object arrays) and by :mod:`kronsym.linalg` (``kron_matvec`` with matrix
factors, ``kron_solve`` with one LU solve per factor).

Contract: ``V`` is (n₁⋯n_k) × p in ``np.kron`` (row-major) order, so mode i of
``V.reshape(n₁, …, n_k, p)`` is factor i's column index; ``ops[i]`` maps an
(n_i, r) matrix to an (m_i, r) matrix (``None``: the identity, skipped); the
result is (m₁⋯m_k) × p. The identity is (A₁ ⊗ … ⊗ A_k) vec 𝒳 = vec(𝒳 ×₁ A₁ ⋯ ×_k A_k)
(Kolda & Bader 2009, §2.5), for k = 2 the vec trick (A ⊗ B) vec X = vec(B X Aᵀ).
Array-library neutral: the arrays need ``shape``, ``reshape`` and the given
``moveaxis``; nothing is imported.
"""
from __future__ import annotations

from typing import Any, Callable, Optional, Sequence

__all__ = ["mode_product"]


def mode_product(ops: Sequence[Optional[Callable[[Any], Any]]], n_in: Sequence[int], V: Any,
                 moveaxis: Callable[[Any, int, int], Any]) -> Any:
    """(F₁ ⊗ … ⊗ F_k) V, where ``ops[i]`` applies F_i to an (n_i, r) matrix (None: F_i = I).

    Each step applies ``ops[i]`` to the (n_i, rest) unfolding of mode i: Σᵢ mᵢ·nᵢ·(∏ⱼ≠ᵢ sizes) flops per
    column instead of ∏mᵢ·∏nᵢ.

    >>> import numpy as np
    >>> A, B = np.array([[1., 2.], [3., 4.]]), np.array([[0., 1., 2.]])
    >>> V = np.arange(6.).reshape(6, 1)
    >>> mode_product([A.__matmul__, B.__matmul__], [2, 3], V, np.moveaxis).ravel()
    array([33., 71.])
    >>> np.allclose(mode_product([None, B.__matmul__], [2, 3], V, np.moveaxis),
    ...             np.kron(np.eye(2), B) @ V)
    True
    """
    if len(ops) != len(n_in):
        raise ValueError(f"mode_product: {len(ops)} factors but {len(n_in)} mode sizes")
    p = V.shape[1]
    full = [op for op in ops if op is not None]
    if len(full) == len(ops):
        # every mode is transformed: contract the leading mode and append the new one at
        # the end, so after k steps the modes are back in order (one copy per step)
        t = moveaxis(V.T.reshape((p,) + tuple(n_in)), 0, -1)     # (n_1, ..., n_k, p)
        for op, n in zip(full, n_in):
            rest = tuple(t.shape[1:])
            y = op(t.reshape(n, -1))                               # (m_i, prod(rest))
            t = y.T.reshape(rest + (y.shape[0],))
        return t.reshape(p, -1).T
    # identity factors are skipped: each other mode is transformed in place
    x = V.reshape(tuple(n_in) + (p,))
    for i, f in enumerate(ops):
        if f is None:
            continue
        sh = tuple(x.shape)
        y = f(moveaxis(x, i, 0).reshape(sh[i], -1))              # (m_i, rest)
        x = moveaxis(y.reshape((y.shape[0],) + sh[:i] + sh[i + 1:]), 0, i)
    return x.reshape(-1, p)
