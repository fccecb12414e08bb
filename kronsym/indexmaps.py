"""Index formulas: the permutations and gathers behind K_{m,n}, D_n, L_n and N_n, in one
low-level module.

Owns: ``commutation_index`` (the one place the index formula of K_{m,n} is
written) and the dense ``commutation_matrix`` built from it;
``kron_permutation_index`` (the same map for a Kronecker product of identities and
commutation matrices, as the codegen IR tags them); the half-vectorization maps
``vech_index`` (vech A = vec(A)[vech_index(n)], L_n V = V[vech_index(n)]) and
``dup_index`` (D_n V = V[dup_index(n)]), column-major vec, Magnus & Neudecker
ch. 3 §8 (kronsym.halfvec builds the dense D_n, L_n, N_n from them). The dense
evaluator, kronsym.halfvec, the permutation-structure analysis, the codegen
backends and the sparse runtime all import them from here.

Contract: imports only numpy (nothing of kronsym), so any module may import it
without closing an import circle. ``kronsym.evaluate`` re-exports the commutation
names; ``kronsym.halfvec`` re-exports ``vech_index`` and ``dup_index``.
"""
from __future__ import annotations

from functools import lru_cache

import numpy as np

__all__ = ["commutation_index", "commutation_matrix", "kron_permutation_index", "vech_index",
           "dup_index"]


def commutation_index(m: int, n: int) -> np.ndarray:
    """The permutation p of K_{m,n}: ``(K_{m,n} v)[t] == v[p[t]]`` (the one place its
    index formula is written; the dense, sparse and lowered forms all use it).

    >>> from kronsym.indexmaps import commutation_index
    >>> commutation_index(2, 3).tolist()
    [0, 2, 4, 1, 3, 5]
    """
    m, n = int(m), int(n)
    # entry (j, i) of Aᵀ (position j + n i of vec Aᵀ) is entry (i, j) of A (position i + m j)
    return (np.arange(m)[:, None] + m * np.arange(n)[None, :]).ravel()


def commutation_matrix(m: int, n: int) -> np.ndarray:
    """Dense K_{m,n}: ``K @ A.reshape(-1, 1, order='F') == A.T.reshape(-1, 1, order='F')``.

    >>> import numpy as np
    >>> from kronsym.indexmaps import commutation_matrix
    >>> A = np.arange(6.).reshape(2, 3)
    >>> bool(np.all(commutation_matrix(2, 3) @ A.reshape(-1, 1, order="F") == A.T.reshape(-1, 1, order="F")))
    True
    """
    K = np.zeros((m * n, m * n))
    K[np.arange(m * n), commutation_index(m, n)] = 1.0
    return K


def kron_permutation_index(factors) -> np.ndarray:
    """The permutation p of P = F₁ ⊗ … ⊗ F_k, each factor ("I", n) = I_n or ("K", m, n) =
    K_{m,n}: ``(P v)[t] == v[p[t]]``. Each mode keeps its place; within a K mode the
    index (i, j) of vec Aᵀ reads (j, i) of vec A, as in :func:`commutation_index`, so p is
    an arange viewed as the modes (K_{m,n}'s split in (n, m)) with each K's two axes
    swapped. Indices are int32 when they fit.

    >>> from kronsym.indexmaps import kron_permutation_index, commutation_index
    >>> kron_permutation_index([("K", 2, 3)]).tolist() == commutation_index(2, 3).tolist()
    True
    >>> kron_permutation_index([("I", 2), ("K", 1, 2)]).tolist()
    [0, 1, 2, 3]
    """
    shape: list[int] = []
    axes: list[int] = []
    for f in factors:
        k = len(shape)
        if f[0] == "I":
            shape.append(int(f[1]))
            axes.append(k)
        else:
            shape += [int(f[2]), int(f[1])]
            axes += [k + 1, k]
    size = int(np.prod(shape))
    idx = np.arange(size, dtype=np.int32 if size < 2 ** 31 else np.int64)
    return idx.reshape(shape).transpose(axes).ravel()


@lru_cache(maxsize=64)
def _vech_index(n: int) -> np.ndarray:
    r, c = np.triu_indices(n)          # r <= c, ordered by r then c
    idx = c + n * r                    # entry (i, j) = (c, r): i >= j, ordered by j then i
    idx.setflags(write=False)
    return idx


def vech_index(n: int) -> np.ndarray:
    """Positions in vec A (column-major) of the entries of vech A.

    >>> from kronsym.indexmaps import vech_index
    >>> vech_index(3).tolist()
    [0, 1, 2, 4, 5, 8]
    """
    return _vech_index(int(n))


@lru_cache(maxsize=64)
def _dup_index(n: int) -> np.ndarray:
    pos = np.empty((n, n), dtype=np.int64)
    r, c = np.triu_indices(n)
    k = np.arange(r.size)
    pos[c, r] = k                      # lower triangle (i, j) = (c, r)
    pos[r, c] = k                      # its mirror image
    idx = pos.reshape(-1, order="F")
    idx.setflags(write=False)
    return idx


def dup_index(n: int) -> np.ndarray:
    """For each entry of vec A, its position in vech A (the mirror entry for i < j).

    >>> from kronsym.indexmaps import dup_index
    >>> dup_index(2).tolist()
    [0, 1, 1, 2]
    """
    return _dup_index(int(n))
