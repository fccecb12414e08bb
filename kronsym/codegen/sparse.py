"""``form="sparse"``: a scipy.sparse matrix built directly from the structure.

Owns: ``sparse_value(expr, values)``. Identities, commutation matrices and
Kronecker products are built as sparse matrices (never densely); other
leaves and subexpressions free of structure are evaluated densely with the
numpy lowering and converted. Products and sums stay sparse.
"""
from __future__ import annotations

from typing import Dict

import numpy as np

from .. import nodes as N
from ..traverse import postorder

__all__ = ["sparse_value"]


def _commutation(m, n):
    import scipy.sparse as sp
    i = np.arange(m).repeat(n)
    j = np.tile(np.arange(n), m)
    rows = j + n * i
    cols = i + m * j
    return sp.csr_matrix((np.ones(m * n), (rows, cols)), shape=(m * n, m * n))


def _perm(node, dim):
    """For a permutation node (I, K, their transposes, Kronecker products of these):
    the vector p with (P @ M)[i] = M[p[i]]; None for any other node."""
    if isinstance(node, N.Identity):
        return np.arange(dim(node.params[0]))
    if isinstance(node, N.Commutation):
        m, n = dim(node.params[0]), dim(node.params[1])
        i = np.arange(m).repeat(n)
        j = np.tile(np.arange(n), m)
        p = np.empty(m * n, dtype=np.int64)
        p[j + n * i] = i + m * j
        return p
    if isinstance(node, N.Transpose):
        inner = _perm(node.children[0], dim)
        if inner is None:
            return None
        inv = np.empty_like(inner)
        inv[inner] = np.arange(inner.size)
        return inv
    if isinstance(node, N.Kron):
        parts = [_perm(c, dim) for c in node.children]
        if any(x is None for x in parts):
            return None
        p = np.zeros(1, dtype=np.int64)
        for x in parts:
            p = (p[:, None] * x.size + x[None, :]).ravel()
        return p
    return None


def _is_perm_node(node) -> bool:
    """Structurally a permutation: I, K, their transposes and Kronecker products."""
    if isinstance(node, (N.Identity, N.Commutation)):
        return True
    if isinstance(node, N.Transpose):
        return _is_perm_node(node.children[0])
    if isinstance(node, N.Kron):
        return all(_is_perm_node(c) for c in node.children)
    return False


#: symmetric-matrix leaves built sparse from their index maps (kronsym.halfvec)
_HALFVEC = (N.Duplication, N.Elimination, N.Symmetrizer)


def _halfvec_sparse(node, n):
    """D_n, L_n or N_n as a CSR matrix, from the index maps (never dense)."""
    import scipy.sparse as sp
    from ..halfvec import dup_index, vech_index
    if isinstance(node, N.Duplication):
        return sp.csr_matrix((np.ones(n * n), (np.arange(n * n), dup_index(n))),
                             shape=(n * n, n * (n + 1) // 2))
    if isinstance(node, N.Elimination):
        idx = vech_index(n)
        return sp.csr_matrix((np.ones(idx.size), (np.arange(idx.size), idx)),
                             shape=(idx.size, n * n))
    return ((sp.identity(n * n, format="csr") + _commutation(n, n)) * 0.5).tocsr()


def _is_eye_kron(nd, structured) -> bool:
    return isinstance(nd, N.Kron) and len(nd.children) == 2 and \
        isinstance(nd.children[0], N.Identity) and not structured[nd.children[1]]


def _eye_kron(k: int, M):
    """I_k ⊗ M as a COO matrix, built directly (block diagonal) from the dense M."""
    import scipy.sparse as sp
    M = np.asarray(M)
    r, c = M.shape
    ii, jj = np.nonzero(M)
    vals = M[ii, jj]
    nz = ii.size
    blocks = np.repeat(np.arange(k), nz)
    rows = np.tile(ii, k) + blocks * r
    cols = np.tile(jj, k) + blocks * c
    return sp.coo_matrix((np.tile(vals, k), (rows, cols)), shape=(k * r, k * c))


def sparse_value(expr, values: Dict, binding: Dict):
    """The value of ``expr`` as a scipy.sparse CSR matrix."""
    import scipy.sparse as sp
    from ..bind import concrete
    from ..evaluate import evaluate

    def dim(d):
        return concrete(d, binding)

    order = postorder(expr)
    structured = {}
    for nd in order:
        structured[nd] = isinstance(nd, (N.Identity, N.Commutation, N.ZeroMatrix) + _HALFVEC) or any(
            structured[c] for c in nd.children)
    # which values are needed: permutation factors of products are applied as row
    # permutations and I ⊗ M is built directly, so their operands are never formed
    needed = {expr}
    for nd in reversed(order):
        if nd not in needed or not structured[nd]:
            continue
        if isinstance(nd, N.MatMul):
            needed.add(nd.children[-1])
            needed.update(f for f in nd.children[:-1] if not _is_perm_node(f))
        elif _is_eye_kron(nd, structured):
            pass
        else:
            needed.update(nd.children)
    val: Dict = {}
    for nd in order:
        if not structured[nd] or nd not in needed:
            continue
        kids = [(val[c] if c in val else sp.csr_matrix(evaluate(c, values))) if c in needed
                else None for c in nd.children]
        if isinstance(nd, N.Identity):
            v = sp.identity(dim(nd.params[0]), format="csr")
        elif isinstance(nd, N.Commutation):
            v = _commutation(dim(nd.params[0]), dim(nd.params[1]))
        elif isinstance(nd, N.ZeroMatrix):
            v = sp.csr_matrix((dim(nd.rows), dim(nd.cols)))
        elif isinstance(nd, _HALFVEC):
            v = _halfvec_sparse(nd, dim(nd.params[0]))
        elif isinstance(nd, N.Kron):
            if _is_eye_kron(nd, structured):
                v = _eye_kron(dim(nd.children[0].params[0]), evaluate(nd.children[1], values))
            else:
                v = kids[0]
                for k in kids[1:]:
                    v = sp.kron(v, k, format="csr")
        elif isinstance(nd, N.MatMul):
            v = kids[-1]
            for f, k in zip(reversed(nd.children[:-1]), reversed(kids[:-1])):
                p = _perm(f, dim)
                if p is None:
                    v = k @ v
                    continue
                # P @ M moves the entry in row r to row pinv[r]: remap COO row indices
                v = v.tocoo() if not sp.isspmatrix_coo(v) else v
                pinv = np.empty_like(p)
                pinv[p] = np.arange(p.size)
                v = sp.coo_matrix((v.data, (pinv[v.row], v.col)), shape=v.shape)
        elif isinstance(nd, N.MatAdd):
            v = kids[0]
            for k in kids[1:]:
                v = v + k
        elif isinstance(nd, N.ScalarMul):
            v = float(nd.coeff.xreplace({s: binding[s] for s in nd.coeff.free_symbols
                                         if s in binding})) * kids[0]
        elif isinstance(nd, N.Transpose):
            v = kids[0].T.tocsr()
        else:
            v = sp.csr_matrix(evaluate(nd, values))
        val[nd] = v if sp.issparse(v) else sp.csr_matrix(v)
    if expr in val:
        return sp.csr_matrix(val[expr])
    return sp.csr_matrix(evaluate(expr, values))
