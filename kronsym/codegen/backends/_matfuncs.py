"""The matrix-function ops (kronsym.codegen.lower_matfuncs.MATFUNC_OPS) of each backend.

Owns: ``numpy_ops``, ``jax_ops``, ``torch_ops``, ``mpmath_ops`` (each: op name -> function)
and the reasons an op is missing (``JAX_UNSUPPORTED``, ``TORCH_UNSUPPORTED``).

Contract: ``<f>(X)`` is the backend's own routine; ``<f>_frechet_apply(X, V)`` is J_f(X) V
for an n²×k block V, column j being vec L_f(X, unvec V[:, j]), computed by the
block-triangular identity f([[X, E], [0, X]]) = [[f(X), L_f(X, E)], [0, f(X)]] (or a
Sylvester solve for sqrtm) and never by forming J_f(X); ``<f>_jacobian(X)`` forms the
n²×n² J_f(X) as J_f(X) I (small n only).
"""
from __future__ import annotations

__all__ = ["numpy_ops", "jax_ops", "torch_ops", "mpmath_ops", "JAX_UNSUPPORTED",
           "TORCH_UNSUPPORTED"]


def _with_jacobians(ops: dict, eye) -> dict:
    """Add ``<f>_jacobian(X) = <f>_frechet_apply(X, I_{n²})`` for each f in ``ops``."""
    out = dict(ops)
    for name in [k for k in ops if k.endswith("_frechet_apply")]:
        f = name[: -len("_frechet_apply")]
        out[f + "_jacobian"] = (lambda apply: lambda x: apply(x, eye(x.shape[0] ** 2, x)))(ops[name])
    return out


def numpy_ops() -> dict:
    """scipy.linalg's expm / logm / sqrtm and expm_frechet (kronsym.matfunc_numeric)."""
    import numpy as np
    from ... import matfunc_numeric as M
    def apply(f):
        return lambda x, V: M.frechet_apply(f, x, V)
    ops = {}
    for f in ("expm", "logm", "sqrtm"):
        ops[f] = M.VALUE[f]
        ops[f + "_frechet_apply"] = apply(f)
    return _with_jacobians(ops, lambda k, x: np.eye(k, dtype=np.result_type(x, float)))


def _batched(V, n):
    """The k directions of an n²×k block as a (k, n, n) batch (column-major unvec)."""
    k = V.shape[1]
    return V.T.reshape(k, n, n).swapaxes(1, 2)


def _unbatched(Ls, n):
    """(k, n, n) -> the n²×k block of their vecs."""
    k = Ls.shape[0]
    return Ls.swapaxes(1, 2).reshape(k, n * n).T


def jax_ops() -> dict:
    """jax.scipy.linalg.expm / expm_frechet (batched over the columns), sqrtm with a
    Sylvester solve for its Fréchet derivative; jit-able."""
    import jax.numpy as jnp
    import jax.scipy.linalg as jsl

    def expm_apply(x, V):
        n = x.shape[0]
        E = _batched(V, n)
        A = jnp.broadcast_to(x, E.shape)
        return _unbatched(jsl.expm_frechet(A, E, compute_expm=False), n)

    def sqrtm(x):
        y = jsl.sqrtm(x)
        return jnp.real(y) if not jnp.iscomplexobj(x) else y

    def sqrtm_apply(x, V):
        n = x.shape[0]
        y = sqrtm(x)
        E = _batched(V, n)
        Z = jnp.stack([jsl.solve_sylvester(y, y, E[j]) for j in range(E.shape[0])]) \
            if E.shape[0] else E
        return _unbatched(Z, n)

    ops = {"expm": jsl.expm, "expm_frechet_apply": expm_apply, "sqrtm": sqrtm,
           "sqrtm_frechet_apply": sqrtm_apply}
    return _with_jacobians(ops, lambda k, x: jnp.eye(k, dtype=x.dtype))


JAX_UNSUPPORTED = {op: "jax.scipy.linalg has no logm (only funm, a Schur–Parlett recurrence "
                       "without blocking, inaccurate for close eigenvalues); lambdify this "
                       "expression with backend='numpy' or 'mpmath'"
                   for op in ("logm", "logm_frechet_apply", "logm_jacobian")}


def torch_ops() -> dict:
    """torch.linalg.matrix_exp, and its Fréchet derivative as the upper-right block of
    matrix_exp([[X, E], [0, X]]) (batched over the columns, as torch's own backward)."""
    import torch

    def expm_apply(x, V):
        n, k = x.shape[0], V.shape[1]
        E = _batched(V, n)
        big = torch.zeros((k, 2 * n, 2 * n), dtype=torch.result_type(x, V), device=V.device)
        big[:, :n, :n] = x
        big[:, n:, n:] = x
        big[:, :n, n:] = E
        return _unbatched(torch.linalg.matrix_exp(big)[:, :n, n:], n)

    ops = {"expm": torch.linalg.matrix_exp, "expm_frechet_apply": expm_apply}
    return _with_jacobians(ops, lambda k, x: torch.eye(k, dtype=x.dtype))


TORCH_UNSUPPORTED = {
    **{op: "torch.linalg has no matrix logarithm; lambdify this expression with "
           "backend='numpy' or 'mpmath'" for op in ("logm", "logm_frechet_apply", "logm_jacobian")},
    **{op: "torch.linalg has no matrix square root; lambdify this expression with "
           "backend='numpy', 'jax' or 'mpmath'"
       for op in ("sqrtm", "sqrtm_frechet_apply", "sqrtm_jacobian")}}


def mpmath_ops() -> dict:
    """mpmath.expm / logm / sqrtm at the working precision (mpmath.mp.dps); Fréchet
    derivatives as the upper-right block of f([[X, E], [0, X]]) in mpmath."""
    import mpmath
    import numpy as np

    def to_mat(a):
        return mpmath.matrix(a.tolist())

    def from_mat(M):
        return np.array(M.tolist(), dtype=object).reshape(M.rows, M.cols)

    def value(f):
        return lambda x: from_mat(getattr(mpmath, f)(to_mat(x)))

    def apply(f):
        def fn(x, V):
            n = x.shape[0]
            cols = []
            for j in range(V.shape[1]):
                big = mpmath.zeros(2 * n, 2 * n)
                for r in range(n):
                    for c in range(n):
                        big[r, c] = big[n + r, n + c] = x[r, c]
                        big[r, n + c] = V[r + n * c, j]
                L = getattr(mpmath, f)(big)
                cols.append([L[r, n + c] for c in range(n) for r in range(n)])
            out = np.empty((n * n, len(cols)), dtype=object)
            for j, col in enumerate(cols):
                out[:, j] = col
            return out
        return fn
    ops = {}
    for f in ("expm", "logm", "sqrtm"):
        ops[f] = value(f)
        ops[f + "_frechet_apply"] = apply(f)

    def eye(k, x):
        out = np.empty((k, k), dtype=object)
        for i in range(k):
            for j in range(k):
                out[i, j] = mpmath.mpf(int(i == j))
        return out
    return _with_jacobians(ops, eye)
