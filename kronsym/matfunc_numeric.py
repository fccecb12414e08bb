"""Numeric kernels of the matrix functions (numpy / scipy): values, Fréchet derivatives
applied to a direction, and dense Jacobians.

Owns: ``VALUE``, ``FRECHET`` and ``JACOBIAN`` (function name -> kernel), used by the dense
evaluator (:mod:`kronsym.evaluate`) and the numpy backend, and ``frechet_apply`` (the
Jacobian applied to the columns of a block without forming it).

Contract
--------
* ``expm`` is scipy.linalg.expm; its Fréchet derivative L(X, E) is
  scipy.linalg.expm_frechet (Al-Mohy & Higham 2009: the block-triangular identity
  expm([[X, E], [0, X]]) = [[e^X, L(X, E)], [0, e^X]] evaluated without the 2n×2n matrix).
* ``logm`` / ``sqrtm`` are scipy.linalg.logm / sqrtm, principal branches, for an argument
  with no eigenvalue on the closed negative real axis; elsewhere the result is nan, as
  for every function outside its real domain (docs/conventions.md, "Complex and
  out-of-domain input"). A real argument gives a real result.
* Fréchet derivatives: sqrtm solves the Sylvester equation Y Z + Z Y = E (Y = X^{1/2},
  scipy.linalg.solve_sylvester); logm uses, for an exactly symmetric X, the
  Daleckii–Krein form U (F ∘ Uᵀ E U) Uᵀ with X = U diag(λ) Uᵀ and F the divided differences
  of log (Higham, *Functions of Matrices*, Thm 3.11), and otherwise the block-triangular
  identity logm([[X, E], [0, X]]) (Higham Thm 3.6), which equals the inverse of the expm
  Fréchet map at L = logm X.
* Complex arguments go through the same routines, except a complex step X = R + iH with
  ‖H‖ below 1e-12 ‖R‖ (kronsym.testing's complex-step Jacobians), whose value is
  f(R) + i L_f(R, H): scipy's logm and sqrtm work on a Schur form, which is not analytic
  in X, so their imaginary part would be rounding noise.
* ``JACOBIAN`` forms the n²×n² matrix column by column (n² Fréchet derivatives): for
  dense evaluation and tests at small n only; lowered code applies it (``frechet_apply``).
"""
from __future__ import annotations

from typing import Callable, Dict

import numpy as np

__all__ = ["VALUE", "FRECHET", "JACOBIAN", "frechet_apply", "out_of_domain"]


def out_of_domain(x) -> bool:
    """True if the square ``x`` has a non-finite entry or an eigenvalue on the closed
    negative real axis (where the principal logm / sqrtm of a real matrix does not exist)."""
    x = np.asarray(x)
    if x.size == 0:
        return False
    if not np.all(np.isfinite(x)):
        return True
    lam = np.linalg.eigvals(np.real(x) if np.iscomplexobj(x) else x)
    scale = max(1.0, float(np.max(np.abs(lam))))
    return bool(np.any((np.abs(lam.imag) <= 1e-12 * scale) & (lam.real <= 1e-12 * scale)))


def _nan(x, e=None):
    x = np.asarray(x)
    return np.full(x.shape, np.nan, dtype=np.result_type(x, e if e is not None else x, float))


def _real_like(out, x):
    return np.real(out) if not np.iscomplexobj(x) else out


def _near_real(x) -> bool:
    """A complex ``x`` whose imaginary part is below 1e-12 of its real part (a complex step)."""
    if not np.iscomplexobj(x) or x.size == 0:
        return False
    return float(np.max(np.abs(x.imag))) <= 1e-12 * max(1.0, float(np.max(np.abs(x.real))))


def _value(name: str, routine):
    """f(X) by scipy's routine; for a complex X = R + iH with H tiny (a complex step),
    f(R) + i L_f(R, H): the analytic value to O(‖H‖²), where scipy's Schur-based logm /
    sqrtm would lose the imaginary part below rounding (they are not analytic in X)."""
    def fn(x):
        x = np.asarray(x)
        if name != "expm" and out_of_domain(x):
            return _nan(x)
        if _near_real(x):
            return fn(x.real) + 1j * FRECHET[name](x.real, x.imag)
        return _real_like(routine(x), x)
    fn.__name__ = name
    return fn


def expm(x):
    import scipy.linalg as sl
    return _value("expm", sl.expm)(x)


def logm(x):
    import scipy.linalg as sl
    return _value("logm", sl.logm)(x)


def sqrtm(x):
    import scipy.linalg as sl
    return _value("sqrtm", sl.sqrtm)(x)


def expm_frechet(x, e):
    """L_exp(X, E) (scipy.linalg.expm_frechet)."""
    import scipy.linalg as sl
    return sl.expm_frechet(np.asarray(x), np.asarray(e), compute_expm=False)


def _log_divided_differences(lam):
    """F_ij = (log λ_i − log λ_j)/(λ_i − λ_j), 1/λ_i on the diagonal (λ > 0), stable for
    close eigenvalues: log(λ_i/λ_j)/(λ_i − λ_j) = log1p(d/λ_j)/d with d = λ_i − λ_j."""
    li, lj = lam[:, None], lam[None, :]
    d = li - lj
    with np.errstate(divide="ignore", invalid="ignore"):
        F = np.log1p(d / lj) / d
    close = np.abs(d) <= 1e-12 * np.maximum(np.abs(li), np.abs(lj))
    return np.where(close, 2.0 / (li + lj), F)


def logm_frechet(x, e):
    """L_log(X, E): Daleckii–Krein for an exactly symmetric real X, else the
    block-triangular identity logm([[X, E], [0, X]])[:n, n:]."""
    import scipy.linalg as sl
    x, e = np.asarray(x), np.asarray(e)
    n = x.shape[0]
    if out_of_domain(x):
        return _nan(x, e)
    if not np.iscomplexobj(x) and np.array_equal(x, x.T):
        lam, U = np.linalg.eigh(x)
        return U @ (_log_divided_differences(lam) * (U.T @ e @ U)) @ U.T
    dtype = np.result_type(x, e)
    big = np.zeros((2 * n, 2 * n), dtype=dtype)
    big[:n, :n] = x
    big[n:, n:] = x
    big[:n, n:] = e
    out = sl.logm(big)[:n, n:]
    return out if np.iscomplexobj(x) or np.iscomplexobj(e) else np.real(out)


def sqrtm_frechet(x, e):
    """L_sqrt(X, E): the Z with Y Z + Z Y = E, Y = X^{1/2} (a Sylvester solve)."""
    import scipy.linalg as sl
    y = sqrtm(x)
    return sl.solve_sylvester(y, y, np.asarray(e))


VALUE: Dict[str, Callable] = {"expm": expm, "logm": logm, "sqrtm": sqrtm}
FRECHET: Dict[str, Callable] = {"expm": expm_frechet, "logm": logm_frechet,
                                "sqrtm": sqrtm_frechet}


def frechet_apply(name: str, x, V):
    """J_f(X) V for an n²×k block V: column j is vec L_f(X, unvec V[:, j])."""
    x, V = np.asarray(x), np.asarray(V)
    n = x.shape[0]
    L = FRECHET[name]
    cols = [L(x, V[:, j].reshape(n, n, order="F")).reshape(-1, order="F")
            for j in range(V.shape[1])]
    dtype = np.result_type(x, V)
    return np.stack(cols, axis=1).astype(dtype, copy=False) if cols else \
        np.zeros((n * n, 0), dtype=dtype)


def _jacobian(name: str) -> Callable:
    def jac(x):
        n = np.asarray(x).shape[0]
        return frechet_apply(name, x, np.eye(n * n))
    return jac


JACOBIAN: Dict[str, Callable] = {f: _jacobian(f) for f in VALUE}
