"""The contract: every node type against every per-node table.

For each node type of ``kronsym.nodes.NODE_TYPES`` and each table keyed by
node type (text and LaTeX printing, the differential rules, the vec
identification table, the dense evaluator, ``explicit``, the lowering, JSON,
the hypothesis strategies, the SymPy bridge), the node either has an entry or
the table's module lists it in ``UNSUPPORTED`` with a reason. A failure names
the node and the table.

Each node type also has one sample expression here (``SAMPLES``); adding a node
type without a sample fails too, and the samples are pushed through the tables
(printed, differentiated, evaluated, made explicit, lowered, serialized and
bridged) so an entry that exists but fails is caught as well.

The codegen backends are tables too, keyed by IR op: every op of
``kronsym.codegen.ir.OPS`` has a function in each backend's ``OP_TABLE`` (numpy, jax,
torch, mpmath, and the sparse runtime of ``form="sparse"``) or is listed in its
``UNSUPPORTED`` with a reason, and no backend
defines an op outside ``OPS``.

Last, results must not depend on import history: the same rewrite runs in a
fresh process and after other work, with the same answer.
"""
from __future__ import annotations

import json
import subprocess
import sys

import numpy as np
import pytest
import sympy

import kronsym as ks
from kronsym import nodes as N
from kronsym import build as B
import importlib

# modules by name: some share their name with a function the package re-exports
serialize = importlib.import_module("kronsym.serialize")
sympy_bridge = importlib.import_module("kronsym.sympy_bridge")
lower = importlib.import_module("kronsym.codegen.lower")
differential = importlib.import_module("kronsym.diff.differential")
identify = importlib.import_module("kronsym.diff.identify")
ev = importlib.import_module("kronsym.evaluate")
ex = importlib.import_module("kronsym.explicit")
latex_mod = importlib.import_module("kronsym.printing.latex")
text_mod = importlib.import_module("kronsym.printing.text")

m, n, p, q = ks.dims("m n p q")
A = ks.MatrixSymbol("A", m, n)
C = ks.MatrixSymbol("C", n, n)
X = ks.MatrixSymbol("X", m, m)
Y = ks.MatrixSymbol("Y", p, p)
V = ks.MatrixSymbol("V", m, n)
W = ks.MatrixSymbol("W", p, n)
s = ks.trace(X)

#: one small expression whose top node is of the given type
SAMPLES = {
    N.MatrixSymbol: lambda: A,
    N.Identity: lambda: ks.I(m),
    N.ZeroMatrix: lambda: ks.zeros(m, n),
    N.Ones: lambda: ks.ones(m, n),
    N.Commutation: lambda: ks.K(m, n),
    N.MatMul: lambda: A @ C,
    N.MatAdd: lambda: A + V,
    N.ScalarMul: lambda: 2 * A,
    N.Scale: lambda: s * A,
    N.Power: lambda: ks.power(A, 3),
    N.EntrywiseFunc: lambda: ks.sigmoid(A),
    N.Transpose: lambda: A.T,
    N.Kron: lambda: ks.kron(A, C),
    N.Vec: lambda: ks.vec(A),
    N.Unvec: lambda: ks.unvec(ks.vec(A), m, n),
    N.Inverse: lambda: ks.inv(X),
    N.Trace: lambda: ks.trace(X),
    N.Det: lambda: ks.det(X),
    N.LogDet: lambda: ks.logdet(X),
    N.Hadamard: lambda: ks.hadamard(A, V),
    N.KhatriRao: lambda: ks.khatri_rao(A, W),
    N.KronSum: lambda: ks.kron_sum(X, Y),
    N.Diag: lambda: B.diag(A @ ks.MatrixSymbol("u", n, 1)),
    N.Duplication: lambda: B.D(m),
    N.Elimination: lambda: B.L(m),
    N.Symmetrizer: lambda: B.Nsym(m),
    N.Vech: lambda: B.vech(X),
    N.FaceSplit: lambda: B.face_split(A.T, W.T),
    N.TracySingh: lambda: B.tracy_singh(A, C),
    N.Vecr: lambda: B.vecr(A),
    # reductions and building blocks (kronsym/nodes/reductions.py)
    N.Sum: lambda: ks.sum(A @ C, axis=1),
    N.DiagPart: lambda: ks.diag(X @ X.T),
    N.Norm2: lambda: ks.norm(A),
    N.Norm1: lambda: ks.norm1(X),
    N.LogSumExp: lambda: ks.logsumexp(X @ ks.MatrixSymbol("u", m, 1)),
    N.Softmax: lambda: ks.softmax(A @ ks.MatrixSymbol("w", n, 1)),
    N.MatPow: lambda: X ** 3,
    # pseudo-inverse family (kronsym/nodes/pseudo.py)
    N.Pinv: lambda: ks.pinv(A),
    N.Adj: lambda: ks.adj(X),
    N.Eigvalsh: lambda: ks.eigvalsh(X),
    N.Eigvecsh: lambda: ks.eigvecsh(X),
    N.NuclearNorm: lambda: ks.nuclear_norm(A),
    N.Polar: lambda: ks.polar(A),
    # matrix functions (kronsym/nodes/matfuncs.py); the Jacobian of a constant-in-(A, X)
    # argument: its own differential (a second Fréchet derivative) is not implemented
    N.Expm: lambda: ks.expm(X),
    N.Logm: lambda: ks.logm(X),
    N.Sqrtm: lambda: ks.sqrtm(X @ X.T),
    N.MatFuncJacobian: lambda: N.MatFuncJacobian(C, "logm"),
}

#: the tables keyed by class NAME (the printers dispatch along the MRO by name, as
#: SymPy's ``_print_<ClassName>`` does); every other table is keyed by the class
BY_NAME = {"text printer (kronsym.printing.text.TEXT)", "LaTeX printer (kronsym.printing.latex.LATEX)"}

#: table name -> (the table, its UNSUPPORTED map)
TABLES = {
    "text printer (kronsym.printing.text.TEXT)": (text_mod.TEXT, getattr(text_mod, "UNSUPPORTED", {})),
    "LaTeX printer (kronsym.printing.latex.LATEX)": (latex_mod.LATEX,
                                                    getattr(latex_mod, "UNSUPPORTED", {})),
    "differential (kronsym.diff.differential.DIFFERENTIAL)": (differential.DIFFERENTIAL,
                                                               differential.UNSUPPORTED),
    "vec identification (kronsym.diff.identify.LINEARIZE)": (identify.LINEARIZE,
                                                             identify.UNSUPPORTED),
    "evaluate (kronsym.evaluate.DENSE)": (ev.DENSE, ev.UNSUPPORTED),
    "explicit (kronsym.explicit.EXPLICIT)": (ex.EXPLICIT, getattr(ex, "UNSUPPORTED", {})),
    "lowering (kronsym.codegen.lower.LOWER_DENSE)": (lower.LOWER_DENSE, lower.UNSUPPORTED),
    "SymPy bridge (kronsym.sympy_bridge.TO_SYMPY)": (sympy_bridge.TO_SYMPY,
                                                     sympy_bridge.UNSUPPORTED),
}

TYPES = list(N.NODE_TYPES)
ids = [t.__name__ for t in TYPES]


@pytest.mark.parametrize("table", list(TABLES))
@pytest.mark.parametrize("node_type", TYPES, ids=ids)
def test_every_node_type_is_in_every_table(node_type, table):
    entries, unsupported = TABLES[table]
    key = node_type.__name__ if table in BY_NAME else node_type
    if table in BY_NAME:
        assert all(isinstance(k, str) for k in list(entries) + list(unsupported)), \
            f"the {table} is keyed by class name; found keys {[k for k in entries if not isinstance(k, str)]}"
    if key in unsupported:
        why = unsupported[key]
        assert isinstance(why, str) and why.strip(), \
            f"{node_type.__name__}: UNSUPPORTED of the {table} gives no reason"
        assert key not in entries, \
            f"{node_type.__name__} is both in the {table} and listed as unsupported by it"
        return
    assert key in entries, \
        f"{node_type.__name__} has no entry in the {table} and is not listed in its UNSUPPORTED"


@pytest.mark.parametrize("table", list(TABLES))
def test_unsupported_entries_are_node_types(table):
    _, unsupported = TABLES[table]
    known = set(TYPES) | {N.SymmetricSymbol}
    if table in BY_NAME:
        known = {t.__name__ for t in known}   # type: ignore[misc]
    stray = [getattr(t, "__name__", t) for t in unsupported if t not in known]
    assert not stray, f"UNSUPPORTED of the {table} names unknown node types {stray}"


def test_every_node_type_has_a_sample():
    missing = [t.__name__ for t in TYPES if t not in SAMPLES]
    assert not missing, f"tests/package/test_contract.py SAMPLES has no sample for {missing}"


def test_serialization_covers_every_node_type():
    missing = [t.__name__ for t in TYPES if t.__name__ not in serialize.BUILDERS]
    assert not missing, f"kronsym.serialize.BUILDERS has no builder for {missing}"


@pytest.mark.parametrize("node_type", TYPES, ids=ids)
def test_sample_goes_through_every_table(node_type):
    e = SAMPLES[node_type]()
    name = node_type.__name__
    assert type(e) is node_type, f"SAMPLES[{name}] builds a {type(e).__name__}"
    # printing
    assert str(e), f"{name}: text printer gave an empty string"
    assert ks.latex(e), f"{name}: LaTeX printer gave an empty string"
    # serialization through the constructors
    assert serialize.from_json(serialize.to_json(e)) == e, f"{name}: JSON round trip"
    # differential: d/dX of every sample is a well-shaped Jacobian
    for var in (A, X):
        J = ks.diff(e, var)
        assert J.shape == (e.rows * e.cols, var.rows * var.cols), f"{name}: differential"
    # evaluate, explicit and lowering agree
    dims = {m: 2, n: 3, p: 2, q: 2}
    from kronsym.testing import random_values
    vals = random_values(e, dims)
    ref = np.asarray(ks.evaluate(e, {**vals, **dims}), dtype=float)
    syms = sorted({k for k in vals if isinstance(k, N.MatrixSymbol)}, key=lambda k: k.name)
    free = sorted(set().union(*(sympy.sympify(d).free_symbols for d in e.shape)), key=str)
    f = ks.lambdify(syms + free, e)
    got = np.asarray(f(*[vals[k] for k in syms], *[dims[d] for d in free]),
                     dtype=float).reshape(ref.shape)
    np.testing.assert_allclose(got, ref, rtol=1e-9, atol=1e-9, err_msg=f"{name}: lowering")
    if node_type in getattr(ex, "UNSUPPORTED", {}):    # no closed form: a clear refusal
        with pytest.raises(NotImplementedError):
            ks.explicit(e, dims)
    else:
        E = ks.explicit(e, dims)
        sub = {}
        for k in syms:
            r, c = vals[k].shape
            sub[sympy.MatrixSymbol(k.name, r, c)] = sympy.ImmutableMatrix(vals[k])
        val = np.array(E.subs(sub).doit().evalf(), dtype=float)
        np.testing.assert_allclose(val, ref, rtol=1e-9, atol=1e-9, err_msg=f"{name}: explicit")
    # SymPy bridge: round trip where supported
    if node_type not in sympy_bridge.UNSUPPORTED:
        back = sympy_bridge.from_sympy(sympy_bridge.to_sympy(e))
        assert ks.equals(back, e), f"{name}: to_sympy / from_sympy round trip"


def test_strategies_generate_every_node_type():
    # the strategies have no table keyed by node type: the check is that a fixed-seed draw
    # meets every node type, which tests/package/test_properties.py owns (same test, same seed)
    from test_properties import test_every_node_type_is_generated as strategies_cover_every_type
    strategies_cover_every_type()


# --- every backend against the IR op list ----------------------------------------------------
ir = importlib.import_module("kronsym.codegen.ir")
#: the emit backends, and the sparse runtime form="sparse" runs the same IR programs with
BACKENDS = ("numpy", "jax", "torch", "mpmath", "sparse")


def _backend(name):
    return importlib.import_module(f"kronsym.codegen.backends.{name}")


def test_backends_are_the_emit_backends():
    from kronsym.codegen.emit import BACKENDS as EMIT_BACKENDS
    assert set(EMIT_BACKENDS) | {"sparse"} == set(BACKENDS), \
        f"emit knows {EMIT_BACKENDS}, the contract {BACKENDS}"


def test_ir_ops_are_declared_once():
    assert len(set(ir.OPS)) == len(ir.OPS), \
        f"kronsym.codegen.ir.OPS lists {sorted({o for o in ir.OPS if ir.OPS.count(o) > 1})} twice"


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize("op", ir.OPS)
def test_every_ir_op_is_in_every_backend(op, backend):
    rt = _backend(backend)
    table = f"kronsym.codegen.backends.{backend}.OP_TABLE"
    if op in rt.UNSUPPORTED:
        why = rt.UNSUPPORTED[op]
        assert isinstance(why, str) and why.strip(), f"{op}: UNSUPPORTED of {table} gives no reason"
        assert op not in rt.OP_TABLE, f"{op} is both in {table} and listed as unsupported by it"
        return
    assert op in rt.OP_TABLE, f"IR op {op!r} has no entry in {table} and is not listed in its UNSUPPORTED"
    assert callable(rt.OP_TABLE[op]), f"{table}[{op!r}] is not callable"
    # generated code calls _rt.<op>: the module attribute is the table's function
    assert getattr(rt, op, None) is rt.OP_TABLE[op], \
        f"kronsym.codegen.backends.{backend}.{op} is not {table}[{op!r}]"


@pytest.mark.parametrize("backend", BACKENDS)
def test_backends_define_no_op_outside_ir(backend):
    rt = _backend(backend)
    stray = sorted(set(rt.OP_TABLE) - set(ir.OPS))
    assert not stray, f"kronsym.codegen.backends.{backend}.OP_TABLE defines {stray}, not in ir.OPS"
    stray = sorted(set(rt.UNSUPPORTED) - set(ir.OPS))
    assert not stray, f"kronsym.codegen.backends.{backend}.UNSUPPORTED names {stray}, not in ir.OPS"


def test_an_op_a_backend_lacks_is_refused_naming_it(monkeypatch):
    from kronsym.codegen.emit import emit
    from kronsym.codegen.lower import lower as lower_fn
    rt = _backend("numpy")
    prog = lower_fn([A, C], A @ C)
    assert "matmul" in prog.ops()
    monkeypatch.delitem(rt.OP_TABLE, "matmul")
    monkeypatch.setitem(rt.UNSUPPORTED, "matmul", "a reason for the test")
    with pytest.raises(NotImplementedError, match="numpy backend has no IR op 'matmul': a reason"):
        emit(prog, "numpy")


# --- results do not depend on import history -----------------------------------------------
_PROGRAM = r"""
import json, sys
import kronsym as ks
m, n = ks.dims("m n")
A = ks.MatrixSymbol("A", m, n); B = ks.MatrixSymbol("B", m, n)
out = {}
if sys.argv[1] == "after":
    ks.simplify(ks.kron(A, B).T)
    ks.diff(ks.trace(A.T @ B), A)
import kronsym.rules
out["families"] = str(kronsym.rules.apply_families(B + A))
out["simplify"] = str(ks.simplify(B + A))
print(json.dumps(out))
"""


def _run(order):
    r = subprocess.run([sys.executable, "-c", _PROGRAM, order], capture_output=True, text=True,
                       timeout=300)
    assert r.returncode == 0, r.stderr
    return json.loads(r.stdout)


def test_results_do_not_depend_on_import_order():
    fresh, after = _run("fresh"), _run("after")
    assert fresh == after, f"fresh process {fresh} != after other work {after}"


# --- the node schema (kronsym.nodes.schema) ------------------------------------------------
SCHEMA_TYPES = TYPES + [N.SymmetricSymbol]
SAMPLES_ALL = {**SAMPLES, N.SymmetricSymbol: lambda: ks.symmetric("S", m)}
#: a value of each parameter kind that the constructors refuse: (as a Python argument,
#: as JSON: ("scalar", row) for a scalar-table entry, ("value", v) for a literal)
BAD_VALUES = {
    "dim": (sympy.Rational(3, 2), ("scalar", ["Rational", 3, 2])),
    "coeff": (sympy.nan, ("scalar", ["NaN"])),
    "name": ("1bad", ("value", "1bad")),
    "func": ("system", ("value", "system")),
    "choice": ("not-a-choice", ("value", "not-a-choice")),
    "integer": (1.5, ("value", 1.5)),
}


def _python_kind_ok(field, value) -> bool:
    if field.kind == "dim":
        return isinstance(value, sympy.Expr) and value.is_integer is not False
    if field.kind == "coeff":
        return isinstance(value, sympy.Expr) and value.is_finite is not False
    if field.kind == "name":
        return isinstance(value, str) and value.isidentifier()
    if field.kind == "func":
        return value in field.table
    if field.kind == "choice":
        return value in field.values
    return isinstance(value, int) and not isinstance(value, bool)


@pytest.mark.parametrize("node_type", SCHEMA_TYPES, ids=[t.__name__ for t in SCHEMA_TYPES])
def test_every_node_type_declares_a_schema_consistent_with_its_fields(node_type):
    name = node_type.__name__
    schema = node_type.schema
    assert isinstance(schema, tuple) and schema, f"{name} declares no schema"
    assert all(isinstance(f, N.Field) for f in schema), f"{name}.schema holds a non-Field"
    e = SAMPLES_ALL[node_type]()
    assert type(e) is node_type
    params = [f for f in schema if not f.is_child]
    kids = [f for f in schema if f.is_child]
    assert len(e.params) == len(params), f"{name}: params {e.params} vs schema {schema}"
    for f, v in zip(params, e.params):
        assert _python_kind_ok(f, v), f"{name}.{f.name}: {v!r} is not a {f.kind}"
        assert e.field(f.name) is v
    if any(f.kind == "children" for f in kids):
        assert len(kids) == 1 and len(e.children) >= kids[0].min
        assert e.field(kids[0].name) == e.children
    else:
        assert len(e.children) == len(kids), f"{name}: children vs schema {schema}"
        for i, f in enumerate(kids):
            assert e.field(f.name) is e.children[i]
    # the readers' way back: field values -> constructor arguments -> the same node
    assert node_type(*node_type._to_args(e.params, e.children)) is e
    assert serialize.BUILDERS[name][0] == tuple(f.kind for f in params)
    with pytest.raises(KeyError, match="no field"):
        e.field("no_such_field")


def _forge(e, j: int, json_bad):
    """The JSON of ``e`` with parameter j of its root node replaced by ``json_bad``."""
    d = json.loads(serialize.to_json(e))
    how, v = json_bad
    if how == "scalar":
        d["scalars"].append(v)
        v = len(d["scalars"]) - 1
    d["nodes"][d["root"]][1][j] = v
    return json.dumps(d)


CASES = [(t, j) for t in SCHEMA_TYPES for j in range(len(t._param_fields))]


@pytest.mark.parametrize("node_type, j", CASES,
                         ids=[f"{t.__name__}.{t._param_fields[j].name}" for t, j in CASES])
def test_a_forged_json_parameter_is_refused_exactly_as_the_constructor_refuses_it(node_type, j):
    """Every parameter of every node type, forged in a JSON document to a value of its kind
    that the constructor refuses, is refused by from_json with the constructor's own error
    (same type and message, kept as __cause__)."""
    e = SAMPLES_ALL[node_type]()
    field = node_type._param_fields[j]
    py_bad, json_bad = BAD_VALUES[field.kind]
    forged = list(e.params)
    forged[j] = py_bad
    with pytest.raises((TypeError, ValueError, ks.KronsymError)) as by_constructor:
        node_type(*node_type._to_args(tuple(forged), e.children))
    with pytest.raises(ks.SerializationError) as by_json:
        ks.from_json(_forge(e, j, json_bad))
    cause = by_json.value.__cause__
    if field.kind == "integer":   # 1.5 is refused by the reader before the constructor
        return
    assert cause is not None, f"{by_json.value} was not the constructor's refusal"
    assert type(cause) is type(by_constructor.value)
    assert str(cause) == str(by_constructor.value)


@pytest.mark.parametrize("node_type", SCHEMA_TYPES, ids=[t.__name__ for t in SCHEMA_TYPES])
def test_a_forged_json_arity_is_refused(node_type):
    e = SAMPLES_ALL[node_type]()
    d = json.loads(serialize.to_json(e))
    root = d["nodes"][d["root"]]
    kids = list(root[2])
    if node_type._nchildren is None:                 # variadic: one short of the minimum
        root[2] = kids[:node_type._min_children - 1]
    else:                                            # one operand short, or one too many
        root[2] = kids[:-1] if kids else [0]
    with pytest.raises(ks.SerializationError, match="operand"):
        ks.from_json(json.dumps(d))
    root[2] = kids
    root[1] = root[1] + [0]                          # one parameter too many
    with pytest.raises(ks.SerializationError, match="parameter"):
        ks.from_json(json.dumps(d))
