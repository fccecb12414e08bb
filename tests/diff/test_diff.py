"""Differentiation: every rule and theorem tested structurally, against SymPy's
element-wise Matrix.jacobian (explicit), and against complex-step differences."""
import numpy as np
import pytest
import sympy

import kronsym as ks
from kronsym import nodes as N
from kronsym.testing import check_jacobian, random_values, reference_evaluate

m, n, p, q = ks.dims("m n p q")
A = ks.MatrixSymbol("A", m, n)
B = ks.MatrixSymbol("B", p, q)
X = ks.MatrixSymbol("X", n, n)
C = ks.MatrixSymbol("C", n, n)
x = ks.MatrixSymbol("x", n, 1)
y = ks.MatrixSymbol("y", n, 1)
W = ks.MatrixSymbol("W", m, n)
V = ks.MatrixSymbol("V", p, n)
I = ks.I

DIMSETS = [{m: 1, n: 1, p: 1, q: 1}, {m: 2, n: 3, p: 4, q: 1}, {m: 3, n: 2, p: 1, q: 2}]

# (F, X): every node type appears in some F
CASES = [
    (A.T @ A, A), (A @ A.T, A), (ks.kron(A, B), A), (ks.kron(A, B), B), (ks.kron(A, A), A),
    (ks.kron(A, B, A.T), A), (x @ x.T, x), (ks.inv(X) @ X, X), (ks.inv(X), X),
    (ks.trace(C @ X), X), (ks.trace(X.T @ C @ X), X), (ks.det(X), X), (ks.logdet(X), X),
    (ks.trace(ks.inv(X) @ C), X), (ks.hadamard(A, W), A), (ks.hadamard(A, A), A),
    (ks.khatri_rao(A, V), A), (ks.khatri_rao(A, V), V), (ks.khatri_rao(A, A), A),
    (ks.kron_sum(X, C), X), (ks.kron_sum(C, X), X), (ks.diag(x), x), (ks.diag(ks.vec(X)), X),
    (ks.vec(A.T), A), (ks.unvec(ks.vec(A), n, m), A), (ks.K(m, n) @ ks.vec(A), A),
    (ks.trace(X) * X, X), (ks.log(ks.det(X)), X), (ks.exp(ks.trace(X)) * ks.I(n), X),
    (ks.trace(X) ** 3, X), (ks.sqrt(x.T @ x), x), (ks.exp(x.T @ y), x), (3 * X @ X - X.T, X),
    (ks.det(X) * ks.inv(X), X), (ks.ones(m, 1).T @ A @ ks.ones(n, 1), A),
    (ks.trace(X) * ks.trace(X @ X), X), (X @ X @ X @ X, X), (ks.inv(X @ C @ X.T), X),
    (ks.kron(X, C, X), X), (ks.vec(X) @ ks.vec(X).T, X), (ks.det(ks.kron(X, C)), X),
    (ks.logdet(X.T @ X), X), (ks.scalar(2) * X, X), (ks.zeros(n, n) + X, X),
    (N.ScalarFunc("sin", x.T @ x) + N.ScalarFunc("cos", x.T @ y), x),
    # symmetric matrices (with respect to an unconstrained X; symmetric S: tests/nodes/test_symmetric.py)
    (ks.vech(X @ C), X), (ks.D(n) @ ks.vech(X), X), (ks.L(n) @ ks.vec(X @ X), X),
    (ks.Nsym(n) @ ks.vec(X), X), (ks.D(n).T @ ks.vec(C @ X), X),
]
# partitioned products and row-major vec (more in tests/nodes/test_products.py)
CASES += [
    (ks.face_split(A, W), A), (ks.face_split(A, A), A), (ks.vecr(A @ X), A),
    (ks.tracy_singh(A, B, (m, 1), (1, q)), A), (ks.tracy_singh(X, X, (n, 1), (1, n)), X),
]
# reductions and building blocks (more in tests/nodes/test_reductions.py)
CASES += [
    (ks.sum(A @ X), X), (ks.sum(A @ X, axis=0), X), (ks.sum(A @ X, axis=1), A),
    (ks.diag(X @ X.T), X), (ks.norm(A), A), (ks.norm(A @ x), x), (ks.norm1(A - W), A),
    (ks.logsumexp(X @ x), x), (ks.softmax(X @ x), X), (X ** 3, X), (ks.inv(X) ** 2, X),
    (X ** -2, X), (ks.trace(X ** 0 + X ** 4), X),
]
# pseudo-inverse family (more in tests/diff/test_diff_pseudo.py)
CASES += [
    (ks.pinv(A), A), (ks.adj(X), X), (ks.eigvalsh(X), X), (ks.eigvecsh(X), X),
    (ks.nuclear_norm(A), A), (ks.polar(A), A),
]
# matrix functions (more in tests/diff/test_matfunc_diff.py); J_f of an argument free of X
CASES += [
    (ks.expm(X @ C), X), (ks.logm(X), X), (ks.sqrtm(X.T), X),
    (N.MatFuncJacobian(C, "logm") @ ks.vec(X @ X), X),
]


@pytest.mark.parametrize("F,Xs", CASES, ids=[f"{F}|{Xs}" for F, Xs in CASES])
@pytest.mark.parametrize("dims", DIMSETS, ids=["ones", "2342", "3212"])
def test_jacobian_matches_complex_step(F, Xs, dims):
    J = ks.diff(F, Xs)
    assert J.shape == (F.rows * F.cols, Xs.rows * Xs.cols)
    check_jacobian(F, Xs, J=J, dims=dims, seed=11)


def test_every_node_type_is_differentiated_somewhere():
    from kronsym.diff.differential import DIFFERENTIAL
    from kronsym.traverse import postorder
    seen = {type(nd) for F, _ in CASES for nd in postorder(F)}
    for t in N.NODE_TYPES:
        assert t in seen, f"no differentiation test exercises {t.__name__}"
        assert t is N.MatrixSymbol or t in DIFFERENTIAL, f"no differential rule for {t.__name__}"


def _explicit_vs_sympy(F, Xs, dims, J=None):
    """ks.explicit(J) against SymPy's Matrix.jacobian of the explicit vec F."""
    J = ks.diff(F, Xs) if J is None else J
    Fe = ks.explicit(ks.vec(F), dims)
    Xe = ks.explicit(ks.vec(Xs), dims)
    want = Fe.jacobian(list(Xe))
    got = ks.explicit(J, dims)
    assert got.shape == want.shape
    vals = random_values(F, dims, seed=2, extra=[Xs])
    subs = {}
    for s, arr in vals.items():
        if isinstance(s, N.MatrixSymbol):
            ms = sympy.MatrixSymbol(s.name, *arr.shape)
            for i in range(arr.shape[0]):
                for j in range(arr.shape[1]):
                    subs[ms[i, j]] = sympy.Float(arr[i, j], 30)
    g = np.array(got.xreplace(subs).evalf(), dtype=float)
    w = np.array(want.xreplace(subs).evalf(), dtype=float)
    np.testing.assert_allclose(g, w, rtol=1e-9, atol=1e-9)


EXPLICIT_CASES = CASES


@pytest.mark.parametrize("F,Xs", EXPLICIT_CASES[:30], ids=[f"{F}|{Xs}" for F, Xs in EXPLICIT_CASES[:30]])
def test_explicit_matches_sympy_jacobian(F, Xs):
    for dims in ({m: 1, n: 2, p: 2, q: 1}, {m: 2, n: 1, p: 1, q: 2}, {m: 2, n: 2, p: 1, q: 1}):
        _explicit_vs_sympy(F, Xs, dims)


def test_explicit_applies_permutation_factors_without_forming_them():
    """I_n ⊗ K_{q,m} ⊗ I_p (625×625 here) is applied as a row permutation: under a limit
    that refuses forming it, the 625×25 Jacobian of Theorem 4.1 is still explicit, and
    equals the reference evaluation entry by entry."""
    import sympy
    J = ks.diff(ks.kron(A, B), A)
    dims = {m: 5, n: 5, p: 5, q: 5}
    with pytest.raises(ks.EvaluationError, match="over the limit"):
        ks.explicit(ks.kron(I(n), ks.K(q, m), I(p)), dims, max_elements=70_000)
    E = ks.explicit(J, dims, max_elements=70_000)
    rng = np.random.default_rng(0)
    a, b = rng.normal(size=(5, 5)), rng.normal(size=(5, 5))
    As, Bs = sympy.MatrixSymbol("A", 5, 5), sympy.MatrixSymbol("B", 5, 5)
    subs = {**{As[i, j]: a[i, j] for i in range(5) for j in range(5)},
            **{Bs[i, j]: b[i, j] for i in range(5) for j in range(5)}}
    got = np.array(E.xreplace(subs), dtype=float)
    np.testing.assert_allclose(got, reference_evaluate(J, {A: a, B: b}))


# --- structural: the forms the issue and the paper ask for -------------------------------
def test_theorem_3_1_form():
    assert ks.diff(A.T @ A, A) == ks.kron(A.T, I(n)) @ ks.K(m, n) + ks.kron(I(n), A.T)


def test_theorem_4_1_forms():
    P = ks.kron(I(n), ks.K(q, m), I(p))
    assert ks.diff(ks.kron(A, B), A) == P @ ks.kron(I(m * n), ks.vec(B))
    assert ks.diff(ks.kron(A, B), B) == P @ ks.kron(ks.vec(A), I(p * q))


def test_outer_product_form():
    assert ks.diff(x @ x.T, x) == ks.kron(x, I(n)) + ks.kron(I(n), x)


def test_inverse_times_itself_is_zero():
    assert ks.diff(ks.inv(X) @ X, X) == ks.zeros(n ** 2, n ** 2)


def test_inverse_form():
    assert ks.diff(ks.inv(X), X) == -ks.kron(ks.inv(X).T, ks.inv(X))


def test_transpose_is_commutation():
    assert ks.diff(A.T, A) == ks.K(m, n)
    assert ks.diff(A, A) == I(m * n)


@pytest.mark.parametrize("f,want", [
    (ks.trace(C @ X), C.T),
    (ks.trace(X.T @ C @ X), (C + C.T) @ X),
    (ks.det(X), ks.det(X) * ks.inv(X).T),
    (ks.logdet(X), ks.inv(X).T),
    (ks.trace(ks.inv(X) @ C), -(ks.inv(X).T @ C.T @ ks.inv(X).T)),
    (x.T @ C @ x, (C + C.T) @ x),
])
def test_textbook_gradients(f, want):
    g = ks.grad(f, f.free_symbols & {X, x} and (X if X in f.free_symbols else x))
    assert g == want, f"grad {f}: got {g}, want {want}"
    Xs = X if X in f.free_symbols else x
    for dims in DIMSETS:
        vals = random_values(f, dims, seed=4, extra=[Xs])
        from kronsym.testing import numerical_jacobian
        num = numerical_jacobian(f, Xs, vals).reshape(vals[Xs].shape, order="F")
        np.testing.assert_allclose(ks.evaluate(g, vals), num, rtol=1e-7, atol=1e-9)


@pytest.mark.parametrize("f,Xs", [(ks.logdet(X), X), (x.T @ C @ x, x), (ks.trace(X @ X @ C), X),
                                  (ks.det(X), X), (ks.log(x.T @ x), x)])
def test_hessian_is_jacobian_of_gradient(f, Xs):
    H = ks.hessian(f, Xs)
    g = ks.grad(f, Xs)
    assert H.shape == (Xs.rows * Xs.cols, Xs.rows * Xs.cols)
    for dims in DIMSETS:
        check_jacobian(ks.vec(g), Xs, J=H, dims=dims, seed=5)


def test_hessian_of_quadratic_form():
    assert ks.hessian(x.T @ C @ x, x) == C + C.T


def test_diff_errors_and_zero():
    with pytest.raises(TypeError, match="MatrixSymbol"):
        ks.diff(A.T @ A, A.T)
    with pytest.raises(TypeError, match="MatrixSymbol"):
        ks.diff(A, "A")
    with pytest.raises(TypeError, match="kronsym expression"):
        ks.diff(np.eye(2), A)
    assert ks.diff(B @ B.T, A) == ks.zeros(p * p, m * n)
    with pytest.raises(ValueError, match="1×1"):
        ks.grad(A, A)


def test_differential_symbol_does_not_clash():
    dA = ks.MatrixSymbol("dA", m, n)
    F = A.T @ dA
    J = ks.diff(F, A)
    check_jacobian(F, A, J=J, dims={m: 2, n: 3}, seed=1)


def test_deep_product_chain_differentiates():
    Z = ks.MatrixSymbol("Z", 2, 2)
    F = ks.matmul(*([Z] * 2000))
    J = ks.diff(F, Z)
    assert J.shape == (4, 4) and len(J.children) == 2000
    F2 = Z
    for _ in range(3000):
        F2 = F2.T
    assert ks.diff(F2, Z) in (ks.I(4), ks.K(2, 2))


def _alternating_chain(k):
    """X C X C ⋯ (k factors), built the way a user writes it: a loop of ``e = e @ f``."""
    e = X
    for i in range(1, k):
        e = e @ (C if i % 2 else X)
    return e


def _construction_work(fn):
    """(result of fn(), operands passed to node construction while it ran): the work of
    building nodes, lookups of existing ones included."""
    work = [0]
    make = N.Expr._make.__func__

    def counting(cls, params, children):
        work[0] += 1 + len(children)
        return make(cls, params, children)
    N.Expr._make = classmethod(counting)
    try:
        out = fn()
    finally:
        N.Expr._make = classmethod(make)
    return out, work[0]


def _dag_size(e):
    """(distinct nodes, operand references among them) of the DAG e."""
    from kronsym.traverse import postorder
    nodes = postorder(e)
    return len(nodes), sum(len(c.children) for c in nodes)


def test_product_chain_derivative_work_is_linear():
    # issue 13 item 21: the N/2 terms of d vec(X C X C ⋯) share their prefix and suffix
    # products (kronsym/diff/chain.py), so the work and the result's DAG grow like N,
    # not N²/2 (on 51687aa: ~1400·N operands constructed at N = 800, 2800·N at 1600)
    works = {}
    for k in (400, 800):
        F = _alternating_chain(k)
        J, works[k] = _construction_work(lambda: ks.diff(F, X))  # noqa: B023 (called at once)
        assert len(J.children) == k // 2
        nodes, refs = _dag_size(J)
        assert nodes <= 3 * k and refs <= 20 * k, (k, nodes, refs)
        assert works[k] <= 100 * k, (k, works[k])
        _, work = _construction_work(lambda: ks.derive(F, X))  # noqa: B023 (called at once)
        assert work <= 150 * k, (k, work)
    assert works[800] <= 2.5 * works[400]


def test_long_product_chain_derivative_is_right():
    # the shared groups are the same products: numerically, and term by term
    k = 60
    F = _alternating_chain(k)
    J = ks.diff(F, X)
    rng = np.random.default_rng(7)
    vals = {S: np.linalg.qr(rng.normal(size=(3, 3)))[0] for S in (X, C)}   # |products| = 1
    check_jacobian(F, X, J=J, values=vals)
    flat = [ks.kron(ks.matmul(*[(C if j % 2 else X).T for j in range(k - 1, i, -1)])
                    if i < k - 1 else ks.I(n),
                    ks.matmul(*[C if j % 2 else X for j in range(i)]) if i else ks.I(n))
            for i in range(0, k, 2)]
    for term, want in zip(J.children, flat):
        np.testing.assert_allclose(ks.evaluate(term, vals), ks.evaluate(want, vals), atol=1e-10)
    # a product of at most GROUP factors is still written out flat (the textbook form)
    assert str(ks.diff(_alternating_chain(5), X)) == \
        "(X.T @ C.T @ X.T @ C.T) ⊗ I(n) + (X.T @ C.T) ⊗ (X @ C) + I(n) ⊗ (X @ C @ X @ C)"


def test_product_chain_of_5000_builds_prints_and_differentiates():
    # issue 13 item 21: build + str + latex + diff of N = 5000 (took minutes on 51687aa);
    # checked by the size of the work, not by the clock
    k = 5000
    F = _alternating_chain(k)
    assert len(F.children) == k and len(str(F)) == 4 * k - 3 and ks.latex(F).count("X") == k // 2
    J, work = _construction_work(lambda: ks.diff(F, X))
    assert J.shape == (n ** 2, n ** 2) and len(J.children) == k // 2
    nodes, refs = _dag_size(J)
    assert nodes <= 3 * k and refs <= 20 * k and work <= 100 * k, (nodes, refs, work)
    # printing the result is output-sized: N/2 terms of about N factors
    small = ks.diff(_alternating_chain(400), X)
    assert 400 * 400 <= len(str(small)) <= 12 * 400 * 400
    assert len(ks.latex(small)) <= 30 * 400 * 400
