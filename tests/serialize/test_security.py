"""Issue #13, security items S1–S3, 11 and 12: names are validated wherever they enter,
``from_json`` is exactly as strict as the constructors, and bounded.

Each test builds the forged input the issue describes; on 51687aa every one of them
loaded (or hung), here each is refused with a kronsym error naming the culprit.
"""
import json
import time

import pytest
import sympy

import kronsym as ks
from kronsym import serialize

m, n = ks.dims("m n")

BAD_NAMES = ["_rt[__import__('os').system('echo pwned')]", "n}\\immediate\\write18{ls}\\def\\x{",
             "\\input{/etc/passwd}", "a b", "A.T", "x'", "1A", "", "A" * 101, "Aᵀ", "é\n"]


def doc(scalars=(), nodes=(), root=None):
    nodes = list(nodes)
    return json.dumps({"kronsym": 1, "scalars": list(scalars), "nodes": nodes,
                       "root": len(nodes) - 1 if root is None else root})


def dim_symbol(name):
    return ["Symbol", name, {"integer": True, "positive": True}]


# --- S1: names from every input are validated identifiers ---------------------------
@pytest.mark.parametrize("name", BAD_NAMES)
def test_matrix_names_are_checked_by_every_constructor(name):
    for make in (lambda: ks.MatrixSymbol(name, m, n), lambda: ks.symmetric(name, n)):
        with pytest.raises(ks.InvalidNameError, match="is not a valid name"):
            make()


@pytest.mark.parametrize("name", BAD_NAMES)
def test_dim_names_are_checked_by_every_constructor(name):
    bad = sympy.Symbol(name, integer=True, positive=True) if name else None
    if bad is not None:
        for make in (lambda: ks.I(bad), lambda: ks.MatrixSymbol("A", bad, 2),
                     lambda: ks.K(m, bad + 1), lambda: ks.D(bad), lambda: ks.symmetric("S", bad)):
            with pytest.raises(ks.InvalidNameError, match="is not a valid name"):
                make()
    if name and not any(ch.isspace() or ch == "," for ch in name):
        with pytest.raises(ks.InvalidNameError):
            ks.dims(name)


def test_coefficient_symbol_and_function_names_are_checked():
    A = ks.MatrixSymbol("A", m, n)
    with pytest.raises(ks.InvalidNameError, match="write18"):
        sympy.Symbol("c}\\write18{x") * A
    with pytest.raises(ks.InvalidNameError, match="input"):
        sympy.Function("f\\input")(m) * A
    with pytest.raises(ks.InvalidNameError):
        ks.I(sympy.Function("g}{")(n))
    assert str(sympy.Symbol("c_1") * A) == "c_1*A"       # good names still fine


def test_the_issue_s1_document_is_refused():
    """The dimension named ``_rt[__import__('os').system(...)]`` loaded on 51687aa."""
    text = doc([dim_symbol("_rt[__import__('os').system('echo pwned')]")],
               [["MatrixSymbol", ["X", 0, 0], []], ["Transpose", [], [0]]])
    with pytest.raises(ks.SerializationError, match=r"scalars\[0\].*is not a valid name"):
        ks.from_json(text)


@pytest.mark.parametrize("name", ["a b", "x}\\def", "\\alpha"])
def test_scalar_symbol_names_in_json_are_checked(name):
    text = doc([["Symbol", name, {}], dim_symbol("n")],
               [["MatrixSymbol", ["A", 1, 1], []], ["ScalarMul", [0], [0]]])
    with pytest.raises(ks.SerializationError, match="is not a valid name"):
        ks.from_json(text)


def test_sympy_bridge_checks_dim_and_coefficient_names():
    bad = sympy.Symbol("n m")
    with pytest.raises(ks.InvalidNameError):
        ks.from_sympy(sympy.MatrixSymbol("A", bad, 2))
    with pytest.raises(ks.InvalidNameError):
        ks.from_sympy(sympy.Symbol("c\\x") * sympy.MatrixSymbol("A", 2, 2))


def test_parser_shapes_and_dims_names_are_checked():
    with pytest.raises(ks.InvalidNameError, match="is not a valid name"):
        ks.parse("A", shapes={"A}\\write18{": "2,2"})
    with pytest.raises(ks.ParseError, match="'n²' is not a valid name"):
        ks.parse("A", shapes={"A": "n²,2"})
    with pytest.raises(ks.InvalidNameError):
        ks.parse("A", shapes={"A": "2,2"}, dims=["Aᵀ"])


@pytest.mark.parametrize("let", ["A}\\write18{=2,2", "A=n²,2"])
def test_cli_let_names_are_checked(let, capsys):
    from kronsym import cli
    assert cli.main(["diff", "A", "--wrt", "A", f"--let={let}"]) == 2
    assert "is not a valid name" in capsys.readouterr().err


# --- S2: no TeX control sequence can come out of a name ------------------------------
def test_latex_of_a_forged_document_cannot_inject():
    """On 51687aa this loaded and printed ``I_{n}\\immediate\\write18{...}\\def\\x{}``."""
    text = doc([dim_symbol("n}\\immediate\\write18{ls}\\def\\x{")], [["Identity", [0], []]])
    with pytest.raises(ks.SerializationError, match="is not a valid name"):
        ks.from_json(text)


def test_latex_refuses_a_node_built_around_the_checks():
    """Defence in depth: a node made with the private ``_make`` (as pickle does) still
    cannot print a bad name into LaTeX."""
    from kronsym import nodes as N
    d = sympy.Symbol("n}\\write18{x", integer=True, positive=True)
    bad = N.Identity._make((d,), ())
    with pytest.raises(ks.InvalidNameError, match="write18"):
        ks.latex(bad)
    bad2 = N.MatrixSymbol._make(("A}\\input{/etc/passwd}", sympy.Integer(2), sympy.Integer(2)), ())
    with pytest.raises(ks.InvalidNameError, match="input"):
        ks.latex(bad2 @ bad2)


@pytest.mark.parametrize("name", ["A", "X1", "A_1", "Sigma", "x_ij", "V__", "Σ"])
def test_good_names_print_without_backslash_commands_other_than_greek(name):
    X = ks.MatrixSymbol(name, m, m)
    out = ks.latex(ks.inv(X) @ X.T)
    assert "write" not in out and "input" not in out


# --- S3: bounded work at load ---------------------------------------------------------
def _fast(fn, limit=5.0):
    t = time.perf_counter()
    fn()
    assert time.perf_counter() - t < limit


def test_huge_power_tower_as_a_dim_is_refused_fast():
    """Pow(Pow(2, 10000), 10000) as an Identity's size did not return on 51687aa."""
    text = doc([["Integer", 2], ["Integer", 10000], ["Pow", 0, 1], ["Pow", 2, 1]],
               [["Identity", [3], []]])
    def load():
        with pytest.raises(ks.SerializationError, match=r"scalars\[[23]\].*too large"):
            ks.from_json(text)
    _fast(load)


@pytest.mark.parametrize("scalars", [
    [["Integer", 3], ["Integer", 2], ["Integer", 40], ["Pow", 1, 2], ["Pow", 0, 3]],  # 3**(2**40)
    [dim_symbol("m"), ["Integer", 28629151], ["Pow", 0, 1]],          # issue 17's m**28629151
    [["Integer", 100000], ["exp", 0], ["floor", 1]],                  # floor(e**100000)
    [dim_symbol("m"), ["Integer", 1], ["Add", 0, 1], ["Integer", 5000], ["Pow", 2, 3]],  # (m+1)**5000
    [["Integer", serialize._json_int(2 ** (serialize.MAX_SCALAR_BITS + 1))]],                        # past the number bound
    [["Float", 1, 1_000_000, 53], ["floor", 0]],                      # floor(2.0**1000000)
])
def test_every_number_and_expansion_is_bounded(scalars):
    """Numbers past kronsym.serialize.MAX_SCALAR_BITS (= the parser's bound) are refused."""
    text = doc(scalars, [["Identity", [len(scalars) - 1], []]])
    def load():
        with pytest.raises(ks.SerializationError, match="too large"):
            ks.from_json(text)
    _fast(load)


def test_a_dim_sympy_cannot_evaluate_is_a_dimension_error():
    e = sympy.floor(sympy.exp(1000))
    with pytest.raises(ks.DimensionError):
        ks.I(e)
    with pytest.raises(ks.SerializationError, match="positive integer"):
        ks.from_json(doc([["Integer", 1000], ["exp", 0], ["floor", 1]], [["Identity", [2], []]]))


def test_a_dim_holding_an_infinity_is_refused():
    """Found by bench/fuzz_json.py: L(A + im(oo) + oo) loaded with shape (oo, ...)."""
    a = sympy.Symbol("a", integer=True, positive=True)
    with pytest.raises(ks.DimensionError, match="positive integer"):
        ks.L(a + sympy.im(sympy.oo, evaluate=False) + sympy.oo)
    with pytest.raises(ks.DimensionError, match="infinity"):
        ks.L(sympy.Add(a, sympy.im(sympy.oo, evaluate=False), sympy.oo, evaluate=False))
    text = doc([dim_symbol("a"), ["Infinity"], ["im", 1], ["Add", 0, 2, 1]],
               [["Elimination", [3], []]])
    with pytest.raises(ks.SerializationError, match="infinity"):
        ks.from_json(text)


def test_deeply_nested_scalar_is_refused():
    rows = [dim_symbol("m")] + [["Add", i, 0] for i in range(200)]
    with pytest.raises(ks.SerializationError, match="nesting depth"):
        ks.from_json(doc(rows, [["Identity", [200], []]]))


def test_shared_scalar_billion_laughs_is_refused():
    rows = [dim_symbol("m")] + [["Add", i, i] for i in range(60)]
    with pytest.raises(ks.SerializationError, match="too large"):
        ks.from_json(doc(rows, [["Identity", [60], []]]))


def test_billion_laughs_node_table_is_refused_at_load():
    """x_k = x_{k-1} + x_{k-1}: 1.2 KB that loaded on 51687aa, after which str, latex
    and evaluate never finished."""
    nodes = [["MatrixSymbol", ["A", 0, 0], []]] + [["MatAdd", [], [i, i]] for i in range(60)]
    text = doc([["Integer", 2]], nodes)
    def load():
        with pytest.raises(ks.SerializationError, match="MAX_TREE_NODES"):
            ks.from_json(text)
    _fast(load)


def test_sharing_below_the_limit_still_loads():
    A = ks.MatrixSymbol("A", 2, 2)
    e = A
    for _ in range(12):                      # 2**13 nodes as a tree: far below the limit
        e = e + e
    assert ks.from_json(ks.to_json(e)) is e


def test_growing_kron_shapes_are_refused():
    """Each Kron squares the previous dims: the shape's numbers would double in size."""
    nodes = [["Identity", [0], []]] + [["Kron", [], [i, i]] for i in range(40)]
    with pytest.raises(ks.SerializationError, match="shape"):
        ks.from_json(doc([["Integer", 3]], nodes))


# --- 11: round trips of every node type and constructor-strictness -------------------
def test_symmetric_symbol_round_trips():
    S = ks.symmetric("S", n)
    for e in (S, S @ S, ks.diff(ks.logdet(S), S), ks.vech(S)):
        assert ks.from_json(ks.to_json(e)) is e


def test_symmetric_symbol_must_be_square():
    text = doc([dim_symbol("m"), dim_symbol("n")], [["SymmetricSymbol", ["S", 0, 1], []]])
    with pytest.raises(ks.SerializationError, match="square"):
        ks.from_json(text)


#: (forged document, the equivalent constructor call)
STRICT = [
    (doc([["Integer", -1]], [["Duplication", [0], []]]), lambda: ks.D(-1)),
    (doc([["Rational", -3, 2]], [["Duplication", [0], []]]), lambda: ks.D(sympy.Rational(-3, 2))),
    (doc([["Rational", 3, 2]], [["Identity", [0], []]]), lambda: ks.I(sympy.Rational(3, 2))),
    (doc([["Integer", 0]], [["Elimination", [0], []]]), lambda: ks.L(0)),
    (doc([["Float", 3, 0, 53]], [["Duplication", [0], []]]), lambda: ks.D(sympy.Float(3.0))),
    (doc([["Float", 3, 0, 53]], [["Identity", [0], []]]), lambda: ks.I(sympy.Float(3.0))),
    (doc([["NaN"], ["Integer", 2]], [["MatrixSymbol", ["A", 1, 1], []], ["ScalarMul", [0], [0]]]),
     lambda: sympy.nan * ks.MatrixSymbol("A", 2, 2)),
    (doc([["Infinity"], ["Integer", 2]], [["MatrixSymbol", ["A", 1, 1], []], ["ScalarMul", [0], [0]]]),
     lambda: sympy.oo * ks.MatrixSymbol("A", 2, 2)),
    (doc([["Symbol", "k", {"negative": True}]], [["Identity", [0], []]]),
     lambda: ks.I(sympy.Symbol("k", negative=True))),
    (doc([["Integer", 2], ["Integer", 3]],
         [["MatrixSymbol", ["A", 0, 1], []], ["Inverse", [], [0]]]),
     lambda: ks.inv(ks.MatrixSymbol("A", 2, 3))),
    (doc([["Integer", 2], ["Integer", 3]],
         [["MatrixSymbol", ["A", 0, 1], []], ["MatMul", [], [0, 0]]]),
     lambda: ks.MatrixSymbol("A", 2, 3) @ ks.MatrixSymbol("A", 2, 3)),
    (doc([["Integer", 2]], [["MatrixSymbol", ["A", 0, 0], []], ["ScalarFunc", ["system"], [0]]]),
     lambda: ks.nodes.ScalarFunc("system", ks.MatrixSymbol("A", 2, 2))),
    (doc([["Integer", 2], ["Integer", 5]],
         [["MatrixSymbol", ["A", 1, 0], []], ["Unvec", [0, 0], [0]]]),
     lambda: ks.unvec(ks.MatrixSymbol("A", 5, 2), 2, 2)),
    (doc([["Integer", 4], ["Integer", 3]],
         [["MatrixSymbol", ["A", 0, 0], []], ["TracySingh", [1, 1, 1, 1], [0, 0]]]),
     lambda: ks.tracy_singh(ks.MatrixSymbol("A", 4, 4), ks.MatrixSymbol("A", 4, 4),
                            a_blocks=(3, 3), b_blocks=(3, 3))),
    (doc([["Integer", 2]], [["MatrixSymbol", ["A}\\def", 0, 0], []]]),
     lambda: ks.MatrixSymbol("A}\\def", 2, 2)),
]


@pytest.mark.parametrize("text, construct", STRICT, ids=range(len(STRICT)))
def test_from_json_is_exactly_as_strict_as_the_constructors(text, construct):
    with pytest.raises(Exception) as by_constructor:
        construct()
    assert isinstance(by_constructor.value, (ks.KronsymError, TypeError, ValueError))
    with pytest.raises(ks.SerializationError) as by_json:
        ks.from_json(text)
    cause = by_json.value.__cause__
    if cause is not None:   # refused by the constructor itself: the very same error
        assert type(cause) is type(by_constructor.value)
        assert str(cause) in str(by_json.value)


def test_forged_negative_and_fractional_dims_do_not_load():
    """On 51687aa ``D(-1)`` came back with shape (1, 0) and ``D(-3/2)`` with (9/4, 3/8)."""
    for scal in (["Integer", -1], ["Rational", -3, 2]):
        with pytest.raises(ks.SerializationError, match="positive integer"):
            ks.from_json(doc([scal], [["Duplication", [0], []]]))


# --- 12: NaN coefficients and Float dims ---------------------------------------------
def test_nan_coefficient_is_refused():
    text = doc([["NaN"], ["Integer", 2]],
               [["MatrixSymbol", ["A", 1, 1], []], ["ScalarMul", [0], [0]]])
    with pytest.raises(ks.SerializationError, match="finite"):
        ks.from_json(text)


def test_float_dim_is_refused():
    """``D(3.0)`` loaded with shape (9.0, 6.0) on 51687aa."""
    with pytest.raises(ks.SerializationError, match="float"):
        ks.from_json(doc([["Float", 3, 0, 53]], [["Duplication", [0], []]]))
    with pytest.raises(ks.DimensionError, match="float"):
        ks.D(sympy.Float(3.0))


def test_writer_only_writes_what_the_reader_reads():
    for e in (ks.symmetric("S", 3), ks.vecr(ks.MatrixSymbol("A", m, n)),
              ks.face_split(ks.MatrixSymbol("A", m, n), ks.MatrixSymbol("B", m, 2))):
        names = {row[0] for row in json.loads(ks.to_json(e))["nodes"]}
        assert names <= set(serialize.BUILDERS)
        assert ks.from_json(ks.to_json(e)) is e
