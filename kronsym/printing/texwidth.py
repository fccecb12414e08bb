"""A conservative estimate of how wide a line of kronsym's LaTeX prints.

Owns: ``tex_width(s)`` (display-style math, in em of the document's font) and
``text_width(s)`` (roman text, e.g. the inside of ``\\text{...}``). The line
breaker (:mod:`.layout`) and the derivation printer use them to keep every line
inside the page.

The estimate adds up glyph widths of Computer Modern (italic letters, roman
operator names and text, binary operators and relations with their spacing,
delimiters by size) with sub- and superscripts at 70% and 50%; a fraction is as
wide as its wider part. It errs on the wide side (checked against pdflatex's
own measure in tests/package/test_latex_compile.py). Iterative: one pass with a
stack of groups, so deeply nested text costs no recursion.

>>> from kronsym.printing.texwidth import tex_width
>>> tex_width("A") < tex_width("A \\\\otimes B") < tex_width("A \\\\otimes B + C")
True
"""
from __future__ import annotations

from typing import List, Optional

__all__ = ["tex_width", "text_width"]

#: Computer Modern widths in em (cmmi10 italic letters, cmr10 roman), rounded up
_ITALIC = dict(zip("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz", (
    .75, .76, .72, .83, .74, .65, .79, .83, .44, .56, .85, .68, .97, .81, .77, .65, .79, .76, .62,
    .59, .69, .59, .95, .83, .59, .69,
    .53, .43, .44, .52, .47, .49, .48, .58, .35, .42, .53, .30, .88, .60, .49, .51, .45, .46, .47,
    .37, .58, .49, .72, .58, .49, .47)))
_ROMAN = dict(zip("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz", (
    .75, .71, .73, .77, .69, .66, .79, .75, .37, .52, .78, .63, .92, .75, .78, .69, .78, .74, .56,
    .73, .75, .75, 1.03, .75, .75, .62,
    .50, .56, .45, .56, .45, .31, .50, .56, .28, .31, .53, .28, .84, .56, .50, .56, .53, .40, .40,
    .39, .56, .53, .73, .53, .53, .45)))
_SAFETY = 1.04          # italic corrections, kerning we do not model
_MARGIN = 1.05          # on the whole estimate: pdflatex measured at most 6% wider
_DIGIT = 0.5
_BIN = 0.78 + 2 * 0.23     # a binary operator and its medium spaces
_REL = 0.78 + 2 * 0.28     # a relation and its thick spaces
_OPNAME_SPACE = 0.17       # the thin space after an operator name

#: control words (without the backslash), widths in em
_WORDS = {
    "otimes": _BIN, "oplus": _BIN, "odot": _BIN, "circ": _BIN, "bullet": _BIN, "cdot": _BIN,
    "boxtimes": _BIN, "times": _BIN, "pm": _BIN, "mp": _BIN,
    "leq": _REL, "geq": _REL, "neq": _REL, "approx": _REL, "equiv": _REL, "to": _REL,
    "top": 0.78, "partial": 0.58, "infty": 1.0, "ldots": 1.2, "cdots": 1.2, "dots": 1.2,
    "quad": 1.0, "qquad": 2.0, "lVert": 0.5, "rVert": 0.5, "lvert": 0.3, "rvert": 0.3,
    "sqrt": 0.84, "lambda": 0.6, "sigma": 0.6, "mathbf": 0.0, "mathrm": 0.0,
    "left": 0.0, "right": 0.0, "displaystyle": 0.0, "textstyle": 0.0, "nonumber": 0.0,
}
#: delimiter sizes: \bigl( ... and the width of the parenthesis they give
_DELIM = {"bigl": 0.47, "bigr": 0.47, "Bigl": 0.6, "Bigr": 0.6, "biggl": 0.74, "biggr": 0.74,
          "Biggl": 0.8, "Biggr": 0.8, "big": 0.47, "Big": 0.6, "bigg": 0.74, "Bigg": 0.8,
          "left": 0.8, "right": 0.8}
_CHARS = {"+": _BIN, "-": _BIN, "=": _REL, "<": _REL, ">": _REL, "(": 0.39, ")": 0.39,
          "[": 0.28, "]": 0.28, ",": 0.45, ";": 0.45, ".": 0.28, "|": 0.28, "/": 0.5, "'": 0.3,
          "!": 0.28, ":": 0.5, "*": 0.5}
_SYMBOLS = {",": 0.17, ";": 0.28, ":": 0.22, " ": 0.33, "!": 0.0, "{": 0.5, "}": 0.5, "_": 0.5,
            "&": 0.78, "%": 0.83, "#": 0.83, "\\": 0.0, "|": 0.5}
#: control words whose brace argument is roman text
_TEXTUAL = {"text", "operatorname", "mathrm", "textrm", "mathit", "textit", "textbf", "mathbf"}


def _glyph(ch: str, roman: bool) -> float:
    w = (_ROMAN if roman else _ITALIC).get(ch)
    if w is not None:
        return w * _SAFETY
    if ch.isdigit():
        return _DIGIT
    if roman:
        return 0.34 if ch == " " else (0.3 if ch in ",.;:'!()[]|" else 0.6)
    if ch.isspace():
        return 0.0
    return _CHARS.get(ch, 0.8)


class _Group:
    __slots__ = ("width", "scale", "roman", "kind", "parts", "math_in_text")

    def __init__(self, scale: float, roman: bool, kind: str = ""):
        self.width, self.scale, self.roman, self.kind = 0.0, scale, roman, kind
        self.parts: List[float] = []
        self.math_in_text = False


def tex_width(s: str, text_mode: bool = False, limit: Optional[float] = None) -> float:
    """Estimated width of ``s`` in em (display math; roman text when ``text_mode``).

    With ``limit``, the scan stops as soon as the width passes it and returns a value
    above ``limit`` (what is counted so far is a lower bound): a line breaker asking
    "does it fit?" of a long text reads only as much of it as a line holds.
    """
    stack = [_Group(1.0, text_mode)]
    pending_scale = None          # the next atom is a sub/superscript at this scale
    pending_kind = ""             # "text", "operatorname", ...: a roman group follows
    i, n = 0, len(s)
    steps = 0
    while i < n:
        steps += 1
        if limit is not None and steps & 63 == 0 and _MARGIN * sum(
                g.width + (max(g.parts) if g.parts else 0.0) for g in stack) > limit:
            return limit + 1.0
        top = stack[-1]
        ch = s[i]
        scale = pending_scale if pending_scale is not None else top.scale
        if ch == "{":
            roman = top.roman if pending_kind not in _TEXTUAL else True
            stack.append(_Group(scale, roman))
            pending_scale, pending_kind = None, ""
            i += 1
            continue
        if ch == "}":
            g = stack.pop() if len(stack) > 1 else stack[0]
            if g is stack[0]:
                i += 1
                continue
            parent = stack[-1]
            if parent.kind == "fracwait":
                parent.parts.append(g.width)
                if len(parent.parts) == 2:
                    frac = stack.pop()
                    stack[-1].width += max(frac.parts) + 0.24 * frac.scale
            else:
                parent.width += g.width
            i += 1
            continue
        if ch == "$" and (top.roman or top.math_in_text):
            top.roman = not top.roman
            top.math_in_text = not top.roman
            i += 1
            continue
        if ch in "^_" and not top.roman:
            pending_scale = max(0.5, top.scale * 0.7)
            top.width += 0.05 * top.scale
            i += 1
            continue
        if ch == "\\":
            j = i + 1
            while j < n and s[j].isalpha():
                j += 1
            word = s[i + 1:j]
            if not word:                                   # a control symbol: \, \; \\ \{ \_
                sym = s[i + 1:i + 2]
                top.width += _SYMBOLS.get(sym, 0.5) * scale
                i += 2
                pending_scale = None
                continue
            i = j
            if word in ("frac", "dfrac", "tfrac"):      # a group that waits for its two parts
                stack.append(_Group(scale, top.roman, "fracwait"))
                pending_scale = None
                continue
            if word in _TEXTUAL:
                pending_kind = word
                if word == "operatorname":
                    top.width += _OPNAME_SPACE * scale
                continue
            if word in _DELIM:                             # \bigl( : the delimiter follows
                while i < n and s[i] == " ":
                    i += 1
                if i < n and s[i] == "\\":                 # \left\lvert, \bigl\{ ...
                    j = i + 1
                    while j < n and s[j].isalpha():
                        j += 1
                    i = max(j, i + 2)
                else:
                    i += 1
                top.width += _DELIM[word] * scale
                pending_scale = None
                continue
            if word in _WORDS:
                top.width += _WORDS[word] * scale
            elif word in ("det", "log", "exp", "sin", "cos", "tan", "tanh", "lim", "max", "min",
                          "arcsin", "arccos", "arctan", "ln"):
                top.width += (len(word) * 0.53 + _OPNAME_SPACE) * scale
            else:                                          # a Greek letter or another symbol
                top.width += 0.8 * scale
            pending_scale = None
            continue
        top.width += _glyph(ch, top.roman) * scale
        pending_scale = None
        i += 1
    while len(stack) > 1:                                  # unbalanced: count what is open
        g = stack.pop()
        stack[-1].width += g.width + sum(g.parts)
    return stack[0].width * _MARGIN


def text_width(s: str) -> float:
    """Estimated width in em of roman text (math between ``$`` signs counted as math).

    >>> from kronsym.printing.texwidth import text_width
    >>> round(text_width("identify"), 1) > 3.0
    True
    """
    return tex_width(s, text_mode=True)
