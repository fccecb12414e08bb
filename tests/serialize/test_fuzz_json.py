"""Fuzzing ``ks.from_json`` with forged documents (hypothesis; issue #13's adversarial pass).

Documents are built from the format's own vocabulary, so most of them get past the
JSON layer: random scalar rows (every kind, numbers at and beyond the limits, good and
bad names, random assumptions, references forward and backward) and random node rows
(every type, wrong arities, parameters of the wrong kind, children anywhere), plus
mutations of real documents. Contract checked on each: ``from_json`` returns an
expression or raises ``ks.SerializationError`` (never another exception) within
``SECONDS``; a returned expression is one the constructors could build (every shape
a positive integer expression without floats, every name valid), prints as text and
LaTeX, and round-trips (``from_json(to_json(e)) is e``). The atheris harness
``bench/fuzz_json.py`` is the long, coverage-guided run.
"""
import json
import time

from hypothesis import given, strategies as st

import kronsym as ks
from kronsym import serialize
from kronsym.names import is_name
from kronsym.traverse import postorder

SECONDS = 10

NAMES = ["A", "B", "X", "m", "n", "c", "S", "Sigma", "A_1", "a b", "n}\\write18{x}", "_x",
         "1A", "", "Aᵀ", "x'", "é", "A" * 101]
INTS = [0, 1, 2, 3, -1, -2, 5, 10 ** 4, 2 ** 64, -(2 ** 100), 28629151, 2 ** 10000,
        2 ** 10001]
KINDS = (["Symbol", "Integer", "Rational", "Float", "Add", "Mul", "Pow"] +
         list(serialize.FUNCTIONS) + list(serialize.CONSTANTS) + ["Bogus"])
ASSUMPTIONS = [{}, {"integer": True, "positive": True}, {"integer": True}, {"positive": True},
               {"negative": True}, {"integer": True, "positive": False}, {"real": True},
               {"commutative": False}, {"zero": True}, {"bogus": True}, {"integer": 1}]
JUNK = [None, 1.5, True, "x", [], {}, -1, 10 ** 6]


def junk():
    return st.sampled_from(JUNK)


@st.composite
def scalar_row(draw, k):
    kind = draw(st.sampled_from(KINDS))
    ref = st.integers(min_value=-1, max_value=k + 1) if k else st.integers(-1, 1)
    if kind == "Symbol":
        row = [kind, draw(st.sampled_from(NAMES)), draw(st.sampled_from(ASSUMPTIONS))]
    elif kind in ("Integer", "Rational", "Float"):
        nargs = {"Integer": 1, "Rational": 2, "Float": 3}[kind] + draw(st.sampled_from([0, 0, 0, -1, 1]))
        row = [kind] + [draw(st.sampled_from(INTS) | st.integers(-50, 50)) for _ in range(max(nargs, 0))]
    elif kind in serialize.CONSTANTS:
        row = [kind]
    else:
        row = [kind] + draw(st.lists(ref, min_size=0, max_size=4))
    if draw(st.integers(0, 30)) == 0:
        row.append(draw(junk()))
    return row


NODE_TYPES = sorted(serialize.BUILDERS) + ["Frob", "Expr"]


@st.composite
def node_row(draw, k, nscalars):
    name = draw(st.sampled_from(NODE_TYPES))
    kinds, nkids, _ = serialize.BUILDERS.get(name, ((), 1, None))
    if draw(st.integers(0, 9)) == 0:          # wrong arity now and then
        kinds = kinds + ("dim",) if draw(st.booleans()) else kinds[:-1]
    params = []
    for kind in kinds:
        if kind in ("name", "func"):
            params.append(draw(st.sampled_from(NAMES + list(ks.nodes.SCALAR_FUNCS) + ["system"])))
        else:
            params.append(draw(st.integers(-1, max(nscalars, 1))))
        if draw(st.integers(0, 20)) == 0:
            params[-1] = draw(junk())
    n = nkids if nkids is not None else draw(st.integers(2, 4))
    n = max(0, n + draw(st.sampled_from([0, 0, 0, 0, 0, -1, 1])))
    kids = [draw(st.integers(-1, k)) for _ in range(n)]   # mostly earlier, sometimes forward
    return [name, params, kids]


@st.composite
def documents(draw):
    ns = draw(st.integers(0, 8))
    scalars = [draw(scalar_row(k)) for k in range(ns)]
    nn = draw(st.integers(0, 8))
    nodes = [draw(node_row(k, ns)) for k in range(nn)]
    doc = {"kronsym": 1, "scalars": scalars, "nodes": nodes,
           "root": draw(st.integers(-1, nn)) if draw(st.integers(0, 9)) == 0 else nn - 1}
    if draw(st.integers(0, 30)) == 0:
        doc[draw(st.sampled_from(["kronsym", "extra", "root"]))] = draw(junk())
    return doc


def check(doc):
    """The contract; returns the loaded expression or None."""
    t = time.perf_counter()
    try:
        e = ks.from_json(doc)
    except ks.SerializationError:
        assert time.perf_counter() - t < SECONDS
        return None
    assert isinstance(e, ks.Expr)
    for nd in postorder(e):
        for d in nd.shape:
            assert not d.has(__import__("sympy").Float), (nd, d)
            assert d.is_integer is not False and d.is_positive is not False, (nd, d)
            assert all(is_name(s.name) for s in d.free_symbols)
        if isinstance(nd, ks.MatrixSymbol):
            assert is_name(nd.name)
    str(e), ks.latex(e)
    assert ks.from_json(ks.to_json(e)) is e
    assert time.perf_counter() - t < SECONDS
    return e


@given(documents())
def test_forged_documents_load_or_raise_serialization_error(doc):
    check(doc)
    check(json.dumps(doc))        # the same as text


REAL = []


def _real_docs():
    if not REAL:
        m, n = ks.dims("m n")
        A, X, S = ks.MatrixSymbol("A", m, n), ks.MatrixSymbol("X", n, n), ks.symmetric("S", n)
        for e in (ks.kron(A, A.T) / 2, ks.diff(ks.logdet(X), X), ks.D(n) @ ks.vech(S),
                  ks.tracy_singh(A, A, a_blocks=(1, 1), b_blocks=(1, 1)),
                  __import__("sympy").Rational(3, 7) * ks.unvec(ks.vec(A), m, n)):
            REAL.append(json.loads(ks.to_json(e)))
    return REAL


@given(st.data())
def test_mutated_real_documents(data):
    doc = json.loads(json.dumps(data.draw(st.sampled_from(_real_docs()))))
    for _ in range(data.draw(st.integers(1, 4))):
        table = data.draw(st.sampled_from(["scalars", "nodes"]))
        if not doc[table]:
            continue
        i = data.draw(st.integers(0, len(doc[table]) - 1))
        row = doc[table][i]
        value = data.draw(st.sampled_from(JUNK + NAMES + INTS + KINDS + NODE_TYPES) |
                          st.integers(-2, 9))
        if not isinstance(row, list) or not row:
            doc[table][i] = value
            continue
        j = data.draw(st.integers(0, len(row) - 1))
        if isinstance(row[j], list) and row[j]:
            row[j][data.draw(st.integers(0, len(row[j]) - 1))] = value
        else:
            row[j] = value
    check(doc)
