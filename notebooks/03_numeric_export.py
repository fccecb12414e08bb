# ---
# jupyter:
#   jupytext:
#     formats: ipynb,py:percent
#     text_representation:
#       extension: .py
#       format_name: percent
#       format_version: '1.3'
#       jupytext_version: 1.19.6
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% [markdown]
# # From a symbolic derivative to fast numeric code
#
# `ks.lambdify(args, expr, form=...)` turns a kronsym expression into a Python function
# of numpy arrays that exploits the structure (Kronecker factors are applied to reshaped
# blocks, commutation matrices are index permutations):
#
# * `form="array"`: the value as a dense array;
# * `form="operator"`: a linear operator (matvec / rmatvec / matmat) that never forms
#   the matrix;
# * `form="sparse"`: a `scipy.sparse` matrix assembled from the structure.
#
# `ks.codegen` shows the generated source. Below: the Jacobian of Theorem 4.1,
# $\partial \operatorname{vec}(A\otimes B) / \partial (\operatorname{vec} A)^{\top}$, and the
# gradient of a Gaussian log-likelihood, timed against dense alternatives.

# %%
# Use the checkout this notebook lives in (when opened from notebooks/), else an installed kronsym.
import sys, pathlib
_root = pathlib.Path.cwd()
if not (_root / "kronsym").is_dir() and (_root.parent / "kronsym").is_dir():
    sys.path.insert(0, str(_root.parent))

# %%
import io
import time
import numpy as np
import matplotlib
matplotlib.use("Agg")                      # figures are shown with display(fig)
import matplotlib.pyplot as plt
import matplotlib.ticker
import kronsym as ks
from IPython.display import Image, display

try:
    import jax, jax.numpy as jnp
    jax.config.update("jax_enable_x64", True)
except ImportError:                         # jax is optional
    jax = None
print("jax:", jax.__version__ if jax else "not installed (skipped)")

def show(fig):
    """Display a figure as a PNG (works with the Agg backend) and close it."""
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=80, bbox_inches="tight")
    plt.close(fig)
    display(Image(buf.getvalue()))

def best_time(fn, repeat=3):
    """Best wall time of fn() over `repeat` calls, after one warm-up call."""
    fn()
    best = float("inf")
    for _ in range(repeat):
        t = time.perf_counter(); fn(); best = min(best, time.perf_counter() - t)
    return best


# %% [markdown]
# ## The Jacobian of $A \otimes B$ with respect to $A$

# %%
m, n, p, q = ks.dims("m n p q")
A = ks.MatrixSymbol("A", m, n)
B = ks.MatrixSymbol("B", p, q)
J = ks.diff(ks.kron(A, B), A)
display(J)                                  # rendered as LaTeX
J_array = ks.lambdify([A, B], J)
J_op = ks.lambdify([A, B], J, form="operator")
J_sparse = ks.lambdify([A, B], J, form="sparse")
print(ks.codegen([A, B], J))

# %%
rng = np.random.default_rng(0)
a, b = rng.normal(size=(3, 2)), rng.normal(size=(4, 5))
dense = J_array(a, b)
v = rng.normal(size=a.size)
print("shape", dense.shape)
print("sparse == array:  ", np.allclose(J_sparse(a, b).toarray(), dense),
      "| nnz =", J_sparse(a, b).nnz, "of", dense.size)
print("operator matvec:  ", np.allclose(J_op(a, b).matvec(v), dense @ v))
print("vs the oracle:    ", np.allclose(dense, ks.evaluate(J, {A: a, B: b})))


# %% [markdown]
# Dense alternatives at N×N matrices A and B (the Jacobian is N⁴×N²):
#
# * **np.kron**: column k of the Jacobian is $\operatorname{vec}(E_k \otimes B)$, $E_k$ the
#   k-th unit matrix;
# * **finite differences**: forward differences of `np.kron`, one per entry of A;
# * **jax**: `jax.jit(jax.jacfwd(...))` of `jnp.kron` (if installed; compile time excluded).
#
# The operator column is build + one matvec (it never holds the N⁴×N² matrix).

# %%
def vecF(M):
    return M.reshape(-1, 1, order="F")

def jac_np_kron(a, b):
    cols = []
    for k in range(a.size):
        E = np.zeros(a.size); E[k] = 1.0
        cols.append(vecF(np.kron(E.reshape(a.shape, order="F"), b)))
    return np.hstack(cols)

def jac_fd(a, b, h=1e-7):
    f0, av, cols = vecF(np.kron(a, b)), vecF(a), []
    for k in range(a.size):
        e = av.copy(); e[k] += h
        cols.append((vecF(np.kron(e.reshape(a.shape, order="F"), b)) - f0) / h)
    return np.hstack(cols)

if jax:
    _jj = jax.jit(jax.jacfwd(lambda av, b: jnp.kron(av.reshape(b.shape[0], -1, order="F"), b)
                             .reshape(-1, order="F")))
    jac_jax = lambda a, b: _jj(a.reshape(-1, order="F"), b).block_until_ready()

sizes = [2, 4, 8, 12]
times = {k: [] for k in ["kronsym array", "kronsym sparse", "kronsym operator",
                         "np.kron", "finite differences"] + (["jax jacfwd"] if jax else [])}
for N in sizes:
    a, b = rng.normal(size=(N, N)), rng.normal(size=(N, N))
    ref = J_array(a, b)
    assert np.allclose(jac_np_kron(a, b), ref) and np.allclose(jac_fd(a, b), ref, atol=1e-5)
    v = rng.normal(size=N * N)
    times["kronsym array"].append(best_time(lambda: J_array(a, b)))
    times["kronsym sparse"].append(best_time(lambda: J_sparse(a, b)))
    times["kronsym operator"].append(best_time(lambda: J_op(a, b).matvec(v)))
    times["np.kron"].append(best_time(lambda: jac_np_kron(a, b)))
    times["finite differences"].append(best_time(lambda: jac_fd(a, b)))
    if jax:
        assert np.allclose(np.asarray(jac_jax(a, b)), ref)
        times["jax jacfwd"].append(best_time(lambda: jac_jax(a, b)))

print(f"{'N':>4}" + "".join(f"{k:>20}" for k in times))
for i, N in enumerate(sizes):
    print(f"{N:>4}" + "".join(f"{times[k][i]:>20.2e}" for k in times))

# %% [markdown]
# ## The gradient of a Gaussian log-likelihood

# %%
k, N = ks.dims("k N")                         # N: number of observations
Sigma = ks.MatrixSymbol("Sigma", k, k)
S = ks.MatrixSymbol("S", k, k)
ell = -(N / 2) * ks.logdet(Sigma) - ks.trace(ks.inv(Sigma) @ S) / 2
g = ks.grad(ell, Sigma)
display(g)
# N cannot be read from the shapes of Sigma and S, so it is an argument too
grad_fn = ks.lambdify([Sigma, S, N], g)
ell_fn = ks.lambdify([Sigma, S, N], ell)      # a scalar expression gives a 1×1 array
print(grad_fn.source)

# %%
Nobs = 100

def grad_fd(sig, s, h=1e-6):
    f0, out = ell_fn(sig, s, Nobs).item(), np.empty_like(sig)
    for i in range(sig.shape[0]):
        for j in range(sig.shape[1]):
            e = sig.copy(); e[i, j] += h
            out[i, j] = (ell_fn(e, s, Nobs).item() - f0) / h
    return out

if jax:
    def _ell_jax(sig, s):
        return -(Nobs / 2) * jnp.linalg.slogdet(sig)[1] - jnp.trace(jnp.linalg.solve(sig, s)) / 2
    _gj = jax.jit(jax.grad(_ell_jax))
    grad_jax = lambda sig, s: _gj(sig, s).block_until_ready()

gsizes = [5, 10, 20, 40]
gtimes = {k: [] for k in ["kronsym", "finite differences"] + (["jax grad"] if jax else [])}
for kk in gsizes:
    x = rng.normal(size=(kk, 3 * kk)); s = x @ x.T
    sig = s / (3 * kk) + np.eye(kk)
    ref = grad_fn(sig, s, Nobs)
    assert np.allclose(grad_fd(sig, s), ref, rtol=1e-3, atol=1e-3)
    gtimes["kronsym"].append(best_time(lambda: grad_fn(sig, s, Nobs)))
    gtimes["finite differences"].append(best_time(lambda: grad_fd(sig, s), repeat=1))
    if jax:
        assert np.allclose(np.asarray(grad_jax(sig, s)), ref)
        gtimes["jax grad"].append(best_time(lambda: grad_jax(sig, s)))
print(f"{'k':>4}" + "".join(f"{c:>20}" for c in gtimes))
for i, kk in enumerate(gsizes):
    print(f"{kk:>4}" + "".join(f"{gtimes[c][i]:>20.2e}" for c in gtimes))

# %% [markdown]
# ## Time against size (log scales)

# %%
fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(11, 4))
for label, ts in times.items():
    ax1.loglog(sizes, ts, "o-", label=label)
ax1.set(xlabel="N (A, B are N×N; the Jacobian is N⁴×N²)", ylabel="seconds",
        title="d vec(A⊗B) / d(vec A)ᵀ")
ax1.legend(fontsize=8)
for label, ts in gtimes.items():
    ax2.loglog(gsizes, ts, "o-", label=label)
ax2.set(xlabel="k (Σ is k×k)", ylabel="seconds", title="gradient of the Gaussian log-likelihood")
ax2.legend(fontsize=8)
for ax, xs in ((ax1, sizes), (ax2, gsizes)):
    ax.xaxis.set_minor_formatter(matplotlib.ticker.NullFormatter())
    ax.set_xticks(xs, [str(x) for x in xs])
fig.tight_layout()
show(fig)

# %% [markdown]
# ## Structure pictures with `ks.spy`
#
# The non-zero pattern of a concrete instance: the Jacobian of Theorem 4.1 is
# $I_n \otimes [\Psi_1; \dots; \Psi_q]$ (block diagonal, one copy of B's entries per
# column), and the commutation matrix is a permutation.

# %%
show(ks.spy(J, {m: 2, n: 3, p: 2, q: 2}))
show(ks.spy(ks.K(m, n), {m: 3, n: 4}))

# %% [markdown]
# Reading the numbers: the operator form costs a matvec, independent of the N⁴×N²
# size of the matrix; the sparse form stores only the N⁴ non-zeros. The dense
# `array` form must write every entry of the Jacobian, so at larger N it is bounded by
# memory traffic, like every dense method; a jit-compiled jax Jacobian can be faster than
# it there. Finite differences need one function evaluation per entry of the
# argument and are only accurate to about $\sqrt{\epsilon}$.
