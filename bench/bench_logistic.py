"""Logistic regression: loss, gradient and Hessian from kronsym vs hand numpy and jax.

Run by hand:  python bench/bench_logistic.py [--quick]

The loss is ``f(w) = sum(softplus(X w)) - yᵀ X w`` with X m×n, derived symbolically by
kronsym (``ks.grad``, ``ks.hessian``), simplified, and exported with ``ks.lambdify``. It
is timed against hand-written numpy (the textbook Xᵀ(σ − y) and Xᵀ diag(σ(1 − σ)) X) and
against ``jax.jit(jax.grad)`` / ``jax.jit(jax.hessian)`` in the same run, at
(m, n) = (2048, 256) unless ``--quick``. Every result is checked equal to the hand
numpy result before anything is timed. Ratios are "time of the row / time of kronsym"
(> 1: kronsym is faster). Prints a Markdown table for bench/README.md.
"""
from __future__ import annotations

import sys

import _timing  # noqa: E402  (bench/_timing.py, beside this script)
import numpy as np

import jax
import jax.numpy as jnp

import kronsym as ks

jax.config.update("jax_enable_x64", True)
median_time = _timing.median_time


fmt_t = _timing.fmt_t


def main(quick: bool = False) -> None:
    m_, n_ = (256, 32) if quick else (2048, 256)
    rng = np.random.default_rng(0)
    Xv = rng.standard_normal((m_, n_)) / np.sqrt(n_)
    yv = (rng.random((m_, 1)) < 0.5).astype(float)
    wv = rng.standard_normal((n_, 1))

    m, n = ks.dims("m n")
    X = ks.MatrixSymbol("X", m, n)
    y = ks.MatrixSymbol("y", m, 1)
    w = ks.MatrixSymbol("w", n, 1)
    f = ks.sum(ks.softplus(X @ w)) - y.T @ X @ w
    g = ks.simplify(ks.grad(f, w))
    H = ks.simplify(ks.hessian(f, w))
    print(f"gradient: {g}\nHessian:  {H}\n")
    kf = ks.lambdify([X, y, w], f)
    kg = ks.lambdify([X, y, w], g)
    kH = ks.lambdify([X, y, w], H)

    def sig(z):
        return 0.5 * (1.0 + np.tanh(0.5 * z))

    def nf(X, y, w):
        z = X @ w
        return np.logaddexp(0.0, z).sum() - (y.T @ z).item()

    def ng(X, y, w):
        return X.T @ (sig(X @ w) - y)

    def nH(X, y, w):
        s = sig(X @ w)
        return X.T @ ((s * (1.0 - s)) * X)

    def jf(X, y, w):
        z = X @ w
        return jnp.sum(jnp.logaddexp(0.0, z)) - jnp.sum(y * z)

    jg = jax.jit(jax.grad(jf, argnums=2))
    jH = jax.jit(jax.hessian(jf, argnums=2))
    jfj = jax.jit(jf)
    Xj, yj, wj = jnp.asarray(Xv), jnp.asarray(yv), jnp.asarray(wv)

    ref = (nf(Xv, yv, wv), ng(Xv, yv, wv), nH(Xv, yv, wv))
    np.testing.assert_allclose(np.asarray(kf(Xv, yv, wv)).reshape(()), ref[0], rtol=1e-10)
    np.testing.assert_allclose(np.asarray(kg(Xv, yv, wv)).reshape(ref[1].shape), ref[1],
                               rtol=1e-9, atol=1e-12)
    np.testing.assert_allclose(np.asarray(kH(Xv, yv, wv)).reshape(ref[2].shape), ref[2],
                               rtol=1e-9, atol=1e-12)
    np.testing.assert_allclose(np.asarray(jH(Xj, yj, wj)).reshape(ref[2].shape), ref[2],
                               rtol=1e-9, atol=1e-12)

    rows = []
    for what, k, hand, jx in (
            ("loss", lambda: kf(Xv, yv, wv), lambda: nf(Xv, yv, wv),
             lambda: jax.block_until_ready(jfj(Xj, yj, wj))),
            ("gradient", lambda: kg(Xv, yv, wv), lambda: ng(Xv, yv, wv),
             lambda: jax.block_until_ready(jg(Xj, yj, wj))),
            ("Hessian", lambda: kH(Xv, yv, wv), lambda: nH(Xv, yv, wv),
             lambda: jax.block_until_ready(jH(Xj, yj, wj)))):
        jx()  # compile outside the timing
        tk, th, tj = median_time(k), median_time(hand), median_time(jx)
        rows.append((what, tk, th, tj))
    print(f"## Logistic regression, (m, n) = ({m_}, {n_}), float64\n")
    print("| output | kronsym | hand numpy | jax.jit | numpy / kronsym | jax / kronsym |")
    print("|---|---|---|---|---|---|")
    for what, tk, th, tj in rows:
        print(f"| {what} | {fmt_t(tk)} | {fmt_t(th)} | {fmt_t(tj)} | {th / tk:.2f} | "
              f"{tj / tk:.2f} |")


if __name__ == "__main__":
    main(quick="--quick" in sys.argv)
