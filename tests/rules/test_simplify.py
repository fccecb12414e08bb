"""ks.simplify: canonical form, confluence, termination, determinism, memo; ks.equals/prove."""
import concurrent.futures
import os
import random
import subprocess
import sys

import numpy as np
import pytest

import kronsym as ks
from kronsym import nodes as N
from kronsym.testing import random_values

m, n, p, q = ks.dims("m n p q")
A, B = ks.MatrixSymbol("A", m, n), ks.MatrixSymbol("B", p, q)
X, Y, Z = (ks.MatrixSymbol(c, n, n) for c in "XYZ")


def test_done_when_inverse_times_itself():
    assert ks.simplify(ks.diff(ks.inv(X) @ X, X)) == ks.zeros(n ** 2, n ** 2)
    J = -ks.kron(X.T, ks.I(n)) @ ks.kron(ks.inv(X).T, ks.inv(X)) + ks.kron(ks.I(n), ks.inv(X))
    assert ks.simplify(J) == ks.zeros(n ** 2, n ** 2)


def _random_sum(rng, terms):
    """A sum of products of X, Y, Z, their transposes and inverses, with coefficients."""
    out = []
    for _ in range(terms):
        fs = [rng.choice([X, Y, Z, X.T, ks.inv(Y)]) for _ in range(rng.randint(1, 3))]
        out.append((rng.randint(1, 3), fs))
    return out


def _build(spec, order, assoc):
    terms = []
    for c, fs in (spec[i] for i in order):
        if assoc and len(fs) == 3:
            prod = N.MatMul(N.MatMul(fs[0], fs[1]), fs[2])
        else:
            prod = fs[0] if len(fs) == 1 else N.MatMul(*fs)
        terms.append(c * prod)
    return terms[0] if len(terms) == 1 else N.MatAdd(*terms)


@pytest.mark.parametrize("seed", range(12))
def test_confluence_reordered_and_reassociated(seed):
    rng = random.Random(seed)
    spec = _random_sum(rng, rng.randint(2, 5))
    order = list(range(len(spec)))
    e1 = _build(spec, order, False)
    rng.shuffle(order)
    e2 = _build(spec, order, True)
    e3 = ks.transpose(ks.transpose(e2))
    s1, s2, s3 = ks.simplify(e1), ks.simplify(e2), ks.simplify(e3)
    assert s1 == s2 == s3, f"{s1}  vs  {s2}  vs  {s3}"
    vals = random_values(e1, {n: 3}, seed=seed)
    np.testing.assert_allclose(ks.evaluate(s1, vals), ks.evaluate(e1, vals), rtol=1e-9, atol=1e-9)


@pytest.mark.parametrize("seed", range(6))
def test_trace_rotation_is_canonical(seed):
    rng = random.Random(seed)
    fs = [rng.choice([X, Y, Z, X.T, Y.T]) for _ in range(4)]
    k = rng.randint(1, 3)
    rot = fs[k:] + fs[:k]
    t1, t2 = ks.trace(ks.matmul(*fs)), ks.trace(ks.matmul(*rot))
    t3 = ks.trace(ks.matmul(*fs).T)
    assert ks.simplify(t1) == ks.simplify(t2) == ks.simplify(t3)


def test_simplify_is_idempotent_and_memoised():
    e = (A @ ks.I(n) @ A.T).T + 2 * (A @ A.T) - ks.kron(ks.I(1), A @ A.T)
    s = ks.simplify(e)
    assert s == 2 * (A @ A.T)
    assert ks.simplify(s) is s
    assert ks.simplify(e) is s


def test_step_cap_raises_clear_error():
    from kronsym.traverse import RewriteLimitError
    e = ks.add(*[ks.transpose(ks.transpose(X @ Y)) for _ in range(30)])
    from kronsym.simplify import clear_cache
    clear_cache()
    with pytest.raises(RewriteLimitError, match="fixed point within 3 steps"):
        ks.simplify(e, max_steps=3)


def test_simplify_type_error():
    with pytest.raises(TypeError, match="kronsym expression"):
        ks.simplify("A + A")


def test_threads_agree():
    from kronsym.simplify import clear_cache
    exprs = [ks.trace(X @ Y @ Z) + ks.trace(Z @ X @ Y) * (k + 1) for k in range(20)]
    clear_cache()
    with concurrent.futures.ThreadPoolExecutor(4) as ex:
        res = list(ex.map(ks.simplify, exprs * 3))
    assert res == [ks.simplify(e) for e in exprs] * 3


def test_deterministic_across_hash_seeds():
    code = ("import kronsym as ks; n,=ks.dims('n'); X,Y,Z=(ks.MatrixSymbol(c,n,n) for c in 'XYZ');"
            "print(ks.simplify(ks.trace(Z@Y@X)*X + Y@X + X@Z + 2*(X@Z).T + ks.hadamard(Z, Y, X)))")
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    outs = set()
    for seed in ("0", "1", "12345"):
        env = {**os.environ, "PYTHONHASHSEED": seed, "PYTHONPATH": root}
        r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env,
                           timeout=120)
        assert r.returncode == 0, r.stderr
        outs.add(r.stdout)
    assert len(outs) == 1, outs


# --- equals / prove / counterexample --------------------------------------------------------
def test_equals_methods():
    p = ks.prove(ks.trace(X @ Y), ks.trace(Y @ X))
    assert p.holds and p.method == "canonical"
    p = ks.prove(ks.kron_sum(X, Y), ks.kron(X, ks.I(n)) + ks.kron(ks.I(n), Y))
    assert p.holds and p.method == "exact-random" and p.trials >= 6   # rational: exact evidence
    assert "not a symbolic proof" in str(p)


def test_counterexample_separates():
    ce = ks.counterexample(X @ Y, Y @ X)
    vals = {**ce["values"], **ce["dims"]}
    a, b = ks.evaluate(X @ Y, vals), ks.evaluate(Y @ X, vals)
    assert not np.allclose(a, b)
    assert ks.counterexample(X + Y, Y + X) is None


def test_shapes_never_agree():
    W = ks.MatrixSymbol("W", n + 1, n)
    with pytest.raises(ks.ShapeError, match="never agree"):
        ks.equals(W, X)
    with pytest.raises(ks.ShapeError, match="never agree"):
        ks.equals(ks.vec(X), ks.vec(ks.MatrixSymbol("V", n + 1, n)))
    with pytest.raises(TypeError):
        ks.equals(X, np.eye(2))


def test_equals_with_scalar_symbols():
    import sympy
    c = sympy.Symbol("c")
    assert ks.equals(c * (X + Y), c * Y + c * X)
    assert not ks.equals(c * X, X)


def test_close_call_goes_to_high_precision():
    # a difference of 1e-8 relative: above float64 round-off, below the 1e-6 screen
    e = X + 1e-8 * Y
    assert not ks.equals(e, X)
