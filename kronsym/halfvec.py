"""Half-vectorization as numpy arrays: dense D_n, L_n, N_n and vech, from the index maps.

Owns: the dense matrices and ``vech_array``, built from the index maps
``vech_index`` / ``dup_index`` of kronsym.indexmaps (the one module for index
formulas; re-exported here), which every numeric path shares (the dense oracle, the
code generation backends, the sparse runtime) so that D_n and L_n are applied as
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

import numpy as np

from .indexmaps import commutation_matrix, dup_index, vech_index

__all__ = ["vech_index", "dup_index", "duplication_matrix", "elimination_matrix",
           "symmetrizer_matrix", "vech_array"]


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
