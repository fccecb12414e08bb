"""kronsym.linalg benchmark: structured routes vs the dense route and scipy, same run.

Run by hand:  python bench/bench_linalg.py [--quick]
Prints one Markdown table (paste into bench/README.md). Every result is checked
equal to the alternatives (assert) before anything is timed.

"dense" is the textbook route: form the Kronecker matrix with np.kron and call
np.linalg.solve / eigvals / @ (formation included in the time). "scipy" is
the scipy.linalg routine for the same equation where one exists (for
nearest_kron: scipy.sparse.linalg.svds(R(M), k=1) instead of a full SVD).
Times are medians; ratios are "time of the route / time of kronsym.linalg"
(> 1: kronsym.linalg is faster). "peak" is the tracemalloc peak of one call
(numpy and LAPACK work arrays allocated through numpy are counted).

BLAS runs single-threaded (OPENBLAS/OMP/MKL_NUM_THREADS=1 unless already set):
on this shared 2-core machine threaded BLAS turns µs calls into ms at random,
which swamps every comparison.
"""
from __future__ import annotations

import os
import sys
from functools import reduce

for _var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import _timing  # noqa: E402  (bench/_timing.py, beside this script)
import numpy as np  # noqa: E402  (after the thread settings)
import scipy
import scipy.linalg as sla
import scipy.sparse.linalg as spla

from kronsym import linalg as kl

QUICK = "--quick" in sys.argv
RNG = np.random.default_rng(0)


def median_time(fn, repeat=3 if QUICK else 5, min_time=0.02):
    return _timing.median_time(fn, repeat, min_time)


peak_bytes = _timing.peak_bytes


def fmt_t(s):
    if s is None:
        return "—"
    return f"{s * 1e6:.0f} µs" if s < 1e-3 else (f"{s * 1e3:.3g} ms" if s < 1 else f"{s:.3g} s")


def fmt_b(b):
    if b is None:
        return "—"
    return f"{b / 1024:.0f} KiB" if b < 1 << 20 else f"{b / (1 << 20):.1f} MiB"


def well(n):
    return RNG.standard_normal((n, n)) + 2 * np.sqrt(n) * np.eye(n)


ROWS = []


def case(name, size, ours, dense=None, scipy_fn=None, check=None):
    """Check agreement, then time and measure every route."""
    ref = ours()
    for alt in (dense, scipy_fn):
        if alt is not None:
            got = alt()
            if check is not None:
                check(ref, got)
            else:
                assert np.allclose(ref, got, rtol=1e-7, atol=1e-9), (name, size)
    res = {}
    for key, fn in (("ours", ours), ("dense", dense), ("scipy", scipy_fn)):
        res[key] = (median_time(fn), peak_bytes(fn)) if fn is not None else (None, None)
    ROWS.append((name, size, res))
    t = res["ours"][0]
    ratio = lambda k: f"{res[k][0] / t:.3g}×" if res[k][0] is not None else "—"
    print(f"| {name} | {size} | {fmt_t(t)} | {fmt_t(res['dense'][0])} | {ratio('dense')} | "
          f"{fmt_t(res['scipy'][0])} | {ratio('scipy')} | {fmt_b(res['ours'][1])} | "
          f"{fmt_b(res['dense'][1])} | {fmt_b(res['scipy'][1])} |", flush=True)


def same_multiset(a, b):
    from scipy.optimize import linear_sum_assignment
    cost = np.abs(a[:, None] - b[None, :])
    i, j = linear_sum_assignment(cost)
    assert cost[i, j].max() < 1e-6 * max(1.0, np.abs(a).max())


def main():
    print(f"numpy {np.__version__}, scipy {scipy.__version__}, quick={QUICK}, "
          f"OPENBLAS_NUM_THREADS={os.environ['OPENBLAS_NUM_THREADS']}\n")
    print("| operation | size | kronsym.linalg | dense (np.kron) | dense/ours | scipy | "
          "scipy/ours | peak ours | peak dense | peak scipy |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    small, mid = (16, 32) if QUICK else (16, 32, 64), (8, 16) if QUICK else (8, 16, 32)

    for n in small:                                  # (A ⊗ B) x
        A, B, x = well(n), well(n), RNG.standard_normal(n * n)
        case("kron_matvec (A⊗B)x", f"A, B {n}×{n}", lambda: kl.kron_matvec([A, B], x),
             dense=lambda: np.kron(A, B) @ x)
    fs = [well(8) for _ in range(3)]
    x = RNG.standard_normal(512)
    case("kron_matvec (A⊗B⊗C)x", "3 × 8×8", lambda: kl.kron_matvec(fs, x),
         dense=lambda: reduce(np.kron, fs) @ x)

    for n in mid:                                    # (A ⊗ B) x = c
        A, B, c = well(n), well(n), RNG.standard_normal(n * n)
        case("kron_solve", f"A, B {n}×{n}", lambda: kl.kron_solve([A, B], c),
             dense=lambda: np.linalg.solve(np.kron(A, B), c))
    case("kron_solve", "3 × 8×8", lambda: kl.kron_solve(fs, x),
         dense=lambda: np.linalg.solve(reduce(np.kron, fs), x))

    for n in mid + ((64,) if QUICK else (64, 128)):  # A X + X B = C
        A, B, C = well(n), well(n), RNG.standard_normal((n, n))
        case("sylvester", f"{n}×{n}", lambda: kl.sylvester(A, B, C),
             dense=(lambda: kl.sylvester_kron(A, B, C)) if n <= 32 else None,
             scipy_fn=lambda: sla.solve_sylvester(A, B, C))

    for n in mid + ((64,) if QUICK else (64, 128)):  # Lyapunov, continuous and discrete
        M = RNG.standard_normal((n, n))
        Ac = M - (np.abs(np.linalg.eigvals(M).real).max() + 1) * np.eye(n)
        Ad = 0.9 * M / np.abs(np.linalg.eigvals(M)).max()
        Q, I = RNG.standard_normal((n, n)), np.eye(n)
        vq = Q.reshape(-1, order="F")
        case("lyapunov", f"{n}×{n}", lambda: kl.lyapunov(Ac, Q),
             dense=(lambda: np.linalg.solve(np.kron(I, Ac) + np.kron(Ac, I), vq)
                    .reshape(n, n, order="F")) if n <= 32 else None,
             scipy_fn=lambda: sla.solve_continuous_lyapunov(Ac, Q))
        case("discrete_lyapunov", f"{n}×{n}", lambda: kl.discrete_lyapunov(Ad, Q),
             dense=(lambda: np.linalg.solve(np.kron(Ad, Ad) - np.eye(n * n), -vq)
                    .reshape(n, n, order="F")) if n <= 32 else None,
             scipy_fn=lambda: sla.solve_discrete_lyapunov(Ad, Q))

    for n in mid + ((32,) if QUICK else ()):         # (A ⊕ B) x = c
        A, B, c = well(n), well(n), RNG.standard_normal(n * n)
        case("kron_sum_solve", f"A, B {n}×{n}", lambda: kl.kron_sum_solve(A, B, c),
             dense=lambda: np.linalg.solve(np.kron(A, np.eye(n)) + np.kron(np.eye(n), B), c))

    for n in mid:                                    # eigenvalues of A ⊗ B, A ⊕ B
        A, B = RNG.standard_normal((n, n)), RNG.standard_normal((n, n))
        case("kron_eig", f"A, B {n}×{n}", lambda: kl.kron_eig(A, B),
             dense=lambda: np.linalg.eigvals(np.kron(A, B)), check=same_multiset)
        case("kron_sum_eig", f"A, B {n}×{n}", lambda: kl.kron_sum_eig(A, B),
             dense=lambda: np.linalg.eigvals(np.kron(A, np.eye(n)) + np.kron(np.eye(n), B)),
             check=same_multiset)

    def kron_of_fit(fit):
        return np.kron(fit[0], fit[1])

    for n in mid + (32,):                            # nearest Kronecker product
        M = np.kron(RNG.standard_normal((n, n)), RNG.standard_normal((n, n)))
        M += 1e-3 * RNG.standard_normal(M.shape)

        def svds_route(M=M, n=n):
            u, s, vh = spla.svds(kl.rearrange(M, n, n, n, n), k=1)
            return (u[:, 0] * s[0]).reshape(n, n, order="F"), vh[0].reshape(n, n, order="F")

        case("nearest_kron (auto)", f"A, B {n}×{n}",
             lambda: kl.nearest_kron(M, (n, n), (n, n)),
             dense=lambda: kl.nearest_kron(M, (n, n), (n, n), method="svd"),
             scipy_fn=svds_route,
             check=lambda a, b: np.testing.assert_allclose(kron_of_fit(a), kron_of_fit(b),
                                                           atol=1e-8))
    print("\nnearest_kron: there is no np.kron route; the dense column is the full SVD of "
          "R(M) (method='svd'), the scipy column a bare scipy.sparse.linalg.svds(R(M), k=1) "
          "without the residual. 'auto' uses svds once min(R.shape) >= 100.")

if __name__ == "__main__":
    main()
