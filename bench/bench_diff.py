"""Differentiation benchmark: kronsym vs SymPy's MatrixSymbol.diff, same run, medians.

Run by hand:  python bench/bench_diff.py [--quick]
Prints a Markdown table (paste into bench/README.md).
"""
from __future__ import annotations

import sys

import numpy as np
import sympy

import _timing  # bench/_timing.py, beside this script
import kronsym as ks


def median_time(fn, repeat=7, min_time=0.02):
    return _timing.median_time(fn, repeat, min_time, max_calls=1000)


def fmt(t):
    return f"{t * 1e3:.3g} ms" if t < 1 else f"{t:.3g} s"


def basic_rows():
    m, n, p, q = ks.dims("m n p q")
    A, B = ks.MatrixSymbol("A", m, n), ks.MatrixSymbol("B", p, q)
    X, Cm, D = ks.MatrixSymbol("X", n, n), ks.MatrixSymbol("C", p, n), ks.MatrixSymbol("D", n, p)
    sm, sn, sp, sq = sympy.symbols("m n p q", integer=True, positive=True)
    SA, SB = sympy.MatrixSymbol("A", sm, sn), sympy.MatrixSymbol("B", sp, sq)
    SX = sympy.MatrixSymbol("X", sn, sn)
    SC, SD = sympy.MatrixSymbol("C", sp, sn), sympy.MatrixSymbol("D", sn, sp)
    rows = [
        ("d(AᵀA)/dA", lambda: ks.diff(A.T @ A, A), lambda: (SA.T * SA).diff(SA)),
        ("d(A⊗B)/dA", lambda: ks.diff(ks.kron(A, B), A),
         lambda: sympy.KroneckerProduct(SA, SB).diff(SA)),
        ("d(X⁻¹)/dX", lambda: ks.diff(ks.inv(X), X), lambda: SX.inv().diff(SX)),
        ("d tr(C X D)/dX", lambda: ks.diff(ks.trace(Cm @ X @ D), X),
         lambda: sympy.Trace(SC * SX * SD).diff(SX)),
    ]
    return rows


def paper_total():
    from kronsym.paper import paper_report
    return median_time(lambda: [ks.diff(*a) for a in _paper_args()], repeat=5)


def _paper_args():
    m, n, p, q = ks.dims("m n p q")
    A, B, S = ks.MatrixSymbol("A", m, n), ks.MatrixSymbol("B", p, q), ks.MatrixSymbol("A", n, n)
    return [(A.T @ A, A), (ks.inv(S) @ S, S), (ks.inv(S), S), (ks.kron(A, B), A), (ks.kron(A, B), B)]


def chains(kmax, sympy_kmax):
    n, = ks.dims("n")
    X = ks.MatrixSymbol("X", n, n)
    As = [ks.MatrixSymbol(f"A_{i}", n, n) for i in range(kmax + 1)]
    sn = sympy.Symbol("n", integer=True, positive=True)
    SX = sympy.MatrixSymbol("X", sn, sn)
    SAs = [sympy.MatrixSymbol(f"A_{i}", sn, sn) for i in range(kmax + 1)]
    out = []
    k = 1
    while k <= kmax:
        fs = [As[0]]
        sfs = [SAs[0]]
        kf = []
        skf = []
        for i in range(1, k + 1):
            fs += [X, As[i]]
            sfs += [SX, SAs[i]]
            kf += [X, As[i]]
            skf += [SX, SAs[i]]
        F = ks.matmul(*fs)
        G = ks.kron(*kf)
        tp = median_time(lambda: ks.diff(F, X), repeat=3, min_time=0.0)
        tk = median_time(lambda: ks.diff(G, X), repeat=3, min_time=0.0)
        sp_p = sp_k = None
        if k <= sympy_kmax:
            SF = sympy.MatMul(*sfs)
            sp_p = median_time(lambda: SF.diff(SX), repeat=1, min_time=0.0)
            if k <= 8:
                SG = sympy.KroneckerProduct(*skf)
                sp_k = median_time(lambda: SG.diff(SX), repeat=1, min_time=0.0)
        out.append((k, tp, sp_p, tk, sp_k))
        k *= 2
    return out


def fit_exponent(ks_, ts):
    x = np.log(np.array(ks_, float))
    y = np.log(np.array(ts, float))
    return float(np.polyfit(x, y, 1)[0])


def main(quick=False):
    print("| derivative | kronsym | SymPy 1.14 | SymPy / kronsym |")
    print("|---|---|---|---|")
    for name, f, g in basic_rows():
        f()
        t = median_time(f)
        try:
            s = median_time(g, repeat=3)
            print(f"| {name} | {fmt(t)} | {fmt(s)} | {s / t:.0f}× |")
        except Exception as e:  # SymPy cannot do it
            print(f"| {name} | {fmt(t)} | fails: {type(e).__name__} | — |")
    print(f"\nAll paper theorems (5 derivatives) together: {fmt(paper_total())}\n")
    kmax = 16 if quick else 64
    rows = chains(kmax, 8 if quick else 16)
    print("| k | product chain kronsym | SymPy | Kronecker chain kronsym | SymPy |")
    print("|---|---|---|---|---|")
    for k, tp, sp, tk, sk in rows:
        print(f"| {k} | {fmt(tp)} | {fmt(sp) if sp else '—'} | {fmt(tk)} | {fmt(sk) if sk else '—'} |")
    big = [r for r in rows if r[0] >= 4]
    print(f"\nfitted growth exponent (k ≥ 4): product chain k^{fit_exponent([r[0] for r in big], [r[1] for r in big]):.2f}, "
          f"Kronecker chain k^{fit_exponent([r[0] for r in big], [r[3] for r in big]):.2f}")


if __name__ == "__main__":
    main(quick="--quick" in sys.argv)
