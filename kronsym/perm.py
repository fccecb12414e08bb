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
from .indexmaps import kron_permutation_index

__all__ = ["is_permutation", "permutation"]

#: index dtype of the permutation vectors (scipy keeps int32 indices when they fit)
_IDX = np.int32


def permutation(node, dim, inverse=False):
    """For a permutation node (I, K, their transposes, Kronecker products of these):
    the vector p with (P @ M)[i] = M[p[i]] (or, with ``inverse``, its inverse: the row
    each row of M moves to); None for any other node. The inverse is the permutation of
    Pᵀ, so it never needs a scatter over the whole length; the index map itself is
    :func:`kronsym.indexmaps.kron_permutation_index`, shared with the sparse runtime.

    >>> import kronsym as ks
    >>> from kronsym.perm import permutation
    >>> permutation(ks.K(2, 3), int).tolist(), permutation(ks.K(2, 3).T, int).tolist()
    ([0, 2, 4, 1, 3, 5], [0, 3, 1, 4, 2, 5])
    """
    factors = _factors(node, inverse)
    if factors is None:
        return None
    sizes = [(f[0], *map(dim, f[1:])) for f in factors]
    return kron_permutation_index(sizes).astype(_IDX, copy=False)


def _factors(node, inverse=False):
    """``node`` as Kronecker factors ("I", n) / ("K", m, n) of
    :func:`kronsym.indexmaps.kron_permutation_index` (Pᵀ = P⁻¹ and
    (A ⊗ B)ᵀ = Aᵀ ⊗ Bᵀ, K_{m,n}ᵀ = K_{n,m}), or None if it is not a permutation node.
    Iterative, so any depth of ᵀ and ⊗ is fine."""
    out: list = []
    stack = [(node, inverse)]
    while stack:
        x, t = stack.pop()
        if isinstance(x, N.Transpose):
            stack.append((x.children[0], not t))
        elif isinstance(x, N.Identity):
            out.append(("I", x.params[0]))
        elif isinstance(x, N.Commutation):
            m, n = x.params
            out.append(("K", n, m) if t else ("K", m, n))
        elif isinstance(x, N.Kron):
            stack.extend((c, t) for c in reversed(x.children))
        else:
            return None
    return out


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
