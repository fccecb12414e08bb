"""ks.grad on textbook gradients, with SymPy 1.x's matrix derivative on the same inputs
(the ones SymPy's MatrixExpr.diff handles), and the whole corpus. Medians, the simplify
memo cleared before each run. Run by hand: PYTHONPATH=. python bench/bench_textbook.py"""
from __future__ import annotations

import pathlib
import sys

import sympy as sp

import _timing  # noqa: E402  (bench/_timing.py, beside this script)
import kronsym as ks

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent.parent / "tests" / "rules"))
from textbook_corpus import CORPUS, compute  # noqa: E402


med = _timing.cold_median_time


def main() -> None:
    m, n = ks.dims("m n")
    X, A = ks.MatrixSymbol("X", m, n), ks.MatrixSymbol("A", n, m)
    Xs, B = ks.MatrixSymbol("X", n, n), ks.MatrixSymbol("B", m, m)
    sm, sn = sp.symbols("m n", integer=True, positive=True)
    SX, SA = sp.MatrixSymbol("X", sm, sn), sp.MatrixSymbol("A", sn, sm)
    SXs, SB = sp.MatrixSymbol("X", sn, sn), sp.MatrixSymbol("B", sm, sm)
    cases = [
        ("tr(AX)", lambda: ks.grad(ks.trace(A @ X), X), lambda: sp.Trace(SA * SX).diff(SX)),
        ("tr(XᵀBX)", lambda: ks.grad(ks.trace(X.T @ B @ X), X),
         lambda: sp.Trace(SX.T * SB * SX).diff(SX)),
        ("log det X", lambda: ks.grad(ks.logdet(Xs), Xs), lambda: sp.log(sp.Determinant(SXs)).diff(SXs)),
        ("log det(XᵀX)", lambda: ks.grad(ks.logdet(X.T @ X), X),
         lambda: sp.log(sp.Determinant(SX.T * SX)).diff(SX)),
        ("tr(X⁻¹)", lambda: ks.grad(ks.trace(ks.inv(Xs)), Xs), lambda: sp.Trace(SXs.I).diff(SXs)),
    ]
    print("| gradient | kronsym ks.grad | SymPy .diff | SymPy / kronsym | kronsym result | SymPy result |")
    print("|---|---|---|---|---|---|")
    for name, k, s in cases:
        tk, ts = med(k), med(s)
        print(f"| {name} | {tk * 1e3:.2f} ms | {ts * 1e3:.2f} ms | {ts / tk:.1f}× | `{k()}` | `{s()}` |")
    t = med(lambda: [compute(op, f, V) for _, op, f, V, _ in CORPUS], 3)
    print(f"\nthe whole corpus ({len(CORPUS)} results, ks.grad/diff/hessian then ks.simplify): "
          f"{t * 1e3:.0f} ms")


if __name__ == "__main__":
    main()
