"""Numeric export (issue 18): several outputs, HVPs, Hessians vs hand numpy, jax, torch.func.

Run by hand:  python bench/bench_export.py [--quick] [--threads N]

``--threads N`` (default 1) sets OPENBLAS/OMP/MKL threads for numpy and torch and, for
N = 1, XLA's CPU to one thread (``--xla_cpu_multi_thread_eigen=false
intra_op_parallelism_threads=1``), before any of them is imported: every side of every
ratio runs with the same threads. Logistic regression f(w) = 1ᵀ softplus(Xw) − yᵀXw at
(m, n) = (2048, 256) (``--quick``: (256, 32)), float64:

* f, ∇f, H from one ``ks.lambdify(args, [f, g, H])`` vs the three separate functions;
* H with the numpy backend vs hand numpy Xᵀ(d ∘ X); with the jax backend under jax.jit
  vs ``jax.jit(jax.hessian)``; torch.func.hessian as a further anchor;
* the HVP ``ks.hessian(f, w) @ v`` (not simplified) vs hand numpy Xᵀ(d ∘ (X v)) and
  jax's jitted jvp-of-grad;
* the quadratic form xᵀAx at n = 2048: kronsym's Hessian program (printed: A + Aᵀ) vs
  hand ``A + A.T`` and ``jax.jit(jax.hessian)``.

Every result is checked against hand numpy before it is timed. Times are medians
(bench/_timing.py); a ratio is "kronsym / anchor" (< 1: kronsym faster). The load
average is printed before and after.
"""
from __future__ import annotations

import os
import sys


def _threads() -> int:
    if "--threads" in sys.argv:
        return int(sys.argv[sys.argv.index("--threads") + 1])
    return 1


_T = _threads()
for _k in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[_k] = str(_T)
if _T == 1:
    os.environ["XLA_FLAGS"] = (os.environ.get("XLA_FLAGS", "") + " --xla_cpu_multi_thread_eigen=false"
                               " intra_op_parallelism_threads=1").strip()

import _timing  # noqa: E402  (bench/_timing.py, beside this script)
import numpy as np  # noqa: E402

import jax  # noqa: E402
import jax.numpy as jnp  # noqa: E402

import kronsym as ks  # noqa: E402

jax.config.update("jax_enable_x64", True)
median_time = _timing.median_time


def pair(fk, fa, rounds=7):
    """Medians of kronsym's and the anchor's time, measured alternately (k a k a ...) so
    that a change in the machine's load hits both sides alike."""
    import statistics
    tk, ta = [], []
    for _ in range(rounds):
        tk.append(median_time(fk, repeat=1, min_time=0.05))
        ta.append(median_time(fa, repeat=1, min_time=0.05))
    return statistics.median(tk), statistics.median(ta)


fmt_t = _timing.fmt_t


def _sig(z):
    return 0.5 * (1.0 + np.tanh(0.5 * z))


def _check(a, b, what):
    np.testing.assert_allclose(np.asarray(a).reshape(np.shape(b)), b, rtol=1e-9, atol=1e-10,
                               err_msg=what)


def logistic(m_, n_, rows, torch_anchor=True):
    rng = np.random.default_rng(0)
    Xv = rng.standard_normal((m_, n_)) / np.sqrt(n_)
    yv = (rng.random((m_, 1)) < 0.5).astype(float)
    wv, vv = rng.standard_normal((n_, 1)), rng.standard_normal((n_, 1))
    m, n = ks.dims("m n")
    X, y = ks.MatrixSymbol("X", m, n), ks.MatrixSymbol("y", m, 1)
    w, v = ks.MatrixSymbol("w", n, 1), ks.MatrixSymbol("v", n, 1)
    f = ks.sum(ks.softplus(X @ w)) - y.T @ X @ w
    g, H = ks.simplify(ks.grad(f, w)), ks.simplify(ks.hessian(f, w))
    kf, kg, kH = (ks.lambdify([X, y, w], e) for e in (f, g, H))
    kfgh = ks.lambdify([X, y, w], [f, g, H])
    kHv = ks.lambdify([X, y, w, v], ks.hessian(f, w) @ v)      # raw Hessian: never formed
    jH = jax.jit(ks.lambdify([X, y, w], H, backend="jax"))

    def nH(X, y, w):
        s = _sig(X @ w)
        return X.T @ ((s * (1.0 - s)) * X)

    def nHv(X, y, w, v):
        s = _sig(X @ w)
        return X.T @ ((s * (1.0 - s)) * (X @ v))

    def jf(X, y, w):
        z = X @ w
        return jnp.sum(jnp.logaddexp(0.0, z)) - jnp.sum(y * z)

    jaxH = jax.jit(jax.hessian(jf, argnums=2))
    jaxHv = jax.jit(lambda X, y, w, v: jax.jvp(lambda u: jax.grad(jf, argnums=2)(X, y, u),
                                               (w,), (v,))[1])
    Xj, yj, wj, vj = (jnp.asarray(a) for a in (Xv, yv, wv, vv))
    a3, a4 = (Xv, yv, wv), (Xv, yv, wv, vv)
    ref = nH(*a3)
    _check(kH(*a3), ref, "kronsym H")
    _check(kfgh(*a3)[2], ref, "kronsym [f, g, H]")
    _check(jH(Xj, yj, wj), ref, "kronsym jax H")
    _check(jaxH(Xj, yj, wj), ref, "jax.hessian")
    _check(kHv(*a4), nHv(*a4), "kronsym HVP")
    _check(jaxHv(Xj, yj, wj, vj), nHv(*a4), "jax HVP")
    tog, sep = pair(lambda: kfgh(*a3), lambda: (kf(*a3), kg(*a3), kH(*a3)))
    rows.append(("f, ∇f, H in one function", tog, "the three separate kronsym functions", sep))
    tk, th = pair(lambda: kH(*a3), lambda: nH(*a3))
    rows.append(("Hessian, numpy backend", tk, "hand numpy Xᵀ(d∘X)", th))
    jax.block_until_ready(jH(Xj, yj, wj))
    tkj, tjx = pair(lambda: jax.block_until_ready(jH(Xj, yj, wj)),
                    lambda: jax.block_until_ready(jaxH(Xj, yj, wj)))
    rows.append(("Hessian, jax backend under jit", tkj, "jax.jit(jax.hessian)", tjx))
    if torch_anchor:
        import torch
        Xt, yt, wt = (torch.tensor(a) for a in a3)

        def tf(u):
            z = Xt @ u
            return torch.logaddexp(z, torch.zeros(())).sum() - (yt * z).sum()
        th_t = torch.func.hessian(tf)
        _check(th_t(wt).reshape(n_, n_).numpy(), ref, "torch.func.hessian")
        rows.append(("Hessian, numpy backend", tk, "torch.func.hessian",
                     median_time(lambda: th_t(wt), repeat=3, min_time=0.0)))
    tkv, thv = pair(lambda: kHv(*a4), lambda: nHv(*a4))
    rows.append(("HVP H v (H never formed)", tkv, "hand numpy Xᵀ(d∘(Xv))", thv))
    jaxHv(Xj, yj, wj, vj)
    tkv, tjv = pair(lambda: kHv(*a4), lambda: jax.block_until_ready(jaxHv(Xj, yj, wj, vj)))
    rows.append(("HVP H v (H never formed)", tkv, "jax.jit(jvp of grad)", tjv))


def quadratic(n_, rows):
    n, = ks.dims("n")
    A, x = ks.MatrixSymbol("A", n, n), ks.MatrixSymbol("x", n, 1)
    H = ks.hessian(x.T @ A @ x, x)
    kH = ks.lambdify([A, x], H)
    print(f"xᵀAx: Hessian {H}; program {kH.program.ops()}")
    rng = np.random.default_rng(1)
    Av, xv = rng.standard_normal((n_, n_)), rng.standard_normal((n_, 1))
    jq = jax.jit(jax.hessian(lambda A, x: (x.T @ A @ x)[0, 0], argnums=1))
    Aj, xj = jnp.asarray(Av), jnp.asarray(xv)
    _check(kH(Av, xv), Av + Av.T, "kronsym xᵀAx")
    _check(np.asarray(jq(Aj, xj)).reshape(n_, n_), Av + Av.T, "jax xᵀAx")
    tk, ta = pair(lambda: kH(Av, xv), lambda: Av + Av.T)
    rows.append((f"xᵀAx Hessian (n = {n_})", tk, "hand numpy A + A.T", ta))
    tk, ta = pair(lambda: kH(Av, xv), lambda: jax.block_until_ready(jq(Aj, xj)), rounds=3)
    rows.append((f"xᵀAx Hessian (n = {n_})", tk, "jax.jit(jax.hessian)", ta))


def main() -> None:
    quick = "--quick" in sys.argv
    m_, n_ = (256, 32) if quick else (2048, 256)
    print(f"threads {_T}; load average before: {os.getloadavg()}")
    rows: list = []
    logistic(m_, n_, rows, torch_anchor=not quick)
    quadratic(256 if quick else 2048, rows)
    print(f"load average after: {os.getloadavg()}\n")
    print(f"## Numeric export, logistic regression at (m, n) = ({m_}, {n_}), float64, "
          f"{_T} thread(s)\n")
    print("| kronsym | time | anchor | anchor's time | kronsym / anchor |")
    print("|---|---|---|---|---|")
    for what, tk, anchor, ta in rows:
        print(f"| {what} | {fmt_t(tk)} | {anchor} | {fmt_t(ta)} | {tk / ta:.2f} |")


if __name__ == "__main__":
    main()
