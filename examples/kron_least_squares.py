"""Least squares with a Kronecker-structured matrix, without forming A ⊗ B.

Problem: minimise ‖(A ⊗ B) x − c‖ for A m×n, B p×q, c of length mp. The
minimum-norm solution is x = (A ⊗ B)⁺ c = (A⁺ ⊗ B⁺) c, since the pseudo-inverse
of a Kronecker product is the Kronecker product of the pseudo-inverses. With
the vec trick (A⁺ ⊗ B⁺) vec C = vec(B⁺ C A⁺ᵀ), C the p×m matrix with vec C = c,
so the cost is two small pseudo-inverses and two small products.

kronsym does the bookkeeping: the expression ``kron(pinvA, pinvB) @ c`` is
lambdified to numpy, and the generated code applies the Kronecker factors to the
reshaped vector (it never forms the mp×nq matrix; the source is printed).
``ks.equals`` proves the vec-trick form equal to it. The structured route is
timed against the dense ``np.linalg.lstsq(np.kron(A, B), c)`` at a few sizes,
and the two solutions are compared (also for a rank-deficient A).

Run:  python examples/kron_least_squares.py [k1 k2 ...]
      (A and B are 2k×k; default sizes 4 8 16 24)
"""
from __future__ import annotations

import sys
import time

import numpy as np

import kronsym as ks


def build():
    m, n, p, q = ks.dims("m n p q")
    PA = ks.MatrixSymbol("pinvA", n, m)      # stands for A⁺ (n×m)
    PB = ks.MatrixSymbol("pinvB", q, p)      # stands for B⁺ (q×p)
    c = ks.MatrixSymbol("c", m * p, 1)
    expr = ks.kron(PA, PB) @ c
    C = ks.MatrixSymbol("C", p, m)
    same = ks.equals(ks.kron(PA, PB) @ ks.vec(C), ks.vec(PB @ C @ PA.T))
    f = ks.lambdify([PA, PB, c], expr)
    return expr, f, same


def best_time(fn, repeat=3):
    best = float("inf")
    for _ in range(repeat):
        t = time.perf_counter()
        out = fn()
        best = min(best, time.perf_counter() - t)
    return best, out


def main(argv=None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    sizes = [int(a) for a in argv] or [4, 8, 16, 24]
    expr, f, same = build()
    print("x =", expr)
    print("vec trick (A⁺ ⊗ B⁺) vec C = vec(B⁺ C A⁺ᵀ):", "proved" if same else "NOT proved")
    print("generated numpy code (no kron is formed):")
    print(f.source)
    ok = same and "kron(" not in f.source

    rng = np.random.default_rng(0)
    print(f"{'k':>4} {'A⊗B shape':>12} {'structured [s]':>15} {'dense lstsq [s]':>16} "
          f"{'ratio':>7} {'max |x_s - x_d|':>16}")
    for k in sizes:
        A = rng.normal(size=(2 * k, k))
        B = rng.normal(size=(2 * k, k))
        c = rng.normal(size=(4 * k * k, 1))

        def structured():
            return f(np.linalg.pinv(A), np.linalg.pinv(B), c)

        def dense():
            return np.linalg.lstsq(np.kron(A, B), c, rcond=None)[0]

        ts, xs = best_time(structured)
        td, xd = best_time(dense, repeat=1 if k > 16 else 3)
        err = np.abs(xs - xd).max()
        ok = ok and err < 1e-8 * max(1.0, np.abs(xd).max())
        print(f"{k:>4} {str((4 * k * k, k * k)):>12} {ts:>15.2e} {td:>16.2e} "
              f"{td / ts:>7.1f} {err:>16.2e}")

    # rank-deficient A: both routes give the minimum-norm least-squares solution
    A = rng.normal(size=(6, 2)) @ rng.normal(size=(2, 4))      # 6×4, rank 2
    B = rng.normal(size=(3, 2))
    c = rng.normal(size=(18, 1))
    xs = f(np.linalg.pinv(A), np.linalg.pinv(B), c)
    xd = np.linalg.lstsq(np.kron(A, B), c, rcond=None)[0]
    err = np.abs(xs - xd).max()
    ok = ok and err < 1e-8
    print(f"rank-deficient A (6×4, rank 2): max |x_s - x_d| = {err:.2e}")
    print("structured and dense solutions agree" if ok else "MISMATCH")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
