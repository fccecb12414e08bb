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
# # The paper, reproduced with kronsym
#
# Wang, Yang & Sun, *Derivatives of Kronecker products themselves based on Kronecker
# product and matrix calculus*. Layout throughout: the derivative of F (p×q) with
# respect to X (m×n) is the (pq)×(mn) Jacobian $\frac{\partial \operatorname{vec} F}
# {\partial (\operatorname{vec} X)^{\top}}$, with column-major vec. The paper's
# $T_{m,n}$ is kronsym's commutation matrix `K(m, n)`, $K_{m,n} \operatorname{vec} A
# = \operatorname{vec} A^{\top}$.
#
# Each theorem is derived by `ks.derive` (nothing is special-cased: the same rules
# differentiate any expression), rendered as LaTeX, and checked against complex-step
# differentiation at several dimension assignments, 1 and non-square included.

# %%
# Use the checkout this notebook lives in (when opened from notebooks/), else an installed kronsym.
import sys, pathlib
_root = pathlib.Path.cwd()
if not (_root / "kronsym").is_dir() and (_root.parent / "kronsym").is_dir():
    sys.path.insert(0, str(_root.parent))

# %%
import numpy as np
import kronsym as ks
from kronsym.testing import check_jacobian
from IPython.display import Math, Markdown, display

m, n, p, q = ks.dims("m n p q")
A = ks.MatrixSymbol("A", m, n)
B = ks.MatrixSymbol("B", p, q)
DIMS = [{m: 1, n: 1, p: 1, q: 1}, {m: 2, n: 3, p: 4, q: 1}, {m: 3, n: 2, p: 2, q: 3}]

def check(F, X, J, dims=DIMS):
    """Largest error of J against complex-step differentiation over the dims."""
    return max(check_jacobian(F, X, J=J, dims=d, seed=7) for d in dims)


# %% [markdown]
# ## Theorem 3.1: $\dfrac{\partial\, A^{\top}A}{\partial A}$ for $A$ m×n
#
# `ks.derive` returns a derivation; in a notebook it renders itself as an `align*`
# block (differential, vectorise, identify, simplify, with the rule used on each line).

# %%
d31 = ks.derive(A.T @ A, A)
d31

# %%
J31 = d31.result
print("kronsym:", J31)
print("max error vs complex step:", check(A.T @ A, A, J31))

# %% [markdown]
# The paper prints the result as eq. (5)/(7), $(I_n \otimes A^{\top}) + (A^{\top} \otimes
# I_n) T_{m,n}$. `ks.prove` compares it with the derivation: "canonical form" means both
# reduce to the same canonical expression (a symbolic proof).

# %%
eq5 = ks.kron(ks.I(n), A.T) + ks.kron(A.T, ks.I(n)) @ ks.K(m, n)
display(Math(ks.latex(eq5)))
print("eq. (5)/(7) vs derivation:", ks.prove(J31, eq5))

# %% [markdown]
# ## Eq. (8): $(A^{\top} \otimes I_n) T_{m,n} = T_{n,n} (I_n \otimes A^{\top})$
#
# The paper uses eq. (8) to rewrite Theorem 3.1 as eq. (9). Eq. (8) holds; eq. (9) as
# printed, $(I_n \otimes A^{\top}) + T_{m,n}(I_n \otimes A^{\top})$, does not even
# conform unless m = n ($T_{m,n}$ is mn×mn, $I_n \otimes A^{\top}$ is n²×mn), and kronsym
# refuses to build it. The corrected form with $T_{n,n}$ follows from eq. (8).

# %%
lhs8 = ks.kron(A.T, ks.I(n)) @ ks.K(m, n)
rhs8 = ks.K(n, n) @ ks.kron(ks.I(n), A.T)
display(Math(ks.latex(lhs8) + " = " + ks.latex(rhs8)))
print("eq. (8):", ks.prove(lhs8, rhs8))
try:
    ks.kron(ks.I(n), A.T) + ks.K(m, n) @ ks.kron(ks.I(n), A.T)
except ks.ShapeError as e:
    print("eq. (9) as printed: ShapeError:", str(e).splitlines()[0][:160], "...")
eq9 = ks.kron(ks.I(n), A.T) + ks.K(n, n) @ ks.kron(ks.I(n), A.T)
print("eq. (9) corrected:", ks.prove(J31, eq9))

# %% [markdown]
# ## Theorem 3.2: $\dfrac{\partial\, A^{-1}A}{\partial A}$
#
# The paper states "A is m×n", but $A^{-1}$ needs a square A; kronsym refuses the
# inverse of an m×n symbol. With A n×n, $A^{-1}A = I$, so the derivative is zero; the
# interesting part is $\partial A^{-1}/\partial A = -(A^{-\top} \otimes A^{-1})$.

# %%
try:
    ks.inv(A)
except ks.ShapeError as e:
    print("inv of an m×n A:", str(e).splitlines()[0])
S = ks.MatrixSymbol("A", n, n)
SQ = [{n: 1}, {n: 2}, {n: 4}]
d32 = ks.derive(ks.inv(S) @ S, S)
d32

# %%
dinv = ks.derive(ks.inv(S), S)
display(dinv)
print("d(A⁻¹A)/dA =", d32.result, "  max error:", check(ks.inv(S) @ S, S, d32.result, SQ))
print("dA⁻¹/dA    =", dinv.result, "  max error:", check(ks.inv(S), S, dinv.result, SQ))
eq10 = ks.kron(ks.I(n), ks.inv(S)) + ks.kron(S.T, ks.I(n)) @ dinv.result
print("paper eq. (10) vs derivation:", ks.prove(d32.result, eq10))

# %% [markdown]
# ## Theorem 4.1: $\dfrac{\partial (A \otimes B)}{\partial A}$ and $\dfrac{\partial (A \otimes B)}{\partial B}$
#
# The differential $\mathrm{d}(A \otimes B) = \mathrm{d}A \otimes B$ is vectorised with
# $\operatorname{vec}(A \otimes B) = (I_n \otimes K_{q,m} \otimes I_p)(\operatorname{vec} A
# \otimes \operatorname{vec} B)$.

# %%
d41a = ks.derive(ks.kron(A, B), A)
d41a

# %%
d41b = ks.derive(ks.kron(A, B), B)
display(d41b)
print("wrt A:", d41a.result, "  max error:", check(ks.kron(A, B), A, d41a.result))
print("wrt B:", d41b.result, "  max error:", check(ks.kron(A, B), B, d41b.result))

# %% [markdown]
# The paper's block form: $\frac{\partial (A\otimes B)}{\partial A} = I_n \otimes
# \begin{bmatrix}\Psi_1 \\ \vdots \\ \Psi_q\end{bmatrix}$ with $\Psi_i = I_m \otimes b_i$
# ($b_i$ the i-th column of B). Built entry by entry with numpy and compared with the
# derivation evaluated by `ks.evaluate`:

# %%
rng = np.random.default_rng(0)
for (mm, nn, pp, qq) in [(1, 1, 1, 1), (2, 3, 4, 1), (3, 2, 2, 3)]:
    b = rng.normal(size=(pp, qq))
    psi = np.vstack([np.kron(np.eye(mm), b[:, [i]]) for i in range(qq)])
    block = np.kron(np.eye(nn), psi)
    got = ks.evaluate(d41a.result, {B: b, m: mm, n: nn})
    print(f"m={mm} n={nn} p={pp} q={qq}: block form == derivation: {np.allclose(block, got)}")

# %% [markdown]
# ## What the checker says about the paper's other equations
#
# `kronsym.seeds` catalogues every identity printed in the seed documents (000 is the
# paper). Each row is checked by `ks.prove`: "proved" is a symbolic proof, "numeric
# evidence" means no counterexample in random trials. The same rows are available as
# `kronsym verify` commands (see `docs/identities.md`).

# %%
from kronsym.seeds import check_catalogue

rows = ["| where | identity | verdict | how |", "|---|---|---|---|"]
for item, verdict, detail in check_catalogue():
    if item.where.startswith("000"):
        rows.append(f"| {item.where} | {item.text} | **{verdict}** | {detail[:90]} |")
display(Markdown("\n".join(rows)))

# %% [markdown]
# One of these as a claim written in text, with `ks.verify` (the same as
# `kronsym verify ... --let A=m,n` on the command line):

# %%
v = ks.verify("diff(A.T @ A, A) == kron(I(n), A.T) + K(n, n) @ kron(I(n), A.T)", {"A": "m,n"})
print(v.verdict, "-", v.reason)
v = ks.verify("diff(A.T @ A, A) == 2*kron(I(n), A.T)", {"A": "m,n"})
print(v.verdict, "-", v.reason)

# %% [markdown]
# A verdict, a proof and a derivation display themselves in Jupyter (as SymPy objects
# do): the claim with = or ≠ and the reason, the outcome of `ks.prove`, the steps as
# LaTeX. Their `repr` is one line.

# %%
v

# %%
ks.prove(ks.kron(A, B).T, ks.kron(A.T, B.T))

# %%
d = ks.derive(ks.inv(S), S)
print(repr(d))
d
