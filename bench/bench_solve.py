"""Inverses lowered to solves: the gradient of f(X) = tr(A X⁻¹ B) in X.

Run by hand:  python bench/bench_solve.py [--quick]

kronsym derives ∇f = −X⁻ᵀAᵀBᵀX⁻ᵀ and lowers it with one LU factorization of X and two
triangular solves (``lu_factor`` / ``lu_solve``, kronsym/codegen/lower_solve.py), never
forming X⁻¹. Timed in the same run against hand numpy with the explicit inverse
(``Xi = inv(X); -Xi.T @ A.T @ B.T @ Xi.T``), hand scipy with one LU
(``lu_factor`` + two ``lu_solve``), and ``jax.jit(jax.grad(f))`` (jax's own inverse-free
VJP of ``jnp.linalg.solve``). A is p×n, B n×p, X n×n well conditioned. Every result is
checked against the hand numpy one first. Ratios: time of the row / time of kronsym
(> 1: kronsym is faster). Prints a Markdown table for bench/README.md.
"""
from __future__ import annotations

import sys

import _timing  # noqa: E402  (bench/_timing.py, beside this script)
import numpy as np
import scipy.linalg

import jax
import jax.numpy as jnp

import kronsym as ks

jax.config.update("jax_enable_x64", True)


fmt_t = _timing.fmt_t


def main(quick: bool = False) -> None:
    n, p = ks.dims("n p")
    A, X, B = ks.MatrixSymbol("A", p, n), ks.MatrixSymbol("X", n, n), ks.MatrixSymbol("B", n, p)
    g = ks.grad(ks.trace(A @ ks.inv(X) @ B), X)
    kg = ks.lambdify([A, X, B], g)
    print(f"gradient: {g}\n")

    def hand_inv(a, x, b):
        xi = np.linalg.inv(x)
        return -xi.T @ a.T @ b.T @ xi.T

    def hand_lu(a, x, b):
        lu = scipy.linalg.lu_factor(x)
        left = scipy.linalg.lu_solve(lu, a.T @ b.T, trans=1)          # X⁻ᵀ Aᵀ Bᵀ
        return -scipy.linalg.lu_solve(lu, left.T, trans=0).T          # (...) X⁻ᵀ

    jf = jax.jit(jax.grad(lambda x, a, b: jnp.trace(a @ jnp.linalg.solve(x, b))))
    rows = []
    for n_ in ((64, 256) if quick else (64, 256, 1024)):
        p_ = 16
        rng = np.random.default_rng(0)
        a, b = rng.standard_normal((p_, n_)), rng.standard_normal((n_, p_))
        x = rng.standard_normal((n_, n_)) + n_ ** 0.5 * 2 * np.eye(n_)
        want = hand_inv(a, x, b)
        for fn in (kg(a, x, b), hand_lu(a, x, b), np.asarray(jf(x, a, b))):
            np.testing.assert_allclose(fn, want, rtol=1e-8, atol=1e-10)
        t_k = _timing.median_time(lambda: kg(a, x, b))
        t_i = _timing.median_time(lambda: hand_inv(a, x, b))
        t_l = _timing.median_time(lambda: hand_lu(a, x, b))
        t_j = _timing.median_time(lambda: jf(x, a, b).block_until_ready())
        for name, t in (("kronsym `lambdify(grad(f, X))` (lu_factor + 2 lu_solve)", t_k),
                        ("hand numpy, explicit inv(X)", t_i),
                        ("hand scipy, lu_factor + 2 lu_solve", t_l),
                        ("jax.jit(jax.grad(f)) (solve)", t_j)):
            rows.append(f"| {n_} | {name} | {fmt_t(t)} | {t / t_k:.3g} |")
    print("| n | method | median | × kronsym |\n|---|---|---|---|")
    print("\n".join(rows))


if __name__ == "__main__":
    main(quick="--quick" in sys.argv)
