"""The parser's lexer: text -> tokens (kronsym.parser).

Owns: ``MAX_LENGTH``, the token table, ``_Tok``, ``_Raw`` (the raw syntax tree's
node), ``_error`` (a ParseError pointing at a column) and ``_tokens``.
Contract: every character of the text is a token or an error naming its column.
"""
from __future__ import annotations

import re
import unicodedata
from typing import List, Tuple, Union

import sympy

from ..errors import KronsymError, ParseError, hint, hints_of, with_hints

MAX_LENGTH = 1_000_000

# --- tokens ------------------------------------------------------------------------
_TOKEN = re.compile(r"""
    (?P<ws>\s+)
  | (?P<num>(?:\d+\.\d*|\.\d+|\d+)(?:[eE][+-]?\d+)?)
  | (?P<tpost>\.T(?![A-Za-z0-9_])|\^\{T\}|\^\{\\top\}|\^T(?![A-Za-z0-9_])|ᵀ)
  | (?P<ipost>\^\{-1\}|⁻¹)
  | (?P<name>(?!ᵀ)[^\W\d](?:(?!ᵀ)\w)*)
  | (?P<op>\*\*|==|[-+*/@^(),=⊗∘⊙⊕•])
""", re.VERBOSE)

_BINARY = {"+": 10, "-": 10, "@": 20, "*": 20, "/": 20,
           "⊗": 30, "∘": 30, "⊙": 30, "⊕": 30, "•": 30, "**": 40, "^": 40}
_RIGHT = {"**", "^"}
_NEG, _NEG_IN_EXPONENT = 15, 45
_KRONLIKE = {"⊗": "kron", "∘": "hadamard", "⊙": "khatri_rao", "⊕": "kron_sum"}
_KRONLIKE["•"] = "face_split"

Shape = Tuple[Union[int, str, sympy.Expr], Union[int, str, sympy.Expr]]


class _Tok:
    __slots__ = ("kind", "text", "pos")

    def __init__(self, kind, text, pos):
        self.kind, self.text, self.pos = kind, text, pos


class _Raw:
    """A node of the syntax tree before names and shapes are resolved."""
    __slots__ = ("kind", "text", "kids", "pos", "paren")

    def __init__(self, kind, text, kids, pos):
        self.kind, self.text, self.kids, self.pos, self.paren = kind, text, kids, pos, False


def _error(text: str, pos: int, msg: str, cls=ParseError, cause=None) -> KronsymError:
    """The error ``cls`` for ``msg`` at ``pos`` of ``text`` (column and a caret); the hints
    of ``cause`` (the error whose message ``msg`` repeats) pass on."""
    line_start = text.rfind("\n", 0, pos) + 1
    line_end = text.find("\n", pos)
    line = text[line_start: len(text) if line_end < 0 else line_end]
    col = pos - line_start
    if len(line) > 100:  # show a window around the column
        lo = max(0, col - 50)
        line, col = line[lo: lo + 100], col - lo
    err = cls(f"{msg} (column {pos + 1})\n  {line}\n  {' ' * col}^")
    err.column = pos + 1
    err.text = text
    if cause is not None:
        with_hints(err, *hints_of(cause))
    return err


def did_you_mean(name: str, choices, suffix: str = "") -> str:
    """``" (did you mean logdet()?)"`` for the closest of ``choices`` to a misspelt
    ``name`` (difflib, as Python's own NameError suggestions), or "" if none is close.

    >>> did_you_mean("logdt", ["det", "logdet", "trace"], "()")
    ' (did you mean logdet()?)'
    """
    import difflib
    close = difflib.get_close_matches(name, list(choices), n=2, cutoff=0.6)
    if not close:
        return ""
    return " (did you mean " + " or ".join(c + suffix for c in close) + "?)"


#: what a character kronsym's syntax has no token for probably meant
_KRONSYM_CHAR_HINTS = {
    "'": "; the transpose is A.T (or A^T, Aᵀ); matrixcalculus.org's A' is read with {0}",
    ".": "; the transpose is A.T (capital T); a number is written 0.5",
    "[": "; group with ( ), and build matrices from declared symbols (no literal [...])",
}


def unexpected_character(text: str, pos: int, extra: str = "") -> KronsymError:
    """The ParseError for a character no token starts with (its Unicode name as a hint,
    then ``extra``); shared by both syntaxes' lexers."""
    ch = text[pos]
    name = unicodedata.name(ch, "")
    hint = f" ({name.lower()})" if name else ""
    return _error(text, pos, f"unexpected character {ch!r}{hint}{extra}")


def _tokens(text: str) -> List[_Tok]:
    out = []
    pos, n = 0, len(text)
    match = _TOKEN.match
    while pos < n:
        m = match(text, pos)
        if m is None:
            extra = _KRONSYM_CHAR_HINTS.get(text[pos], "")
            h = hint("other_syntax") if text[pos] == "'" else None
            err = unexpected_character(text, pos, extra.format(h.python() if h else ""))
            raise with_hints(err, h) if h else err
        kind = m.lastgroup
        if kind != "ws":
            out.append(_Tok(kind, m.group(), pos))
        pos = m.end()
    out.append(_Tok("end", "", n))
    return out
