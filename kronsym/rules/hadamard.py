"""Hadamard, Khatri–Rao and Kronecker-sum rules.

Family ``hadamard``. Sources: Horn & Johnson, *Topics in Matrix Analysis*
ch. 4-5 (Hadamard product: commutative, J is its unit); seed 002 (Khatri–Rao
as column-wise Kronecker); the Kronecker sum A ⊕ B = A ⊗ I + I ⊗ B.
"""
from __future__ import annotations

from .. import nodes as N
from . import rule


@rule("hadamard", N.Hadamard)
def hadamard_drop_ones(e):
    """A ∘ J = A for the all-ones J  [J is the unit of ∘]"""
    kids = [f for f in e.children if not isinstance(f, N.Ones)]
    if len(kids) == len(e.children):
        return None
    if not kids:
        return e.children[0]
    return kids[0] if len(kids) == 1 else N.Hadamard(*kids)


@rule("hadamard", N.Hadamard)
def hadamard_with_identity(e):
    """I ∘ I = I  [elementwise]"""
    if all(isinstance(f, N.Identity) for f in e.children):
        return e.children[0]
    return None


@rule("hadamard", N.KhatriRao)
def khatri_rao_of_columns(e):
    """a ⊙ b = a ⊗ b for columns a, b  [one column: Khatri–Rao is Kronecker; seed 002]"""
    a, b = e.children
    if a.cols == 1:
        return N.Kron(a, b)
    return None


@rule("hadamard", N.KronSum)
def kron_sum_of_scalars(e):
    """a ⊕ b = a + b for 1×1 a, b  [A ⊗ I_1 + I_1 ⊗ B]"""
    a, b = e.children
    if a.is_scalar and b.is_scalar:
        return N.MatAdd(a, b)
    return None
