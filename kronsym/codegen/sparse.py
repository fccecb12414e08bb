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
from ..indexmaps import commutation_index
from ..perm import is_permutation, permutation
from ..traverse import postorder

__all__ = ["sparse_value"]

#: index dtype of the structured builds (scipy keeps int32 indices when they fit; building
#: them as int32 from the start saves a copy of every index array)
_IDX = np.int32


def _commutation(m, n):
    import scipy.sparse as sp
    return sp.csr_matrix((np.ones(m * n), (np.arange(m * n), commutation_index(m, n))),
                         shape=(m * n, m * n))


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
    """I_k ⊗ M as a CSC matrix, built directly (block diagonal) from the dense M:
    block b repeats M's compressed columns with row indices shifted by b·rows(M)."""
    import scipy.sparse as sp
    Mc = sp.csc_matrix(np.asarray(M))
    r, c = Mc.shape
    nz = Mc.nnz
    idx = _IDX if k * max(r * c, nz) < 2 ** 31 else np.int64
    blocks = np.arange(k, dtype=idx)
    indices = (Mc.indices.astype(idx)[None, :] + (blocks * r)[:, None]).ravel()
    indptr = np.empty(k * c + 1, dtype=idx)
    indptr[:-1] = (Mc.indptr[:-1][None, :] + (blocks * nz)[:, None]).ravel()
    indptr[-1] = k * nz
    return sp.csc_matrix((np.tile(Mc.data, k), indices, indptr), shape=(k * r, k * c))


def _permute_rows(v, pinv):
    """P @ v for the permutation sending row r to row pinv[r]. A CSC matrix keeps its
    columns (only the row indices change; the sorted flag is recomputed); others go
    through COO."""
    import scipy.sparse as sp
    if sp.isspmatrix_csc(v):
        idx = pinv[v.indices]
        out = sp.csc_matrix((v.data, idx, v.indptr), shape=v.shape)
        ok = idx[1:] > idx[:-1]
        starts = v.indptr[1:-1] - 1          # a fall across a column boundary is allowed
        ok[starts[(starts >= 0) & (starts < ok.size)]] = True
        out.has_sorted_indices = bool(ok.all())
        if not out.has_sorted_indices:
            out.sort_indices()
        return out
    v = v.tocoo()
    return sp.coo_matrix((v.data, (pinv[v.row], v.col)), shape=v.shape)


def sparse_value(expr, values: Dict, binding: Dict):
    """The value of ``expr`` as a scipy.sparse matrix: CSC when the structure gives the
    columns directly (I ⊗ M and row permutations of it, e.g. Theorem 4.1), else CSR."""
    import scipy.sparse as sp
    from ..bind import concrete
    from ..evaluate import evaluate

    def dim(d):
        return concrete(d, binding)

    order = postorder(expr)
    structured: dict = {}
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
            needed.update(f for f in nd.children[:-1] if not is_permutation(f))
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
            v, pending = kids[-1], None       # consecutive permutations are composed first
            for f, k in zip(reversed(nd.children[:-1]), reversed(kids[:-1])):
                if is_permutation(f):
                    # P @ M moves the entry in row r to row pinv[r]
                    pinv = permutation(f, dim, inverse=True)
                    pending = pinv if pending is None else pinv[pending]
                    continue
                if pending is not None:
                    v, pending = _permute_rows(v, pending), None
                v = k @ v
            if pending is not None:
                v = _permute_rows(v, pending)
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
        v = val[expr]
        return v if (sp.isspmatrix_csc(v) or sp.isspmatrix_csr(v)) else sp.csr_matrix(v)
    return sp.csr_matrix(evaluate(expr, values))
