"""Kronecker-product rules.

Family ``kron``. Sources: seed 001 ('Useful properties': mixed product,
transpose, inverse, trace, determinant); Magnus & Neudecker ch. 2.
"""
from __future__ import annotations

from .. import nodes as N
from ..dims import dims_equal
from . import rule


def _conform(left, right) -> bool:
    return len(left.children) == len(right.children) and all(
        dims_equal(a.cols, c.rows) is True for a, c in zip(left.children, right.children))


@rule("kron", N.MatMul)
def kron_mixed_product(e):
    """(A ⊗ B)(C ⊗ D) = (AC) ⊗ (BD) when A C and B D conform  [seed 001, 'Mixed-product property']"""
    kids = list(e.children)
    for i in range(len(kids) - 1):
        a, b = kids[i], kids[i + 1]
        if isinstance(a, N.Kron) and isinstance(b, N.Kron) and _conform(a, b):
            merged = N.Kron(*[N.MatMul(x, y) for x, y in zip(a.children, b.children)])
            rest = kids[:i] + [merged] + kids[i + 2:]
            return rest[0] if len(rest) == 1 else N.MatMul(*rest)
    return None
