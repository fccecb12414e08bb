"""Shape checks shared by the node classes.

Owns: the helpers a node's ``_shape`` uses to require equal dims, square or 1×1
operands and uniform block partitions, and the wording of their errors.

Contract: a check returns quietly when the fact is proved, raises
:class:`~kronsym.errors.ShapeError` when it is refuted and
:class:`~kronsym.errors.UndecidedShapeError` when it cannot be decided; the
message names the operation, every operand and every shape. Nothing here
rewrites or builds a node.

>>> from kronsym.nodes.checks import half
>>> half(4), half(__import__("sympy").Integer(4))
(10.0, 10)
"""
from __future__ import annotations

import sympy

from ..dims import dims_equal, fmt_shape
from ..errors import ShapeError, UndecidedShapeError, hint, with_hints

ONE = sympy.Integer(1)


def operand_text(e) -> str:
    """The operand's text for an error message, cut to 60 characters."""
    text = str(e)
    return text if len(text) <= 60 else text[:57] + "..."


def _require(ok, op: str, operands, detail: str, cls=ShapeError, hints=()) -> None:
    """Raise ShapeError unless ``ok`` is True (False and None both fail); ``hints``
    (:class:`kronsym.errors.Hint`) are the advice ``detail`` gives."""
    if ok is True:
        return
    names = ", ".join(f"{operand_text(o)} is {fmt_shape(o.shape)}" for o in operands)
    raise with_hints(cls(f"{op}: {names}; {detail}"), *hints)


def _require_dims(da, db, op: str, operands, what_a: str, what_b: str) -> None:
    """Require dimension ``da`` (described by what_a) to equal ``db``.

    ``op``, ``what_a`` and ``what_b`` are templates: ``{A}`` and ``{B}`` stand for
    the text of the first and last operand, formatted only when the check fails.
    """
    ok = dims_equal(da, db)
    if ok is True:
        return
    texts = {"A": operand_text(operands[0]), "B": operand_text(operands[-1])}
    texts["pA"], texts["pB"] = _paren(texts["A"]), _paren(texts["B"])
    op, what_a, what_b = (t.format(**texts) for t in (op, what_a, what_b))
    hints: tuple = ()
    if ok is False:
        detail = f"{what_a} ({da}) ≠ {what_b} ({db})"
    elif db == 1 or da == 1:   # a vector is needed: a size 1 is declared, not assumed
        hints = (hint("size_one"),)
        detail = (f"{what_a} ({da}) and {what_b} ({db}) cannot be proved equal: "
                  f"{hints[0].python()}")
    else:
        hints = (hint("assume_equal", da, db),)
        detail = (f"{what_a} ({da}) and {what_b} ({db}) cannot be proved equal; use one "
                  f"dimension symbol for both, or {hints[0].python()}")
    _require(False, op, operands, detail, ShapeError if ok is False else UndecidedShapeError,
             hints)


def _require_square(op: str, a) -> None:
    r, c = a.shape
    _require_dims(r, c, op + " of {A}", (a,), "rows", "columns")


def _require_scalar(op: str, a) -> None:
    r, c = a.shape
    _require_dims(r, 1, op + " of {A}", (a,), "rows of a scalar operand", "1")
    _require_dims(c, 1, op + " of {A}", (a,), "columns of a scalar operand", "1")


def _paren(t: str) -> str:
    """Parenthesise an operand's text when it is an infix expression."""
    depth = 0
    for ch in t:
        depth += ch in "([{"
        depth -= ch in ")]}"
        if ch == " " and depth == 0:
            return f"({t})"
    return t


def _same_shape(op: str, sym: str, children):
    first = children[0]
    head = op + " {pA} " + sym + " {pB}"
    for t in children[1:]:
        _require_dims(first.shape[0], t.shape[0], head, (first, t), "rows of {A}", "rows of {B}")
        _require_dims(first.shape[1], t.shape[1], head, (first, t), "columns of {A}",
                      "columns of {B}")
    return first.shape


def half(n):
    """n(n+1)/2, the length of vech of an n×n matrix."""
    return n * (n + 1) / 2


def _block_size(total, count, op, a, what):
    """total / count, required to be a positive integer (a uniform partition)."""
    q = sympy.cancel(sympy.sympify(total) / count)
    if q.is_integer is True and q.is_positive is True:
        return q
    verdict = "is not" if q.is_integer is False else "cannot be proved to be"
    kind = "rows" if what.startswith("rows") else "columns"
    _require(False, op, (a,), f"{what} ({total}) {verdict} a multiple of {count}, the number "
                              f"of block {kind} asked for (blocks of {q} {kind})",
             ShapeError if q.is_integer is False else UndecidedShapeError)


