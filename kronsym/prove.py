"""The identity prover: ``ks.equals``, ``ks.counterexample``, ``ks.prove``.

Owns: deciding whether two expressions are equal for every value of their
symbols and every (positive integer) value of their dimensions, wherever
both sides are defined.

Method, in order (``Proof.method`` names the step that decided):

1. **Shapes** (:mod:`kronsym.dimsolve`). The equations "rows equal, columns
   equal" (and the dims declared equal with ``ks.assume_equal``) are solved
   over the positive integers. No solution *proved* → :class:`ShapeError`
   ("never agree"); neither proved nor found → :class:`UndecidedShapeError`;
   otherwise the dims are restricted to the solutions (``m = n + 5``,
   ``Proof.condition``) and the identity is decided there.
2. **Canonical forms.** ``simplify(a) is simplify(b)`` is a symbolic proof:
   ``method == "canonical"``.
3. **Random points**, on several dimension assignments: the free dims
   pairwise distinct and above 1 (ascending, then descending), all ones,
   random mixes and larger values (every node's dims positive). At each, up
   to ``_DRAWS`` draws of values (more when there are fewer assignments, so
   that about ``2·trials`` points are visited in all); a draw where either side is undefined
   (singular inverse, log of a non-positive number ...) is redrawn, never
   reported; an assignment where no draw is defined is skipped (and listed
   in ``Proof.skipped``).

   * **Rational expressions** (no transcendental function,
     :func:`kronsym.exacteval.is_rational`) are evaluated *exactly*, modulo
     the prime P = 2³¹ − 1, at small integer values and then at uniformly
     random residues. Different residues prove the sides differ (a real
     counterexample, reported at the drawn integer values). Agreement at
     every point is ``method == "exact-random"``: by Schwartz–Zippel a false
     identity of degree d survives a random point with probability ≤ d/P,
     but only the dims tried are covered, so this is evidence, not a proof.
   * **Transcendental expressions** (log, exp, sin, cos, sqrt, logdet,
     non-integer powers) are evaluated in mpmath at 25 and at 50 digits with
     random real values of both signs (det and trace of either sign). The
     change between the two precisions estimates each side's rounding error
     (so the tolerance follows the conditioning); the sides differ when the
     50-digit values differ by more than 100 times that estimate (plus
     10⁻⁴⁵ relative). Agreement is ``method == "high-precision"``
     (numeric evidence, not a proof).
   * A node type neither evaluator knows falls back to float64 (the dense
     evaluator, 1e-10 relative with a 50-digit SymPy re-check of close
     calls): ``method == "numeric"``.

A verdict is never "holds" from float round-off alone, and a counterexample
is always a point where both sides are defined. A float coefficient is the
binary number it stores, as in :func:`kronsym.simplify` and
:func:`kronsym.evaluate`: ``0.1*A + 0.2*A == 0.3*A`` fails by 2⁻⁵⁴ (write
``sympy.Rational(1, 10)`` for an exact decimal).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Dict, List, Optional

import numpy as np

from . import nodes as N
from .errors import EvaluationError, ShapeError
from .dimsolve import dim_assignments, node_dims, shape_solutions, substitute_dims
from .optable import operation, statement_types
from .traverse import postorder
from .simplify import simplify

__all__ = ["equals", "counterexample", "prove", "Proof", "METHODS"]

#: what each ``Proof.method`` means (the first is a proof; the rest, but "counterexample", evidence)
METHODS = {
    "canonical": "proved: both sides have the same canonical form",
    "exact-random": "exact arithmetic (mod 2^31 - 1) at random points agreed",
    "high-precision": "50-digit evaluation at random points agreed within the rounding error",
    "numeric": "float64 evaluation at random points agreed",
    "counterexample": "a point where both sides are defined and differ",
}

_DRAWS = 6          # draws per dimension assignment before it is skipped as undefined
_MODP_LIMIT = 2 ** 21     # largest dense intermediate evaluated exactly
_MP_LIMIT = 2 ** 11       # largest dense intermediate evaluated at 50 digits


@dataclass
class Proof:
    """The verdict on ``a == b``.

    ``holds`` is True/False; ``method`` is one of :data:`METHODS`:
    "canonical" (symbolic proof), "exact-random" (exact arithmetic at random
    points: evidence), "high-precision" (50-digit numerics: evidence),
    "numeric" (float64: evidence) or "counterexample" (then
    ``counterexample`` holds the dims and values). ``condition`` is the
    restriction of the dims where the shapes agree (``"m = n + 5"``), empty
    when there is none; ``skipped`` the dim assignments where a side was
    undefined at every draw.
    """
    holds: bool
    method: str
    trials: int = 0
    counterexample: Optional[Dict] = None
    detail: str = ""
    dims_tried: List[Dict] = field(default_factory=list)
    condition: str = ""
    skipped: List[Dict] = field(default_factory=list)
    how: str = ""       #: for a counterexample: how the sides were compared ("exactly, ...")

    def __bool__(self) -> bool:
        return self.holds

    def __repr__(self) -> str:
        """One line: ``<Proof holds (canonical)>`` (``Proof(...)`` shows every field)."""
        from .printing.display import proof_repr
        return proof_repr(self)

    def _repr_markdown_(self) -> str:
        from .printing.display import proof_markdown
        return proof_markdown(self)

    def __str__(self) -> str:
        where = f" where the shapes agree ({self.condition})" if self.condition else ""
        if self.method == "canonical":
            return f"holds{where} (proved: both sides have the same canonical form)"
        if self.holds:
            return f"holds{where} ({self.evidence()})"
        return f"fails: {self.detail}"

    def evidence(self) -> str:
        """How a numeric "holds" was reached, in words (says it is not a proof)."""
        pts = f"{self.trials} random points over {len(self.dims_tried)} dimension assignments"
        skip = (f"; skipped {len(self.skipped)} assignments where a side is undefined"
                if self.skipped else "")
        if self.method == "exact-random":
            return (f"evidence: exact arithmetic mod 2^31 - 1 agreed at {pts}{skip}; "
                    f"not a symbolic proof")
        if self.method == "high-precision":
            return (f"numeric evidence: 50-digit evaluation agreed within the rounding error at "
                    f"{pts}{skip}; not a symbolic proof")
        return f"numeric evidence: {self.trials} random trials over {len(self.dims_tried)} " \
               f"dimension assignments (float64){skip}; not a symbolic proof"


def _check(a, b, fn):
    for name, x in (("a", a), ("b", b)):
        if not isinstance(x, N.Expr):
            raise TypeError(f"{fn}(a, b): {name} must be a kronsym expression, got {type(x).__name__}")


def _check_call(a, b, fn, kwargs) -> None:
    """Type checks of prove/equals/counterexample, naming ``fn`` (spectra and ranks pass)."""
    stmts = statement_types()    # spectra and ranks (kronsym.spectral registers them)
    if not (isinstance(a, stmts) or isinstance(b, stmts)):
        _check(a, b, fn)
    for key, value in kwargs.items():
        if key not in ("trials", "seed"):
            raise TypeError(f"{fn}(a, b, ...): unknown keyword argument {key!r}; known: trials, seed")
        if isinstance(value, bool) or not isinstance(value, int):
            raise TypeError(f"{fn}(a, b, {key}=...): {key} must be an int, got "
                            f"{type(value).__name__} {value!r:.40}")


def _param_symbols(*es):
    """SymPy symbols in coefficients and exponents: (dims among them, scalar symbols)."""
    out = set()
    for e in es:
        for node in postorder(e):
            if isinstance(node, (N.ScalarMul, N.Power)):
                out |= node.params[0].free_symbols
    dims = {s for s in out if s.is_integer and s.is_positive}
    return dims, sorted(out - dims, key=str)


def _dim_symbols(*es):
    out = set()
    for e in es:
        out |= set(e.free_dims)
    out |= _param_symbols(*es)[0]
    return sorted(out, key=str)


def scalar_symbols(*es):
    """The SymPy scalar symbols in the parameters of ``es`` (shared with :mod:`kronsym.spectral`).

    >>> import kronsym as ks, sympy
    >>> from kronsym.prove import scalar_symbols
    >>> c = sympy.Symbol("c")
    >>> scalar_symbols(c * ks.MatrixSymbol("A", 2, 2))
    [c]
    """
    return _param_symbols(*es)[1]


def numeric_assignments(dsyms, seed: int, count: int, exprs=()):
    """Dim assignments for the numeric checks (shared with :mod:`kronsym.spectral`).

    >>> import kronsym as ks
    >>> from kronsym.prove import numeric_assignments
    >>> m, = ks.dims("m")
    >>> len(numeric_assignments([m], 0, 3, [ks.MatrixSymbol("A", m, m)])) >= 1
    True
    """
    return dim_assignments({}, dsyms, node_dims(*exprs), seed, count) or [{}]


def prove(a: N.Expr, b: N.Expr, *, trials: int = 6, seed: int = 0) -> Proof:
    """Decide ``a == b`` for all values and dims; returns a :class:`Proof`.

    ``a`` and ``b`` are matrix expressions, or both spectra / both ranks
    (:mod:`kronsym.spectral`: ``ks.eigvals``, ``ks.svdvals``, ``ks.rank``).
    ``trials`` is the number of dimension assignments visited.

    >>> import kronsym as ks
    >>> m, n, p, q = ks.dims("m n p q")
    >>> A, B = ks.MatrixSymbol("A", m, n), ks.MatrixSymbol("B", p, q)
    >>> ks.prove(ks.kron(A, B).T, ks.kron(A.T, B.T)).method
    'canonical'
    >>> r = ks.prove(ks.kron(A, B), ks.kron(B, A)); r.holds, r.method
    (False, 'counterexample')
    >>> X = ks.MatrixSymbol("X", n, n)
    >>> ks.prove(ks.inv(X.T), ks.inv(X).T).method
    'canonical'
    >>> ks.prove(ks.exp(ks.logdet(X)), ks.det(X)).holds      # logdet X = log|det X|
    False
    """
    _check_call(a, b, "prove", {"trials": trials, "seed": seed})
    stmts = statement_types()
    if isinstance(a, stmts) or isinstance(b, stmts):   # kronsym.spectral lends its prover
        return operation("prove_statements")(a, b, trials=trials, seed=seed)
    _check(a, b, "prove")
    from .exacteval import Undefined, Unsupported   # lazy (as .trial): kept out of import kronsym
    dsyms = _dim_symbols(a, b)
    solved, free, condition = shape_solutions(a, b, dsyms)
    sa, sb = simplify(a), simplify(b)
    if sa is sb:
        return Proof(True, "canonical", condition=condition)
    if solved:
        try:
            a2, b2 = substitute_dims(a, solved), substitute_dims(b, solved)
            # only when no two symbols merge (A m×n and A n×m become one A at m = n)
            if len(a2.free_symbols | b2.free_symbols) == len(a.free_symbols | b.free_symbols) \
                    and simplify(a2) is simplify(b2):
                return Proof(True, "canonical", condition=condition)
        except ShapeError:
            pass
    ssyms = scalar_symbols(a, b)
    syms = sorted(a.free_symbols | b.free_symbols, key=lambda s: s.name)
    assigns = dim_assignments(solved, free, node_dims(a, b), seed, max(trials, 1))
    if not assigns:
        raise EvaluationError(f"no dimension values make every dimension of {a} == {b} a "
                              f"positive integer{' with ' + condition if condition else ''}")
    from .trial import _draw, _engine, _largest, _try_exact, _try_float, _try_mp
    from .entrywise_exact import symbol_domains
    engine = _engine(a, b)
    domains = symbol_domains(a, b)      # draws inside each entrywise function's domain
    rng = np.random.default_rng(seed)
    done, tried, skipped = 0, [], []  # type: int, list, list
    methods = set()
    for dims in assigns:
        size = _largest((a, b), dims)
        eng = engine
        if eng == "exact" and size > _MODP_LIMIT or eng == "mp" and size > _MP_LIMIT:
            eng = "float"
        if size > 2 ** 24:
            continue
        good = 0
        base = None
        base_want = 3 if eng == "mp" else 2
        # fewer assignments (concrete dims, or a tight shape condition): more points at each
        want = min(12, max(base_want, base_want * trials // len(assigns)))
        for draw in range(_DRAWS + want - base_want):
            if good >= want:
                break
            rep = good if eng != "mp" else draw
            kind = "exact" if eng == "exact" else "real"
            vals, scal = _draw(syms, ssyms, dims, rng, kind, rep if eng == "exact" else draw, base,
                               domains)
            if eng == "mp" and base is None:
                base = vals
            try:
                out = {"exact": _try_exact, "mp": _try_mp, "float": _try_float}[eng](
                    a, b, dims, vals, scal)
            except Undefined:
                if eng == "mp" and draw % 3 == 0:
                    base = None
                continue
            except Unsupported:
                eng = "float"
                continue
            except (ValueError, IndexError) as e:   # a node built under dims no longer assumed
                if isinstance(e, EvaluationError) and "needs a value" in str(e):
                    raise
                break
            good += 1
            done += 1
            if not out.equal:
                fv = {s: np.asarray(v, dtype=float) for s, v in vals.items()}
                fv.update(scal)
                ce = {"dims": dict(dims), "values": fv, "lhs": out.lhs, "rhs": out.rhs,
                      "max_error": out.err}
                dtxt = ", ".join(f"{d} = {v}" for d, v in dims.items()) or "the given dims"
                where = f" (where the shapes agree: {condition})" if condition else ""
                return Proof(False, "counterexample", done, ce,
                             f"the sides differ at {dtxt}{where} (random values, compared "
                             f"{out.how}; " + (f"max difference {out.err:.3g})" if out.err == out.err
                                               else "float64 cannot show the values)"),
                             tried + [dims], condition, skipped, out.how)
            methods.add(eng)
        if good:
            tried.append(dims)
        else:
            skipped.append(dims)
    if done == 0:
        raise EvaluationError(f"could not evaluate {a} == {b} at any trial point: at every "
                              f"dimension assignment tried ({', '.join(map(str, assigns[:4]))}) "
                              f"a side is undefined for every draw (a singular inverse, the log "
                              f"of a non-positive number, ...)")
    method = ("numeric" if "float" in methods else "high-precision" if "mp" in methods
              else "exact-random")
    return Proof(True, method, done, None, "", tried, condition, skipped)


def equals(a: N.Expr, b: N.Expr, **kwargs: Any) -> bool:
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


def counterexample(a: N.Expr, b: N.Expr, **kwargs: Any) -> Optional[Dict]:
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
