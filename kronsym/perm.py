"""Permutation structure: which nodes are permutation matrices, and their index vectors.

Owns: ``is_permutation(node)`` (I, K_{m,n}, their transposes and Kronecker products of
these) and ``permutation(node, dim)``, the vector p with ``(P @ M)[i] == M[p[i]]``. The
SymPy oracle (kronsym.explicit) applies such factors as row permutations instead of
forming the matrix (the sparse runtime does the same from the IR's factor tags, by
``kronsym.indexmaps.kron_permutation_index``).
"""
from __future__ import annotations

import numpy as np

from . import nodes as N
from .indexmaps import commutation_index

__all__ = ["is_permutation", "permutation"]

#: index dtype of the permutation vectors (scipy keeps int32 indices when they fit)
_IDX = np.int32


def permutation(node, dim, inverse=False):
    """For a permutation node (I, K, their transposes, Kronecker products of these):
    the vector p with (P @ M)[i] = M[p[i]] (or, with ``inverse``, its inverse: the row
    each row of M moves to); None for any other node. Built factor by factor, so the
    inverse never needs a scatter over the whole length.

    >>> import kronsym as ks
    >>> from kronsym.perm import permutation
    >>> permutation(ks.K(2, 3), int).tolist(), permutation(ks.K(2, 3).T, int).tolist()
    ([0, 2, 4, 1, 3, 5], [0, 3, 1, 4, 2, 5])
    """
    while isinstance(node, N.Transpose):   # Pᵀ = P⁻¹ (iterative: any depth of ᵀ)
        node, inverse = node.children[0], not inverse
    if isinstance(node, N.Identity):
        return np.arange(dim(node.params[0]), dtype=_IDX)
    if isinstance(node, N.Commutation):
        m, n = dim(node.params[0]), dim(node.params[1])
        if inverse:                       # K_{m,n}⁻¹ = K_{n,m}
            m, n = n, m
        return commutation_index(m, n).astype(_IDX, copy=False)
    if isinstance(node, N.Kron):
        parts = [permutation(c, dim, inverse) for c in node.children]
        if any(x is None for x in parts):
            return None
        p = np.zeros(1, dtype=_IDX)
        for x in parts:
            p = (p[:, None] * x.size + x[None, :]).ravel()
        return p
    return None


def is_permutation(node) -> bool:
    """Structurally a permutation: I, K, their transposes and Kronecker products.

    >>> import kronsym as ks
    >>> from kronsym.perm import is_permutation
    >>> m, n = ks.dims("m n")
    >>> is_permutation(ks.kron(ks.I(n), ks.K(m, n).T)), is_permutation(ks.MatrixSymbol("A", n, n))
    (True, False)
    """
    stack = [node]
    while stack:
        g = stack.pop()
        if isinstance(g, N.Transpose):
            stack.append(g.children[0])
        elif isinstance(g, N.Kron):
            stack.extend(g.children)
        elif not isinstance(g, (N.Identity, N.Commutation)):
            return False
    return True
