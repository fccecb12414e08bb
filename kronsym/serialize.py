"""Lossless, versioned JSON form of an expression: ``ks.to_json`` / ``ks.from_json``.

Owns: the JSON format below, its writer and its validating reader.

Contract: ``from_json(to_json(e)) is e`` for every expression (nodes are
interned), including dimensions with assumptions and rational, float and
symbolic coefficients. Nothing here recurses over an expression and nothing
is ``eval``-ed or ``sympify``-ed: SymPy objects are rebuilt from a short list
of allowed constructors, so ``from_json`` is safe on untrusted text. Bad
input raises :class:`~kronsym.errors.SerializationError` naming the entry.
The output is deterministic (no hash order): the same expression gives the
same text in every process.

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
are the classes of :data:`kronsym.nodes.NODE_TYPES`. ``root`` indexes
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
from .dims import as_dim
from .errors import KronsymError, SerializationError

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

#: what each parameter of a core node type is ("name", "func", "dim", "coeff");
#: node types not listed (looked up along the class's MRO) take any str / SymPy params
PARAM_KINDS = {
    N.MatrixSymbol: ("name", "dim", "dim"), N.Identity: ("dim",),
    N.ZeroMatrix: ("dim", "dim"), N.Ones: ("dim", "dim"), N.Commutation: ("dim", "dim"),
    N.Unvec: ("dim", "dim"), N.ScalarMul: ("coeff",), N.Power: ("coeff",),
    N.ScalarFunc: ("func",),
    **{t: () for t in (N.MatMul, N.MatAdd, N.Hadamard, N.Kron, N.KhatriRao, N.KronSum, N.Scale,
                       N.Transpose, N.Vec, N.Inverse, N.Trace, N.Det, N.LogDet, N.Diag)},
}
_MAX_INT_DIGITS = 4000


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
        rows.append([type(nd).__name__, params, [where[id(c)] for c in nd.children]])
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


def _read_scalar(row, k: int, built: list) -> sympy.Basic:
    where = f"scalars[{k}]"
    if not isinstance(row, list) or not row or not isinstance(row[0], str):
        _fail(f"{where} must be a list starting with a kind name, got {row!r:.60}")
    kind, args = row[0], row[1:]

    def need(n):
        if len(args) != n:
            _fail(f"{where} ({kind}) takes {n} item(s) after the kind, got {len(args)}")

    if kind in CONSTANTS:
        need(0)
        return CONSTANTS[kind]
    if kind == "Symbol":
        need(2)
        name, assum = args
        if not isinstance(name, str) or not name:
            _fail(f"{where}: a symbol name must be a non-empty string, got {name!r:.40}")
        if not isinstance(assum, dict) or not all(
                k in _assume_defined and isinstance(v, bool) for k, v in assum.items()):
            _fail(f"{where}: assumptions of {name} must map assumption names (integer, "
                  f"positive, ...) to true/false, got {assum!r:.80}")
        try:
            return sympy.Symbol(name, **assum)
        except Exception as e:  # inconsistent assumptions
            _fail(f"{where}: symbol {name} with assumptions {assum}: {e}")
    if kind in ("Integer", "Rational", "Float"):
        need({"Integer": 1, "Rational": 2, "Float": 3}[kind])
        args = [_int_arg(a) for a in args]
        if not all(_is_int(a) for a in args):
            _fail(f"{where} ({kind}) needs integers, got {args!r:.60}")
        if any(abs(a).bit_length() > MAX_NUMBER_BITS for a in args):
            _fail(f"{where} ({kind}): number too large")
        if kind == "Integer":
            return sympy.Integer(args[0])
        if kind == "Rational":
            if args[1] == 0:
                _fail(f"{where}: Rational with denominator 0")
            return sympy.Rational(args[0], args[1])
        man, exp, prec = args
        if not 1 <= prec <= 100_000:
            _fail(f"{where}: Float precision {prec} out of range 1..100000")
        return sympy.Float._new(mpmath.libmp.from_man_exp(man, exp), prec, zero=False)
    if kind in ("Add", "Mul", "Pow") or kind in FUNCTIONS:
        ops = [built[_ref(a, k, f"{where} ({kind}) argument")] for a in args]
        if kind == "Pow":
            need(2)
            if ops[0].is_Number and ops[1].is_Integer and abs(ops[1]) > 10_000:
                _fail(f"{where}: power of a number with an exponent above 10000")
        elif kind in ("Add", "Mul") and len(ops) < 2:
            _fail(f"{where} ({kind}) needs at least 2 arguments, got {len(ops)}")
        elif not ops:
            _fail(f"{where} ({kind}) needs an argument")
        if not all(isinstance(o, sympy.Expr) for o in ops):
            _fail(f"{where} ({kind}): arguments must be scalar expressions")
        cls = {"Add": sympy.Add, "Mul": sympy.Mul, "Pow": sympy.Pow}.get(kind) or FUNCTIONS[kind]
        try:
            return cls(*ops, evaluate=False)
        except Exception as e:
            _fail(f"{where}: {kind}{tuple(ops)} is not a valid SymPy expression: {e}")
    _fail(f"{where}: unknown scalar kind {kind!r:.40}; known: Symbol, Integer, Rational, Float, "
          f"Add, Mul, Pow, {', '.join(FUNCTIONS)}, {', '.join(CONSTANTS)}")


def _node_types() -> Dict[str, type]:
    return {t.__name__: t for t in N.NODE_TYPES}


def _kinds(cls) -> Optional[tuple]:
    for c in cls.__mro__:
        if c in PARAM_KINDS:
            return PARAM_KINDS[c]
    return None


def _check_param(value, kind: Optional[str], where: str):
    if kind is None:
        return value
    if kind in ("name", "func"):
        if not isinstance(value, str):
            _fail(f"{where} must be a string ({kind}), got {value!r:.40}")
        if kind == "name" and not (value[:1].isalpha() and all(
                ch.isalnum() or ch == "_" for ch in value)):
            _fail(f"{where}: {value!r:.40} is not a matrix name (an identifier like A or X_1)")
        if kind == "func" and value not in N.SCALAR_FUNCS:
            _fail(f"{where}: unknown scalar function {value!r:.40}; known: "
                  f"{', '.join(N.SCALAR_FUNCS)}")
        return value
    if not isinstance(value, sympy.Expr):
        _fail(f"{where} must be a scalar index ({kind}), got {value!r:.40}")
    try:
        ok = as_dim(value, where) if kind == "dim" else N._as_coeff(value)
    except (KronsymError, TypeError) as e:
        _fail(str(e))
    if ok != value:
        _fail(f"{where}: {value} is not a valid {kind}")
    return value


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
    for k, row in enumerate(doc["scalars"]):
        scalars.append(_read_scalar(row, k, scalars))
    types = _node_types()
    built: list = []
    for k, row in enumerate(doc["nodes"]):
        if not (isinstance(row, list) and len(row) == 3 and isinstance(row[0], str)
                and isinstance(row[1], list) and isinstance(row[2], list)):
            _fail(f"nodes[{k}] must be [type name, [params], [child indices]], got {row!r:.80}")
        name, raw_params, kids = row
        cls = types.get(name)
        if cls is None:
            _fail(f"nodes[{k}]: unknown node type {name!r:.40}; known: {', '.join(sorted(types))}")
        kinds = _kinds(cls)
        if kinds is not None and len(raw_params) != len(kinds):
            _fail(f"nodes[{k}] ({name}) takes {len(kinds)} parameter(s), got {len(raw_params)}")
        params = []
        for j, p in enumerate(raw_params):
            where = f"nodes[{k}] ({name}) parameter {j + 1}"
            if _is_int(p):
                p = scalars[_ref(p, len(scalars), where)]
            elif not isinstance(p, str):
                _fail(f"{where} must be a string or a scalar index, got {p!r:.40}")
            params.append(_check_param(p, kinds[j] if kinds else None, where))
        children = tuple(built[_ref(c, k, f"nodes[{k}] ({name}) child")] for c in kids)
        try:
            built.append(cls._make(tuple(params), children))
        except KronsymError as e:
            raise SerializationError(f"from_json: nodes[{k}] ({name}): {e}") from e
        except TypeError as e:
            raise SerializationError(f"from_json: nodes[{k}] ({name}): {e}") from e
    if not built:
        _fail("the document has no nodes")
    return built[_ref(doc["root"], len(built), '"root"')]
