"""``kronsym paper``: derive and verify the theorems of the seed paper.

Owns: ``run_paper(latex=False) -> int`` and the list ``ITEMS`` of what is
checked. The paper is Wang, Yang & Sun, "Derivatives of Kronecker products
themselves based on Kronecker product and matrix calculus" (shared/seeds/000).

For each theorem kronsym derives the Jacobian by itself (``ks.diff``; nothing
is special-cased), prints it, and checks it against complex-step
differentiation at several random dimension assignments (1 and non-square
included). The paper's printed forms are then built as kronsym expressions
(or numerically, for the block form of Theorem 4.1) and compared with the
derivation with ``ks.prove`` (and numerically): each verdict says how it was
reached ("proved in canonical form", "checked numerically at ..."), and a legend
says what "verified", "holds" and "agrees" mean. Printed forms that are
wrong (shapes that cannot conform, a non-square inverse) are reported with
the corrected form kronsym proves. The exit code is non-zero only if one of
kronsym's own derivations fails its check. ``latex=True`` prints the report
as a LaTeX document that compiles (:mod:`kronsym.paper_tex`).
"""
from __future__ import annotations

import sys
from dataclasses import dataclass, field
from typing import List, Optional

import numpy as np

__all__ = ["run_paper", "paper_report", "Item"]

DIMS = ((1, 1, 1, 1), (2, 3, 4, 1), (3, 2, 2, 3), (4, 4, 2, 2))


@dataclass
class Item:
    """One checked statement: a derivation (``derived``, of ``F`` w.r.t. ``X``) and notes on
    the paper's forms, as plain lines (``lines``) and as LaTeX paragraphs (``tex``)."""
    title: str
    derived: object = None
    ok: bool = True
    lines: List[str] = field(default_factory=list)
    tex: List[str] = field(default_factory=list)
    tex_title: str = ""
    F: object = None
    X: object = None

    def note(self, text: str, tex: str) -> None:
        """Add one note, in plain text and in LaTeX."""
        self.lines.append(text)
        self.tex.append(tex)


#: what the words of the report mean (printed before it)
LEGEND = """Legend:
  verified   kronsym's derivation equals complex-step differentiation of F
             at random values, at each assignment of the dimensions listed
  holds      (an identity of the paper) and
  agrees     (a printed form against kronsym's derivation): proved by ks.prove
             ("proved in canonical form": both sides rewrite to one normal
             form), and also checked numerically at the dimensions listed
  WRONG, FAILS  a point where the two sides differ"""


def _dimsets(sym, square=False):
    m, n, p, q = sym
    out = []
    for a, b, c, d in DIMS:
        if square:
            out.append({n: b, m: b, p: c, q: d})
        else:
            out.append({m: a, n: b, p: c, q: d})
    return out


def _where(dimsets, keys: str = "mn") -> str:
    """``(m,n) = (1,1), (2,3)``: the assignments of the dims named in ``keys``, in words."""
    pts: List[str] = []
    for ds in dimsets:
        by = {str(k): v for k, v in ds.items()}
        pt = "(" + ",".join(str(by[k]) for k in keys) + ")"
        if pt not in pts:
            pts.append(pt)
    if len(keys) == 1:
        return f"{keys} = {', '.join(p.strip('()') for p in pts)}"
    return f"({','.join(keys)}) = {', '.join(pts)}"


def _check(F, X, J, dimsets) -> Optional[str]:
    from .testing import check_jacobian
    for ds in dimsets:
        try:
            check_jacobian(F, X, J=J, dims=ds, seed=7)
        except AssertionError as e:
            return f"MISMATCH at {', '.join(f'{k}={v}' for k, v in ds.items())}: {e}"
    return None


def _same(a, b, dimsets, extra=()) -> Optional[str]:
    """Numeric comparison of two expressions at random values; None when equal."""
    from .evaluate import evaluate
    from .testing import random_values
    for ds in dimsets:
        vals = random_values(a, ds, seed=3, extra=list(extra) + list(b.free_symbols))
        va, vb = evaluate(a, vals), evaluate(b, vals)
        if va.shape != vb.shape or not np.allclose(va, vb, atol=1e-9):
            return f"differs at {', '.join(f'{k}={v}' for k, v in ds.items())}"
    return None


def _verdict(a, b, dimsets, word: str, bad: str, keys: str = "mn") -> str:
    """``word`` with how it was established (ks.prove, then numbers), or ``bad``: why not."""
    from .prove import prove
    pr = prove(a, b)
    num = _same(a, b, dimsets)
    if not pr.holds:
        return f"{bad}: {pr.detail or num}"
    if num is not None:
        return f"{bad}: {num}"
    how = "proved in canonical form" if pr.method == "canonical" else pr.evidence()
    return f"{word} ({how}; checked numerically at {_where(dimsets, keys)})"


def _fmt(e, latex):
    from .printing.latex import latex as to_latex
    return to_latex(e) if latex else str(e)


def _tex(e) -> str:
    """The paper's notation: kronsym's LaTeX with K_{m,n} written T_{m,n}."""
    from .printing.latex import latex as to_latex
    return to_latex(e).replace("K_{", "T_{")


def _derived_check(it: Item, F, X, J, dimsets, extra: str = "", keys: str = "mn") -> None:
    bad = _check(F, X, J, dimsets)
    it.ok = it.ok and bad is None
    words = bad or (f"verified{extra}: checked numerically against complex-step "
                    f"differentiation at {_where(dimsets, keys)}")
    it.note("check: " + words, "Check: " + _tex_words(words) + ".")


def _tex_words(s: str) -> str:
    """Plain words for a LaTeX paragraph (the math in them set as math)."""
    from .printing.derivation import _tex_text
    return _tex_text(s)


def paper_report(latex: bool = False) -> List[Item]:
    """Derive and check every item; returns the items (no printing)."""
    import kronsym as ks
    m, n, p, q = sym = ks.dims("m n p q")
    A = ks.MatrixSymbol("A", m, n)
    B = ks.MatrixSymbol("B", p, q)
    S = ks.MatrixSymbol("A", n, n)        # Theorem 3.2 needs a square A
    T = ks.K                               # the paper writes T_{m,n} for K_{m,n}
    items: List[Item] = []
    ds, dsq = _dimsets(sym), _dimsets(sym, square=True)
    paper = "(as printed)"

    # --- Theorem 3.1 and eqs. (5)-(9) ------------------------------------------------
    it = Item("Theorem 3.1  d vec(AᵀA) / d (vec A)ᵀ,  A m×n",
              tex_title="Theorem 3.1: $A^{\\top}A$, $A$ is $m\\times n$")
    F = A.T @ A
    it.F, it.X = F, A
    J = ks.diff(F, A)
    it.derived = J
    _derived_check(it, F, A, J, ds)
    eq5 = ks.kron(ks.I(n), A.T) + ks.kron(A.T, ks.I(n)) @ T(m, n)
    v = _verdict(J, eq5, ds, "agrees with the derivation", "WRONG")
    it.note(f"paper eq. (5)/(7): {_fmt(eq5, latex)}  —  {v}",
            f"The paper's eqs.~(5) and (7) {paper}: \\[ \\frac{{dA^{{\\top}}A}}{{dA}} = {_tex(eq5)} \\] "
            f"{_tex_words(v)}.")
    lhs8, rhs8 = ks.kron(A.T, ks.I(n)) @ T(m, n), T(n, n) @ ks.kron(ks.I(n), A.T)
    v = _verdict(lhs8, rhs8, ds, "holds", "FAILS")
    it.note(f"paper eq. (8): {_fmt(lhs8, latex)} = {_fmt(rhs8, latex)}  —  {v}",
            f"The paper's eq.~(8): \\[ {_tex(lhs8)} = {_tex(rhs8)} \\] {_tex_words(v)}.")
    try:
        ks.kron(ks.I(n), A.T) + T(m, n) @ ks.kron(ks.I(n), A.T)
        it.note("paper eq. (9): shapes agree (unexpected)", "The paper's eq.~(9): shapes agree "
                "(unexpected).")
    except ks.ShapeError:
        eq9 = ks.kron(ks.I(n), A.T) + T(n, n) @ ks.kron(ks.I(n), A.T)
        v = _verdict(J, eq9, ds, "agrees with the derivation", "WRONG")
        it.note("paper eq. (9): (I_n ⊗ Aᵀ) + T_{m,n}(I_n ⊗ Aᵀ) is a typo: the product "
                "T_{m,n}(I_n ⊗ Aᵀ) does not conform unless m = n (T_{m,n} is mn×mn, "
                "I_n ⊗ Aᵀ is n²×mn; kronsym refuses it: ShapeError). "
                f"Corrected form, from eq. (8): {_fmt(eq9, latex)}  —  {v}",
                "The paper's eq.~(9) " + paper + ": \\[ \\frac{dA^{\\top}A}{dA} = "
                "(I_{n} \\otimes A^{\\top}) + T_{m,n} (I_{n} \\otimes A^{\\top}) \\] is a typo: "
                "the product $T_{m,n}(I_{n} \\otimes A^{\\top})$ does not conform unless $m = n$ "
                "($T_{m,n}$ is $mn \\times mn$, $I_{n} \\otimes A^{\\top}$ is $n^{2} \\times mn$; "
                "kronsym refuses to build it). The corrected form, from eq.~(8), "
                f"\\[ \\frac{{dA^{{\\top}}A}}{{dA}} = {_tex(eq9)} \\] {_tex_words(v)}.")
    vecAtA = ks.vec(F)
    v6a = _verdict(vecAtA, ks.kron(ks.I(n), A.T) @ ks.vec(A), ds, "holds", "FAILS")
    v6b = _verdict(vecAtA, ks.kron(A.T, ks.I(n)) @ ks.vec(A.T), ds, "holds", "FAILS")
    v = v6a if not v6a.startswith("holds") else v6b
    it.note(f"paper eq. (6): vec(AᵀA) = (I_n ⊗ Aᵀ) vec A = (Aᵀ ⊗ I_n) vec Aᵀ  —  {v}",
            "The paper's eq.~(6): \\[ \\operatorname{vec}(A^{\\top} A) = (I_{n} \\otimes A^{\\top}) "
            "\\operatorname{vec}(A) = (A^{\\top} \\otimes I_{n}) \\operatorname{vec}(A^{\\top}) \\] "
            f"{_tex_words(v)} (each equality).")
    items.append(it)

    # --- Theorem 3.2 ---------------------------------------------------------------------
    it = Item("Theorem 3.2  d vec(A⁻¹A) / d (vec A)ᵀ",
              tex_title="Theorem 3.2: $A^{-1}A$, $A$ is $n\\times n$")
    try:
        ks.inv(A)
        it.note("the paper's 'A is m×n' was accepted (unexpected)",
                "The paper's `$A$ is $m \\times n$' was accepted (unexpected).")
    except ks.ShapeError:
        it.note("the paper states A is m×n, but A⁻¹ needs a square A (kronsym refuses "
                "inv of an m×n symbol: ShapeError); kronsym takes A n×n",
                "The paper states that $A$ is $m \\times n$, but $A^{-1}$ needs a square $A$ "
                "(kronsym refuses the inverse of an $m \\times n$ symbol); kronsym takes $A$ "
                "$n \\times n$.")
    F = ks.inv(S) @ S
    it.F, it.X = F, S
    J = ks.diff(F, S)
    it.derived = J
    _derived_check(it, F, S, J, dsq, " (A⁻¹A = I, so the derivative is the zero matrix)", "n")
    Jinv = ks.diff(ks.inv(S), S)
    bad2 = _check(ks.inv(S), S, Jinv, dsq)
    it.ok = it.ok and bad2 is None
    w = bad2 or ("verified: checked numerically against complex-step differentiation at "
                 f"{_where(dsq, 'n')}")
    it.note(f"dA⁻¹/dA = {_fmt(Jinv, latex)}  —  {w}",
            f"The lemma: \\[ \\frac{{dA^{{-1}}}}{{dA}} = {_tex(Jinv)} \\] {_tex_words(w)}.")
    eq10 = ks.kron(ks.I(n), ks.inv(S)) + ks.kron(S.T, ks.I(n)) @ Jinv
    v = _verdict(J, eq10, dsq, "agrees (it is the zero matrix)", "WRONG", "n")
    it.note(f"paper eq. (10) with dA⁻¹/dA substituted: {_fmt(eq10, latex)}  —  {v}",
            "The paper's eq.~(10) " + paper + ": \\[ \\frac{dA^{-1}A}{dA} = (I_{n} \\otimes A^{-1}) "
            "+ (A^{\\top} \\otimes I_{n}) \\frac{dA^{-1}}{dA} \\] with the lemma substituted, "
            f"\\[ {_tex(eq10)} \\] {_tex_words(v)}.")
    items.append(it)

    # --- Theorem 4.1 w.r.t. A and B ------------------------------------------------------
    for X, name in ((A, "A"), (B, "B")):
        it = Item(f"Theorem 4.1  d vec(A ⊗ B) / d (vec {name})ᵀ,  A m×n, B p×q",
                  tex_title=f"Theorem 4.1 with respect to ${name}$: $A \\otimes B$")
        F = ks.kron(A, B)
        it.F, it.X = F, X
        J = ks.diff(F, X)
        it.derived = J
        _derived_check(it, F, X, J, ds, keys="mnpq")
        if X is A:
            r = _psi_check(J, sym)
            w = ("agrees with the derivation (checked numerically, entry by entry, at "
                 f"{_where(ds, 'mnpq')})") if r is None else f"WRONG: {r}"
            it.note("paper's block form I_n ⊗ [Ψ_1; …; Ψ_q], Ψ_i = I_m ⊗ B_i (B_i the i-th "
                    f"column of B), built entry by entry  —  {w}",
                    "The paper's block form " + paper + ": \\[ \\frac{dA \\otimes B}{dA} = I_{n} "
                    "\\otimes \\begin{bmatrix} \\Psi_{1} \\\\ \\vdots \\\\ \\Psi_{q} \\end{bmatrix}, "
                    "\\qquad \\Psi_{i} = I_{m} \\otimes B_{i} \\] ($B_{i}$ the $i$-th column of $B$), "
                    f"built entry by entry: {_tex_words(w)}.")
        items.append(it)
    return items


def _psi_check(J, sym) -> Optional[str]:
    from .evaluate import evaluate
    m, n, p, q = sym
    for a, b, c, d in DIMS:
        rng = np.random.default_rng(5)
        Bv = rng.normal(size=(c, d))
        Psi = np.vstack([np.kron(np.eye(a), Bv[:, [i]]) for i in range(d)])
        want = np.kron(np.eye(b), Psi)
        import kronsym as ks
        got = evaluate(J, {ks.MatrixSymbol("B", p, q): Bv, m: a, n: b})
        if got.shape != want.shape or not np.allclose(got, want):
            return f"differs at m={a}, n={b}, p={c}, q={d}"
    return None


def run_paper(latex: bool = False, out=None) -> int:
    """Print the derivations and checks (``latex``: as a LaTeX document that compiles);
    return 0 if every derivation is verified.

    >>> from kronsym.paper import run_paper
    >>> import io
    >>> buf = io.StringIO()
    >>> run_paper(out=buf)
    0
    >>> "Theorem 4.1" in buf.getvalue() and "Legend:" in buf.getvalue()
    True
    """
    out = out or sys.stdout
    items = paper_report(latex)
    failed = [it.title for it in items if not it.ok]
    if latex:
        from .paper_tex import paper_document
        print(paper_document(items), file=out, end="")
        return 1 if failed else 0
    print("kronsym paper: Wang, Yang & Sun, \"Derivatives of Kronecker products themselves "
          "based on Kronecker product and matrix calculus\"", file=out)
    print("Layout: d vec F / d (vec X)ᵀ, column-major vec; the paper's T_{m,n} is K_{m,n}.",
          file=out)
    print(LEGEND + "\n", file=out)
    for it in items:
        print(it.title, file=out)
        print(f"  kronsym: {_fmt(it.derived, latex)}", file=out)
        for line in it.lines:
            print(f"  {line}", file=out)
        print(f"  => {'verified' if it.ok else 'FAILED'}\n", file=out)
    if failed:
        print(f"{len(failed)} of {len(items)} derivations FAILED: " + "; ".join(failed), file=out)
        return 1
    print(f"all {len(items)} theorems derived and verified", file=out)
    return 0
