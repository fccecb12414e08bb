"""The prover never says "holds" for a false identity nor "fails" for a true one (issue #13).

One section per item of the issue (1 tolerance, 2 assumption leaks, 3 value blind spots,
4 false refutations where a side is undefined, 5 dim sampling and shape solving, 15 dims
used as coefficients), then an adversarial section: identities true only for special
dims, functions with restricted domains, and hypothesis properties that check every
verdict against independent evaluations (``HYPOTHESIS_PROFILE=long`` runs thousands).
"""
import threading

import numpy as np
import pytest
import sympy
from hypothesis import given, settings, strategies as st

import kronsym as ks
from kronsym import nodes as N
from kronsym.simplify import clear_cache

try:        # the evaluators are new; the item tests above them also run against old kronsym
    from kronsym.exacteval import P, Undefined, modp_evaluate, mp_evaluate
except ImportError:  # pragma: no cover - only on a kronsym without the exact prover
    P, Undefined, modp_evaluate, mp_evaluate = 2 ** 31 - 1, ArithmeticError, None, None

m, n, p, q = ks.dims("m n p q")
A, B = ks.MatrixSymbol("A", m, n), ks.MatrixSymbol("B", m, n)
X = ks.MatrixSymbol("X", n, n)
seeds = st.integers(min_value=0, max_value=10 ** 6)


def _examples(k: int) -> int:
    """k examples under the ci profile; the profile's own count under ``long``."""
    default = settings.default.max_examples
    return k if default <= 30 else default


def _sin(s):
    return N.ScalarFunc("sin", s)


def _cos(s):
    return N.ScalarFunc("cos", s)


# --- 1. tolerance ---------------------------------------------------------------------------
def test_huge_coefficient_does_not_hide_a_difference():
    r = ks.prove(10 ** 12 * A, 10 ** 12 * A + B)
    assert not r.holds and r.method == "counterexample"
    v = ks.verify("1000000000000*A == 1000000000000*A + B", {"A": "m,n", "B": "m,n"})
    assert v.verdict == "fails"


@pytest.mark.parametrize("k", [12, 20, 40])
def test_relative_differences_far_below_float64_are_refuted(k):
    assert not ks.equals(10 ** k * A, 10 ** k * A + B)
    assert not ks.equals(A, A + sympy.Rational(1, 10 ** k) * B)


def test_tiny_difference_under_a_transcendental_function_is_refuted():
    """exp(tr X)·10¹² vs the same plus 10⁻³⁰ det X: 50 digits see it, float64 cannot."""
    t = ks.trace(X)
    lhs = 10 ** 12 * ks.exp(t) * ks.I(1)
    r = ks.prove(lhs, lhs + sympy.Rational(1, 10 ** 30) * ks.det(X))
    assert not r.holds and "50 digits" in r.detail


def test_cancellation_is_not_a_counterexample():
    """10²⁰·e^{sin t} − 10²⁰·e^{sin t} + 1 = 1 (the sides agree; the error estimate scales)."""
    t = ks.trace(X)
    big = 10 ** 20 * ks.exp(_sin(t))
    lhs = N.MatAdd(big, -1 * N.ScalarMul(10 ** 20, ks.exp(_sin(t + 0 * t))), ks.I(1))
    assert ks.equals(lhs, ks.I(1) + 0 * ks.exp(t))


# --- 2. assumptions do not leak -------------------------------------------------------------
def test_simplify_under_assume_equal_does_not_leak():
    clear_cache()
    An = ks.MatrixSymbol("A", n, m)
    e = ks.K(m, n) @ ks.vec(An)
    with ks.assume_equal(m, n):
        assert ks.simplify(e) is ks.vec(An.T)
    assert ks.simplify(e) is not ks.vec(An.T)
    r = ks.prove(e, ks.vec(An.T))
    assert not r.holds and r.method == "counterexample"
    assert ks.equals(e, ks.vec(An.T)) is False


def test_simplify_memo_is_per_thread_assumptions():
    clear_cache()
    An = ks.MatrixSymbol("A", n, m)
    e = ks.K(m, n) @ ks.vec(An)
    seen = {}
    barrier = threading.Barrier(2)

    def assuming():
        with ks.assume_equal(m, n):
            seen["inside"] = ks.simplify(e)
            barrier.wait()
            barrier.wait()

    def plain():
        barrier.wait()          # the other thread has simplified under m = n
        seen["outside"] = ks.simplify(e)
        seen["equals"] = ks.equals(e, ks.vec(An.T))
        barrier.wait()

    ts = [threading.Thread(target=assuming), threading.Thread(target=plain)]
    for t in ts:
        t.start()
    for t in ts:
        t.join()
    assert seen["inside"] is ks.vec(An.T)
    assert seen["outside"] is e and seen["equals"] is False


# --- 3. values of both signs ----------------------------------------------------------------
@pytest.mark.parametrize("lhs, rhs", [
    (ks.exp(ks.logdet(X)), ks.det(X)),                 # logdet X = log|det X|
    (ks.sqrt(ks.det(X) ** 2), ks.det(X)),
    (ks.sqrt(ks.trace(X) ** 2), ks.trace(X)),
    ((ks.trace(X) ** 2) ** sympy.Rational(1, 2), ks.trace(X)),
], ids=["exp-logdet", "sqrt-det-squared", "sqrt-tr-squared", "half-power"])
def test_sign_blind_identities_fail(lhs, rhs):
    r = ks.prove(lhs, rhs)
    assert not r.holds
    ce = r.counterexample
    v = ce["values"][X]
    # the counterexample really has det < 0 or tr < 0, and both sides are finite there
    assert np.linalg.det(v) < 0 or np.trace(v) < 0
    assert np.all(np.isfinite(ce["lhs"])) and np.all(np.isfinite(ce["rhs"]))


def test_random_values_can_be_unshifted():
    from kronsym.testing import random_values
    dets = [np.linalg.det(random_values(X, {n: 3}, seed=s, shift=False)[X]) for s in range(30)]
    assert min(dets) < 0 < max(dets)
    assert all(np.linalg.det(random_values(X, {n: 3}, seed=s)[X]) > 0 for s in range(30))


# --- 4. no refutation where a side is undefined ---------------------------------------------
def test_gradient_of_logdet_gram_is_not_refuted():
    Xmn = ks.MatrixSymbol("X", m, n)
    # the gradient read off the Jacobian (ks.grad now reads 2X(XᵀX)⁻¹ directly, which
    # the canonical form proves without trials): the prover must try dims numerically
    g = ks.unvec(ks.diff(ks.logdet(Xmn.T @ Xmn), Xmn).T, m, n)
    rhs = 2 * Xmn @ ks.inv(Xmn.T @ Xmn)
    assert ks.grad(ks.logdet(Xmn.T @ Xmn), Xmn) == ks.simplify(rhs)
    for seed in range(4):
        r = ks.prove(g, rhs, seed=seed)
        assert r.holds, r
        assert all(d[m] >= d[n] for d in r.dims_tried)     # where XᵀX is invertible
        assert r.skipped                                    # m < n was tried and skipped


def test_gradient_of_logdet_weighted_gram_is_not_refuted():
    Xmn, S = ks.MatrixSymbol("X", m, n), ks.symmetric("S", m)
    g = ks.grad(ks.logdet(Xmn.T @ S @ Xmn), Xmn)
    assert ks.equals(g, 2 * S @ Xmn @ ks.inv(Xmn.T @ S @ Xmn))
    # and with a non-symmetric weight the same formula is false (a real counterexample)
    W = ks.MatrixSymbol("W", m, m)
    g = ks.grad(ks.logdet(Xmn.T @ W @ Xmn), Xmn)
    assert not ks.equals(g, 2 * W @ Xmn @ ks.inv(Xmn.T @ W @ Xmn))


def test_undefined_everywhere_says_so():
    C = ks.I(n) - sympy.Integer(1) / n * ks.ones(n, n)      # the centering matrix: singular
    with pytest.raises(ks.EvaluationError, match="undefined"):
        ks.prove(ks.inv(C) @ X, X @ ks.inv(C))


def test_counterexample_is_where_both_sides_are_defined():
    """log(tr X) vs tr X − 1: log is undefined where tr X ≤ 0; the counterexample has tr X > 0."""
    r = ks.prove(ks.log(ks.trace(X)), ks.trace(X) - 1)
    assert not r.holds
    assert np.trace(r.counterexample["values"][X]) > 0


# --- 5. dims: every pair unequal and above 1; shapes solved ----------------------------------
@given(seeds)
@settings(max_examples=_examples(10))
def test_identities_true_only_for_special_dims_fail(seed):
    assert not ks.prove(ks.K(m, n), ks.K(n, m), seed=seed).holds
    assert not ks.prove(ks.K(m, n) @ ks.K(m, n), ks.I(m * n), seed=seed).holds
    assert not ks.prove(ks.K(n, n), ks.I(n * n), seed=seed).holds
    Am, Bn = ks.MatrixSymbol("A", m, m), ks.MatrixSymbol("B", n, n)
    assert not ks.prove(ks.kron(Am, Bn), ks.K(m, n) @ ks.kron(Bn, Am) @ ks.K(m, n), seed=seed).holds
    # ... and their true forms hold
    assert ks.prove(ks.K(n, m) @ ks.K(m, n), ks.I(m * n), seed=seed).holds
    assert ks.prove(ks.kron(Am, Bn), ks.K(m, n) @ ks.kron(Bn, Am) @ ks.K(n, m), seed=seed).holds


@pytest.mark.parametrize("seed", [0, 1, 2, 3])
def test_issue_special_dim_identities_fail_at_every_seed(seed):
    assert not ks.prove(ks.K(m, n), ks.K(n, m), seed=seed).holds
    assert not ks.prove(ks.K(m, n) @ ks.K(m, n), ks.I(m * n), seed=seed).holds


@pytest.mark.parametrize("trials", [1, 2, 3, 6])
def test_verify_commutation_symmetry_fails(trials):
    assert ks.verify("K(m, n) == K(n, m)", {}, trials=trials).verdict == "fails"


def test_first_assignment_has_distinct_dims_above_one():
    from kronsym.dimsolve import dim_assignments
    C, E = ks.MatrixSymbol("C", p, q), ks.MatrixSymbol("E", p, q)
    r = ks.prove(ks.hadamard(ks.kron(A, C), ks.kron(B, E)),
                 ks.kron(ks.hadamard(A, B), ks.hadamard(C, E)))
    assert r.holds and r.method == "exact-random"
    first = r.dims_tried[0]
    assert len(set(first.values())) == 4 and min(first.values()) > 1
    for seed in range(5):
        dims = dim_assignments({}, [m, n, p, q], [m, n, p, q], seed=seed, count=6)
        assert len(set(dims[0].values())) == 4 and min(dims[0].values()) > 1
        assert any(set(d.values()) == {1} for d in dims)
        assert max(max(d.values()) for d in dims) >= 5


def test_shapes_that_can_agree_are_decided_where_they_agree():
    v = ks.verify("I(m) == I(n + 5)", {})
    assert v.verdict == "holds" and "m = n + 5" in v.reason
    v = ks.verify("x == y", {"x": "m,1", "y": "n+4,1"})
    assert v.verdict == "fails" and "m = n + 4" in v.reason
    ce = v.counterexample
    assert ce["dims"][m] == ce["dims"][n] + 4
    r = ks.prove(ks.I(m), ks.I(n + 5))
    assert r.holds and r.condition == "m = n + 5"
    # where the solution is found by the condition, the identity is decided there
    y = ks.MatrixSymbol("y", n + 4, 1)
    assert ks.prove(ks.MatrixSymbol("x", m, 1), y).condition == "m = n + 4"


def test_shapes_never_agree_only_when_proved():
    W = ks.MatrixSymbol("W", n + 1, n)
    with pytest.raises(ks.ShapeError, match="never agree"):
        ks.equals(W, X)
    with pytest.raises(ks.ShapeError, match="never agree"):     # m + n = 1: infeasible
        ks.prove(ks.MatrixSymbol("V", m + n, 1), ks.MatrixSymbol("U", 1, 1))
    with pytest.raises(ks.ShapeError, match="never agree"):     # m² = 2: no integer root
        ks.prove(ks.MatrixSymbol("V", m * m, 1), ks.MatrixSymbol("U", 2, 1))
    assert ks.verify("kron(A, I(2)) == A", {"A": "m,n"}).verdict == "shapes never agree"
    # m n + 1 = m has no positive solution, but SymPy cannot prove it here: undecided
    v = ks.verify("A == B", {"A": "m*n+1,1", "B": "m,1"})
    assert v.verdict in ("shapes undecided", "shapes never agree")
    with pytest.raises(ks.ShapeError):
        ks.prove(ks.MatrixSymbol("V", m * n + 1, 1), ks.MatrixSymbol("U", m, 1))


def test_nonlinear_shape_equations_are_restricted():
    r = ks.prove(ks.MatrixSymbol("V", m * n, 1), ks.MatrixSymbol("V", m + n, 1))
    assert not r.holds and r.counterexample["dims"] == {m: 2, n: 2}   # the only solution


# --- 15. a dim used only as a coefficient ---------------------------------------------------
def test_dim_used_as_coefficient():
    k, = ks.dims("k")
    assert ks.equals(k * X, 2 * X) is False
    assert ks.equals(k * X + X, (k + 1) * X) is True
    assert ks.equals(k * ks.trace(X) * X, ks.trace(k * X) * X) is True


# --- exact and high-precision evaluators ----------------------------------------------------
def test_modp_inverse_and_det_are_exact():
    x = np.array([[2, 1], [7, 4]])
    assert modp_evaluate(ks.det(X), {n: 2}, {X: x}).tolist() == [[1]]
    inv = modp_evaluate(ks.inv(X), {n: 2}, {X: x})
    assert inv.tolist() == [[4, P - 1], [P - 7, 2]]
    with pytest.raises(Undefined):
        modp_evaluate(ks.inv(X), {n: 2}, {X: np.array([[1, 2], [2, 4]])})


def test_modp_no_overflow_on_large_residues():
    Y = ks.MatrixSymbol("Y", 40, 40)
    rng = np.random.default_rng(0)
    y = rng.integers(0, P, size=(40, 40))
    got = modp_evaluate(Y @ Y @ Y, {}, {Y: y})
    yo = y.astype(object)
    want = (yo.dot(yo) % P).dot(yo) % P
    assert (got.astype(object) == want).all()


def test_mp_evaluate_domains():
    x = np.array([[-1.0, 0.0], [0.0, 2.0]])          # det < 0, tr > 0
    with pytest.raises(Undefined):
        mp_evaluate(ks.log(ks.det(X)), {n: 2}, {X: x})
    assert float(mp_evaluate(ks.logdet(X), {n: 2}, {X: x})[0, 0]) == pytest.approx(np.log(2))
    with pytest.raises(Undefined):
        mp_evaluate(ks.sqrt(ks.det(X)), {n: 2}, {X: x})
    with pytest.raises(Undefined):
        mp_evaluate(ks.inv(X @ ks.zeros(n, n)), {n: 2}, {X: x})


# --- the method is said honestly ------------------------------------------------------------
def test_methods_and_their_words():
    r = ks.prove(ks.trace(X @ X.T), ks.trace(X.T @ X))
    assert r.method == "canonical" and "proved" in str(r)
    Y = ks.MatrixSymbol("Y", n, n)
    r = ks.prove(ks.kron_sum(X, Y), ks.kron(X, ks.I(n)) + ks.kron(ks.I(n), Y))
    assert r.method == "exact-random" and "not a symbolic proof" in str(r) and "proved" not in str(r)
    r = ks.prove(ks.exp(ks.logdet(X)), ks.sqrt(ks.det(X) ** 2))
    assert r.method == "high-precision" and "not a symbolic proof" in str(r)
    v = ks.verify("exp(logdet(X)) == sqrt(det(X)**2)", {"X": "n,n"})
    assert v.verdict == "holds" and v.method == "high-precision" and "not a symbolic proof" in v.reason
    v = ks.verify("kron_sum(X, Y) == kron(X, I(n)) + kron(I(n), Y)", {"X": "n,n", "Y": "n,n"})
    assert v.method == "exact-random" and "exact arithmetic" in v.reason and "proved" not in v.reason


# --- adversarial: restricted domains (true on the common domain, or false somewhere) --------
_t, _d = ks.trace(X), ks.det(X)
_half, _third = sympy.Rational(1, 2), sympy.Rational(1, 3)
DOMAIN_CASES = [
    ("exp(logdet X) = |det X|", ks.exp(ks.logdet(X)), ks.sqrt(_d ** 2), True),
    ("log(tr²) = 2 log tr where tr > 0", ks.log(_t ** 2), 2 * ks.log(_t), True),
    ("tr^(1/2) = sqrt tr", _t ** _half, ks.sqrt(_t), True),
    ("exp(log tr) = tr where tr > 0", ks.exp(ks.log(_t)), _t, True),
    ("log(exp tr) = tr", ks.log(ks.exp(_t)), _t, True),
    ("sin² + cos² = 1", _sin(_t) ** 2 + _cos(_t) ** 2, ks.I(1), True),
    ("(tr³)^(1/3) = tr where tr > 0", (_t ** 3) ** _third, _t, True),
    ("logdet(2X) = logdet X + n log 2", ks.logdet(2 * X), ks.logdet(X) + n * sympy.log(2) * ks.I(1),
     True),
    ("logdet(−X) = logdet X", ks.logdet(-X), ks.logdet(X), True),
    ("sqrt(det(X Xᵀ)) = exp(logdet X)", ks.sqrt(ks.det(X @ X.T)), ks.exp(ks.logdet(X)), True),
    ("exp(logdet X) = det X", ks.exp(ks.logdet(X)), _d, False),
    ("sqrt(det²) = det", ks.sqrt(_d ** 2), _d, False),
    ("sqrt(tr²) = tr", ks.sqrt(_t ** 2), _t, False),
    ("(tr²)^(1/2) = tr", (_t ** 2) ** _half, _t, False),
    ("det(−X) = det X", ks.det(-X), _d, False),
    ("logdet(X + Xᵀ) = logdet 2X", ks.logdet(X + X.T), ks.logdet(2 * X), False),
    ("sqrt(tr² + 1) = tr + 1/(2 tr)", ks.sqrt(_t ** 2 + 1), _t + _t ** -1 * sympy.Rational(1, 2),
     False),
]


@pytest.mark.parametrize("name, lhs, rhs, holds", DOMAIN_CASES, ids=[c[0] for c in DOMAIN_CASES])
def test_restricted_domains(name, lhs, rhs, holds):
    assert ks.prove(lhs, rhs).holds is holds


@given(seeds, st.sampled_from(DOMAIN_CASES))
@settings(max_examples=_examples(15))
def test_restricted_domains_every_seed(seed, case):
    name, lhs, rhs, holds = case
    assert ks.prove(lhs, rhs, seed=seed).holds is holds, name


# --- adversarial: every verdict against independent evaluations ------------------------------
def _independent_check(a, b, r, seed):
    """A "fails" must be a defined point where the sides differ (re-checked exactly or at
    80 digits); a "holds" must survive fresh random points at fresh dims."""
    from kronsym.exacteval import is_rational
    if not r.holds:
        ce = r.counterexample
        dims = {d: int(v) for d, v in ce["dims"].items()}
        vals = {s: v for s, v in ce["values"].items() if isinstance(s, N.MatrixSymbol)}
        scal = {s: v for s, v in ce["values"].items() if not isinstance(s, N.MatrixSymbol)}
        if r.detail and "exactly" in r.detail:
            ia = {s: np.asarray(np.round(v), dtype=np.int64) for s, v in vals.items()}
            isc = {s: int(v) for s, v in scal.items()}
            assert not np.array_equal(modp_evaluate(a, dims, ia, isc), modp_evaluate(b, dims, ia, isc))
        elif "50 digits" in r.detail:
            va, vb = mp_evaluate(a, dims, vals, scal, dps=80), mp_evaluate(b, dims, vals, scal, dps=80)
            gap = max(abs(x - y) for x, y in zip(va.ravel(), vb.ravel()))
            assert gap > 1e-60
        return
    from kronsym.dimsolve import dim_assignments, node_dims, shape_solutions
    from kronsym.prove import _dim_symbols
    rng = np.random.default_rng(seed + 7)
    solved, free, _ = shape_solutions(a, b, _dim_symbols(a, b))     # r.condition, if any
    pool = dim_assignments(solved, free, node_dims(a, b), seed + 7, 8)
    for _ in range(2):
        dims = pool[int(rng.integers(0, len(pool)))]
        vals = {}
        for s in sorted(a.free_symbols | b.free_symbols, key=lambda s: s.name):
            try:
                r_, c_ = (int(sympy.sympify(x).xreplace({k: sympy.Integer(v) for k, v in dims.items()}))
                          for x in s.shape)
            except TypeError:
                return
            v = rng.integers(-5, 6, size=(r_, c_))
            if isinstance(s, ks.nodes.SymmetricSymbol):
                v = np.triu(v) + np.triu(v, 1).T
            vals[s] = v
        try:
            if is_rational(a) and is_rational(b):
                assert np.array_equal(modp_evaluate(a, dims, vals), modp_evaluate(b, dims, vals))
            else:
                fv = {s: v.astype(float) for s, v in vals.items()}
                va, vb = mp_evaluate(a, dims, fv, dps=40), mp_evaluate(b, dims, fv, dps=40)
                scale = max([abs(x) for x in va.ravel()] + [1])
                assert max(abs(x - y) for x, y in zip(va.ravel(), vb.ravel())) <= 1e-20 * scale
        except (Undefined, ks.EvaluationError, ValueError):
            continue


def _perturb(e, seed):
    """A false variant of e: add a fresh symbol scaled by a tiny or huge coefficient."""
    Z = ks.MatrixSymbol("Zfresh", *e.shape)
    c = [sympy.Rational(1, 10 ** 15), 10 ** 15, 1][seed % 3]
    return e + c * Z


_exprs = None


def _strategy():
    global _exprs
    if _exprs is None:
        from kronsym.strategies import expressions
        _exprs = expressions(max_depth=2)
    return _exprs


@given(st.data(), seeds)
@settings(max_examples=_examples(25))
def test_verdicts_agree_with_independent_evaluation(data, seed):
    e = data.draw(_strategy())
    s = ks.simplify(e)
    r = ks.prove(e, s, seed=seed)
    assert r.holds, (str(e), str(s), str(r))
    _independent_check(e, s, r, seed)
    f = _perturb(e, seed)
    r = ks.prove(e, f, seed=seed)
    assert not r.holds, (str(e), str(f), str(r))
    _independent_check(e, f, r, seed)


@given(st.data(), seeds)
@settings(max_examples=_examples(25))
def test_dims_swapped_verdicts_are_sound(data, seed):
    """e vs e with two dims exchanged: true only when they are equal, so whatever the
    verdict, an independent check must agree with it."""
    from kronsym.dimsolve import substitute_dims
    e = data.draw(_strategy())
    dims = sorted(e.free_dims, key=str)
    if len(dims) < 2:
        return
    x, y = dims[:2]
    try:
        f = substitute_dims(e, {x: y, y: x})
        r = ks.prove(e, f, seed=seed)
    except ks.ShapeError:
        return
    except ks.EvaluationError as err:
        assert "undefined" in str(err)
        return
    _independent_check(e, f, r, seed)
