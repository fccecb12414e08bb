"""Index formulas for half-vectorization: vech, D_n, L_n and N_n as numpy arrays.

Owns: the index maps every numeric path shares (the dense oracle, the code
generation backends, the sparse form), so that D_n and L_n are applied as
gathers and never formed in a product.

Contract (column-major vec, Magnus & Neudecker ch. 3 §8):
* ``vech_index(n)[k]`` is the position in vec A of the k-th entry of vech A
  (the lower triangle a_ij, i ≥ j, column by column): ``vech(A) = vec(A)[vech_index(n)]``
  and ``L_n V = V[vech_index(n)]``.
* ``dup_index(n)[k]`` is the position in vech A of vec A's k-th entry a_ij,
  namely of a_{max(i,j), min(i,j)}: ``D_n V = V[dup_index(n)]``.
* The dense matrices are built from these maps by one scatter each (no Python
  loop over the n² entries).
"""
from __future__ import annotations

from functools import lru_cache

import numpy as np

from .indexmaps import commutation_matrix

__all__ = ["vech_index", "dup_index", "duplication_matrix", "elimination_matrix",
           "symmetrizer_matrix", "vech_array"]


@lru_cache(maxsize=64)
def _vech_index(n: int) -> np.ndarray:
    r, c = np.triu_indices(n)          # r <= c, ordered by r then c
    idx = c + n * r                    # entry (i, j) = (c, r): i >= j, ordered by j then i
    idx.setflags(write=False)
    return idx


def vech_index(n: int) -> np.ndarray:
    """Positions in vec A (column-major) of the entries of vech A.

    >>> from kronsym.halfvec import vech_index
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

    >>> from kronsym.halfvec import dup_index
    >>> dup_index(2).tolist()
    [0, 1, 1, 2]
    """
    return _dup_index(int(n))


def duplication_matrix(n: int) -> np.ndarray:
    """Dense D_n (n²×n(n+1)/2) with ``D @ vech(A) == vec(A)`` for symmetric A.

    >>> from kronsym.halfvec import duplication_matrix
    >>> duplication_matrix(2).astype(int).tolist()
    [[1, 0, 0], [0, 1, 0], [0, 1, 0], [0, 0, 1]]
    """
    n = int(n)
    D = np.zeros((n * n, n * (n + 1) // 2))
    D[np.arange(n * n), dup_index(n)] = 1.0
    return D


def elimination_matrix(n: int) -> np.ndarray:
    """Dense L_n (n(n+1)/2×n²) with ``L @ vec(A) == vech(A)`` for every n×n A.

    >>> from kronsym.halfvec import elimination_matrix
    >>> elimination_matrix(2).astype(int).tolist()
    [[1, 0, 0, 0], [0, 1, 0, 0], [0, 0, 0, 1]]
    """
    n = int(n)
    idx = vech_index(n)
    L = np.zeros((idx.size, n * n))
    L[np.arange(idx.size), idx] = 1.0
    return L


def symmetrizer_matrix(n: int) -> np.ndarray:
    """Dense N_n = (I_{n²} + K_{n,n})/2.

    >>> from kronsym.halfvec import symmetrizer_matrix
    >>> symmetrizer_matrix(2).tolist()
    [[1.0, 0.0, 0.0, 0.0], [0.0, 0.5, 0.5, 0.0], [0.0, 0.5, 0.5, 0.0], [0.0, 0.0, 0.0, 1.0]]
    """
    n = int(n)
    return 0.5 * (np.eye(n * n) + commutation_matrix(n, n))


def vech_array(a) -> np.ndarray:
    """vech of a square numpy array, as an (n(n+1)/2)×1 column.

    >>> import numpy as np
    >>> from kronsym.halfvec import vech_array
    >>> vech_array(np.arange(4.).reshape(2, 2)).ravel().tolist()
    [0.0, 2.0, 3.0]
    """
    n = a.shape[0]
    return a.reshape(-1, order="F")[vech_index(n)].reshape(-1, 1)
