"""The predicate "this expression is a symmetric matrix", for rules that use Mᵀ = M.

Owns: ``is_symmetric(e)`` (no rules here). It answers True only when symmetry follows
from the structure, for every value of the symbols: a symmetric symbol (``ks.symmetric``),
I, 0, 1_{n×n}, K_{n,n}, N_n, a diagonal matrix diag(v), every 1×1 expression; the
transpose, inverse, matrix power, scalar multiple, entrywise function or power of a
symmetric matrix; sums, Kronecker, Hadamard and Kronecker-sum products of symmetric
matrices; and a palindromic product A_1 ⋯ A_k with A_{k+1−i} = A_iᵀ whose middle factor
(k odd) is symmetric: XᵀX, XᵀAX for a symmetric A, S⁻¹ u uᵀ S⁻¹. False means "not known".

Iterative: the answers of a subtree are cached by node (nodes are interned), so a
rule asking at every node of a tree costs O(size) in all.
"""
from __future__ import annotations

import weakref

from .. import nodes as N
from ..dims import dims_equal
from ..traverse import postorder

__all__ = ["is_symmetric"]

_cache: "weakref.WeakKeyDictionary[N.Expr, bool]" = weakref.WeakKeyDictionary()

_ALWAYS = (N.SymmetricSymbol, N.Identity, N.Symmetrizer, N.Diag)
_IF_CHILDREN = (N.Transpose, N.Inverse, N.MatPow, N.ScalarMul, N.MatAdd, N.Kron, N.Hadamard,
                N.KronSum, N.Power, N.EntrywiseFunc)


def _square(e) -> bool:
    return dims_equal(e.rows, e.cols) is True


def _transposed(f):
    return f.children[0] if isinstance(f, N.Transpose) else N.Transpose(f)


def _mirror(a, b, sym) -> bool:
    """b = aᵀ, structurally (or a = b with a symmetric)."""
    return b is _transposed(a) or (a is b and sym(a))


def _decide(e, sym) -> bool:
    if e.is_scalar:
        return True
    if not _square(e):
        return False
    if isinstance(e, _ALWAYS):
        return True
    if isinstance(e, (N.ZeroMatrix, N.Ones)):
        return True
    if isinstance(e, N.Commutation):
        return dims_equal(e.params[0], e.params[1]) is True
    if isinstance(e, N.Scale):
        return sym(e.children[1])
    if isinstance(e, _IF_CHILDREN):
        return all(sym(c) for c in e.children)
    if isinstance(e, N.MatMul):
        fs = e.children
        k = len(fs)
        if not all(_mirror(fs[i], fs[k - 1 - i], sym) for i in range(k // 2)):
            return False
        return k % 2 == 0 or sym(fs[k // 2])
    return False


def is_symmetric(e) -> bool:
    """True when ``e`` is symmetric for every value of its symbols (False: not known).

    >>> import kronsym as ks
    >>> from kronsym.rules.symmetry import is_symmetric
    >>> m, n = ks.dims("m n")
    >>> X = ks.MatrixSymbol("X", m, n); A = ks.symmetric("A", m)
    >>> is_symmetric(ks.inv(X.T @ A @ X)), is_symmetric(X.T @ X @ X.T @ X), is_symmetric(A @ X @ X.T)
    (True, True, False)
    """
    got = _cache.get(e)
    if got is not None:
        return got
    for node in postorder(e, done=lambda x: x in _cache):
        # the mirror test may build a transpose not yet decided: decide it on the spot
        # (a Transpose asks only its child, which is in the cache by then)
        _cache[node] = _decide(node, _lookup)
    return _cache[e]


def _lookup(x) -> bool:
    got = _cache.get(x)
    if got is None:
        if isinstance(x, N.Transpose) and x.children[0] in _cache:
            got = _cache[x.children[0]]
        else:
            got = is_symmetric(x)
    return got
