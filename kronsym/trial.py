"""One random point of the prover: draw values, evaluate both sides, compare.

Owns: the value draws of :func:`kronsym.prove` (exact integers, or real
values of both signs), the three comparisons (exact mod P, 25/50-digit
mpmath with the rounding-error estimate, float64) and the choice among them
(``_engine``). Each comparison returns an ``_Outcome`` (equal, or the values
to report) or raises :class:`kronsym.exacteval.Undefined` when a side is not
defined at the point; :mod:`kronsym.prove` owns the loop and the verdict.
"""
from __future__ import annotations

import numpy as np
import sympy

from . import nodes as N
from .bind import concrete, concrete_shape
from .traverse import postorder
from .exacteval import (Undefined, _MODP_TYPES, _TRANSCENDENTAL, is_rational, modp_evaluate,
                        mp_evaluate)
from .entrywise_exact import in_domain_draw
from .evaluate import evaluate
from .explicit import explicit

__all__ = []


def _draw_scalar(s, rng, exact: bool, small: bool):
    """A random value for the scalar symbol ``s``, respecting its SymPy assumptions."""
    if s.is_integer:
        v: float = int(rng.integers(1, 4))
    elif exact:
        v = int(rng.integers(-9, 10)) if small else int(rng.integers(-(2 ** 30), 2 ** 30))
    else:
        v = float(rng.normal())
    if s.is_nonnegative or s.is_positive:
        v = abs(v) or 1
    elif s.is_nonpositive or s.is_negative:
        v = -(abs(v) or 1)
    elif s.is_integer and rng.random() < 0.5:
        v = -v
    if s.is_nonzero and v == 0:
        v = 1
    return v


def _draw(syms, ssyms, dims, rng, kind: str, rep: int, base=None, domains=None):
    """Values of every matrix symbol (and scalar symbol) for one draw.

    ``kind`` "exact": integers, small (|x| ≤ 9) at rep 0 and uniform residues
    after; "real": standard normals, then at rep 1 the negated previous draw
    (trace of the other sign) and at rep 2 its first row negated (det of the
    other sign) — no shift is added, so det and trace take both signs. A symbol in
    ``domains`` (:func:`kronsym.entrywise_exact.symbol_domains`) gets real values inside
    its domain (positive under log, |x| < 1 under arcsin ...).
    """
    out = {}
    for s in syms:
        r, c = concrete(s.rows, dims), concrete(s.cols, dims)
        if kind == "exact":
            if rep == 0:
                a = rng.integers(-9, 10, size=(r, c))
            else:
                a = rng.integers(-(2 ** 30), 2 ** 30, size=(r, c))
            if isinstance(s, N.SymmetricSymbol):
                a = np.triu(a) + np.triu(a, 1).T
        else:
            if base is not None and rep % 3 == 1:
                a = -base[s]
            elif base is not None and rep % 3 == 2:
                a = base[s].copy()
                if r == c:
                    a[0, :] = -a[0, :]
                    if isinstance(s, N.SymmetricSymbol):
                        a[:, 0] = -a[:, 0]
                        a[0, 0] = -a[0, 0]
            else:
                a = rng.normal(size=(r, c))
                if isinstance(s, N.SymmetricSymbol):
                    a = (a + a.T) / 2
        if domains and s in domains and kind != "exact":
            a = in_domain_draw(a, domains[s])
        out[s] = a
    scal = {s: _draw_scalar(s, rng, kind == "exact", rep == 0) for s in ssyms}
    return out, scal


def _largest(exprs, dims) -> int:
    top = 0
    for e in exprs:
        for n in postorder(e):
            r, c = concrete_shape(n, dims)
            top = max(top, r * c)
    return top


def _float_values(vals, scal, dims):
    out = {s: np.asarray(v, dtype=float) for s, v in vals.items()}
    out.update({s: v for s, v in scal.items()})
    out.update(dims)
    return out


def _to_numpy(arr) -> np.ndarray:
    flat = [complex(x) for x in arr.ravel()]
    if all(z.imag == 0 for z in flat):
        return np.array([z.real for z in flat], dtype=float).reshape(arr.shape)
    return np.array(flat, dtype=complex).reshape(arr.shape)


def _mp_gap(x, y):
    return max((abs(u - v) for u, v in zip(x.ravel(), y.ravel())), default=0)


def _mp_scale(*arrs):
    return max([abs(u) for a in arrs for u in a.ravel()] + [1])


class _Outcome:
    """One defined draw: equal or not, with what to report."""
    __slots__ = ("equal", "lhs", "rhs", "err", "how")

    def __init__(self, equal, lhs=None, rhs=None, err=0.0, how=""):
        self.equal, self.lhs, self.rhs, self.err, self.how = equal, lhs, rhs, err, how


def _try_exact(a, b, dims, vals, scal):
    va = modp_evaluate(a, dims, vals, scal)
    vb = modp_evaluate(b, dims, vals, scal)
    if np.array_equal(va, vb):
        return _Outcome(True)
    # a real counterexample; show float values at the same integer point
    fv = _float_values(vals, scal, dims)
    try:
        with np.errstate(all="ignore"):
            la, lb = evaluate(a, fv), evaluate(b, fv)
        err = float(np.max(np.abs(la - lb))) if la.size else 0.0
    except Exception:     # float64 cannot even evaluate it: report the residues
        la, lb, err = va, vb, float("nan")
    return _Outcome(False, la, lb, err, "exactly, integer values")


def _try_mp(a, b, dims, vals, scal):
    a25 = mp_evaluate(a, dims, vals, scal, dps=25)
    b25 = mp_evaluate(b, dims, vals, scal, dps=25)
    a50 = mp_evaluate(a, dims, vals, scal, dps=50)
    b50 = mp_evaluate(b, dims, vals, scal, dps=50)
    scale = _mp_scale(a50, b50)
    est = _mp_gap(a25, a50) + _mp_gap(b25, b50)          # ≈ rounding error at 25 digits
    if est > scale * sympy.Float("1e-5"):
        raise Undefined("too ill-conditioned to decide at 50 digits")
    d = _mp_gap(a50, b50)
    tol = 100 * est * sympy.Float("1e-25") + scale * sympy.Float("1e-45")
    if d <= tol:
        return _Outcome(True)
    return _Outcome(False, _to_numpy(a50), _to_numpy(b50), float(d), "at 50 digits")


def _try_float(a, b, dims, vals, scal):
    fv = _float_values(vals, scal, dims)
    try:
        with np.errstate(all="ignore"):
            va, vb = evaluate(a, fv), evaluate(b, fv)
    except (np.linalg.LinAlgError, ZeroDivisionError) as e:
        raise Undefined(str(e)) from None
    if not (np.all(np.isfinite(va)) and np.all(np.isfinite(vb))):
        raise Undefined("not finite")
    err = float(np.max(np.abs(va - vb))) if va.size else 0.0
    scale = max(float(np.max(np.abs(va))) if va.size else 0.0,
                float(np.max(np.abs(vb))) if vb.size else 0.0, 1.0)
    if err <= 1e-10 * scale or (err <= 1e-6 * scale and _exact_close(a, b, dims, fv)):
        return _Outcome(True)
    return _Outcome(False, va, vb, err, "float64")


def _exact_close(a, b, dims, vals) -> bool:
    """Re-evaluate exactly (SymPy, 50 digits); True if equal to 1e-30 relative."""
    subs = {}
    for s, arr in vals.items():
        if isinstance(s, N.MatrixSymbol):
            ms = sympy.MatrixSymbol(s.name, *arr.shape)
            for i in range(arr.shape[0]):
                for j in range(arr.shape[1]):
                    subs[ms[i, j]] = sympy.Float(repr(float(arr[i, j])), 50)
        elif isinstance(s, sympy.Symbol) and not (s.is_integer and s.is_positive):
            subs[s] = sympy.Float(repr(float(vals[s])), 50)
    ea = explicit(a, dims).xreplace(subs).evalf(50)
    eb = explicit(b, dims).xreplace(subs).evalf(50)
    d = max((abs(complex(v)) for v in (ea - eb)), default=0.0)
    s = max([abs(complex(v)) for v in ea] + [1.0])
    return d <= 1e-30 * s


def _engine(a, b):
    """("exact" | "mp" | "float") for this pair of expressions."""
    if is_rational(a) and is_rational(b):
        return "exact"
    known = _MODP_TYPES | set(_TRANSCENDENTAL) | {N.MatrixSymbol, N.SymmetricSymbol}
    if all(type(n) in known for e in (a, b) for n in postorder(e)):
        return "mp"
    return "float"
