"""kronsym's jax and torch functions under the users' transforms (issue 18).

jax: the generated functions are pure, so ``jax.jit``, ``jax.vmap`` and ``jax.grad``
apply, and inputs sharded across devices (``jax.sharding``, 8 CPU devices forced by
``XLA_FLAGS`` in a subprocess) give the same result. torch: ``torch.func.grad`` and
``torch.func.vmap`` apply, and ``torch.compile(..., fullgraph=True)`` traces a whole
function without a graph break (the ``aot_eager`` backend: dynamo's tracing and AOT
autograd; inductor's C++ compile of the same graph took 33 s by hand, too slow for the
suite). Results are compared with the numpy backend and with kronsym's own derivatives.
"""
import os
import subprocess
import sys
import textwrap

import numpy as np
import pytest

import kronsym as ks

m, n = ks.dims("m n")
X = ks.MatrixSymbol("X", m, n)
y = ks.MatrixSymbol("y", m, 1)
w = ks.MatrixSymbol("w", n, 1)
v = ks.MatrixSymbol("v", n, 1)
LOSS = ks.sum(ks.softplus(X @ w)) - y.T @ X @ w
OUTS = [LOSS, ks.grad(LOSS, w), ks.hessian(LOSS, w), ks.hessian(LOSS, w) @ v]


def _data(mm=7, nn=3, seed=0):
    rng = np.random.default_rng(seed)
    return (rng.standard_normal((mm, nn)), (rng.random((mm, 1)) < 0.5).astype(float),
            rng.standard_normal((nn, 1)), rng.standard_normal((nn, 1)))


def _close(got, ref):
    for a, b in zip(got, ref):
        np.testing.assert_allclose(np.asarray(a), b, rtol=1e-11, atol=1e-12)


@pytest.fixture(scope="module")
def numpy_outs():
    return ks.lambdify([X, y, w, v], OUTS)


def test_jax_jit_vmap_grad_of_several_outputs(numpy_outs):
    jax = pytest.importorskip("jax")
    vals = _data(6, 2)
    ref = numpy_outs(*vals)
    fj = ks.lambdify([X, y, w, v], OUTS, backend="jax")
    _close(jax.jit(fj)(*vals), ref)
    # grad of the loss (a 1×1 array: take its entry) equals kronsym's gradient, and
    # jax's Hessian of kronsym's loss is kronsym's Hessian
    loss = ks.lambdify([X, y, w], LOSS, backend="jax")
    g = jax.jit(jax.grad(lambda X_, y_, w_: loss(X_, y_, w_)[0, 0], argnums=2))(*vals[:3])
    np.testing.assert_allclose(np.asarray(g), ref[1], rtol=1e-11, atol=1e-12)
    h = jax.jit(jax.hessian(lambda w_: loss(vals[0], vals[1], w_)[0, 0]))(vals[2])
    np.testing.assert_allclose(np.asarray(h).reshape(2, 2), ref[2], rtol=1e-10, atol=1e-12)
    # vmap over a batch of weight vectors, under jit
    W = np.stack([vals[2], -2 * vals[2]])
    batched = jax.jit(jax.vmap(lambda w_: fj(vals[0], vals[1], w_, vals[3])))(W)
    for k in range(2):
        _close([b[k] for b in batched], numpy_outs(vals[0], vals[1], W[k], vals[3]))


def test_jax_on_eight_sharded_cpu_devices():
    pytest.importorskip("jax")
    script = textwrap.dedent("""
        import numpy as np, jax
        jax.config.update("jax_enable_x64", True)
        from jax.sharding import Mesh, NamedSharding, PartitionSpec as P
        import kronsym as ks
        assert len(jax.devices()) == 8, jax.devices()
        m, n = ks.dims("m n")
        X, y = ks.MatrixSymbol("X", m, n), ks.MatrixSymbol("y", m, 1)
        w, v = ks.MatrixSymbol("w", n, 1), ks.MatrixSymbol("v", n, 1)
        f = ks.sum(ks.softplus(X @ w)) - y.T @ X @ w
        outs = [f, ks.grad(f, w), ks.hessian(f, w), ks.hessian(f, w) @ v]
        rng = np.random.default_rng(1)
        Xv, yv = rng.standard_normal((64, 5)), (rng.random((64, 1)) < .5) * 1.
        wv, vv = rng.standard_normal((5, 1)), rng.standard_normal((5, 1))
        ref = ks.lambdify([X, y, w, v], outs)(Xv, yv, wv, vv)
        mesh = Mesh(np.array(jax.devices()), ("rows",))
        rows, rep = NamedSharding(mesh, P("rows", None)), NamedSharding(mesh, P())
        Xs, ys = jax.device_put(Xv, rows), jax.device_put(yv, rows)
        assert len(Xs.sharding.device_set) == 8 and not Xs.sharding.is_fully_replicated
        fj = jax.jit(ks.lambdify([X, y, w, v], outs, backend="jax"))
        got = fj(Xs, ys, jax.device_put(wv, rep), jax.device_put(vv, rep))
        for a, b in zip(got, ref):
            np.testing.assert_allclose(np.asarray(a), b, rtol=1e-12, atol=1e-12)
        print("sharded: same result on", len(Xs.sharding.device_set), "devices")
    """)
    env = dict(os.environ, XLA_FLAGS="--xla_force_host_platform_device_count=8",
               JAX_PLATFORMS="cpu")
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    env["PYTHONPATH"] = root + os.pathsep + env.get("PYTHONPATH", "")
    run = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True,
                         text=True, timeout=300)
    assert run.returncode == 0, run.stderr[-3000:]
    assert "same result on 8 devices" in run.stdout


def test_torch_func_grad_and_vmap(numpy_outs):
    torch = pytest.importorskip("torch")
    from torch.func import grad, vmap
    vals = _data()
    ref = numpy_outs(*vals)
    T = [torch.tensor(a) for a in vals]
    loss = ks.lambdify([X, y, w], LOSS, backend="torch")
    g = grad(lambda w_: loss(T[0], T[1], w_)[0, 0])(T[2])
    np.testing.assert_allclose(g.numpy(), ref[1], rtol=1e-11, atol=1e-12)
    ft = ks.lambdify([X, y, w, v], OUTS, backend="torch")
    W = torch.stack([T[2], 3 * T[2]])
    batched = vmap(lambda w_: ft(T[0], T[1], w_, T[3]))(W)
    for k in range(2):
        _close([b[k].numpy() for b in batched],
               numpy_outs(vals[0], vals[1], W[k].numpy(), vals[3]))


def test_torch_compile_traces_the_whole_function(numpy_outs):
    torch = pytest.importorskip("torch")
    vals = _data()
    ft = ks.lambdify([X, y, w, v], OUTS, backend="torch")
    compiled = torch.compile(ft, backend="aot_eager", fullgraph=True)
    got = compiled(*[torch.tensor(a) for a in vals])
    _close([t.numpy() for t in got], numpy_outs(*vals))
