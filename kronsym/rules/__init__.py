"""Rewrite rules, one module per family, registered into one explicit table.

Owns: the rule table ``RULES`` (node type -> ordered list of rules), the
``rule`` decorator that registers a function right next to its definition,
``describe()`` (family, name, identity, file:line of every rule), and
``apply_families`` (run chosen families to a fixed point with the engine of
:mod:`kronsym.traverse`).

Contract: a rule is a plain function ``node -> node | None`` that inspects
one node (and its children), never recurses, and returns an *equal*
expression or None. Its docstring's first line states the identity it
implements and its source. Families: see ``FAMILY_MODULES``.
"""
from __future__ import annotations

import inspect
import os
from dataclasses import dataclass
from typing import Callable, Dict, Iterable, List, Optional, Sequence, Tuple

from ..traverse import rewrite

__all__ = ["rule", "RULES", "RuleInfo", "describe", "rules_for", "apply_families",
           "FAMILY_MODULES", "all_families"]


@dataclass(frozen=True)
class RuleInfo:
    """What ``describe()`` reports of one rule."""
    family: str
    name: str
    identity: str
    node_types: Tuple[str, ...]
    location: str
    func: Callable


RULES: Dict[type, List[Tuple[str, Callable]]] = {}
_INFO: List[RuleInfo] = []


def rule(family: str, *node_types: type):
    """Register a rule for ``node_types`` under ``family`` (decorator).

    >>> from kronsym.rules import describe
    >>> any(r.name == "transpose_of_transpose" for r in describe())
    True
    """
    if not node_types:
        raise TypeError("rule(family, *node_types): name at least one node type")

    def deco(fn):
        doc = inspect.getdoc(fn)
        if not doc:
            raise TypeError(f"rule {fn.__name__} must state its identity in its docstring")
        for t in node_types:
            RULES.setdefault(t, []).append((family, fn))
        try:
            src = inspect.getsourcefile(fn) or "?"
            line = inspect.getsourcelines(fn)[1]
            here = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
            loc = f"{os.path.relpath(src, os.path.dirname(here))}:{line}"
        except (OSError, TypeError):  # pragma: no cover
            loc = "?"
        _INFO.append(RuleInfo(family, fn.__name__, doc.splitlines()[0],
                              tuple(t.__name__ for t in node_types), loc, fn))
        fn.family = family
        return fn
    return deco


def describe(family: Optional[str] = None) -> List[RuleInfo]:
    """Every registered rule: family, name, identity, node types, file:line.

    >>> from kronsym.rules import describe
    >>> r = [r for r in describe("transpose") if r.name == "transpose_of_product"][0]
    >>> r.identity
    '(A B ... Z)ᵀ = Zᵀ ... Bᵀ Aᵀ  [Magnus & Neudecker, ch. 1]'
    """
    return [r for r in _INFO if family is None or r.family == family]


def all_families() -> List[str]:
    """The family names, in registration order."""
    out: List[str] = []
    for r in _INFO:
        if r.family not in out:
            out.append(r.family)
    return out


def rules_for(node, families: Optional[Iterable[str]] = None) -> List[Callable]:
    """The rules that may apply at ``node`` (in registration order)."""
    fams = None if families is None else set(families)
    return [fn for fam, fn in RULES.get(type(node), ()) if fams is None or fam in fams]


def apply_families(expr, families: Optional[Sequence[str]] = None, *, trace=None,
                   max_steps: int = 100_000, memo=None,
                   replace: Optional[Dict[Callable, Callable]] = None):
    """Rewrite ``expr`` with the rules of ``families`` (default: all) to a fixed point.

    ``replace`` maps a rule to the rule used in its place (at the same priority),
    e.g. the light algebra of derivatives flattens products in groups
    (``{flatten_nested: flatten_nested_grouped}``).

    >>> import kronsym as ks
    >>> from kronsym.rules import apply_families
    >>> A = ks.MatrixSymbol("A", 2, 3)
    >>> str(apply_families((2 * A).T.T + ks.zeros(2, 3) - A))
    'A'
    """
    fams = None if families is None else tuple(families)
    table: Dict[type, Tuple[Callable, ...]] = {}

    def lookup(node):
        t = type(node)
        got = table.get(t)
        if got is None:
            got = rules_for(node, fams)
            if replace:
                got = [replace.get(r, r) for r in got]
            got = table[t] = tuple(dict.fromkeys(got))
        return got
    return rewrite(expr, lookup, max_steps=max_steps, trace=trace, memo=memo)


# The families, imported for their registrations (order = priority within a node type).
FAMILY_MODULES: tuple[str, ...] = ("basic", "transpose", "inverse", "kron", "commutation", "vec", "trace_det",
                  "hadamard", "calculus")
from . import (basic, transpose, inverse, kron, commutation, vec, trace_det,  # noqa: E402,F401
               hadamard, calculus)
FAMILY_MODULES += ("symmetric",)
from . import symmetric  # noqa: E402,F401
# partitioned products (face-splitting, Khatri–Rao mixed products, Tracy–Singh) and vec_r
FAMILY_MODULES += ("facesplit", "tracy_singh")
from . import facesplit, tracy_singh  # noqa: E402,F401
# entrywise functions and the entrywise power (f(X)ᵀ = f(Xᵀ), exp(log X) = X, ...)
FAMILY_MODULES += ("entrywise",)
from . import entrywise  # noqa: E402,F401
# reductions: sums as 1ᵀX1, diagonals, ‖X‖² = tr(XᵀX), 1×1 scalings, matrix powers
FAMILY_MODULES += ("reductions",)
from . import reductions  # noqa: E402,F401
# pseudo-inverse, adjugate, symmetric eigen-decomposition, nuclear norm (nodes/pseudo.py)
FAMILY_MODULES += ("pseudo",)
from . import pseudo  # noqa: E402,F401
# matrix functions: f(Xᵀ) = f(X)ᵀ, e^{A⊕B} = e^A ⊗ e^B, det e^X = e^{tr X}, J_f(X)ᵀ = J_f(Xᵀ)
FAMILY_MODULES += ("matfuncs",)
from . import matfuncs  # noqa: E402,F401
# textbook forms: 1×1 factors as scalar multiples, symmetric matrices, outer products (issue #17)
FAMILY_MODULES += ("textbook",)
from . import textbook  # noqa: E402,F401
# the canonical ordering (sort terms, rotate traces): last, so lowest priority per node type
FAMILY_MODULES += ("canon",)
from . import canon  # noqa: E402,F401
