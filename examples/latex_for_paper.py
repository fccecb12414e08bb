"""Write a standalone LaTeX file with kronsym's derivations of the seed paper's theorems.

Shows how to take ``ks.derive(F, X).latex()`` (an ``align*`` block, one line per
step, long lines broken to fit the page, the rule used on a line of its own) into a
document: a minimal portrait A4 ``article`` (1in margins) with ``amsmath``
containing Theorems 3.1, 3.2 and 4.1 (with respect to A and to B) of Wang, Yang &
Sun, and the paper's eq. (8) proved with ``ks.prove``. If ``latexmk`` or
``pdflatex`` is on PATH the file is compiled to PDF; otherwise compiling is
skipped (and the script says so).

Run:  python examples/latex_for_paper.py [OUTPUT.tex]
      (default: kronsym_paper.tex in a new temporary directory)
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile

import kronsym as ks

PREAMBLE = r"""\documentclass[11pt]{article}
\usepackage[a4paper,margin=1in]{geometry}
\usepackage{amsmath,amssymb}
\allowdisplaybreaks
\title{Derivatives of Kronecker products, derived by kronsym}
\date{}
\begin{document}
\maketitle
\noindent Layout: $\frac{\partial \operatorname{vec} F}{\partial (\operatorname{vec} X)^{\top}}$,
column-major $\operatorname{vec}$; $K_{m,n}$ is the commutation matrix
(the paper's $T_{m,n}$), $K_{m,n}\operatorname{vec} A = \operatorname{vec} A^{\top}$.
"""


def sections():
    """[(title, LaTeX body)] for the document."""
    m, n, p, q = ks.dims("m n p q")
    A = ks.MatrixSymbol("A", m, n)
    B = ks.MatrixSymbol("B", p, q)
    S = ks.MatrixSymbol("A", n, n)          # Theorem 3.2 needs a square A
    out = []
    items = [
        ("Theorem 3.1: $A^{\\top}A$, $A$ is $m\\times n$", A.T @ A, A),
        ("Theorem 3.2: $A^{-1}A$, $A$ is $n\\times n$", ks.inv(S) @ S, S),
        ("Lemma for Theorem 3.2: $A^{-1}$", ks.inv(S), S),
        ("Theorem 4.1 with respect to $A$: $A\\otimes B$", ks.kron(A, B), A),
        ("Theorem 4.1 with respect to $B$: $A\\otimes B$", ks.kron(A, B), B),
    ]
    for title, F, X in items:
        d = ks.derive(F, X)
        out.append((title, d.latex()))
    lhs = ks.kron(A.T, ks.I(n)) @ ks.K(m, n)
    rhs = ks.K(n, n) @ ks.kron(ks.I(n), A.T)
    pr = ks.prove(lhs, rhs)
    how = ("proved in canonical form" if pr.method == "canonical" else pr.evidence()) \
        if pr.holds else pr.detail
    body = ("\\[ " + ks.latex(lhs) + " = " + ks.latex(rhs) + " \\]\n"
            f"kronsym: {'holds' if pr.holds else 'FAILS'} ({how}).")
    out.append(("The paper's eq.~(8)", body))
    return out


def write_tex(path: str) -> str:
    os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
    parts = [PREAMBLE]
    for title, body in sections():
        parts.append(f"\\section*{{{title}}}\n{body}\n")
    parts.append("\\end{document}\n")
    with open(path, "w", encoding="utf-8") as fh:
        fh.write("\n".join(parts))
    return path


def compile_tex(path: str) -> str:
    """Compile with latexmk or pdflatex if available; returns a one-line status."""
    folder, name = os.path.split(os.path.abspath(path))
    if shutil.which("latexmk"):
        cmd = ["latexmk", "-pdf", "-interaction=nonstopmode", "-halt-on-error", name]
    elif shutil.which("pdflatex"):
        cmd = ["pdflatex", "-interaction=nonstopmode", "-halt-on-error", name]
    else:
        return "no latexmk or pdflatex on PATH: skipped compiling"
    r = subprocess.run(cmd, cwd=folder, capture_output=True, text=True, timeout=120)
    pdf = os.path.splitext(path)[0] + ".pdf"
    if r.returncode != 0 or not os.path.exists(pdf):
        return f"compiling FAILED ({' '.join(cmd)}, exit {r.returncode}); see the .log file"
    return f"compiled: {pdf}"


def main(argv=None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    path = argv[0] if argv else os.path.join(tempfile.mkdtemp(prefix="kronsym_"), "kronsym_paper.tex")
    write_tex(path)
    with open(path, encoding="utf-8") as fh:
        text = fh.read()
    print(f"wrote {path} ({len(text.splitlines())} lines, {text.count('begin{align*}')} align* blocks)")
    status = compile_tex(path)
    print(status)
    return 1 if "FAILED" in status else 0


if __name__ == "__main__":
    raise SystemExit(main())
