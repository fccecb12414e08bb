"""Where two shapes agree, and which dimension values the prover tries there.

Owns: ``shape_solutions`` (the positive-integer solutions of "the shapes of
``a`` and ``b`` are equal", with the declared equalities of
:func:`kronsym.assume_equal`) and ``dim_assignments`` (the concrete dims a
numeric check visits).

Contract
--------
* ``shape_solutions`` returns the solution set as substitutions
  ``{solved dim: expression in the free dims}`` (``m = n + 5``), or raises
  :class:`~kronsym.errors.ShapeError` only when it has *proved* there is no
  solution in positive integers (a nonzero constant difference, a difference
  SymPy proves nonzero, a system with no complex solution, solved values
  that are constants outside the positive integers, or a linear system whose
  positivity constraints are infeasible over the reals), and
  :class:`~kronsym.errors.UndecidedShapeError` when it can neither prove that
  nor find a witness.
* ``dim_assignments`` visits, in order: the free dims pairwise distinct and
  above 1 in ascending order, all ones, distinct above 1 in descending
  order, then random mixes (equal values and 1s allowed) and larger distinct
  values. Every assignment makes every dimension of every node a positive
  integer. So an identity that holds only when two dims are equal or one is
  1 (``K(m, n) = K(n, m)``) meets a counterexample in its first assignment.
"""
from __future__ import annotations

import random
from typing import Dict, List, Optional, Sequence

import sympy

from .dims import _assumed, dims_equal, fmt_shape
from .errors import ShapeError, UndecidedShapeError
from .traverse import postorder

__all__ = ["shape_solutions", "dim_assignments", "node_dims"]


def node_dims(*exprs) -> List[sympy.Expr]:
    """Every distinct non-constant dimension expression of every node (rows, cols, params)."""
    seen: dict = {}
    for e in exprs:
        for n in postorder(e):
            for d in n.shape:
                if getattr(d, "free_symbols", None):
                    seen.setdefault(d, None)
    return list(seen)


def _never(a, b, why: str):
    return ShapeError(f"the shapes never agree: {a} is {fmt_shape(a.shape)} and {b} is "
                      f"{fmt_shape(b.shape)}; {why}")


def _value(expr, point):
    v = expr.xreplace(point) if getattr(expr, "free_symbols", None) else expr
    return v


def _valid(point: Dict, solved: Dict, ndims) -> Optional[Dict]:
    """The full assignment from the free dims' values, or None if some dim is not a positive int."""
    full = {k: sympy.Integer(v) for k, v in point.items()}
    for d, expr in solved.items():
        v = _value(expr, full)
        if not (v.is_Integer and v > 0):
            return None
        full[d] = v
    for d in ndims:
        v = _value(d, full)
        if not (v.is_Integer and v > 0):
            return None
    return {k: int(v) for k, v in full.items()}


def shape_solutions(a, b, dsyms: Sequence[sympy.Symbol]):
    """``(solved, free, condition)`` for the dims where ``a.shape == b.shape``.

    >>> import kronsym as ks
    >>> from kronsym.dimsolve import shape_solutions
    >>> m, n = ks.dims("m n")
    >>> shape_solutions(ks.I(m), ks.I(n + 5), [m, n])
    ({m: n + 5}, [n], 'm = n + 5')
    >>> shape_solutions(ks.MatrixSymbol("A", m + n, 1), ks.MatrixSymbol("B", 1, 1), [m, n])
    Traceback (most recent call last):
    ...
    kronsym.errors.ShapeError: the shapes never agree: A is (m + n)×1 and B is 1×1; m + n = 1 has no solution in positive integers (its positivity constraints are infeasible)
    """
    eqs: List[sympy.Expr] = []
    for axis, (x, y) in enumerate(zip(a.shape, b.shape)):
        word = "rows" if axis == 0 else "columns"
        ok = dims_equal(x, y)
        if ok is False:
            raise _never(a, b, f"their {word} differ ({x} − ({y}) is never 0)")
        if ok is not True or _assumed():
            eq = sympy.expand(sympy.sympify(x) - sympy.sympify(y))
            if eq != 0:
                eqs.append((eq, word, x, y))
    dset = set(dsyms)
    for x, y in _assumed():
        if (x.free_symbols | y.free_symbols) & dset:
            eq = sympy.expand(x - y)
            if eq != 0:
                eqs.append((eq, "declared equal", x, y))
    ndims = node_dims(a, b)
    if not eqs:
        return {}, list(dsyms), ""
    exprs = [e for e, *_ in eqs]
    syms = sorted(set().union(*[e.free_symbols for e in exprs]), key=str)
    plain = {x: sympy.Dummy(x.name) for x in syms}     # no assumptions: solve over C
    back = {v: k for k, v in plain.items()}
    try:
        sols = sympy.solve([e.xreplace(plain) for e in exprs], [plain[x] for x in syms],
                           dict=True)
        sols = [{back[k]: v.xreplace(back) for k, v in sol.items()} for sol in sols]
    except (NotImplementedError, ValueError, TypeError):   # pragma: no cover - SymPy gave up
        raise UndecidedShapeError(f"shapes undecided: cannot solve {_eqtext(eqs)} for "
                                  f"positive integers") from None
    if not sols:
        raise _never(a, b, f"{_eqtext(eqs)} has no solution (not even a complex one)")
    rng = random.Random(12345)
    found = []
    for sol in sols:
        free = [d for d in dsyms if d not in sol]
        if _search(sol, free, ndims, rng) is not None:
            found.append((sol, free))
    if found:
        sol, free = found[0]
        cond = ", ".join(f"{k} = {v}" for k, v in sorted(sol.items(), key=lambda kv: str(kv[0])))
        return dict(sol), free, cond
    # no witness: prove there is none, or give up
    if all(all(v.is_number for v in sol.values()) for sol in sols):
        vals = "; ".join(", ".join(f"{k} = {v}" for k, v in sol.items()) for sol in sols)
        raise _never(a, b, f"the {eqs[0][1]} differ: {_eqtext(eqs)} needs {vals}, not a "
                           f"positive integer")
    if all(_linear_infeasible(sol, [d for d in dsyms if d not in sol], ndims) for sol in sols):
        raise _never(a, b, f"{_eqtext(eqs)} has no solution in positive integers (its "
                           f"positivity constraints are infeasible)")
    raise UndecidedShapeError(f"shapes undecided: {a} is {fmt_shape(a.shape)} and {b} is "
                              f"{fmt_shape(b.shape)}; no positive-integer dims found where "
                              f"{_eqtext(eqs)}, and none proved impossible")


def _eqtext(eqs) -> str:
    return " and ".join(f"{x} = {y}" for _, _, x, y in eqs)


def _search(sol, free, ndims, rng, tries: int = 120):
    if not free:
        return _valid({}, sol, ndims)
    for t in range(tries):
        hi = 3 + t // 10
        point = {d: rng.randint(1, hi) for d in free}
        got = _valid(point, sol, ndims)
        if got is not None:
            return got
    return None


def _linear_infeasible(sol, free, ndims) -> bool:
    """True if {every solved dim ≥ 1, every node dim ≥ 1, free ≥ 1} has no real solution
    (all linear); False when not linear or feasible."""
    cons = list(sol.values()) + [d.xreplace(sol) for d in ndims] + list(free)
    try:
        if not all(sympy.Poly(c, *free).total_degree() <= 1 if free else c.is_number
                   for c in cons):
            return False
    except sympy.PolynomialError:
        return False
    if not free:
        return not all(c >= 1 for c in cons)
    try:
        from scipy.optimize import linprog
    except ImportError:  # pragma: no cover
        return False
    A, rhs = [], []
    for c in cons:
        p = sympy.Poly(c, *free)
        row = [-float(p.coeff_monomial(v)) for v in free]
        const = float(p.coeff_monomial(1))
        A.append(row)
        rhs.append(const - 1.0)        # -(coeffs·x) ≤ const - 1  ⇔  c(x) ≥ 1
    res = linprog([0.0] * len(free), A_ub=A, b_ub=rhs, bounds=[(1, None)] * len(free),
                  method="highs")
    return res.status == 2


def dim_assignments(solved: Dict, free: Sequence[sympy.Symbol], ndims, seed: int,
                    count: int) -> List[Dict]:
    """Up to ``count`` concrete assignments of every dim (see the module doc).

    >>> import kronsym as ks
    >>> from kronsym.dimsolve import dim_assignments
    >>> m, n = ks.dims("m n")
    >>> dim_assignments({}, [m, n], [m, n], seed=0, count=3)
    [{m: 2, n: 3}, {m: 1, n: 1}, {m: 3, n: 2}]
    """
    free = list(free)
    k = len(free)
    rng = random.Random(seed)
    patterns = []
    if k:
        patterns.append(list(range(2, 2 + k)))
        patterns.append([1] * k)
        patterns.append(list(range(1 + k, 1, -1)))
    else:
        patterns.append([])
    out: List[Dict] = []
    tries = 0
    while len(out) < count and tries < 300:
        if patterns:
            vals = patterns.pop(0)
        else:
            tries += 1
            style = tries % 3
            if style == 1:
                vals = rng.sample(range(2, 4 + k), k)
            elif style == 2:
                vals = [rng.randint(1, 3) for _ in free]
            else:
                vals = rng.sample(range(3, 6 + k), k)
        got = _valid(dict(zip(free, vals)), solved, ndims)
        if got is None and solved:
            # shift the free dims up until the solved ones become positive
            for bump in range(1, 8):
                got = _valid({d: v + bump for d, v in zip(free, vals)}, solved, ndims)
                if got is not None:
                    break
        if got is not None and got not in out:
            out.append(got)
        if not k and not solved:
            break
    return out


def substitute_dims(expr, solved: Dict):
    """``expr`` with the dims of ``solved`` replaced (``m -> n + 5``) in every parameter;
    every node is rebuilt through its constructor's checks.

    >>> import kronsym as ks
    >>> from kronsym.dimsolve import substitute_dims
    >>> m, n = ks.dims("m n")
    >>> substitute_dims(ks.I(m), {m: n + 5}) is ks.I(n + 5)
    True
    """
    if not solved:
        return expr
    done: Dict = {}
    for node in postorder(expr):
        params = tuple(p.xreplace(solved) if isinstance(p, sympy.Basic) else p
                       for p in node.params)
        kids = tuple(done[c] for c in node.children)
        done[node] = type(node)._make(params, kids)
    return done[expr]
