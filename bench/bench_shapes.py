"""Issue #18 part A targets: the sparse Jacobian of A⊗B at N = 32 against a hand-built CSC
matrix (≤ 2×), and the per-call overhead of a lambdified function at N = 4 against the
bare numpy call (≤ 20 µs), with the 1-D argument path and the standalone source beside it.

Run by hand:  python bench/bench_shapes.py
Each pair is timed interleaved (A B A B ..., rounds of ≥ 20 ms each) so that load on the
shared machine hits both sides alike; medians of the rounds are printed as Markdown.
Every result is checked equal to its reference before anything is timed.
"""
from __future__ import annotations

import statistics
import sys
import time

import numpy as np
import scipy.sparse as sp

import kronsym as ks

RNG = np.random.default_rng(0)


def _round(fn, min_time=0.02, max_calls=20000):
    n, t0 = 0, time.perf_counter()
    while True:
        fn()
        n += 1
        el = time.perf_counter() - t0
        if el > min_time or n >= max_calls:
            return el / n


def paired(fns, rounds=15):
    """Median time per call of each function, the rounds interleaved."""
    for fn in fns:
        fn()
    times = [[] for _ in fns]
    for _ in range(rounds):
        for k, fn in enumerate(fns):
            times[k].append(_round(fn))
    return [statistics.median(t) for t in times]


def fmt(t):
    return f"{t * 1e6:.3g} µs" if t < 1e-3 else f"{t * 1e3:.3g} ms"


def hand_csc(a, b):
    """d vec(A⊗B)/d vec A built from the structure: column i + j m holds vec B at rows
    (i p + k) + (j q + l) m p (the same function as bench_lambdify.py)."""
    m, n = a.shape
    p, q = b.shape
    c = np.arange(m * n)
    i, j = c % m, c // m
    k, l_ = np.arange(p), np.arange(q)
    rows = (i[:, None, None] * p + k[None, None, :]) + \
        (j[:, None, None] * q + l_[None, :, None]) * (m * p)
    data = np.tile(b.ravel(order="F"), m * n)
    indptr = np.arange(m * n + 1) * (p * q)
    return sp.csc_matrix((data, rows.ravel(), indptr), shape=(m * p * n * q, m * n))


def sparse_case(N=32):
    m, n, p, q = ks.dims("m n p q")
    A, B = ks.MatrixSymbol("A", m, n), ks.MatrixSymbol("B", p, q)
    f = ks.lambdify([A, B], ks.diff(ks.kron(A, B), A), form="sparse")
    a, b = RNG.standard_normal((N, N)), RNG.standard_normal((N, N))
    S, H = f(a, b), hand_csc(a, b)
    assert S.shape == H.shape and S.nnz == H.nnz == N ** 4 and abs(S - H).max() == 0
    tk, th = paired([lambda: f(a, b), lambda: hand_csc(a, b)])
    print(f"\n### Sparse Jacobian d vec(A⊗B) / d vec A at N = {N} ({N**4}×{N**2}, {N**4} nonzeros)\n")
    print("| method | median | × hand CSC |\n|---|---|---|")
    print(f"| kronsym `lambdify(form=\"sparse\")` | {fmt(tk)} | {tk / th:.2f} |")
    print(f"| hand-built CSC (index arrays from the structure) | {fmt(th)} | 1 |")
    return tk / th


def overhead_case(N=4):
    m, n, p, q = ks.dims("m n p q")
    A, B = ks.MatrixSymbol("A", m, n), ks.MatrixSymbol("B", p, q)
    x = ks.MatrixSymbol("x", n * q, 1)
    expr = ks.kron(A, B) @ x
    f = ks.lambdify([A, B, x], expr)
    ns: dict = {}
    exec(compile(ks.codegen([A, B, x], expr, standalone=True), "<standalone>", "exec"), ns)
    g = ns["f"]
    a, b = RNG.standard_normal((N, N)), RNG.standard_normal((N, N))
    v = RNG.standard_normal(N * N)
    v2 = v.reshape(-1, 1)

    def bare(a, b, v):                    # the vec trick in numpy, no checks: the floor
        return (a @ v.reshape(a.shape[1], b.shape[1]) @ b.T).reshape(-1)

    ref = np.kron(a, b) @ v
    for out in (f(a, b, v), g(a, b, v), bare(a, b, v)):
        assert out.shape == (N * N,) and np.allclose(out, ref)
    assert f(a, b, v2).shape == (N * N, 1)
    tf, tf2, tg, tb, tk = paired([lambda: f(a, b, v), lambda: f(a, b, v2), lambda: g(a, b, v),
                                  lambda: bare(a, b, v), lambda: np.kron(a, b) @ v])
    rows = [("kronsym lambdify (numpy), v 1-D", tf), ("kronsym lambdify (numpy), v (n, 1)", tf2),
            ("standalone source (`codegen(..., standalone=True)`), v 1-D", tg),
            ("bare numpy vec trick (no checks)", tb), ("numpy `np.kron(A, B) @ v`", tk)]
    anchor = None
    try:
        import jax
        import jax.numpy as jnp
        jax.config.update("jax_enable_x64", True)
        hj = jax.jit(lambda a, b, v: jnp.kron(a, b) @ v)
        xa, xb, xv = jnp.asarray(a), jnp.asarray(b), jnp.asarray(v)
        assert np.allclose(np.asarray(hj(xa, xb, xv)), ref)
        anchor = paired([lambda: hj(xa, xb, xv).block_until_ready()])[0]
        rows.append(("jax.jit `jnp.kron(A, B) @ v` (anchor)", anchor))
    except ImportError:
        pass
    print(f"\n### Per-call overhead at N = {N}: (A ⊗ B) v\n")
    print("| method | median | overhead over the bare call |\n|---|---|---|")
    for name, t in rows:
        print(f"| {name} | {fmt(t)} | {fmt(t - tb) if t is not tb else '—'} |")
    return tf - tb, tg - tb


def main():
    t0 = time.perf_counter()
    print(f"numpy {np.__version__}; python {sys.version.split()[0]}")
    ratio = sparse_case()
    over, over_sa = overhead_case()
    print(f"\nsparse ratio {ratio:.2f} (target ≤ 2); per-call overhead {over * 1e6:.1f} µs "
          f"(standalone {over_sa * 1e6:.1f} µs; target ≤ 20 µs); run {time.perf_counter() - t0:.0f} s")


if __name__ == "__main__":
    main()
