"""Lossless, versioned JSON form of an expression: ``ks.to_json`` / ``ks.from_json``.

Owns: the JSON format below, its writer, its validating reader, and the reader's
limits (``MAX_*``) and constructor table (``BUILDERS``).

Contract: ``from_json(to_json(e)) is e`` for every expression (nodes are
interned), including symmetric symbols, dimensions with assumptions and
rational, float and symbolic coefficients. Nothing here recurses over an
expression and nothing is ``eval``-ed or ``sympify``-ed: SymPy objects are
rebuilt from a short list of allowed constructors, and every node by its
public constructor (``BUILDERS``), so a document is exactly as strict as the
Python API (names, dims, coefficients, shapes). ``from_json`` is safe on
untrusted text: it returns an expression or raises
:class:`~kronsym.errors.SerializationError` naming the entry (the
constructor's error as ``__cause__``), and it refuses, before doing the work,
numbers, scalars, shapes and trees beyond the ``MAX_*`` limits (see
docs/serialization.md for what each bounds). The output is deterministic (no
hash order): the same expression gives the same text in every process.

Format, version 1 (``FORMAT_VERSION``)
--------------------------------------
A JSON object ``{"kronsym": 1, "scalars": [...], "nodes": [...], "root": i}``.

``scalars`` is a flat table of SymPy expressions (dimensions, coefficients,
exponents), each entry a list whose first item names its kind, children
first; a later entry refers to an earlier one by its index:

* ``["Symbol", name, {assumption: true|false, ...}]`` (the assumptions the
  symbol was created with, e.g. ``{"integer": true, "positive": true}``)
* ``["Integer", k]``, ``["Rational", p, q]`` (an int over 10 000 bits is written as a
  string of its decimal digits, which JSON readers cannot mangle; at most
  ``kronsym.bignum.MAX_NUMBER_BITS`` bits are read back)
* ``["Float", mantissa, exponent, precision]``: exactly mantissa·2**exponent,
  with ``precision`` bits (SymPy's ``Float._prec``)
* ``["Add", i, j, ...]``, ``["Mul", i, j, ...]``, ``["Pow", i, j]``
  (arguments in SymPy's order; rebuilt unevaluated, so exactly as written)
* ``[f, i, ...]`` for f in ``FUNCTIONS`` (``"exp"``, ``"log"``, ``"sin"``, ...)
* ``["Pi"]``, ``["E"]``, ``["ImaginaryUnit"]``, ... (``CONSTANTS``)

``nodes`` is a flat table of expression nodes in post-order (children
first), each written once however often it is shared:
``[type name, [param, ...], [child index, ...]]``. A param is a JSON string
(a matrix or function name) or an integer index into ``scalars``. Type names
are the keys of ``BUILDERS`` (the classes of :data:`kronsym.nodes.NODE_TYPES`
and ``SymmetricSymbol``). ``root`` indexes
``nodes``. Shapes are not written: the reader recomputes and checks them.

Versions: a reader of version M reads every version <= M, forever (the file
``tests/data/format_v1.json`` must keep loading). A change a version-1 reader
would misread bumps ``FORMAT_VERSION``; older readers then refuse the text
with "written by a newer kronsym". See ``docs/serialization.md``.

>>> import kronsym as ks
>>> m, n = ks.dims("m n")
>>> A = ks.MatrixSymbol("A", m, n)
>>> text = ks.to_json(ks.kron(A, A.T) / 2)
>>> text[:60]
'{"kronsym": 1, "scalars": [["Symbol", "m", {"integer": true,'
>>> ks.from_json(text) is ks.kron(A, A.T) / 2
True
"""
from __future__ import annotations

import json
from typing import Any, Dict, List, Optional

import mpmath
import sympy
from sympy.core.assumptions import _assume_defined

from . import nodes as N
from .bignum import MAX_NUMBER_BITS, int_to_str, str_to_int
from .errors import InvalidNameError, SerializationError
from .names import check_name

__all__ = ["to_json", "from_json", "FORMAT_VERSION", "FUNCTIONS", "CONSTANTS"]

#: the version this kronsym writes; it reads every version from 1 up to this one
FORMAT_VERSION = 1

#: SymPy functions allowed in scalars (name -> class)
FUNCTIONS = {f.__name__: f for f in (
    sympy.exp, sympy.log, sympy.sin, sympy.cos, sympy.tan, sympy.Abs, sympy.sign,
    sympy.re, sympy.im, sympy.conjugate, sympy.floor, sympy.ceiling, sympy.Max, sympy.Min)}

#: SymPy singletons allowed in scalars (name -> value)
CONSTANTS = {"Pi": sympy.pi, "E": sympy.E, "ImaginaryUnit": sympy.I,
             "EulerGamma": sympy.EulerGamma, "GoldenRatio": sympy.GoldenRatio,
             "Infinity": sympy.oo, "NegativeInfinity": -sympy.oo,
             "ComplexInfinity": sympy.zoo, "NaN": sympy.nan}
_CONSTANT_NAMES = {v: k for k, v in CONSTANTS.items()}

#: limits on what ``from_json`` accepts (documented in docs/serialization.md). Each
#: scalar entry (and each node's shape) is measured as it is read: its size as a tree
#: (shared entries counted every time they are used), its depth, the number of terms
#: its full expansion can have, and a bound on log2 of the magnitude of every number
#: it holds or evaluates to (symbols count as 1, so this also bounds degrees).
MAX_SCALAR_SIZE = 10_000
MAX_SCALAR_DEPTH = 100
MAX_SCALAR_TERMS = 1_000
MAX_SCALAR_BITS = MAX_NUMBER_BITS   # what the parser and constructors accept reads back
#: Float entries: the binary exponent and the precision (bits)
MAX_FLOAT_EXPONENT = 1_000_000
MAX_FLOAT_PRECISION = 100_000
#: the size of the expression written out as a tree (every shared node and scalar
#: counted each time it is used): what printing or a tree walk would visit
MAX_TREE_NODES = 1_000_000
_CAP = 1 << 62


def _capped(x: int) -> int:
    return x if x < _CAP else _CAP


def _multisets(t: int, k: int) -> int:
    """Terms of the expansion of a t-term sum to the k-th power: C(t+k-1, k), capped."""
    if t <= 1 or k == 0:
        return 1
    if k > MAX_SCALAR_TERMS or t > MAX_SCALAR_TERMS:
        return _CAP
    c = 1
    for i in range(1, k + 1):
        c = c * (t - 1 + i) // i
        if c >= _CAP:
            return _CAP
    return c


def _measure(e: sympy.Basic, ms: list) -> tuple:
    """(size, depth, terms, bits) of ``e`` from the measures ``ms`` of its operands."""
    if not ms:
        if isinstance(e, sympy.Integer):
            return 1, 1, 1, max(1, int(e).bit_length())
        if isinstance(e, sympy.Rational):
            return 1, 1, 1, max(1, int(e.p).bit_length(), int(e.q).bit_length())
        if isinstance(e, sympy.Float):
            _sign, man, exp, _bc = e._mpf_    # |e| < 2**(bits(man) + exp), > 2**(exp - 1)
            return 1, 1, 1, max(1, int(man).bit_length() + abs(int(exp)))
        return 1, 1, 1, 2
    head = e.cls if isinstance(e, _Probe) else type(e)
    size = _capped(1 + sum(m[0] for m in ms))
    depth = 1 + max(m[1] for m in ms)
    if issubclass(head, sympy.Add):
        return size, depth, _capped(sum(m[2] for m in ms)), _capped(max(m[3] for m in ms) + len(ms))
    if issubclass(head, sympy.Mul):
        terms = 1
        for m in ms:
            terms = _capped(terms * m[2])
        return size, depth, terms, _capped(sum(m[3] for m in ms))
    if issubclass(head, sympy.Pow) and len(ms) == 2:
        (_, _, tb, bb), (_, _, te, be) = ms
        ex = e.args[1]
        if ex.is_Rational:
            k = abs(int(ex.p))
            if k > MAX_SCALAR_BITS:
                return size, depth, _CAP, _CAP
            terms = _multisets(tb, k)
            return size, depth, terms, _capped(bb * max(k, 1) + k * tb.bit_length() + be)
        if ex.is_number:   # a numeric exponent below 2**be in magnitude
            return size, depth, _capped(tb * te), _capped(bb << min(be, 64))
        return size, depth, _capped(tb * te), _capped(bb + be)
    if issubclass(head, sympy.exp):
        return size, depth, _capped(sum(m[2] for m in ms)), _capped(2 << min(ms[0][3], 64))
    return size, depth, _capped(sum(m[2] for m in ms)), _capped(sum(m[3] for m in ms) + 1)


def _check_measure(m: tuple, where: str, what: str = "") -> None:
    size, depth, terms, bits = m
    for value, limit, name in ((size, MAX_SCALAR_SIZE, "size (as a tree)"),
                               (depth, MAX_SCALAR_DEPTH, "nesting depth"),
                               (terms, MAX_SCALAR_TERMS, "number of terms when expanded"),
                               (bits, MAX_SCALAR_BITS, "size of its numbers (bits)")):
        if value > limit:
            _fail(f"{where}: {what}too large: its {name} exceeds the limit {limit} "
                  f"(see kronsym.serialize.MAX_SCALAR_*)")


def _measure_expr(root: sympy.Basic, memo: dict) -> tuple:
    """The measure of a SymPy expression not read from the table (a node's shape)."""
    stack = [root]
    while stack:
        e = stack[-1]
        if e in memo:
            stack.pop()
            continue
        todo = [a for a in e.args if a not in memo]
        if todo:
            stack.extend(todo)
            continue
        stack.pop()
        memo[e] = _measure(e, [memo[a] for a in e.args])
    return memo[root]


def _sym(p, c):
    name, rows, cols = p
    if rows != cols:
        raise N.ShapeError(f"symmetric({name}, ...): a symmetric matrix is square, but its "
                           f"rows ({rows}) and columns ({cols}) differ")
    return N.SymmetricSymbol(name, rows)


#: how each node type is rebuilt by its public constructor: type name ->
#: (parameter kinds, number of children (None: two or more), builder(params, children)).
#: Parameter kinds: "name" and "func" are JSON strings, "dim" and "coeff" scalar indices.
#: node names of earlier documents, read as today's node: "ScalarFunc" (format v1, a
#: function of a 1×1 argument) is the entrywise function node
READ_ALIASES = {"ScalarFunc": "EntrywiseFunc"}
_V1_FUNCS = ("log", "exp", "sin", "cos", "sqrt")


def _tag(nd) -> str:
    """The node's name in a document: what a format-1 reader reads as the same node
    (log, exp, sin, cos, sqrt of a 1×1 argument stay "ScalarFunc"), else the class name."""
    if type(nd) is N.EntrywiseFunc and nd.name in _V1_FUNCS and nd.children[0].is_scalar:
        return "ScalarFunc"
    return type(nd).__name__

BUILDERS = {
    "MatrixSymbol": (("name", "dim", "dim"), 0, lambda p, c: N.MatrixSymbol(*p)),
    "SymmetricSymbol": (("name", "dim", "dim"), 0, _sym),
    "Identity": (("dim",), 0, lambda p, c: N.Identity(*p)),
    "ZeroMatrix": (("dim", "dim"), 0, lambda p, c: N.ZeroMatrix(*p)),
    "Ones": (("dim", "dim"), 0, lambda p, c: N.Ones(*p)),
    "Commutation": (("dim", "dim"), 0, lambda p, c: N.Commutation(*p)),
    "Duplication": (("dim",), 0, lambda p, c: N.Duplication(*p)),
    "Elimination": (("dim",), 0, lambda p, c: N.Elimination(*p)),
    "Symmetrizer": (("dim",), 0, lambda p, c: N.Symmetrizer(*p)),
    "ScalarMul": (("coeff",), 1, lambda p, c: N.ScalarMul(p[0], c[0])),
    "Power": (("coeff",), 1, lambda p, c: N.Power(c[0], p[0])),
    "EntrywiseFunc": (("func",), 1, lambda p, c: N.EntrywiseFunc(p[0], c[0])),
    "Unvec": (("dim", "dim"), 1, lambda p, c: N.Unvec(c[0], p[0], p[1])),
    "Sum": (("func",), 1, lambda p, c: N.Sum(c[0], p[0])),   # axis tag: all, cols, rows
    "MatPow": (("coeff",), 1, lambda p, c: N.MatPow(c[0], p[0])),
    "TracySingh": (("dim",) * 4, 2,
                   lambda p, c: N.TracySingh(c[0], c[1], (p[0], p[1]), (p[2], p[3]))),
    **{t.__name__: ((), None, (lambda cls: lambda p, c: cls(*c))(t))
       for t in (N.MatMul, N.MatAdd, N.Hadamard, N.Kron)},
    **{t.__name__: ((), 2, (lambda cls: lambda p, c: cls(*c))(t))
       for t in (N.Scale, N.KhatriRao, N.KronSum, N.FaceSplit)},
    **{t.__name__: ((), 1, (lambda cls: lambda p, c: cls(*c))(t))
       for t in (N.Transpose, N.Vec, N.Inverse, N.Trace, N.Det, N.LogDet, N.Diag, N.Vech,
                 N.Vecr, N.DiagPart, N.Norm2, N.Norm1, N.LogSumExp, N.Softmax)},
}
#: node types whose shape is a product or sum of their operands' dims (pre-checked)
_SHAPE_ARITHMETIC = frozenset(BUILDERS) - {"MatMul", "MatAdd", "Hadamard", "Scale",
                                           "Transpose", "Inverse", "Diag", "MatrixSymbol",
                                           "SymmetricSymbol", "Identity", "ZeroMatrix", "Ones"}


# ---------------------------------------------------------------------------
# writing
# ---------------------------------------------------------------------------
class _ScalarTable:
    """Flat post-order table of SymPy expressions, each distinct one written once."""

    def __init__(self):
        self.rows: List[list] = []
        self.index: Dict[sympy.Basic, int] = {}

    def add(self, root: sympy.Basic) -> int:
        stack = [(root, False)]
        while stack:
            e, expanded = stack.pop()
            if e in self.index:
                continue
            if not expanded and _compound(e):
                stack.append((e, True))
                stack.extend((a, False) for a in reversed(e.args) if a not in self.index)
                continue
            self.index[e] = len(self.rows)
            self.rows.append(_scalar_row(e, self.index))
        return self.index[root]


def _compound(e) -> bool:
    return isinstance(e, (sympy.Add, sympy.Mul, sympy.Pow)) or type(e).__name__ in FUNCTIONS


def _scalar_row(e, index) -> list:
    if e in _CONSTANT_NAMES and not e.is_Rational:
        return [_CONSTANT_NAMES[e]]
    if isinstance(e, sympy.Dummy) or type(e) is not sympy.Symbol and isinstance(e, sympy.Symbol):
        raise SerializationError(f"to_json: cannot write the {type(e).__name__} {e!r}; only plain "
                                 f"sympy.Symbol objects are serialisable")
    if isinstance(e, sympy.Symbol):
        orig = getattr(e, "_assumptions_orig", None)
        if orig is None:  # pragma: no cover - SymPy < 1.12
            orig = e.assumptions0
        return ["Symbol", e.name, {k: orig[k] for k in sorted(orig) if orig[k] is not None}]
    if isinstance(e, sympy.Integer):
        return ["Integer", _json_int(e.p)]
    if isinstance(e, sympy.Rational):
        return ["Rational", _json_int(e.p), _json_int(e.q)]
    if isinstance(e, sympy.Float):
        sign, man, exp, _bc = e._mpf_
        if man == 0 and e._mpf_ != mpmath.libmp.fzero:
            raise SerializationError(f"to_json: cannot write the special float {e}")
        return ["Float", _json_int(-man if sign else man), exp, int(e._prec)]
    name = type(e).__name__
    if isinstance(e, (sympy.Add, sympy.Mul, sympy.Pow)) or name in FUNCTIONS:
        return [name] + [index[a] for a in e.args]
    raise SerializationError(f"to_json: cannot write the SymPy {name} {e}; allowed: symbols, "
                             f"numbers, +, *, **, {', '.join(FUNCTIONS)}, {', '.join(CONSTANTS)}")


def to_json(expr: N.Expr, *, indent: Optional[int] = None) -> str:
    """The expression as JSON text in the current format (see the module docstring).

    >>> import kronsym as ks
    >>> A = ks.MatrixSymbol("A", 2, 3)
    >>> print(ks.to_json(A.T))
    {"kronsym": 1, "scalars": [["Integer", 2], ["Integer", 3]], "nodes": [["MatrixSymbol", ["A", 0, 1], []], ["Transpose", [], [0]]], "root": 1}
    """
    if not isinstance(expr, N.Expr):
        raise TypeError(f"to_json(expr): expr must be a kronsym expression, got "
                        f"{type(expr).__name__} {expr!r:.60}")
    if indent is not None and (isinstance(indent, bool) or not isinstance(indent, int)):
        raise TypeError(f"to_json(expr, indent=...): indent must be an int or None, got "
                        f"{type(indent).__name__}")
    from .traverse import postorder
    scalars = _ScalarTable()
    order = postorder(expr)
    where = {id(nd): i for i, nd in enumerate(order)}
    rows = []
    for nd in order:
        if type(nd).__name__ not in BUILDERS:   # the writer writes only what the reader reads
            raise SerializationError(f"to_json: cannot write a {type(nd).__name__} node; "
                                     f"serialisable types: {', '.join(sorted(BUILDERS))}")
        params = []
        for p in nd.params:
            if isinstance(p, str):
                params.append(p)
            elif isinstance(p, sympy.Basic):
                params.append(scalars.add(p))
            else:
                raise SerializationError(f"to_json: {type(nd).__name__} has a parameter of type "
                                         f"{type(p).__name__} ({p!r:.40}); only str and SymPy "
                                         f"parameters are serialisable")
        rows.append([_tag(nd), params, [where[id(c)] for c in nd.children]])
    doc = {"kronsym": FORMAT_VERSION, "scalars": scalars.rows, "nodes": rows,
           "root": len(rows) - 1}
    if indent is None:
        return json.dumps(doc)
    # one table entry per line keeps large files readable and diffable
    pad = " " * indent
    def table(name):
        body = (",\n" + pad * 2).join(json.dumps(r) for r in doc[name])
        return f'{pad}"{name}": [\n{pad * 2}{body}\n{pad}]' if body else f'{pad}"{name}": []'
    return (f'{{\n{pad}"kronsym": {FORMAT_VERSION},\n{table("scalars")},\n{table("nodes")},\n'
            f'{pad}"root": {doc["root"]}\n}}')


# ---------------------------------------------------------------------------
# reading
# ---------------------------------------------------------------------------
def _fail(msg: str):
    raise SerializationError(f"from_json: {msg}")


def _json_int(k: int):
    """An int as JSON: a number, or its decimal digits as a string when it is too long
    for Python's int/str conversion limit (which json.dumps and json.loads obey)."""
    k = int(k)
    return k if k.bit_length() <= 10_000 else int_to_str(k)


def _int_arg(x):
    """Undo _json_int: an int, or the decimal digits of an int over 10 000 bits."""
    if isinstance(x, str) and 3000 < len(x) <= MAX_NUMBER_BITS // 3 and x.isascii() and \
            x.lstrip("-").isdigit():
        k = str_to_int(x)
        return k if k.bit_length() > 10_000 else x
    return x


def _is_int(x) -> bool:
    return isinstance(x, int) and not isinstance(x, bool)


def _ref(x, limit: int, what: str) -> int:
    if not _is_int(x) or not 0 <= x < limit:
        _fail(f"{what}: {x!r:.40} is not the index of an earlier entry (0..{limit - 1})")
    return x


def _read_scalar(row, k: int, built: list, measures: list) -> sympy.Basic:
    """Build scalars[k] and append its measure to ``measures`` (refused when too large)."""
    where = f"scalars[{k}]"
    if not isinstance(row, list) or not row or not isinstance(row[0], str):
        _fail(f"{where} must be a list starting with a kind name, got {row!r:.60}")
    kind, args = row[0], row[1:]

    def need(n):
        if len(args) != n:
            _fail(f"{where} ({kind}) takes {n} item(s) after the kind, got {len(args)}")

    ops: list = []
    if kind in CONSTANTS:
        need(0)
        value = CONSTANTS[kind]
    elif kind == "Symbol":
        need(2)
        name, assum = args
        try:
            check_name(name, f"{where}: symbol name")
        except InvalidNameError as e:
            raise SerializationError(f"from_json: {e}") from e
        if not isinstance(assum, dict) or not all(
                k in _assume_defined and isinstance(v, bool) for k, v in assum.items()):
            _fail(f"{where}: assumptions of {name} must map assumption names (integer, "
                  f"positive, ...) to true/false, got {assum!r:.80}")
        try:
            value = sympy.Symbol(name, **assum)
        except Exception as e:  # inconsistent assumptions
            _fail(f"{where}: symbol {name} with assumptions {assum}: {e}")
    elif kind in ("Integer", "Rational", "Float"):
        need({"Integer": 1, "Rational": 2, "Float": 3}[kind])
        args = [_int_arg(a) for a in args]
        if not all(_is_int(a) for a in args):
            _fail(f"{where} ({kind}) needs integers, got {args!r:.60}")
        numbers = args if kind != "Float" else args[:1]
        if any(abs(a).bit_length() > MAX_SCALAR_BITS for a in numbers):
            _fail(f"{where} ({kind}): number too large (more than {MAX_SCALAR_BITS} bits)")
        if kind == "Integer":
            value = sympy.Integer(args[0])
        elif kind == "Rational":
            if args[1] == 0:
                _fail(f"{where}: Rational with denominator 0")
            value = sympy.Rational(args[0], args[1])
        else:
            man, exp, prec = args
            if not 1 <= prec <= MAX_FLOAT_PRECISION:
                _fail(f"{where}: Float precision {prec} out of range 1..{MAX_FLOAT_PRECISION}")
            if abs(exp) > MAX_FLOAT_EXPONENT:
                _fail(f"{where}: Float exponent {exp} out of range "
                      f"-{MAX_FLOAT_EXPONENT}..{MAX_FLOAT_EXPONENT}")
            value = sympy.Float._new(mpmath.libmp.from_man_exp(man, exp), prec, zero=False)
            if not value.is_finite:
                _fail(f"{where}: Float {value} is not finite")
    elif kind in ("Add", "Mul", "Pow") or kind in FUNCTIONS:
        idx = [_ref(a, k, f"{where} ({kind}) argument") for a in args]
        ops = [built[i] for i in idx]
        if kind == "Pow":
            need(2)
        elif kind in ("Add", "Mul") and len(ops) < 2:
            _fail(f"{where} ({kind}) needs at least 2 arguments, got {len(ops)}")
        elif not ops:
            _fail(f"{where} ({kind}) needs an argument")
        if not all(isinstance(o, sympy.Expr) for o in ops):
            _fail(f"{where} ({kind}): arguments must be scalar expressions")
        cls = {"Add": sympy.Add, "Mul": sympy.Mul, "Pow": sympy.Pow}.get(kind) or FUNCTIONS[kind]
        # measured before it is built: building may evaluate (Pow(2, 10**9))
        probe = _Probe(cls, ops)
        _check_measure(_measure(probe, [measures[i] for i in idx]), where)
        try:
            value = cls(*ops, evaluate=False)
        except Exception as e:
            _fail(f"{where}: {kind}{tuple(ops)} is not a valid SymPy expression: {e}")
        measures.append(_measure(value, [measures[i] for i in idx])
                        if len(value.args) == len(ops) else _measure_expr(value, {}))
        _check_measure(measures[-1], where)
        return value
    else:
        _fail(f"{where}: unknown scalar kind {kind!r:.40}; known: Symbol, Integer, Rational, "
              f"Float, Add, Mul, Pow, {', '.join(FUNCTIONS)}, {', '.join(CONSTANTS)}")
    measures.append(_measure(value, []))
    return value


class _Probe:
    """Stands for ``cls(*ops)`` in :func:`_measure` before it is built."""

    def __init__(self, cls, ops):
        self.cls, self.args = cls, tuple(ops)



def _read_param(p, kind: str, scalars: list, where: str):
    if kind in ("name", "func"):
        if not isinstance(p, str):
            _fail(f"{where} must be a string ({kind}), got {p!r:.40}")
        return p
    if not _is_int(p):
        _fail(f"{where} must be a scalar index ({kind}), got {p!r:.40}")
    return scalars[_ref(p, len(scalars), where)]


def from_json(text: Any) -> N.Expr:
    """Rebuild an expression from :func:`to_json` text (str, bytes or an already parsed dict).

    >>> import kronsym as ks
    >>> ks.from_json('{"kronsym": 1, "scalars": [["Integer", 2]], '
    ...              '"nodes": [["Identity", [0], []]], "root": 0}')
    I(2)
    >>> ks.from_json('{"kronsym": 1, "scalars": [], "nodes": [["Frob", [], []]], "root": 0}')
    Traceback (most recent call last):
    ...
    kronsym.errors.SerializationError: from_json: nodes[0]: unknown node type 'Frob'...
    """
    if isinstance(text, (bytes, bytearray)):
        try:
            text = text.decode("utf-8")
        except UnicodeDecodeError as e:
            _fail(f"the text is not UTF-8: {e}")
    if isinstance(text, str):
        try:
            doc = json.loads(text)
        except (ValueError, RecursionError) as e:
            raise SerializationError(f"from_json: not valid JSON: {e}") from None
    elif isinstance(text, dict):
        doc = text
    else:
        raise TypeError(f"from_json(text): text must be a str, bytes or dict, got "
                        f"{type(text).__name__} {text!r:.60}")
    if not isinstance(doc, dict) or "kronsym" not in doc:
        _fail('not a kronsym document (expected an object with a "kronsym" format version)')
    version = doc["kronsym"]
    if not _is_int(version) or version < 1:
        _fail(f"format version must be a positive integer, got {version!r:.40}")
    if version > FORMAT_VERSION:
        _fail(f"written by a newer kronsym (format {version}); this kronsym reads up to "
              f"{FORMAT_VERSION}; upgrade kronsym to read it")
    for key, typ in (("scalars", list), ("nodes", list), ("root", int)):
        if key not in doc or not isinstance(doc[key], typ) or isinstance(doc[key], bool):
            _fail(f'"{key}" is missing or not a {typ.__name__}')
    extra = set(doc) - {"kronsym", "scalars", "nodes", "root"}
    if extra:
        _fail(f"unknown key(s) {', '.join(sorted(map(str, extra)))} in a format-{version} document")
    scalars: list = []
    measures: list = []
    for k, row in enumerate(doc["scalars"]):
        scalars.append(_read_scalar(row, k, scalars, measures))
    memo: dict = {}   # measures of SymPy expressions (table entries and shapes)
    for value, m in zip(scalars, measures):
        memo.setdefault(value, m)
    built: list = []
    tree: list = []    # size of each node written out as a tree
    for k, row in enumerate(doc["nodes"]):
        if not (isinstance(row, list) and len(row) == 3 and isinstance(row[0], str)
                and isinstance(row[1], list) and isinstance(row[2], list)):
            _fail(f"nodes[{k}] must be [type name, [params], [child indices]], got {row!r:.80}")
        name, raw_params, kids = row
        spec = BUILDERS.get(READ_ALIASES.get(name, name))
        if spec is None:
            _fail(f"nodes[{k}]: unknown node type {name!r:.40}; known: {', '.join(sorted(BUILDERS))}")
        kinds, nkids, build = spec
        if len(raw_params) != len(kinds):
            _fail(f"nodes[{k}] ({name}) takes {len(kinds)} parameter(s), got {len(raw_params)}")
        if (len(kids) < 2) if nkids is None else (len(kids) != nkids):
            _fail(f"nodes[{k}] ({name}) takes {'at least 2' if nkids is None else nkids} "
                  f"operand(s), got {len(kids)}")
        params = [_read_param(p, kinds[j], scalars, f"nodes[{k}] ({name}) parameter {j + 1}")
                  for j, p in enumerate(raw_params)]
        idx = [_ref(c, k, f"nodes[{k}] ({name}) child") for c in kids]
        children = [built[i] for i in idx]
        size = 1 + sum(tree[i] for i in idx) + sum(
            memo[p][0] for p in params if not isinstance(p, str))
        if size > MAX_TREE_NODES:
            _fail(f"nodes[{k}] ({name}): the expression written out as a tree (shared "
                  f"subexpressions counted each time they are used) exceeds "
                  f"{MAX_TREE_NODES} nodes (kronsym.serialize.MAX_TREE_NODES)")
        if name in _SHAPE_ARITHMETIC:   # a bound on the bits of the shape about to be built
            bits = 2 + sum(_measure_expr(d, memo)[3] for c in children for d in c.shape) + 2 * sum(
                memo[p][3] for p in params if not isinstance(p, str))
            if bits > MAX_SCALAR_BITS:
                _fail(f"nodes[{k}] ({name}): its shape would be too large (its numbers exceed "
                      f"{MAX_SCALAR_BITS} bits)")
        try:
            node = build(params, children)
        except Exception as e:  # the constructor's own error, kept as __cause__
            raise SerializationError(f"from_json: nodes[{k}] ({name}): "
                                     f"{str(e) or type(e).__name__}") from e
        for d in node.shape:
            _check_measure(_measure_expr(d, memo), f"nodes[{k}] ({name})", "its shape is ")
        built.append(node)
        tree.append(size)
    if not built:
        _fail("the document has no nodes")
    return built[_ref(doc["root"], len(built), '"root"')]
