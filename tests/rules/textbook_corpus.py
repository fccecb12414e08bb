"""A corpus of textbook derivatives: kronsym's input and the result as a textbook writes it.

Each entry is (name, op, f, X, textbook): ``op`` is "grad", "diff" or "hessian", ``f`` the
function, ``X`` the variable, ``textbook`` the printed result of the source, written as a
kronsym expression (not simplified). Sources: Petersen & Pedersen, *The Matrix Cookbook*
(Nov. 2012), ch. 2 (equation numbers in the names); Magnus & Neudecker, *Matrix
Differential Calculus* (3rd ed., 2019), ch. 9-10 (identification tables, Jacobians);
the Gaussian and regression MLEs (M&N ch. 15-16, Bishop PRML §2.3.4).

Used by tests/rules/test_textbook_corpus.py (every result numerically equal to its
textbook form; the share of simplified results no larger than the textbook form) and
bench/textbook_share.py (the same share with the misses listed).
"""
import sympy

import kronsym as ks

m, n, p = ks.dims("m n p")
N_ = sympy.Symbol("N", positive=True)
lam = sympy.Symbol("lambda", positive=True)
half = sympy.Rational(1, 2)

X = ks.MatrixSymbol("X", n, n)          # square variable
R = ks.MatrixSymbol("X", m, n)          # rectangular variable
A = ks.MatrixSymbol("A", n, n)
B = ks.MatrixSymbol("B", n, n)
Anm = ks.MatrixSymbol("A", n, m)
Apm = ks.MatrixSymbol("A", p, m)
Bnp = ks.MatrixSymbol("B", n, p)
Apn = ks.MatrixSymbol("A", p, n)
Bmp = ks.MatrixSymbol("B", m, p)
Bm = ks.MatrixSymbol("B", m, m)
Dm = ks.MatrixSymbol("D", m, m)
Sa = ks.symmetric("A", m)               # symmetric constant
Ap = ks.MatrixSymbol("A", p, p)
a = ks.MatrixSymbol("a", n, 1)
b = ks.MatrixSymbol("b", n, 1)
am = ks.MatrixSymbol("a", m, 1)
c = ks.MatrixSymbol("c", n, 1)
cm = ks.MatrixSymbol("c", m, 1)
x = ks.MatrixSymbol("x", n, 1)
y = ks.MatrixSymbol("y", n, 1)
ym = ks.MatrixSymbol("y", m, 1)
mu = ks.MatrixSymbol("mu", n, 1)
S = ks.symmetric("S", n)                # symmetric variable (a covariance Σ)
C = ks.symmetric("C", n)                # a scatter matrix Σ_i (x_i − μ)(x_i − μ)ᵀ
W = ks.symmetric("W", m)                # regression weights
u = ks.MatrixSymbol("u", n, 1)
inv, tr, T, det, logdet, kron, I = ks.inv, ks.trace, ks.transpose, ks.det, ks.logdet, ks.kron, ks.I
r = ym - R @ b                          # a residual, X m×n, b n×1

CORPUS = [
    # --- Matrix Cookbook §2.5: traces --------------------------------------------------
    ("tr(X) (99)", "grad", tr(X), X, I(n)),
    ("tr(AX) (100)", "grad", tr(Anm @ R), R, Anm.T),
    ("tr(XA) (100)", "grad", tr(R @ Anm), R, Anm.T),
    ("tr(AXB) (101)", "grad", tr(Apm @ R @ Bnp), R, Apm.T @ Bnp.T),
    ("tr(AXᵀB) (103)", "grad", tr(Apn @ R.T @ Bmp), R, Bmp @ Apn),
    ("tr(XᵀX) (107)", "grad", tr(R.T @ R), R, 2 * R),
    ("tr(X²) (106)", "grad", tr(X @ X), X, 2 * X.T),
    ("tr(XᵀBX) (117)", "grad", tr(R.T @ Bm @ R), R, (Bm + Bm.T) @ R),
    ("tr(XBXᵀ) (116)", "grad", tr(X @ B @ X.T), X, X @ (B + B.T)),
    ("tr(AXBX) (114)", "grad", tr(A @ X @ B @ X), X, A.T @ X.T @ B.T + B.T @ X.T @ A.T),
    ("tr(X³) (121)", "grad", tr(X @ X @ X), X, 3 * (X @ X).T),
    ("tr(X⁻¹) (124)", "grad", tr(inv(X)), X, -(inv(X) @ inv(X)).T),
    ("tr(AX⁻¹B) (125)", "grad", tr(A @ inv(X) @ B), X, -(inv(X) @ B @ A @ inv(X)).T),
    ("tr(A⊗X) (issue 17)", "grad", tr(kron(Ap, X)), X, tr(Ap) * I(n)),
    ("tr(XᵀAX), A symmetric", "grad", tr(R.T @ Sa @ R), R, 2 * (Sa @ R)),
    # --- §2.1: determinants ----------------------------------------------------------------
    ("det(X) (49)", "grad", det(X), X, det(X) * inv(X).T),
    ("log det X (57)", "grad", logdet(X), X, inv(X).T),
    ("log(det X) (issue 17)", "grad", ks.log(det(X)), X, inv(X).T),
    ("det(AXB) (49)", "grad", det(A @ X @ B), X, det(A @ X @ B) * inv(X).T),
    ("log det(XᵀX) (55)", "grad", logdet(R.T @ R), R, 2 * (R @ inv(R.T @ R))),
    ("det(X³) (51)", "grad", det(X @ X @ X), X, 3 * (det(X) ** 3 * inv(X).T)),
    ("det(XᵀAX), A symmetric (52)", "grad", det(R.T @ Sa @ R), R,
     2 * (det(R.T @ Sa @ R) * (Sa @ R @ inv(R.T @ Sa @ R)))),
    ("log det(XᵀAX), A symmetric (55)", "grad", logdet(R.T @ Sa @ R), R,
     2 * (Sa @ R @ inv(R.T @ Sa @ R))),
    ("log det(X⁻¹) (56)", "grad", logdet(inv(X)), X, -inv(X).T),
    # --- §2.2-2.4: linear and quadratic forms ---------------------------------------------
    ("aᵀXb (70)", "grad", am.T @ R @ b, R, am @ b.T),
    ("aᵀXᵀb (71)", "grad", a.T @ R.T @ cm, R, cm @ a.T),
    ("aᵀXa (72)", "grad", a.T @ X @ a, X, a @ a.T),
    ("aᵀX⁻¹b (61)", "grad", a.T @ inv(X) @ b, X, -(inv(X).T @ a @ b.T @ inv(X).T)),
    ("bᵀXᵀXc (77)", "grad", b.T @ R.T @ R @ c, R, R @ (b @ c.T + c @ b.T)),
    ("(Xb + c)ᵀD(Xb + c) (78)", "grad", (R @ b + cm).T @ Dm @ (R @ b + cm), R,
     (Dm + Dm.T) @ (R @ b + cm) @ b.T),
    ("bᵀXᵀDXb (79)", "grad", b.T @ R.T @ Dm @ R @ b, R, (Dm + Dm.T) @ R @ b @ b.T),
    ("xᵀAx (81)", "grad", x.T @ A @ x, x, (A + A.T) @ x),
    ("xᵀx", "grad", x.T @ x, x, 2 * x),
    ("aᵀx (69)", "grad", a.T @ x, x, a),
    ("‖x − a‖² (129)", "grad", ks.norm2(x - a) ** 2, x, 2 * (x - a)),
    ("‖x‖ (130)", "grad", ks.norm2(x), x, ks.norm2(x) ** -1 * x),
    ("‖X‖_F² (145)", "grad", ks.norm2(R) ** 2, R, 2 * R),
    ("sum(X∘X)", "grad", ks.sum(ks.power(R, 2)), R, 2 * R),
    # --- regression and Gaussian MLEs -------------------------------------------------------
    ("least squares ‖y − Xb‖²", "grad", ks.norm2(r) ** 2, b, -2 * (R.T @ r)),
    ("ridge ‖y − Xb‖² + λ‖b‖²", "grad", ks.norm2(r) ** 2 + lam * (b.T @ b), b,
     2 * lam * b - 2 * (R.T @ r)),
    ("weighted least squares (y − Xb)ᵀW(y − Xb)", "grad", r.T @ W @ r, b, -2 * (R.T @ W @ r)),
    ("Gaussian log-likelihood, μ", "grad", -half * ((x - mu).T @ inv(S) @ (x - mu)), mu,
     inv(S) @ (x - mu)),
    ("Gaussian log-likelihood, Σ (N samples)", "grad",
     -(N_ / 2) * logdet(S) - half * tr(inv(S) @ C), S,
     half * (inv(S) @ C @ inv(S) - N_ * inv(S))),
    ("Gaussian log-likelihood, Σ (one sample)", "grad",
     -half * logdet(S) - half * (u.T @ inv(S) @ u), S,
     half * (inv(S) @ u @ u.T @ inv(S) - inv(S))),
    ("logistic regression", "grad", ks.sum(ks.softplus(R @ b)) - ym.T @ R @ b, b,
     R.T @ (ks.sigmoid(R @ b) - ym)),
    ("log-sum-exp", "grad", ks.logsumexp(x), x, ks.softmax(x)),
    ("tr(AS), S symmetric", "grad", tr(A @ S), S, half * (A + A.T)),
    ("log det S, S symmetric", "grad", logdet(S), S, inv(S)),
    # --- Magnus & Neudecker ch. 9-10: Jacobians ----------------------------------------------
    ("d vec(AXB) (M&N 9.?)", "diff", Apm @ R @ Bnp, R, kron(Bnp.T, Apm)),
    ("d vec Xᵀ", "diff", R.T, R, ks.K(m, n)),
    ("d vec X⁻¹", "diff", inv(X), X, -kron(inv(X).T, inv(X))),
    ("d vec X²", "diff", X @ X, X, kron(X.T, I(n)) + kron(I(n), X)),
    ("d(Ax)", "diff", A @ x, x, A),
    ("d(diag(x) y) (issue 17)", "diff", ks.diag(x) @ y, x, ks.diag(y)),
    ("d(x ∘ y)", "diff", ks.hadamard(x, y), x, ks.diag(y)),
    ("d exp(x)", "diff", ks.exp(x), x, ks.diag(ks.exp(x))),
    ("d softmax(x)", "diff", ks.softmax(x), x,
     ks.diag(ks.softmax(x)) - ks.softmax(x) @ ks.softmax(x).T),
    # --- Hessians --------------------------------------------------------------------------
    ("Hessian of xᵀAx", "hessian", x.T @ A @ x, x, A + A.T),
    ("Hessian of least squares", "hessian", ks.norm2(r) ** 2, b, 2 * (R.T @ R)),
]


def compute(op, f, X):
    """kronsym's result for an entry: ks.grad / ks.diff / ks.hessian, then ks.simplify."""
    fn = {"grad": ks.grad, "diff": ks.diff, "hessian": ks.hessian}[op]
    return ks.simplify(fn(f, X))


def tree_size(e) -> int:
    """The number of nodes of ``e`` as a tree (a repeated subexpression counts each time)."""
    from kronsym.traverse import postorder
    size = {}
    for node in postorder(e):
        size[node] = 1 + sum(size[ch] for ch in node.children)
    return size[e]
