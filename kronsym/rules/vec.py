"""vec rules.

Family ``vec``. Direction (cost model): an expression is canonical when it
forms no Kronecker product it does not need. (C ⊗ A) vec X costs a dense
Kronecker product (O(m²n²) entries) where vec(A X Cᵀ) costs two matrix
products, so the rule contracts Kronecker-times-vec into vec of a product;
vec of a sum is distributed; vec(a bᵀ) of two vectors is written b ⊗ a (no
product to contract). Sources: the paper, Theorem 2.1 eq. (3); seed 001
(vec(x xᵀ) = x ⊗ x); Magnus & Neudecker ch. 2.
"""
from __future__ import annotations

from .. import nodes as N
from ..dims import dims_equal
from . import rule


@rule("vec", N.Vec)
def vec_of_sum(e):
    """vec(A + B) = vec A + vec B  [linearity]"""
    x = e.children[0]
    if isinstance(x, N.MatAdd):
        return N.MatAdd(*[N.Vec(t) for t in x.children])
    return None


@rule("vec", N.Vec)
def vec_of_outer_product(e):
    """vec(a bᵀ) = b ⊗ a for columns a, b  [seed 001: vec(x xᵀ) = x ⊗ x]"""
    x = e.children[0]
    if isinstance(x, N.MatMul) and len(x.children) == 2:
        a, bt = x.children
        if a.cols == 1 and bt.rows == 1:
            b = bt.children[0] if isinstance(bt, N.Transpose) else N.Transpose(bt)
            return N.Kron(b, a)
    return None


@rule("vec", N.MatMul)
def kron_times_vec(e):
    """(C ⊗ A) vec X = vec(A X Cᵀ)  [the vec trick, the paper eq. (3), read right to left]"""
    kids = e.children
    for i in range(len(kids) - 1):
        k, v = kids[i], kids[i + 1]
        if isinstance(k, N.Kron) and len(k.children) == 2 and isinstance(v, N.Vec):
            C, A = k.children
            X = v.children[0]
            if dims_equal(X.rows, A.cols) is True and dims_equal(X.cols, C.cols) is True:
                new = N.Vec(N.MatMul(A, X, N.Transpose(C)))
                rest = kids[:i] + (new,) + kids[i + 2:]
                return rest[0] if len(rest) == 1 else N.MatMul(*rest)
    return None
