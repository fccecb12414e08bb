"""The prover's exact and high-precision evaluators for the pseudo-inverse family.

Owns: ``MODP`` / ``MP`` (node type -> evaluation), consulted by :mod:`kronsym.exacteval`
for Pinv and Adj; ``evaluate``.

Contract: as :mod:`kronsym.exacteval`. X⁺ is a rational function of X on the (dense)
set of full-rank matrices: (XᵀX)⁻¹Xᵀ for m ≥ n, Xᵀ(XXᵀ)⁻¹ for m < n, which is the
Moore–Penrose inverse wherever X has full rank (Penrose's four conditions hold). Where
the Gram matrix is singular (a rank-deficient point, or an argument such as 1 1ᵀ that
is rank-deficient for every value) the exact form does not apply: ``Unsupported`` is
raised and the prover decides that dimension assignment in float64, where X⁺ is
numpy's SVD pseudo-inverse. adj X is a polynomial: det(X) X⁻¹ where det X ≠ 0, else
(exactly) the transposed matrix of cofactors. λ(S), U(S), ‖X‖_* and polar(X) have no
exact or high-precision form here (the prover evaluates them in float64).
"""
from __future__ import annotations

import numpy as np

from . import nodes as N

__all__ = ["MODP", "MP", "evaluate"]


def _pinv(kids, ops):
    x = kids[0]
    m, n = x.shape
    try:
        if m >= n:
            return ops.matmul(ops.inverse(ops.matmul(x.T.copy(), x)), x.T.copy())
        return ops.matmul(x.T.copy(), ops.inverse(ops.matmul(x, x.T.copy())))
    except ops.Undefined:
        raise ops.Unsupported("the exact pseudo-inverse needs full rank (the Gram matrix is "
                              "singular here)") from None


def _adj_exact(kids, ops, det, mod):
    x = kids[0]
    n = x.shape[0]
    if n == 1:
        return np.ones((1, 1), dtype=x.dtype)
    d = det(x)
    if d != 0:
        return ops.inverse(x) * d % mod
    out = np.zeros((n, n), dtype=np.int64)
    for i in range(n):
        for j in range(n):
            minor = np.delete(np.delete(x, i, axis=0), j, axis=1)
            out[j, i] = (-1) ** (i + j) * det(minor) % mod
    return out % mod


def _adj_mp(kids, ops, det, mod):
    x = kids[0]
    if x.shape[0] == 1:
        return np.array([[ops.ctx.mpf(1)]], dtype=object)
    return ops.inverse(x) * det(x)


MODP = {N.Pinv: lambda kids, ops, det, mod: _pinv(kids, ops) % mod, N.Adj: _adj_exact}
MP = {N.Pinv: lambda kids, ops, det, mod: _pinv(kids, ops), N.Adj: _adj_mp}


def evaluate(how: str, node, kids, ops, det, mod=None):
    """The value of a Pinv or Adj node for the evaluator ``how`` ("exact" or
    "high-precision"); ``det`` is that evaluator's determinant, ``mod`` its prime."""
    fn = (MODP if how == "exact" else MP)[type(node)]
    return fn(kids, ops, det, mod)
