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
# # Machine-learning losses: derived, simplified, proved, exported
#
# The losses people differentiate are sums of entrywise functions: softplus, log-sum-exp,
# tanh, norms. kronsym keeps the Magnus–Neudecker layout — the derivative of F (p×q)
# with respect to X (m×n) is $\partial \operatorname{vec} F / \partial (\operatorname{vec}
# X)^{\top}$ — and keeps the diagonal of an entrywise derivative as structure:
# $d \operatorname{vec} f(X) = \operatorname{diag}(\operatorname{vec} f'(X))\, d
# \operatorname{vec} X$ is a Hadamard scaling, never an $mn \times mn$ matrix.
#
# For each loss below: the derivative from `ks.grad` / `ks.hessian`, `ks.simplify`, the
# LaTeX, a proof against the textbook form with `ks.equals` (and a wrong look-alike
# refuted), and a numeric check of `ks.lambdify`'s function against hand-written numpy
# and against central differences. In LaTeX, $f^{\circ}(X)$ is $f$ applied entry by
# entry (so $\exp^{\circ}$ is not the matrix exponential), $\mathbf{1}$ a vector of ones.

# %%
# Use the checkout this notebook lives in (when opened from notebooks/), else an installed kronsym.
import sys, pathlib
_root = pathlib.Path.cwd()
if not (_root / "kronsym").is_dir() and (_root.parent / "kronsym").is_dir():
    sys.path.insert(0, str(_root.parent))

# %%
import numpy as np
import sympy
import kronsym as ks
from IPython.display import Math, display

rng = np.random.default_rng(0)
SIZES = [(1, 1), (7, 3), (5, 1), (4, 6)]      # (rows, cols): 1 and non-square included

def show(label, expr):
    """Display `label = expr` as LaTeX."""
    display(Math(label + " = " + ks.latex(expr)))

def prove(derived, textbook, wrong):
    """ks.equals proves the textbook form and refutes a wrong look-alike."""
    ok, refuted = ks.equals(derived, textbook), not ks.equals(derived, wrong)
    print(f"equals textbook form: {ok};  wrong look-alike refuted: {refuted}")
    assert ok and refuted

def central_grad(f, args, i, h=1e-6):
    """Central differences of the scalar f with respect to its argument number i."""
    x = args[i]
    g = np.zeros_like(x)
    for idx in np.ndindex(x.shape):
        e = np.zeros_like(x); e[idx] = h
        up = [a + e if j == i else a for j, a in enumerate(args)]
        dn = [a - e if j == i else a for j, a in enumerate(args)]
        g[idx] = (np.asarray(f(*up)).item() - np.asarray(f(*dn)).item()) / (2 * h)
    return g

def close(a, b, tol=1e-8):
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    assert a.shape == b.shape, (a.shape, b.shape)
    err = np.max(np.abs(a - b)) / max(1.0, np.max(np.abs(b)))
    assert err < tol, err
    return err

def sig(z):
    return 0.5 * (1.0 + np.tanh(0.5 * z))


# %% [markdown]
# ## Logistic regression
#
# $f(w) = \mathbf{1}^{\top} \operatorname{softplus}^{\circ}(Xw) - y^{\top} X w$ with
# $X$ m×n, labels $y \in \{0, 1\}^m$. Textbook: $\nabla f = X^{\top}(\sigma(Xw) - y)$,
# $\nabla^2 f = X^{\top} \operatorname{diag}(\sigma \circ (1 - \sigma)) X$.

# %%
m, n = ks.dims("m n")
X = ks.MatrixSymbol("X", m, n)
y = ks.MatrixSymbol("y", m, 1)
w = ks.MatrixSymbol("w", n, 1)
f = ks.sum(ks.softplus(X @ w)) - y.T @ X @ w
g = ks.simplify(ks.grad(f, w))
H = ks.simplify(ks.hessian(f, w))
show("f", f); show(r"\nabla f", g); show(r"\nabla^2 f", H)
s = ks.sigmoid(X @ w)
prove(g, X.T @ (s - y), X.T @ (s + y))
prove(H, X.T @ ks.diag(ks.hadamard(s, ks.ones(m) - s)) @ X,
      X.T @ ks.diag(ks.hadamard(s, s)) @ X)

# %%
lf, lg, lH = (ks.lambdify([X, y, w], e) for e in (f, g, H))
for (m_, n_) in SIZES:
    Xv = rng.standard_normal((m_, n_)); yv = (rng.random((m_, 1)) < 0.5) * 1.0
    wv = rng.standard_normal((n_, 1)); z = Xv @ wv
    close(lf(Xv, yv, wv), np.logaddexp(0, z).sum(keepdims=True) - yv.T @ z)
    close(lg(Xv, yv, wv), Xv.T @ (sig(z) - yv))
    close(lH(Xv, yv, wv), Xv.T @ (sig(z) * (1 - sig(z)) * Xv))
    close(lg(Xv, yv, wv), central_grad(lf, [Xv, yv, wv], 2), tol=1e-6)
print("loss, gradient, Hessian match numpy and central differences at", SIZES)

# %% [markdown]
# ## Softmax regression (cross-entropy)
#
# For one sample $x$ (n×1), weights $W$ (k×n) and a one-hot label $y$ (k×1):
# $L(W) = \operatorname{logsumexp}(Wx) - y^{\top} W x$, which is
# $-y^{\top} \log^{\circ} \operatorname{softmax}(Wx)$ when $\mathbf{1}^{\top} y = 1$.
# Textbook: $\nabla_W L = (p - y)\, x^{\top}$ with $p = \operatorname{softmax}(Wx)$, and the
# Hessian with respect to $\operatorname{vec} W$ is
# $(x x^{\top}) \otimes (\operatorname{diag}(p) - p p^{\top})$.

# %%
k = ks.dims("k")[0]
x = ks.MatrixSymbol("x", n, 1)
W = ks.MatrixSymbol("W", k, n)
yk = ks.MatrixSymbol("y", k, 1)
L = ks.logsumexp(W @ x) - yk.T @ W @ x
gW = ks.simplify(ks.grad(L, W))
HW = ks.simplify(ks.hessian(L, W))
show("L", L); show(r"\nabla_W L", gW); show(r"\nabla^2_{\operatorname{vec} W} L", HW)
p = ks.softmax(W @ x)
prove(gW, (p - yk) @ x.T, (p + yk) @ x.T)
prove(HW, ks.kron(x @ x.T, ks.diag(p) - p @ p.T), ks.kron(x @ x.T, ks.diag(p)))
# the cross-entropy form: its gradient is (p 1ᵀy − y) xᵀ, which is (p − y) xᵀ for one-hot y
CE = -yk.T @ ks.log(ks.softmax(W @ x))
gCE = ks.simplify(ks.grad(CE, W))
prove(gCE, (p @ ks.ones(k).T @ yk - yk) @ x.T, (p - yk) @ x.T)

# %%
lL, lgW, lHW, lCE = (ks.lambdify([W, x, yk], e) for e in (L, gW, HW, gCE))
for (k_, n_) in SIZES:
    Wv = rng.standard_normal((k_, n_)); xv = rng.standard_normal((n_, 1))
    yv = np.eye(k_)[:, [rng.integers(k_)]]
    z = Wv @ xv; pv = np.exp(z - z.max()) / np.exp(z - z.max()).sum()
    close(lL(Wv, xv, yv), np.log(np.exp(z).sum(keepdims=True)) - yv.T @ z)
    close(lgW(Wv, xv, yv), (pv - yv) @ xv.T)
    close(lCE(Wv, xv, yv), (pv - yv) @ xv.T)        # one-hot y
    close(lHW(Wv, xv, yv), np.kron(xv @ xv.T, np.diag(pv[:, 0]) - pv @ pv.T))
    close(lgW(Wv, xv, yv), central_grad(lL, [Wv, xv, yv], 0), tol=1e-6)
print("softmax regression matches numpy and central differences at", SIZES)

# %% [markdown]
# ## A tanh layer
#
# $h = \tanh^{\circ}(Wx + b)$ and the squared error $E = \tfrac12 \lVert h - t \rVert_2^2$.
# Textbook: $\partial h / \partial x^{\top} = \operatorname{diag}(\mathbf{1} - h^{\circ 2}) W$,
# $\nabla_W E = ((h - t) \circ (\mathbf{1} - h^{\circ 2}))\, x^{\top}$ and, with
# $d = \mathbf{1} - h^{\circ 2}$ and $r = h - t$,
# $\nabla^2_x E = W^{\top} \operatorname{diag}(d \circ d - 2\, r \circ h \circ d)\, W$.

# %%
b = ks.MatrixSymbol("b", k, 1)
t = ks.MatrixSymbol("t", k, 1)
h = ks.tanh(W @ x + b)
E = ks.norm2(h - t) ** 2 / 2
Jx = ks.simplify(ks.diff(h, x))
gE = ks.simplify(ks.grad(E, W))
HE = ks.simplify(ks.hessian(E, x))
show(r"\frac{\partial h}{\partial x^{\top}}", Jx); show(r"\nabla_W E", gE)
show(r"\nabla^2_x E", HE)
d = ks.ones(k) - ks.power(h, 2)
r = h - t
prove(Jx, ks.diag(d) @ W, ks.diag(ks.ones(k) - h) @ W)
prove(gE, ks.hadamard(r, d) @ x.T, r @ x.T)
prove(HE, W.T @ ks.diag(ks.hadamard(d, d) - 2 * ks.hadamard(ks.hadamard(r, h), d)) @ W,
      W.T @ ks.diag(ks.hadamard(d, d)) @ W)

# %%
lJ = ks.lambdify([W, x, b, t], Jx)
lE, lgE, lHE = (ks.lambdify([W, x, b, t], e) for e in (E, gE, HE))
for (k_, n_) in SIZES:
    Wv, xv = rng.standard_normal((k_, n_)), rng.standard_normal((n_, 1))
    bv, tv = rng.standard_normal((k_, 1)), rng.standard_normal((k_, 1))
    hv = np.tanh(Wv @ xv + bv); dv, rv = 1 - hv ** 2, hv - tv
    close(lJ(Wv, xv, bv, tv), dv * Wv)
    close(lE(Wv, xv, bv, tv), 0.5 * (rv.T @ rv))
    close(lgE(Wv, xv, bv, tv), (rv * dv) @ xv.T)
    close(lHE(Wv, xv, bv, tv), Wv.T @ ((dv * dv - 2 * rv * hv * dv) * Wv))
    close(lgE(Wv, xv, bv, tv), central_grad(lE, [Wv, xv, bv, tv], 0), tol=1e-6)
print("tanh layer matches numpy and central differences at", SIZES)

# %% [markdown]
# ## Ridge and lasso
#
# Ridge: $\lVert Ax - c \rVert_2^2 + \lambda \lVert x \rVert_2^2$, gradient
# $2A^{\top}(Ax - c) + 2\lambda x$, Hessian $2A^{\top}A + 2\lambda I$, minimiser
# $(A^{\top}A + \lambda I)^{-1} A^{\top} c$. Lasso:
# $\tfrac12 \lVert Ax - c \rVert_2^2 + \lambda \lVert x \rVert_1$, (sub)gradient
# $A^{\top}(Ax - c) + \lambda \operatorname{sign}^{\circ}(x)$ (kronsym's documented
# subgradient at a zero entry is 0), Hessian $A^{\top}A$ away from the kinks.

# %%
lam = sympy.Symbol("lambda", positive=True)
A = ks.MatrixSymbol("A", m, n)
c = ks.MatrixSymbol("c", m, 1)
ridge = ks.norm2(A @ x - c) ** 2 + lam * ks.norm2(x) ** 2
lasso = ks.norm2(A @ x - c) ** 2 / 2 + lam * ks.norm1(x)
gr, Hr = ks.simplify(ks.grad(ridge, x)), ks.simplify(ks.hessian(ridge, x))
gl, Hl = ks.simplify(ks.grad(lasso, x)), ks.simplify(ks.hessian(lasso, x))
show(r"\nabla \mathrm{ridge}", gr); show(r"\nabla^2 \mathrm{ridge}", Hr)
show(r"\nabla \mathrm{lasso}", gl); show(r"\nabla^2 \mathrm{lasso}", Hl)
prove(gr, 2 * A.T @ (A @ x - c) + 2 * lam * x, 2 * A.T @ (A @ x - c) + lam * x)
prove(Hr, 2 * A.T @ A + 2 * lam * ks.I(n), 2 * A.T @ A)
prove(gl, A.T @ (A @ x - c) + lam * ks.sign(x), A.T @ (A @ x - c) + lam * x)
prove(Hl, A.T @ A, A.T @ A + lam * ks.I(n))

# %%
args = [A, x, c, lam]
lr, lgr, lHr = (ks.lambdify(args, e) for e in (ridge, gr, Hr))
llas, lgl = ks.lambdify(args, lasso), ks.lambdify(args, gl)
for (m_, n_) in SIZES:
    Av, xv, cv = (rng.standard_normal(s) for s in ((m_, n_), (n_, 1), (m_, 1)))
    lv = 0.3
    rv = Av @ xv - cv
    close(lr(Av, xv, cv, lv), rv.T @ rv + lv * (xv.T @ xv))
    close(lgr(Av, xv, cv, lv), 2 * Av.T @ rv + 2 * lv * xv)
    close(lHr(Av, xv, cv, lv), 2 * Av.T @ Av + 2 * lv * np.eye(n_))
    close(lgl(Av, xv, cv, lv), Av.T @ rv + lv * np.sign(xv))
    close(lgl(Av, xv, cv, lv), central_grad(llas, [Av, xv, cv, lv], 1), tol=1e-6)
    # the ridge minimiser: the exported gradient vanishes there
    xs = np.linalg.solve(Av.T @ Av + lv * np.eye(n_), Av.T @ cv)
    close(lgr(Av, xs, cv, lv), np.zeros((n_, 1)), tol=1e-9)
print("ridge and lasso match numpy and central differences at", SIZES)
