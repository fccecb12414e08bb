"""``kronsym paper``: derive and verify the theorems of the seed paper.

Owns: ``run_paper(latex=False) -> int`` and the list ``ITEMS`` of what is
checked. The paper is Wang, Yang & Sun, "Derivatives of Kronecker products
themselves based on Kronecker product and matrix calculus" (shared/seeds/000).

For each theorem kronsym derives the Jacobian by itself (``ks.diff``; nothing
is special-cased), prints it, and checks it against complex-step
differentiation at several random dimension assignments (1 and non-square
included). The paper's printed forms are then built as kronsym expressions
(or numerically, for the block form of Theorem 4.1) and compared with the
derivation: agreements are reported as such, and printed forms that are
wrong (shapes that cannot conform, a non-square inverse) are reported with
the corrected form kronsym proves. The exit code is non-zero only if one of
kronsym's own derivations fails its check.
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
    """One checked statement: a derivation (``derived``) and notes on the paper's forms."""
    title: str
    derived: object = None
    ok: bool = True
    lines: List[str] = field(default_factory=list)


def _dimsets(sym, square=False):
    m, n, p, q = sym
    out = []
    for a, b, c, d in DIMS:
        if square:
            out.append({n: b, m: b, p: c, q: d})
        else:
            out.append({m: a, n: b, p: c, q: d})
    return out


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


def _fmt(e, latex):
    from .printing.latex import latex as to_latex
    return to_latex(e) if latex else str(e)


def paper_report(latex: bool = False) -> List[Item]:
    """Derive and check every item; returns the items (no printing)."""
    import kronsym as ks
    m, n, p, q = sym = ks.dims("m n p q")
    A = ks.MatrixSymbol("A", m, n)
    B = ks.MatrixSymbol("B", p, q)
    S = ks.MatrixSymbol("A", n, n)        # Theorem 3.2 needs a square A
    T = ks.K                               # the paper writes T_{m,n} for K_{m,n}
    items: List[Item] = []

    # --- Theorem 3.1 and eqs. (5)-(9) ------------------------------------------------
    it = Item("Theorem 3.1  d vec(AᵀA) / d (vec A)ᵀ,  A m×n")
    F = A.T @ A
    J = ks.diff(F, A)
    it.derived = J
    bad = _check(F, A, J, _dimsets(sym))
    it.ok = bad is None
    it.lines.append("check: " + (bad or "verified against complex-step differentiation "
                                         "at (m,n) = (1,1), (2,3), (3,2), (4,4)"))
    eq5 = ks.kron(ks.I(n), A.T) + ks.kron(A.T, ks.I(n)) @ T(m, n)
    r = _same(J, eq5, _dimsets(sym))
    it.lines.append(f"paper eq. (5)/(7): {_fmt(eq5, latex)}  —  " +
                    ("agrees with the derivation" if r is None else f"WRONG: {r}"))
    lhs8, rhs8 = ks.kron(A.T, ks.I(n)) @ T(m, n), T(n, n) @ ks.kron(ks.I(n), A.T)
    r = _same(lhs8, rhs8, _dimsets(sym))
    it.lines.append(f"paper eq. (8): {_fmt(lhs8, latex)} = {_fmt(rhs8, latex)}  —  " +
                    ("holds" if r is None else f"FAILS: {r}"))
    try:
        ks.kron(ks.I(n), A.T) + T(m, n) @ ks.kron(ks.I(n), A.T)
        it.lines.append("paper eq. (9): shapes agree (unexpected)")
    except ks.ShapeError:
        eq9 = ks.kron(ks.I(n), A.T) + T(n, n) @ ks.kron(ks.I(n), A.T)
        r = _same(J, eq9, _dimsets(sym))
        it.lines.append("paper eq. (9): (I_n ⊗ Aᵀ) + T_{m,n}(I_n ⊗ Aᵀ) is a typo: the product "
                        "T_{m,n}(I_n ⊗ Aᵀ) does not conform unless m = n (T_{m,n} is mn×mn, "
                        "I_n ⊗ Aᵀ is n²×mn; kronsym refuses it: ShapeError). "
                        f"Corrected form, from eq. (8): {_fmt(eq9, latex)}  —  " +
                        ("agrees with the derivation" if r is None else f"WRONG: {r}"))
    vecAtA = ks.vec(F)
    r6a = _same(vecAtA, ks.kron(ks.I(n), A.T) @ ks.vec(A), _dimsets(sym))
    r6b = _same(vecAtA, ks.kron(A.T, ks.I(n)) @ ks.vec(A.T), _dimsets(sym))
    it.lines.append("paper eq. (6): vec(AᵀA) = (I_n ⊗ Aᵀ) vec A = (Aᵀ ⊗ I_n) vec Aᵀ  —  " +
                    ("holds" if r6a is None and r6b is None else f"FAILS: {r6a or r6b}"))
    items.append(it)

    # --- Theorem 3.2 ---------------------------------------------------------------------
    it = Item("Theorem 3.2  d vec(A⁻¹A) / d (vec A)ᵀ")
    try:
        ks.inv(A)
        it.lines.append("the paper's 'A is m×n' was accepted (unexpected)")
    except ks.ShapeError:
        it.lines.append("the paper states A is m×n, but A⁻¹ needs a square A (kronsym refuses "
                        "inv of an m×n symbol: ShapeError); kronsym takes A n×n")
    F = ks.inv(S) @ S
    J = ks.diff(F, S)
    it.derived = J
    bad = _check(F, S, J, _dimsets(sym, square=True))
    it.ok = bad is None
    it.lines.append("check: " + (bad or "verified (A⁻¹A = I, so the derivative is the zero matrix)"))
    Jinv = ks.diff(ks.inv(S), S)
    bad2 = _check(ks.inv(S), S, Jinv, _dimsets(sym, square=True))
    it.ok = it.ok and bad2 is None
    it.lines.append(f"dA⁻¹/dA = {_fmt(Jinv, latex)}  —  " + (bad2 or "verified"))
    eq10 = ks.kron(ks.I(n), ks.inv(S)) + ks.kron(S.T, ks.I(n)) @ Jinv
    r = _same(J, eq10, _dimsets(sym, square=True))
    it.lines.append(f"paper eq. (10) with dA⁻¹/dA substituted: {_fmt(eq10, latex)}  —  " +
                    ("agrees (it is the zero matrix)" if r is None else f"WRONG: {r}"))
    items.append(it)

    # --- Theorem 4.1 w.r.t. A and B ------------------------------------------------------
    for X, name in ((A, "A"), (B, "B")):
        it = Item(f"Theorem 4.1  d vec(A ⊗ B) / d (vec {name})ᵀ,  A m×n, B p×q")
        F = ks.kron(A, B)
        J = ks.diff(F, X)
        it.derived = J
        bad = _check(F, X, J, _dimsets(sym))
        it.ok = bad is None
        it.lines.append("check: " + (bad or "verified against complex-step differentiation at "
                                             "(m,n,p,q) = (1,1,1,1), (2,3,4,1), (3,2,2,3), (4,4,2,2)"))
        if X is A:
            r = _psi_check(J, sym)
            it.lines.append("paper's block form I_n ⊗ [Ψ_1; …; Ψ_q], Ψ_i = I_m ⊗ B_i (B_i the i-th "
                            "column of B), built entry by entry  —  " +
                            ("agrees with the derivation" if r is None else f"WRONG: {r}"))
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
    """Print the derivations and checks; return 0 if every derivation is verified.

    >>> from kronsym.paper import run_paper
    >>> import io
    >>> buf = io.StringIO()
    >>> run_paper(out=buf)
    0
    >>> "Theorem 4.1" in buf.getvalue()
    True
    """
    out = out or sys.stdout
    items = paper_report(latex)
    print("kronsym paper: Wang, Yang & Sun, \"Derivatives of Kronecker products themselves "
          "based on Kronecker product and matrix calculus\"", file=out)
    print("Layout: d vec F / d (vec X)ᵀ, column-major vec; the paper's T_{m,n} is K_{m,n}.\n",
          file=out)
    for it in items:
        print(it.title, file=out)
        print(f"  kronsym: {_fmt(it.derived, latex)}", file=out)
        for line in it.lines:
            print(f"  {line}", file=out)
        print(f"  => {'verified' if it.ok else 'FAILED'}\n", file=out)
    failed = [it.title for it in items if not it.ok]
    if failed:
        print(f"{len(failed)} of {len(items)} derivations FAILED: " + "; ".join(failed), file=out)
        return 1
    print(f"all {len(items)} theorems derived and verified", file=out)
    return 0
