"""One-way imports around the node base class (issue 14).

The base class ``Expr`` defines the operators and ``__str__``; the printers
and the operator bodies must not import the node family modules back, or the
node package, the operators and printing close one import circle. These tests
read the modules' own import statements (with ``ast``) and check the late
bindings that replace the imports: the class registry and the printers'
dispatch by class name along the MRO.
"""
from __future__ import annotations

import ast
import importlib
import pathlib

import pytest

import kronsym as ks
from kronsym import nodes as N
from kronsym.nodes.registry import node_class, register_class
from kronsym.printing.precedence import entry, is_a

# the modules (``kronsym.printing.text`` as an attribute is the function)
text_mod = importlib.import_module("kronsym.printing.text")
latex_mod = importlib.import_module("kronsym.printing.latex")

PKG = pathlib.Path(ks.__file__).parent


def _kronsym_imports(path: pathlib.Path) -> set[str]:
    """The kronsym modules a file imports (absolute dotted names), lazy ones included."""
    rel = path.relative_to(PKG.parent).with_suffix("")
    here = list(rel.parts[:-1])
    out = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom):
            base = here[:len(here) - node.level + 1] if node.level else []
            mod = ".".join(base + ([node.module] if node.module else []))
            if node.module is None or node.level:
                for a in node.names:
                    out.add(f"{mod}.{a.name}" if node.module is None else mod)
            elif mod.startswith("kronsym"):
                out.add(mod)
        elif isinstance(node, ast.Import):
            out |= {a.name for a in node.names if a.name.startswith("kronsym")}
    return out


FAMILY = {"kronsym.nodes", "kronsym.nodes.leaves", "kronsym.nodes.products",
          "kronsym.nodes.unary", "kronsym.nodes.structured", "kronsym.build"}


@pytest.mark.parametrize("name", ["text", "latex", "precedence", "fragments", "derivation"])
def test_printing_imports_no_node_module(name):
    got = _kronsym_imports(PKG / "printing" / f"{name}.py")
    bad = sorted(m for m in got if m in FAMILY or m == "kronsym.nodes.expr")
    assert not bad, f"kronsym/printing/{name}.py imports {bad}: key its tables by class name"


def test_operator_bodies_import_no_node_class():
    got = _kronsym_imports(PKG / "nodes" / "operators.py")
    # expr: for the annotations only; checks: the shared shape checks (no node class)
    assert got <= {"kronsym.dims", "kronsym.errors", "kronsym.nodes.registry",
                   "kronsym.nodes.checks", "kronsym.nodes.expr"}, got
    src = (PKG / "nodes" / "operators.py").read_text()
    assert "if TYPE_CHECKING:" in src and src.count("from .expr import") == 1


def test_expr_imports_printing_only_lazily():
    tree = ast.parse((PKG / "nodes" / "expr.py").read_text())
    top = set()
    for node in tree.body:
        if isinstance(node, ast.ImportFrom):
            top.add(node.module)
    assert not any(m and "printing" in m for m in top), top


def test_registry_holds_every_node_class():
    for cls in (*N.NODE_TYPES, N.SymmetricSymbol, N.Expr):
        assert node_class(cls.__name__) is cls


def test_registry_names_an_unknown_class():
    with pytest.raises(KeyError, match="no node class named 'Nope'"):
        node_class("Nope")


def test_registry_refuses_two_classes_of_one_name():
    fake = type("MatMul", (), {"__module__": "kronsym.elsewhere"})
    with pytest.raises(TypeError, match="two node classes are named MatMul"):
        register_class(fake)
    assert node_class("MatMul") is N.MatMul


def test_a_users_subclass_is_not_registered_and_prints_as_its_parent():
    class Mine(N.MatrixSymbol):
        __slots__ = ()
    with pytest.raises(KeyError):
        node_class("Mine")
    X = Mine("X", 2, 3)
    assert is_a(X, "MatrixSymbol") and not is_a(X, "Transpose")
    assert entry(text_mod.TEXT, X) is text_mod.TEXT["MatrixSymbol"]
    assert str(X.T) == "X.T" and ks.latex(X.T) == "X^{\\top}"
    assert type(X @ X.T) is N.MatMul and type(2 * X - X) is N.MatAdd


def test_symmetric_symbol_finds_its_own_entry():
    S = ks.symmetric("S", 3)
    assert entry(text_mod.TEXT, S) is text_mod.TEXT["SymmetricSymbol"]
    assert entry(latex_mod.LATEX, S) is latex_mod.LATEX["SymmetricSymbol"]


def test_register_by_class_or_name():
    saved = dict(text_mod.TEXT)
    try:
        text_mod.register(N.Vec, lambda node, kids: f"VEC[{kids[0]}]")
        assert str(ks.vec(ks.MatrixSymbol("Z9", 2, 2))) == "VEC[Z9]"
        assert "Vec" in text_mod.TEXT and N.Vec not in text_mod.TEXT
    finally:
        text_mod.TEXT.clear()
        text_mod.TEXT.update(saved)


@pytest.mark.parametrize("f", [ks.latex, text_mod.text])
@pytest.mark.parametrize("bad", [1, "A", ks.dims("m")[0]])
def test_printers_refuse_what_is_not_an_expression(f, bad):
    with pytest.raises(TypeError, match="must be a kronsym expression, got"):
        f(bad)


def test_missing_printer_names_the_node_type():
    saved = dict(latex_mod.LATEX)
    try:
        del latex_mod.LATEX["Vec"]
        with pytest.raises(NotImplementedError, match="no LaTeX printer for node type Vec"):
            ks.latex(ks.vec(ks.MatrixSymbol("Z8", 2, 2)))
    finally:
        latex_mod.LATEX.clear()
        latex_mod.LATEX.update(saved)
