"""The precedence table shared by the text and LaTeX printers.

Owns: ``prec(node)`` and ``needs_parens(parent, child, target)``.

Levels (low binds loosest): sum 10 < products (@, scalar multiple) 20 <
Kronecker-family operators (⊗ ∘ ⊙ ⊕) 30 < power 40 < postfix (ᵀ, ⁻¹) 50 <
atoms and function calls 100. A product-like operator never contains
another one without parentheses (``(A ⊗ B) @ C``, ``(A @ B) ⊗ C``), which is
how the papers write them and what keeps the text form unambiguous.
"""
from __future__ import annotations

import sympy

from .. import nodes as N

SUM, PRODUCT, KRONLIKE, POWER, POSTFIX, ATOM = 10, 20, 30, 40, 50, 100

INFIX: tuple[type, ...] = (N.MatMul, N.Kron, N.Hadamard, N.KhatriRao, N.KronSum, N.ScalarMul, N.Scale)

_PREC = {
    N.MatAdd: SUM,
    N.MatMul: PRODUCT, N.ScalarMul: PRODUCT, N.Scale: PRODUCT,
    N.Kron: KRONLIKE, N.Hadamard: KRONLIKE, N.KhatriRao: KRONLIKE, N.KronSum: KRONLIKE,
    N.Power: POWER,
    N.Transpose: POSTFIX,
}


# face-splitting is a Kronecker-family infix operator; Tracy–Singh is a function call in
# text (it carries its block grids) and an infix \boxtimes in LaTeX (see prec)
_PREC[N.FaceSplit] = KRONLIKE
INFIX = INFIX + (N.FaceSplit,)
# the matrix power Xᵏ prints like the scalar power
_PREC[N.MatPow] = POWER


def register(cls, level: int) -> None:
    """Give a new node type its precedence level (default: ATOM)."""
    _PREC[cls] = level


def prec(node, target: str = "text") -> int:
    """Precedence level of ``node``'s outermost operator."""
    if isinstance(node, N.ScalarMul) and _is_constant_scalar(node):
        c = node.coeff
        if c.is_Number and c >= 0 and c.is_Integer or c.is_Symbol:
            return ATOM
        return PRODUCT
    if target == "latex" and isinstance(node, N.Inverse):
        return POSTFIX
    if target == "latex" and isinstance(node, N.TracySingh):
        return KRONLIKE
    return _PREC.get(type(node), ATOM)


def _is_constant_scalar(node) -> bool:
    return isinstance(node, N.ScalarMul) and isinstance(node.children[0], N.Identity) and \
        node.children[0].params[0] == 1


def is_negative_coeff(c: sympy.Expr) -> bool:
    """True when a coefficient prints with a leading minus sign."""
    if c.is_Number:
        return bool(c < 0)
    if c.is_Mul:
        return bool(c.args[0].is_Number and c.args[0] < 0)
    return False


def needs_parens(parent, child, target: str = "text", position: int = 0) -> bool:
    """Whether ``child`` must be parenthesised as operand ``position`` of ``parent``."""
    cp = prec(child, target)
    if cp >= ATOM:
        return False
    if isinstance(parent, N.MatAdd):
        return cp <= SUM
    pp = prec(parent, target)
    if pp >= POWER:                    # postfix or power: any operator child is wrapped
        return cp < POSTFIX or (target == "latex" and pp == POWER and cp == POSTFIX)
    if isinstance(parent, (N.ScalarMul, N.Scale)) and target == "latex":
        # c A B and c (A ⊗ B): a product reads fine after a scalar, others need parens
        if isinstance(parent, N.Scale) and position == 0:
            return cp < POSTFIX
        return not isinstance(child, N.MatMul) and cp < POWER
    if cp >= POWER:
        return False
    return True
