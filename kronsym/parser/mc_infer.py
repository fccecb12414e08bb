"""Shape inference for the matrixcalculus.org language: unify the sizes a text implies.

Owns: ``Inference`` (a union-find over size variables, each free or bound to a value)
and ``infer`` (one iterative post-order walk of the syntax tree of
:mod:`kronsym.parser.mc_syntax`).

Contract: every node gets a shape (two size variables) and the name of the operation
that builds it (``MC_OPS``; :mod:`kronsym.parser.mc_build` maps each to a kronsym
builder). A name's shape comes from ``shapes=`` if declared, else from its first
letter: a–g scalars (1×1), h–z column vectors (n×1), A–Z matrices (m×n). Each free
size is a fresh variable; a product, sum or function merges the variables it needs
equal. A free size is never merged with the literal 1 of a scalar or vector (``x*y``
of two vectors is an error, not a 1×1 ``y``): sizes of 1 are declared. Two sizes that
cannot agree raise a ParseError naming both uses with their columns. After the walk
each remaining free class becomes a fresh positive integer dimension ``n1, n2, ...``
(numbered in order of appearance, avoiding names already used).
"""
from __future__ import annotations

from typing import Dict, List, Mapping, Optional, Set, Tuple

import sympy

from .. import nodes as N
from ..dims import dims_equal
from .lexer import _error, did_you_mean
from .mc_syntax import _McNode, span

__all__ = ["Inference", "infer", "MC_FUNCTIONS", "ENTRYWISE", "MC_OPS"]

#: entrywise functions of the language (numpy semantics; applied entry by entry)
ENTRYWISE = ("exp", "log", "sqrt", "sin", "cos", "tan", "tanh", "arcsin", "arccos", "arctan",
             "abs", "sign", "sigmoid", "relu", "softplus")
_REDUCE = ("sum", "norm1", "norm2")
_SQUARE_SCALAR = {"tr": "trace", "det": "determinant", "logdet": "log-determinant"}
#: every function name the language knows (``eye`` is a bare name: its size is inferred)
MC_FUNCTIONS = tuple(sorted(set(ENTRYWISE) | set(_REDUCE) | set(_SQUARE_SCALAR)
                            | {"inv", "diag", "vector", "matrix"}))
#: the operations a node can be built by (keys of mc_build.BUILDERS)
MC_OPS = ("number", "symbol", "eye", "neg", "transpose", "add", "sub", "matmul", "scale",
          "hadamard", "scale_div", "divide", "rdivide", "power", "matpower", "epower",
          "sum", "norm1", "norm2", "tr", "det", "logdet", "inv", "diag_vector",
          "diag_matrix", "vector", "matrix") + tuple("ew_" + f for f in ENTRYWISE)

_ONE = sympy.Integer(1)
Shape = Tuple[int, int]


class Inference:
    """Size variables: a union-find whose classes are free or bound to a value."""

    def __init__(self, text: str):
        self.text = text
        self.parent: List[int] = []
        self.value: List[Optional[sympy.Expr]] = []
        self.why: List[str] = []
        self.shape: Dict[int, Shape] = {}   # id(node) -> (rows var, cols var)
        self.op: Dict[int, str] = {}        # id(node) -> operation (MC_OPS)
        self.names: Dict[str, Shape] = {}   # name -> its shape
        self.declared: Dict[str, N.MatrixSymbol] = {}
        self.resolved: Dict[int, sympy.Expr] = {}

    # --- variables ---------------------------------------------------------------
    def var(self, value: Optional[sympy.Expr] = None, why: str = "") -> int:
        self.parent.append(len(self.parent))
        self.value.append(value)
        self.why.append(why)
        return len(self.parent) - 1

    def one(self, why: str) -> int:
        return self.var(_ONE, why)

    def find(self, i: int) -> int:
        root = i
        while self.parent[root] != root:
            root = self.parent[root]
        while self.parent[i] != root:   # path compression
            self.parent[i], i = root, self.parent[i]
        return root

    def is_one(self, i: int) -> bool:
        v = self.value[self.find(i)]
        return v is not None and v == 1

    def is_scalar(self, node: _McNode) -> bool:
        r, c = self.shape[id(node)]
        return self.is_one(r) and self.is_one(c)

    def _say(self, root: int) -> str:
        v = self.value[root]
        if v is None:
            return f"a size to infer ({self.why[root]}; inference never makes it 1)"
        return f"{v} ({self.why[root]})" if self.why[root] else str(v)

    def unify(self, a: int, b: int, node: _McNode, what: str, da: str, db: str,
              hint: str = "") -> None:
        """Merge the classes of ``a`` and ``b``; ``what``, ``da``, ``db`` (and ``hint``)
        describe the operation at ``node`` and the two uses for the error message."""
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return
        va, vb = self.value[ra], self.value[rb]
        ok = True
        if va is not None and vb is not None:
            ok = dims_equal(va, vb) is True
        elif (va is not None and va == 1) or (vb is not None and vb == 1):
            ok = False
        if not ok:
            if not hint and (va is None or vb is None):
                hint = ("; a size of 1 must be declared: shapes={'name': (1, 1)} (--let "
                        "name=1,1 on the command line)")
            raise _error(self.text, node.pos, f"{what}: {da} must equal {db}, but the first is "
                                              f"{self._say(ra)} and the second "
                                              f"{self._say(rb)}{hint}")
        if va is None:
            ra, rb = rb, ra
        self.parent[rb] = ra

    def use(self, node: _McNode) -> str:
        return f"{span(self.text, node)} (column {node.start + 1})"

    # --- names ---------------------------------------------------------------------
    def name_shape(self, node: _McNode) -> Shape:
        name = node.text
        if name in self.names:
            return self.names[name]
        if name in self.declared:
            s = self.declared[name]
            why = f"declared for {name}"
            shape = (self.var(sympy.sympify(s.rows), why), self.var(sympy.sympify(s.cols), why))
        elif "a" <= name[0] <= "g":
            why = f"{name} is a scalar: names a–g are scalars"
            shape = (self.one(why), self.one(why))
        elif "h" <= name[0] <= "z":
            shape = (self.var(None, f"the length of the vector {name}"),
                     self.one(f"{name} is a column vector: names h–z are vectors"))
        else:
            shape = (self.var(None, f"the rows of {name}"), self.var(None, f"the columns of {name}"))
        self.names[name] = shape
        return shape

    # --- the end: fresh dims ---------------------------------------------------------
    def resolve_all(self, taken: Set[str]) -> None:
        k = 0
        fresh: Dict[int, sympy.Expr] = {}
        for i in range(len(self.parent)):
            root = self.find(i)
            v = self.value[root]
            if v is None:
                if root not in fresh:
                    k += 1
                    while f"n{k}" in taken:
                        k += 1
                    fresh[root] = sympy.Symbol(f"n{k}", integer=True, positive=True)
                v = fresh[root]
            self.resolved[i] = v

    def dims_of(self, node: _McNode) -> Tuple[sympy.Expr, sympy.Expr]:
        r, c = self.shape[id(node)]
        return self.resolved[r], self.resolved[c]


def infer(text: str, tree: _McNode, declared: Mapping[str, N.MatrixSymbol]) -> Inference:
    """Shapes and build operations for every node of ``tree`` (see the module docstring).

    >>> from kronsym.parser.mc_syntax import mc_syntax
    >>> inf = infer("A*x", mc_syntax("A*x"), {})
    >>> inf.resolve_all(set())
    >>> sorted((k, tuple(inf.resolved[v] for v in s)) for k, s in inf.names.items())
    [('A', (n1, n2)), ('x', (n2, 1))]
    """
    inf = Inference(text)
    inf.declared = dict(declared)
    stack: List[Tuple[_McNode, bool]] = [(tree, False)]
    while stack:
        node, done = stack.pop()
        if not done:
            stack.append((node, True))
            for kid in reversed(node.kids):
                stack.append((kid, False))
            continue
        _infer_node(inf, node)
    return inf


def _infer_node(inf: Inference, node: _McNode) -> None:
    text, kind = inf.text, node.kind
    key = id(node)
    if kind == "num":
        inf.shape[key], inf.op[key] = (inf.one("a number"), inf.one("a number")), "number"
        return
    if kind == "name":
        if node.text == "eye":
            n = inf.var(None, "the size of eye")
            inf.shape[key], inf.op[key] = (n, n), "eye"
        elif node.text in MC_FUNCTIONS:
            raise _error(text, node.pos, f"{node.text} is a function: write {node.text}(...)")
        else:
            inf.shape[key], inf.op[key] = inf.name_shape(node), "symbol"
        return
    kids = node.kids
    if kind == "neg":
        inf.shape[key], inf.op[key] = inf.shape[id(kids[0])], "neg"
        return
    if kind == "T":
        r, c = inf.shape[id(kids[0])]
        inf.shape[key], inf.op[key] = (c, r), "transpose"
        return
    if kind == "call":
        _infer_call(inf, node)
        return
    _infer_binary(inf, node)


def _same_shape(inf: Inference, node: _McNode, what: str) -> Shape:
    l, r = node.kids
    (lr, lc), (rr, rc) = inf.shape[id(l)], inf.shape[id(r)]
    inf.unify(lr, rr, node, what, f"the rows of {inf.use(l)}", f"the rows of {inf.use(r)}")
    inf.unify(lc, rc, node, what, f"the columns of {inf.use(l)}", f"the columns of {inf.use(r)}")
    return lr, lc


def _infer_binary(inf: Inference, node: _McNode) -> None:
    op, (l, r) = node.text, node.kids
    key, text = id(node), inf.text
    ls, rs = inf.is_scalar(l), inf.is_scalar(r)
    lshape, rshape = inf.shape[id(l)], inf.shape[id(r)]
    what = f"{span(text, node)}"
    if op in ("+", "-"):
        if ls != rs:
            s, m = (l, r) if ls else (r, l)
            raise _error(text, node.pos, f"'{op}' of the scalar {inf.use(s)} and the non-scalar "
                                         f"{inf.use(m)}: write {span(text, s)}*matrix(1) or "
                                         f"{span(text, s)}*vector(1) for a constant matrix")
        inf.shape[key] = _same_shape(inf, node, f"sum {what}")
        inf.op[key] = "add" if op == "+" else "sub"
    elif op in ("*", ".*"):
        if ls or rs:
            inf.shape[key], inf.op[key] = (rshape if ls else lshape), "scale"
        elif op == "*":
            hint = ""
            if inf.is_one(lshape[1]) and inf.is_one(rshape[1]):
                lt = span(text, l) if l.kind == "name" or l.paren else f"({span(text, l)})"
                hint = f"; a product of two column vectors: did you mean {lt}'*{span(text, r)}?"
            inf.unify(lshape[1], rshape[0], node, f"matrix product {what}",
                      f"the columns of {inf.use(l)}", f"the rows of {inf.use(r)}", hint)
            inf.shape[key], inf.op[key] = (lshape[0], rshape[1]), "matmul"
        else:
            inf.shape[key] = _same_shape(inf, node, f"entrywise product {what}")
            inf.op[key] = "hadamard"
    elif op in ("/", "./"):
        if rs:
            inf.shape[key], inf.op[key] = lshape, "scale_div"
        elif op == "/":
            raise _error(text, node.pos, f"'/' divides by a scalar; {inf.use(r)} is not a "
                                         f"scalar (use './' for entrywise division)")
        elif ls:
            inf.shape[key], inf.op[key] = rshape, "rdivide"
        else:
            inf.shape[key] = _same_shape(inf, node, f"entrywise division {what}")
            inf.op[key] = "divide"
    else:  # ^ .^
        if not rs:
            raise _error(text, node.pos, f"the exponent {inf.use(r)} must be a scalar")
        if ls:
            inf.shape[key], inf.op[key] = lshape, "power"
        elif op == "^":
            inf.unify(lshape[0], lshape[1], node, f"matrix power {what} needs a square matrix (an "
                      "entrywise power is .^)",
                      f"the rows of {inf.use(l)}", "its columns")
            inf.shape[key], inf.op[key] = lshape, "matpower"
        else:
            inf.shape[key], inf.op[key] = lshape, "epower"


def _infer_call(inf: Inference, node: _McNode) -> None:
    name, kids, key, text = node.text, node.kids, id(node), inf.text
    if name not in MC_FUNCTIONS:
        hint = " (its size is inferred: write eye, without parentheses)" if name == "eye" else ""
        hint = hint or did_you_mean(name, MC_FUNCTIONS, "()")
        raise _error(text, node.pos, f"unknown function {name}(){hint}; the functions are: "
                                     f"{', '.join(MC_FUNCTIONS)}")
    if len(kids) != 1:
        raise _error(text, node.pos, f"{name}() takes 1 argument, got {len(kids)}")
    x = kids[0]
    r, c = inf.shape[id(x)]
    one = inf.one(f"{name}(...) is a scalar")
    if name in ENTRYWISE:
        inf.shape[key], inf.op[key] = (r, c), "ew_" + name
    elif name in _REDUCE:
        inf.shape[key], inf.op[key] = (one, one), name
    elif name in _SQUARE_SCALAR or name == "inv":
        inf.unify(r, c, node, f"{name}(...) needs a square matrix", f"the rows of {inf.use(x)}",
                  "its columns")
        inf.shape[key] = (one, one) if name != "inv" else (r, r)
        inf.op[key] = name
    elif name == "diag":
        if inf.is_one(c):   # a column vector (or 1×1): the diagonal matrix
            inf.shape[key], inf.op[key] = (r, r), "diag_vector"
        else:
            inf.unify(r, c, node, "diag(...) of a matrix needs a square matrix (or a column "
                      "vector)", f"the rows of {inf.use(x)}", "its columns")
            inf.shape[key] = (r, inf.one("diag(X) of a matrix is a column vector"))
            inf.op[key] = "diag_matrix"
    else:  # vector, matrix: sizes inferred
        if not inf.is_scalar(x):
            raise _error(text, node.pos, f"{name}(c) takes a scalar c (every entry), got "
                                         f"{inf.use(x)}")
        rows = inf.var(None, f"the length of {span(text, node)}" if name == "vector"
                       else f"the rows of {span(text, node)}")
        cols = inf.one("vector(...) is a column vector") if name == "vector" else \
            inf.var(None, f"the columns of {span(text, node)}")
        inf.shape[key], inf.op[key] = (rows, cols), name
