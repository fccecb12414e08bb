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
