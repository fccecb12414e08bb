"""Cells of notebooks/02_vec_trick_matrix_equations.ipynb: the vec trick and matrix equations.

Owns ``CELLS`` (list of (kind, source), kind "md" or "code") read by
``build_notebooks.py``. ``LINALG_CELLS`` (using ``kronsym.linalg``) are kept
out of ``CELLS`` until that module is on main: the build must not depend on
what is installed, or the committed notebook would drift from the builder.
"""
from cells_01_paper import SETUP

CELLS = [
    ("md", r"""
    # The vec trick and linear matrix equations

    $\operatorname{vec}(AXB) = (B^{\top} \otimes A)\operatorname{vec} X$ turns any linear
    matrix equation into an ordinary linear system. This notebook proves the identity
    with kronsym, then solves a Sylvester equation $AX + XB = C$ and a Lyapunov equation
    $AX + XA^{\top} = Q$ through their Kronecker forms, built as kronsym expressions and
    evaluated, and compares with SciPy's dedicated solvers.
    """),
    ("code", SETUP),
    ("code", '''
    import numpy as np
    import scipy.linalg
    import scipy.sparse.linalg
    import kronsym as ks
    from IPython.display import Math, display

    m, n, p, q = ks.dims("m n p q")
    rng = np.random.default_rng(0)
    '''),
    ("md", r"""
    ## The vec trick, proved

    `ks.equals` is `True` when the two sides reach the same canonical form (or no
    counterexample exists), `False` when kronsym finds one. `ks.prove` says which.
    """),
    ("code", '''
    A = ks.MatrixSymbol("A", m, n)
    X = ks.MatrixSymbol("X", n, p)
    B = ks.MatrixSymbol("B", p, q)
    lhs, rhs = ks.vec(A @ X @ B), ks.kron(B.T, A) @ ks.vec(X)
    display(Math(ks.latex(lhs) + " = " + ks.latex(rhs)))
    print("equals:", ks.equals(lhs, rhs), "|", ks.prove(lhs, rhs))
    print("look-alike (B ⊗ Aᵀ), square case:",
          ks.verify("vec(A @ X @ B) == kron(B, A.T) @ vec(X)",
                    {"A": "n,n", "X": "n,n", "B": "n,n"}).verdict)
    '''),
    ("md", r"""
    ## Sylvester: $AX + XB = C$, A m×m, B n×n, X m×n

    Vectorising, $(I_n \otimes A + B^{\top} \otimes I_m)\operatorname{vec} X =
    \operatorname{vec} C$; the matrix is the Kronecker sum $B^{\top} \oplus A$.
    """),
    ("code", '''
    A = ks.MatrixSymbol("A", m, m)
    B = ks.MatrixSymbol("B", n, n)
    X = ks.MatrixSymbol("X", m, n)
    L = ks.kron(ks.I(n), A) + ks.kron(B.T, ks.I(m))
    display(Math(ks.latex(L)))
    print("vec(AX + XB) = L vec X:", ks.prove(ks.vec(A @ X + X @ B), L @ ks.vec(X)))
    print("L = Bᵀ ⊕ A:           ", ks.prove(L, ks.kron_sum(B.T, A)))
    '''),
    ("code", '''
    a = rng.normal(size=(4, 4)) + 4 * np.eye(4)
    b = rng.normal(size=(3, 3)) + 4 * np.eye(3)
    c = rng.normal(size=(4, 3))

    L_num = ks.evaluate(L, {A: a, B: b})             # dims m = 4, n = 3 read from the arrays
    x_kron = np.linalg.solve(L_num, c.reshape(-1, order="F")).reshape(4, 3, order="F")
    x_scipy = scipy.linalg.solve_sylvester(a, b, c)
    print("L is", L_num.shape, "| max |X_kron - X_scipy| =", np.abs(x_kron - x_scipy).max())
    print("residual |AX + XB - C| =", np.abs(a @ x_kron + x_kron @ b - c).max())
    '''),
    ("md", r"""
    Matrix-free: `ks.lambdify(..., form="operator")` gives L as a linear operator whose
    matvec applies the Kronecker factors to a reshaped vector (L is never formed), so an
    iterative solver works at sizes where the (mn)×(mn) matrix would not fit.
    """),
    ("code", '''
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
    '''),
    ("md", r"""
    ## Lyapunov: $AX + XA^{\top} = Q$

    The special case B = Aᵀ: $(I \otimes A + A \otimes I)\operatorname{vec} X =
    \operatorname{vec} Q$. SciPy's `solve_continuous_lyapunov(a, q)` solves
    $AX + XA^{H} = Q$.
    """),
    ("code", '''
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
    '''),
]

LINALG_CELLS = [
    ("md", r"""
    ## The same with `kronsym.linalg`

    `kronsym.linalg` holds structured solvers that never form the Kronecker matrix.
    """),
    ("code", '''
    import kronsym.linalg as kl
    a = rng.normal(size=(4, 4)) + 4 * np.eye(4)
    b = rng.normal(size=(3, 3)) + 4 * np.eye(3)
    c = rng.normal(size=(4, 3))
    x = kl.sylvester(a, b, c)
    print("sylvester: max |X - scipy| =", np.abs(x - scipy.linalg.solve_sylvester(a, b, c)).max())
    qm = rng.normal(size=(4, 4)); qm = qm + qm.T
    a = a - 8 * np.eye(4)
    x = kl.lyapunov(a, qm)
    print("lyapunov:  max |X - scipy| =",
          np.abs(x - scipy.linalg.solve_continuous_lyapunov(a, qm)).max())
    '''),
]

