"""The parser's syntax: tokens -> raw tree, an operator-precedence parser with
explicit stacks (no recursion: 5 000 levels of nesting parse).

Owns: ``_syntax``. Contract: returns (raw tree, index of the stopping token);
knows operators and brackets only, never what a name means.
"""
from __future__ import annotations

from typing import List


from .lexer import _BINARY, _NEG, _NEG_IN_EXPONENT, _RIGHT, _Raw, _Tok, _error

# --- syntax: operator precedence with explicit stacks ------------------------------
def _syntax(text: str, toks: List[_Tok], start: int = 0, stop_at_eq: bool = False):
    """The raw tree of ``toks[start:]``; returns (tree, index of the stopping token)."""
    operands: List[_Raw] = []
    ops: List[tuple] = []   # ("bin", op, prec, pos) | ("neg", prec, pos) | ("(", pos) | ("call", name, pos, nargs)
    expect_operand = True
    i = start

    def reduce_one():
        top = ops.pop()
        if top[0] == "bin":
            r, l = operands.pop(), operands.pop()
            operands.append(_Raw("bin", top[1], (l, r), top[3]))
        else:  # neg
            operands.append(_Raw("neg", "-", (operands.pop(),), top[2]))

    def reduce_above(prec, right_assoc=False):
        while ops and ops[-1][0] in ("bin", "neg"):
            p = ops[-1][2] if ops[-1][0] == "bin" else ops[-1][1]
            if p > prec or (p == prec and not right_assoc):
                reduce_one()
            else:
                break

    while True:
        t = toks[i]
        if expect_operand:
            if t.kind == "num" or t.kind == "name":
                if t.kind == "name" and toks[i + 1].text == "(":
                    ops.append(("call", t.text, t.pos, 0))
                    i += 2
                    if toks[i].text == ")":
                        raise _error(text, t.pos, f"{t.text}() needs an argument")
                    continue
                operands.append(_Raw(t.kind, t.text, (), t.pos))
                expect_operand = False
            elif t.text == "(":
                ops.append(("(", t.pos))
            elif t.text in ("-", "+"):
                after_pow = bool(ops) and ops[-1][0] == "bin" and ops[-1][1] in _RIGHT
                if t.text == "-":
                    ops.append(("neg", _NEG_IN_EXPONENT if after_pow else _NEG, t.pos))
            else:
                what = "the end of the text" if t.kind == "end" else repr(t.text)
                raise _error(text, t.pos, f"expected a matrix, number or '(' but found {what}")
            i += 1
            continue
        # expecting an operator
        if t.kind == "tpost":
            operands[-1] = _Raw("T", ".T", (operands[-1],), t.pos)
        elif t.kind == "ipost":
            operands[-1] = _Raw("call", "inv", (operands[-1],), t.pos)
        elif t.text in _BINARY:
            p = _BINARY[t.text]
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
                operands[-1].paren = True
            else:
                _, name, pos, nargs = top
                args = tuple(operands[len(operands) - nargs - 1:])
                del operands[len(operands) - nargs - 1:]
                operands.append(_Raw("call", name, args, pos))
        elif t.kind == "end" or (stop_at_eq and t.text in ("==", "=")):
            reduce_above(-1)
            if ops:
                top = ops[-1]
                where = top[1] if top[0] == "(" else top[2]
                raise _error(text, where, "'(' is never closed")
            return operands[0], i
        elif t.text in ("==", "="):
            raise _error(text, t.pos, f"{t.text!r} is only allowed once, in an identity 'LHS == RHS'")
        else:
            prev = toks[i - 1].text
            raise _error(text, t.pos, f"expected an operator after {prev!r} (missing '@', '*' "
                                      f"or '+'?) but found {t.text!r}")
        i += 1
