"""The identity prover: ``ks.equals``, ``ks.counterexample``, ``ks.prove``.

Owns: deciding whether two expressions are equal for every value of their
symbols and every (positive integer) value of their dimensions.

Method, in order:
1. **Shapes.** If the shapes differ for every dimension value (``n`` vs
   ``n + 1``, or no tried assignment makes them agree), raise
   :class:`~kronsym.errors.ShapeError` saying why.
2. **Canonical forms.** ``simplify(a) == simplify(b)`` is a symbolic proof:
   ``method == "canonical"``.
3. **Counterexample search.** Otherwise the two sides are evaluated densely
   (the reference evaluator) at random values on several random dimension
   assignments (all dims 1 first, then small random values, non-square
   included). A difference beyond round-off is a counterexample (False);
   a difference too close to call in float64 is re-evaluated exactly in SymPy
   at 50 significant digits. If every trial agrees, the identity is accepted
   on numeric evidence: ``method == "numeric"`` — overwhelming (random
   values, several dims) but not a proof, and :func:`prove` says so.
"""
from __future__ import annotations

import random
from dataclasses import dataclass, field
from typing import Dict, List, Optional

import numpy as np
import sympy

from . import nodes as N
from .dims import dims_equal, fmt_shape
from .errors import EvaluationError, ShapeError

__all__ = ["equals", "counterexample", "prove", "Proof"]


@dataclass
class Proof:
    """The verdict on ``a == b``.

    ``holds`` is True/False; ``method`` is "canonical" (symbolic proof),
    "numeric" (no counterexample in ``trials`` random trials) or
    "counterexample" (then ``counterexample`` holds the dims and values).
    """
    holds: bool
    method: str
    trials: int = 0
    counterexample: Optional[Dict] = None
    detail: str = ""
    dims_tried: List[Dict] = field(default_factory=list)

    def __bool__(self) -> bool:
        return self.holds

    def __str__(self) -> str:
        if self.method == "canonical":
            return "holds (proved: both sides have the same canonical form)"
        if self.method == "numeric":
            return (f"holds (numeric evidence: {self.trials} random trials over "
                    f"{len(self.dims_tried)} dimension assignments; not a symbolic proof)")
        return f"fails: {self.detail}"


def _check(a, b, fn):
    for name, x in (("a", a), ("b", b)):
        if not isinstance(x, N.Expr):
            raise TypeError(f"{fn}(a, b): {name} must be a kronsym expression, got {type(x).__name__}")


def _check_call(a, b, fn, kwargs) -> None:
    """Type checks of prove/equals/counterexample, naming ``fn`` (spectra and ranks pass)."""
    from .spectral import Rank, Spectrum
    if not (isinstance(a, (Spectrum, Rank)) or isinstance(b, (Spectrum, Rank))):
        _check(a, b, fn)
    for key, value in kwargs.items():
        if key not in ("trials", "seed"):
            raise TypeError(f"{fn}(a, b, ...): unknown keyword argument {key!r}; known: trials, seed")
        if isinstance(value, bool) or not isinstance(value, int):
            raise TypeError(f"{fn}(a, b, {key}=...): {key} must be an int, got "
                            f"{type(value).__name__} {value!r:.40}")


def _dim_symbols(*es):
    out = set()
    for e in es:
        out |= set(e.free_dims)
    return sorted(out, key=str)


def _scalar_symbols(*es):
    from .traverse import postorder
    out = set()
    for e in es:
        for node in postorder(e):
            if isinstance(node, (N.ScalarMul, N.Power)):
                out |= {s for s in node.params[0].free_symbols
                        if not (s.is_integer and s.is_positive)}
    return sorted(out, key=str)


def _assignments(dsyms, seed: int, count: int):
    rng = random.Random(seed)
    out = [{d: 1 for d in dsyms}] if dsyms else [{}]
    tries = 0
    while len(out) < count and dsyms and tries < 200:
        tries += 1
        cand = {d: rng.randint(1, 4) for d in dsyms}
        if cand not in out:
            out.append(cand)
    return out


def _shape_agrees(a, b, dims) -> bool:
    sub = {k: sympy.Integer(v) for k, v in dims.items()}
    return all(sympy.sympify(x).xreplace(sub) == sympy.sympify(y).xreplace(sub)
               for x, y in zip(a.shape, b.shape))


def _shape_verdict(a, b):
    for axis, (x, y) in enumerate(zip(a.shape, b.shape)):
        if dims_equal(x, y) is False:
            word = "rows" if axis == 0 else "columns"
            raise ShapeError(f"the shapes can never agree: {a} is {fmt_shape(a.shape)} and {b} is "
                             f"{fmt_shape(b.shape)}; their {word} differ ({x} − ({y}) is never 0)")


def _exact_close(a, b, dims, vals) -> bool:
    """Re-evaluate exactly (SymPy, 50 digits); True if equal to 1e-30 relative."""
    from .explicit import explicit
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


def prove(a, b, *, trials: int = 6, seed: int = 0) -> Proof:
    """Decide ``a == b`` for all values and dims; returns a :class:`Proof`.

    ``a`` and ``b`` are matrix expressions, or both spectra / both ranks
    (:mod:`kronsym.spectral`: ``ks.eigvals``, ``ks.svdvals``, ``ks.rank``).

    >>> import kronsym as ks
    >>> m, n, p, q = ks.dims("m n p q")
    >>> A, B = ks.MatrixSymbol("A", m, n), ks.MatrixSymbol("B", p, q)
    >>> ks.prove(ks.kron(A, B).T, ks.kron(A.T, B.T)).method
    'canonical'
    >>> r = ks.prove(ks.kron(A, B), ks.kron(B, A)); r.holds, r.method
    (False, 'counterexample')
    """
    _check_call(a, b, "prove", {"trials": trials, "seed": seed})
    from .spectral import Rank, Spectrum, prove_spectral
    if isinstance(a, (Spectrum, Rank)) or isinstance(b, (Spectrum, Rank)):
        return prove_spectral(a, b, trials=trials, seed=seed)
    _check(a, b, "prove")
    _shape_verdict(a, b)
    from .simplify import simplify
    from .evaluate import evaluate
    from .testing import random_values
    sa, sb = simplify(a), simplify(b)
    if sa is sb:
        return Proof(True, "canonical")
    dsyms = _dim_symbols(a, b)
    ssyms = _scalar_symbols(a, b)
    assigns = [d for d in _assignments(dsyms, seed, trials) if _shape_agrees(a, b, d)]
    if not assigns:
        raise ShapeError(f"the shapes never agree on the dimensions tried: {a} is "
                         f"{fmt_shape(a.shape)} and {b} is {fmt_shape(b.shape)}")
    rng = np.random.default_rng(seed)
    done = 0
    for k, dims in enumerate(assigns):
        for rep in range(2):
            vals = random_values(N.MatAdd(a, b) if _shape_agrees(a, b, dims) else a, dims,
                                 seed=seed * 100 + k * 10 + rep,
                                 extra=list(a.free_symbols | b.free_symbols))
            for s in ssyms:
                vals[s] = float(rng.normal())
            try:
                va, vb = evaluate(a, vals), evaluate(b, vals)
            except (EvaluationError, np.linalg.LinAlgError, ZeroDivisionError):
                continue
            if not (np.all(np.isfinite(va)) and np.all(np.isfinite(vb))):
                continue
            done += 1
            err = float(np.max(np.abs(va - vb))) if va.size else 0.0
            scale = max(float(np.max(np.abs(va))) if va.size else 0.0,
                        float(np.max(np.abs(vb))) if vb.size else 0.0, 1.0)
            if err <= 1e-10 * scale:
                continue
            if err <= 1e-6 * scale and _exact_close(a, b, dims, vals):
                continue
            ce = {"dims": dict(dims), "values": {s: v for s, v in vals.items()
                                                 if isinstance(s, N.MatrixSymbol) or s in ssyms},
                  "lhs": va, "rhs": vb, "max_error": err}
            dtxt = ", ".join(f"{d} = {v}" for d, v in dims.items()) or "the given dims"
            return Proof(False, "counterexample", done, ce,
                         f"the sides differ at {dtxt} (random values; max difference {err:.3g})",
                         assigns[:k + 1])
    if done == 0:
        raise EvaluationError(f"could not evaluate {a} == {b} at any trial point")
    return Proof(True, "numeric", done, None, "", assigns)


def equals(a, b, **kwargs) -> bool:
    """True if a == b for every value of symbols and dims, False if a counterexample exists.

    Raises :class:`~kronsym.errors.ShapeError` if the shapes can never agree.
    True comes from a symbolic proof (canonical forms) or overwhelming numeric
    evidence; :func:`prove` tells which.

    >>> import kronsym as ks
    >>> n, = ks.dims("n")
    >>> A, B = ks.MatrixSymbol("A", n, n), ks.MatrixSymbol("B", n, n)
    >>> ks.equals(ks.trace(A @ B), ks.trace(B @ A)), ks.equals(A @ B, B @ A)
    (True, False)
    """
    _check_call(a, b, "equals", kwargs)
    return prove(a, b, **kwargs).holds


def counterexample(a, b, **kwargs) -> Optional[Dict]:
    """Dims and values at which a ≠ b, or None if none is found.

    >>> import kronsym as ks
    >>> n, = ks.dims("n")
    >>> A, B = ks.MatrixSymbol("A", n, n), ks.MatrixSymbol("B", n, n)
    >>> ce = ks.counterexample(A @ B, B @ A)
    >>> sorted(ce)
    ['dims', 'lhs', 'max_error', 'rhs', 'values']
    """
    _check_call(a, b, "counterexample", kwargs)
    p = prove(a, b, **kwargs)
    return None if p.holds else p.counterexample
