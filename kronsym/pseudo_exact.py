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

__all__ = ["MODP", "MP", "MP_ONLY", "evaluate"]


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


def _real_matrix(ops, a):
    if any(isinstance(x, ops.ctx.mpc) for x in a.ravel()):
        raise ops.Undefined("a complex matrix in a real spectral function")
    return ops.ctx.matrix(a.tolist())


def _eigsy(ops, a):
    """Eigenpairs of ½(S + Sᵀ) ascending; Undefined at a repeat (to the working precision)."""
    ctx = ops.ctx
    e, q = ctx.eigsy(_real_matrix(ops, (a + a.T) * ctx.mpf(0.5)))
    w = [e[i] for i in range(e.rows)]
    order = sorted(range(len(w)), key=lambda i: w[i])
    v = np.array(q.tolist(), dtype=object).reshape(q.rows, q.cols)[:, order]
    return [w[i] for i in order], v


def _eigvalsh(kids, ops, det, mod):
    return np.array(_eigsy(ops, kids[0])[0], dtype=object).reshape(-1, 1)


def _eigvecsh(kids, ops, det, mod):
    w, v = _eigsy(ops, kids[0])
    scale = max([abs(x) for x in w] + [ops.ctx.mpf(1)])
    if any(w[i + 1] - w[i] <= ops.tiny * scale for i in range(len(w) - 1)):
        raise ops.Undefined("eigenvectors at a repeated eigenvalue")
    for j in range(v.shape[1]):
        big = max(range(v.shape[0]), key=lambda i: abs(v[i, j]))
        if v[big, j] < 0:
            v[:, j] = -v[:, j]
    return v


def _svd(ops, a):
    """Thin SVD (U, s, Vᵀ) at the working precision (a wide matrix through its transpose)."""
    ctx = ops.ctx
    m, n = a.shape
    t = a if m >= n else a.T
    u, s, vt = ctx.svd_r(_real_matrix(ops, t))
    u = np.array(u.tolist(), dtype=object).reshape(u.rows, u.cols)
    vt = np.array(vt.tolist(), dtype=object).reshape(vt.rows, vt.cols)
    s = [s[i] for i in range(len(s))]
    return (u, s, vt) if m >= n else (vt.T, s, u.T)


def _nuclear_norm(kids, ops, det, mod):
    return np.array([[ops.ctx.fsum(_svd(ops, kids[0])[1])]], dtype=object)


def _polar(kids, ops, det, mod):
    u, s, vt = _svd(ops, kids[0])
    if min(s + [ops.ctx.mpf(1)]) <= ops.tiny * max(s + [ops.ctx.mpf(1)]):
        raise ops.Undefined("the polar factor of a rank-deficient matrix is not unique")
    return np.matmul(u, vt)


MODP = {N.Pinv: lambda kids, ops, det, mod: _pinv(kids, ops) % mod, N.Adj: _adj_exact}
MP = {N.Pinv: lambda kids, ops, det, mod: _pinv(kids, ops), N.Adj: _adj_mp,
      N.Eigvalsh: _eigvalsh, N.Eigvecsh: _eigvecsh, N.NuclearNorm: _nuclear_norm,
      N.Polar: _polar}
#: the node types with a high-precision form only (transcendental for the prover)
MP_ONLY = tuple(t for t in MP if t not in MODP)


def evaluate(how: str, node, kids, ops, det, mod=None):
    """The value of a Pinv or Adj node for the evaluator ``how`` ("exact" or
    "high-precision"); ``det`` is that evaluator's determinant, ``mod`` its prime."""
    fn = (MODP if how == "exact" else MP)[type(node)]
    return fn(kids, ops, det, mod)
