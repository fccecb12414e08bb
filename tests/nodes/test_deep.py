"""Deep and long expressions: 5000-factor chains and 5000-deep nestings build,
print, hash, pickle, evaluate, simplify and differentiate without RecursionError."""
import pickle

import numpy as np

import kronsym as ks

DEPTH = 5000


def test_long_product_chain():
    X = ks.MatrixSymbol("X", 2, 2)
    e = ks.matmul(*([X] * DEPTH))
    assert len(str(e)) > DEPTH and ks.latex(e)
    assert pickle.loads(pickle.dumps(e)) is e
    x = np.eye(2) * 1.0001
    np.testing.assert_allclose(ks.evaluate(e, {X: x}), np.linalg.matrix_power(x, DEPTH))


def test_long_kron_chain():
    x = ks.MatrixSymbol("x", 1, 1)
    e = ks.kron(*([x] * DEPTH))
    assert e.shape == (1, 1)
    assert ks.evaluate(e, {x: np.array([[1.0]])})[0, 0] == 1.0
    assert ks.latex(e).count(r"\otimes") == DEPTH - 1


def test_deep_nesting():
    X = ks.MatrixSymbol("X", 3, 3)
    e = X
    for i in range(DEPTH):
        e = (e.T if i % 3 == 0 else (e @ X if i % 3 == 1 else e + X))
    assert str(e) and ks.latex(e)
    assert hash(e) == hash(e.rebuild(*e.children))
    assert pickle.loads(pickle.dumps(e)) is e
    v = ks.evaluate(e, {X: np.eye(3) * 0.5})
    assert v.shape == (3, 3) and np.all(np.isfinite(v))
    s = ks.simplify(e)
    assert s.shape == (3, 3)
    J = ks.diff(e, X)
    assert J.shape == (9, 9)


def test_deep_vec_unvec_nesting():
    n, = ks.dims("n")
    X = ks.MatrixSymbol("X", n, n)
    e = X
    for _ in range(DEPTH // 2):
        e = ks.unvec(ks.vec(e), n, n)
    assert ks.simplify(e) is X
    assert ks.diff(e, X) == ks.I(n ** 2)


def _nested_inverse(X, depth):
    e = X
    for _ in range(depth):
        e = ks.inv(e)
    return e


def test_derive_of_deeply_nested_inverses_is_output_sized():
    # issue 13 item 20: ks.derive of inv(inv(⋯ X ⋯)) 1000 deep ran out of memory (6 GB):
    # its steps printed the raw differential, a DAG whose text is quadratic in the depth.
    # The steps now vectorise the simplified differential (dX for an even depth), so
    # what is printed is the input and a few short lines.
    n, = ks.dims("n")
    X = ks.MatrixSymbol("X", n, n)
    for depth in (300, 1000, 1001):   # 300 first: on 51687aa it fails there, fast
        F = _nested_inverse(X, depth)
        d = ks.derive(F, X)
        assert d.result is ks.diff(F, X)
        want = ks.I(n ** 2) if depth % 2 == 0 else -ks.kron(ks.inv(X).T, ks.inv(X))
        assert d.result == want
        text, tex = str(d), ks.latex(F)
        assert len(text) <= 4 * len(str(F)) + 500, (depth, len(text))
        assert len(d.latex()) <= 4 * len(tex) + 1000, (depth, len(d.latex()))
        assert max(len(str(s.expr)) for s in d.steps) <= 100
    # the terms of a cancelling differential are shown simplified, one by one
    d = ks.derive(_nested_inverse(X, 1000) - X, X)
    assert str(d.steps[0].expr) == "dX - dX" and d.result == ks.zeros(n ** 2, n ** 2)
