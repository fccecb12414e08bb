"""The matrixcalculus.org language, the last step: inferred syntax tree -> kronsym expression.

Owns: ``BUILDERS`` (each operation of :data:`kronsym.parser.mc_infer.MC_OPS` -> the name
of the public kronsym builder that makes it) and ``parse_mc`` (check the text and the declared shapes, mc_syntax -> infer -> build).

Contract: nodes are made only by the public builders named in ``BUILDERS``, looked up
in :mod:`kronsym.build` and its entrywise and reduction parts, or by the constructors the
default parser uses (sums, products and entrywise products, collected as chains). A
refusal of a constructor is a
ParseError (or ShapeError) at the column of the node. The walk is iterative; ``+``/``-``
and ``*`` chains are collected and built once (linear in the length of the chain).
Numbers stay SymPy numbers until they meet a matrix (bounded by :mod:`kronsym.bignum`).
"""
from __future__ import annotations

import operator
from typing import Any, Callable, Dict, Iterable, List, Mapping, Optional, Tuple

import sympy

from .. import build as B
from .. import build_entrywise as BE
from .. import build_reductions as BR
from .. import nodes as N
from ..nodes import operators as O
from ..bignum import check_exponent, scalar_op
from ..errors import KronsymError, ParseError, ShapeError
from .lexer import _error
from .meaning import _Chain, _extend, _number, _number_power, _side
from .mc_infer import ENTRYWISE, Inference, infer
from .mc_syntax import _McNode, mc_syntax, span
from .shapes import _check_text, _names

__all__ = ["BUILDERS", "parse_mc"]

#: operation -> the public kronsym builder (``ks.NAME``; ``operator /`` and ``operator **``
#: are the Python operators of the API: ``X / Y``, ``c / X``, ``X ** k``)
BUILDERS: Dict[str, str] = {
    "transpose": "transpose", "inv": "inv",
    "tr": "trace", "det": "det", "logdet": "logdet", "sum": "sum", "norm1": "norm1",
    "norm2": "norm2", "diag_vector": "diag", "diag_matrix": "diag", "epower": "power",
    "divide": "operator /", "rdivide": "operator /", "matpower": "operator **",
    "vector": "ones", "matrix": "ones", "eye": "I",
}
BUILDERS.update({"ew_" + f: f for f in ENTRYWISE})
_MAX_UNROLLED_POWER = 16


def _public(name: str) -> Callable:
    """The public builder ``ks.NAME`` (kept in build, build_entrywise, build_reductions;
    ``ks.abs`` is ``build_entrywise.abs_``)."""
    for mod in (B, BE, BR):
        fn = getattr(mod, name, None) or getattr(mod, name + "_", None)
        if fn is not None:
            return fn
    raise KeyError(f"mc parser: no public builder {name!r}")   # pragma: no cover - tested table


def _builder(op: str) -> Callable:
    """The builder of ``op`` (a 1×1 argument takes the same entrywise builder)."""
    name = BUILDERS[op]
    if name.startswith("operator "):
        return {"/": operator.truediv, "**": operator.pow}[name[9:]]
    return _public(name)


def _is_num(v) -> bool:
    return not isinstance(v, N.Expr)


def _expr(v) -> N.Expr:
    return v if isinstance(v, N.Expr) else B.scalar(v)


def _times(l, r):
    """l * r where one side is a scalar (a number or a 1×1 expression)."""
    if _is_num(l) and _is_num(r):
        return scalar_op("*", l, r)
    if _is_num(l):
        return N.ScalarMul(l, r)
    if _is_num(r):
        return N.ScalarMul(r, l)
    return O._times(l, r)


def _nonzero(c) -> None:
    if c == 0 or getattr(c, "is_zero", False):
        raise ValueError("division by zero")


def _op_value(inf: Inference, node: _McNode, kids: List[Any],
              symbols: Mapping[str, N.Expr]) -> Any:
    op = inf.op[id(node)]
    if op == "number":
        return _number(node.text)
    if op == "symbol":
        return symbols[node.text]
    if op == "eye":
        return _builder("eye")(inf.dims_of(node)[0])
    if op in ("vector", "matrix"):
        rows, cols = inf.dims_of(node)
        c = kids[0]
        if _is_num(c) and c == 0:
            return B.zeros(rows, cols)
        ones = _builder(op)(rows, cols)
        return ones if _is_num(c) and c == 1 else _times(c, ones)
    if op == "neg":
        x = kids[0]
        return -x if _is_num(x) else O._negated(x)
    if op == "transpose":
        return kids[0] if _is_num(kids[0]) else _builder(op)(kids[0])
    if op in ("add", "sub"):
        l, r = kids
        if _is_num(l) and _is_num(r):
            return scalar_op("+" if op == "add" else "-", l, r)
        r = _expr(r)
        if op == "sub":
            r = O._negated(r)
        return _extend(N.MatAdd, l if isinstance(l, _Chain) else _expr(l), r)
    if op in ("matmul", "scale", "hadamard"):
        return _product(op, *kids)
    if op == "scale_div":
        l, r = kids
        if _is_num(r):
            _nonzero(r)
            return scalar_op("/", l, r) if _is_num(l) else \
                N.ScalarMul(scalar_op("/", sympy.Integer(1), r), l)
        return _times(l, N.Power(r, -1))
    if op in ("divide", "rdivide", "epower"):
        return _builder(op)(*kids)
    if op == "power":
        return _power(*kids)
    if op == "matpower":
        return _matpower(inf, node, *kids)
    if op.startswith("ew_"):
        x = kids[0]
        return _builder(op)(_expr(x))
    # sum norm1 norm2 tr det logdet inv diag_vector diag_matrix
    return _builder(op)(_expr(kids[0]))


def _product(op: str, l, r):
    """``*`` and ``.*``: products of matrices (and of 1×1 expressions) extend the chain
    on their left, so that ``a*a*...*a`` and ``x.*x.*...`` are built once."""
    if isinstance(l, _Chain):
        cls = N.Hadamard if op == "hadamard" else N.MatMul
        last = l.items[-1]
        if l.cls is cls and (op != "scale" or (isinstance(r, N.Expr) and r.is_scalar and
                                               l.items[0].rows == 1 and last.cols == 1)):
            return _extend(cls, l, r)
        l = l.build()
    if op == "hadamard":
        return _extend(N.Hadamard, l, r)
    if op == "matmul" or (op == "scale" and isinstance(l, N.Expr) and isinstance(r, N.Expr)
                          and l.is_scalar and r.is_scalar):
        return _extend(N.MatMul, l, r)
    return _times(l, r)


def _power(l, r):
    if not _is_num(r):
        try:
            return _builder("epower")(_expr(l), r)
        except (TypeError, ValueError) as e:   # ks.power takes a number exponent
            why = str(e).split("\n")[0]
        raise ParseError(f"a power a^b whose exponent is an expression ({r}) is not supported: "
                         f"{why}")
    if _is_num(l):
        return _number_power(l, r)
    check_exponent(r)
    return N.Power(l, r)


def _matpower(inf: Inference, node: _McNode, x: N.Expr, k) -> N.Expr:
    if _is_num(k) and k.is_Integer:
        k = int(k)
        if k == 1:
            return x
        if k == -1:
            return B.inv(x)
        if k == 0:
            return B.I(x.rows)
        try:
            return _builder("matpower")(x, k)
        except TypeError:   # today's '**' is for 1×1 expressions: unroll small powers
            if abs(k) > _MAX_UNROLLED_POWER:
                raise ParseError(f"the matrix power {span(inf.text, node)} is not supported yet "
                                 f"for |k| > {_MAX_UNROLLED_POWER} (kronsym has no matrix "
                                 f"power node yet, issue 15)") from None
            prod = B.matmul(*([x] * abs(k)))
            return prod if k > 0 else B.inv(prod)
    raise ValueError(f"the matrix power {span(inf.text, node)} needs an integer exponent (a "
                     f"number like 2 or -1); for an entrywise power write .^")


_CHAIN_OPS = {"add": "+", "sub": "+", "matmul": "*", "scale": "*", "hadamard": ".*"}


def _continues(inf: Inference, node: _McNode, k: int) -> bool:
    """Is child ``k`` of ``node`` the left part of a chain that ``node`` extends?"""
    group = _CHAIN_OPS.get(inf.op.get(id(node), ""))
    if k != 0 or group is None:
        return False
    kid = node.kids[0]
    return not kid.paren and _CHAIN_OPS.get(inf.op.get(id(kid), "")) == group


def _build(inf: Inference, tree: _McNode, symbols: Mapping[str, N.Expr]):
    text = inf.text
    vals: Dict[int, Any] = {}
    stack: List[Tuple[_McNode, bool, bool]] = [(tree, False, False)]
    while stack:
        node, inner, done = stack.pop()
        if not done:
            stack.append((node, inner, True))
            for k in range(len(node.kids) - 1, -1, -1):
                stack.append((node.kids[k], _continues(inf, node, k), False))
            continue
        kids = [vals.pop(id(k)) for k in node.kids]
        kids = [k.build() if isinstance(k, _Chain) and not _continues(inf, node, i) else k
                for i, k in enumerate(kids)]
        try:
            v = _op_value(inf, node, kids, symbols)
            if not inner and isinstance(v, _Chain):
                v = v.build()
            vals[id(node)] = v
        except ShapeError as e:
            raise _error(text, node.pos, str(e).split("\n")[0], type(e), cause=e) from None
        except (TypeError, ValueError) as e:
            if isinstance(e, KronsymError) and hasattr(e, "column"):
                raise
            raise _error(text, node.pos, str(e).split("\n")[0], cause=e) from None
    return vals[id(tree)]


def _names_in(tree: _McNode) -> Iterable[str]:
    stack = [tree]
    while stack:
        n = stack.pop()
        if n.kind == "name":
            yield n.text
        stack.extend(n.kids)


def parse_mc(text: str, shapes: Optional[Mapping] = None, *, dims: Iterable = (),
             fn: str = "parse") -> N.Expr:
    """The kronsym expression of ``text`` in the matrixcalculus.org language (what
    ``ks.parse(text, shapes, syntax="matrixcalculus")`` calls).

    >>> e = parse_mc("0.5*x'*A*x")
    >>> print(e)
    (0.5*x.T) @ A @ x
    >>> e.shape
    (1, 1)
    >>> parse_mc("A*x", {"A": (2, "n")}).children[1].shape
    (n, 1)
    """
    _check_text(text, fn=fn)
    names = _names(shapes, dims, (), fn)
    declared = dict(names.matrices)
    tree = mc_syntax(text)
    inf = infer(text, tree, declared)
    used = set(_names_in(tree))
    taken = used | set(names.dims)
    for s in declared.values():
        taken |= {d.name for d in (sympy.sympify(s.rows).free_symbols |
                                   sympy.sympify(s.cols).free_symbols)}
    inf.resolve_all(taken)
    symbols: Dict[str, N.Expr] = {}
    for name, (r, c) in sorted(inf.names.items()):
        if name in declared:
            symbols[name] = declared[name]
            continue
        try:
            symbols[name] = N.MatrixSymbol(name, inf.resolved[r], inf.resolved[c])
        except (TypeError, ValueError) as e:
            pos = text.find(name)
            raise _error(text, max(pos, 0), str(e).split("\n")[0], cause=e) from None
    return _side(_build(inf, tree, symbols), text, tree.pos)
