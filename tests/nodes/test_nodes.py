"""Every node type: symbolic shape, exact text and LaTeX, dense value against plain
numpy at several dims (1 and non-square), explicit (SymPy) against dense."""
import numpy as np
import pytest
import sympy

import kronsym as ks
from kronsym import nodes as N
from kronsym.evaluate import commutation_matrix

m, n, p, q = ks.dims("m n p q")
A, B = ks.MatrixSymbol("A", m, n), ks.MatrixSymbol("B", p, q)
W = ks.MatrixSymbol("W", m, n)
X, Y = ks.MatrixSymbol("X", n, n), ks.MatrixSymbol("Y", n, n)
V = ks.MatrixSymbol("V", p, n)
x = ks.MatrixSymbol("x", n, 1)
v = ks.MatrixSymbol("v", m * n, 1)


def _lower(k):
    """(i, j) with i >= j, column by column: the order of vech (Magnus & Neudecker)."""
    return [(i, j) for j in range(k) for i in range(j, k)]


def vech_ref(a):
    return np.array([[a[i, j]] for i, j in _lower(a.shape[0])])


def dup_ref(k):
    """D_k by its definition: column (i, j) of the lower triangle is vec(E_ij + E_ji) (one 1 on the diagonal)."""
    cols = []
    for i, j in _lower(k):
        E = np.zeros((k, k))
        E[i, j] = E[j, i] = 1.0
        cols.append(E.reshape(-1, order="F"))
    return np.array(cols).T


def elim_ref(k):
    """L_k by its definition: row (i, j) of the lower triangle picks entry a_ij of vec A."""
    return np.array([np.eye(k * k)[i + k * j] for i, j in _lower(k)])


def vecF(a):
    return a.reshape(-1, 1, order="F")


def khatri_rao(a, b):
    return np.vstack([np.kron(a[:, j], b[:, j]) for j in range(a.shape[1])]).T


# (expression, shape, text, latex, numpy reference)
TABLE = [
    (A, (m, n), "A", "A", lambda a: a["A"]),
    (ks.I(n), (n, n), "I(n)", "I_{n}", lambda a: np.eye(a["n"])),
    (ks.zeros(m, n), (m, n), "zeros(m, n)", r"0_{m \times n}", lambda a: np.zeros((a["m"], a["n"]))),
    (ks.ones(m, 1), (m, 1), "ones(m, 1)", r"\mathbf{1}_{m}", lambda a: np.ones((a["m"], 1))),
    (ks.K(m, n), (m * n, m * n), "K(m, n)", "K_{m,n}", lambda a: commutation_matrix(a["m"], a["n"])),
    (A @ X, (m, n), "A @ X", "A X", lambda a: a["A"] @ a["X"]),
    (A + W, (m, n), "A + W", "A + W", lambda a: a["A"] + a["W"]),
    (A - 2 * W, (m, n), "A - 2*W", "A - 2 W", lambda a: a["A"] - 2 * a["W"]),
    (-A, (m, n), "-A", "-A", lambda a: -a["A"]),
    (A / 2, (m, n), "(1/2)*A", r"\frac{1}{2} A", lambda a: a["A"] / 2),
    (ks.trace(X) * A, (m, n), "tr(X)*A", r"\operatorname{tr}(X) A", lambda a: np.trace(a["X"]) * a["A"]),
    (ks.trace(X) ** 2, (1, 1), "tr(X)**2", r"\operatorname{tr}(X)^{2}", lambda a: np.array([[np.trace(a["X"]) ** 2]])),
    (ks.log(ks.det(X)), (1, 1), "log(det(X))", r"\log\bigl(\det(X)\bigr)", lambda a: np.array([[np.log(np.linalg.det(a["X"]))]])),
    (A.T, (n, m), "A.T", r"A^{\top}", lambda a: a["A"].T),
    (ks.kron(A, B), (m * p, n * q), "A ⊗ B", r"A \otimes B", lambda a: np.kron(a["A"], a["B"])),
    (ks.vec(A), (m * n, 1), "vec(A)", r"\operatorname{vec}(A)", lambda a: vecF(a["A"])),
    (ks.unvec(v, m, n), (m, n), "unvec(v, m, n)", r"\operatorname{unvec}_{m,n}(v)",
     lambda a: a["v"].reshape(a["m"], a["n"], order="F")),
    (ks.inv(X), (n, n), "inv(X)", "X^{-1}", lambda a: np.linalg.inv(a["X"])),
    (ks.trace(X), (1, 1), "tr(X)", r"\operatorname{tr}(X)", lambda a: np.array([[np.trace(a["X"])]])),
    (ks.det(X), (1, 1), "det(X)", r"\det(X)", lambda a: np.array([[np.linalg.det(a["X"])]])),
    (ks.logdet(X), (1, 1), "logdet(X)", r"\log\det(X)", lambda a: np.array([[np.linalg.slogdet(a["X"])[1]]])),
    (ks.hadamard(A, W), (m, n), "A ∘ W", r"A \circ W", lambda a: a["A"] * a["W"]),
    (ks.khatri_rao(A, V), (m * p, n), "A ⊙ V", r"A \odot V", lambda a: khatri_rao(a["A"], a["V"])),
    (ks.kron_sum(X, Y), (n * n, n * n), "X ⊕ Y", r"X \oplus Y",
     lambda a: np.kron(a["X"], np.eye(a["n"])) + np.kron(np.eye(a["n"]), a["Y"])),
    (ks.diag(x), (n, n), "diag(x)", r"\operatorname{diag}(x)", lambda a: np.diag(a["x"][:, 0])),
    (ks.exp(ks.trace(X)), (1, 1), "exp(tr(X))", r"\exp\bigl(\operatorname{tr}(X)\bigr)", lambda a: np.array([[np.exp(np.trace(a["X"]))]])),
    (ks.sqrt(x.T @ x), (1, 1), "sqrt(x.T @ x)", r"\sqrt{x^{\top} x}", lambda a: np.sqrt(a["x"].T @ a["x"])),
    # symmetric matrices (references built from their definitions above)
    (ks.D(n), (n ** 2, n * (n + 1) / 2), "D(n)", "D_{n}", lambda a: dup_ref(a["n"])),
    (ks.L(n), (n * (n + 1) / 2, n ** 2), "L(n)", "L_{n}", lambda a: elim_ref(a["n"])),
    (ks.Nsym(n), (n ** 2, n ** 2), "Nsym(n)", "N_{n}",
     lambda a: (np.eye(a["n"] ** 2) + commutation_matrix(a["n"], a["n"])) / 2),
    (ks.vech(X), (n * (n + 1) / 2, 1), "vech(X)", r"\operatorname{vech}(X)", lambda a: vech_ref(a["X"])),
]
# partitioned products and row-major vec (reference implementations in tests/nodes/test_products.py)
TABLE += [
    (ks.face_split(A, W), (m, n * n), "A • W", r"A \bullet W",
     lambda a: np.vstack([np.kron(a["A"][i], a["W"][i]) for i in range(a["m"])])),
    (ks.tracy_singh(A, B, (m, 1), (1, q)), (m * p, n * q), "tracy_singh(A, B, m, 1, 1, q)",
     r"A \boxtimes_{(m,1),(1,q)} B",      # rows of A times columns of B: A ⊗ B, columns swapped
     lambda a: np.kron(a["A"], a["B"]).reshape(-1, a["n"], a["q"]).transpose(0, 2, 1)
     .reshape(a["m"] * a["p"], -1)),
    (ks.vecr(A), (m * n, 1), "vecr(A)", r"\operatorname{vec}_r(A)",
     lambda a: a["A"].reshape(-1, 1, order="C")),
]
# reductions and building blocks (kronsym/nodes/reductions.py)
TABLE += [
    (ks.sum(A), (1, 1), "sum(A)", r"\mathbf{1}^{\top} A \mathbf{1}", lambda a: a["A"].sum().reshape(1, 1)),
    (ks.sum(A, axis=0), (1, n), "sum(A, 0)", r"\mathbf{1}^{\top} A", lambda a: a["A"].sum(0)[None, :]),
    (ks.sum(A, axis=1), (m, 1), "sum(A, 1)", r"A \mathbf{1}", lambda a: a["A"].sum(1)[:, None]),
    (ks.diag(X), (n, 1), "diag(X)", r"\operatorname{diag}(X)", lambda a: np.diag(a["X"])[:, None]),
    (ks.norm(A), (1, 1), "norm2(A)", r"\lVert A \rVert_2",
     lambda a: np.linalg.norm(a["A"]).reshape(1, 1)),
    (ks.norm1(A), (1, 1), "norm1(A)", r"\lVert A \rVert_1",
     lambda a: np.abs(a["A"]).sum().reshape(1, 1)),
    (ks.logsumexp(x), (1, 1), "logsumexp(x)", r"\operatorname{logsumexp}(x)",
     lambda a: np.log(np.exp(a["x"]).sum()).reshape(1, 1)),
    (ks.softmax(x), (n, 1), "softmax(x)", r"\operatorname{softmax}(x)",
     lambda a: np.exp(a["x"]) / np.exp(a["x"]).sum()),
    (X ** 3, (n, n), "X**3", "X^{3}", lambda a: a["X"] @ a["X"] @ a["X"]),
    (X.T ** -2, (n, n), "X.T**(-2)", r"(X^{\top})^{-2}",
     lambda a: np.linalg.inv(a["X"].T @ a["X"].T)),
]
# pseudo-inverse family (kronsym/nodes/pseudo.py; more in tests/nodes/test_pseudo.py)
TABLE += [
    (ks.pinv(A), (n, m), "pinv(A)", "A^{+}", lambda a: np.linalg.pinv(a["A"])),
    (ks.adj(X), (n, n), "adj(X)", r"\operatorname{adj}(X)",
     lambda a: np.linalg.det(a["X"]) * np.linalg.inv(a["X"])),
    (ks.eigvalsh(X), (n, 1), "eigvalsh(X)", r"\lambda(X)",
     lambda a: np.linalg.eigvalsh((a["X"] + a["X"].T) / 2)[:, None]),
    (ks.eigvecsh(X), (n, n), "eigvecsh(X)", r"U_{\lambda}(X)",
     lambda a: _signed(np.linalg.eigh((a["X"] + a["X"].T) / 2)[1])),
    (ks.nuclear_norm(A), (1, 1), "nuclear_norm(A)", r"\lVert A \rVert_*",
     lambda a: np.linalg.norm(a["A"], "nuc").reshape(1, 1)),
    (ks.polar(A), (m, n), "polar(A)", r"\operatorname{polar}(A)",
     lambda a: (lambda u, s, vt: u @ vt)(*np.linalg.svd(a["A"], full_matrices=False))),
]


def _signed(v):
    """Eigenvector columns signed so that the entry of largest magnitude is positive."""
    return v * np.sign(v[np.argmax(np.abs(v), axis=0), range(v.shape[1])])

DIMS = [dict(m=1, n=1, p=1, q=1), dict(m=2, n=3, p=4, q=1), dict(m=3, n=2, p=1, q=2)]


def _arrays(d, seed=0):
    rng = np.random.default_rng(seed)
    a = dict(d)
    shapes = {"A": (d["m"], d["n"]), "W": (d["m"], d["n"]), "B": (d["p"], d["q"]),
              "X": (d["n"], d["n"]), "Y": (d["n"], d["n"]), "V": (d["p"], d["n"]),
              "x": (d["n"], 1), "v": (d["m"] * d["n"], 1)}
    for k, s in shapes.items():
        a[k] = rng.normal(size=s) + (s[0] + 1) * np.eye(*s) * (s[0] == s[1])
    return a


# matrix functions (kronsym/nodes/matfuncs.py; more in tests/nodes/test_matfuncs.py)
def _sl():
    import scipy.linalg
    return scipy.linalg


def _jacobian_expm(x):
    k = x.shape[0]
    cols = [_sl().expm_frechet(x, np.eye(k * k)[:, j].reshape(k, k, order="F"),
                               compute_expm=False).reshape(-1, order="F") for j in range(k * k)]
    return np.stack(cols, axis=1)


TABLE += [
    (ks.expm(X), (n, n), "expm(X)", "e^{X}", lambda a: _sl().expm(a["X"])),
    (ks.logm(X), (n, n), "logm(X)", r"\log(X)", lambda a: _sl().logm(a["X"]).real),
    (ks.sqrtm(X), (n, n), "sqrtm(X)", "X^{1/2}", lambda a: _sl().sqrtm(a["X"]).real),
    (N.MatFuncJacobian(X, "expm"), (n ** 2, n ** 2), "expm_jacobian(X)",
     r"\operatorname{J}_{\exp}\left(X\right)", lambda a: _jacobian_expm(a["X"])),
]


def test_table_covers_every_node_type():
    from kronsym.traverse import postorder
    seen = {type(nd) for e, *_ in TABLE for nd in postorder(e)}
    assert set(N.NODE_TYPES) <= seen, set(N.NODE_TYPES) - seen


def test_every_node_type_has_printers_and_evaluators():
    from kronsym.printing.text import TEXT
    from kronsym.printing.latex import LATEX
    from kronsym.evaluate import DENSE
    from kronsym.explicit import EXPLICIT, UNSUPPORTED as UNSUPPORTED_EXPLICIT
    for t in N.NODE_TYPES:
        assert t.__name__ in TEXT and t.__name__ in LATEX, t   # printers: keyed by class name
        assert t is N.MatrixSymbol or t in DENSE, t
        assert t in EXPLICIT or t in UNSUPPORTED_EXPLICIT, t   # (a reason: no closed form)


@pytest.mark.parametrize("e,shape,text,tex,ref", TABLE, ids=[t[2] for t in TABLE])
def test_shape_and_printing(e, shape, text, tex, ref):
    assert e.shape == tuple(sympy.sympify(s) for s in shape)
    assert str(e) == text
    assert ks.latex(e) == tex
    assert e._repr_latex_() == "$\\displaystyle " + tex + "$"


@pytest.mark.parametrize("e,shape,text,tex,ref", TABLE, ids=[t[2] for t in TABLE])
@pytest.mark.parametrize("d", DIMS, ids=["ones", "2341", "3212"])
def test_evaluate_against_numpy(e, shape, text, tex, ref, d):
    a = _arrays(d)
    syms = {s: a[s.name] for s in e.free_symbols}
    dims = {m: d["m"], n: d["n"], p: d["p"], q: d["q"]}
    got = ks.evaluate(e, {**syms, **{k: v for k, v in dims.items() if k in e.free_dims}})
    np.testing.assert_allclose(got, ref(a), rtol=1e-10, atol=1e-12)


@pytest.mark.parametrize("e,shape,text,tex,ref", TABLE, ids=[t[2] for t in TABLE])
def test_explicit_agrees_with_evaluate(e, shape, text, tex, ref):
    from kronsym.explicit import UNSUPPORTED as UNSUPPORTED_EXPLICIT
    d = dict(m=2, n=2, p=3, q=1)
    a = _arrays(d, seed=1)
    dims = {m: 2, n: 2, p: 3, q: 1}
    if type(e) in UNSUPPORTED_EXPLICIT:         # expm, pinv ...: refused, with the reason
        with pytest.raises(NotImplementedError, match="explicit: "):
            ks.explicit(e, dims)
        return
    E = ks.explicit(e, dims)
    subs = {}
    for s in e.free_symbols:
        ms = sympy.MatrixSymbol(s.name, *a[s.name].shape)
        for i in range(a[s.name].shape[0]):
            for j in range(a[s.name].shape[1]):
                subs[ms[i, j]] = a[s.name][i, j]
    got = np.array(E.xreplace(subs).evalf(), dtype=float)
    want = ks.evaluate(e, {**{s: a[s.name] for s in e.free_symbols}, **dims})
    np.testing.assert_allclose(got, want, rtol=1e-9, atol=1e-9)


@pytest.mark.parametrize("e,text,tex", [
    ((A @ X).T, "(A @ X).T", r"(A X)^{\top}"),
    (ks.kron(A, B) @ ks.kron(X, B.T), "(A ⊗ B) @ (X ⊗ B.T)",
     r"(A \otimes B) (X \otimes B^{\top})"),
    (ks.kron(A @ X, B), "(A @ X) ⊗ B", r"(A X) \otimes B"),
    (ks.inv(X).T, "inv(X).T", r"X^{-\top}"),
    (ks.inv(X @ Y), "inv(X @ Y)", r"(X Y)^{-1}"),
    (A.T.T, "A.T.T", r"{A^{\top}}^{\top}"),
    (2 * (A @ X), "2*(A @ X)", "2 A X"),
    (A - W - 3 * A, "A - W - 3*A", "A - W - 3 A"),
    ((A + W) @ X, "(A + W) @ X", r"(A + W) X"),
    (ks.hadamard(A + W, A), "(A + W) ∘ A", r"(A + W) \circ A"),
    (ks.vec(ks.kron(A, B).T), "vec((A ⊗ B).T)", r"\operatorname{vec}\bigl((A \otimes B)^{\top}\bigr)"),
    (ks.I(m * n), "I(m*n)", "I_{mn}"),
    (ks.K(m * n, p), "K(m*n, p)", "K_{mn,p}"),
    (sympy.Symbol("c") * A, "c*A", "c A"),
    ((sympy.Symbol("a") + sympy.Symbol("b")) * A, "(a + b)*A", r"(a + b) A"),
    (ks.MatrixSymbol("Sigma", n, n), "Sigma", r"\Sigma"),
    (ks.MatrixSymbol("A_1", n, n), "A_1", "A_{1}"),
])
def test_parenthesisation(e, text, tex):
    assert str(e) == text
    assert ks.latex(e) == tex


def test_structural_equality_and_rebuild():
    for e, *_ in TABLE:
        assert e.rebuild(*e.children) is e
        assert hash(e) == hash(e.rebuild(*e.children))
    assert ks.kron(A, B) == ks.kron(A, B)
    assert ks.kron(A, B) != ks.kron(B, A)
    assert ks.MatrixSymbol("A", m, n) is A
    assert ks.MatrixSymbol("A", n, m) is not A
    with pytest.raises(AttributeError):
        A.foo = 1


def test_flat_nary_construction():
    assert len((A @ X @ X).children) == 3
    assert len(ks.kron(ks.kron(A, B), A).children) == 3
    assert len((A + W + A).children) == 3
    assert sum([A, W, A]) == A + W + A


def test_numbers_and_scalars():
    s = ks.trace(X)
    assert str(s + 1) == "tr(X) + 1"
    assert str(2 - s) == "2 - tr(X)"
    assert (np.float64(2.0) * A).coeff == 2.0
    assert str(s / 2) == "(1/2)*tr(X)" or str(s / 2) == "tr(X)*(1/2)" or "1/2" in str(s / 2)
    assert (s * s).shape == (1, 1)
    with pytest.raises(ks.ShapeError, match="matrix power of A: A is m×n"):
        A ** 2    # a matrix power needs a square matrix (1×1: the scalar power)
    with pytest.raises(TypeError, match="only 1×1"):
        A + 1


def test_complex_values():
    a = np.array([[1 + 2j, 3], [0, 1j]])
    got = ks.evaluate(ks.vec(ks.MatrixSymbol("Z", 2, 2).T), {"Z": a})
    np.testing.assert_array_equal(got, vecF(a.T))


def test_symbolic_dims_expressions():
    Z = ks.MatrixSymbol("Z", 2 * n, n + 1)
    assert Z.shape == (2 * n, n + 1)
    val = ks.evaluate(Z.T, {Z: np.ones((6, 4))})
    assert val.shape == (4, 6)
    with pytest.raises(ks.EvaluationError, match="no positive integer"):
        ks.evaluate(Z, {Z: np.ones((5, 4))})


def test_pickle_round_trip():
    import pickle
    for e, *_ in TABLE:
        assert pickle.loads(pickle.dumps(e)) is e


def test_huge_dims_allocate_nothing():
    big = ks.MatrixSymbol("G", 10 ** 9, 10 ** 9)
    e = ks.vec(ks.kron(big, big).T @ ks.kron(big, big))
    assert e.shape == (10 ** 36, 1)
    assert "G" in str(e) and "G" in ks.latex(e)
    with pytest.raises(ks.EvaluationError, match="over the limit"):
        ks.explicit(ks.I(n) @ ks.I(n), {n: 10 ** 5})


def test_latex_leading_scalar_multiple_in_a_product_has_no_parentheses():
    """(2A)B prints 2 A B (issue 17); a negative or inner multiple keeps its parentheses."""
    A, B = ks.MatrixSymbol("A", n, n), ks.MatrixSymbol("B", n, n)
    assert ks.latex(2 * A @ B) == "2 A B"
    assert ks.latex((-2 * A) @ B) == "(-2 A) B"
    assert ks.latex(A @ (2 * B)) == "A (2 B)"
    assert ks.latex(((2 * A) @ B).T) == "(2 A B)^{\\top}"
