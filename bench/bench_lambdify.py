"""Numeric export benchmark: kronsym.lambdify vs hand numpy/scipy and jax, same run.

Run by hand:  python bench/bench_lambdify.py [--quick]
Prints Markdown tables (paste into bench/README.md). Every result is checked
equal to the alternatives (assert) before anything is timed.

Times are medians; "peak" is the tracemalloc peak of one call for numpy/scipy
paths (numpy reports its buffers to tracemalloc). XLA buffers are invisible to
tracemalloc, so jax rows show the compiled plan's argument + temporary + output
bytes (``compiled.memory_analysis()``), marked "XLA plan". Ratios are
"time of the row / time of kronsym" (> 1: kronsym is faster).
"""
from __future__ import annotations

import resource
import sys
import time

import _timing  # noqa: E402  (bench/_timing.py, beside this script)
import numpy as np
import scipy
import scipy.sparse as sp

import jax
import jax.numpy as jnp

import kronsym as ks

jax.config.update("jax_enable_x64", True)
RNG = np.random.default_rng(0)


# -- measurement helpers -------------------------------------------------------

median_time, peak_bytes = _timing.median_time, _timing.peak_bytes


def xla_bytes(jitted, *args):
    """Arguments + temporaries + output of the compiled XLA program."""
    ma = jitted.lower(*args).compile().memory_analysis()
    return ma.argument_size_in_bytes + ma.temp_size_in_bytes + ma.output_size_in_bytes


def block(fn):
    return lambda: jax.block_until_ready(fn())


fmt_t = _timing.fmt_t


def fmt_b(b, xla=False):
    if b is None:
        return "—"
    s = f"{b / 2**20:.3g} MiB" if b >= 2**20 else f"{b / 2**10:.3g} KiB"
    return s + (" (XLA plan)" if xla else "")


class Table:
    """Rows of (label, method, time, memory string) with ratios to the kronsym row."""

    def __init__(self, title, first="N"):
        print(f"\n{title}\n")
        print(f"| {first} | method | median | peak memory | × kronsym |")
        print("|---|---|---|---|---|")
        self.ref = None

    def row(self, label, method, t, mem, ref=False, note=None):
        if ref:
            self.ref = t
        if t is None:
            print(f"| {label} | {method} | {note} | — | — |")
            return
        ratio = "1" if ref else f"{t / self.ref:.3g}"
        print(f"| {label} | {method} | {fmt_t(t)} | {mem} | {ratio} |")


def timed(fn, repeat=7, min_time=0.05):
    fn()
    return median_time(fn, repeat, min_time)


# -- case 1: sparse Jacobian d(A⊗B)/dA -----------------------------------------

def symbols():
    m, n, p, q = ks.dims("m n p q")
    return ks.MatrixSymbol("A", m, n), ks.MatrixSymbol("B", p, q)


def hand_csc(a, b):
    """Column i + j m of d vec(A⊗B)/d vec A holds vec B at rows (ip+k) + (jq+l) mp."""
    m, n = a.shape
    p, q = b.shape
    c = np.arange(m * n)
    i, j = c % m, c // m
    k, l = np.arange(p), np.arange(q)
    rows = (i[:, None, None] * p + k[None, None, :]) + \
        (j[:, None, None] * q + l[None, :, None]) * (m * p)
    data = np.tile(b.ravel(order="F"), m * n)
    indptr = np.arange(m * n + 1) * (p * q)
    return sp.csc_matrix((data, rows.ravel(), indptr), shape=(m * p * n * q, m * n))


def magnus_neudecker(a, b):
    """(I_n ⊗ K_{q,m} ⊗ I_p) as a sparse permutation times sparse(I_{mn} ⊗ vec B)."""
    m, n = a.shape
    p, q = b.shape
    j, ii, jj, kk = np.ix_(np.arange(n), np.arange(q), np.arange(m), np.arange(p))
    cols = j * (q * m * p) + (ii + q * jj) * p + kk          # K_{q,m}: ii + q jj -> jj + m ii
    rows = j * (q * m * p) + (jj + m * ii) * p + kk
    size = m * n * p * q
    P = sp.csr_matrix((np.ones(size), (rows.ravel(), cols.ravel())), shape=(size, size))
    vb = sp.csr_matrix(b.reshape(-1, 1, order="F"))
    return P @ sp.kron(sp.identity(m * n, format="csr"), vb, format="csr")


def naive_dense(a, b):
    m, n = a.shape
    out = np.zeros((a.size * b.size, a.size))
    for c in range(m * n):
        E = np.zeros((m, n))
        E[c % m, c // m] = 1.0
        out[:, c] = np.kron(E, b).ravel(order="F")
    return out


def kron_vec(x, b, m, n):
    return jnp.kron(jnp.reshape(x, (m, n), order="F"), b).ravel(order="F")


def same_sparse(X, Y):
    assert X.shape == Y.shape, (X.shape, Y.shape)
    assert (abs(X - Y) > 1e-12).nnz == 0


def case_sparse(sizes):
    A, B = symbols()
    J = ks.diff(ks.kron(A, B), A)
    f = ks.lambdify([A, B], J, form="sparse")
    tab = Table("### 1. Sparse Jacobian J = d(A⊗B)/dA, A, B N×N (N⁴×N², N⁴ nonzeros)")
    for N in sizes:
        a, b = RNG.standard_normal((N, N)), RNG.standard_normal((N, N))
        S = f(a, b)
        H, M = hand_csc(a, b), magnus_neudecker(a, b)
        assert S.nnz == N**4, S.nnz
        same_sparse(S, H)
        same_sparse(S, M)
        D = None
        if N <= 12:
            D = naive_dense(a, b)
            assert np.array_equal(S.toarray(), D)
        if N <= 16:
            jf = jax.jit(lambda x, bb: jax.jacfwd(kron_vec)(x, bb, N, N))
            xa, xb = jnp.asarray(a.ravel(order="F")), jnp.asarray(b)
            t0 = time.perf_counter()
            Jj = np.asarray(jf(xa, xb))
            compile_t = time.perf_counter() - t0
            assert np.allclose(Jj, S.toarray(), rtol=0, atol=1e-12)
            del Jj
        rep = 5 if N >= 32 else 7
        tab.row(N, "kronsym `lambdify(form=\"sparse\")`", timed(lambda: f(a, b), rep),
                fmt_b(peak_bytes(lambda: f(a, b))), ref=True)
        tab.row(N, "hand scipy CSC build", timed(lambda: hand_csc(a, b), rep),
                fmt_b(peak_bytes(lambda: hand_csc(a, b))))
        tab.row(N, "scipy Magnus–Neudecker formula", timed(lambda: magnus_neudecker(a, b), rep),
                fmt_b(peak_bytes(lambda: magnus_neudecker(a, b))))
        if N <= 16:
            tab.row(N, f"jax.jacfwd (jit; first call {fmt_t(compile_t)})",
                    timed(block(lambda: jf(xa, xb)), rep), fmt_b(xla_bytes(jf, xa, xb), True))
        else:
            tab.row(N, "jax.jacfwd (jit)", None, None,
                    note=f"skipped: dense output alone is {N**6 * 8 / 2**30:.0f} GiB")
        if D is not None:
            tab.row(N, "naive dense (N² np.kron)", timed(lambda: naive_dense(a, b), rep),
                    fmt_b(peak_bytes(lambda: naive_dense(a, b))))
    return f


# -- case 2: operator form, JVP and VJP ----------------------------------------

def hand_jvp(da, b):
    return np.kron(da, b).ravel(order="F")


def hand_vjp(u, a, b):
    m, n = a.shape
    p, q = b.shape
    U = u.reshape((m * p, n * q), order="F").reshape(m, p, n, q)
    return np.einsum("ikjl,kl->ij", U, b).ravel(order="F")


def case_operator(N, sparse_factory):
    A, B = symbols()
    J = ks.diff(ks.kron(A, B), A)
    fop = ks.lambdify([A, B], J, form="operator")
    a, b = RNG.standard_normal((N, N)), RNG.standard_normal((N, N))
    da = RNG.standard_normal((N, N))
    v = da.ravel(order="F")
    u = RNG.standard_normal(N**4)
    op = fop(a, b)
    Jsp = sparse_factory(a, b)
    xb = jnp.asarray(b)
    jjvp = jax.jit(lambda x, t, bb: jax.jvp(lambda y: kron_vec(y, bb, N, N), (x,), (t,))[1])
    jvjp = jax.jit(lambda x, w, bb: jax.vjp(lambda y: kron_vec(y, bb, N, N), x)[1](w)[0])
    xa, xv, xu = jnp.asarray(a.ravel(order="F")), jnp.asarray(v), jnp.asarray(u)
    ref_jvp, ref_vjp = hand_jvp(da, b), hand_vjp(u, a, b)
    assert np.allclose(op.matvec(v), ref_jvp, rtol=0, atol=1e-12)
    assert np.allclose(Jsp @ v, ref_jvp, rtol=0, atol=1e-12)
    assert np.allclose(np.asarray(jjvp(xa, xv, xb)), ref_jvp, rtol=0, atol=1e-12)
    assert np.allclose(op.rmatvec(u), ref_vjp, rtol=1e-12, atol=1e-9)
    assert np.allclose(Jsp.T @ u, ref_vjp, rtol=1e-12, atol=1e-9)
    assert np.allclose(np.asarray(jvjp(xa, xu, xb)), ref_vjp, rtol=1e-12, atol=1e-9)

    tab = Table(f"### 2. Operator form of J at N = {N}: JVP J·vec(dA) (N²→N⁴) and VJP Jᵀu (N⁴→N²)",
                first="product")
    tab.row("JVP", "kronsym `op.matvec` (op built)", timed(lambda: op.matvec(v)),
            fmt_b(peak_bytes(lambda: op.matvec(v))), ref=True)
    tab.row("JVP", "kronsym `fop(A, B).matvec` (incl. binding)", timed(lambda: fop(a, b).matvec(v)),
            fmt_b(peak_bytes(lambda: fop(a, b).matvec(v))))
    tab.row("JVP", "hand numpy vec(dA ⊗ B)", timed(lambda: hand_jvp(da, b)),
            fmt_b(peak_bytes(lambda: hand_jvp(da, b))))
    tab.row("JVP", "scipy sparse J @ v (J prebuilt)", timed(lambda: Jsp @ v),
            fmt_b(peak_bytes(lambda: Jsp @ v)))
    tab.row("JVP", "jax.jvp (jit)", timed(block(lambda: jjvp(xa, xv, xb))),
            fmt_b(xla_bytes(jjvp, xa, xv, xb), True))
    tab.row("VJP", "kronsym `op.rmatvec` (op built)", timed(lambda: op.rmatvec(u)),
            fmt_b(peak_bytes(lambda: op.rmatvec(u))), ref=True)
    tab.row("VJP", "hand numpy einsum", timed(lambda: hand_vjp(u, a, b)),
            fmt_b(peak_bytes(lambda: hand_vjp(u, a, b))))
    tab.row("VJP", "scipy sparse Jᵀ @ u (J prebuilt)", timed(lambda: Jsp.T @ u),
            fmt_b(peak_bytes(lambda: Jsp.T @ u)))
    tab.row("VJP", "jax.vjp (jit)", timed(block(lambda: jvjp(xa, xu, xb))),
            fmt_b(xla_bytes(jvjp, xa, xu, xb), True))


# -- cases 3 and 4: (A ⊗ B) v -------------------------------------------------

def kron_matvec_fn(backend="numpy"):
    m, n, p, q = ks.dims("m n p q")
    A, B = ks.MatrixSymbol("A", m, n), ks.MatrixSymbol("B", p, q)
    x = ks.MatrixSymbol("x", n * q, 1)
    return ks.lambdify([A, B, x], ks.kron(A, B) @ x, backend)


def hand_vec_trick(a, b, v):
    X = v.reshape((b.shape[1], a.shape[1]), order="F")
    return (b @ X @ a.T).ravel(order="F")


def case_overhead(N):
    f, fj = kron_matvec_fn(), kron_matvec_fn("jax")
    fjj = jax.jit(fj)
    hj = jax.jit(lambda a, b, v: jnp.kron(a, b) @ v)
    a, b = RNG.standard_normal((N, N)), RNG.standard_normal((N, N))
    v = RNG.standard_normal(N * N)
    ref = np.kron(a, b) @ v
    xa, xb, xv = jnp.asarray(a), jnp.asarray(b), jnp.asarray(v)
    assert np.allclose(f(a, b, v).ravel(), ref)
    assert np.allclose(hand_vec_trick(a, b, v), ref)
    assert np.allclose(np.asarray(fjj(xa, xb, xv)).ravel(), ref)
    assert np.allclose(np.asarray(hj(xa, xb, xv)), ref)
    tab = Table(f"### 3. Per-call overhead at N = {N}: (A ⊗ B) v", first="N")
    rows = [("kronsym lambdify (numpy)", lambda: f(a, b, v), True),
            ("hand numpy `np.kron(A, B) @ v`", lambda: np.kron(a, b) @ v, False),
            ("hand numpy vec trick", lambda: hand_vec_trick(a, b, v), False)]
    for name, fn, ref_ in rows:
        tab.row(N, name, timed(fn, 7), fmt_b(peak_bytes(fn)), ref=ref_)
    tab.row(N, "kronsym lambdify (jax backend, jit)", timed(block(lambda: fjj(xa, xb, xv)), 7),
            fmt_b(xla_bytes(fjj, xa, xb, xv), True))
    tab.row(N, "jax.jit `jnp.kron(A, B) @ v`", timed(block(lambda: hj(xa, xb, xv)), 7),
            fmt_b(xla_bytes(hj, xa, xb, xv), True))


def case_vec_trick(sizes, kron_limit=2**30):
    f = kron_matvec_fn()
    tab = Table("### 4. Vec trick (A ⊗ B) v, A, B n×n, v of length n²", first="n")
    for n in sizes:
        a, b = RNG.standard_normal((n, n)), RNG.standard_normal((n, n))
        v = RNG.standard_normal(n * n)
        ref = hand_vec_trick(a, b, v)
        assert np.allclose(f(a, b, v).ravel(), ref, rtol=1e-10, atol=1e-10)
        dense_fits = n**4 * 8 <= kron_limit
        if dense_fits:
            assert np.allclose(np.kron(a, b) @ v, ref, rtol=1e-10, atol=1e-10)
        tab.row(n, "kronsym lambdify", timed(lambda: f(a, b, v)),
                fmt_b(peak_bytes(lambda: f(a, b, v))), ref=True)
        tab.row(n, "hand numpy vec trick vec(B X Aᵀ)", timed(lambda: hand_vec_trick(a, b, v)),
                fmt_b(peak_bytes(lambda: hand_vec_trick(a, b, v))))
        if dense_fits:
            tab.row(n, "numpy `np.kron(A, B) @ v`", timed(lambda: np.kron(a, b) @ v, 3),
                    fmt_b(peak_bytes(lambda: np.kron(a, b) @ v)))
        else:
            tab.row(n, "numpy `np.kron(A, B) @ v`", None, None,
                    note=f"skipped: A⊗B alone is {n**4 * 8 / 2**30:.3g} GiB")


# -- case 5: Gaussian log-likelihood gradient ----------------------------------

def case_gaussian(sizes):
    s, = ks.dims("s")
    Sig, S = ks.MatrixSymbol("Sigma", s, s), ks.MatrixSymbol("S", s, s)
    f = -ks.logdet(Sig) / 2 - ks.trace(ks.inv(Sig) @ S) / 2
    t0 = time.perf_counter()
    g = ks.grad(f, Sig)
    gf = ks.lambdify([Sig, S], g)
    sym_t = time.perf_counter() - t0

    def jf(Sg, Sm):
        return -0.5 * jnp.linalg.slogdet(Sg)[1] - 0.5 * jnp.trace(jnp.linalg.solve(Sg, Sm))
    jg = jax.jit(jax.grad(jf))

    def hand(Sg, Sm):
        Si = np.linalg.inv(Sg).T
        return 0.5 * (Si @ Sm.T @ Si - Si)

    tab = Table("### 5. Gradient of the Gaussian log-likelihood "
                "f(Σ) = −½ log det Σ − ½ tr(Σ⁻¹ S) in Σ", first="n")
    for n in sizes:
        M = RNG.standard_normal((n, n))
        Sg = M @ M.T / n + np.eye(n)
        X = RNG.standard_normal((2 * n, n))
        Sm = X.T @ X / (2 * n)
        xs, xm = jnp.asarray(Sg), jnp.asarray(Sm)
        ref = hand(Sg, Sm)
        assert np.allclose(gf(Sg, Sm), ref, rtol=1e-9, atol=1e-12)
        assert np.allclose(np.asarray(jg(xs, xm)), ref, rtol=1e-9, atol=1e-12)
        t_first = time.perf_counter()
        jax.jit(jax.grad(jf)).lower(xs, xm).compile()
        t_first = time.perf_counter() - t_first
        tab.row(n, "kronsym `lambdify(grad(f, Σ))`", timed(lambda: gf(Sg, Sm)),
                fmt_b(peak_bytes(lambda: gf(Sg, Sm))), ref=True)
        tab.row(n, "hand numpy ½(Σ⁻ᵀSᵀΣ⁻ᵀ − Σ⁻ᵀ)", timed(lambda: hand(Sg, Sm)),
                fmt_b(peak_bytes(lambda: hand(Sg, Sm))))
        tab.row(n, f"jax.grad (jit; compile {fmt_t(t_first)})", timed(block(lambda: jg(xs, xm))),
                fmt_b(xla_bytes(jg, xs, xm), True))
    print(f"\none-off symbolic cost: ks.grad + ks.lambdify = {fmt_t(sym_t)}; generated source:\n")
    print("```python\n" + gf.source + "```")


def main(quick=False):
    t0 = time.perf_counter()
    print(f"numpy {np.__version__}, scipy {scipy.__version__}, "
          f"jax {jax.__version__} (CPU, float64){' — quick mode' if quick else ''}")
    sparse_f = case_sparse((8, 12, 16) if quick else (8, 12, 16, 32))
    case_operator(16 if quick else 32, sparse_f)
    case_overhead(4)
    case_vec_trick((64, 128) if quick else (64, 128, 256))
    case_gaussian((10, 50) if quick else (10, 50, 200))
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"\ntotal run {time.perf_counter() - t0:.0f} s, process max RSS {rss:.0f} MiB")


if __name__ == "__main__":
    main(quick="--quick" in sys.argv)
