"""Which negative powers of a norm are lowered with the value 0 at a zero norm.

Owns: :func:`guarded_norm_powers`. The derivative of ‖x‖ is ‖x‖⁻¹ xᵀ dx: at x = 0 the
norm is not differentiable and ``‖x‖⁻¹ · x`` evaluates to inf · 0 = nan. A power
‖x‖ᵏ (k < 0) that only ever scales a factor M that is a product with d factors x or xᵀ
(M homogeneous of degree d in x, the norm's own argument) and d + k ≥ 0 is lowered to
``norm_power``, which is ‖x‖ᵏ where ‖x‖ ≠ 0 and 0 where ‖x‖ = 0. For d + k > 0 that is
the continuous extension (the limit is 0); for d + k = 0 (the gradient x/‖x‖ of the
norm, Aᵀr/‖r‖ of ‖r‖ with r = Ax − b) the value 0 is a subgradient: the subdifferential
of ‖·‖ at 0 is the unit ball, which holds 0 -- the choice norm1 makes with sign(0) = 0
and torch makes for its norm (docs/conventions.md, "Kinks"). A power used anywhere else
(1/‖x‖ on its own, d + k < 0 as in the Hessian's ‖x‖⁻³ x xᵀ) keeps inf / nan at 0.
"""
from __future__ import annotations

from typing import Dict, Optional, Set

from .. import nodes as N
from ..traverse import postorder

__all__ = ["guarded_norm_powers"]


def _norm_power(node) -> Optional[tuple]:
    """(x, k) when ``node`` is ‖x‖ᵏ with a negative number k."""
    if isinstance(node, N.Power) and isinstance(node.children[0], N.Norm2):
        k = node.exponent
        if k.is_number and k < 0:
            return node.children[0].children[0], k
    return None


def _degree(M, x, contains: Dict) -> Optional[int]:
    """d when M is a product of d factors x or xᵀ and factors free of x, else None."""
    total, work = 0, [M]
    while work:
        g = work.pop()
        if g == x or (isinstance(g, N.Transpose) and g.children[0] == x):
            total += 1
        elif not _contains(g, x, contains):
            continue
        elif isinstance(g, (N.MatMul, N.Hadamard, N.Kron)):
            work.extend(g.children)
        elif isinstance(g, N.ScalarMul):
            work.append(g.children[0])
        elif isinstance(g, N.Scale) and not _contains(g.children[0], x, contains):
            work.append(g.children[1])
        else:
            return None
    return total


def _contains(node, x, memo: Dict) -> bool:
    key = (node, x)
    got = memo.get(key)
    if got is None:
        got = memo[key] = any(n == x for n in postorder(node))
    return got


def _finite(node) -> bool:
    """No negative power, inverse or division anywhere in ``node`` (the other factors c of
    a scalar c·‖x‖ᵏ): c stays finite as ‖x‖ → 0, unless an entrywise function in it is
    undefined there (log‖x‖), and then the product is nan at 0, as unguarded."""
    for g in postorder(node):
        if isinstance(g, N.Inverse) or (isinstance(g, N.Power) and not
                                        (g.exponent.is_number and g.exponent >= 0)):
            return False
    return True


def guarded_norm_powers(expr) -> Set:
    """The Power nodes of ``expr`` to lower as ``norm_power`` (see the module docstring):
    ‖x‖ᵏ scaling M directly, or as a factor of a 1×1 product c·‖x‖ᵏ whose other factors
    c are finite (``(3 + 2‖w‖)‖w‖⁻¹ w``, the simplified gradient of 3‖w‖ + ‖w‖²)."""
    ok: Set = set()
    bad: Set = set()
    memo: Dict = {}
    nodes = postorder(expr)
    uses: Dict = {}                     # node -> [(parent, position)]
    for nd in nodes:
        for i, c in enumerate(nd.children):
            uses.setdefault(c, []).append((nd, i))

    def scaled_degree(s, x):
        """d when every use of the scalar s is Scale(s, M) with M of degree d in x."""
        ds = {_degree(nd.children[1], x, memo) if isinstance(nd, N.Scale) and i == 0 else None
              for nd, i in uses.get(s, [])}
        return ds.pop() if len(ds) == 1 else None

    if _norm_power(expr):
        bad.add(expr)
    for nd in nodes:
        for i, c in enumerate(nd.children):
            got = _norm_power(c)
            if got is None:
                continue
            x, k = got
            if isinstance(nd, N.Scale) and i == 0:
                d = _degree(nd.children[1], x, memo)
            elif isinstance(nd, N.MatMul) and nd.shape == (1, 1) and \
                    all(_finite(f) for j, f in enumerate(nd.children) if j != i):
                d = scaled_degree(nd, x)
            else:
                d = None
            (ok if d is not None and d + k >= 0 else bad).add(c)
    return ok - bad
