"""Output never depends on hash order: the same program prints byte-identical text
(str, LaTeX, simplify, diff/grad/hessian and derivation steps, generated numpy source,
to_json, parse, explicit, prove) under PYTHONHASHSEED = 0, 1, 2 and random.
(The simplify-only check in test_simplify.py stays; this covers the rest.)"""
import os
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

WORKLOAD = r'''
import json, sympy
import kronsym as ks
from kronsym.rules import describe
m, n, p, q = ks.dims("m n p q")
c, d = sympy.symbols("c d")
A, B = ks.MatrixSymbol("A", m, n), ks.MatrixSymbol("B", p, q)
X, Y, Z = (ks.MatrixSymbol(s, n, n) for s in "XYZ")
x, y = ks.MatrixSymbol("x", n, 1), ks.MatrixSymbol("y", n, 1)
W = ks.MatrixSymbol("W", n, p)
exprs = [
    ks.kron(A, B).T, ks.vec(A @ X @ A.T), ks.kron(X, Y, Z) @ ks.kron(Z, Y, X),
    ks.trace(Z @ Y @ X) * X + Y @ X + X @ Z + 2 * (X @ Z).T + ks.hadamard(Z, Y, X),
    (c * d + 1) * X - d * Y + c * Z + sympy.Rational(1, 3) * ks.inv(X @ Y),
    ks.logdet(X.T @ X) + ks.trace(ks.kron(X, Y)) + ks.det(Y) ** 2 + ks.log(x.T @ X @ x),
    ks.khatri_rao(X, Y) + ks.khatri_rao(Y, X), ks.kron_sum(X, Y) @ ks.kron_sum(Y, Z),
    ks.diag(x) @ ks.diag(y) + ks.diag(y) @ ks.diag(x), ks.K(m, n) @ ks.vec(A),
    ks.unvec(ks.vec(W), n, p) + W, ks.exp(ks.trace(X)) * ks.sqrt(y.T @ y) * X,
]
out = {}
for i, e in enumerate(exprs):
    s = ks.simplify(e)
    out[f"{i}"] = [str(e), ks.latex(e), str(s), ks.latex(s), ks.to_json(e), ks.to_json(s)]
calc = [(ks.kron(A, B), A), (ks.inv(X), X), (X.T @ X, X), (ks.kron(X, X), X),
        (ks.hadamard(X, Y @ X), X), (ks.kron_sum(X, Y), Y)]
for i, (F, V) in enumerate(calc):
    J = ks.diff(F, V)
    d_ = ks.derive(F, V)
    out[f"diff{i}"] = [str(J), ks.latex(J), ks.to_json(J), d_.latex(),
                       [str(s.expr) + " | " + s.rule for s in d_.steps],
                       ks.codegen(sorted(F.free_symbols, key=lambda s: s.name), J)]
scal = [(ks.trace(X.T @ Y @ X), X), (ks.logdet(X), X), (x.T @ X @ x, X),
        (ks.trace(ks.kron(X, Y)) * ks.det(X), X)]
for i, (f, V) in enumerate(scal):
    g, H = ks.grad(f, V), ks.hessian(f, V)
    out[f"grad{i}"] = [str(g), str(H), ks.latex(H), ks.to_json(H),
                       ks.codegen(sorted(f.free_symbols, key=lambda s: s.name), H)]
e = ks.parse("kron(A, B).T @ vec(C) + 2*vec(A.T @ C @ B)", {"A": (2, 3), "B": (4, 5), "C": (2, 4)})
out["parse"] = [str(e), ks.to_json(e), str(ks.simplify(e))]
out["explicit"] = str(ks.explicit(ks.kron(X, Y) + ks.trace(X) * ks.I(n * n), {n: 2}))
out["prove"] = [str(ks.prove(ks.trace(X @ Y @ Z), ks.trace(Z @ X @ Y))),
                str(ks.prove(ks.kron_sum(X, Y), ks.kron(X, ks.I(n)) + ks.kron(ks.I(n), Y)))]
out["rules"] = [[r.family, r.name, r.identity, list(r.node_types), r.location] for r in describe()]
print(json.dumps(out, sort_keys=True, ensure_ascii=False, indent=1))
'''


def test_same_output_under_every_hash_seed():
    procs = {}
    for seed in ("0", "1", "2", "random"):
        env = {**os.environ, "PYTHONHASHSEED": seed, "PYTHONPATH": ROOT}
        procs[seed] = subprocess.Popen([sys.executable, "-c", WORKLOAD], env=env,
                                       stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    outs = {}
    for seed, pr in procs.items():
        out, err = pr.communicate(timeout=300)
        assert pr.returncode == 0, err
        outs[seed] = out
    assert len(outs["0"]) > 5000 and "def f(" in outs["0"]
    for seed in ("1", "2", "random"):
        if outs[seed] != outs["0"]:
            a, b = outs["0"].splitlines(), outs[seed].splitlines()
            diff = next((i, x, y) for i, (x, y) in enumerate(zip(a, b)) if x != y)
            raise AssertionError(f"PYTHONHASHSEED={seed} differs from 0 at line {diff[0]}:\n"
                                 f"  0: {diff[1]}\n  {seed}: {diff[2]}")
