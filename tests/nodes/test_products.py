"""Face-splitting product, Tracy–Singh product and row-major vec (seed 002, 'Related
matrix operations' and 'Matrix equations'): construction and shape errors, printing and
parsing, evaluation against small independent numpy definitions written here, the
canonical forms and seed identities (ks.prove), derivatives against complex-step
differences, and lambdify on every installed backend."""
import importlib.util

import numpy as np
import pytest
import sympy

import kronsym as ks
from kronsym import nodes as N
from kronsym.rules.tracy_singh import permuted_kron
from kronsym.testing import check_jacobian, random_values, reference_evaluate

m, n, p, q, r, s = ks.dims("m n p q r s")
ra, ca, rb, cb, pa, qa, pb, qb, sa, ta, sb, tb = ks.dims("ra ca rb cb pa qa pb qb sa ta sb tb")
S = ks.MatrixSymbol
A, B = S("A", m, n), S("B", m, p)
C, D = S("C", n, q), S("D", p, s)
E = S("E", p, q)
x, y = S("x", n, 1), S("y", p, 1)
X = S("X", n, p)
TA, TB = S("TA", ra * pa, ca * qa), S("TB", rb * pb, cb * qb)
TC, TD = S("TC", ca * qa, sa * ta), S("TD", cb * qb, sb * tb)


# --- independent references (loops over the definitions, nothing shared with kronsym) ---
def face_split_ref(a, b):
    """Row i is a[i, :] ⊗ b[i, :]."""
    return np.array([[a[i, j] * b[i, l] for j in range(a.shape[1]) for l in range(b.shape[1])]
                     for i in range(a.shape[0])]).reshape(a.shape[0], -1)


def tracy_singh_ref(a, b, grid_a, grid_b):
    """Block (i, j) of the result is the grid of blocks A_ij ⊗ B_kl, (k, l) over B's grid."""
    (ra_, ca_), (rb_, cb_) = grid_a, grid_b
    pa_, qa_ = a.shape[0] // ra_, a.shape[1] // ca_
    pb_, qb_ = b.shape[0] // rb_, b.shape[1] // cb_
    out = np.zeros((a.shape[0] * b.shape[0], a.shape[1] * b.shape[1]), dtype=np.result_type(a, b))
    bh, bw = pa_ * pb_, qa_ * qb_                      # size of one A_ij ⊗ B_kl
    for i in range(ra_):
        for j in range(ca_):
            Aij = a[i * pa_:(i + 1) * pa_, j * qa_:(j + 1) * qa_]
            for k in range(rb_):
                for l in range(cb_):
                    Bkl = b[k * pb_:(k + 1) * pb_, l * qb_:(l + 1) * qb_]
                    R, Cc = (i * rb_ + k) * bh, (j * cb_ + l) * bw
                    for u in range(pa_):
                        for v in range(qa_):
                            out[R + u * pb_:R + (u + 1) * pb_, Cc + v * qb_:Cc + (v + 1) * qb_] = \
                                Aij[u, v] * Bkl
    return out


def vecr_ref(a):
    return np.array([a[i, j] for i in range(a.shape[0]) for j in range(a.shape[1])]).reshape(-1, 1)


DIMS = [dict(m=1, n=1, p=1, q=1, s=1), dict(m=2, n=3, p=4, q=1, s=2), dict(m=3, n=2, p=1, q=2, s=3)]
GRIDS = [  # (ra, ca, rb, cb, pa, qa, pb, qb): grids and block sizes, 1 and non-square included
    (1, 1, 1, 1, 2, 3, 2, 1), (2, 3, 1, 2, 1, 2, 3, 1), (2, 2, 3, 1, 2, 1, 1, 2),
    (1, 3, 2, 2, 3, 1, 2, 2), (3, 1, 1, 1, 1, 1, 1, 1)]
GRID_SYMS = (ra, ca, rb, cb, pa, qa, pb, qb)


def _grid_dims(g):
    return dict(zip(GRID_SYMS, g))


# --- construction and errors ---------------------------------------------------------
def test_shapes_and_node_types():
    assert ks.face_split(A, B).shape == (m, n * p)
    assert type(ks.face_split(A, B)) is N.FaceSplit
    assert ks.face_split(A, B, A) == N.FaceSplit(N.FaceSplit(A, B), A)
    assert ks.face_split(A) is A
    assert ks.vecr(A).shape == (m * n, 1)
    t = ks.tracy_singh(TA, TB, a_blocks=(ra, ca), b_blocks=(rb, cb))
    assert t.shape == (ra * pa * rb * pb, ca * qa * cb * qb)
    assert t.params == (ra, ca, rb, cb)
    assert N.tracy_singh_blocks(t) == (ra, pa, ca, qa, rb, pb, cb, qb)
    assert ks.tracy_singh(A, E) == N.TracySingh(A, E, (1, 1), (1, 1))
    for e in (t, ks.face_split(A, B), ks.vecr(A)):
        assert e.rebuild(*e.children) is e


def test_shape_errors_name_operands_and_shapes():
    with pytest.raises(ks.ShapeError, match=r"face-splitting product A • C: A is m×n, C is n×q; "
                                            r"rows of A \(m\) and rows of C \(n\)"):
        ks.face_split(A, C)
    with pytest.raises(ks.ShapeError, match=r"rows of A \(2\) ≠ rows of B \(3\)"):
        ks.face_split(S("A", 2, 2), S("B", 3, 2))
    with pytest.raises(ks.ShapeError, match=r"Tracy–Singh product: M is 5×4; rows of M \(5\) is "
                                            r"not a multiple of 2") as err:
        ks.tracy_singh(S("M", 5, 4), A, a_blocks=(2, 2))
    assert not isinstance(err.value, ks.UndecidedShapeError)
    with pytest.raises(ks.UndecidedShapeError, match=r"columns of A \(n\) cannot be proved to be a multiple "
                                            r"of 2"):
        ks.tracy_singh(A, A, a_blocks=(1, 2))
    with pytest.raises(TypeError, match="a_blocks must be"):
        ks.tracy_singh(A, A, a_blocks=2)
    with pytest.raises(TypeError, match="face_split"):
        ks.face_split(A, np.ones((2, 2)))
    with pytest.raises(TypeError, match="vecr"):
        ks.vecr("A")
    with pytest.raises(TypeError, match="tracy_singh"):
        ks.tracy_singh(A, 3)


# --- printing and parsing --------------------------------------------------------------
PRINTED = [
    (ks.face_split(A, B), "A • B", r"A \bullet B"),
    (ks.face_split(A, B).T, "(A • B).T", r"(A \bullet B)^{\top}"),
    (ks.face_split(A @ C, B), "(A @ C) • B", r"(A C) \bullet B"),
    (ks.face_split(A, B) @ ks.kron(C, D), "(A • B) @ (C ⊗ D)",
     r"(A \bullet B) (C \otimes D)"),
    (ks.face_split(A, B, A), "(A • B) • A", r"(A \bullet B) \bullet A"),
    (ks.vecr(A), "vecr(A)", r"\operatorname{vec}_r(A)"),
    (ks.vecr(A @ C).T, "vecr(A @ C).T", r"\operatorname{vec}_r(A C)^{\top}"),
    (ks.tracy_singh(TA, TB, (ra, ca), (rb, cb)), "tracy_singh(TA, TB, ra, ca, rb, cb)",
     r"TA \boxtimes_{(ra,ca),(rb,cb)} TB"),
    (ks.tracy_singh(TA.T, TB, (ca, ra), (rb, cb)), "tracy_singh(TA.T, TB, ca, ra, rb, cb)",
     r"TA^{\top} \boxtimes_{(ca,ra),(rb,cb)} TB"),
    (ks.tracy_singh(A @ C, E, (m, 1), (1, 1)), "tracy_singh(A @ C, E, m, 1, 1, 1)",
     r"(A C) \boxtimes_{(m,1),(1,1)} E"),
    (2 * ks.tracy_singh(A, E), "2*tracy_singh(A, E, 1, 1, 1, 1)",
     r"2 \bigl(A \boxtimes_{(1,1),(1,1)} E\bigr)"),
]


@pytest.mark.parametrize("e,text,tex", PRINTED, ids=[t for _, t, _ in PRINTED])
def test_printing_and_parse_round_trip(e, text, tex):
    assert str(e) == text
    assert ks.latex(e) == tex
    assert ks.parse(str(e), list(e.free_symbols)) is e


def test_parser_function_forms():
    shapes = [A, B, TA, TB, E]
    assert ks.parse("face_split(A, B)", shapes) is ks.face_split(A, B)
    assert ks.parse("face_split(A, B, A)", shapes) is ks.face_split(A, B, A)
    assert ks.parse("vecr(A)", shapes) is ks.vecr(A)
    assert ks.parse("tracy_singh(A, E, 1, 1, 1, 1)", shapes) is ks.tracy_singh(A, E)
    got = ks.parse("tracy_singh(X, Y, 2, k, 1, 1)", {"X": ("2*b", "k*c"), "Y": ("d", "e")})
    assert got.params[0] == 2 and str(got.params[1]) == "k"
    with pytest.raises(ks.ParseError, match=r"tracy_singh\(\) takes 6 argument"):
        ks.parse("tracy_singh(A, E)", shapes)
    with pytest.raises(ks.ParseError, match="cannot be mixed"):
        ks.parse("A • B ⊗ E", shapes)
    with pytest.raises(ks.ShapeError, match="face-splitting product"):
        ks.parse("A • E", {"A": "m,n", "E": "p,q"})


# --- evaluation --------------------------------------------------------------------------
def _vals(names_shapes, seed=0, complex_=False):
    rng = np.random.default_rng(seed)
    out = {}
    for sym, shape in names_shapes:
        a = rng.normal(size=shape)
        out[sym] = a + 1j * rng.normal(size=shape) if complex_ else a
    return out


@pytest.mark.parametrize("d", DIMS, ids=["ones", "23412", "32123"])
def test_face_split_and_vecr_evaluate_like_the_definitions(d):
    v = _vals([(A, (d["m"], d["n"])), (B, (d["m"], d["p"]))], seed=1)
    np.testing.assert_allclose(ks.evaluate(ks.face_split(A, B), v), face_split_ref(v[A], v[B]))
    np.testing.assert_allclose(ks.evaluate(ks.vecr(A), v), vecr_ref(v[A]))
    np.testing.assert_array_equal(ks.evaluate(ks.vecr(A), v), v[A].reshape(-1, 1, order="C"))
    vc = _vals([(A, (d["m"], d["n"])), (B, (d["m"], d["p"]))], seed=2, complex_=True)
    np.testing.assert_allclose(ks.evaluate(ks.face_split(A, B), vc), face_split_ref(vc[A], vc[B]))


@pytest.mark.parametrize("g", GRIDS, ids=[str(g) for g in GRIDS])
def test_tracy_singh_evaluates_like_the_block_definition(g):
    dims = _grid_dims(g)
    t = ks.tracy_singh(TA, TB, (ra, ca), (rb, cb))
    v = random_values(t, dims, seed=4)
    want = tracy_singh_ref(v[TA], v[TB], (g[0], g[1]), (g[2], g[3]))
    np.testing.assert_allclose(ks.evaluate(t, v), want, rtol=1e-12, atol=1e-12)
    # the canonical expansion P (A ⊗ B) Q and its simplified form, against the same definition
    np.testing.assert_allclose(ks.evaluate(permuted_kron(t), v), want, rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(ks.evaluate(ks.simplify(t), v), want, rtol=1e-12, atol=1e-12)
    # and the explicit (SymPy) oracle at these dims
    Ex = ks.explicit(t, dims)
    subs = {}
    for sym in (TA, TB):
        ms = sympy.MatrixSymbol(sym.name, *v[sym].shape)
        subs.update({ms[i, j]: v[sym][i, j] for i in range(v[sym].shape[0])
                     for j in range(v[sym].shape[1])})
    np.testing.assert_allclose(np.array(Ex.xreplace(subs), dtype=float), want, atol=1e-12)


def test_explicit_face_split_and_vecr():
    d = {m: 2, n: 3, p: 2}
    Fe = ks.explicit(ks.face_split(A, B), d)
    Ae, Be = ks.explicit(A, d), ks.explicit(B, d)
    assert Fe[1, 4] == Ae[1, 2] * Be[1, 0]
    assert list(ks.explicit(ks.vecr(A), d)) == [Ae[i, j] for i in range(2) for j in range(3)]


# --- canonical forms and the seed identities -------------------------------------------------
def test_canonical_forms():
    assert ks.simplify(ks.face_split(A, B).T) == ks.khatri_rao(A.T, B.T)
    assert ks.simplify(ks.khatri_rao(A.T, B.T).T) == ks.face_split(A, B)
    assert ks.simplify(ks.vecr(A)) == ks.vec(A.T)
    assert ks.simplify(ks.tracy_singh(A, E)) == ks.kron(A, E)
    t = ks.tracy_singh(TA, TB, (ra, ca), (rb, cb))
    assert ks.simplify(t) == ks.kron(ks.I(ra), ks.K(rb, pa), ks.I(pb)) @ ks.kron(TA, TB) @ \
        ks.kron(ks.I(ca), ks.K(qa, cb), ks.I(qb))
    assert ks.simplify(ks.face_split(A, B) @ ks.kron(C, D)) == ks.face_split(A @ C, B @ D)
    assert ks.simplify(ks.face_split(A, B) @ ks.kron(x, y)) == ks.hadamard(A @ x, B @ y)


EP, FP = S("EP", r, n), S("FP", s, p)      # for the Khatri–Rao mixed product
GK, HK = S("GK", n, q), S("HK", p, q)
SEED_IDENTITIES = [
    ("(A • B)ᵀ = Aᵀ ⊙ Bᵀ", ks.face_split(A, B).T, ks.khatri_rao(A.T, B.T)),
    ("(A • B)(C ⊗ D) = AC • BD", ks.face_split(A, B) @ ks.kron(C, D), ks.face_split(A @ C, B @ D)),
    ("(A • B)(C ⊙ D) = AC ∘ BD", ks.face_split(A, B) @ ks.khatri_rao(GK, HK),
     ks.hadamard(A @ GK, B @ HK)),
    ("(A • B)(x ⊗ y) = Ax ∘ By", ks.face_split(A, B) @ ks.kron(x, y), ks.hadamard(A @ x, B @ y)),
    ("(A ⊗ B)(C ⊙ D) = AC ⊙ BD", ks.kron(EP, FP) @ ks.khatri_rao(GK, HK),
     ks.khatri_rao(EP @ GK, FP @ HK)),
    ("(A ⊙ B)ᵀ(A ⊙ B) = AᵀA ∘ BᵀB", ks.khatri_rao(GK, HK).T @ ks.khatri_rao(GK, HK),
     ks.hadamard(GK.T @ GK, HK.T @ HK)),
    ("aᵀ • bᵀ = aᵀ ⊗ bᵀ (rows)", ks.face_split(x.T, y.T), ks.kron(x.T, y.T)),
    ("A • B = (I ⊙ I)ᵀ (A ⊗ B)", ks.face_split(A, B),
     ks.khatri_rao(ks.I(m), ks.I(m)).T @ ks.kron(A, B)),
    ("Tracy–Singh of 1×1 grids = ⊗", ks.tracy_singh(TA, TB), ks.kron(TA, TB)),
    ("Tracy–Singh of 1×1 blocks = ⊗", ks.tracy_singh(A, E, (m, n), (p, q)), ks.kron(A, E)),
    ("(A ⊠ B)ᵀ = Aᵀ ⊠ Bᵀ", ks.tracy_singh(TA, TB, (ra, ca), (rb, cb)).T,
     ks.tracy_singh(TA.T, TB.T, (ca, ra), (cb, rb))),
    ("(A ⊠ B)(C ⊠ D) = AC ⊠ BD", ks.tracy_singh(TA, TB, (ra, ca), (rb, cb)) @
     ks.tracy_singh(TC, TD, (ca, sa), (cb, sb)), ks.tracy_singh(TA @ TC, TB @ TD, (ra, sa), (rb, sb))),
    ("vec_r(AXB) = (A ⊗ Bᵀ) vec_r X", ks.vecr(A @ X @ D), ks.kron(A, D.T) @ ks.vecr(X)),
    ("vec_r A = K_{m,n} vec A", ks.vecr(A), ks.K(m, n) @ ks.vec(A)),
]


@pytest.mark.parametrize("name,lhs,rhs", SEED_IDENTITIES, ids=[t[0] for t in SEED_IDENTITIES])
def test_seed_identities_are_proved(name, lhs, rhs):
    pr = ks.prove(lhs, rhs)
    assert pr.holds and pr.method == "canonical", (name, pr)
    # and numerically, with an independent draw
    free = sorted((lhs.free_dims | rhs.free_dims), key=str)
    dims = {d: [2, 1, 3, 2, 1, 2, 3, 1, 2, 2, 1, 3, 2, 3, 1, 2, 2, 1][i % 18] for i, d in enumerate(free)}
    vals = random_values(lhs, dims, seed=7, extra=list(rhs.free_symbols))
    np.testing.assert_allclose(ks.evaluate(lhs, vals), ks.evaluate(rhs, vals), rtol=1e-9, atol=1e-9)


def test_face_split_via_ones_is_numeric_evidence():
    """A • B = (A ⊗ 1ᵀ_p) ∘ (1ᵀ_n ⊗ B) [Slyusar]: no canonical proof, numeric evidence."""
    rhs = ks.hadamard(ks.kron(A, ks.ones(1, p)), ks.kron(ks.ones(1, n), B))
    assert ks.equals(ks.face_split(A, B), rhs) is True


LOOK_ALIKES = [
    ("(A • B)ᵀ = Bᵀ ⊙ Aᵀ", ks.face_split(A, S("B2", m, n)).T, ks.khatri_rao(S("B2", m, n).T, A.T)),
    ("A • B = B • A", ks.face_split(A, S("B2", m, n)), ks.face_split(S("B2", m, n), A)),
    ("Tracy–Singh of 2×2 grids = ⊗", ks.tracy_singh(S("M", 4, 4), S("N2", 4, 4), (2, 2), (2, 2)),
     ks.kron(S("M", 4, 4), S("N2", 4, 4))),
    ("vec_r(AXB) = (Bᵀ ⊗ A) vec_r X", ks.vecr(S("A", n, n) @ S("X", n, n) @ S("B", n, n)),
     ks.kron(S("B", n, n).T, S("A", n, n)) @ ks.vecr(S("X", n, n))),
    ("vec_r A = vec A", ks.vecr(A), ks.vec(A)),
]


@pytest.mark.parametrize("name,lhs,rhs", LOOK_ALIKES, ids=[t[0] for t in LOOK_ALIKES])
def test_look_alikes_are_refuted(name, lhs, rhs):
    pr = ks.prove(lhs, rhs)
    assert not pr.holds and pr.counterexample is not None, (name, pr)


# --- derivatives -------------------------------------------------------------------------------
DIFF_CASES = [
    (ks.face_split(A, B), A), (ks.face_split(A, B), B), (ks.face_split(A, A), A),
    (ks.face_split(A @ C, B), C), (ks.face_split(A, B).T @ A, A),
    (ks.vecr(A), A), (ks.vecr(A @ X), X), (ks.vecr(A).T @ ks.vecr(A), A),
    (ks.tracy_singh(A, E, (m, 1), (1, q)), A), (ks.tracy_singh(A, E, (m, 1), (1, q)), E),
    (ks.tracy_singh(A, A, (1, n), (m, 1)), A),
    (ks.trace(ks.tracy_singh(S("Y", n, n), S("Y", n, n), (n, 1), (1, n))), S("Y", n, n)),
]
DIFF_DIMS = [{m: 1, n: 1, p: 1, q: 1, s: 1}, {m: 2, n: 3, p: 4, q: 1, s: 2},
             {m: 3, n: 2, p: 1, q: 2, s: 3}]


@pytest.mark.parametrize("F,Xs", DIFF_CASES, ids=[f"{F}|{Xs}" for F, Xs in DIFF_CASES])
def test_jacobian_matches_complex_step(F, Xs):
    J = ks.diff(F, Xs)
    assert J.shape == (F.rows * F.cols, Xs.rows * Xs.cols)
    for dims in DIFF_DIMS:
        check_jacobian(F, Xs, J=J, dims=dims, seed=5)


@pytest.mark.parametrize("g", GRIDS[1:4], ids=[str(g) for g in GRIDS[1:4]])
def test_tracy_singh_jacobian_symbolic_grids(g):
    t = ks.tracy_singh(TA, TB, (ra, ca), (rb, cb))
    for Xs in (TA, TB):
        check_jacobian(t, Xs, dims=_grid_dims(g), seed=6)


def test_derivative_structure():
    dA = ks.diff(ks.face_split(A, B), A)
    Sm = ks.khatri_rao(ks.I(m), ks.I(m))
    assert dA == ks.kron(ks.I(n * p), Sm.T) @ ks.kron(ks.I(n), ks.K(p, m), ks.I(m)) @ \
        ks.kron(ks.I(m * n), ks.vec(B))
    assert ks.diff(ks.vecr(A), A) == ks.K(m, n)
    assert ks.grad(ks.vecr(A).T @ ks.vecr(A), A) == 2 * A


# --- lambdify ------------------------------------------------------------------------------------
BACKENDS = ["numpy", "mpmath"] + [b for b in ("jax", "torch") if importlib.util.find_spec(b)]
LAMBDIFY = [
    (ks.face_split(A, B), [A, B]), (ks.vecr(A @ X), [A, X]),
    (ks.tracy_singh(TA, TB, (ra, ca), (rb, cb)), [TA, TB, ra, ca, rb, cb]),
    (ks.face_split(A, B) @ ks.kron(C, D) @ ks.vec(S("Z", q, s)), [A, B, C, D, S("Z", q, s)]),
]


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize("e,args", LAMBDIFY, ids=[str(e)[:40] for e, _ in LAMBDIFY])
def test_lambdify_matches_reference(backend, e, args):
    f = ks.lambdify(args, e, backend=backend)
    for k, dims in enumerate([dict(zip((m, n, p, q, s), d)) for d in
                              [(1, 1, 1, 1, 1), (2, 3, 4, 1, 2), (3, 2, 1, 2, 3)]]):
        dims.update(_grid_dims(GRIDS[k + 1]))
        vals = random_values(e, dims, seed=8, extra=[a for a in args if isinstance(a, N.MatrixSymbol)])
        got = f(*[vals[a] if isinstance(a, N.MatrixSymbol) else dims[a] for a in args])
        if hasattr(got, "detach"):
            got = got.detach().numpy()
        got = np.asarray(got, dtype=float)
        np.testing.assert_allclose(got, reference_evaluate(e, vals), rtol=1e-9, atol=1e-9)
    if e.children and isinstance(e, N.TracySingh):
        src = ks.codegen(args, e)
        assert "_rt.commutation(" not in src      # the permutations are axis swaps


def test_deep_vecr_and_face_split_chain():
    e = A
    for _ in range(3000):
        e = ks.vecr(e).T
    assert e.shape == (1, m * n)
    assert ks.parse(str(e), [A]) is e
    assert ks.simplify(e) == ks.vec(A.T).T
    f = B
    for _ in range(2000):
        f = ks.face_split(S("u", m, 1), f)
    assert f.shape == (m, p)
    assert len(ks.latex(f)) > 2000
