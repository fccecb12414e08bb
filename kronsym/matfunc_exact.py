"""The prover's high-precision evaluation of the matrix functions (mpmath).

Owns: ``MP_MATFUNCS`` (node type -> evaluation at the working precision), merged into
:data:`kronsym.reduction_exact.MP` (so :mod:`kronsym.exacteval` reaches it), and the
domain check ``principal_domain``.

Contract: as :mod:`kronsym.exacteval`. The values are mpmath's ``expm``, ``logm`` and
``sqrtm`` in the evaluator's private context (its precision, never the global one).
``logm`` and ``sqrtm`` are the principal branches and need an argument with no eigenvalue
on the closed negative real axis; an eigenvalue there, or within 10^(−dps/3) of it
relative to the spectral radius (too close to call at this precision), raises
``Undefined`` and the prover redraws. A complex value (a complex-step input) raises
``Undefined`` too: the prover works on the real line. The Jacobians are formed column by
column, each column the upper-right block of f([[X, E], [0, X]]) (Higham 2008, Thm 3.6).
None of these is rational: the exact evaluator never sees them.
"""
from __future__ import annotations

import numpy as np

from . import nodes as N

__all__ = ["MP_MATFUNCS", "principal_domain"]


def _to_mat(ctx, a):
    M = ctx.matrix(a.shape[0], a.shape[1])
    for (i, j), x in np.ndenumerate(a):
        M[i, j] = x
    return M


def _from_mat(M):
    out = np.empty((M.rows, M.cols), dtype=object)
    for i in range(M.rows):
        for j in range(M.cols):
            out[i, j] = M[i, j]
    return out


def _real(a, ops):
    if any(isinstance(x, ops.ctx.mpc) for x in a.ravel()):
        raise ops.Undefined("a matrix function of a complex matrix (the prover works on the "
                            "real line)")


def principal_domain(ctx, M, name: str, undefined) -> None:
    """Raise ``undefined`` unless the mpmath matrix ``M`` has no eigenvalue on (−∞, 0]
    (within 10^(−dps/3) of the spectral radius)."""
    if M.rows == 0:
        return
    if M.rows == 1:                   # mpmath's eig returns vectors too at n = 1
        lam = [M[0, 0]]
    else:
        lam = ctx.eig(M, left=False, right=False)
    scale = max([abs(z) for z in lam] + [ctx.mpf(1)])
    margin = scale * ctx.mpf(10) ** (-(ctx.dps // 3))
    for z in lam:
        if abs(ctx.im(z)) <= margin and ctx.re(z) <= margin:
            raise undefined(f"{name} of a matrix with the eigenvalue {ctx.nstr(ctx.re(z), 5)} "
                            f"on (or too close to) the closed negative real axis")


def _call(ctx, name, M, ops):
    """mpmath's routine; its non-convergence (Denman–Beavers in sqrtm, and so logm) at a
    matrix too ill-conditioned for the working precision is ``Undefined`` (redraw)."""
    try:
        return getattr(ctx, name)(M)
    except (ctx.NoConvergence, ZeroDivisionError) as e:
        raise ops.Undefined(f"mpmath's {name} did not converge ({type(e).__name__})") from None


def _value(name: str):
    def fn(node, kids, subs, ops):
        _real(kids[0], ops)
        ctx = ops.ctx
        M = _to_mat(ctx, kids[0])
        if name != "expm":
            principal_domain(ctx, M, name, ops.Undefined)
        out = _call(ctx, name, M, ops)
        res = _from_mat(out)
        if any(isinstance(x, ctx.mpc) for x in res.ravel()):   # a real X has a real f(X)
            res = np.vectorize(lambda z: ctx.re(z) if isinstance(z, ctx.mpc) else z,
                               otypes=[object])(res)
        return res
    return fn


def _jacobian(node, kids, subs, ops):
    _real(kids[0], ops)
    ctx, name = ops.ctx, node.func
    x = kids[0]
    n = x.shape[0]
    if name != "expm":
        principal_domain(ctx, _to_mat(ctx, x), name, ops.Undefined)
    out = np.empty((n * n, n * n), dtype=object)
    for k in range(n * n):
        big = ctx.matrix(2 * n, 2 * n)
        for i in range(n):
            for j in range(n):
                big[i, j] = big[n + i, n + j] = x[i, j]
        big[k % n, n + k // n] = ctx.mpf(1)          # E = the k-th unit matrix (column-major)
        L = _call(ctx, name, big, ops)
        for j in range(n):
            for i in range(n):
                out[i + n * j, k] = ctx.re(L[i, n + j])
    return out


#: high-precision evaluation of the matrix functions
MP_MATFUNCS = {N.Expm: _value("expm"), N.Logm: _value("logm"), N.Sqrtm: _value("sqrtm"),
               N.MatFuncJacobian: _jacobian}
