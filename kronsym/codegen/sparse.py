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


def sparse_value(expr, values: Dict, binding: Dict):
    """The value of ``expr`` as a scipy.sparse CSR matrix."""
    import scipy.sparse as sp
    from ..bind import concrete
    from ..evaluate import evaluate

    def dim(d):
        return concrete(d, binding)

    structured = {}
    for nd in postorder(expr):
        structured[nd] = isinstance(nd, (N.Identity, N.Commutation, N.ZeroMatrix)) or any(
            structured[c] for c in nd.children)
    val: Dict = {}
    for nd in postorder(expr):
        if not structured[nd]:
            continue
        kids = [val[c] if c in val else sp.csr_matrix(evaluate(c, values)) for c in nd.children]
        if isinstance(nd, N.Identity):
            v = sp.identity(dim(nd.params[0]), format="csr")
        elif isinstance(nd, N.Commutation):
            v = _commutation(dim(nd.params[0]), dim(nd.params[1]))
        elif isinstance(nd, N.ZeroMatrix):
            v = sp.csr_matrix((dim(nd.rows), dim(nd.cols)))
        elif isinstance(nd, N.Kron):
            v = kids[0]
            for k in kids[1:]:
                v = sp.kron(v, k, format="csr")
        elif isinstance(nd, N.MatMul):
            v = kids[-1]
            for k in reversed(kids[:-1]):
                v = k @ v
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
        val[nd] = sp.csr_matrix(v)
    if expr in val:
        return val[expr]
    return sp.csr_matrix(evaluate(expr, values))
