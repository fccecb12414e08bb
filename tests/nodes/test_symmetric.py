"""Symmetric matrices: ks.symmetric, D_n, L_n, N_n, vech; their rules, derivatives
with respect to a symmetric S (against finite differences along symmetric
perturbations), code generation, parsing and printing.

The references D_n, L_n, vech are built here from their definitions (entry by
entry), independently of kronsym.halfvec."""
import os
import subprocess
import sys

import numpy as np
import pytest
import sympy

import kronsym as ks
from kronsym import nodes as N
from kronsym.dims import dims_equal
from kronsym.evaluate import commutation_matrix
from kronsym.testing import check_jacobian, random_values

n, m = ks.dims("n m")
S = ks.symmetric("S", n)
T = ks.symmetric("T", n)
A = ks.MatrixSymbol("A", n, n)
B = ks.MatrixSymbol("B", m, n)
x = ks.MatrixSymbol("x", n, 1)
D, L, Nsym, K, I, vec, vech, kron, inv = ks.D, ks.L, ks.Nsym, ks.K, ks.I, ks.vec, ks.vech, ks.kron, ks.inv
SIZES = (1, 2, 3, 4)


# --- independent references -------------------------------------------------------------
def lower_pairs(k):
    """(i, j) with i >= j, column by column: the order of vech."""
    return [(i, j) for j in range(k) for i in range(j, k)]


def vecF(a):
    return a.reshape(-1, 1, order="F")


def vech_ref(a):
    return np.array([[a[i, j]] for i, j in lower_pairs(a.shape[0])])


def dup_ref(k):
    """D_k: column (i, j) is vec(E_ij + E_ji) for i > j, vec(E_ii) on the diagonal."""
    cols = []
    for i, j in lower_pairs(k):
        E = np.zeros((k, k))
        E[i, j] = E[j, i] = 1.0
        cols.append(E.reshape(-1, order="F"))
    return np.array(cols).T


def elim_ref(k):
    """L_k: row (i, j) picks a_ij out of vec A."""
    return np.array([np.eye(k * k)[i + k * j] for i, j in lower_pairs(k)])


def sym_ref(k):
    return (np.eye(k * k) + commutation_matrix(k, k)) / 2


def unvech_ref(v, k):
    a = np.zeros((k, k))
    for val, (i, j) in zip(np.ravel(v), lower_pairs(k)):
        a[i, j] = a[j, i] = val
    return a


def rand_sym(k, rng):
    a = rng.normal(size=(k, k))
    return (a + a.T) / 2 + (k + 1) * np.eye(k)


# --- construction, errors -------------------------------------------------------------------
def test_construction_and_shapes():
    assert S.shape == (n, n) and isinstance(S, ks.MatrixSymbol) and isinstance(S, N.SymmetricSymbol)
    assert ks.symmetric("S", n) is S and S is not ks.MatrixSymbol("S", n, n)
    assert D(n).shape == (n ** 2, n * (n + 1) / 2)
    assert L(n).shape == (n * (n + 1) / 2, n ** 2)
    assert Nsym(n).shape == (n ** 2, n ** 2)
    assert vech(A).shape == (n * (n + 1) / 2, 1)
    assert D(3).shape == (9, 6) and L(3).shape == (6, 9)
    assert S.rebuild() is S and vech(S).rebuild(*vech(S).children) is vech(S)
    import pickle
    e = D(n) @ vech(S)
    assert pickle.loads(pickle.dumps(e)) is e


def test_errors():
    with pytest.raises(ks.ShapeError, match="vech of B: B is m×n"):
        vech(B)
    with pytest.raises(ks.DimensionError):
        D(0)
    with pytest.raises(TypeError):
        L("n")
    with pytest.raises(TypeError, match="identifier"):
        ks.symmetric("1S", n)
    with pytest.raises(TypeError, match="vech"):
        vech(np.eye(2))
    with pytest.raises(ks.ShapeError, match="L\\(n\\)"):
        L(n) @ D(m)


# --- printing and parsing -------------------------------------------------------------------
PRINTED = [
    (D(n), "D(n)", "D_{n}"),
    (L(n), "L(n)", "L_{n}"),
    (Nsym(n), "Nsym(n)", "N_{n}"),
    (vech(A), "vech(A)", r"\operatorname{vech}(A)"),
    (S, "S", "S"),
    (D(n) @ vech(S), "D(n) @ vech(S)", r"D_{n} \operatorname{vech}(S)"),
    (L(n) @ kron(S, S) @ D(n), "L(n) @ (S ⊗ S) @ D(n)",
     r"L_{n} (S \otimes S) D_{n}"),
    (D(n * m).T, "D(m*n).T", r"D_{mn}^{\top}"),
    (vech(S.T + A), "vech(S.T + A)", r"\operatorname{vech}(S^{\top} + A)"),
]


@pytest.mark.parametrize("e,text,tex", PRINTED, ids=[p[1] for p in PRINTED])
def test_printing_and_round_trip(e, text, tex):
    assert str(e) == text
    assert ks.latex(e) == tex
    assert ks.parse(str(e), sorted(e.free_symbols, key=lambda s: s.name), dims=[m, n]) is e


def test_parse_symmetric_shapes():
    for shapes in ({"S": "n,n,sym"}, {"S": ("n", "n", "sym")}, [S]):
        e = ks.parse("D(n) @ vech(S.T)", shapes)
        assert e is D(n) @ vech(S.T)
    with pytest.raises(ks.ShapeError, match="square"):
        ks.parse("S", {"S": "n,m,sym"})
    with pytest.raises(TypeError, match="sym"):
        ks.parse("S", {"S": ("n", "n", "symmetric!")})
    v = ks.verify("D(n) @ vech(S) == vec(S)", {"S": "n,n,sym"})
    assert v.verdict == "holds"
    v = ks.verify("D(n) @ vech(A) == vec(A)", {"A": "n,n"})
    assert v.verdict == "fails"


def test_cli_symmetric():
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    out = subprocess.run([sys.executable, "-m", "kronsym", "diff", "inv(S)", "--wrt", "S",
                          "--let", "S=n,n,sym"], capture_output=True, text=True,
                         env={**os.environ, "PYTHONPATH": root}, timeout=60)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "-((inv(S) ⊗ inv(S)) @ D(n))"


# --- evaluation --------------------------------------------------------------------------------
@pytest.mark.parametrize("k", SIZES)
def test_evaluate_against_definitions(k):
    rng = np.random.default_rng(k)
    a = rng.normal(size=(k, k))
    s = rand_sym(k, rng)
    np.testing.assert_array_equal(ks.evaluate(D(n), {n: k}), dup_ref(k))
    np.testing.assert_array_equal(ks.evaluate(L(n), {n: k}), elim_ref(k))
    np.testing.assert_allclose(ks.evaluate(Nsym(n), {n: k}), sym_ref(k))
    np.testing.assert_array_equal(ks.evaluate(vech(A), {A: a}), vech_ref(a))
    # the defining properties, on the references themselves
    np.testing.assert_allclose(dup_ref(k) @ vech_ref(s), vecF(s))
    np.testing.assert_allclose(elim_ref(k) @ vecF(a), vech_ref(a))
    np.testing.assert_allclose(ks.evaluate(D(n) @ vech(S), {S: s}), vecF(s))
    # explicit (SymPy) agrees
    for e in (D(n), L(n), Nsym(n)):
        np.testing.assert_allclose(np.array(ks.explicit(e, {n: k}), dtype=float),
                                   ks.evaluate(e, {n: k}))
    E = ks.explicit(vech(S), {n: k})
    ms = sympy.MatrixSymbol("S", k, k)
    assert list(E) == [ms[i, j] for i, j in lower_pairs(k)]


def test_symmetric_values_are_checked():
    a = np.array([[1.0, 2.0], [3.0, 4.0]])
    with pytest.raises(ks.EvaluationError, match="S is a symmetric symbol but its value is not symmetric"):
        ks.evaluate(S, {S: a})
    s = np.array([[1.0, 2.0], [2.0 + 1e-14, 4.0]])        # round-off is accepted
    assert ks.evaluate(vech(S), {S: s}).shape == (3, 1)
    vals = random_values(vech(S) + vech(A), {n: 4}, seed=1)
    np.testing.assert_array_equal(vals[S], vals[S].T)
    assert not np.allclose(vals[A], vals[A].T)


# --- rules: structure, value, prover -----------------------------------------------------------
IDENTITIES = [   # (lhs, rhs): simplify(lhs) is simplify(rhs), equal in value, ks.equals True
    (L(n) @ D(n), I(n * (n + 1) / 2)),
    (K(n, n) @ D(n), D(n)),
    (Nsym(n) @ D(n), D(n)),
    (D(n).T @ K(n, n), D(n).T),
    (D(n).T @ Nsym(n), D(n).T),
    (D(n) @ L(n) @ Nsym(n), Nsym(n)),
    (L(n) @ vec(A), vech(A)),
    (D(n) @ vech(S), vec(S)),
    (vech(S.T), vech(S)),
    (S.T, S),
    (inv(S).T, inv(S)),
    (Nsym(n).T, Nsym(n)),
    (Nsym(n) @ Nsym(n), Nsym(n)),
    (Nsym(n) @ K(n, n), Nsym(n)),
    (K(n, n) @ Nsym(n), Nsym(n)),
    (Nsym(m) @ kron(B, B), kron(B, B) @ Nsym(n)),
    ((I(n ** 2) + K(n, n)) / 2, Nsym(n)),
    (inv(D(n).T @ D(n)) @ D(n).T @ vec(S), vech(S)),
    (vech(2 * A + S), 2 * vech(A) + vech(S)),
    (Nsym(n) @ kron(x, x), kron(x, x)),                       # seed 001: vec(xxᵀ) = x ⊗ x is symmetric
]


def _values(e, k, seed=0):
    return random_values(e, {n: k, m: k + 1}, seed=seed)


@pytest.mark.parametrize("lhs,rhs", IDENTITIES, ids=[f"{a} = {b}" for a, b in IDENTITIES])
def test_identity(lhs, rhs):
    assert ks.simplify(lhs) is ks.simplify(rhs), (ks.simplify(lhs), ks.simplify(rhs))
    for k in SIZES:
        vals = _values(N.MatAdd(lhs, rhs), k)
        np.testing.assert_allclose(ks.evaluate(lhs, vals), ks.evaluate(rhs, vals), atol=1e-10)
    assert ks.equals(lhs, rhs)


# identities proved numerically (no canonical form): D⁺ = (DᵀD)⁻¹Dᵀ
Dp = inv(D(n).T @ D(n)) @ D(n).T
NUMERIC_IDENTITIES = [
    (D(n) @ Dp, Nsym(n)),                                               # D D⁺ = N
    (Dp @ D(n), I(n * (n + 1) / 2)),                                    # D⁺ D = I
    (Dp @ Nsym(n), Dp),                                                 # D⁺ N = D⁺
    (inv(Dp @ kron(S, S) @ D(n)), Dp @ kron(inv(S), inv(S)) @ D(n)),    # M&N: (D⁺(A⊗A)D)⁻¹
    (Dp @ kron(S, I(n)) @ D(n) * 2, L(n) @ (kron(S, I(n)) + kron(I(n), S)) @ D(n)),
]


@pytest.mark.parametrize("lhs,rhs", NUMERIC_IDENTITIES, ids=[str(a)[:40] for a, _ in NUMERIC_IDENTITIES])
def test_numeric_identity(lhs, rhs):
    for k in SIZES:
        vals = _values(N.MatAdd(lhs, rhs), k, seed=k)
        np.testing.assert_allclose(ks.evaluate(lhs, vals), ks.evaluate(rhs, vals), atol=1e-9)
    assert ks.equals(lhs, rhs)


LOOK_ALIKES = [
    (D(n) @ L(n), I(n ** 2)),                      # D L is a projection, not I
    (D(n) @ vech(A), vec(A)),                      # needs a symmetric A
    (vech(A.T), vech(A)),
    (K(n, n) @ L(n).T, L(n).T),
    (Nsym(n), I(n ** 2)),
]


@pytest.mark.parametrize("lhs,rhs", LOOK_ALIKES, ids=[f"{a} != {b}" for a, b in LOOK_ALIKES])
def test_look_alikes_refuted(lhs, rhs):
    assert ks.equals(lhs, rhs) is False


def test_n_equal_one_is_degenerate_but_consistent():
    # at n = 1 every one of D, L, N is the 1×1 identity
    for e in (D(n), L(n), Nsym(n)):
        assert ks.evaluate(e, {n: 1}).tolist() == [[1.0]]
        assert ks.simplify(type(e)(1)) is I(1)


# --- derivatives with respect to a symmetric S ---------------------------------------------------
def fd_jacobian_vech(F, values, k, h=1e-6):
    """d vec F / d (vech S)ᵀ by central differences, perturbing vech S and rebuilding S
    (independent of kronsym.testing)."""
    s0 = values[S]
    v0 = vech_ref(s0).ravel()
    cols = []
    for t in range(v0.size):
        e = np.zeros_like(v0)
        e[t] = h
        fp = ks.evaluate(F, {**values, S: unvech_ref(v0 + e, k)})
        fm = ks.evaluate(F, {**values, S: unvech_ref(v0 - e, k)})
        cols.append(((fp - fm) / (2 * h)).reshape(-1, order="F"))
    return np.array(cols).T


DIFF_CASES = [inv(S), S @ S, S, S.T, A @ S @ A.T, B @ S @ B.T, ks.trace(A @ S), ks.logdet(S),
              kron(S, S), x.T @ S @ x, kron(S, A), ks.det(S) * inv(S), S @ A @ S,
              vech(S @ S), D(n) @ vech(S @ A), ks.trace(S @ S @ S)]


@pytest.mark.parametrize("F", DIFF_CASES, ids=[str(F) for F in DIFF_CASES])
@pytest.mark.parametrize("k", SIZES)
def test_diff_symmetric_against_finite_differences(F, k):
    J = ks.diff(F, S)
    assert J.shape == (F.rows * F.cols, n * (n + 1) / 2)
    vals = _values(N.Vec(F), k, seed=k)
    vals.setdefault(S, rand_sym(k, np.random.default_rng(k)))
    got = ks.evaluate(J, vals)
    want = fd_jacobian_vech(F, vals, k)
    np.testing.assert_allclose(got, want, rtol=1e-6, atol=1e-6)
    check_jacobian(F, S, J=J, values=vals)       # complex step along symmetric directions
    if dims_equal(F.rows, F.cols) is True:         # d vech F / d (vech S)ᵀ: the rows of vech F
        p = ks.evaluate(F, vals).shape[0]
        np.testing.assert_allclose(ks.evaluate(ks.diff(F, S, vech=True), vals),
                                   elim_ref(p) @ want, rtol=1e-6, atol=1e-6)


def test_textbook_forms():
    # Magnus & Neudecker: d vech(S⁻¹) / d (vech S)ᵀ = −D⁺(S⁻¹ ⊗ S⁻¹)D = −L(S⁻¹ ⊗ S⁻¹)D
    Jinv = ks.diff(inv(S), S, vech=True)
    assert Jinv == -(L(n) @ kron(inv(S), inv(S)) @ D(n))
    assert ks.equals(Jinv, -(Dp @ kron(inv(S), inv(S)) @ D(n)))
    # d vech(S²) / d (vech S)ᵀ = 2 D⁺ (S ⊗ I) D = L (S ⊗ I + I ⊗ S) D
    Jsq = ks.diff(S @ S, S, vech=True)
    assert Jsq == L(n) @ (kron(S, I(n)) + kron(I(n), S)) @ D(n)
    assert ks.equals(Jsq, 2 * (Dp @ kron(S, I(n)) @ D(n)))
    assert ks.diff(S, S) == D(n) and ks.diff(S.T, S) == D(n)
    assert ks.diff(S, S, vech=True) == I(n * (n + 1) / 2)
    assert ks.diff(inv(S), S) == -(kron(inv(S), inv(S)) @ D(n))
    assert ks.diff(A, S) == ks.zeros(n ** 2, n * (n + 1) / 2)
    assert ks.diff(A, S, vech=True) == ks.zeros(n * (n + 1) / 2, n * (n + 1) / 2)
    with pytest.raises(ValueError, match="square"):
        ks.diff(B @ S, S, vech=True)
    d = ks.derive(inv(S), S)
    assert d.result is ks.diff(inv(S), S) and "vech" in d.steps[-1].rule


def test_grad_and_hessian_conventions():
    # grad is the symmetric (Frobenius) gradient (G + Gᵀ)/2
    assert ks.grad(ks.logdet(S), S) == inv(S)
    assert ks.grad(ks.trace(A @ S), S) == sympy.Rational(1, 2) * (A + A.T)   # simplified: A first
    assert ks.grad(ks.trace(A @ S), S) == ks.grad(ks.trace(A.T @ S.T), S)   # independent of the spelling
    assert ks.hessian(ks.trace(S @ S), S) == 2 * Nsym(n)
    assert ks.hessian(ks.logdet(S), S) == -(kron(inv(S), inv(S)) @ Nsym(n))
    for f in (ks.logdet(S), ks.trace(A @ S), x.T @ S @ S @ x, ks.trace(S @ A @ S @ A.T), ks.det(S)):
        g, H, J = ks.grad(f, S), ks.hessian(f, S), ks.diff(f, S)
        for k in SIZES:
            rng = np.random.default_rng(10 + k)
            vals = _values(N.MatAdd(N.Vec(g), N.Vec(S)), k, seed=k)
            vals.setdefault(S, rand_sym(k, rng))
            gv, Hv, Jv = (ks.evaluate(e, vals) for e in (g, H, J))
            np.testing.assert_allclose(gv, gv.T, atol=1e-10)              # symmetric
            np.testing.assert_allclose(Hv, Hv.T, atol=1e-9)               # symmetric
            # df = tr(gᵀ E) for symmetric E, by central differences
            E = rng.normal(size=(k, k))
            E = E + E.T
            h = 1e-6
            fp = ks.evaluate(f, {**vals, S: vals[S] + h * E})[0, 0]
            fm = ks.evaluate(f, {**vals, S: vals[S] - h * E})[0, 0]
            np.testing.assert_allclose((fp - fm) / (2 * h), np.sum(gv * E), rtol=1e-5, atol=1e-6)
            # the vech Jacobian is D_nᵀ vec(grad)
            np.testing.assert_allclose(Jv, (dup_ref(k).T @ vecF(gv)).T, atol=1e-9)
            # hessian: vec g(S + hE) - vec g(S - hE) = 2h H vec E; diff(vec g, S) = H D
            gp = ks.evaluate(g, {**vals, S: vals[S] + h * E})
            gm = ks.evaluate(g, {**vals, S: vals[S] - h * E})
            np.testing.assert_allclose(vecF((gp - gm) / (2 * h)), Hv @ vecF(E), rtol=1e-5, atol=1e-5)
            np.testing.assert_allclose(ks.evaluate(ks.diff(vec(g), S), vals), Hv @ dup_ref(k),
                                       atol=1e-8)


# --- code generation ------------------------------------------------------------------------------
CODEGEN = [
    (D(n) @ vech(S), [S]),
    (L(n) @ vec(A @ S), [A, S]),
    (L(n) @ kron(S, S) @ D(n) @ vech(A), [A, S]),
    (Nsym(n) @ kron(A, A) @ vec(S), [A, S]),
    (D(n).T @ vec(A), [A]),
    (L(n).T @ vech(A), [A]),
    (ks.diff(inv(S), S, vech=True), [S]),
    (ks.hessian(ks.logdet(S), S), [S]),
]


@pytest.mark.parametrize("e,args", CODEGEN, ids=[str(e)[:40] for e, _ in CODEGEN])
def test_lambdify_matches_reference(e, args):
    f = ks.lambdify(args, e)
    for k in SIZES:
        vals = random_values(e, {n: k}, seed=k)
        np.testing.assert_allclose(f(*[vals[a] for a in args]), ks.evaluate(e, vals), atol=1e-10)
    src = ks.codegen(args, e)
    if e.cols == 1:          # a product ending in a vector: D, L, N are gathers, never formed
        for dense in ("_rt.duplication(", "_rt.elimination(", "_rt.symmetrizer(", "_rt.commutation("):
            assert dense not in src, src


def test_gathers_in_generated_source():
    assert "_rt.dup_apply(" in ks.codegen([S], D(n) @ vech(S))
    assert "_rt.elim_apply(" in ks.codegen([A], L(n) @ vec(A))
    assert "_rt.dup_t_apply(" in ks.codegen([A], D(n).T @ vec(A))
    assert "_rt.sym_apply(" in ks.codegen([A, S], Nsym(n) @ kron(A, A) @ vec(S))


def test_sparse_form():
    J = ks.diff(inv(S), S, vech=True)
    f = ks.lambdify([S], J, form="sparse")
    vals = random_values(J, {n: 3})
    np.testing.assert_allclose(f(vals[S]).toarray(), ks.evaluate(J, vals), atol=1e-12)


def test_to_sympy_refuses_with_a_reason():
    for e, why in ((S, "cannot declare a symbol symmetric"), (D(n), "duplication"),
                   (L(n), "elimination"), (Nsym(n), "symmetrizer"), (vech(A), "vech")):
        with pytest.raises(TypeError, match=why):
            ks.to_sympy(e)
