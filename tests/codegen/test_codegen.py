"""lambdify: every node type and lowering decision on every installed backend,
against the dense reference evaluator; structure assertions on the generated source."""
import importlib.util

import numpy as np
import pytest

import kronsym as ks
from kronsym.testing import backend_to_numpy, lambdify_args
from kronsym import nodes as N
from kronsym.testing import random_values, reference_evaluate
from kronsym.traverse import postorder

m, n, p, q = ks.dims("m n p q")
A, B = ks.MatrixSymbol("A", m, n), ks.MatrixSymbol("B", p, q)
W = ks.MatrixSymbol("W", m, n)
X, Y = ks.MatrixSymbol("X", n, n), ks.MatrixSymbol("Y", n, n)
V = ks.MatrixSymbol("V", p, n)
x = ks.MatrixSymbol("x", n, 1)
v = ks.MatrixSymbol("v", n * q, 1)
u = ks.MatrixSymbol("u", m * n, 2)

EXPRS = [
    A, ks.I(n), ks.zeros(m, n), ks.ones(m, 2), ks.K(m, n), A @ X, A + W, 2 * A - W,
    ks.trace(X) * A, ks.trace(X) ** 2, ks.log(ks.det(X)), ks.exp(ks.trace(X)), A.T, ks.kron(A, B),
    ks.vec(A), ks.unvec(u[0] if False else ks.vec(A), n, m), ks.inv(X), ks.trace(X),
    ks.det(X), ks.logdet(X), ks.hadamard(A, W), ks.khatri_rao(A, V), ks.kron_sum(X, Y),
    ks.diag(x), ks.sqrt(x.T @ x),
    # lowering decisions
    ks.kron(A, B) @ v,                                   # vec trick
    ks.kron(ks.I(n), A) @ ks.vec(ks.MatrixSymbol("Z", m, n) if False else X),
    ks.kron(A, ks.I(p)) @ ks.MatrixSymbol("Z", n * p, 3),  # A ⊗ I
    ks.K(m, n) @ ks.vec(A),                              # K as reshape
    ks.K(m, n).T @ u,                                    # Kᵀ
    ks.kron(ks.I(n), ks.K(q, m), ks.I(p)) @ ks.kron(ks.I(m * n), ks.vec(B)),   # Theorem 4.1
    ks.kron(A, B).T @ ks.MatrixSymbol("w", m * p, 1),    # transpose of kron
    ks.inv(X) @ x,                                       # solve
    ks.inv(X).T @ x,                                     # transposed solve
    ks.trace(X @ Y),                                     # trace of product
    (ks.kron(A, B) + ks.kron(W, B)) @ v,                 # sum applied
    ks.scalar(3) * (ks.trace(X) * ks.kron(X, Y)) @ ks.vec(Y),
    ks.kron(X, Y, X) @ ks.MatrixSymbol("z", n ** 3, 1),  # n-ary vec trick
    # symmetric matrices: dense D, L, N as values; gathers in products
    ks.D(n), ks.L(n), ks.Nsym(n), ks.vech(X), ks.D(n) @ ks.vech(X), ks.L(n) @ ks.vec(X),
    ks.Nsym(n) @ ks.vec(X), ks.D(n).T @ ks.vec(X), ks.L(n).T @ ks.vech(X @ Y),
]
# partitioned products and row-major vec (more in tests/nodes/test_products.py)
EXPRS += [ks.face_split(A, W), ks.vecr(A), ks.tracy_singh(A, B, (m, 1), (1, q)),
          ks.tracy_singh(X, Y, (n, 1), (1, n)) @ ks.MatrixSymbol("z2", n ** 2, 1)]
# reductions and building blocks (more in tests/nodes/test_reductions.py)
EXPRS += [ks.sum(A), ks.sum(A, axis=0), ks.sum(A @ X, axis=1), ks.diag(X @ Y), ks.norm(A),
          ks.norm1(A - W), ks.logsumexp(X @ x), ks.softmax(30 * x), X ** 3, X.T ** -2]
# pseudo-inverse family and inverses applied from the right (kronsym/codegen/lower_solve.py)
EXPRS += [ks.pinv(A), ks.adj(X), ks.eigvalsh(X), ks.eigvecsh(X), ks.nuclear_norm(A), ks.polar(A),
          A @ ks.inv(X), A @ ks.inv(X).T, ks.trace(V @ ks.inv(X) @ V.T),
          ks.grad(ks.trace(V @ ks.inv(X) @ V.T), X), ks.solve(X, A.T)]
# matrix functions (more in tests/nodes/test_matfuncs.py, tests/diff/test_matfunc_diff.py):
# values, a Jacobian as a value and applied (Fréchet derivatives), a gradient's J_f(Xᵀ) v
EXPRS += [ks.expm(X), ks.logm(X) @ Y, ks.sqrtm(X.T), N.MatFuncJacobian(X, "expm"),
          N.MatFuncJacobian(X, "sqrtm") @ ks.vec(Y), N.MatFuncJacobian(X, "logm").T @ ks.vec(Y)]
IDS = [str(e)[:40] for e in EXPRS]
DIMSETS = [{m: 1, n: 1, p: 1, q: 1}, {m: 2, n: 3, p: 4, q: 1}, {m: 3, n: 2, p: 2, q: 3}]
BACKENDS = ["numpy", "mpmath"] + [b for b in ("jax", "torch") if importlib.util.find_spec(b)]


_args, _to_numpy = lambdify_args, backend_to_numpy


def test_every_node_type_is_lowered():
    from kronsym.codegen.lower import LOWER_DENSE
    seen = {type(nd) for e in EXPRS for nd in postorder(e)}
    for t in N.NODE_TYPES:
        assert t in seen, t
        assert t is N.MatrixSymbol or t in LOWER_DENSE, t


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize("e", EXPRS, ids=IDS)
def test_backend_matches_reference(backend, e):
    args = _args(e)
    try:
        f = ks.lambdify(args, e, backend=backend)
    except NotImplementedError as err:      # the backend lists the op in UNSUPPORTED (torch logm)
        assert "has no IR op" in str(err)
        pytest.skip(str(err))
    for dims in DIMSETS:
        vals = random_values(e, dims, seed=5, extra=[s for s in args if isinstance(s, N.MatrixSymbol)])
        want = reference_evaluate(e, vals)
        got = _to_numpy(f(*[vals[s] if isinstance(s, N.MatrixSymbol) else dims[s] for s in args]))
        np.testing.assert_allclose(got, want, rtol=1e-9, atol=1e-9, err_msg=f"{backend} {e} {dims}")


@pytest.mark.parametrize("e", [ks.kron(A, B) @ v, ks.kron(ks.I(n), ks.K(q, m), ks.I(p)) @ ks.kron(ks.I(m * n), ks.vec(B)),
                               ks.K(m, n) @ ks.vec(A), ks.kron(A, ks.I(p)) @ ks.MatrixSymbol("Z", n * p, 3),
                               ks.kron(A, B).T @ ks.MatrixSymbol("w", m * p, 1)])
def test_no_kron_or_commutation_formed_for_products(e):
    src = ks.codegen(_args(e), e)
    assert "_rt.commutation(" not in src
    if not isinstance(e.children[-1], N.Kron):
        assert "_rt.kron(" not in src, src


def test_solve_and_slogdet_decisions():
    assert "_rt.solve(" in ks.codegen([X, x], ks.inv(X) @ x) and "_rt.inv(" not in ks.codegen([X, x], ks.inv(X) @ x)
    assert "_rt.logdet(" in ks.codegen([X], ks.logdet(X))
    assert "_rt.trace_product(" in ks.codegen([X, Y], ks.trace(X @ Y))


def test_shared_subexpressions_lowered_once():
    e = ks.inv(X) @ Y @ ks.inv(X) + ks.inv(X)
    src = ks.codegen([X, Y], e)
    assert src.count("_rt.inv(") == 1


def test_output_kron_is_formed_when_requested():
    src = ks.codegen([A, B], ks.kron(A, B))
    assert "_rt.kron(x0, x1)" in src            # A, B: arguments a0, a1, arrays x0, x1


def test_jax_jit_vmap_grad():
    jax = pytest.importorskip("jax")
    import jax.numpy as jnp
    S = ks.MatrixSymbol("S", n, n)
    f = ks.lambdify([X, S], ks.logdet(X) - ks.trace(S @ X), backend="jax")
    g = ks.lambdify([X, S], ks.grad(ks.logdet(X) - ks.trace(S @ X), X), backend="jax")
    x0 = np.eye(3) * 2 + 0.1
    s0 = np.eye(3) * 0.3
    jf = jax.jit(f)
    np.testing.assert_allclose(float(jf(x0, s0)[0, 0]), float(f(x0, s0)[0, 0]))
    auto = jax.grad(lambda z: f(z, s0)[0, 0])(jnp.asarray(x0))
    np.testing.assert_allclose(np.asarray(auto), np.asarray(jax.jit(g)(x0, s0)), rtol=1e-9)
    batched = jax.vmap(lambda z: f(z, s0))(jnp.stack([x0, x0 + 0.5]))
    assert batched.shape == (2, 1, 1)


def test_mpmath_agrees_at_50_digits():
    import mpmath
    e = ks.inv(X) @ ks.kron(X, Y) @ ks.vec(Y) if False else ks.kron(ks.inv(X), Y) @ ks.vec(Y)
    f = ks.lambdify([X, Y], e, backend="mpmath")
    vals = random_values(e, {n: 3}, seed=2)
    with mpmath.workdps(50):
        hi = f(vals[X], vals[Y])
        assert mpmath.mp.dps == 50
    lo = ks.lambdify([X, Y], e)(vals[X], vals[Y])
    np.testing.assert_allclose(hi.astype(float), lo, rtol=1e-13)


def test_operator_and_sparse_forms():
    pytest.importorskip("scipy")
    from scipy.sparse.linalg import aslinearoperator
    J = ks.diff(ks.kron(A, B), A)
    a, b = np.random.default_rng(0).normal(size=(3, 2)), np.random.default_rng(1).normal(size=(4, 5))
    Jd = reference_evaluate(J, {A: a, B: b})
    op = ks.lambdify([A, B], J, form="operator")(a, b)
    assert op.shape == Jd.shape
    vv = np.arange(6.0)
    uu = np.arange(Jd.shape[0], dtype=float)
    np.testing.assert_allclose(op.matvec(vv), Jd @ vv)
    np.testing.assert_allclose(op.rmatvec(uu), Jd.T @ uu)
    np.testing.assert_allclose(op.matmat(np.eye(6)), Jd)
    np.testing.assert_allclose(op.T.matvec(uu), Jd.T @ uu)
    np.testing.assert_allclose(aslinearoperator(op.to_linear_operator()).matvec(vv), Jd @ vv)
    # column vectors keep their column shape, as scipy's LinearOperator does
    assert op.matvec(vv.reshape(-1, 1)).shape == (Jd.shape[0], 1)
    assert op.rmatvec(uu.reshape(-1, 1)).shape == (6, 1)
    np.testing.assert_allclose(op.matvec(vv.reshape(-1, 1))[:, 0], Jd @ vv)
    lo = op.to_linear_operator()
    assert lo.matvec(vv.reshape(-1, 1)).shape == (Jd.shape[0], 1)
    factory = ks.lambdify([A, B], J, form="sparse")
    assert "kronsym.codegen.backends.sparse" in factory.source and "K(q, m)" in factory.source
    assert "_rt.kron_apply(" in factory.source            # the same IR program as dense code
    S = factory(a, b)
    assert S.nnz == 3 * 2 * 4 * 5
    np.testing.assert_allclose(S.toarray(), Jd)


@pytest.mark.parametrize("e", EXPRS, ids=IDS)
def test_sparse_form_matches_reference(e):
    # form="sparse" runs the dense lowering's IR program with the sparse runtime
    import scipy.sparse as sp
    args = _args(e)
    f = ks.lambdify(args, e, form="sparse")
    assert f.program.ops() == ks.lambdify(args, e).program.ops()
    for dims in DIMSETS:
        vals = random_values(e, dims, seed=5, extra=[s for s in args if isinstance(s, N.MatrixSymbol)])
        want = reference_evaluate(e, vals)
        got = f(*[vals[s] if isinstance(s, N.MatrixSymbol) else dims[s] for s in args])
        assert sp.isspmatrix_csr(got) or sp.isspmatrix_csc(got), type(got)
        np.testing.assert_allclose(got.toarray(), want, rtol=1e-9, atol=1e-9,
                                   err_msg=f"sparse {e} {dims}")


def _jacobians():
    Sq, T = ks.MatrixSymbol("Sq", n, n), ks.MatrixSymbol("T", p, p)
    return [(ks.diff(ks.kron(A, B), A), [A, B]), (ks.diff(ks.kron(A, B), B), [A, B]),
            (ks.diff(ks.kron(Sq, Sq), Sq), [Sq]), (ks.diff(ks.kron(Sq, T) @ ks.vec(ks.MatrixSymbol("Z", p, n)), T), None),
            (ks.diff(ks.inv(Sq), Sq), [Sq])]


@pytest.mark.parametrize("k", range(5))
def test_sparse_form_keeps_structure_sparse(k, monkeypatch):
    # identities, commutation matrices and Kronecker products with them are never
    # densified: the dense fallback of the sparse runtime must not see a sparse value here
    # (d inv(S)/dS = -(S⁻ᵀ ⊗ S⁻¹) has no structure: it stays dense numpy, then CSR)
    import scipy.sparse as sp
    from kronsym.codegen.backends import sparse as rt
    J, args = _jacobians()[k]
    args = args or _args(J)
    densified = []
    real_dense = rt._dense

    def watch(v):
        if sp.issparse(v) or isinstance(v, rt.Eye):
            densified.append(v.shape)
        return real_dense(v)
    monkeypatch.setattr(rt, "_dense", watch)
    f = ks.lambdify(args, J, form="sparse")
    for dims in ({m: 2, n: 3, p: 4, q: 1}, {m: 1, n: 1, p: 1, q: 1}, {m: 3, n: 2, p: 2, q: 3}):
        vals = random_values(J, dims, seed=3, extra=[s for s in args if isinstance(s, N.MatrixSymbol)])
        got = f(*[vals[s] if isinstance(s, N.MatrixSymbol) else dims[s] for s in args])
        want = reference_evaluate(J, vals)
        np.testing.assert_allclose(got.toarray(), want, rtol=1e-9, atol=1e-12)
        assert got.nnz == np.count_nonzero(want), (got.nnz, np.count_nonzero(want))
    assert not densified, f"the sparse runtime densified {densified} for {J}"


def test_errors():
    with pytest.raises(ks.codegen.__globals__["LoweringError"] if False else ValueError, match="not among the arguments"):
        ks.lambdify([A], A @ X)
    with pytest.raises(ValueError, match="unknown backend"):
        ks.lambdify([A], A, backend="cupy")
    with pytest.raises(ValueError, match="cannot be read from the shapes"):
        ks.lambdify([ks.MatrixSymbol("v", m * n, 1)], ks.unvec(ks.MatrixSymbol("v", m * n, 1), m, n))
    f = ks.lambdify([B, ks.MatrixSymbol("v", n * q, 1)], ks.kron(ks.I(n), B) @ ks.MatrixSymbol("v", n * q, 1))
    assert "d2 = x1.shape[0] // (d1 or 1)" in f.source     # n = rows of v // q
    with pytest.raises(TypeError, match="MatrixSymbol or a SymPy symbol"):
        ks.lambdify(["A"], A)
    with pytest.raises(ValueError, match="form must be"):
        ks.lambdify([A], A, form="dense")


def test_dims_as_arguments():
    vv = ks.MatrixSymbol("v", m * n, 1)
    f = ks.lambdify([vv, m, n], ks.unvec(vv, m, n))
    np.testing.assert_array_equal(f(np.arange(6.0), 2, 3), np.arange(6.0).reshape(2, 3, order="F"))


def test_deep_expression_lowers():
    Z = ks.MatrixSymbol("Z", 2, 2)
    e = Z
    for i in range(3000):
        e = e.T if i % 2 else e @ Z
    f = ks.lambdify([Z], e)
    np.testing.assert_allclose(f(np.eye(2) * 0.999), reference_evaluate(e, {Z: np.eye(2) * 0.999}))


def test_operator_rejects_wrong_sizes_by_name():
    m, n = ks.dims("m n")
    A = ks.MatrixSymbol("A", m, n)
    op = ks.lambdify([A], ks.kron(A, A), form="operator")(np.ones((2, 3)))
    with pytest.raises(ValueError, match=r"operator is 4×9, so the argument needs 9 rows, got an array of shape \(5,\)"):
        op.matvec(np.ones(5))
    with pytest.raises(ValueError, match="needs 4 rows"):
        op.rmatvec(np.ones(9))
    np.testing.assert_allclose(op.matvec(np.ones(9)), np.kron(np.ones((2, 3)), np.ones((2, 3))) @ np.ones(9))


def test_an_inverse_used_twice_is_factorized_once():
    n, = ks.dims("n")
    X, S = ks.MatrixSymbol("X", n, n), ks.MatrixSymbol("S", n, n)
    e = ks.inv(X) @ S @ ks.inv(X) + ks.inv(X).T
    src = ks.codegen([X, S], e)
    assert src.count("_rt.inv(") == 1 and "solve" not in src
    single = ks.codegen([X, S], ks.inv(X) @ S)
    assert "solve" in single and "inv(" not in single
    x = np.random.default_rng(3).normal(size=(4, 4)) + 4 * np.eye(4)
    s = np.random.default_rng(4).normal(size=(4, 4))
    np.testing.assert_allclose(ks.lambdify([X, S], e)(x, s), reference_evaluate(e, {X: x, S: s}),
                               rtol=1e-10)


def test_jax_backend_leaves_x64_alone():
    """Importing kronsym and running its jax backend leaves jax_enable_x64 as it was
    (in a fresh process, so the test session's float64 fixture does not interfere)."""
    pytest.importorskip("jax")
    import subprocess
    import sys
    code = (
        "import jax, numpy as np\n"
        "before = bool(jax.config.jax_enable_x64)\n"
        "import kronsym as ks\n"
        "X = ks.MatrixSymbol('X', 2, 2)\n"
        "f = ks.lambdify([X], ks.trace(X @ X), backend='jax')\n"
        "out = f(np.eye(2))\n"
        "assert bool(jax.config.jax_enable_x64) == before, 'jax_enable_x64 changed'\n"
        "assert str(out.dtype) == ('float64' if before else 'float32'), out.dtype\n"
        "print('ok')\n")
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300)
    assert r.returncode == 0 and "ok" in r.stdout, r.stderr
