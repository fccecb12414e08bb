"""The oracles, shipped with the library.

Owns: ``reference_evaluate`` (the dense evaluator, independent of any
lowering), ``random_values`` (random arrays for the symbols of an
expression: shifted to be well conditioned, or not, so that det and trace
take both signs; :mod:`kronsym.prove` draws its own exact and real values), ``numerical_jacobian`` (complex step or central
differences of the dense value) and ``check_jacobian`` (a claimed Jacobian
against the numerical one).

Everything here is deliberately simple: it is what the rest of kronsym is
tested against, so it must be easy to trust.
"""
from __future__ import annotations

from typing import Dict, Iterable, Mapping, Optional

import numpy as np

from . import nodes as N
from .evaluate import evaluate as _dense
from .traverse import postorder
from .bind import bind_dims, concrete

__all__ = ["reference_evaluate", "random_values", "numerical_jacobian", "check_jacobian",
           "DIM_ASSIGNMENTS"]

#: dimension values every numeric test should visit: ones, non-square, small
DIM_ASSIGNMENTS = ((1, 1, 1, 1), (2, 3, 4, 1), (3, 2, 1, 2), (2, 2, 3, 3), (3, 4, 2, 5))


def reference_evaluate(expr, values: Mapping) -> np.ndarray:
    """Dense numpy value of ``expr`` (the oracle; forms Kronecker products densely).

    >>> import numpy as np, kronsym as ks
    >>> from kronsym.testing import reference_evaluate
    >>> A = ks.MatrixSymbol("A", 2, 2)
    >>> reference_evaluate(ks.kron(A, ks.I(2)), {A: np.eye(2)}).shape
    (4, 4)
    """
    return _dense(expr, values)


def _square_in_inverse(expr):
    """Symbols that sit (directly or not) under inv/det/logdet, or are square."""
    out = set()
    for node in postorder(expr):
        if isinstance(node, (N.Inverse, N.Det, N.LogDet)):
            out |= {s for s in postorder(node) if isinstance(s, N.MatrixSymbol)}
    return out


def random_values(expr, dims: Mapping, seed: Optional[int] = 0,
                  extra: Iterable[N.MatrixSymbol] = (), shift: bool = True) -> Dict:
    """Random arrays for every MatrixSymbol of ``expr`` at the concrete ``dims``.

    Entries are standard normal. With ``shift=True`` (the default, for
    Jacobian checks of functions with restricted domains) square symbols get
    ``(size + 1)·I`` added, so inverses are well conditioned and det and trace
    are positive; with ``shift=False`` nothing is added, so det and trace take
    both signs (what an identity check needs: ``exp(logdet X) = det X`` holds
    only where det X > 0). Symmetric symbols (``ks.symmetric``) get symmetric
    values.

    >>> import numpy as np, kronsym as ks
    >>> from kronsym.testing import random_values
    >>> m, n = ks.dims("m n")
    >>> A = ks.MatrixSymbol("A", m, n)
    >>> random_values(A, {m: 2, n: 3})[A].shape
    (2, 3)
    >>> X = ks.MatrixSymbol("X", n, n)
    >>> signs = {bool(np.trace(random_values(X, {n: 3}, seed=s, shift=False)[X]) > 0)
    ...          for s in range(20)}
    >>> sorted(signs)
    [False, True]
    """
    rng = np.random.default_rng(seed)
    binding = bind_dims(expr, {}, dict(dims))
    syms = sorted({s for s in postorder(expr) if isinstance(s, N.MatrixSymbol)} | set(extra),
                  key=lambda s: s.name)
    out: Dict = {}
    for s in syms:
        r = concrete(s.rows, binding, f"rows of {s.name}")
        c = concrete(s.cols, binding, f"columns of {s.name}")
        a = rng.normal(size=(r, c))
        if isinstance(s, N.SymmetricSymbol):
            a = (a + a.T) / 2
        if shift and r == c:
            a = a + (r + 1.0) * np.eye(r)
        out[s] = a
    for d, v in binding.items():
        out.setdefault(d, v)
    return out


def numerical_jacobian(F, X: N.MatrixSymbol, values: Mapping, method: str = "complex",
                       h: Optional[float] = None) -> np.ndarray:
    """d vec F / d (vec X)ᵀ by complex step (default) or central differences.

    For a symmetric X (``ks.symmetric``) the coordinates are vech X: each step
    perturbs x_ij and x_ji together (X stays symmetric), giving d vec F / d (vech X)ᵀ,
    the layout of ``ks.diff`` for symmetric X.

    >>> import numpy as np, kronsym as ks
    >>> from kronsym.testing import numerical_jacobian
    >>> X = ks.MatrixSymbol("X", 2, 2)
    >>> J = numerical_jacobian(X.T, X, {X: np.eye(2)})
    >>> bool(np.allclose(J, ks.evaluate(ks.K(2, 2), {})))
    True
    """
    if not isinstance(X, N.MatrixSymbol):
        raise TypeError(f"numerical_jacobian: X must be a MatrixSymbol, got {X}")
    x0 = np.asarray(values[X], dtype=float)
    m, n = x0.shape
    base = _dense(F, values)
    if isinstance(X, N.SymmetricSymbol):      # coordinates: the lower triangle, column by column
        coords = [(i, j) for j in range(n) for i in range(j, n)]
    else:
        coords = [(k % m, k // m) for k in range(m * n)]
    J = np.zeros((base.size, len(coords)))
    for k, (i, j) in enumerate(coords):
        if method == "complex":
            step = h or 1e-30
            x = x0.astype(complex)
            x[i, j] += 1j * step
            if i != j and isinstance(X, N.SymmetricSymbol):
                x[j, i] += 1j * step
            f = _dense(F, {**values, X: x})
            J[:, k] = np.imag(f).reshape(-1, order="F") / step
        elif method == "central":
            step = h or 1e-6 * max(1.0, abs(x0[i, j]))
            xp, xm = x0.copy(), x0.copy()
            xp[i, j] += step
            xm[i, j] -= step
            if i != j and isinstance(X, N.SymmetricSymbol):
                xp[j, i] += step
                xm[j, i] -= step
            fp = _dense(F, {**values, X: xp})
            fm = _dense(F, {**values, X: xm})
            J[:, k] = ((fp - fm) / (2 * step)).reshape(-1, order="F")
        else:
            raise ValueError(f"method must be 'complex' or 'central', got {method!r}")
    return J


def check_jacobian(F, X: N.MatrixSymbol, J=None, dims: Optional[Mapping] = None,
                   values: Optional[Mapping] = None, seed: int = 0, method: str = "complex",
                   rtol: float = 1e-7, atol: float = 1e-9) -> float:
    """Check a Jacobian of ``F`` with respect to ``X`` against numerical differentiation.

    ``J`` is a kronsym expression (default: ``ks.diff(F, X)``). Values are
    random at ``dims`` unless given. Returns the largest absolute error;
    raises AssertionError with a description when it is too large.

    >>> import kronsym as ks
    >>> from kronsym.testing import check_jacobian
    >>> m, n = ks.dims("m n")
    >>> X = ks.MatrixSymbol("X", m, n)
    >>> check_jacobian(X.T, X, J=ks.K(m, n), dims={m: 2, n: 3}) < 1e-12
    True
    """
    if J is None:
        from .diff import diff
        J = diff(F, X)
    if values is None:
        if dims is None:
            raise TypeError("check_jacobian needs dims= or values=")
        values = random_values(F, dims, seed=seed, extra=[X] + [s for s in postorder(J)
                                                               if isinstance(s, N.MatrixSymbol)])
    got = _dense(J, values)
    want = numerical_jacobian(F, X, values, method=method)
    if got.shape != want.shape:
        raise AssertionError(f"Jacobian of {F} w.r.t. {X}: shape {got.shape}, expected {want.shape}")
    err = float(np.max(np.abs(got - want))) if got.size else 0.0
    scale = float(np.max(np.abs(want))) if want.size else 0.0
    if err > atol + rtol * scale:
        raise AssertionError(f"Jacobian of {F} w.r.t. {X} is wrong: max error {err:.3g} "
                             f"(scale {scale:.3g}) at dims {dict(dims or {})}\n  claimed: {J}")
    return err


def lambdify_args(expr) -> list:
    """The argument list a test passes to ``ks.lambdify`` for ``expr``: its matrix
    symbols by name, then the dims no symbol's shape determines.

    >>> import kronsym as ks
    >>> from kronsym.testing import lambdify_args
    >>> m, n = ks.dims("m n")
    >>> v = ks.MatrixSymbol("v", m * n, 1)
    >>> lambdify_args(ks.unvec(v, m, n))
    [v, m, n]
    """
    syms = sorted(expr.free_symbols, key=lambda s: s.name)
    direct = {d for s in syms for d in s.shape}
    return syms + [d for d in sorted(expr.free_dims, key=str) if d not in direct]


def backend_to_numpy(val) -> np.ndarray:
    """A backend's result (numpy, jax or torch array, mpmath matrix) as a numpy array
    (float, or complex when any entry has an imaginary part).

    >>> import mpmath
    >>> from kronsym.testing import backend_to_numpy
    >>> backend_to_numpy(mpmath.matrix([[1, 2]])).dtype
    dtype('float64')
    """
    if hasattr(val, "detach"):
        val = val.detach().numpy()
    if hasattr(val, "tolist") and not isinstance(val, np.ndarray):
        val = val.tolist()
    val = np.asarray(val)
    if val.dtype == object:
        val = val.astype(complex) if any(getattr(z, "imag", 0) for z in val.ravel()) \
            else val.astype(float)
    return val
