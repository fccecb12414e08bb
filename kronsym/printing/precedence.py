"""The precedence table shared by the text and LaTeX printers.

Owns: ``prec(node)``, ``needs_parens(parent, child, target)``, and the two
helpers by which every printer names node types without importing them:
``is_a(node, "ScalarMul", ...)`` and ``entry(table, node)``.

Levels (low binds loosest): sum 10 < products (@, scalar multiple) 20 <
Kronecker-family operators (⊗ ∘ ⊙ ⊕) 30 < power 40 < postfix (ᵀ, ⁻¹) 50 <
atoms and function calls 100. A product-like operator never contains
another one without parentheses (``(A ⊗ B) @ C``, ``(A @ B) ⊗ C``), which is
how the papers write them and what keeps the text form unambiguous.

Printing tables are keyed by class NAME (``"MatMul"``), as SymPy's printers
dispatch ``_print_<ClassName>``: printing is a later stage than the node
families and imports none of them. A lookup walks ``type(node).__mro__``, so a
subclass (``SymmetricSymbol``) finds its own entry, else its parent's
(``MatrixSymbol``).

>>> import kronsym as ks
>>> from kronsym.printing.precedence import is_a, prec, PRODUCT
>>> S = ks.symmetric("S", 3)
>>> is_a(S, "MatrixSymbol"), is_a(S, "MatMul", "Kron"), prec(S @ S) == PRODUCT
(True, False, True)
"""
from __future__ import annotations

from typing import Any, Callable, Dict, FrozenSet, Tuple, TypeVar, Union

import sympy

SUM, PRODUCT, KRONLIKE, POWER, POSTFIX, ATOM = 10, 20, 30, 40, 50, 100

#: the infix operators, by class name (face-splitting is Kronecker-family infix)
INFIX: Tuple[str, ...] = ("MatMul", "Kron", "Hadamard", "KhatriRao", "KronSum", "ScalarMul",
                          "Scale", "FaceSplit")

# Tracy–Singh is a function call in text (it carries its block grids) and an infix
# \boxtimes in LaTeX (see prec)
_PREC: Dict[str, int] = {
    "MatAdd": SUM,
    "MatMul": PRODUCT, "ScalarMul": PRODUCT, "Scale": PRODUCT,
    "Kron": KRONLIKE, "Hadamard": KRONLIKE, "KhatriRao": KRONLIKE, "KronSum": KRONLIKE,
    "FaceSplit": KRONLIKE,
    "Power": POWER, "MatPow": POWER,          # the matrix power Xᵏ prints like the scalar power
    "Transpose": POSTFIX,
}

V = TypeVar("V")


_NAMES: Dict[type, Tuple[str, ...]] = {}      # class -> the names along its MRO (a cache)
_NAME_SETS: Dict[type, FrozenSet[str]] = {}


def _mro_names(cls: type) -> Tuple[str, ...]:
    names = _NAMES.get(cls)
    if names is None:
        names = _NAMES[cls] = tuple(c.__name__ for c in cls.__mro__)
    return names


def _mro_name_set(cls: type) -> FrozenSet[str]:
    names = _NAME_SETS.get(cls)
    if names is None:
        names = _NAME_SETS[cls] = frozenset(_mro_names(cls))
    return names


def is_a(node: Any, *names: str) -> bool:
    """True when ``node``'s class, or a class it derives from, bears one of ``names``.

    >>> import kronsym as ks
    >>> from kronsym.printing.precedence import is_a
    >>> A = ks.MatrixSymbol("A", 2, 2)
    >>> is_a(A.T, "Transpose", "Inverse"), is_a(A, "Transpose")
    (True, False)
    """
    have = _mro_name_set(type(node))
    return any(n in have for n in names)


def entry(table: Dict[str, V], node: Any) -> Union[V, None]:
    """The entry of ``table`` (keyed by class name) for ``node``: its own class's,
    else the nearest base class's along the MRO; None when there is none.

    >>> import kronsym as ks
    >>> from kronsym.printing.precedence import entry
    >>> entry({"MatrixSymbol": 1}, ks.symmetric("S", 2)), entry({}, ks.I(2))
    (1, None)
    """
    for name in _mro_names(type(node)):
        if name in table:
            return table[name]
    return None


def table_key(cls: Union[type, str]) -> str:
    """The key a printing table uses for a node type: its class name.

    >>> from kronsym.printing.precedence import table_key
    >>> table_key("MatMul"), table_key(int)
    ('MatMul', 'int')
    """
    return cls if isinstance(cls, str) else cls.__name__


def register(cls: Union[type, str], level: int) -> None:
    """Give a new node type (a class or its name) its precedence level (default: ATOM).

    >>> from kronsym.printing.precedence import register, prec, _PREC
    >>> register("Kron", _PREC["Kron"])   # the level it has: no change
    """
    _PREC[table_key(cls)] = level


Printer = Callable[[Any, Any], str]


def prec(node, target: str = "text") -> int:
    """Precedence level of ``node``'s outermost operator."""
    if is_a(node, "ScalarMul") and _is_constant_scalar(node):
        c = node.coeff
        if c.is_Number and c >= 0 and c.is_Integer or c.is_Symbol:
            return ATOM
        return PRODUCT
    if target == "latex" and is_a(node, "Inverse"):
        return POSTFIX
    if target == "latex" and is_a(node, "TracySingh"):
        return KRONLIKE
    level = entry(_PREC, node)
    return ATOM if level is None else level


def _is_constant_scalar(node) -> bool:
    return is_a(node, "ScalarMul") and is_a(node.children[0], "Identity") and \
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
    if is_a(parent, "MatAdd"):
        return cp <= SUM
    pp = prec(parent, target)
    if pp >= POWER:                    # postfix or power: any operator child is wrapped
        return cp < POSTFIX or (target == "latex" and pp == POWER and cp == POSTFIX)
    if is_a(parent, "ScalarMul", "Scale") and target == "latex":
        # c A B and c (A ⊗ B): a product reads fine after a scalar, others need parens
        if is_a(parent, "Scale") and position == 0:
            return cp < POSTFIX
        return not is_a(child, "MatMul") and cp < POWER
    if cp >= POWER:
        return False
    return True
