"""The expm Jacobian-vector product: kronsym vs scipy.linalg.expm_frechet vs jax.jvp.

Run by hand:  python bench/bench_matfuncs.py [--quick]

kronsym derives J = d vec e^X / d (vec X)ᵀ = ``expm_jacobian(X)`` (an n²×n² node) and
lambdifies J vec E; the lowering applies J as a Fréchet derivative
(scipy.linalg.expm_frechet per column of the block), never forming the n²×n² matrix (at
n = 256 it would hold 65536² doubles, 34 GB). Timed in the same run against
``scipy.linalg.expm_frechet(X, E, compute_expm=False)`` called by hand and against
``jax.jit(lambda x, e: jax.jvp(jax.scipy.linalg.expm, (x,), (e,))[1])`` (float64), and
kronsym's jax backend under ``jax.jit``; nine interleaved rounds (each candidate once per
round, ≥ 0.1 s of calls), the median of the rounds reported. Every result is checked equal to scipy's (1e-10
relative) before anything is timed. Ratios are "time of the row / time of kronsym numpy"
(> 1: kronsym is faster). Prints a Markdown table for bench/README.md.
"""
from __future__ import annotations

import os
import statistics
import sys

import _timing  # noqa: E402  (bench/_timing.py, beside this script)
import numpy as np
import scipy.linalg as sl

import jax
import jax.numpy as jnp
import jax.scipy.linalg as jsl

import kronsym as ks

jax.config.update("jax_enable_x64", True)
median_time = _timing.median_time


fmt_t = _timing.fmt_t


def _check(name, got, want):
    got = np.asarray(got).reshape(want.shape)
    err = float(np.max(np.abs(got - want))) / max(1.0, float(np.max(np.abs(want))))
    assert err < 1e-10, f"{name}: relative error {err:.3g}"
    return err


def main(quick: bool = False) -> None:
    sizes = (16, 64) if quick else (64, 256)
    n = ks.dims("n")[0]
    X = ks.MatrixSymbol("X", n, n)
    E = ks.MatrixSymbol("E", n, n)
    J = ks.diff(ks.expm(X), X)
    jvp_expr = ks.unvec(J @ ks.vec(E), n, n)
    print(f"J = {J};  JVP: {jvp_expr}\n")
    f_np = ks.lambdify([X, E], jvp_expr)
    f_jx = jax.jit(ks.lambdify([X, E], jvp_expr, backend="jax"))
    jax_jvp = jax.jit(lambda x, e: jax.jvp(jsl.expm, (x,), (e,))[1])
    rows = []
    for k in sizes:
        rng = np.random.default_rng(k)
        x = rng.standard_normal((k, k)) / np.sqrt(k)
        e = rng.standard_normal((k, k))
        want = sl.expm_frechet(x, e, compute_expm=False)
        xj, ej = jnp.asarray(x), jnp.asarray(e)
        cands = {
            "kronsym (numpy backend)": lambda: f_np(x, e),
            "scipy.linalg.expm_frechet by hand": lambda: sl.expm_frechet(x, e, compute_expm=False),
            "jax.jit(jax.jvp(jax.scipy.linalg.expm))": lambda: jax_jvp(xj, ej).block_until_ready(),
            "kronsym (jax backend, jax.jit)": lambda: f_jx(xj, ej).block_until_ready(),
        }
        errs = {name: _check(name, fn(), want) for name, fn in cands.items()}   # also warms jit
        # interleaved rounds (A B C D A B C D ...): a shared machine's load hits all alike
        rounds: dict = {name: [] for name in cands}
        for _ in range(9):
            for name, fn in cands.items():
                rounds[name].append(median_time(fn, repeat=1, min_time=0.1))
        times = {name: statistics.median(ts) for name, ts in rounds.items()}
        base = times["kronsym (numpy backend)"]
        for name in cands:
            rows.append((k, name, times[name], times[name] / base, errs[name]))
    threads = os.environ.get("OPENBLAS_NUM_THREADS", "default")
    print(f"| n | implementation | median time | ratio (row / kronsym numpy) | rel. error vs scipy |")
    print("|---|---|---|---|---|")
    for k, name, t, r, err in rows:
        print(f"| {k} | {name} | {fmt_t(t)} | {r:.2f} | {err:.1e} |")
    print(f"\n(BLAS threads: {threads}; jax {jax.__version__}, scipy {sl.__name__} "
          f"{__import__('scipy').__version__}, numpy {np.__version__})")


if __name__ == "__main__":
    main(quick="--quick" in sys.argv)
