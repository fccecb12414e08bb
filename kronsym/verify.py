"""Check a claimed identity written as text: ``verify("LHS == RHS", shapes)``.

Owns: ``verify`` and its result ``Verdict`` (the function behind
``kronsym verify``). The claim is parsed with :func:`kronsym.parse_equation`
(never ``eval``) and decided with :func:`kronsym.prove`:

- ``holds``: a symbolic proof (both sides reach the same canonical form,
  ``.method == "canonical"``) or, failing that, evidence: no counterexample
  at random points, computed exactly ("exact-random", rational expressions)
  or at 50 digits ("high-precision", transcendental ones) — ``.reason``
  says which, and that evidence is not a proof. Where the shapes agree only
  for some dims (``I(m) == I(n + 5)``), the verdict is about those dims and
  the reason says so ("where the shapes agree (m = n + 5)");
- ``fails``: a counterexample, with its dims and values (``.counterexample``);
- ``shapes never agree``: the two sides have shapes that are *proved* to
  differ for every positive-integer value of the dims (or a side cannot be
  built at all: a product that does not conform, the inverse of a
  non-square matrix), with the reason;
- ``shapes undecided``: a side needs two dims to be equal that are not known
  to be (``m`` vs ``n``): no verdict until the claim says so — use one dim
  symbol, or declare them equal (``ks.assume_equal``); or the shape
  equations could be neither solved nor proved impossible. ``kronsym
  verify`` exits with 2 (bad input) here.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Dict, Iterable, Mapping, Optional, Tuple

from .errors import Hint, ShapeError, UndecidedShapeError, hints_of
from .parser import _equation
from .prove import prove

__all__ = ["verify", "Verdict"]


@dataclass
class Verdict:
    r"""The outcome of :func:`verify`. ``verdict`` is "holds", "fails",
    "shapes never agree" or "shapes undecided"; ``bool(v)`` is True only when
    the identity holds. ``hints`` is the advice the reason gives
    (:class:`kronsym.errors.Hint`, reworded by the command line). In Jupyter a
    verdict shows as the claim with = or ≠ and the reason (``_repr_markdown_``,
    ``_repr_latex_``); its repr is one line:

    >>> import kronsym as ks
    >>> v = ks.verify("A @ B == B @ A", {"A": "n,n", "B": "n,n"})
    >>> v
    <Verdict fails: A @ B == B @ A>
    >>> print(v._repr_latex_())
    $$A B \neq B A \qquad \text{(fails)}$$
    """
    claim: str
    verdict: str
    reason: str
    method: str = ""
    counterexample: Optional[Dict] = None
    lhs: object = None
    rhs: object = None
    hints: Tuple[Hint, ...] = ()

    def __bool__(self) -> bool:
        return self.verdict == "holds"

    def __repr__(self) -> str:
        from .printing.display import verdict_repr
        return verdict_repr(self)

    def _repr_latex_(self) -> str:
        from .printing.display import verdict_latex
        return verdict_latex(self)

    def _repr_markdown_(self) -> str:
        from .printing.display import verdict_markdown
        return verdict_markdown(self)

    def __str__(self) -> str:
        out = f"{self.verdict}: {self.reason}"
        ce = self.counterexample
        if ce:
            dims = ", ".join(f"{d} = {v}" for d, v in ce["dims"].items())
            if dims:
                out += f"\n  counterexample dims: {dims}"
            for s, v in ce["values"].items():
                name = getattr(s, "name", str(s))
                out += f"\n  {name} = " + _fmt_value(v)
        return out


def _fmt_value(v) -> str:
    import numpy as np
    a = np.asarray(v, dtype=float)
    if a.size == 1:
        return f"{a.item():.6g}"
    return np.array2string(a, precision=4, suppress_small=True).replace("\n", "\n      ")


def verify(claim: str, shapes: Optional[Mapping] = None, *, dims: Iterable = (),
           scalars: Iterable = (), trials: int = 6, seed: int = 0) -> Verdict:
    """Decide the identity ``"LHS == RHS"`` for all dims and values.

    >>> import kronsym as ks
    >>> print(ks.verify("vec(A @ X @ B) == kron(B.T, A) @ vec(X)",
    ...                 {"A": "m,n", "X": "n,p", "B": "p,q"}))
    holds: proved (both sides have the same canonical form)
    >>> v = ks.verify("kron(A, B) == kron(B, A)", {"A": "m,n", "B": "p,q"})
    >>> v.verdict, bool(v)
    ('fails', False)
    >>> ks.verify("kron(A, I(2)) == A", {"A": "m,n"}).verdict
    'shapes never agree'
    >>> ks.verify("A + B == B + A", {"A": "m,n", "B": "p,n"}).verdict
    'shapes undecided'
    >>> print(ks.verify("I(m) == I(n + 5)", {}))
    holds: where the shapes agree (m = n + 5): proved (both sides have the same canonical form)
    """
    for key, value in (("trials", trials), ("seed", seed)):
        if isinstance(value, bool) or not isinstance(value, int):
            raise TypeError(f"verify(claim, ..., {key}=...): {key} must be an int, got "
                            f"{type(value).__name__} {value!r:.40}")
    try:
        lhs, rhs = _equation(claim, shapes, dims, scalars, "verify")
    except UndecidedShapeError as e:
        return Verdict(claim, "shapes undecided", f"a side cannot be built until dims are "
                                                  f"declared equal: {e}", hints=hints_of(e))
    except ShapeError as e:
        return Verdict(claim, "shapes never agree", f"a side cannot be built: {e}",
                       hints=hints_of(e))
    try:
        p = prove(lhs, rhs, trials=trials, seed=seed)
    except UndecidedShapeError as e:
        return Verdict(claim, "shapes undecided", str(e), lhs=lhs, rhs=rhs, hints=hints_of(e))
    except ShapeError as e:
        return Verdict(claim, "shapes never agree", str(e), lhs=lhs, rhs=rhs,
                       hints=hints_of(e))
    where = f"where the shapes agree ({p.condition}): " if p.condition else ""
    if p.holds:
        reason = where + ("proved (both sides have the same canonical form)"
                          if p.method == "canonical" else p.evidence())
        return Verdict(claim, "holds", reason, p.method, lhs=lhs, rhs=rhs)
    return Verdict(claim, "fails", _fails_reason(lhs, rhs, p), p.method, p.counterexample,
                   lhs, rhs)


def _fails_reason(lhs, rhs, p) -> str:
    """"A @ B ≠ B @ A at n = 2: entry (1, 1) of A @ B is 12, of B @ A 30 (...)": the two
    sides by name, the first entry where they differ, and how they were compared."""
    import numpy as np
    ce = p.counterexample or {}
    la, lb = ce.get("lhs"), ce.get("rhs")
    dims = ", ".join(f"{d} = {v}" for d, v in ce.get("dims", {}).items())
    where = f" where the shapes agree ({p.condition})" if p.condition else ""
    head = f"{lhs} ≠ {rhs}" + (f" at {dims}" if dims else "") + where
    how = f" (random values below, compared {p.how})" if p.how else " (random values below)"
    try:
        a, b = np.asarray(la), np.asarray(lb)
        if a.shape != b.shape or a.size == 0:
            raise ValueError
        diff = np.abs(a - b)
        i = int(np.argmax(diff > 0)) if np.any(diff > 0) else int(np.argmax(diff))
        r, c = np.unravel_index(i, a.shape) if a.ndim == 2 else (i, 0)
    except (ValueError, TypeError):
        return head + how
    if a.size == 1:
        return f"{head}: {lhs} is {_num(a.flat[0])}, {rhs} is {_num(b.flat[0])}{how}"
    return (f"{head}: entry ({r + 1}, {c + 1}) of {lhs} is {_num(a.flat[i])}, of {rhs} "
            f"{_num(b.flat[i])}{how}")


def _num(x) -> str:
    z = complex(x)
    if z.imag:
        return f"{z:.6g}"
    return f"{z.real:.6g}"
