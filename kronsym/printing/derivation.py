"""LaTeX of a derivation (``ks.derive(F, X).latex()``).

Owns: ``latex_derivation`` and the TeX helpers of its lines.

Contract: a derivation stores expressions, never text (kronsym/diff/derive.py);
this module renders it: each ``Step`` says what its left side is
(``lhs_form``: ``"d"`` dF, ``"vec d"`` vec dF, ``"J"`` the Jacobian, ``"J D"``
the Jacobian in vech coordinates, ``""`` a continued line) and how its right side
shows (``rhs_form``: ``"expr"``, ``"differential"`` with the symbol dX written
dX, ``"J vec dX"`` with ``factor`` the J, ``"zero"``). It reads the steps'
fields and imports nothing of kronsym.diff, so printing stays a later stage.
"""
from __future__ import annotations

import re
from typing import List, Optional, Tuple

from .latex import delimiters, latex, latex_name, paren, paren_size
from .precedence import is_a
from .layout import latex_lines
from .texwidth import tex_width, text_width

__all__ = ["latex_derivation", "DEFAULT_WIDTH"]

#: the line width (em) derivations are set to: A4 or letter paper with 1in margins is
#: 45em at 10pt, 41em at 11pt, 37.6em at 12pt (the width estimate errs on the wide side)
DEFAULT_WIDTH = 36.0
#: a function wider than this (em) is named (F = ...) and then written F in the steps
NAME_OVER = 5.0

_TEX_SYMBOLS = {"ᵀ": "$^{\\top}$", "⊗": "$\\otimes$", "⁻¹": "$^{-1}$", "−": "$-$",
                "⊙": "$\\odot$", "∘": "$\\circ$", "⊕": "$\\oplus$", "·": "$\\cdot$",
                "×": "$\\times$", "²": "$^{2}$"}
_SUBSCRIPT = re.compile(r"_(\w+)?")


def _tex_text(s: str) -> str:
    """Plain text for ``\\text{...}``: TeX specials dropped or escaped, an underscore as a
    math subscript (``D_n`` -> ``D$_{n}$``), Unicode math as inline math; no macro outside
    ``$...$`` (MathJax 3 shows text-mode macros such as ``\\_`` verbatim).

    >>> _tex_text("vec dX = D_n d vech X, 50% & Aᵀ")
    'vec dX = D$_{n}$ d vech X, 50$\\\\%$ $\\\\&$ A$^{\\\\top}$'
    """
    s = s.replace("\\", "").replace("$", "").replace("{", "").replace("}", "")
    s = s.replace("&", "$\\&$").replace("%", "$\\%$").replace("#", "").replace("^", "")
    s = s.replace("~", " ")
    s = _SUBSCRIPT.sub(lambda m: f"$_{{{m.group(1)}}}$" if m.group(1) else " ", s)
    for u, t in _TEX_SYMBOLS.items():
        s = s.replace(u, t)
    return s


def _dpost(dX, X):
    """A rewrite of printed LaTeX with the symbol dX written \\mathrm{d}X (None: none)."""
    name, fX = latex(dX), latex(X)
    if name == fX:
        return None
    return lambda text: text.replace(name, "\\mathrm{d}" + fX)


def _applied(op: str, f: str, atom: bool) -> str:
    """``op`` applied to the function's LaTeX ``f``: parenthesised unless it is one symbol."""
    return f"{op}{f}" if atom else f"{op}{paren(f)}"


def _lhs(form: str, fF: str, fX: str, atom: bool) -> str:
    if form == "d":
        return _applied("\\mathrm{d}", fF, atom)
    if form == "vec d":
        return _applied("\\operatorname{vec} \\mathrm{d}", fF, atom)
    if form in ("J", "J D"):
        v = "vec" if form == "J" else "vech"
        top = _applied("\\operatorname{vec} ", fF, atom)
        return f"\\frac{{\\partial {top}}}{{\\partial (\\operatorname{{{v}}} {fX})^{{\\top}}}}"
    if form == "":
        return ""
    raise ValueError(f"latex_derivation: unknown left-hand side form {form!r}")


def _rhs(s, dX, X, fX: str, first: float, rest: float) -> List[str]:
    """The right side of step ``s`` as lines (the first ``first`` em wide at most)."""
    form = s.rhs_form
    if form == "zero":
        return ["0"]
    post = _dpost(dX, X) if form != "expr" else None
    if form in ("expr", "differential"):
        return latex_lines(s.expr, first, rest, post)
    if form == "J vec dX":
        tail = f"\\operatorname{{vec}} \\mathrm{{d}}{fX}"
        tw = tex_width(tail) + 0.2
        if not is_a(s.factor, "MatAdd"):
            lines = latex_lines(s.factor, first - tw, rest - tw, post)
            return lines[:-1] + [f"{lines[-1]} {tail}"]
        lines = latex_lines(s.factor, first - 1.0, rest - 1.0, post)
        o, c = delimiters(paren_size(" ".join(lines)), tall_ok=False)
        lines[0] = o + lines[0]
        lines[-1] = lines[-1] + c
        if tex_width(lines[-1], limit=first) + tw > (first if len(lines) == 1 else rest):
            return lines + [tail]
        return lines[:-1] + [f"{lines[-1]} {tail}"]
    raise ValueError(f"latex_derivation: unknown right-hand side form {form!r}")


def _wrap(text: str, width: float) -> List[str]:
    """``text`` (already TeX) in lines of at most ``width`` em, broken at spaces, after a
    comma where one falls in the second half of the line."""
    lines: List[str] = []
    cur: List[str] = []
    for word in text.split(" "):
        if cur and text_width(" ".join(cur + [word])) > width:
            cut = max((i + 1 for i, w in enumerate(cur[:-1]) if w.endswith(",")
                       and text_width(" ".join(cur[:i + 1])) >= 0.75 * width), default=len(cur))
            lines.append(" ".join(cur[:cut]))
            cur = cur[cut:]
        cur.append(word)
    if cur:
        lines.append(" ".join(cur))
    return lines


def _name(d) -> str:
    """A letter for F not used by the derivation's symbols."""
    taken = {getattr(s, "name", "") for s in d.F.free_symbols} | {getattr(d.X, "name", "")}
    return next(c for c in ("F", "G", "H", "Phi", "Psi", "Omega") if c not in taken)


def latex_derivation(d, annotations: bool = True, width: Optional[float] = None) -> str:
    """The derivation ``d`` as a LaTeX ``align*`` block that fits a page.

    Each step is a line ``lhs = rhs``; a long right side continues on indented lines
    that begin with the operator (``+``, ``\\otimes``) they continue; with
    ``annotations`` the rule of each step follows on a line of its own. ``width``: the
    line width in em (default :data:`DEFAULT_WIDTH`, which fits A4 or letter paper
    with 1in margins at 10-12pt). A function wider than a few em is named
    (``F = ...``) first. Only amsmath, and only macros MathJax 3 knows.

    >>> import kronsym as ks
    >>> from kronsym.printing.derivation import latex_derivation
    >>> A = ks.MatrixSymbol("A", 2, 2)
    >>> print(latex_derivation(ks.derive(A.T, A)).splitlines()[1])
    \\mathrm{d}(A^{\\top}) &= \\mathrm{d}A^{\\top} \\\\
    """
    width = DEFAULT_WIDTH if width is None else float(width)
    fF, fX = latex(d.F), latex(d.X)
    rows: List[Tuple[str, List[str], str]] = []
    atom = not (" " in fF or "^" in fF or "(" in fF or "\\" in fF.replace("\\mathrm", ""))
    if tex_width(fF, limit=NAME_OVER) > NAME_OVER:
        name = _name(d)
        letter = latex_name(name)
        rows.append((letter, [], ""))
        full, fF, atom = d.F, letter, True
    else:
        full = None
    lhs = [_lhs(s.lhs_form, fF, fX, atom) for s in d.steps]
    lw = max([tex_width(x) for x in lhs] + [tex_width(r[0]) for r in rows])
    first = max(12.0, width - lw - 1.4)
    rest = max(12.0, width - lw - 1.1)
    if full is not None:
        rows[0] = (rows[0][0], latex_lines(full, first, rest), "")
    for s, left in zip(d.steps, lhs):
        rows.append((left, _rhs(s, d.dX, d.X, fX, first, rest),
                     _tex_text(s.rule) if annotations else ""))
    out = []
    for left, lines, rule in rows:
        out.append(f"{left} &= {lines[0]}")
        out.extend(f"&\\quad {line}" for line in lines[1:])
        if rule:
            out.extend(f"&\\qquad \\text{{{piece}}}"
                       for piece in _wrap(rule, max(10.0, width - lw - 2.2)))
    return "\\begin{align*}\n" + " \\\\\n".join(out) + "\n\\end{align*}"
