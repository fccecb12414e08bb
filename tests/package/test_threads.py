"""Concurrent use from 8 threads: building (interning), simplify (memo), diff, grad,
printing (text cache), lowering/codegen/lambdify, to_json give exactly the single-thread
results, and equal nodes built in different threads are the same object.

The caches and how they stay safe (see the report of branch reliab):
* ``nodes._intern`` (weak intern table): lookup under a lock, construction outside it,
  ``setdefault`` under the lock, so the first node inserted wins and every thread
  gets that one;
* ``simplify._memos`` (one table per set of declared equalities): read and written under a lock, computed outside it (a race only
  computes the same interned result twice);
* ``dims._decide`` / ``dims._decide_cached`` and ``diff.identify._perms_for_shapes``:
  ``functools.lru_cache`` (thread-safe); the assumed equalities are thread-local and
  part of the cache key;
* ``Expr._str`` (text cache): a deterministic value written once per node by whichever
  thread gets there first;
* ``codegen.lower`` memos: per lowering call, never shared.
"""
import concurrent.futures
import gc
import itertools
import sys

import numpy as np
import sympy

import kronsym as ks
from kronsym.simplify import clear_cache

_counter = itertools.count()


def _fresh(prefix: str) -> str:
    """A never-used letters-only name part (LaTeX treats digits as subscripts)."""
    k, out = next(_counter), ""
    for _ in range(3):
        k, r = divmod(k, 26)
        out += chr(97 + r)
    return prefix + out


def workload(tag: str, k: int):
    """Build everything from scratch (names carry ``tag``) and return (outputs, nodes)."""
    m, n, p = ks.dims(f"m{tag} n{tag} p{tag}")
    A = ks.MatrixSymbol(f"A{tag}", m, n)
    X, Y = ks.MatrixSymbol(f"X{tag}", n, n), ks.MatrixSymbol(f"Y{tag}", n, n)
    B = ks.MatrixSymbol(f"B{tag}", p, n)
    x = ks.MatrixSymbol(f"x{tag}", n, 1)
    c = sympy.Symbol(f"c{tag}")
    exprs = [
        ks.kron(A, B).T @ ks.kron(A, B) + (k + 1) * ks.kron(A.T @ A, B.T @ B),
        ks.trace(X @ Y @ X) * X + ks.hadamard(Y, X, Y) + c * ks.inv(X @ Y).T,
        ks.vec(A @ X @ X.T) + ks.kron(X, A) @ ks.vec(X) + ks.K(m, n) @ ks.vec(A @ X),
        ks.logdet(X.T @ X) + ks.trace(ks.kron(X, Y)) * ks.det(Y) + x.T @ X @ x,
    ]
    J = [ks.diff(ks.kron(A, B), A), ks.diff(ks.inv(X) @ Y, X), ks.diff(X.T @ X @ Y, X)]
    g = [ks.grad(ks.trace(X.T @ Y @ X), X), ks.grad(ks.logdet(X) + x.T @ X @ x, X)]
    out = []
    for e in exprs + J + g:
        s = ks.simplify(e)
        out += [str(e), ks.latex(e), str(s), ks.latex(s), ks.to_json(e), ks.to_json(s)]
    for e in J + g:
        args = sorted(e.free_symbols, key=lambda a: a.name) + sorted(e.free_dims, key=str)
        out.append(ks.codegen(args, e))
    f = ks.lambdify([X, Y], J[1])
    rng = np.random.default_rng(k)
    xv, yv = rng.normal(size=(3, 3)) + 3 * np.eye(3), rng.normal(size=(3, 3))
    out.append(np.round(f(xv, yv), 10).tobytes().hex())
    # garbage that the weak intern table must drop while other threads insert
    for i in range(30):
        _ = ks.MatrixSymbol(f"T{tag}_{k}_{i}", n, n) @ X
    if k % 7 == 0:
        gc.collect()
    nodes = exprs + J + g + [A, X, ks.kron(A, B), ks.inv(X)]
    return out, nodes


def test_threads_match_single_thread_and_share_nodes():
    ref_tag, tag = _fresh("r"), _fresh("t")
    clear_cache()
    reference = [workload(ref_tag, k)[0] for k in range(4)]
    reference = [[s.replace(ref_tag, tag) for s in outs] for outs in reference]
    clear_cache()
    old = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)          # switch threads as often as possible
    try:
        with concurrent.futures.ThreadPoolExecutor(8) as ex:
            results = list(ex.map(lambda k: workload(tag, k % 4), range(32)))
    finally:
        sys.setswitchinterval(old)
    for k, (outs, nodes) in enumerate(results):
        assert outs == reference[k % 4], f"job {k} differs from the single-thread result"
        first_nodes = results[k % 4][1]
        assert all(a is b for a, b in zip(nodes, first_nodes)), f"job {k}: interning broke"


def test_concurrent_interning_of_fresh_nodes():
    """Many threads build the same never-seen nodes at the same moment: one object each."""
    tag = _fresh("i")
    barrier = __import__("threading").Barrier(8)

    def build(_):
        barrier.wait()
        n, = ks.dims(f"n{tag}")
        out = []
        for i in range(200):
            X = ks.MatrixSymbol(f"X{tag}_{i}", n, n)
            out.append(ks.kron(X, X.T) @ ks.vec(X) + ks.vec(X @ X))
        return out

    old = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)
    try:
        with concurrent.futures.ThreadPoolExecutor(8) as ex:
            results = list(ex.map(build, range(8)))
    finally:
        sys.setswitchinterval(old)
    for r in results[1:]:
        assert all(a is b for a, b in zip(r, results[0]))
    from kronsym.traverse import postorder
    for e in results[0][:20]:
        for nd in postorder(e):          # every subnode is the interned one as well
            assert nd.rebuild(*nd.children) is nd


def test_assume_equal_is_per_thread():
    """A declaration in one thread never leaks into another thread's shape checks."""
    m, n = ks.dims(f"{_fresh('m')} {_fresh('n')}")
    A, B = ks.MatrixSymbol("A", m, n), ks.MatrixSymbol("B", m, n)
    import threading
    inside = threading.Event()
    release = threading.Event()
    errors = []

    def declaring():
        with ks.assume_equal(m, n):
            A @ B
            inside.set()
            release.wait(10)

    def other():
        inside.wait(10)
        try:
            A @ B
        except ks.ShapeError as e:
            errors.append(e)
        finally:
            release.set()

    t1, t2 = threading.Thread(target=declaring), threading.Thread(target=other)
    t1.start(), t2.start()
    t1.join(), t2.join()
    assert len(errors) == 1
