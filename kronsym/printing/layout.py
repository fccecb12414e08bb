"""Breaking a long expression's LaTeX into lines that fit a page.

Owns: ``latex_lines(expr, first, rest)``: the LaTeX of ``expr`` as a list of
lines, the first at most ``first`` em wide and the others at most ``rest`` em
(widths estimated by :mod:`.texwidth`). Continuation lines begin with the
operator they continue (``+ B``, ``- B``, ``\\otimes B``).

How: the expression becomes a stream of text pieces and break points, each break
with a depth (twice the number of parentheses around it, plus one inside a product
or a Kronecker-like product than at a sum): a subexpression that fits a line is one
piece (printed by :func:`.latex.latex`), a longer one is opened at its operator.
Lines are then filled greedily; when a line is full the break taken is the
shallowest one past half the line (the latest of those), else the latest that fits.
A pair of parentheses a break may fall inside is sized by its content with the fixed
``\\bigl( ... \\bigr)`` sizes, never ``\\left( ... \\right)``, which TeX cannot split
across lines. A subexpression that cannot be opened (a fraction, a subscript) and does
not fit stays one piece: the line is then too long, and the caller's compile check says so.

>>> import kronsym as ks
>>> from kronsym.printing.layout import latex_lines
>>> n, = ks.dims("n")
>>> A, B, C = (ks.MatrixSymbol(s, n, n) for s in "ABC")
>>> latex_lines(A @ B + B @ C + C @ A, first=6, rest=6)
['A B + B C', '+ C A']
"""
from __future__ import annotations

from typing import Callable, List, Optional, Tuple

from . import fragments
from .latex import LATEX, delimiters, latex, paren_size, _coeff, _print_node
from .precedence import entry, is_a, is_negative_coeff, needs_parens, _is_constant_scalar
from .texwidth import tex_width

__all__ = ["latex_lines"]

#: how deep the opening of subexpressions goes before the rest is one piece
MAX_DEPTH = 16
_SEPARATORS = {"Kron": " \\otimes ", "Hadamard": " \\circ ", "KhatriRao": " \\odot ",
               "KronSum": " \\oplus ", "FaceSplit": " \\bullet ", "MatMul": " ", "Scale": " "}
_MARK = "\uE100kronsym-hole\uE101"
_OPEN = ("\\left(", "\\Biggl(", "\\biggl(", "\\Bigl(", "\\bigl(", "(")
_CLOSE = {"\\left(": "\\right)", "\\Biggl(": "\\Biggr)", "\\biggl(": "\\biggr)",
          "\\Bigl(": "\\Bigr)", "\\bigl(": "\\bigr)", "(": ")"}

Piece = Tuple[str, float, int]     # (text, width, -1) or a break: ("", 0.0, depth)


class _Stream:
    def __init__(self, render: Callable, budget: float):
        self.out: List[Piece] = []
        self.render, self.budget = render, budget

    def text(self, s: str) -> None:
        if s:    # past 4 lines, how much wider a piece is no longer matters
            self.out.append((s, tex_width(s, limit=4 * self.budget), -1))

    def brk(self, depth: int) -> None:
        self.out.append(("", 0.0, depth))

    def expr(self, node, level: int, depth: int = 0) -> None:
        """The pieces of ``node`` (``level``: the parentheses around it)."""
        s = self.render(node)
        if depth > MAX_DEPTH or tex_width(s, limit=self.budget) <= self.budget or \
                not self._open(node, level, depth):
            self.text(s)

    def wrapped(self, parent, child, level: int, depth: int, pos: int = 0) -> None:
        if needs_parens(parent, child, "latex", pos):
            o, c = delimiters(paren_size(self.render(child)), tall_ok=False)
            self.text(o)
            self.expr(child, level + 1, depth + 1)
            self.text(c)
        else:
            self.expr(child, level, depth + 1)

    def _open(self, node, level: int, depth: int) -> bool:
        """Write ``node`` opened at its operator; False (nothing written) if it cannot be."""
        if is_a(node, "MatAdd"):
            for i, child in enumerate(node.children):
                if i and is_a(child, "ScalarMul") and not _is_constant_scalar(child) \
                        and is_negative_coeff(child.coeff):
                    self.brk(2 * level)
                    self.text(" - ")
                    self._magnitude(child, level, depth)
                else:
                    if i:
                        self.brk(2 * level)
                        self.text(" + ")
                    self.wrapped(node, child, level, depth)
            return True
        if is_a(node, "ScalarMul"):
            if _is_constant_scalar(node):
                return False
            if is_negative_coeff(node.coeff):
                self.text("-")
                self._magnitude(node, level, depth)
            else:
                self.text(_coeff(node.coeff) + " ")
                self.wrapped(node, node.children[0], level, depth)
            return True
        sep = next((v for k, v in _SEPARATORS.items() if is_a(node, k)), None)
        if sep is not None and len(node.children) > 1:
            for i, child in enumerate(node.children):
                if i:
                    self.brk(2 * level + 1)
                    self.text(sep)
                self.wrapped(node, child, level, depth, i)
            return True
        if len(node.children) == 1:
            return self._call(node, level, depth)
        return False

    def _magnitude(self, node, level: int, depth: int) -> None:
        """A ScalarMul with a negative coefficient, without its sign (as the printer has it)."""
        c = -node.coeff
        if c != 1:
            self.text(_coeff(c) + " ")
        self.wrapped(node, node.children[0], level, depth)

    def _call(self, node, level: int, depth: int) -> bool:
        """f(child), (child)^T and the like: opened inside its parentheses, if it has them."""
        fn = entry(LATEX, node)
        try:
            out = fn(node, (_MARK,)) if fn is not None else ""
        except Exception:           # a printer that looks into its child's text: one piece
            return False
        if out.count(_MARK) != 1:
            return False
        pre, post = out.split(_MARK)
        o = next((d for d in _OPEN if pre.endswith(d)), None)
        if o is None or not post.startswith(_CLOSE[o]) or pre.count("{") != pre.count("}"):
            return False
        pre, post = pre[:-len(o)], post[len(_CLOSE[o]):]
        so, sc = delimiters(paren_size(self.render(node.children[0])), tall_ok=False)
        self.text(pre + so)
        self.expr(node.children[0], level + 1, depth + 1)
        self.text(sc + post)
        return True


def _fill(pieces: List[Piece], first: float, rest: float) -> List[str]:
    lines: List[str] = []
    cur: List[Piece] = []
    width, budget = 0.0, first
    for p in pieces:
        if p[2] >= 0:
            cur.append(p)
            continue
        while width + p[1] > budget:
            cut = _choose(cur, budget)
            if cut is None:
                break
            lines.append("".join(q[0] for q in cur[:cut]).strip())
            cur = cur[cut + 1:]
            width, budget = sum(q[1] for q in cur), rest
        cur.append(p)
        width += p[1]
    lines.append("".join(q[0] for q in cur).strip())
    return [line for line in lines if line]


def _choose(cur: List[Piece], budget: float) -> Optional[int]:
    """The index of the break to take in the line ``cur`` (None: there is none)."""
    best: Optional[Tuple[int, float, int]] = None       # (depth, -width, index)
    latest: Optional[int] = None
    w = 0.0
    for i, (_, pw, depth) in enumerate(cur):
        if depth < 0:
            w += pw
            continue
        if i == 0 or w <= 0:
            continue
        if w <= budget:
            latest = i
            if w >= budget / 2:
                key = (depth, -w, i)
                if best is None or key < best:
                    best = key
    if best is not None:
        return best[2]
    if latest is not None:
        return latest
    return next((i for i, p in enumerate(cur) if p[2] >= 0 and i), None)


def latex_lines(expr, first: float = 36.0, rest: Optional[float] = None,
                post: Optional[Callable[[str], str]] = None) -> List[str]:
    """The LaTeX of ``expr`` broken into lines: the first at most ``first`` em wide, the
    others (each to follow an indent) at most ``rest`` em (default ``first``).

    ``post`` rewrites each piece's LaTeX (the derivation writes its symbol dX as dX).
    Every subexpression is printed once (one memo for the whole expression), so the
    time is linear in the output times the depth the breaker opens (at most MAX_DEPTH).

    >>> import kronsym as ks
    >>> m, n = ks.dims("m n")
    >>> A = ks.MatrixSymbol("A", m, n)
    >>> latex_lines(A.T @ A)
    ['A^{\\\\top} A']
    """
    rest = first if rest is None else rest
    latex(expr)                  # checks every name once (and raises on a bad one)
    memo: dict = {}

    def render(node) -> str:
        text = fragments.render(node, _print_node, memo)
        return post(text) if post is not None else text

    s = _Stream(render, min(first, rest))
    whole = render(expr)
    if tex_width(whole, limit=first) <= first:
        return [whole]
    s.expr(expr, 0)
    return _fill(s.out, first, rest)
