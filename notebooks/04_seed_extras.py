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
# # More from the seeds: face-splitting, Tracy–Singh, symmetric matrices, spectra
#
# The encyclopedia article (seed 002) and the lecture notes (seed 001) go beyond the
# paper: the face-splitting and Tracy–Singh products, row-major vec, the spectrum and
# rank of $A \otimes B$. Symmetric matrices (vech, the duplication and elimination
# matrices) are the standard companion of these identities (Magnus & Neudecker,
# *Matrix Differential Calculus*, ch. 3). Each claim below is stated with kronsym,
# decided by `ks.prove` (`method == "canonical"`: both sides reach the same canonical
# form, a symbolic proof; `"numeric"`: no counterexample in random trials;
# `"counterexample"`: refuted) and checked again numerically with plain numpy.

# %%
# Use the checkout this notebook lives in (when opened from notebooks/), else an installed kronsym.
import sys, pathlib
_root = pathlib.Path.cwd()
if not (_root / "kronsym").is_dir() and (_root.parent / "kronsym").is_dir():
    sys.path.insert(0, str(_root.parent))

# %%
import io
import numpy as np
import scipy.optimize
import matplotlib
matplotlib.use("Agg")                      # figures are shown with display(fig)
import matplotlib.pyplot as plt
import kronsym as ks
from kronsym.testing import check_jacobian
from IPython.display import Image, Markdown, Math, display

rng = np.random.default_rng(0)

def show(fig):
    """Display a figure as a PNG (works with the Agg backend) and close it."""
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=80, bbox_inches="tight")
    plt.close(fig)
    display(Image(buf.getvalue()))

def claim(lhs, rhs, op="="):
    """Render lhs = rhs, then print what ks.prove says and how."""
    tex = lambda e: e.latex() if hasattr(e, "latex") else ks.latex(e)
    display(Math(tex(lhs) + f" {op} " + tex(rhs)))
    p = ks.prove(lhs, rhs)
    print(f"   ks.equals: {ks.equals(lhs, rhs)} | method: {p.method} | {p}")
    return p


# %% [markdown]
# ## The face-splitting product
#
# $A \bullet B$ (A m×n, B m×p) is the row-wise Kronecker product: row i is
# $a_i^{\top} \otimes b_i^{\top}$, an m×np matrix. It is the transpose-dual of the
# Khatri–Rao (column-wise) product $\odot$.

# %%
m, n, p, q, s = ks.dims("m n p q s")
A, B = ks.MatrixSymbol("A", m, n), ks.MatrixSymbol("B", m, p)
C, D = ks.MatrixSymbol("C", n, q), ks.MatrixSymbol("D", p, s)
x, y = ks.MatrixSymbol("x", n, 1), ks.MatrixSymbol("y", p, 1)
fs = ks.face_split

claim(fs(A, B).T, ks.khatri_rao(A.T, B.T))
claim(fs(A, B) @ ks.kron(C, D), fs(A @ C, B @ D))
claim(fs(A, B) @ ks.kron(x, y), ks.hadamard(A @ x, B @ y))
claim(fs(A, B).T, ks.khatri_rao(B.T, A.T));   # a look-alike: the order matters


# %% [markdown]
# Numerically, with the face-splitting product built row by row in numpy:

# %%
def face_split_np(a, b):
    return np.vstack([np.kron(a[i], b[i]) for i in range(a.shape[0])])

def khatri_rao_np(a, b):
    return np.column_stack([np.kron(a[:, j], b[:, j]) for j in range(a.shape[1])])

a, b = rng.normal(size=(4, 3)), rng.normal(size=(4, 2))
c, d = rng.normal(size=(3, 5)), rng.normal(size=(2, 3))
xv, yv = rng.normal(size=3), rng.normal(size=2)
print("ks.evaluate(A • B) == numpy rows:", np.allclose(ks.evaluate(fs(A, B), {A: a, B: b}),
                                                     face_split_np(a, b)))
print("(A•B)ᵀ = Aᵀ⊙Bᵀ:         ", np.allclose(face_split_np(a, b).T, khatri_rao_np(a.T, b.T)))
print("(A•B)(C⊗D) = (AC)•(BD): ", np.allclose(face_split_np(a, b) @ np.kron(c, d),
                                              face_split_np(a @ c, b @ d)))
print("(A•B)(x⊗y) = Ax∘By:     ", np.allclose(face_split_np(a, b) @ np.kron(xv, yv),
                                              (a @ xv) * (b @ yv)))
print("(A•B)ᵀ = Bᵀ⊙Aᵀ (false): ", np.allclose(face_split_np(a, b).T, khatri_rao_np(b.T, a.T)))

# %% [markdown]
# The derivative $\partial \operatorname{vec}(A \bullet B) / \partial (\operatorname{vec} A)^{\top}$
# (an mnp × mn matrix), checked against complex-step differentiation at several
# dimension assignments (1 and non-square included) by `kronsym.testing.check_jacobian`:

# %%
J = ks.diff(fs(A, B), A)
display(Math(r"\frac{\partial \operatorname{vec}(A \bullet B)}{\partial (\operatorname{vec} A)^{\top}} = "
             + ks.latex(ks.simplify(J))))
for dims in [{m: 1, n: 1, p: 1}, {m: 3, n: 2, p: 4}, {m: 2, n: 4, p: 1}]:
    print(dims, "max error vs complex step:",
          check_jacobian(fs(A, B), A, dims=dims), "(wrt A)",
          check_jacobian(fs(A, B), B, dims=dims), "(wrt B)")

# %% [markdown]
# ## The Tracy–Singh product and row-major vec
#
# `ks.tracy_singh(A, B, a_blocks=(ra, ca), b_blocks=(rb, cb))` views A as an ra×ca grid
# of blocks $A_{ij}$ and B as an rb×cb grid of blocks $B_{kl}$; block (i, j) of the
# result is the grid of all $A_{ij} \otimes B_{kl}$. With 1×1 grids it is $A \otimes B$.
# Its canonical form (`ks.simplify`) is a Kronecker product between two permutations:

# %%
ra, ca, rb, cb, pa, qa, pb, qb = ks.dims("ra ca rb cb pa qa pb qb")
TA = ks.MatrixSymbol("A", ra * pa, ca * qa)
TB = ks.MatrixSymbol("B", rb * pb, cb * qb)
T = ks.tracy_singh(TA, TB, a_blocks=(ra, ca), b_blocks=(rb, cb))
display(Math(ks.latex(T) + " = " + ks.latex(ks.simplify(T))))
print("shape:", T.shape)


# %% [markdown]
# A concrete case, A 4×6 as a 2×3 grid of 2×2 blocks and B 6×2 as a 3×1 grid of 2×2
# blocks, against a block-by-block numpy construction; then the look-alike
# "$A \boxtimes B = A \otimes B$" refuted for these grids.

# %%
def tracy_singh_np(a, b, a_blocks, b_blocks):
    (ra_, ca_), (rb_, cb_) = a_blocks, b_blocks
    pa_, qa_ = a.shape[0] // ra_, a.shape[1] // ca_
    pb_, qb_ = b.shape[0] // rb_, b.shape[1] // cb_
    blk_a = lambda i, j: a[i * pa_:(i + 1) * pa_, j * qa_:(j + 1) * qa_]
    blk_b = lambda k, l: b[k * pb_:(k + 1) * pb_, l * qb_:(l + 1) * qb_]
    return np.block([[np.block([[np.kron(blk_a(i, j), blk_b(k, l)) for l in range(cb_)]
                                for k in range(rb_)]) for j in range(ca_)] for i in range(ra_)])

A4, B6 = ks.MatrixSymbol("A", 4, 6), ks.MatrixSymbol("B", 6, 2)
T2 = ks.tracy_singh(A4, B6, a_blocks=(2, 3), b_blocks=(3, 1))
display(Math(ks.latex(T2) + " = " + ks.latex(ks.simplify(T2))))
a, b = rng.normal(size=(4, 6)), rng.normal(size=(6, 2))
ref = tracy_singh_np(a, b, (2, 3), (3, 1))
print("ks.evaluate(T) == numpy blocks:           ", np.allclose(ks.evaluate(T2, {A4: a, B6: b}), ref))
print("its canonical form, evaluated, == blocks: ",
      np.allclose(ks.evaluate(ks.simplify(T2), {A4: a, B6: b}), ref))
print("== np.kron(A, B)?", np.allclose(ref, np.kron(a, b)))
claim(T2, ks.kron(A4, B6));

# %% [markdown]
# The row permutation $I_2 \otimes K_{3,2} \otimes I_2$ of this case (`ks.spy` draws the
# non-zero pattern of a concrete instance):

# %%
show(ks.spy(ks.kron(ks.I(2), ks.K(3, 2), ks.I(2)), title="row permutation I(2) ⊗ K(3, 2) ⊗ I(2)"))

# %% [markdown]
# Row-major vec, $\operatorname{vec}_r A$ (numpy `order="C"`), satisfies
# $\operatorname{vec}_r(AXB) = (A \otimes B^{\top}) \operatorname{vec}_r X$; the
# column-major look-alike $(B^{\top} \otimes A)$ fails.

# %%
X = ks.MatrixSymbol("X", n, p)
B2 = ks.MatrixSymbol("B", p, q)
claim(ks.vecr(A @ X @ B2), ks.kron(A, B2.T) @ ks.vecr(X))
claim(ks.vecr(A @ X @ B2), ks.kron(B2.T, A) @ ks.vecr(X));

a, xm, b = rng.normal(size=(2, 3)), rng.normal(size=(3, 4)), rng.normal(size=(4, 5))
print("numpy: vec_r(AXB) == (A ⊗ Bᵀ) vec_r X:",
      np.allclose((a @ xm @ b).reshape(-1), np.kron(a, b.T) @ xm.reshape(-1)))
print("ks.evaluate(vecr(X)) == X.reshape(-1, 1) (order C):",
      np.array_equal(ks.evaluate(ks.vecr(X), {X: xm}), xm.reshape(-1, 1)))

# %% [markdown]
# ## Symmetric matrices
#
# `ks.symmetric("S", n)` is a symmetric n×n symbol. From `docs/conventions.md`
# ("Symmetric matrices"):
#
# > `vech(A)` stacks the lower triangle (i ≥ j) of a square A column by column:
# > n(n+1)/2 × 1. `D(n)` (n² × n(n+1)/2) is the duplication matrix, `D(n) @ vech(S) ==
# > vec(S)` for symmetric S; `L(n)` (n(n+1)/2 × n²) the elimination matrix,
# > `L(n) @ vec(A) == vech(A)` for every A; `Nsym(n)` = (I_{n²} + K_{n,n})/2 the
# > symmetrizer.

# %%
S = ks.symmetric("S", n)
Dn, Ln, Nn = ks.D(n), ks.L(n), ks.Nsym(n)
claim(Ln @ Dn, ks.I(n * (n + 1) / 2))
claim(Dn @ ks.vech(S), ks.vec(S))
claim(Dn @ Ln, ks.I(n * n));                        # look-alike: D L is not the identity
claim(Dn @ ks.vech(ks.MatrixSymbol("A", n, n)), ks.vec(ks.MatrixSymbol("A", n, n)));  # nor for any A

# %%
d3, l3, n3 = (ks.evaluate(M, {n: 3}) for M in (Dn, Ln, Nn))
s3 = rng.normal(size=(3, 3)); s3 = s3 + s3.T
vech_np = np.concatenate([s3[j:, j] for j in range(3)])      # lower triangle, column by column
print("D(3) =\n", d3.astype(int))
print("vech S == numpy lower triangle:", np.allclose(ks.evaluate(ks.vech(S), {S: s3}).ravel(), vech_np))
print("L D = I:", np.array_equal(l3 @ d3, np.eye(6)), "| D vech S = vec S:",
      np.allclose(d3 @ vech_np, s3.reshape(-1, order="F")),
      "| N = (I + K)/2:", np.allclose(n3, (np.eye(9) + ks.evaluate(ks.K(3, 3), {})) / 2))
show(ks.spy(Dn, {n: 3}, title="D(3)"))

# %% [markdown]
# **Derivatives with respect to a symmetric S** (`docs/conventions.md`):
#
# > The free coordinates of S are vech S, so `ks.diff(F, S)` is d vec F / d (vech S)ᵀ
# > = J D_n, of shape (pq) × n(n+1)/2 (not (pq) × n²), where J is the unconstrained
# > Jacobian at the symmetric point (vec dS = D_n d vech S). [...] `ks.diff(F, S,
# > vech=True)` is d vech F / d (vech S)ᵀ = L_p J D_n for square F (p×p): e.g.
# > `diff(inv(S), S, vech=True) == -(L(n) @ (inv(S) ⊗ inv(S)) @ D(n))`
#
# > `ks.grad(f, S)` is the gradient in the space of symmetric matrices with the
# > Frobenius inner product: sym(G) = (G + Gᵀ)/2, G the unconstrained gradient, so
# > df = tr(grad(f, S)ᵀ dS) for every symmetric dS [...] `grad(logdet(S), S) == inv(S)`
# > [...] It is *not* the "G + Gᵀ − diag(G)" of the Matrix Cookbook.

# %%
Jv = ks.diff(ks.inv(S), S, vech=True)
g = ks.grad(ks.logdet(S), S)
display(Math(r"\frac{\partial \operatorname{vech}(S^{-1})}{\partial (\operatorname{vech} S)^{\top}} = "
             + ks.latex(Jv)))
display(Math(r"\nabla_S \log\det S = " + ks.latex(g)))
print("structurally (interned nodes, ==):",
      Jv == -(Ln @ ks.kron(ks.inv(S), ks.inv(S)) @ Dn), g == ks.inv(S))
Dplus = ks.inv(Dn.T @ Dn) @ Dn.T
claim(Jv, -(Dplus @ ks.kron(ks.inv(S), ks.inv(S)) @ Dn));          # Magnus & Neudecker's form
claim(Jv, -(Ln @ ks.kron(ks.inv(S), ks.inv(S)) @ Ln.T));           # a look-alike

# %% [markdown]
# Finite differences along symmetric perturbations: column k of the vech Jacobian is
# the derivative along $E_k = \operatorname{unvech}(e_k)$ (a symmetric matrix with one
# free coordinate changed), and the gradient must satisfy
# $\frac{d}{dt}\log\det(S + tE) = \operatorname{tr}(\nabla^{\top} E)$ for every
# symmetric E.

# %%
k = 4
s0 = rng.normal(size=(k, k)); s0 = s0 @ s0.T + k * np.eye(k)      # symmetric positive definite
dk = ks.evaluate(ks.D(k), {})
vech_of = lambda M: ks.evaluate(ks.vech(S), {S: (M + M.T) / 2}).ravel()
h = 1e-6
cols = []
for j in range(dk.shape[1]):
    E = dk[:, j].reshape(k, k, order="F")                      # unvech(e_j): symmetric
    cols.append((vech_of(np.linalg.inv(s0 + h * E)) - vech_of(np.linalg.inv(s0 - h * E))) / (2 * h))
fd = np.column_stack(cols)
print("vech Jacobian", fd.shape, "max |kronsym - central differences| =",
      f"{np.abs(ks.evaluate(Jv, {S: s0}) - fd).max():.1e}")

g0 = ks.evaluate(g, {S: s0})
logdet = lambda M: np.linalg.slogdet(M)[1]
for _ in range(3):
    E = rng.normal(size=(k, k)); E = E + E.T                   # a random symmetric direction
    fd = (logdet(s0 + h * E) - logdet(s0 - h * E)) / (2 * h)
    print(f"d logdet along E: {fd:+.8f}   tr(gradᵀ E): {np.trace(g0.T @ E):+.8f}")
print("grad is S⁻¹:", np.allclose(g0, np.linalg.inv(s0)))
cookbook = 2 * np.linalg.inv(s0) - np.diag(np.diag(np.linalg.inv(s0)))   # G + Gᵀ − diag G
print(f"the Cookbook matrix is not a gradient: tr(Cᵀ E) = {np.trace(cookbook.T @ E):+.8f} "
      f"against {fd:+.8f}")

# %% [markdown]
# ## Spectra and rank
#
# `ks.eigvals`, `ks.svdvals` and `ks.rank` are statements about multisets of numbers
# (`docs/spectral.md`): `S * T` is every product $s_i t_j$, `S + T` every sum. The
# eigenvalues of $A \otimes B$ are the products $\lambda_i \mu_j$, those of the
# Kronecker sum $A \oplus B = A \otimes I + I \otimes B$ the sums $\lambda_i + \mu_j$,
# and $\operatorname{rank}(A \otimes B) = \operatorname{rank} A \cdot \operatorname{rank} B$.

# %%
Am, Bn = ks.MatrixSymbol("A", m, m), ks.MatrixSymbol("B", n, n)
claim(ks.eigvals(ks.kron(Am, Bn)), ks.eigvals(Am) * ks.eigvals(Bn))
claim(ks.eigvals(ks.kron_sum(Am, Bn)), ks.eigvals(Am) + ks.eigvals(Bn))
claim(ks.rank(ks.kron(A, B2)), ks.rank(A) * ks.rank(B2));


# %%
def multiset_gap(u, v):
    """Largest |u_i - v_π(i)| under the best matching π (order does not matter)."""
    cost = np.abs(np.subtract.outer(u, v))
    r, c = scipy.optimize.linear_sum_assignment(cost)
    return cost[r, c].max()

a, b = rng.normal(size=(3, 3)), rng.normal(size=(4, 4))         # complex eigenvalues
la, mb = np.linalg.eigvals(a), np.linalg.eigvals(b)
ksum = np.kron(a, np.eye(4)) + np.kron(np.eye(3), b)
print("eig(A⊗B) vs {λμ}:  ", f"{multiset_gap(np.linalg.eigvals(np.kron(a, b)), np.outer(la, mb).ravel()):.1e}")
print("eig(A⊕B) vs {λ+μ}: ", f"{multiset_gap(np.linalg.eigvals(ksum), np.add.outer(la, mb).ravel()):.1e}")
print("  and ks.evaluate(kron_sum) == A⊗I + I⊗B:",
      np.allclose(ks.evaluate(ks.kron_sum(Am, Bn), {Am: a, Bn: b}), ksum))
a2 = rng.normal(size=(5, 2)) @ rng.normal(size=(2, 3))          # rank 2
b2 = np.outer(rng.normal(size=4), rng.normal(size=6))            # rank 1
print("rank(A⊗B) =", np.linalg.matrix_rank(np.kron(a2, b2)),
      "= rank A · rank B =", np.linalg.matrix_rank(a2), "·", np.linalg.matrix_rank(b2))

# %% [markdown]
# A false look-alike: the eigenvalues of $A \otimes B$ are *not* the sums
# $\lambda_i + \mu_j$ (those belong to the Kronecker sum). `ks.prove` returns a
# counterexample, which is recomputed here with numpy:

# %%
bad = claim(ks.eigvals(ks.kron(Am, Bn)), ks.eigvals(Am) + ks.eigvals(Bn))
cx = bad.counterexample
print("dims:", cx["dims"])
a, b = cx["values"][Am], cx["values"][Bn]
print("A =", a.tolist(), " B =", b.tolist())
print("eig(A ⊗ B) =", np.linalg.eigvals(np.kron(a, b)),
      " {λ + μ} =", np.add.outer(np.linalg.eigvals(a), np.linalg.eigvals(b)).ravel())

# %% [markdown]
# ## What the checker says about these topics
#
# The rows of `kronsym.seeds` (the catalogue behind `docs/identities.md`) about the
# products, row-major vec, symmetric matrices and spectra, each decided by `ks.prove`
# now: "proved" is a symbolic proof, "numeric evidence" means no counterexample in
# random trials, "false" comes with a counterexample.

# %%
from kronsym.seeds import catalogue, verdict_of

TOPICS = ("face-splitting", "Khatri", "Tracy", "row-", "M&N", "symmetric",
          "eigenvalues", "spectrum", "singular values", "rank")
MARKS = ("•", "⊠", "vec_r", "eig", "rank", "D_n", "vech")
rows = ["| where | identity | verdict | how |", "|---|---|---|---|"]
for item in catalogue():
    if any(t in item.where for t in TOPICS) or (
            item.where == "look-alike" and any(t in item.text for t in MARKS)):
        verdict, detail = verdict_of(item)
        word = "**false**" if verdict == "fails" else verdict
        rows.append(f"| {item.where} | {item.text} | {word} | {detail[:80]} |")
print(len(rows) - 2, "rows")
display(Markdown("\n".join(rows)))
