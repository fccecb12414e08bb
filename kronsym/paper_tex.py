"""``kronsym paper --latex``: the paper report as a LaTeX document that compiles.

Owns: ``paper_document(items)``, the whole document (preamble to
``\\end{document}``) from the items of :func:`kronsym.paper.paper_report`: for each
theorem kronsym's derivation (``ks.derive(F, X).latex()``, which fits the page),
the paper's forms as printed with each verdict in words, and the eq. (9) finding.
Only amsmath and amssymb, so any TeX installation with ``pdflatex`` builds it.

>>> from kronsym.paper import paper_report
>>> from kronsym.paper_tex import paper_document
>>> doc = paper_document(paper_report())
>>> doc.startswith("\\\\documentclass") and doc.rstrip().endswith("\\\\end{document}")
True
"""
from __future__ import annotations

from typing import List

__all__ = ["paper_document", "PREAMBLE"]

PREAMBLE = r"""\documentclass[11pt]{article}
\usepackage[letterpaper,margin=1in]{geometry}
\usepackage{amsmath,amssymb}
\allowdisplaybreaks
\title{Derivatives of Kronecker products themselves:\\ the theorems of Wang, Yang \& Sun,
derived and checked by kronsym}
\date{}
\begin{document}
\maketitle
"""

_INTRO = r"""\noindent
The paper: Wang, Yang \& Sun, ``Derivatives of Kronecker products themselves based on
Kronecker product and matrix calculus''. Layout: the derivative of $F$ with respect to $X$
is the Jacobian
$\frac{\partial \operatorname{vec} F}{\partial (\operatorname{vec} X)^{\top}}$ with the
column-major $\operatorname{vec}$; $K_{m,n}$ is the commutation matrix,
$K_{m,n} \operatorname{vec} A = \operatorname{vec} A^{\top}$ (the paper writes $T_{m,n}$,
and its forms are shown so).

\medskip\noindent
What the words mean. \emph{Verified}: kronsym's derivation equals complex-step
differentiation of $F$ at random values, at each listed assignment of the dimensions.
\emph{Holds} (an identity of the paper) and \emph{agrees} (a printed form against
kronsym's derivation): proved by \texttt{ks.prove}, ``proved in canonical form'' meaning
that both sides rewrite to one normal form, and also checked numerically at the listed
dimensions. \emph{Wrong} or \emph{fails}: a point where the two sides differ.
"""


def paper_document(items) -> str:
    """The report as a complete LaTeX document (a string ending in a newline)."""
    import kronsym as ks
    parts: List[str] = [PREAMBLE, _INTRO]
    for it in items:
        parts.append(f"\\section*{{{it.tex_title or it.title}}}")
        if it.F is not None:
            parts.append("kronsym's derivation:\n" + ks.derive(it.F, it.X).latex())
        for note in it.tex:
            parts.append(note + "\n")
        parts.append("\\noindent\\textbf{" + ("Verified." if it.ok else "FAILED.") + "}\n")
    failed = [it for it in items if not it.ok]
    parts.append("\\section*{Summary}")
    if failed:
        parts.append(f"{len(failed)} of {len(items)} derivations FAILED their check.")
    else:
        parts.append(f"All {len(items)} theorems derived by kronsym and verified; the paper's "
                     "eq.~(9) is a typo (its product does not conform unless $m = n$), corrected "
                     "from its eq.~(8); Theorem 3.2 needs a square $A$.")
    parts.append("\\end{document}\n")
    return "\n".join(parts)
