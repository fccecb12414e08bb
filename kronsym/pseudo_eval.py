"""Numeric kernels of the pseudo-inverse family (numpy), shared by the dense evaluator
(kronsym/evaluate.py) and the numpy backend.

Owns: ``pinv``, ``adj``, ``eigvalsh``, ``eigvecsh``, ``nuclear_norm``, ``polar`` on
2-D numpy arrays, ``check_simple`` and ``RepeatedEigenvalueError``.

Contract: for real input, the library routines: numpy.linalg.pinv with the cutoff
max(m, n)·eps·σ_max (as numpy ≥ 2, jax and torch), svd, eigh of the symmetric part
½(S + Sᵀ); the adjugate from the SVD, det(U) det(V) V diag(Π_{j≠i} σ_j) Uᵀ, which holds
for singular X too. For complex input (the complex-step oracle of kronsym.testing) the
*analytic continuation* of the real function is evaluated instead (no conjugation):
X⁺ = (XᵀX)⁻¹Xᵀ or Xᵀ(XXᵀ)⁻¹ (full rank), adj X = det(X) X⁻¹, eigenpairs of the complex
symmetric ½(S + Sᵀ) with uᵀu = 1, ‖X‖_* = Σ √λ(G) and polar(X) = X G^{-1/2} (or
G^{-1/2} X) with G the smaller Gram matrix. Eigenvectors, and with them every
derivative of eigvalsh, exist only at simple eigenvalues: ``eigvecsh`` raises
:class:`RepeatedEigenvalueError` (a LinAlgError and an EvaluationError, never NaN)
naming the eigenvalue and its multiplicity when two eigenvalues agree to
√eps · max|λ|.

>>> import numpy as np
>>> from kronsym.pseudo_eval import eigvalsh, eigvecsh
>>> eigvalsh(np.array([[2., 1.], [1., 2.]])).ravel().tolist()
[1.0, 3.0]
>>> try:
...     eigvecsh(np.eye(2))
... except np.linalg.LinAlgError as e:
...     print(str(e)[:62])
eigvecsh: the eigenvalue 1 of the 2×2 symmetric matrix has mul
"""
from __future__ import annotations

import numpy as np

from .errors import EvaluationError

__all__ = ["pinv", "adj", "eigvalsh", "eigvecsh", "nuclear_norm", "polar", "check_simple",
           "RepeatedEigenvalueError", "sign_columns"]

#: relative gap below which two eigenvalues count as one (√eps)
GAP = float(np.sqrt(np.finfo(float).eps))


class RepeatedEigenvalueError(EvaluationError, np.linalg.LinAlgError):
    """Eigenvectors (or a derivative of eigenvalues) asked for at a repeated eigenvalue."""


def _complex(x) -> bool:
    return np.iscomplexobj(x)


def pinv(x):
    """X⁺ (real: numpy's SVD pinv, cutoff max(m, n)·eps·σ_max)."""
    x = np.asarray(x)
    if x.size == 0:
        return np.zeros(x.shape[::-1])
    if not _complex(x):
        return np.linalg.pinv(x, rcond=max(x.shape) * np.finfo(float).eps)
    m, n = x.shape
    if m >= n:
        return np.linalg.solve(x.T @ x, x.T)
    return np.linalg.solve(x @ x.T, x).T


def _others_product(s):
    """[Π_{j≠i} s_j]_i without division (prefix and suffix products)."""
    n = s.shape[0]
    pre = np.concatenate([[1.0], np.cumprod(s[:-1])]) if n > 1 else np.ones(1)
    suf = np.concatenate([np.cumprod(s[::-1][:-1])[::-1], [1.0]]) if n > 1 else np.ones(1)
    return pre * suf


def adj(x):
    """adj X: from the SVD for real X (singular X included), det(X) X⁻¹ for complex X."""
    x = np.asarray(x)
    if _complex(x):
        return np.linalg.det(x) * np.linalg.inv(x)
    u, s, vt = np.linalg.svd(x)
    sign = np.linalg.det(u) * np.linalg.det(vt)
    return sign * (vt.T * _others_product(s)) @ u.T


def check_simple(w, n: int, what: str = "eigvecsh") -> None:
    """Raise RepeatedEigenvalueError if the ascending eigenvalues ``w`` have a repeat."""
    w = np.real(np.asarray(w)).ravel()
    if w.size < 2:
        return
    tol = GAP * max(1.0, float(np.max(np.abs(w))))
    gaps = np.diff(w)
    if np.all(gaps > tol):
        return
    i = int(np.argmin(gaps))
    k = int(np.sum(np.abs(w - w[i]) <= tol * 2))
    raise RepeatedEigenvalueError(
        f"{what}: the eigenvalue {w[i]:.6g} of the {n}×{n} symmetric matrix has multiplicity "
        f"{k} (eigenvalues {np.array2string(w, precision=4)}); eigenvectors, and the "
        f"derivatives of eigvalsh, exist only where the eigenvalues are simple")


def _sym(s):
    s = np.asarray(s)
    return (s + s.T) / 2


def _complex_eig(a):
    """Eigenpairs of a complex symmetric matrix, ascending by real part, uᵀu = 1."""
    w, v = np.linalg.eig(a)
    order = np.argsort(w.real, kind="stable")
    w, v = w[order], v[:, order]
    v = v / np.sqrt(np.sum(v * v, axis=0))
    return w, v


def sign_columns(v):
    """Each column times ±1 so that its entry of largest |real part| is positive."""
    idx = np.argmax(np.abs(np.real(v)), axis=0)
    signs = np.sign(np.real(v[idx, np.arange(v.shape[1])]))
    signs = np.where(signs == 0, 1.0, signs)
    return v * signs


def eigvalsh(s):
    """λ(½(S + Sᵀ)), ascending, as an n×1 column."""
    a = _sym(s)
    if _complex(a):
        return _complex_eig(a)[0].reshape(-1, 1)
    return np.linalg.eigvalsh(a).reshape(-1, 1)


def eigvecsh(s):
    """The eigenvectors of ½(S + Sᵀ) (columns, ascending eigenvalues, signed)."""
    a = _sym(s)
    if _complex(a):
        w, v = _complex_eig(a)
    else:
        w, v = np.linalg.eigh(a)
    check_simple(w, a.shape[0])
    return sign_columns(v)


def _gram_side(x):
    """(G, tall): the smaller Gram matrix, XᵀX if m ≥ n else XXᵀ."""
    m, n = x.shape
    return (x.T @ x, True) if m >= n else (x @ x.T, False)


def nuclear_norm(x):
    """Σ σᵢ(X) as a 1×1 array."""
    x = np.asarray(x)
    if _complex(x):
        g, _ = _gram_side(x)
        return np.sum(np.sqrt(_complex_eig(g)[0])).reshape(1, 1)
    return np.sum(np.linalg.svd(x, compute_uv=False)).reshape(1, 1)


def polar(x):
    """U Vᵀ of the thin SVD (real); X G^{-1/2} or G^{-1/2} X (complex, full rank)."""
    x = np.asarray(x)
    if not _complex(x):
        u, _, vt = np.linalg.svd(x, full_matrices=False)
        return u @ vt
    g, tall = _gram_side(x)
    w, v = _complex_eig(g)
    root = (v / np.sqrt(w)) @ v.T
    return x @ root if tall else root @ x
