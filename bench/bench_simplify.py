"""Simplifier and prover benchmark: medians of simplify on derivatives and of
prove on every seed identity. Run by hand: python bench/bench_simplify.py"""
from __future__ import annotations


import _timing  # noqa: E402  (bench/_timing.py, beside this script)
import kronsym as ks


med = _timing.cold_median_time


def main():
    m, n, p, q = ks.dims("m n p q")
    A, B = ks.MatrixSymbol("A", m, n), ks.MatrixSymbol("B", p, q)
    X, C = ks.MatrixSymbol("X", n, n), ks.MatrixSymbol("C", n, n)
    Xs = [ks.MatrixSymbol(f"A_{i}", n, n) for i in range(40)]
    chain = ks.matmul(*[f for i in range(1, 17) for f in (X, Xs[i])])
    kchain = ks.kron(*[f for i in range(1, 9) for f in (X, Xs[i])])
    derivs = {
        "d(AᵀA)/dA": ks.diff(A.T @ A, A),
        "d(A⊗B)/dA": ks.diff(ks.kron(A, B), A),
        "d(A⁻¹A)/dA": ks.diff(ks.inv(X) @ X, X),
        "d tr(XᵀCX)/dX": ks.diff(ks.trace(X.T @ C @ X), X),
        "hessian log det X": ks.hessian(ks.logdet(X), X),
        "product chain k=16": ks.diff(chain, X),
        "Kronecker chain k=8": ks.diff(kchain, X),
    }
    print("| simplify of | median | nodes |")
    print("|---|---|---|")
    from kronsym.traverse import count_nodes
    worst = 0.0
    for name, J in derivs.items():
        t = med(lambda: ks.simplify(J))
        worst = max(worst, t)
        print(f"| {name} | {t * 1e3:.2f} ms | {count_nodes(J)} |")
    from kronsym.seeds import catalogue
    print("\n| prove (seed identity) | verdict | median |")
    print("|---|---|---|")
    for it in catalogue():
        try:
            lhs, rhs = it.build()
        except ks.ShapeError:
            continue
        def run():
            try:
                return ks.prove(lhs, rhs)
            except ks.ShapeError:
                return "shapes"
        r = run()
        t = med(run, 3)
        worst = max(worst, t)
        v = r if isinstance(r, str) else (r.method if r.holds else "false")
        print(f"| {it.where}: {it.text} | {v} | {t * 1e3:.1f} ms |")
    print(f"\nslowest case: {worst * 1e3:.1f} ms")


if __name__ == "__main__":
    main()
