"""The matrixcalculus.org input language, lexing and syntax: text -> a small syntax tree.

Owns: the token table of the language (``*`` ``.*`` ``./`` ``.^`` ``/`` ``^`` ``+`` ``-``
and postfix ``'``), its precedence table ``MC_BINARY`` and ``mc_syntax`` (an
operator-precedence parser with explicit stacks, like :mod:`kronsym.parser.syntax`:
no recursion, so 5 000 levels of nesting parse).

Contract: ``mc_syntax(text)`` returns the tree of ``_McNode`` (kinds ``num``,
``name``, ``neg``, ``T``, ``call``, ``bin``), each with the span ``start:end`` of its
text and the column ``pos`` of its operator; or raises a ParseError pointing at a
column (``kronsym.parser.lexer._error``). It knows operators and brackets only, never
what a name means; the text is never evaluated. Precedence, loosest first:
``+ -`` < unary ``-`` < ``* .* / ./`` (one level, left to right) < ``^ .^`` (right to
left; a ``-`` right after them belongs to the exponent) and postfix ``'``, which applies
to a power written before it (``X^2'`` is ``(X^2)'``, as in MATLAB).
"""
from __future__ import annotations

import re
from typing import List, Tuple

from .lexer import _error, unexpected_character

__all__ = ["MC_BINARY", "mc_syntax"]

_TOKEN = re.compile(r"""
    (?P<ws>\s+)
  | (?P<num>(?:\d+\.\d+|\d+|\.\d+)(?:[eE][+-]?\d+)?)
  | (?P<name>[A-Za-z][A-Za-z0-9_]*)
  | (?P<op>\.\*|\./|\.\^|[-+*/^(),'])
""", re.VERBOSE)

#: binary operators -> precedence (higher binds tighter)
MC_BINARY = {"+": 10, "-": 10, "*": 20, ".*": 20, "/": 20, "./": 20, "^": 40, ".^": 40}
_RIGHT = {"^", ".^"}
_NEG, _NEG_IN_EXPONENT = 15, 45
_POSTFIX = 40   # ' closes a power written before it


class _McNode:
    """A node of the syntax tree: ``kind``, ``text`` (operator, name, number or
    function), ``kids``, ``pos`` (index of its operator or first character) and the
    span ``start:end`` of its text; ``paren`` if it was written in parentheses."""
    __slots__ = ("kind", "text", "kids", "pos", "start", "end", "paren")

    def __init__(self, kind: str, text: str, kids: Tuple["_McNode", ...], pos: int,
                 start: int, end: int):
        self.kind, self.text, self.kids, self.pos = kind, text, kids, pos
        self.start, self.end, self.paren = start, end, False


class _Tok:
    __slots__ = ("kind", "text", "pos")

    def __init__(self, kind: str, text: str, pos: int):
        self.kind, self.text, self.pos = kind, text, pos


def _tokens(text: str) -> List[_Tok]:
    out = []
    pos, n = 0, len(text)
    match = _TOKEN.match
    while pos < n:
        m = match(text, pos)
        if m is None:
            ch = text[pos]
            extra = (": names are ASCII letters, digits and '_', starting with a letter"
                     if ch.isalpha() or ch == "_" else
                     ": '*' is the matrix product in the matrixcalculus syntax" if ch == "@"
                     else "")
            raise unexpected_character(text, pos, extra)
        if m.lastgroup != "ws":
            out.append(_Tok(m.lastgroup or "", m.group(), pos))
        pos = m.end()
    out.append(_Tok("end", "", n))
    return out


def mc_syntax(text: str) -> _McNode:
    """The syntax tree of ``text`` in the matrixcalculus.org language.

    >>> t = mc_syntax("0.5*x'*A*x")
    >>> t.kind, t.text, t.kids[0].text, t.kids[1].text
    ('bin', '*', '*', 'x')
    >>> t = mc_syntax("-a^2")
    >>> t.kind, t.kids[0].text
    ('neg', '^')
    """
    toks = _tokens(text)
    operands: List[_McNode] = []
    ops: List[tuple] = []  # ("bin", op, prec, pos) | ("neg", prec, pos) | ("(", pos) | ("call", name, pos, nargs)
    expect_operand = True
    i = 0

    def reduce_one() -> None:
        top = ops.pop()
        if top[0] == "bin":
            r, l = operands.pop(), operands.pop()
            operands.append(_McNode("bin", top[1], (l, r), top[3], l.start, r.end))
        else:
            x = operands.pop()
            operands.append(_McNode("neg", "-", (x,), top[2], top[2], x.end))

    def reduce_above(prec: int, right_assoc: bool = False) -> None:
        while ops and ops[-1][0] in ("bin", "neg"):
            p = ops[-1][2] if ops[-1][0] == "bin" else ops[-1][1]
            if p > prec or (p == prec and not right_assoc):
                reduce_one()
            else:
                break

    while True:
        t = toks[i]
        if expect_operand:
            if t.kind in ("num", "name"):
                if t.kind == "name" and toks[i + 1].text == "(":
                    if toks[i + 2].text == ")":
                        raise _error(text, t.pos, f"{t.text}() needs an argument")
                    ops.append(("call", t.text, t.pos, 0))
                    i += 2
                    continue
                end = t.pos + len(t.text)
                operands.append(_McNode(t.kind, t.text, (), t.pos, t.pos, end))
                expect_operand = False
            elif t.text == "(":
                ops.append(("(", t.pos))
            elif t.text == "-":
                after_pow = bool(ops) and ops[-1][0] == "bin" and ops[-1][1] in _RIGHT
                ops.append(("neg", _NEG_IN_EXPONENT if after_pow else _NEG, t.pos))
            elif t.text == "+":
                pass
            else:
                what = "the end of the text" if t.kind == "end" else repr(t.text)
                raise _error(text, t.pos, f"expected a name, number or '(' but found {what}")
            i += 1
            continue
        if t.text == "'":
            reduce_above(_POSTFIX - 1)  # X^2' is (X^2)', as in MATLAB
            x = operands[-1]
            operands[-1] = _McNode("T", "'", (x,), t.pos, x.start, t.pos + 1)
        elif t.text in MC_BINARY:
            p = MC_BINARY[t.text]
            reduce_above(p, t.text in _RIGHT)
            ops.append(("bin", t.text, p, t.pos))
            expect_operand = True
        elif t.text == ",":
            reduce_above(-1)
            if not ops or ops[-1][0] != "call":
                raise _error(text, t.pos, "',' outside a function call")
            k, name, pos, nargs = ops.pop()
            ops.append((k, name, pos, nargs + 1))
            expect_operand = True
        elif t.text == ")":
            reduce_above(-1)
            if not ops:
                raise _error(text, t.pos, "')' without a matching '('")
            top = ops.pop()
            if top[0] == "(":
                x = operands[-1]
                x.paren, x.start, x.end = True, top[1], t.pos + 1
            else:
                _, name, pos, nargs = top
                args = tuple(operands[len(operands) - nargs - 1:])
                del operands[len(operands) - nargs - 1:]
                operands.append(_McNode("call", name, args, pos, pos, t.pos + 1))
        elif t.kind == "end":
            reduce_above(-1)
            if ops:
                top = ops[-1]
                where = top[1] if top[0] == "(" else top[2]
                raise _error(text, where, "'(' is never closed")
            return operands[0]
        else:
            prev = toks[i - 1].text
            hint = " (matrixcalculus syntax: '*' is the matrix product, '@' is not used)" \
                if t.text == "@" else " (missing '*' or '+'?)"
            raise _error(text, t.pos, f"expected an operator after {prev!r}{hint} but found "
                                      f"{t.text!r}")
        i += 1


def span(text: str, node: _McNode, limit: int = 40) -> str:
    """The text of ``node`` (shortened to ``limit`` characters), for messages.

    >>> t = mc_syntax("A*(x + y)")
    >>> span("A*(x + y)", t.kids[1])
    '(x + y)'
    """
    end = min(node.end, node.start + 3 * limit)   # O(limit), whatever the node's length
    s = " ".join(text[node.start:end].split())
    return s if len(s) <= limit and end == node.end else s[: limit - 1] + "…"
