"""ks.to_json / ks.from_json (format, exact round trip, validation, version rule),
pickling, and the CLI's --format json tree."""
import json
import os
import pickle
import subprocess
import sys

import pytest
import sympy

import kronsym as ks
from kronsym import nodes as N
from kronsym.serialize import FORMAT_VERSION

from test_nodes import TABLE  # one example of every node type (kept complete by test_nodes)

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
FIXTURE_V1 = os.path.join(ROOT, "tests", "data", "format_v1.json")

m, n, p, q = ks.dims("m n p q")
c = sympy.Symbol("c", real=True)
d = sympy.Symbol("d")
A, W = ks.MatrixSymbol("A", m, n), ks.MatrixSymbol("W", m, n)
X, Y = ks.MatrixSymbol("X", n, n), ks.MatrixSymbol("Y", n, n)
V = ks.MatrixSymbol("V", p, n)
x = ks.MatrixSymbol("x", n, 1)
v = ks.MatrixSymbol("v", m * n, 1)
Z = ks.MatrixSymbol("Z_1", 2 * m + 1, 3)


def fixture_expr():
    """The expression stored in tests/data/format_v1.json: every core node type, dims
    with assumptions and compound dims, rational / float / symbolic coefficients."""
    return ks.kron(
        A, ks.I(n), ks.zeros(m, 2), ks.ones(p, 1), ks.K(m, n), A @ X, A + W, A - 2 * W,
        sympy.Rational(1, 3) * A, sympy.Float("0.1", 30) * A, (c * d + sympy.sqrt(2)) * A,
        ks.trace(X) * A, ks.trace(X) ** sympy.Rational(3, 2), ks.log(ks.det(X)), A.T,
        ks.vec(A), ks.unvec(v, m, n), ks.inv(X), ks.logdet(X), ks.hadamard(A, W),
        ks.khatri_rao(A, V), ks.kron_sum(X, Y), ks.diag(x), ks.exp(ks.trace(X)),
        ks.sqrt(x.T @ x), Z, sympy.pi * ks.I(3))


# --- exact round trip ---------------------------------------------------------------------
@pytest.mark.parametrize("e", [t[0] for t in TABLE], ids=[t[2] for t in TABLE])
def test_round_trip_every_node_type(e):
    text = ks.to_json(e)
    assert ks.from_json(text) is e
    assert ks.from_json(ks.to_json(e, indent=2)) is e
    assert ks.from_json(json.loads(text)) is e          # an already parsed dict
    assert ks.from_json(text.encode()) is e
    assert pickle.loads(pickle.dumps(e)) is e


def test_every_node_type_has_a_builder():
    """from_json rebuilds each node type with its public constructor (BUILDERS); every
    node type, and the symmetric symbol, has an entry whose parameter count is right."""
    from kronsym.serialize import BUILDERS
    assert {t.__name__ for t in N.NODE_TYPES} | {"SymmetricSymbol"} == set(BUILDERS)
    from kronsym.traverse import postorder
    for e, *_ in TABLE:
        for nd in postorder(e):
            assert len(nd.params) == len(BUILDERS[type(nd).__name__][0]), type(nd)


def test_table_covers_every_node_type():
    from kronsym.traverse import postorder
    seen = {type(nd) for e, *_ in TABLE for nd in postorder(e)}
    assert set(N.NODE_TYPES) <= seen


@pytest.mark.parametrize("coeff", [
    sympy.Rational(1, 3), sympy.Rational(-7, 2), sympy.Float("0.1", 40), sympy.Float(-2.5),
    0.1, 1e-300, sympy.Float(0), c * d + sympy.sqrt(2), sympy.pi * sympy.I, sympy.exp(c) / 3,
    sympy.Mul(2, c + 1, evaluate=False), sympy.Max(c, 1), 10 ** 40 + 1, sympy.E ** 2])
def test_round_trip_coefficients(coeff):
    e = coeff * A
    out = ks.from_json(ks.to_json(e))
    assert out is e
    assert out.coeff == sympy.sympify(coeff) and type(out.coeff) is type(e.coeff)


def test_round_trip_dims_with_assumptions():
    k = sympy.Symbol("k", integer=True, positive=True, even=True)
    r = sympy.Symbol("r", integer=True, positive=True)
    B = ks.MatrixSymbol("B", k * r + 1, 2 ** r)
    out = ks.from_json(ks.to_json(B))
    assert out is B
    assert out.rows.free_symbols == {k, r} and next(iter(out.cols.free_symbols)).is_even is None
    assert k in ks.from_json(ks.to_json(B)).rows.free_symbols


def test_shared_subtrees_written_once_and_structure():
    S = A @ X
    e = S + S @ X + ks.hadamard(S, S)
    doc = json.loads(ks.to_json(e))
    assert doc["kronsym"] == FORMAT_VERSION and doc["root"] == len(doc["nodes"]) - 1
    names = [row[0] for row in doc["nodes"]]
    assert names.count("MatrixSymbol") == 2 and names.count("MatMul") == 2
    assert doc["nodes"][0] == ["MatrixSymbol", ["A", 0, 1], []]
    assert doc["scalars"][:2] == [["Symbol", "m", {"integer": True, "positive": True}],
                                  ["Symbol", "n", {"integer": True, "positive": True}]]
    for k, (_, _, kids) in enumerate(doc["nodes"]):   # post-order: children come first
        assert all(i < k for i in kids)


def test_deep_expression_round_trips():
    e = X
    for i in range(5000):
        e = e.T if i % 2 else ks.inv(e)
    text = ks.to_json(e)
    assert ks.from_json(text) is e
    assert pickle.loads(pickle.dumps(e)) is e


def test_output_is_deterministic_and_compact():
    e = fixture_expr()
    assert ks.to_json(e) == ks.to_json(e)
    assert "\n" not in ks.to_json(e)
    assert json.loads(ks.to_json(e, indent=4)) == json.loads(ks.to_json(e))


# --- the version-1 fixture must load forever --------------------------------------------------
def test_format_v1_fixture_still_loads():
    with open(FIXTURE_V1, encoding="utf-8") as f:
        text = f.read()
    assert ks.from_json(text) is fixture_expr()


def test_writer_still_writes_format_v1():
    """If this fails you changed what the writer produces: if a version-1 reader would
    misread it, bump FORMAT_VERSION, add tests/data/format_v<N>.json and keep
    format_v1.json loading (docs/serialization.md)."""
    if FORMAT_VERSION != 1:
        pytest.skip("the writer is past format 1; format_v1.json is only read")
    with open(FIXTURE_V1, encoding="utf-8") as f:
        assert json.loads(f.read()) == json.loads(ks.to_json(fixture_expr()))


# --- validation ------------------------------------------------------------------------------
GOOD = {"kronsym": 1, "scalars": [["Symbol", "m", {"integer": True, "positive": True}],
                                  ["Integer", 3]],
        "nodes": [["MatrixSymbol", ["A", 0, 1], []], ["Transpose", [], [0]]], "root": 1}


def doc(**changes):
    out = json.loads(json.dumps(GOOD))
    out.update(changes)
    return json.dumps(out)


def test_good_document_loads():
    assert ks.from_json(json.dumps(GOOD)) is ks.MatrixSymbol("A", m, 3).T


@pytest.mark.parametrize("text,match", [
    ("{not json", "not valid JSON"),
    ("[1, 2]", "not a kronsym document"),
    ('{"nodes": []}', "not a kronsym document"),
    ("[" * 100000 + "]" * 100000, "not valid JSON"),
    (doc(kronsym=2), r"written by a newer kronsym \(format 2\); this kronsym reads up to 1"),
    (doc(kronsym="1"), "format version must be a positive integer"),
    (doc(kronsym=True), "format version must be a positive integer"),
    (doc(nodes={}), '"nodes" is missing or not a list'),
    (doc(root=True), '"root" is missing or not a int'),
    (doc(root=7), r'"root": 7 is not the index of an earlier entry \(0..1\)'),
    (doc(extra=1), "unknown key"),
    (doc(nodes=[]), "no nodes"),
    (doc(nodes=[["Frob", [], []]]), r"nodes\[0\]: unknown node type 'Frob'; known: .*Kron"),
    (doc(nodes=[["MatrixSymbol", ["A", 0], []]]),
     r"nodes\[0\] \(MatrixSymbol\) takes 3 parameter\(s\), got 2"),
    (doc(nodes=[["MatrixSymbol", ["A", 0, 1], []], ["Transpose", ["x"], [0]]]),
     r"nodes\[1\] \(Transpose\) takes 0 parameter\(s\), got 1"),
    (doc(nodes=[["MatrixSymbol", ["A", 0, 1], []], ["Transpose", [], [0, 0]]]),
     r"nodes\[1\] \(Transpose\) takes 1 operand\(s\), got 2"),
    (doc(nodes=[["MatrixSymbol", ["A", 0, 1], []], ["MatMul", [], [0]]]),
     r"\(MatMul\) takes at least 2 operand\(s\), got 1"),
    (doc(nodes=[["MatrixSymbol", ["A", 0, 1], []], ["MatMul", [], [0, 0]]]),
     r"nodes\[1\] \(MatMul\): matrix product A @ A: A is m×3, A is m×3"),
    (doc(nodes=[["Transpose", [], [0]]], root=0), r"nodes\[0\] \(Transpose\) child: 0 is not"),
    (doc(nodes=[["MatrixSymbol", ["A", 0, 1], [0]]]), r"\(MatrixSymbol\) takes 0 operand"),
    (doc(nodes=[["MatrixSymbol", ["1A", 0, 1], []]]), "'1A' is not a valid name"),
    (doc(nodes=[["MatrixSymbol", [0, 0, 1], []]]), "must be a string"),
    (doc(nodes=[["MatrixSymbol", ["A", "m", 1], []]]), "must be a scalar index"),
    (doc(nodes=[["MatrixSymbol", ["A", 0, 9], []]]), "parameter 3: 9 is not the index"),
    (doc(nodes=[["MatrixSymbol", ["A", 0, 1.5], []]]), "must be a scalar index"),
    (doc(nodes=[["MatrixSymbol", ["A", 0, 1]]]), r"must be \[type name, \[params\], \[child"),
    (doc(scalars=[["Integer", 0]], nodes=[["Identity", [0], []]], root=0),
     "size of I|must be a positive integer"),
    (doc(scalars=[["Symbol", "c", {"integer": False}]], nodes=[["Identity", [0], []]], root=0),
     "positive integer"),
    (doc(nodes=[["MatrixSymbol", ["A", 0, 1], []], ["ScalarFunc", ["system"], [0]]]),
     "unknown entrywise function 'system'"),
    (doc(scalars=[["__import__", "os"]]), "unknown scalar kind '__import__'"),
    (doc(scalars=[["Symbol", "m", {"integer": "yes"}]]), "assumptions of m"),
    (doc(scalars=[["Symbol", "m", {"evil": True}]]), "assumptions of m"),
    (doc(scalars=[["Integer", "3"]]), r"\(Integer\) needs integers"),
    (doc(scalars=[["Integer"]]), r"\(Integer\) takes 1 item"),
    (doc(scalars=[["Rational", 1, 0]]), "denominator 0"),
    (doc(scalars=[["Add", 0]]), r"\(Add\) argument: 0 is not the index"),
    (doc(scalars=[["Integer", 10], ["Pow", 0]]), r"\(Pow\) takes 2 item"),
    (doc(scalars=[["Integer", 10], ["Integer", 10 ** 9], ["Pow", 0, 1]]), "too large"),
    (doc(scalars=[["Float", 1, 0, 0]]), "precision 0 out of range"),
    (doc(scalars=[5]), r"scalars\[0\] must be a list starting with a kind name"),
])
def test_bad_documents_raise_serialization_error(text, match):
    with pytest.raises(ks.SerializationError, match=match):
        ks.from_json(text)


def test_serialization_error_is_a_kronsym_error():
    assert issubclass(ks.SerializationError, ks.KronsymError)
    assert issubclass(ks.SerializationError, ValueError)


def test_type_errors():
    with pytest.raises(TypeError, match=r"to_json\(expr\): expr must be a kronsym expression"):
        ks.to_json("A")
    with pytest.raises(TypeError, match="indent must be an int"):
        ks.to_json(A, indent="  ")
    with pytest.raises(TypeError, match=r"from_json\(text\): text must be a str, bytes or dict"):
        ks.from_json(3)


def test_unwritable_scalars_are_named():
    with pytest.raises(ks.SerializationError, match="Dummy"):
        ks.to_json(sympy.Dummy("t") * A)
    with pytest.raises(ks.SerializationError, match="cannot write the SymPy"):
        ks.to_json(sympy.gamma(c) * A)


# --- command line ------------------------------------------------------------------------------
def test_cli_format_json_tree_round_trips():
    r = subprocess.run([sys.executable, "-m", "kronsym", "diff", "kron(A, B)", "--wrt", "A",
                        "--let", "A=m,n", "--let", "B=p,q", "--format", "json"],
                       capture_output=True, text=True, env={**os.environ, "PYTHONPATH": ROOT},
                       timeout=120)
    assert r.returncode == 0, r.stderr
    out = json.loads(r.stdout)
    B = ks.MatrixSymbol("B", p, q)
    expected = ks.diff(ks.kron(A, B), A)
    assert out["tree"]["kronsym"] == FORMAT_VERSION
    assert ks.from_json(out["tree"]) is expected
    assert out["result"] == str(expected)
