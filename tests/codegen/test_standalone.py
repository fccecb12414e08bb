"""ks.codegen(..., standalone=True): source that runs where kronsym cannot be imported,
for every backend, equal to lambdify; native calls, no dead lines, shape errors, the
gradient self-check, the audit (issue #18, item 2)."""
from __future__ import annotations

import ast
import importlib
import importlib.util
import json
import subprocess
import sys
import textwrap

import numpy as np
import pytest

import kronsym as ks
from kronsym import nodes as N
from kronsym.codegen.ir import OPS
from kronsym.codegen.names import UnsafeSourceError
from kronsym.codegen.standalone import audit_standalone
from kronsym.codegen.standalone_linalg import linalg_templates
from kronsym.codegen.standalone_ops import NATIVE
from kronsym.testing import backend_to_numpy, lambdify_args, random_values
from test_codegen import EXPRS

BACKENDS = ["numpy", "mpmath"] + [b for b in ("jax", "torch") if importlib.util.find_spec(b)]
m, n, p, q = ks.dims("m n p q")
Z = ks.MatrixSymbol("Z", m, n)
w = ks.MatrixSymbol("w", n, 1)
X = ks.MatrixSymbol("X", m, n)
y = ks.MatrixSymbol("y", m, 1)
LOSS = ks.sum(ks.softplus(X @ w)) - y.T @ (X @ w)
CASES = EXPRS + [getattr(ks, f)(Z) for f in ("exp", "sin", "cos", "tanh", "arctan", "abs",
                                              "sign", "sigmoid", "relu", "softplus")]
CASES += [ks.log(ks.hadamard(Z, Z) + ks.ones(m, n)), ks.power(Z, 3), LOSS, ks.grad(LOSS, w),
          ks.hessian(LOSS, w), ks.grad(ks.norm(X @ w - y), w)]
LINALG_OPS = set(linalg_templates("numpy"))
DIMSETS = [{m: 1, n: 1, p: 1, q: 1}, {m: 3, n: 2, p: 2, q: 3}]

#: the child process: kronsym made unimportable before anything runs, then every case
#: executed from its source alone and compared with the value lambdify gave
CHILD = textwrap.dedent('''
    import json, sys
    sys.modules["kronsym"] = None          # "import kronsym" now raises ImportError
    import numpy as np
    cases = json.load(open(sys.argv[1]))
    if any(c["backend"] == "jax" for c in cases):
        import jax
        jax.config.update("jax_enable_x64", True)
    bad = []
    for c in cases:
        ns = {}
        exec(compile(c["src"], c["id"], "exec"), ns)
        for args, want in c["calls"]:
            out = ns["f"](*[np.array(a) if isinstance(a, list) else a for a in args])
            got = np.asarray(np.asarray(out.detach() if hasattr(out, "detach") else out,
                                        dtype=object).tolist(), dtype=float)
            if got.shape != np.shape(want) or not np.allclose(got, want, rtol=1e-9, atol=1e-9):
                bad.append([c["id"], str(got.tolist())[:200], str(want)[:200]])
                break
    print(json.dumps({"bad": bad, "kronsym" : "kronsym" in sys.modules and
                      sys.modules["kronsym"] is not None}))
''')


def _cases(backend):
    out = []
    # jax dispatches op by op here (~0.2 s a case on first use): a sample; numpy alone
    # runs the all-ones dims too (the templates are shared, the spellings are not); jax
    # also every case of the matrix-function / pseudo-inverse / LU ops (standalone_linalg)
    for k, e in enumerate(CASES):
        args = lambdify_args(e)
        ref = ks.lambdify(args, e)                 # numpy: the values to agree with
        if backend == "jax" and k % 9 and k < len(CASES) - 6 and \
                not set(ref.program.ops()) & LINALG_OPS:
            continue
        try:
            src = ks.codegen(args, e, backend, standalone=True)
        except NotImplementedError as err:   # refused with the backend's UNSUPPORTED reason
            rt = importlib.import_module(f"kronsym.codegen.backends.{backend}")
            ops = set(ref.program.ops()) & set(rt.UNSUPPORTED)
            assert ops and any(str(err).endswith(f"has no IR op {op!r}: {rt.UNSUPPORTED[op]}")
                               for op in ops), err
            with pytest.raises(NotImplementedError) as lam:
                ks.lambdify(args, e, backend=backend)
            assert str(lam.value) == str(err)    # the same words as lambdify's
            continue
        calls = []
        for dims in DIMSETS if backend == "numpy" else DIMSETS[1:]:
            vals = random_values(e, dims, seed=3, extra=[s for s in args if isinstance(s, N.MatrixSymbol)])
            call = [vals[s] if isinstance(s, N.MatrixSymbol) else dims[s] for s in args]
            want = np.real_if_close(backend_to_numpy(ref(*call)))
            calls.append([[np.asarray(a).tolist() if not isinstance(a, int) else a for a in call],
                          np.asarray(want, dtype=float).tolist()])
        out.append({"id": f"{backend}:{k}:{str(e)[:40]}", "backend": backend, "src": src,
                    "calls": calls})
    return out


def test_standalone_runs_without_kronsym(tmp_path):
    """Every case on every installed backend, in one child process (one import of each
    library: the child's imports are most of its time)."""
    cases = [c for backend in BACKENDS for c in _cases(backend)]
    for c in cases:
        assert "kronsym" not in c["src"].replace("kronsym.codegen(", "")   # only the header
        assert "_rt" not in c["src"]
    (tmp_path / "cases.json").write_text(json.dumps(cases))
    (tmp_path / "child.py").write_text(CHILD)
    r = subprocess.run([sys.executable, "-I", "child.py", "cases.json"], cwd=tmp_path,
                       capture_output=True, text=True, timeout=900)
    assert r.returncode == 0, r.stderr[-2000:]
    report = json.loads(r.stdout.strip().splitlines()[-1])
    assert report == {"bad": [], "kronsym": False}
    assert {c["backend"] for c in cases} == set(BACKENDS)


def test_kronsym_is_really_unimportable_in_the_child(tmp_path):
    (tmp_path / "c.py").write_text('import sys\nsys.modules["kronsym"] = None\n'
                                   'try:\n    import kronsym\nexcept ImportError:\n'
                                   '    print("blocked")\n')
    r = subprocess.run([sys.executable, "-I", "c.py"], cwd=tmp_path, capture_output=True,
                       text=True, timeout=60)
    assert r.stdout.strip() == "blocked"


@pytest.mark.parametrize("backend", list(NATIVE))
def test_every_op_has_a_native_spelling(backend):
    assert set(OPS) <= set(NATIVE[backend]), set(OPS) - set(NATIVE[backend])


def _assigned_and_loaded(src):
    tree = ast.parse(src)
    stores, loads = set(), set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Name):
            (stores if isinstance(node.ctx, ast.Store) else loads).add(node.id)
    return stores, loads


@pytest.mark.parametrize("e", [ks.kron(ks.MatrixSymbol("A", m, n), ks.MatrixSymbol("B", p, q))
                               @ ks.MatrixSymbol("v", n * q, 1), ks.grad(LOSS, w), ks.hessian(LOSS, w),
                               ks.K(m, n) @ ks.vec(Z), ks.D(n).T @ ks.vec(ks.MatrixSymbol("S", n, n))])
def test_native_calls_and_no_dead_lines(e):
    src = ks.codegen(lambdify_args(e), e, "numpy", standalone=True)
    stores, loads = _assigned_and_loaded(src)
    assert stores <= loads, f"assigned but never read: {stores - loads}\n{src}"
    assert "np.kron" not in src and "_rt." not in src and "import kronsym" not in src
    ops = set(ks.lambdify(lambdify_args(e), e).program.ops())
    if ops & {"kron_apply", "commute_apply"}:    # applied as matmul/moveaxis on reshapes
        assert "np.moveaxis(" in src or ".T.reshape(" in src


def test_solve_not_inverse_and_matmul_for_kron():
    A, B = ks.MatrixSymbol("A", n, n), ks.MatrixSymbol("B", p, p)
    v, u = ks.MatrixSymbol("v", n * p, 1), ks.MatrixSymbol("u", n, 2)
    src = ks.codegen([A, B, v, u], ks.kron(A.T, B) @ v + ks.vec(ks.inv(A) @ u @ ks.ones(2, p)),
                     "numpy", standalone=True)
    assert "np.linalg.solve(x0, " in src and "np.linalg.inv" not in src
    assert "np.kron" not in src and "x0.T" in src and "@ x1.T).reshape(" in src


def test_shape_errors_name_the_argument():
    src = ks.codegen([w, X, y], LOSS, "numpy", standalone=True)
    ns: dict = {}
    exec(compile(src, "<standalone>", "exec"), ns)
    f = ns["f"]
    a, b = np.ones((4, 3)), np.ones(4)
    assert np.shape(f(np.zeros(3), a, b)) == ()
    assert np.shape(f(np.zeros((3, 1)), a, b[:, None])) == (1, 1)
    with pytest.raises(ValueError, match=r"argument X is m×n, so it must have shape \(4, 2\) "
                                         r"here; got \(4, 3\)"):
        f(np.zeros(2), a, b)
    with pytest.raises(ValueError, match=r"argument y is m×1, so it must have shape \(4, 1\) "
                                         r"here; got \(5, 1\)"):
        f(np.zeros(3), a, np.ones(5))
    with pytest.raises(ValueError, match=r"argument X is m×n, a matrix: give a 2-D array; got "
                                         r"shape \(4,\)"):
        f(np.zeros(3), np.ones(4), b)
    with pytest.raises(ValueError, match=r"dimensions n, m are \(3, 0\); they must be positive"):
        f(np.zeros(3), np.ones((0, 3)), np.ones(0))


@pytest.mark.parametrize("backend", BACKENDS)
def test_gradient_self_check(backend):
    src = ks.codegen([w, X, y], LOSS, backend, check_gradient=True)
    ns: dict = {}
    exec(compile(src, "<standalone>", "exec"), ns)
    rng = np.random.default_rng(0)
    a, b = rng.standard_normal((6, 3)), (rng.random(6) < 0.5).astype(float)
    if backend == "jax":
        import jax
        with jax.enable_x64(True):
            err = ns["check_gradient"](rng.standard_normal(3), a, b)
    else:
        err = ns["check_gradient"](rng.standard_normal(3), a, b)
    assert err < 1e-6
    if backend == "numpy":                 # the check can fail: a wrong gradient is caught
        ns["gradient"] = lambda a0, a1, a2: 1.01 * a1.T @ (1 / (1 + np.exp(-a1 @ a0)) - a2)
        assert ns["check_gradient"](rng.standard_normal(3), a, b) > 1e-3


def test_check_gradient_needs_a_scalar():
    with pytest.raises(ValueError, match=r"check_gradient=True\) needs a scalar"):
        ks.codegen([X], X, "numpy", check_gradient=True)


def test_audit_refuses_foreign_source():
    for bad in ("import os\n", "from numpy import *\n", "def f(a0):\n    return eval('1')\n",
                "def f(a0):\n    return a0.__class__\n", "def f(a0):\n    return user_name\n"):
        with pytest.raises(UnsafeSourceError):
            audit_standalone(bad)


def test_names_stay_codegen_s_own():
    evil = ks.MatrixSymbol("x__import__os", n, 1)      # a legal but hostile-looking name
    src = ks.codegen([evil], evil.T @ evil, "numpy", standalone=True)
    tree = ast.parse(src)
    assert all("import" not in node.id for node in ast.walk(tree) if isinstance(node, ast.Name))


def test_cli_python_format_runs_without_kronsym(tmp_path):
    r = subprocess.run([sys.executable, "-m", "kronsym", "grad", "logdet(X)", "--wrt", "X",
                        "--let", "X=n,n", "--format", "python"], capture_output=True, text=True,
                       timeout=120)
    assert r.returncode == 0, r.stderr
    (tmp_path / "gen.py").write_text(r.stdout)
    (tmp_path / "run.py").write_text(
        'import sys\nsys.modules["kronsym"] = None\nimport numpy as np\nimport gen\n'
        'x = np.array([[2.0, 1.0], [0.5, 3.0]])\n'
        'print(np.allclose(gen.f(x), np.linalg.inv(x).T))\n')
    out = subprocess.run([sys.executable, "-I", "-c", "import sys; sys.path.insert(0, '.'); "
                          "exec(open('run.py').read())"], cwd=tmp_path, capture_output=True,
                         text=True, timeout=120)
    assert out.stdout.strip() == "True", out.stderr


@pytest.mark.parametrize("backend", ["numpy", "mpmath"])
def test_repeated_eigenvalue_is_refused_in_standalone_eigvecsh(backend):
    S = ks.MatrixSymbol("S", n, n)
    ns: dict = {}
    exec(compile(ks.codegen([S], ks.eigvecsh(S), backend, standalone=True), "<s>", "exec"), ns)
    with pytest.raises(np.linalg.LinAlgError, match=r"eigenvalue 1(\.0)? of the 2×2 symmetric matrix "
                                                    r"has multiplicity 2"):
        ns["f"](np.eye(2))
    v = np.asarray(ns["f"](np.diag([1.0, -2.0])), dtype=float)   # signed columns, ascending
    assert np.allclose(v, [[0.0, 1.0], [1.0, 0.0]])


def test_standalone_linalg_imports_scipy_only_where_used():
    S = ks.MatrixSymbol("S", n, n)
    plain = ks.codegen([S], ks.pinv(S), "numpy", standalone=True)
    assert "scipy" not in plain
    src = ks.codegen([S], ks.expm(S) + ks.logm(S), "numpy", standalone=True)
    assert "import scipy.linalg" in src and "scipy.linalg.expm(x0)" in src
    assert src.splitlines()[0].endswith("needs only numpy, scipy.\"\"\"")


@pytest.mark.skipif("jax" not in BACKENDS, reason="jax not installed")
def test_standalone_jax_linalg_is_jittable():
    import jax
    S = ks.MatrixSymbol("S", n, n)
    e = N.MatFuncJacobian(S, "expm") @ ks.vec(ks.eigvecsh(S) @ ks.pinv(S))
    ns: dict = {}
    exec(compile(ks.codegen([S], e, "jax", standalone=True), "<s>", "exec"), ns)
    x = np.array([[2.0, 0.3], [0.1, 1.0]])
    with jax.enable_x64(True):
        got = np.asarray(jax.jit(ns["f"])(x))
    want = backend_to_numpy(ks.lambdify([S], e)(x))
    assert np.allclose(got, want, rtol=1e-6, atol=1e-8)
