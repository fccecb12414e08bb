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

from .latex import latex

__all__ = ["latex_derivation"]

_TEX_SYMBOLS = {"ᵀ": "$^{\\top}$", "⊗": "$\\otimes$", "⁻¹": "$^{-1}$", "−": "$-$",
                "⊙": "$\\odot$", "∘": "$\\circ$", "⊕": "$\\oplus$", "·": "$\\cdot$"}


def _tex_text(s: str) -> str:
    """Plain text for ``\\text{...}``: TeX specials escaped, Unicode math as inline math."""
    s = s.replace("\\", "").replace("_", "\\_").replace("&", "\\&").replace("%", "\\%")
    for u, t in _TEX_SYMBOLS.items():
        s = s.replace(u, t)
    return s


def _group(s: str) -> str:
    return s if s.replace("_", "").replace("{", "").replace("}", "").isalnum() else f"\\left({s}\\right)"


def _paren_sum(s: str) -> str:
    return f"\\left({s}\\right)" if (" + " in s or " - " in s) else s


def _dlatex(e, dX, X) -> str:
    """LaTeX with the symbol dX written \\mathrm{d}X."""
    s = latex(e)
    name = latex(dX)
    return s.replace(name, "\\mathrm{d}" + latex(X)) if name != latex(X) else s


def _lhs(form: str, fF: str, fX: str) -> str:
    if form == "d":
        return f"\\mathrm{{d}}{_group(fF)}"
    if form == "vec d":
        return f"\\operatorname{{vec}} \\mathrm{{d}}{_group(fF)}"
    if form == "J":
        return (f"\\frac{{\\partial \\operatorname{{vec}} {_group(fF)}}}"
                f"{{\\partial (\\operatorname{{vec}} {fX})^{{\\top}}}}")
    if form == "J D":
        return (f"\\frac{{\\partial \\operatorname{{vec}} {_group(fF)}}}"
                f"{{\\partial (\\operatorname{{vech}} {fX})^{{\\top}}}}")
    if form == "":
        return ""
    raise ValueError(f"latex_derivation: unknown left-hand side form {form!r}")


def _rhs(s, dX, X, fX: str) -> str:
    form = s.rhs_form
    if form == "zero":
        return "0"
    if form == "expr":
        return latex(s.expr)
    if form == "differential":
        return _dlatex(s.expr, dX, X)
    if form == "J vec dX":
        return f"{_paren_sum(_dlatex(s.factor, dX, X))} \\operatorname{{vec}} \\mathrm{{d}}{fX}"
    raise ValueError(f"latex_derivation: unknown right-hand side form {form!r}")


def latex_derivation(d) -> str:
    """The derivation ``d`` as a LaTeX ``align*`` block, one justified line per step.

    >>> import kronsym as ks
    >>> from kronsym.printing.derivation import latex_derivation
    >>> A = ks.MatrixSymbol("A", 2, 2)
    >>> print(latex_derivation(ks.derive(A.T, A)).splitlines()[1])
    \\mathrm{d}\\left(A^{\\top}\\right) &= \\mathrm{d}A^{\\top} && \\text{differential: product rule and the table of differentials} \\\\
    """
    fF, fX = latex(d.F), latex(d.X)
    rows = [f"{_lhs(s.lhs_form, fF, fX)} &= {_rhs(s, d.dX, d.X, fX)} && "
            f"\\text{{{_tex_text(s.rule)}}}" for s in d.steps]
    return "\\begin{align*}\n" + " \\\\\n".join(rows) + "\n\\end{align*}"
