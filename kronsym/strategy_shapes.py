"""Shape arithmetic for the hypothesis strategies: how a dimension factors and splits.

Owns: ``_factors``, ``_prod``, ``_splits``, ``_square_root``, ``_square`` and
``_scalar_shape``, the helpers :mod:`kronsym.strategies` uses to draw operands whose
shapes multiply to a target shape (Kronecker factors, vec/unvec splits, square roots).

Contract: pure functions of SymPy dimension expressions; nothing here draws.

>>> import sympy
>>> from kronsym.strategy_shapes import _splits
>>> m, n = sympy.symbols("m n", positive=True, integer=True)
>>> (m, n) in _splits(m * n)
True
"""
from __future__ import annotations

from itertools import combinations
from typing import List, Tuple

import sympy

from .dims import dims_equal

_ONE = sympy.Integer(1)


def _factors(d) -> List[sympy.Expr]:
    """The multiplicative atoms of a dimension (``m**2*n`` -> [m, m, n]; 1 -> [])."""
    out: List[sympy.Expr] = []
    for a in sympy.Mul.make_args(sympy.sympify(d)):
        if a == 1:
            continue
        if a.is_Pow and a.exp.is_Integer and a.exp > 0:
            out.extend([a.base] * int(a.exp))
        else:
            out.append(a)
    return out


def _prod(xs) -> sympy.Expr:
    out = _ONE
    for x in xs:
        out = out * x
    return out


def _splits(d) -> List[Tuple[sympy.Expr, sympy.Expr]]:
    """Every way to write ``d`` as a product ``a * b`` of its atoms (order matters)."""
    fs = _factors(d)
    seen, out = set(), []
    for k in range(len(fs) + 1):
        for idx in combinations(range(len(fs)), k):
            a = _prod(fs[i] for i in idx)
            b = _prod(fs[i] for i in range(len(fs)) if i not in idx)
            if (a, b) not in seen:
                seen.add((a, b))
                out.append((a, b))
    return out


def _square_root(d):
    """``a`` when the dimension ``d`` is ``a*a`` for an atom a (m**2 -> m), else None."""
    fs = _factors(d)
    return fs[0] if len(fs) == 2 and fs[0] == fs[1] else None


def _square(shape) -> bool:
    return dims_equal(shape[0], shape[1]) is True


def _scalar_shape(shape) -> bool:
    return shape[0] == 1 and shape[1] == 1
