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
# # Matrix functions: expm, logm, sqrtm and their derivatives
#
# kronsym keeps the Magnus–Neudecker layout: the derivative of F (p×q) with respect to
# X (m×n) is $\partial \operatorname{vec} F / \partial (\operatorname{vec} X)^{\top}$.
# For a matrix function f the derivative is the Fréchet derivative $L_f(X, E)$, and in
# this layout it is one n²×n² matrix $J_f(X)$ with
# $\operatorname{vec} L_f(X, E) = J_f(X) \operatorname{vec} E$:
#
# * $J_{\exp}(X) = \int_0^1 e^{(1-s)X^{\top}} \otimes e^{sX}\, ds$,
# * $J_{\log}(X) = J_{\exp}(\log X)^{-1}$ (from $e^{\log X} = X$),
# * $J_{\sqrt{\cdot}}(X) = (Y^{\top} \otimes I + I \otimes Y)^{-1}$, $Y = X^{1/2}$ (from $Y^2 = X$).
#
# kronsym keeps $J_f(X)$ as a node. Generated code *applies* it to a vector — by the
# block-triangular identity $f\!\left(\begin{smallmatrix} X & E \\ 0 & X \end{smallmatrix}\right)
# = \left(\begin{smallmatrix} f(X) & L_f(X, E) \\ 0 & f(X) \end{smallmatrix}\right)$
# (scipy.linalg.expm_frechet), a Sylvester solve for sqrtm, Daleckii–Krein for a
# symmetric argument of logm — and never forms the n²×n² matrix.
#
# Domains: logm and sqrtm are the principal branches and need an argument with no
# eigenvalue on the closed negative real axis (docs/matrix_functions.md).

# %%
# Use the checkout this notebook lives in (when opened from notebooks/), else an installed kronsym.
import sys, pathlib
_root = pathlib.Path.cwd()
if not (_root / "kronsym").is_dir() and (_root.parent / "kronsym").is_dir():
    sys.path.insert(0, str(_root.parent))

# %%
import numpy as np
import scipy.linalg as sl

import kronsym as ks

rng = np.random.default_rng(6)
n = ks.dims("n")[0]
X = ks.MatrixSymbol("X", n, n)
A = ks.MatrixSymbol("A", n, n)
B = ks.MatrixSymbol("B", n, n)
E = ks.MatrixSymbol("E", n, n)


def spd(k):
    a = rng.standard_normal((k, k))
    return a @ a.T + np.eye(k)


# %% [markdown]
# ## Printing: $e^{X}$ is not the entrywise exp

# %%
for e in (ks.expm(X), ks.exp(X), ks.logm(X), ks.sqrtm(A @ B)):
    print(f"{str(e):14s} LaTeX: {ks.latex(e)}")

# %% [markdown]
# ## The expm Jacobian times vec E is scipy's expm_frechet

# %%
J = ks.diff(ks.expm(X), X)
print("d vec e^X / d (vec X)^T =", J, "  LaTeX:", ks.latex(J))
jvp = ks.lambdify([X, E], ks.unvec(J @ ks.vec(E), n, n))
print(ks.codegen([X, E], ks.unvec(J @ ks.vec(E), n, n), backend="numpy"))
for k in (1, 3, 8):
    x, e = rng.standard_normal((k, k)), rng.standard_normal((k, k))
    want = sl.expm_frechet(x, e, compute_expm=False)
    err = np.abs(jvp(x, e) - want).max() / max(1, np.abs(want).max())
    print(f"n = {k}: relative difference from scipy.linalg.expm_frechet {err:.1e}")
    assert err < 1e-10

# %% [markdown]
# ## The logm example of the issue: the guessed gradient is wrong
#
# For $f(A) = \operatorname{tr}(B^{\top} \log A)$ a hand derivation by analogy with the
# scalar $\frac{d}{da} b \log a = b/a$ guesses $B^{\top} A^{-1}$. That is right only when
# A and B commute. kronsym's gradient is $L_{\log}(A^{\top}, B)$, one Fréchet derivative.

# %%
f = ks.trace(B.T @ ks.logm(A))
g = ks.grad(f, A)
print("grad =", g)
print("LaTeX:", ks.latex(g))
grad_fn = ks.lambdify([A, B], g)

k = 4
a, b = spd(k), rng.standard_normal((k, k))


def central(fun, x, h=1e-6):
    out = np.zeros_like(x)
    for idx in np.ndindex(*x.shape):
        d = np.zeros_like(x)
        d[idx] = h
        out[idx] = (fun(x + d) - fun(x - d)) / (2 * h)
    return out


fd = central(lambda y: np.trace(b.T @ sl.logm(y).real), a)
right = grad_fn(a, b)
guessed = b.T @ np.linalg.inv(a)
print(f"kronsym vs central differences: max |diff| = {np.abs(right - fd).max():.1e}")
print(f"guessed Bᵀ A⁻¹ vs central differences: max |diff| = {np.abs(guessed - fd).max():.2f} "
      f"(entries of size up to {np.abs(fd).max():.2f})")
assert np.abs(right - fd).max() < 1e-7 and np.abs(guessed - fd).max() > 1e-2

# %% [markdown]
# The Daleckii–Krein form for a symmetric argument, $U (F \circ U^{\top} B U) U^{\top}$
# with $A = U \operatorname{diag}(\lambda) U^{\top}$ and
# $F_{ij} = (\log\lambda_i - \log\lambda_j)/(\lambda_i - \lambda_j)$ ($1/\lambda_i$ on the
# diagonal), gives the same matrix (this is what the numpy backend computes for an exactly
# symmetric A):

# %%
lam, U = np.linalg.eigh(a)
d = lam[:, None] - lam[None, :]
F = np.where(np.abs(d) > 1e-12, (np.log(lam)[:, None] - np.log(lam)[None, :]) /
             np.where(d == 0, 1, d), 1 / lam[:, None])
dk = U @ (F * (U.T @ b @ U)) @ U.T
print(f"Daleckii–Krein vs kronsym: {np.abs(dk - right).max():.1e}")

# %% [markdown]
# ## sqrtm: the Sylvester equation

# %%
gs = ks.grad(ks.trace(B.T @ ks.sqrtm(A)), A)
print("grad tr(Bᵀ A^{1/2}) =", gs)
fd = central(lambda y: np.trace(b.T @ sl.sqrtm(y).real), a)
print(f"vs central differences: {np.abs(ks.lambdify([A, B], gs)(a, b) - fd).max():.1e}")
print("grad tr(A^{1/2}) =", ks.grad(ks.trace(ks.sqrtm(A)), A), "  (½ A^{-1/2}ᵀ)")

# %% [markdown]
# ## Identities: proved, and false look-alikes refuted

# %%
m = ks.dims("m")[0]
C = ks.MatrixSymbol("C", m, m)
S = ks.symmetric("S", n)
claims = [
    ("e^{C ⊕ X} = e^C ⊗ e^X", ks.expm(ks.kron_sum(C, X)), ks.kron(ks.expm(C), ks.expm(X))),
    ("(e^X)ᵀ = e^{Xᵀ}", ks.expm(X).T, ks.expm(X.T)),
    ("det e^X = e^{tr X}", ks.det(ks.expm(X)), ks.exp(ks.trace(X))),
    ("e^{C ⊗ I} = e^C ⊗ I", ks.expm(ks.kron(C, ks.I(n))), ks.kron(ks.expm(C), ks.I(n))),
    ("log e^S = S (S symmetric)", ks.logm(ks.expm(S)), S),
    ("e^X X = X e^X", ks.expm(X) @ X, X @ ks.expm(X)),
    ("e^{A+B} = e^A e^B (false)", ks.expm(A + B), ks.expm(A) @ ks.expm(B)),
    ("log(AB) = log A + log B (false)", ks.logm(A @ B), ks.logm(A) + ks.logm(B)),
    ("log e^X = X (false past |Im λ| = π)", ks.logm(ks.expm(X)), X),
]
for label, lhs, rhs in claims:
    p = ks.prove(lhs, rhs, trials=3)
    print(f"{label:38s} holds={p.holds!s:5s} method={p.method}")

# %% [markdown]
# A counterexample to $\log e^X = X$: a rotation generator past π.

# %%
g4 = np.array([[0.0, -4.0], [4.0, 0.0]])
print(ks.evaluate(ks.logm(ks.expm(X)), {X: g4}).round(4))
