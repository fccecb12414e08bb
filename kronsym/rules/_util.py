"""Small helpers shared by the rule families (no rules here)."""
from __future__ import annotations

from typing import Tuple

import sympy

from .. import nodes as N
from ..dims import dims_equal

ONE = sympy.Integer(1)


def split_coeff(e) -> Tuple[sympy.Expr, object]:
    """``c·X`` -> (c, X); anything else -> (1, e)."""
    if isinstance(e, N.ScalarMul):
        return e.coeff, e.children[0]
    return ONE, e


def scaled(c, e):
    """``c·e`` without building a trivial ScalarMul (c = 1 gives e, c = 0 gives a zero)."""
    c = sympy.sympify(c)
    if c == 1:
        return e
    if c == 0:
        return N.ZeroMatrix(*e.shape)
    if isinstance(e, N.ZeroMatrix):
        return e
    return N.ScalarMul(c, e)


def zero_like(e):
    """The zero matrix of ``e``'s shape."""
    return N.ZeroMatrix(*e.shape)


def is_identity(e, size=None) -> bool:
    return isinstance(e, N.Identity) and (size is None or e.params[0] == size)


def is_one(e) -> bool:
    """The 1×1 identity (the scalar 1)."""
    return isinstance(e, N.Identity) and e.params[0] == 1


def square(e) -> bool:
    return dims_equal(e.rows, e.cols) is True


def splice(e, i, width, new):
    """The product ``e`` with factors ``i .. i+width-1`` replaced by the factors ``new``
    (a tuple); the identity of e's size if nothing is left.

    >>> import kronsym as ks
    >>> from kronsym.rules._util import splice
    >>> A = ks.MatrixSymbol("A", 2, 2)
    >>> str(splice(A @ A.T @ A, 1, 2, (ks.I(2),))), str(splice(A @ A.T, 0, 2, ()))
    ('A @ I(2)', 'I(2)')
    """
    kids = e.children
    rest = tuple(kids[:i]) + tuple(new) + tuple(kids[i + width:])
    if not rest:
        return N.Identity(e.rows)
    return rest[0] if len(rest) == 1 else N.MatMul(*rest)


def first_pair(e, fn):
    """Apply ``fn(a, b) -> tuple of factors | None`` to the adjacent factors of the
    product ``e``; the first match is spliced in, else None."""
    kids = e.children
    for i in range(len(kids) - 1):
        new = fn(kids[i], kids[i + 1])
        if new is not None:
            return splice(e, i, 2, new)
    return None
