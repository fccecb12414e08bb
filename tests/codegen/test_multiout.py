"""Several outputs with shared work, and HVPs/JVPs that never form H or J (issue 18).

Lowering decisions tested twice: the IR (each shared instruction once; no instruction
whose output has the size of H or J, recorded by running the program on a runtime that
notes every result's shape) and the numbers (against separate lambdify calls, the dense
oracle ``ks.evaluate`` and the hand-written formulas), at several dims including 1 and
non-square.
"""
import types

import numpy as np
import pytest

import kronsym as ks
from kronsym.codegen.emit import emit, runtime
from kronsym.codegen.lower import lower
from kronsym.codegen.lower_matvec import fuse_factors

m, n = ks.dims("m n")
X = ks.MatrixSymbol("X", m, n)
y = ks.MatrixSymbol("y", m, 1)
w = ks.MatrixSymbol("w", n, 1)
v = ks.MatrixSymbol("v", n, 1)
LOSS = ks.sum(ks.softplus(X @ w)) - y.T @ X @ w
DIMS = [(1, 1), (7, 3), (5, 1), (4, 6)]


def _data(mm, nn, seed=0):
    rng = np.random.default_rng(seed)
    return (rng.standard_normal((mm, nn)), (rng.random((mm, 1)) < 0.5).astype(float),
            rng.standard_normal((nn, 1)), rng.standard_normal((nn, 1)))


def _sig(z):
    return 1.0 / (1.0 + np.exp(-z))


def _recorded_shapes(prog, values):
    """Run ``prog`` on numpy, returning the shape of every instruction's result."""
    base = runtime("numpy")
    seen = []

    def wrap(fn):
        def run(*a):
            out = fn(*a)
            seen.append(np.shape(out))
            return out
        return run
    table = {op: wrap(fn) for op, fn in base.OP_TABLE.items()}
    attrs = {k: v for k, v in vars(base).items() if not k.startswith("__")}
    attrs.update(table, OP_TABLE=table)
    rt = types.SimpleNamespace(**attrs)
    _, fn = emit(prog, rt=rt)
    return fn(*values), seen


def test_three_outputs_share_sigmoid_and_xw():
    g, H = ks.grad(LOSS, w), ks.hessian(LOSS, w)
    prog = lower([X, y, w], [LOSS, g, H])
    keys = [(i.op, i.args) for i in prog.instrs]
    assert len(keys) == len(set(keys)), "an instruction is repeated"
    funcs = [i for i in prog.instrs if i.op == "func"]
    assert [i.args[0] for i in funcs].count("sigmoid") == 1
    assert [i.args[0] for i in funcs].count("softplus") == 1
    xw = [i for i in prog.instrs if i.op == "matmul" and [str(a) for a in i.args] == ["x0", "x2"]]
    assert len(xw) == 1
    assert isinstance(prog.out, tuple) and len(prog.out) == 3
    # fewer instructions than the three programs separately
    alone = sum(len(lower([X, y, w], e).instrs) for e in (LOSS, g, H))
    assert len(prog.instrs) < alone


@pytest.mark.parametrize("backend", ["numpy", "jax", "torch", "mpmath"])
def test_outputs_agree_with_separate_functions(backend):
    outs = [LOSS, ks.grad(LOSS, w), ks.simplify(ks.hessian(LOSS, w)),
            ks.hessian(LOSS, w) @ v]
    together = ks.lambdify([X, y, w, v], outs, backend=backend)
    dims = [(1, 1), (3, 2)] if backend == "mpmath" else DIMS
    for mm, nn in dims:
        vals = _data(mm, nn)
        got = together(*vals)
        assert isinstance(got, tuple) and len(got) == 4
        for e, value in zip(outs, got):
            alone = ks.lambdify([X, y, w, v], e, backend=backend)(*vals)
            a = np.asarray(value.tolist() if backend == "mpmath" else value, dtype=float)
            b = np.asarray(alone.tolist() if backend == "mpmath" else alone, dtype=float)
            np.testing.assert_allclose(a, b, rtol=1e-12, atol=1e-12)
            ref = ks.evaluate(e, dict(zip((X, y, w, v), vals)))
            np.testing.assert_allclose(a, ref, rtol=1e-9, atol=1e-12)


def test_identical_instructions_reached_by_different_nodes_are_hash_consed():
    p, q = ks.dims("p q")
    B, V = ks.MatrixSymbol("B", p, q), ks.MatrixSymbol("V", n * p, 2)
    one, two = ks.kron(X.T, B).T @ V, ks.kron(X, B.T) @ V     # different nodes, equal IR
    assert one != two
    prog = lower([X, B, V], [one, two])
    assert prog.out[0] == prog.out[1]
    assert prog.ops().count("kron_apply") == 1 and prog.ops().count("transpose") == 1
    rng = np.random.default_rng(2)
    vals = rng.standard_normal((3, 2)), rng.standard_normal((2, 4)), rng.standard_normal((4, 2))
    got = ks.lambdify([X, B, V], [one, two])(*vals)
    ref = np.kron(vals[0], vals[1].T) @ vals[2]
    np.testing.assert_allclose(got[0], ref, rtol=1e-12)
    np.testing.assert_allclose(got[1], ref, rtol=1e-12)


def test_codegen_of_a_list_returns_a_tuple_and_one_output_in_a_list():
    src = ks.codegen([X, y, w], [LOSS, ks.grad(LOSS, w)])
    assert src.rstrip().splitlines()[-1].startswith("    return (t")
    f1 = ks.lambdify([X, w], (ks.sum(X @ w),))
    out = f1(np.ones((2, 3)), np.ones((3, 1)))
    assert isinstance(out, tuple) and len(out) == 1 and out[0].item() == 6.0
    same = ks.lambdify([X, w], [X @ w, X @ w])(np.eye(2), np.ones((2, 1)))
    assert same[0] is same[1]


@pytest.mark.parametrize("simplified", [False, True])
def test_logistic_hvp_never_forms_the_hessian(simplified):
    H = ks.hessian(LOSS + 0.5 * (w.T @ w), w)
    if simplified:
        H = ks.simplify(H)
    prog = lower([X, y, w, v], H @ v)
    for mm, nn in [(7, 3), (5, 1), (3, 4), (1, 2)]:
        vals = _data(mm, nn, seed=mm)
        got, shapes = _recorded_shapes(prog, vals)
        big = [s for s in shapes if (len(s) == 2 and s[0] == s[1] == nn and nn > 1)
               or nn * nn in s and nn > 1 or mm * mm in s and mm > 1]
        assert not big, f"an n×n, n² or m² result at (m, n) = ({mm}, {nn}): {shapes}"
        Xv, yv, wv, vv = vals
        s = _sig(Xv @ wv)
        hand = Xv.T @ (s * (1 - s) * (Xv @ vv)) + vv
        np.testing.assert_allclose(got, hand, rtol=1e-10, atol=1e-12)
        ref = ks.evaluate(H, dict(zip((X, y, w), vals[:3]))) @ vv
        np.testing.assert_allclose(got, ref, rtol=1e-10, atol=1e-12)
    assert "eye" not in prog.ops() and "kron" not in prog.ops() and "diag" not in prog.ops()


def test_raw_logistic_hessian_is_not_built_through_i_khatri_rao_i():
    # the raw form the vec identification gives, (1ᵀ ⊗ Xᵀ)(I ⊙ I) diag(d) X, built here
    # (ks.hessian simplifies it to Xᵀ diag(d) X)
    s = ks.sigmoid(X @ w)
    d = ks.hadamard(s, ks.ones(m, 1) - s)
    H = ks.kron(ks.ones(1, m), X.T) @ ks.khatri_rao(ks.I(m), ks.I(m)) @ ks.diag(d) @ X
    assert "⊙" in str(H)
    prog = lower([X, y, w], H)
    assert "khatri_rao" not in prog.ops() and "eye" not in prog.ops()
    for mm, nn in DIMS:
        vals = _data(mm, nn)[:3]
        got, shapes = _recorded_shapes(prog, vals)
        assert all(mm * mm not in s for s in shapes) or mm == 1
        Xv, _, wv = vals
        s = _sig(Xv @ wv)
        np.testing.assert_allclose(got, Xv.T @ (s * (1 - s) * Xv), rtol=1e-10, atol=1e-12)


def test_fuse_factors_mixed_product_identity():
    p, q, r, k = ks.dims("p q r k")
    A, B = ks.MatrixSymbol("A", p, q), ks.MatrixSymbol("B", r, n)
    C, D = ks.MatrixSymbol("C", q, k), ks.MatrixSymbol("D", n, k)
    Z = ks.MatrixSymbol("Z", k, 2)
    fs = fuse_factors([ks.kron(A, B), ks.khatri_rao(C, D)])
    assert [str(f) for f in fs] == ["(A @ C) ⊙ (B @ D)"]
    assert fuse_factors([ks.kron(A, B), C]) == [ks.kron(A, B), C]   # no Khatri–Rao: kept
    e = ks.kron(A, B) @ ks.khatri_rao(C, D) @ Z
    rng = np.random.default_rng(3)
    for dims in [dict(p=2, q=3, r=1, n=2, k=4), dict(p=1, q=1, r=3, n=1, k=1)]:
        d = {ks.dims(s)[0]: val for s, val in dims.items()}
        shp = {A: (d[p], d[q]), B: (d[r], d[n]), C: (d[q], d[k]), D: (d[n], d[k]),
               Z: (d[k], 2)}
        vals = {s: rng.standard_normal(sh) for s, sh in shp.items()}
        f = ks.lambdify([A, B, C, D, Z], e)
        got = f(*(vals[s] for s in (A, B, C, D, Z)))
        np.testing.assert_allclose(got, ks.evaluate(e, vals), rtol=1e-12, atol=1e-12)


def test_quadratic_form_hessian_is_a_plus_at_and_hvp_two_matvecs():
    A, x = ks.MatrixSymbol("A", n, n), ks.MatrixSymbol("x", n, 1)
    H = ks.hessian(x.T @ A @ x, x)
    prog = lower([A, x], H)
    assert prog.ops() == ["transpose", "add"]
    hv = lower([A, x, v], H @ v)
    assert sorted(hv.ops()) == ["add", "matmul", "matmul", "transpose"]
    rng = np.random.default_rng(4)
    for nn in (1, 4):
        a, xv, vv = rng.standard_normal((nn, nn)), rng.standard_normal((nn, 1)), \
            rng.standard_normal((nn, 1))
        np.testing.assert_allclose(ks.lambdify([A, x], H)(a, xv), a + a.T)
        got, shapes = _recorded_shapes(hv, (a, xv, vv))
        np.testing.assert_allclose(got, (a + a.T) @ vv, rtol=1e-12)
        assert nn == 1 or shapes.count((nn, nn)) == 1      # only Aᵀ (a view), no A + Aᵀ


def test_jvp_of_a_matrix_function_never_forms_j():
    Y, A, V = (ks.MatrixSymbol(c, n, n) for c in "YAV")
    F = ks.trace(Y @ Y @ A) * Y + Y @ A @ Y.T
    J = ks.diff(F, Y)
    prog = lower([Y, A, V], J @ ks.vec(V))
    rng = np.random.default_rng(5)
    for nn in (1, 2, 3):
        vals = [rng.standard_normal((nn, nn)) for _ in range(3)]
        got, shapes = _recorded_shapes(prog, vals)
        assert nn == 1 or all(s != (nn * nn, nn * nn) for s in shapes)
        Jd = ks.evaluate(J, dict(zip((Y, A), vals[:2])))
        np.testing.assert_allclose(got, Jd @ vals[2].reshape(-1, 1, order="F"),
                                   rtol=1e-10, atol=1e-12)
        yv, av, vv = vals       # the directional derivative of F at Y along V, by hand
        dF = (np.trace(vv @ yv @ av + yv @ vv @ av) * yv + np.trace(yv @ yv @ av) * vv
              + vv @ av @ yv.T + yv @ av @ vv.T)
        np.testing.assert_allclose(got, dF.reshape(-1, 1, order="F"), rtol=1e-10, atol=1e-12)


def test_bad_output_lists_are_refused_naming_the_output():
    with pytest.raises(ValueError, match="empty"):
        ks.lambdify([X, w], [])
    with pytest.raises(TypeError, match="output 1 of expr must be a kronsym expression"):
        ks.lambdify([X, w], [X @ w, "X"])
    with pytest.raises(ValueError, match="several outputs need form='array'"):
        ks.lambdify([X, w], [X @ w, X.T], form="operator")
    with pytest.raises(TypeError, match="output 0"):
        ks.codegen([X, w], (3,))


@pytest.mark.parametrize("backend", ["numpy", "jax", "torch", "mpmath"])
def test_weighted_gram_any_sign_of_d(backend):
    d = ks.MatrixSymbol("d", m, 1)
    H = X.T @ ks.diag(d) @ X
    prog = lower([X, d], H)
    assert prog.ops() == ["weighted_gram"]
    f = ks.lambdify([X, d], [H, X.T @ ks.diag(d) @ X @ X.T], backend=backend)
    rng = np.random.default_rng(6)
    for mm, nn in ([(1, 1), (3, 2)] if backend == "mpmath" else DIMS):
        xv = rng.standard_normal((mm, nn))
        for dv in (rng.random((mm, 1)), -rng.random((mm, 1)), rng.standard_normal((mm, 1))):
            got = f(xv, dv)
            a = np.asarray(got[0].tolist() if backend == "mpmath" else got[0], dtype=float)
            np.testing.assert_allclose(a, xv.T @ (dv * xv), rtol=1e-12, atol=1e-13)
            b = np.asarray(got[1].tolist() if backend == "mpmath" else got[1], dtype=float)
            np.testing.assert_allclose(b, xv.T @ (dv * xv) @ xv.T, rtol=1e-12, atol=1e-13)


def test_weighted_gram_numpy_kernel_complex_and_symmetric():
    from kronsym.codegen.backends.numpy import weighted_gram
    rng = np.random.default_rng(7)
    a = rng.standard_normal((6, 3))
    d = rng.random((6, 1)) + 1j * 1e-20 * rng.standard_normal((6, 1))   # complex step
    np.testing.assert_allclose(weighted_gram(a, d), a.T @ (d * a), rtol=1e-14)
    s = weighted_gram(a, d.real)
    assert np.array_equal(s, s.T)                       # the rank-k update is exactly symmetric


@pytest.mark.parametrize("backend", ["numpy", "torch"])
def test_several_outputs_with_1d_arguments_come_back_flat(backend):
    fgh = ks.lambdify([X, y, w], [LOSS, ks.grad(LOSS, w), ks.hessian(LOSS, w)], backend=backend)
    Xv, yv, wv, _ = _data(5, 3)
    col = fgh(Xv, yv, wv)
    flat = fgh(Xv, yv.ravel(), wv.ravel())
    assert [tuple(a.shape) for a in flat] == [(), (3,), (3, 3)]
    for a, b in zip(flat, col):
        np.testing.assert_allclose(np.asarray(a), np.asarray(b).reshape(np.shape(a)), rtol=1e-13)
    src = ks.codegen([X, y, w], [LOSS, ks.grad(LOSS, w)], standalone=True)
    ns: dict = {}
    exec(compile(src, "<standalone>", "exec"), ns)    # noqa: S102 - kronsym's generated source
    loss, g = ns["f"](Xv, yv.ravel(), wv.ravel())
    np.testing.assert_allclose(loss, np.asarray(col[0]).reshape(()), rtol=1e-13)
    np.testing.assert_allclose(g, np.asarray(col[1]).ravel(), rtol=1e-13)
