"""Printing in time and memory linear in the output: templates with holes.

Owns: ``render`` (run a printer table bottom-up over an expression and join the
text once), ``Template`` (one node's text, with its long children left as holes),
and the helpers printers use to look at a child's text: ``endswith``,
``contains`` and ``child``.

Contract: a printer is ``fn(node, kids) -> str`` where each kid is a ``str``
standing for the child's text. A short child (at most ``SHORT`` characters)
*is* its text; a longer one is a placeholder that ``render`` replaces by the
child's text at the end, so no level copies the text of the levels below it
(twenty thousand nested transposes print in linear time and memory, where
building each level's full string used gigabytes). Printers therefore never
slice or search a kid directly: they compose kids with f-strings and ``join``,
and ask ``endswith(kid, ...)``, ``contains(kid, ...)``, ``child(kid, i)`` (the
kid of child ``i`` of the node a kid stands for). Everything is iterative.

>>> import kronsym as ks
>>> A = ks.MatrixSymbol("A", 2, 2)
>>> e = A
>>> for _ in range(3000):
...     e = e.T
>>> s = str(e)
>>> len(s), s[:6], s[-4:]
(6001, 'A.T.T.', '.T.T')
"""
from __future__ import annotations

import re
import secrets
import threading
from typing import Callable, Dict, Optional

from ..traverse import postorder

__all__ = ["render", "Template", "endswith", "contains", "child", "SHORT"]

#: a child's text up to this many characters is handed to printers as it is
SHORT = 64
#: characters of a long text kept at each end (for endswith and contains)
_EDGE = 32
#: substrings ``contains`` answers from summaries (anything else expands the text)
NEEDLES = ("^", "\\frac", "\\left", "(", "\\bigl", "\\Bigl", "\\biggl", "\\Biggl")
_OPEN, _CLOSE = "\uE000", "\uE001"
_NONCE = secrets.token_hex(6)          # a placeholder cannot be forged by a name
_HOLE = re.compile(_OPEN + _NONCE + r"(\d+)" + _CLOSE)
_tls = threading.local()


class Template:
    """The text of one node: literal pieces and the templates of long children."""
    __slots__ = ("segments", "kids", "length", "short", "head", "tail", "flags", "full")

    def __init__(self, out: str, holes: Dict[str, "Template"], kids: tuple):
        self.kids = kids
        if _OPEN not in out:
            segments = (out,)
        else:
            segments, pos = [], 0
            for m in _HOLE.finditer(out):
                t = holes.get(m.group(1))
                if t is None:                     # not one of ours: literal text
                    continue
                if m.start() > pos:
                    segments.append(out[pos:m.start()])
                segments.append(t)
                pos = m.end()
            if pos < len(out):
                segments.append(out[pos:])
            segments = tuple(segments)
        self.segments = segments
        self.length = sum(len(s) if s.__class__ is str else s.length for s in segments)
        self.full: Optional[str] = None
        if len(segments) == 1 and segments[0].__class__ is str:
            self.full = segments[0]
        self.short = self.full if self.length <= SHORT else None
        if self.full is not None:
            self.head, self.tail, self.flags = self.full[:_EDGE], self.full[-_EDGE:], None
            return
        self.head = _edge(segments, False)
        self.tail = _edge(segments, True)
        # a needle lies inside a long child (its flags), or within the skeleton: the
        # literal pieces with each long child's two ends (a needle straddling a boundary
        # has at most len(needle) - 1 <= _EDGE characters inside the child)
        sk, flags = [], set()
        for s in segments:
            if s.__class__ is str:
                sk.append(s)
            elif s.full is not None:
                sk.append(s.full)
            else:
                sk.append(s.head + "\n\n" + s.tail)
                flags |= s.flags
        skeleton = "".join(sk)
        self.flags = frozenset(flags | {n for n in NEEDLES if n in skeleton})

    def text(self) -> str:
        """The full text (assembled once per call; memoised when short)."""
        if self.full is not None:
            return self.full
        out = []
        stack = [iter(self.segments)]
        while stack:
            for s in stack[-1]:
                if s.__class__ is str:
                    out.append(s)
                elif s.full is not None:
                    out.append(s.full)
                else:
                    stack.append(iter(s.segments))
                    break
            else:
                stack.pop()
        text = "".join(out)
        if self.length <= 1024:
            self.full = text
        return text


def _edge(segments, at_end: bool) -> str:
    """The first (or last) _EDGE characters of the text of ``segments``."""
    out, n = [], 0
    for s in (reversed(segments) if at_end else segments):
        piece = s if s.__class__ is str else (s.tail if at_end else s.head)
        out.append(piece)
        n += len(piece)
        if n >= _EDGE:
            break
    if at_end:
        return "".join(reversed(out))[-_EDGE:]
    return "".join(out)[:_EDGE]


class _Kid(str):
    """A kid as printers see it: the text itself when short, else a placeholder."""
    __slots__ = ("template",)


def _kid(t: Template) -> _Kid:
    if t.short is not None:
        k = _Kid(t.short)
    else:
        holes = _tls.holes
        key = str(len(holes))
        holes[key] = t
        k = _Kid(_OPEN + _NONCE + key + _CLOSE)
    k.template = t
    return k


def child(kid: str, i: int) -> str:
    """The kid standing for child ``i`` of the node ``kid`` stands for."""
    return _kid(kid.template.kids[i])


def endswith(kid: str, suffix: str) -> bool:
    """``kid``'s text ends with ``suffix``."""
    t = getattr(kid, "template", None)
    if t is None or t.short is not None:
        return kid.endswith(suffix)
    if len(suffix) <= _EDGE:
        return t.tail.endswith(suffix)
    return t.text().endswith(suffix)


def contains(kid: str, needle: str) -> bool:
    """``needle`` occurs in ``kid``'s text."""
    t = getattr(kid, "template", None)
    if t is None or t.short is not None:
        return needle in kid
    if t.flags is not None and needle in NEEDLES:
        return needle in t.flags
    return needle in t.text()


def print_one(node, printer: Callable, kid_templates: tuple) -> Template:
    """The template of ``node``, its children's templates given."""
    saved = getattr(_tls, "holes", None)
    _tls.holes = holes = {}
    try:
        kids = tuple(_kid(t) for t in kid_templates)
        out = printer(node, kids)
    finally:
        _tls.holes = saved
    return Template(out, holes, kid_templates)


def render(root, printer: Callable, templates: Optional[Dict] = None) -> str:
    """The text of ``root``: ``printer(node, kids)`` at every node, children first."""
    tpl: Dict = {} if templates is None else templates
    for node in postorder(root):
        if node not in tpl:
            tpl[node] = print_one(node, printer, tuple(tpl[c] for c in node._children))
    return tpl[root].text()
