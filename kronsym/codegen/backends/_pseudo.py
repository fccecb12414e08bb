"""The pseudo-inverse family's IR ops for the array backends (numpy, jax, torch) and mpmath.

Owns: ``array_pseudo_ops(xp, name)`` and ``mpmath_pseudo_ops()``: the ops ``pinv``,
``adj``, ``eigvalsh``, ``eigvecsh``, ``nuclear_norm``, ``polar`` (kronsym/codegen/lower_pseudo.py)
and ``lu_factor`` / ``lu_solve`` (one factorization shared by the solves of an inverse
used more than once, kronsym/codegen/lower_solve.py).

Contract: the values of :mod:`kronsym.pseudo_eval` (the dense oracle, which the numpy
backend uses as it is): X⁺ from the thin SVD with the cutoff max(m, n)·eps·σ_max;
adj X = det(U) det(V) V diag(Π_{j≠i} σ_j) Uᵀ (singular X included); eigen-decomposition
of ½(S + Sᵀ), eigenvector columns signed so that the largest entry in magnitude is
positive; a repeated eigenvalue makes ``eigvecsh`` raise RepeatedEigenvalueError
(under ``jax.jit`` the values are abstract and the check is skipped: jit code at a
repeated eigenvalue returns *a* basis, as jax.numpy.linalg.eigh does). mpmath uses its
own routines (``mpmath.svd_r``, ``mpmath.eigsy``) at the working precision.
"""
from __future__ import annotations

import mpmath
import numpy as np

from ... import pseudo_eval as _pe

__all__ = ["array_pseudo_ops", "mpmath_pseudo_ops", "NUMPY_PSEUDO_OPS"]

def _np_lu_factor(a):
    import scipy.linalg
    return scipy.linalg.lu_factor(a)


def _np_lu_solve(f, b, trans):
    import scipy.linalg
    return scipy.linalg.lu_solve(f, b, trans=int(trans))


#: the numpy backend: the dense oracle's kernels themselves; LU through scipy.linalg
NUMPY_PSEUDO_OPS = {"pinv": _pe.pinv, "adj": _pe.adj, "eigvalsh": _pe.eigvalsh,
                    "eigvecsh": _pe.eigvecsh, "nuclear_norm": _pe.nuclear_norm,
                    "polar": _pe.polar, "lu_factor": _np_lu_factor, "lu_solve": _np_lu_solve}


def _host(w):
    """``w`` as a numpy array, or None when it has no concrete value (a jax tracer)."""
    try:
        if hasattr(w, "detach"):
            return w.detach().cpu().numpy()
        return np.asarray(w)
    except Exception:   # jax under jit: abstract values, nothing to check
        return None


def array_pseudo_ops(xp, name: str):
    """The six ops over jax.numpy (``name == "jax"``) or torch."""
    torch = name == "torch"

    def svd(a):
        return xp.linalg.svd(a, full_matrices=False)

    def eps(a):
        return float(np.finfo(np.float32 if str(a.dtype).endswith("float32") else np.float64).eps)

    def pinv(a):
        u, s, vh = svd(a)
        cut = max(a.shape) * eps(a) * (s.max() if s.shape[0] else 0.0)
        inv = xp.where(s > cut, 1.0 / xp.where(s > cut, s, xp.ones_like(s)), xp.zeros_like(s))
        return (vh.T * inv) @ u.T

    def adj(a):
        n = a.shape[0]
        u, s, vh = xp.linalg.svd(a)
        mask = xp.asarray(np.eye(n, dtype=bool)) if not torch else \
            xp.eye(n, dtype=xp.bool)
        others = xp.prod(xp.where(mask, xp.ones_like(a), s[None, :] + 0 * a), 1)
        sign = xp.linalg.det(u) * xp.linalg.det(vh)
        return sign * (vh.T * others) @ u.T

    def sym(a):
        return (a + a.T) / 2

    def eigvalsh(a):
        return xp.linalg.eigvalsh(sym(a)).reshape(-1, 1)

    def eigvecsh(a):
        w, v = xp.linalg.eigh(sym(a))
        host = _host(w)
        if host is not None:
            _pe.check_simple(host, a.shape[0])
        n = a.shape[0]
        idx = xp.argmax(xp.abs(v), 0)
        picked = v[idx, xp.arange(n)]
        signs = xp.where(picked < 0, -xp.ones_like(picked), xp.ones_like(picked))
        return v * signs

    def nuclear_norm(a):
        return xp.sum(xp.linalg.svdvals(a) if hasattr(xp.linalg, "svdvals") else svd(a)[1]
                      ).reshape(1, 1)

    def polar(a):
        u, _, vh = svd(a)
        return u @ vh

    if torch:
        def lu_factor(a):
            return xp.linalg.lu_factor(a)

        def lu_solve(f, b, trans):
            return xp.linalg.lu_solve(f[0], f[1], b, adjoint=bool(trans))
    else:
        import jax.scipy.linalg as jsl

        def lu_factor(a):
            return jsl.lu_factor(a)

        def lu_solve(f, b, trans):
            return jsl.lu_solve(f, b, trans=int(trans))

    return {"pinv": pinv, "adj": adj, "eigvalsh": eigvalsh, "eigvecsh": eigvecsh,
            "nuclear_norm": nuclear_norm, "polar": polar, "lu_factor": lu_factor,
            "lu_solve": lu_solve}


# --- mpmath: object arrays of mpf, through mpmath.matrix ------------------------------------
def _to_mat(a):
    return mpmath.matrix(a.tolist())


def _from_mat(m):
    return np.array(m.tolist(), dtype=object).reshape(m.rows, m.cols)


def _svd(a):
    """Thin SVD (U, s, Vᵀ) as object arrays; works for wide matrices via the transpose."""
    m, n = a.shape
    if m >= n:
        u, s, vt = mpmath.svd_r(_to_mat(a))
        return _from_mat(u), [s[i] for i in range(len(s))], _from_mat(vt)
    u, s, vt = mpmath.svd_r(_to_mat(a.T))
    return _from_mat(vt).T, [s[i] for i in range(len(s))], _from_mat(u).T


def _tol(values):
    scale = max([abs(x) for x in values] + [mpmath.mpf(1)])
    return scale * mpmath.mpf(10) ** (-(mpmath.mp.dps // 2))


def _eigsy(a):
    e, q = mpmath.eigsy(_to_mat((a + a.T) * mpmath.mpf(0.5)))
    w = [e[i] for i in range(e.rows)]
    order = sorted(range(len(w)), key=lambda i: w[i])
    v = _from_mat(q)[:, order]
    return [w[i] for i in order], v


def mpmath_pseudo_ops():
    """The six ops over object arrays of mpmath numbers (precision: mpmath.mp.dps)."""

    def pinv(a):
        m, n = a.shape
        u, s, vt = _svd(a)
        cut = max(m, n) * max(s + [mpmath.mpf(0)]) * mpmath.mpf(10) ** (-mpmath.mp.dps)
        inv = [1 / x if x > cut else mpmath.mpf(0) for x in s]
        return (vt.T * np.array(inv, dtype=object)) @ u.T

    def adj(a):
        n = a.shape[0]
        u, s, vt = _svd(a)
        others = [mpmath.fprod([s[j] for j in range(n) if j != i]) for i in range(n)]
        sign = mpmath.det(_to_mat(u)) * mpmath.det(_to_mat(vt))
        return sign * ((vt.T * np.array(others, dtype=object)) @ u.T)

    def eigvalsh(a):
        w, _ = _eigsy(a)
        return np.array(w, dtype=object).reshape(-1, 1)

    def eigvecsh(a):
        w, v = _eigsy(a)
        tol = _tol(w)
        for i in range(len(w) - 1):
            if w[i + 1] - w[i] <= tol:
                k = sum(1 for x in w if abs(x - w[i]) <= 2 * tol)
                raise _pe.RepeatedEigenvalueError(
                    f"eigvecsh: the eigenvalue {mpmath.nstr(w[i], 6)} of the {len(w)}×{len(w)} "
                    f"symmetric matrix has multiplicity {k}; eigenvectors, and the "
                    f"derivatives of eigvalsh, exist only where the eigenvalues are simple")
        for j in range(v.shape[1]):
            col = list(v[:, j])
            big = max(range(len(col)), key=lambda i: abs(col[i]))
            if col[big] < 0:
                v[:, j] = -v[:, j]
        return v

    def nuclear_norm(a):
        return np.array([[mpmath.fsum(_svd(a)[1])]], dtype=object)

    def polar(a):
        u, _, vt = _svd(a)
        return u @ vt

    return {"pinv": pinv, "adj": adj, "eigvalsh": eigvalsh, "eigvecsh": eigvecsh,
            "nuclear_norm": nuclear_norm, "polar": polar, "lu_factor": lu_factor,
            "lu_solve": lu_solve}


class _MpLU:
    """The LU factors of A (and, on first use, of Aᵀ) at the working precision."""
    __slots__ = ("a", "lu")

    def __init__(self, a):
        self.a, self.lu = a, {}

    def solve(self, b, trans):
        if trans not in self.lu:
            self.lu[trans] = mpmath.mp.LU_decomp(_to_mat(self.a.T if trans else self.a))
        lu, p = self.lu[trans]
        cols = [mpmath.mp.U_solve(lu, mpmath.mp.L_solve(lu, _to_mat(b[:, [j]]), p))
                for j in range(b.shape[1])]
        return np.array([[c[i] for c in cols] for i in range(b.shape[0])], dtype=object)


def lu_factor(a):
    """mpmath: the factors of A, computed at the first solve (one per orientation)."""
    return _MpLU(a)


def lu_solve(f, b, trans):
    """A⁻¹B (trans=0) or A⁻ᵀB (trans=1) with the factors of ``lu_factor``."""
    return f.solve(b, int(trans))
