"""Shared prefix and suffix products of a long matrix product.

Owns: ``shares_products`` (when a product's derivative shares them) and ``Chain``,
the products P_i = A_1 ⋯ A_{i−1} and S_i = A_{i+1} ⋯ A_k of a product A_1 ⋯ A_k.

Contract: the product rule (differential.py) and the vec identity of a product
(identify.py) need P_i and S_i for every factor A_i that depends on X. Written
out flat they hold k − 1 factors per dependent factor, k²/2 for a chain like
X C X C ⋯; the derivative of a 5000-factor chain would be 12.5 million factor
references, built and rewritten one by one. ``Chain`` builds them as a DAG:
P_i = (A_1 ⋯ A_b) A_{b+1} ⋯ A_{i−1}, where A_1 ⋯ A_b (b a multiple of GROUP) is one
node, itself (A_1 ⋯ A_{b−GROUP}) A_{b−GROUP+1} ⋯ A_b, shared by every P_i after it;
S_i likewise from the right. All prefixes and suffixes together are O(k·GROUP)
factor references in nodes of at most GROUP + 1 factors, so the derivative has
O(k) distinct nodes and the light algebra (jacobian.tidy, which keeps such groups:
rules.basic.flatten_nested_grouped) rewrites each once.

A derivative is written flat, exactly as before, unless its terms would hold more
than GROUP² factors in all (``shares_products``); in particular a product of at most
GROUP factors always is.
"""
from __future__ import annotations

from typing import List, Optional, Sequence

from .. import nodes as N

__all__ = ["Chain", "shares_products", "group_size"]


def group_size() -> int:
    """GROUP, the most factors a derivative writes in one product (rules.basic.GROUP,
    which the light algebra's flatten_nested_grouped merges up to). Imported lazily:
    the rule tables stay out of ``import kronsym``."""
    from ..rules.basic import GROUP
    return GROUP


def shares_products(n_factors: int, n_dependent: int) -> bool:
    """True when flat prefix and suffix products of ``n_dependent`` of ``n_factors`` factors
    would exceed GROUP² factors in all (then ``Chain`` shares them).

    >>> from kronsym.diff.chain import shares_products
    >>> shares_products(16, 16), shares_products(40, 2), shares_products(40, 20)
    (False, False, True)
    """
    G = group_size()
    return n_dependent > 1 and n_dependent * (n_factors - 1) > G * G


def _flat(fs):
    return fs[0] if len(fs) == 1 else N.MatMul(*fs)


class Chain:
    """The prefix products ``prefix(i)`` = A_1 ⋯ A_i and suffix products ``suffix(i)`` =
    A_{i+1} ⋯ A_k of the factors A_1 … A_k (0-based: factors[:i] and factors[i:]), each
    None when empty, built as a shared DAG of groups of at most GROUP factors.

    >>> import kronsym as ks
    >>> from kronsym.diff.chain import Chain, group_size
    >>> GROUP = group_size()
    >>> X = ks.MatrixSymbol("X", 2, 2)
    >>> c = Chain([X] * (2 * GROUP + 3))
    >>> c.prefix(GROUP + 2).children[0] is c.prefix(GROUP)   # one shared group node
    True
    >>> [len(c.prefix(i).children) for i in (3, GROUP, GROUP + 1, 2 * GROUP, 2 * GROUP + 3)]
    [3, 16, 2, 17, 4]
    >>> import numpy as np
    >>> float(ks.evaluate(c.suffix(5), {X: 2 * np.eye(2)})[0, 0]) == 2.0 ** (2 * GROUP - 2)
    True
    """

    def __init__(self, factors: Sequence[N.Expr]):
        self.factors = tuple(factors)
        self._front: List[N.Expr] = []   # [j - 1]: A_1 ⋯ A_{j·GROUP}
        self._back: List[N.Expr] = []    # [j - 1]: the last j·GROUP factors

    def _front_block(self, j: int) -> N.Expr:
        f, G = self.factors, group_size()
        while len(self._front) < j:
            i = len(self._front) + 1
            grp = f[(i - 1) * G:i * G]
            self._front.append(N.MatMul(self._front[-1], *grp) if self._front else _flat(grp))
        return self._front[j - 1]

    def _back_block(self, j: int) -> N.Expr:
        f, G, k = self.factors, group_size(), len(self.factors)
        while len(self._back) < j:
            i = len(self._back) + 1
            grp = f[k - i * G:k - (i - 1) * G]
            self._back.append(N.MatMul(*grp, self._back[-1]) if self._back else _flat(grp))
        return self._back[j - 1]

    def prefix(self, i: int) -> Optional[N.Expr]:
        """A_1 ⋯ A_i (the first i factors); None for i = 0."""
        if i <= 0:
            return None
        G = group_size()
        if i <= G:
            return _flat(self.factors[:i])
        j = (i - 1) // G
        return N.MatMul(self._front_block(j), *self.factors[j * G:i])

    def suffix(self, i: int) -> Optional[N.Expr]:
        """A_{i+1} ⋯ A_k (the factors from index i on, 0-based); None when i ≥ k."""
        k = len(self.factors)
        n = k - i
        if n <= 0:
            return None
        G = group_size()
        if n <= G:
            return _flat(self.factors[i:])
        j = (n - 1) // G
        return N.MatMul(*self.factors[i:k - j * G], self._back_block(j))
