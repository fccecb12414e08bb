"""Spectral statements: canonical form, numeric values and ``prove_spectral``.

Owns: the canonical form of spectra and ranks (simplified matrices inside, via
:func:`kronsym.simplify`), their numeric values and :func:`prove_spectral`; uses
:mod:`kronsym.prove`'s shared pieces (``Proof``, ``numeric_assignments``,
``scalar_symbols``) one way. See :mod:`kronsym.spectral`.
"""
from __future__ import annotations

from typing import Dict, Iterable, List

import numpy as np
import sympy

from .. import nodes as N
from ..dims import dims_equal
from ..errors import EvaluationError, ShapeError
from ..evaluate import evaluate
from ..prove import Proof, numeric_assignments, scalar_symbols
from ..simplify import simplify
from ..testing import random_values
from .nodes import Rank, Spectrum, _Statement


# --- canonical form ----------------------------------------------------------------
def _is_square(e: N.Expr) -> bool:
    return dims_equal(e.shape[0], e.shape[1]) is True


def _same_orientation(fs) -> bool:
    """All factors provably tall-or-square, or all wide-or-square: then
    min(∏rows, ∏cols) = ∏ min(rows, cols) and σ(A⊗B) = σ(A)·σ(B) has the right size."""
    tall = [sympy.sympify(f.shape[0] - f.shape[1]).is_nonnegative for f in fs]
    wide = [sympy.sympify(f.shape[1] - f.shape[0]).is_nonnegative for f in fs]
    return all(t is True for t in tall) or all(w is True for w in wide)


def _canon_spectrum(s: Spectrum) -> Spectrum:
    """Rewrite to the canonical form: rules of the module table, then sorted operands."""
    out = _canon_spectrum_step(s, simplify)
    guard = 0
    while out != s and guard < 200:
        s, out, guard = out, _canon_spectrum_step(out, simplify), guard + 1
    return out


def _flat(kind: str, items: Iterable[Spectrum]) -> List[Spectrum]:
    out: List[Spectrum] = []
    for it in items:
        out.extend(it.args if it.kind == kind else (it,))
    return out


def _canon_spectrum_step(s: Spectrum, simplify) -> Spectrum:
    k, a = s.kind, s.args
    if k in ("eigvals", "svdvals"):
        e = simplify(a[0])
        if isinstance(e, N.Kron) and (all(_is_square(f) for f in e.children)
                                      or (k == "svdvals" and _same_orientation(e.children))):
            return Spectrum("products", tuple(Spectrum(k, (f,)) for f in e.children))
        if isinstance(e, N.Transpose):
            return Spectrum(k, (e.children[0],))
        if isinstance(e, N.Identity):
            return Spectrum("ones", (e.shape[0],))
        if k == "svdvals" and isinstance(e, N.Commutation):
            return Spectrum("ones", (e.shape[0],))
        if k == "eigvals":
            if isinstance(e, N.KronSum):
                return Spectrum("sums", tuple(Spectrum(k, (f,)) for f in e.children))
            if isinstance(e, N.ScalarMul):
                return Spectrum("scaled", (e.params[0], Spectrum(k, (e.children[0],))))
            if isinstance(e, N.Inverse):
                return Spectrum("power", (sympy.Integer(-1), Spectrum(k, (e.children[0],))))
            if isinstance(e, N.MatMul) and all(_is_square(f) for f in e.children):
                fs = list(e.children)
                rots = [fs[i:] + fs[:i] for i in range(len(fs))]
                best = min(rots, key=lambda r: str(N.MatMul(*r)))
                e = N.MatMul(*best)
        return Spectrum(k, (e,))
    if k in ("products", "sums"):
        items = sorted(_flat(k, (_canon_spectrum(x) for x in a)), key=str)
        return Spectrum(k, tuple(items)) if len(items) > 1 else items[0]
    if k == "scaled":
        c, inner = a[0], _canon_spectrum(a[1])
        if c == 1:
            return inner
        if inner.kind == "scaled":
            return Spectrum("scaled", (c * inner.args[0], inner.args[1]))
        return Spectrum("scaled", (c, inner))
    if k == "power":
        p, inner = a[0], _canon_spectrum(a[1])
        if p == 1:
            return inner
        if inner.kind == "power":
            return Spectrum("power", (p * inner.args[0], inner.args[1]))
        if inner.kind == "ones":
            return inner
        return Spectrum("power", (p, inner))
    return s


def _canon_rank(r: Rank) -> Rank:
    k, a = r.kind, r.args
    if k == "rank":
        e = simplify(a[0])
        if isinstance(e, N.Kron):
            return _canon_rank(Rank("product", tuple(Rank("rank", (f,)) for f in e.children)))
        if isinstance(e, N.Transpose):
            return _canon_rank(Rank("rank", (e.children[0],)))
        if isinstance(e, (N.Identity, N.Commutation, N.Inverse)):
            return Rank("int", (sympy.sympify(e.shape[0]),))
        if isinstance(e, N.ScalarMul) and e.params[0].is_nonzero:
            return _canon_rank(Rank("rank", (e.children[0],)))
        return Rank("rank", (e,))
    if k in ("product", "sum"):
        parts: List[Rank] = []
        for x in a:
            x = _canon_rank(x)
            parts.extend(x.args if x.kind == k else (x,))
        ints = [p.args[0] for p in parts if p.kind == "int"]
        rest = sorted((p for p in parts if p.kind != "int"), key=str)
        if ints:
            v = sympy.simplify(sympy.Mul(*ints) if k == "product" else sympy.Add(*ints))
            neutral = v == (1 if k == "product" else 0)
            if not neutral or not rest:
                rest = [Rank("int", (v,))] + rest
        return Rank(k, tuple(rest)) if len(rest) > 1 else rest[0]
    return r


# --- numeric values ----------------------------------------------------------------
def _num(stmt, vals, dims) -> np.ndarray:
    """The multiset (1-D array) or integer (0-d array) at concrete values."""
    k, a = stmt.kind, stmt.args
    sub = {d: sympy.Integer(v) for d, v in dims.items()}
    if k == "eigvals":
        return np.linalg.eigvals(evaluate(a[0], vals))
    if k == "svdvals":
        return np.linalg.svd(evaluate(a[0], vals), compute_uv=False)
    if k == "ones":
        return np.ones(int(sympy.sympify(a[0]).xreplace(sub)))
    if k in ("products", "sums"):
        out = _num(a[0], vals, dims)
        for x in a[1:]:
            y = _num(x, vals, dims)
            out = (np.multiply.outer(out, y) if k == "products" else np.add.outer(out, y)).ravel()
        return out
    if k in ("scaled", "power"):
        c = complex(sympy.sympify(a[0]).xreplace(sub).subs(_scalar_values(vals)))
        inner = _num(a[1], vals, dims).astype(complex)
        return c * inner if k == "scaled" else inner ** (c.real if c.imag == 0 else c)
    if k == "rank":
        return np.asarray(np.linalg.matrix_rank(evaluate(a[0], vals)))
    if k == "int":
        return np.asarray(int(sympy.sympify(a[0]).xreplace(sub)))
    parts = [_num(x, vals, dims) for x in a]
    return np.asarray(np.prod(parts) if k == "product" else np.sum(parts))


def _scalar_values(vals) -> Dict:
    return {s: v for s, v in vals.items() if isinstance(s, sympy.Symbol)}


def _multiset_gap(x: np.ndarray, y: np.ndarray) -> float:
    """Largest difference under the best one-to-one matching of the two multisets."""
    from scipy.optimize import linear_sum_assignment
    if x.size == 0:
        return 0.0
    cost = np.abs(np.subtract.outer(x.astype(complex), y.astype(complex)))
    r, c = linear_sum_assignment(cost)
    return float(cost[r, c].max())


def _low_rank_values(values: Dict, rng: np.random.Generator) -> Dict:
    out = dict(values)
    for s, v in values.items():
        if isinstance(s, N.MatrixSymbol) and min(v.shape) > 1:
            r = int(rng.integers(1, min(v.shape)))
            out[s] = rng.normal(size=(v.shape[0], r)) @ rng.normal(size=(r, v.shape[1]))
    return out


def _coefficient_symbols(stmt) -> set:
    """Scalar (non-dimension) symbols in the coefficients and exponents."""
    out, stack = set(), [stmt]
    while stack:
        s = stack.pop()
        for x in s.args:
            if isinstance(x, _Statement):
                stack.append(x)
            elif isinstance(x, sympy.Expr):
                out |= {y for y in x.free_symbols if not (y.is_integer and y.is_positive)}
            elif isinstance(x, N.Expr):
                out |= set(scalar_symbols(x))
    return out


def prove_spectral(a, b, *, trials: int = 6, seed: int = 0):
    """``ks.prove`` for two spectra or two ranks (returns a :class:`kronsym.prove.Proof`).

    >>> import kronsym as ks
    >>> m, n = ks.dims("m n")
    >>> A, B = ks.MatrixSymbol("A", m, m), ks.MatrixSymbol("B", n, n)
    >>> ks.prove(ks.eigvals(ks.kron_sum(A, B)), ks.eigvals(A) + ks.eigvals(B)).method
    'canonical'
    """
    if type(a) is not type(b) or not isinstance(a, (Spectrum, Rank)):
        raise TypeError(f"prove(a, b): compare a spectrum with a spectrum or a rank with a rank, "
                        f"got {type(a).__name__} and {type(b).__name__}")
    if isinstance(a, Spectrum) and dims_equal(a.size, b.size) is False:
        raise ShapeError(f"the multisets can never agree: {a} has {a.size} elements and {b} "
                         f"has {b.size} elements")
    canon = _canon_spectrum if isinstance(a, Spectrum) else _canon_rank
    if canon(a) == canon(b):
        return Proof(True, "canonical")
    mats = a.matrices() + b.matrices()
    dsyms = sorted(set().union(*[m.free_dims for m in mats]), key=str)
    sizes_ok = (lambda d: True) if isinstance(a, Rank) else (
        lambda d: sympy.sympify(a.size).xreplace(d) == sympy.sympify(b.size).xreplace(d))
    assigns = [d for d in numeric_assignments(dsyms, seed, trials, mats) if sizes_ok(d)]
    if not assigns:
        raise ShapeError(f"the multisets never have the same size on the dimensions tried: "
                         f"{a} has {a.size} elements and {b} has {b.size} elements")
    rng = np.random.default_rng(seed)
    coeffs = _coefficient_symbols(a) | _coefficient_symbols(b)
    done = 0
    for k, dims in enumerate(assigns):
        for rep in range(2):
            vals = random_values(N.Kron(*mats), dims, seed=seed * 100 + k * 10 + rep,
                                 shift=rep == 0)     # rep 1: det and trace of either sign
            for c in sorted(coeffs, key=str):
                vals[c] = float(rng.normal())
            if isinstance(a, Rank) and rep == 1:
                vals = _low_rank_values(vals, rng)
            try:
                va, vb = _num(a, vals, dims), _num(b, vals, dims)
            except (EvaluationError, np.linalg.LinAlgError, ZeroDivisionError):
                continue
            if not (np.all(np.isfinite(va)) and np.all(np.isfinite(vb))):
                continue
            done += 1
            if isinstance(a, Rank):
                gap = float(abs(int(va) - int(vb)))
                ok = gap == 0
            else:
                gap = _multiset_gap(va, vb)
                scale = max(1.0, float(np.max(np.abs(va))) if va.size else 0.0)
                ok = gap <= 1e-7 * scale
            if ok:
                continue
            dtxt = ", ".join(f"{d} = {v}" for d, v in dims.items()) or "the given dims"
            ce = {"dims": dict(dims), "values": {s: v for s, v in vals.items()
                                                 if isinstance(s, N.MatrixSymbol)},
                  "lhs": va, "rhs": vb, "max_error": gap}
            what = "ranks" if isinstance(a, Rank) else "multisets"
            return Proof(False, "counterexample", done, ce,
                         f"the {what} differ at {dtxt} (random values; "
                         f"{'lhs ' + str(int(va)) + ', rhs ' + str(int(vb)) if isinstance(a, Rank) else f'largest gap {gap:.3g}'})",
                         assigns[:k + 1])
    if done == 0:
        raise EvaluationError(f"could not evaluate {a} == {b} at any trial point")
    return Proof(True, "numeric", done, None, "", assigns)
