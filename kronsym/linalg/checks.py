"""Shared checks and LAPACK helpers of kronsym.linalg.

Owns: argument validation (``_matrix``, ``_factors``, ``_posint``, ``_shape2``,
``_vector_or_columns``), the lazy scipy import, the thin LAPACK wrappers (LU,
triangular solve) and ``_real_if``.

Contract: a validated array is float64 or complex128, finite, non-empty and of an
allowed ndim; otherwise ``TypeError`` / ``ValueError`` names the argument and its
shape. A singular factor raises ``numpy.linalg.LinAlgError`` naming it.
"""
from __future__ import annotations

import numbers
from typing import List, Tuple

import numpy as np

_EPS = np.finfo(np.float64).eps


def _sla():
    try:
        import scipy.linalg as sla
    except ImportError as exc:  # pragma: no cover - scipy is in the test extra
        raise ImportError("kronsym.linalg needs scipy: pip install 'kronsym[sparse]'") from exc
    return sla


def _matrix(name: str, a, square: bool = False, ndim: Tuple[int, ...] = (2,)) -> np.ndarray:
    """``a`` as a float64/complex128 array of an allowed ndim, finite and non-empty."""
    try:
        arr = np.asarray(a)
    except Exception as exc:  # ragged lists and the like
        raise TypeError(f"{name} must be a numeric array, got {type(a).__name__}") from exc
    if arr.dtype.kind not in "biufc":
        raise TypeError(f"{name} must be a numeric array, got dtype {arr.dtype} "
                        f"({type(a).__name__})")
    if arr.ndim not in ndim:
        want = " or ".join(f"{d}-D" for d in ndim)
        raise ValueError(f"{name} must be {want}, got shape {arr.shape}")
    if arr.size == 0:
        raise ValueError(f"{name} must be non-empty, got shape {arr.shape}")
    if square and arr.shape[0] != arr.shape[1]:
        raise ValueError(f"{name} must be square, got shape {arr.shape}")
    if not np.all(np.isfinite(arr)):
        raise ValueError(f"{name} (shape {arr.shape}) contains NaN or inf")
    return arr.astype(np.result_type(arr.dtype, np.float64), copy=False)


def _factors(factors, square: bool = False) -> List[np.ndarray]:
    if isinstance(factors, np.ndarray) or not isinstance(factors, (list, tuple)):
        raise TypeError("factors must be a list or tuple of 2-D arrays, got "
                        f"{type(factors).__name__}")
    if not factors:
        raise ValueError("factors must contain at least one matrix, got []")
    return [_matrix(f"factors[{i}]", f, square) for i, f in enumerate(factors)]


def _posint(name: str, v) -> int:
    if isinstance(v, bool) or not isinstance(v, numbers.Integral):
        raise TypeError(f"{name} must be an int, got {v!r} ({type(v).__name__})")
    if v < 1:
        raise ValueError(f"{name} must be >= 1, got {v}")
    return int(v)


def _shape2(name: str, s) -> Tuple[int, int]:
    if not isinstance(s, (tuple, list)) or len(s) != 2:
        raise TypeError(f"{name} must be a pair (rows, cols), got {s!r}")
    return _posint(f"{name}[0]", s[0]), _posint(f"{name}[1]", s[1])


def _real_if(x: np.ndarray, *inputs: np.ndarray) -> np.ndarray:
    """Drop the (rounding-level) imaginary part when every input was real."""
    if all(not np.iscomplexobj(a) for a in inputs):
        return np.ascontiguousarray(x.real)
    return x


def _vector_or_columns(name: str, x, n: int, what: str) -> Tuple[np.ndarray, bool]:
    arr = _matrix(name, x, ndim=(1, 2))
    if arr.shape[0] != n:
        raise ValueError(f"{name} has shape {arr.shape} but {what} needs {n} rows")
    return (arr[:, None], True) if arr.ndim == 1 else (arr, False)



def _lapack(name: str, *arrays):
    """The LAPACK routine for the arrays' dtype (scipy's thin wrappers: no per-call
    validation, which costs more than the solve itself at small sizes)."""
    return _sla().get_lapack_funcs((name,), arrays)[0]


def _lu(name: str, a: np.ndarray):
    """LU factors (getrf) of a square matrix; LinAlgError if singular to working precision."""
    lu, piv, info = _lapack("getrf", a)(a)
    d = np.abs(np.diag(lu))
    if info != 0 or d.min() <= d.max() * a.shape[0] * _EPS or d.max() == 0:
        raise np.linalg.LinAlgError(f"{name} (shape {a.shape}) is singular to working "
                                    f"precision (smallest/largest pivot {d.min():.3g}/"
                                    f"{d.max():.3g}), so the Kronecker product is singular")
    getrs = _lapack("getrs", lu)

    def solve(r: np.ndarray) -> np.ndarray:
        x, inf = getrs(lu, piv, r.astype(lu.dtype, copy=False))
        assert inf == 0, inf
        return x
    return solve


def _trsv(M: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Solve M x = b for upper triangular M (LAPACK trtrs)."""
    x, info = _lapack("trtrs", M)(M, b)
    if info != 0:
        raise np.linalg.LinAlgError("the equation is singular (zero diagonal in the "
                                    "triangular substitution)")
    return x
