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
# # The vec trick and linear matrix equations
#
# $\operatorname{vec}(AXB) = (B^{\top} \otimes A)\operatorname{vec} X$ turns any linear
# matrix equation into an ordinary linear system. This notebook proves the identity
# with kronsym, then solves a Sylvester equation $AX + XB = C$ and a Lyapunov equation
# $AX + XA^{\top} = Q$ through their Kronecker forms, built as kronsym expressions and
# evaluated, and compares with SciPy's dedicated solvers. The last sections do the
# same with `kronsym.linalg` (structured solvers that never form the Kronecker matrix)
# and recover the factors of a noisy $A \otimes B$ with the nearest Kronecker product.

# %%
# Use the checkout this notebook lives in (when opened from notebooks/), else an installed kronsym.
import sys, pathlib
_root = pathlib.Path.cwd()
if not (_root / "kronsym").is_dir() and (_root.parent / "kronsym").is_dir():
    sys.path.insert(0, str(_root.parent))

# %%
import numpy as np
import scipy.linalg
import scipy.sparse.linalg
import kronsym as ks
from IPython.display import Math, display

m, n, p, q = ks.dims("m n p q")
rng = np.random.default_rng(0)

# %% [markdown]
# ## The vec trick, proved
#
# `ks.equals` is `True` when the two sides reach the same canonical form (or no
# counterexample exists), `False` when kronsym finds one. `ks.prove` says which.

# %%
A = ks.MatrixSymbol("A", m, n)
X = ks.MatrixSymbol("X", n, p)
B = ks.MatrixSymbol("B", p, q)
lhs, rhs = ks.vec(A @ X @ B), ks.kron(B.T, A) @ ks.vec(X)
display(Math(ks.latex(lhs) + " = " + ks.latex(rhs)))
print("equals:", ks.equals(lhs, rhs), "|", ks.prove(lhs, rhs))
print("look-alike (B ⊗ Aᵀ), square case:",
      ks.verify("vec(A @ X @ B) == kron(B, A.T) @ vec(X)",
                {"A": "n,n", "X": "n,n", "B": "n,n"}).verdict)

# %% [markdown]
# ## Sylvester: $AX + XB = C$, A m×m, B n×n, X m×n
#
# Vectorising, $(I_n \otimes A + B^{\top} \otimes I_m)\operatorname{vec} X =
# \operatorname{vec} C$; the matrix is the Kronecker sum $B^{\top} \oplus A$.

# %%
A = ks.MatrixSymbol("A", m, m)
B = ks.MatrixSymbol("B", n, n)
X = ks.MatrixSymbol("X", m, n)
L = ks.kron(ks.I(n), A) + ks.kron(B.T, ks.I(m))
display(Math(ks.latex(L)))
print("vec(AX + XB) = L vec X:", ks.prove(ks.vec(A @ X + X @ B), L @ ks.vec(X)))
print("L = Bᵀ ⊕ A:           ", ks.prove(L, ks.kron_sum(B.T, A)))

# %%
a = rng.normal(size=(4, 4)) + 4 * np.eye(4)
b = rng.normal(size=(3, 3)) + 4 * np.eye(3)
c = rng.normal(size=(4, 3))

L_num = ks.evaluate(L, {A: a, B: b})             # dims m = 4, n = 3 read from the arrays
x_kron = np.linalg.solve(L_num, c.reshape(-1, order="F")).reshape(4, 3, order="F")
x_scipy = scipy.linalg.solve_sylvester(a, b, c)
print("L is", L_num.shape, "| max |X_kron - X_scipy| =", np.abs(x_kron - x_scipy).max())
print("residual |AX + XB - C| =", np.abs(a @ x_kron + x_kron @ b - c).max())

# %% [markdown]
# Matrix-free: `ks.lambdify(..., form="operator")` gives L as a linear operator whose
# matvec applies the Kronecker factors to a reshaped vector (L is never formed), so an
# iterative solver works at sizes where the (mn)×(mn) matrix would not fit.

# %%
L_op = ks.lambdify([A, B], L, form="operator")
mm, nn = 60, 50
a = rng.normal(size=(mm, mm)) / np.sqrt(mm) + 3 * np.eye(mm)
b = rng.normal(size=(nn, nn)) / np.sqrt(nn) + 3 * np.eye(nn)
c = rng.normal(size=(mm, nn))
op = L_op(a, b).to_linear_operator()
v, info = scipy.sparse.linalg.gmres(op, c.reshape(-1, order="F"), rtol=1e-12, atol=0)
x_it = v.reshape(mm, nn, order="F")
print(f"{op.shape} operator, gmres info = {info}, "
      f"max |X - solve_sylvester| = {np.abs(x_it - scipy.linalg.solve_sylvester(a, b, c)).max():.2e}")

# %% [markdown]
# ## Lyapunov: $AX + XA^{\top} = Q$
#
# The special case B = Aᵀ: $(I \otimes A + A \otimes I)\operatorname{vec} X =
# \operatorname{vec} Q$. SciPy's `solve_continuous_lyapunov(a, q)` solves
# $AX + XA^{H} = Q$.

# %%
A = ks.MatrixSymbol("A", n, n)
X = ks.MatrixSymbol("X", n, n)
Llyap = ks.kron(ks.I(n), A) + ks.kron(A, ks.I(n))
print("vec(AX + XAᵀ) = L vec X:", ks.prove(ks.vec(A @ X + X @ A.T), Llyap @ ks.vec(X)))

a = rng.normal(size=(5, 5)) - 5 * np.eye(5)        # stable
qm = rng.normal(size=(5, 5)); qm = qm + qm.T
L_num = ks.lambdify([A], Llyap)(a)                 # the same, as generated numpy code
x_kron = np.linalg.solve(L_num, qm.reshape(-1, order="F")).reshape(5, 5, order="F")
x_scipy = scipy.linalg.solve_continuous_lyapunov(a, qm)
print("max |X_kron - X_scipy| =", np.abs(x_kron - x_scipy).max(),
      "| X symmetric:", np.allclose(x_kron, x_kron.T))

# %% [markdown]
# ## The same with `kronsym.linalg`
#
# `kronsym.linalg` holds numerics that exploit the structure and never form the
# Kronecker matrix (conventions as in kronsym: column-major vec,
# $(A \otimes B)\operatorname{vec} X = \operatorname{vec}(B X A^{\top})$).
# `kl.kron_solve([A, B], c)` solves $(A \otimes B)x = c$ with one LU factorization per
# factor, $(A \otimes B)^{-1} = A^{-1} \otimes B^{-1}$; checked against a dense solve of the
# matrix that kronsym evaluates from the expression `A ⊗ B`.

# %%
import kronsym.linalg as kl

A = ks.MatrixSymbol("A", m, m)
B = ks.MatrixSymbol("B", n, n)
a = rng.normal(size=(4, 4)) + 4 * np.eye(4)
b = rng.normal(size=(3, 3)) + 4 * np.eye(3)
c = rng.normal(size=12)
x = kl.kron_solve([a, b], c)
x_dense = np.linalg.solve(ks.evaluate(ks.kron(A, B), {A: a, B: b}), c)
print("kron_solve: max |x - dense solve| =", np.abs(x - x_dense).max())
print("            residual |(A⊗B)x - c| =", np.abs(kl.kron_matvec([a, b], x) - c).max())

# %% [markdown]
# `kl.sylvester(A, B, C)` (Bartels–Stewart on complex Schur forms, O(m³ + n³)) solves
# $AX + XB = C$, the same equation as `scipy.linalg.solve_sylvester`;
# `kl.lyapunov(A, Q)` solves $AX + XA^{\top} = Q$ with SciPy's sign convention
# (`solve_continuous_lyapunov`); `kl.sylvester_kron` is the textbook route through
# the $mn \times mn$ Kronecker sum, kept as a reference.

# %%
c = rng.normal(size=(4, 3))
x = kl.sylvester(a, b, c)
print("sylvester: max |X - scipy| =", np.abs(x - scipy.linalg.solve_sylvester(a, b, c)).max(),
      "| max |X - sylvester_kron| =", np.abs(x - kl.sylvester_kron(a, b, c)).max())
qm = rng.normal(size=(4, 4)); qm = qm + qm.T
a_stable = a - 8 * np.eye(4)
x = kl.lyapunov(a_stable, qm)
print("lyapunov:  max |X - scipy| =",
      np.abs(x - scipy.linalg.solve_continuous_lyapunov(a_stable, qm)).max(),
      "| residual =", np.abs(a_stable @ x + x @ a_stable.T - qm).max())

mm, nn = 60, 50                       # the size solved with gmres above, now directly
a = rng.normal(size=(mm, mm)) / np.sqrt(mm) + 3 * np.eye(mm)
b = rng.normal(size=(nn, nn)) / np.sqrt(nn) + 3 * np.eye(nn)
c = rng.normal(size=(mm, nn))
print(f"sylvester {mm}×{nn}: max |X - scipy| =",
      np.abs(kl.sylvester(a, b, c) - scipy.linalg.solve_sylvester(a, b, c)).max())

# %% [markdown]
# ## The nearest Kronecker product
#
# Van Loan and Pitsianis: the rearrangement $\mathcal{R}$ maps $A \otimes B$ to the
# rank-one matrix $\operatorname{vec}(A)\operatorname{vec}(B)^{\top}$ and preserves the
# Frobenius norm, so the $A$, $B$ minimising $\lVert M - A \otimes B\rVert_F$ come from
# the leading singular triple of $\mathcal{R}(M)$. Below, $M = A_0 \otimes B_0 + $ noise:
# the factors are recovered up to the scale split ($A \otimes B = (tA) \otimes (B/t)$),
# and the residual is at the level of the noise.

# %%
a0 = rng.normal(size=(3, 4))
b0 = rng.normal(size=(5, 2))
noise = 1e-3 * rng.normal(size=(15, 8))
M = ks.evaluate(ks.kron(ks.MatrixSymbol("A", 3, 4), ks.MatrixSymbol("B", 5, 2)),
                {"A": a0, "B": b0}) + noise
res = kl.nearest_kron(M, (3, 4), (5, 2))
t = np.vdot(res.A, a0) / np.vdot(res.A, res.A)    # the best scale between A and A0
print("‖M - A⊗B‖_F =", f"{res.residual:.2e}", "| ‖noise‖_F =", f"{np.linalg.norm(noise):.2e}")
print("max |A⊗B - A0⊗B0| =", f"{np.abs(np.kron(res.A, res.B) - np.kron(a0, b0)).max():.2e}")
print("max |t·A - A0| =", f"{np.abs(t * res.A - a0).max():.2e}",
      "| max |B/t - B0| =", f"{np.abs(res.B / t - b0).max():.2e}")
print("R(A0⊗B0) has rank", np.linalg.matrix_rank(kl.rearrange(np.kron(a0, b0), 3, 4, 5, 2)))
