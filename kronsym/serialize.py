"""Lossless, versioned JSON form of an expression: ``ks.to_json`` / ``ks.from_json``.

Owns: the JSON format below, its writer, its validating reader, and the reader's
constructor table (``BUILDERS``, derived from the node schemas). The scalar
table, its limits (``MAX_*``, re-exported here) and its reader live in
:mod:`kronsym.serialize_scalars`.

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
``[type name, [param, ...], [child index, ...]]``. The params are the node's
schema fields that are not operands (:mod:`kronsym.nodes.schema`), in schema
order, each in its kind's JSON form: a ``dim`` or ``coeff`` is an integer index
into ``scalars``, a ``name`` or ``func`` a string, an ``integer`` a JSON number,
a ``choice`` the value itself (``null``, a number or a string). Type names
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
from typing import Any, Optional

import sympy

from . import nodes as N
from .errors import SerializationError
from .serialize_scalars import (CONSTANTS, FUNCTIONS, MAX_SCALAR_BITS, MAX_TREE_NODES,
                                ScalarTable, _check_measure, _fail, _is_int, _measure_expr,
                                _ref, read_scalar)
# the other limits and helpers live there too; re-exported for kronsym.serialize.MAX_* readers
from .serialize_scalars import MAX_FLOAT_EXPONENT as MAX_FLOAT_EXPONENT
from .serialize_scalars import MAX_FLOAT_PRECISION as MAX_FLOAT_PRECISION
from .serialize_scalars import MAX_SCALAR_DEPTH as MAX_SCALAR_DEPTH
from .serialize_scalars import MAX_SCALAR_SIZE as MAX_SCALAR_SIZE
from .serialize_scalars import MAX_SCALAR_TERMS as MAX_SCALAR_TERMS
from .serialize_scalars import _json_int as _json_int

__all__ = ["to_json", "from_json", "FORMAT_VERSION", "FUNCTIONS", "CONSTANTS"]

#: the version this kronsym writes; it reads every version from 1 up to this one
FORMAT_VERSION = 1


def _builder(cls):
    """Rebuild a ``cls`` node from its JSON fields through its public constructor."""
    return lambda p, c: cls(*cls._to_args(tuple(p), tuple(c)))


def _spec(cls) -> tuple:
    kinds = tuple(f.kind for f in cls._param_fields)
    return kinds, cls._nchildren, _builder(cls)


#: how each node type is rebuilt by its public constructor, derived from the node schemas
#: (kronsym.nodes.schema): type name -> (parameter kinds, number of children (None:
#: variadic, at least ``_MIN_CHILDREN[name]``), builder(params, children)).
#: Parameter kinds: "name" and "func" are JSON strings, "dim" and "coeff" scalar indices,
#: "integer" a JSON number, "choice" the value itself (null, a number or a string).
BUILDERS = {t.__name__: _spec(t) for t in N.NODE_TYPES + (N.SymmetricSymbol,)}

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
_MIN_CHILDREN = {t.__name__: t._min_children for t in N.NODE_TYPES + (N.SymmetricSymbol,)}
#: node types whose shape is a product or sum of their operands' dims (pre-checked)
_SHAPE_ARITHMETIC = frozenset(BUILDERS) - {"MatMul", "MatAdd", "Hadamard", "Scale",
                                           "Transpose", "Inverse", "Diag", "MatrixSymbol",
                                           "SymmetricSymbol", "Identity", "ZeroMatrix", "Ones"}


# ---------------------------------------------------------------------------
# writing
# ---------------------------------------------------------------------------
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
    scalars = ScalarTable()
    order = postorder(expr)
    where = {id(nd): i for i, nd in enumerate(order)}
    rows = []
    for nd in order:
        if type(nd).__name__ not in BUILDERS:   # the writer writes only what the reader reads
            raise SerializationError(f"to_json: cannot write a {type(nd).__name__} node; "
                                     f"serialisable types: {', '.join(sorted(BUILDERS))}")
        params = []
        for f, p in zip(type(nd)._param_fields, nd.params):
            if f.kind in ("dim", "coeff") and isinstance(p, sympy.Basic):
                params.append(scalars.add(p))
            elif f.kind in ("name", "func") and isinstance(p, str) or f.kind in (
                    "integer", "choice") and (p is None or isinstance(p, (bool, int, str))):
                params.append(p)
            else:
                raise SerializationError(f"to_json: {type(nd).__name__} has a {f.kind} parameter "
                                         f"{f.name} of type {type(p).__name__} ({p!r:.40}), "
                                         f"which is not serialisable")
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
def _read_param(p, kind: str, scalars: list, where: str):
    if kind in ("name", "func"):
        if not isinstance(p, str):
            _fail(f"{where} must be a string ({kind}), got {p!r:.40}")
        return p
    if kind == "integer":
        if not _is_int(p) or abs(p).bit_length() > MAX_SCALAR_BITS:
            _fail(f"{where} must be an integer, got {p!r:.40}")
        return p
    if kind == "choice":   # the constructor checks it is one of the field's values
        if p is not None and not isinstance(p, (bool, int, str)):
            _fail(f"{where} must be null, a number or a string (choice), got {p!r:.40}")
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
        scalars.append(read_scalar(row, k, scalars, measures))
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
        nmin = _MIN_CHILDREN.get(name, 2)
        if len(raw_params) != len(kinds):
            _fail(f"nodes[{k}] ({name}) takes {len(kinds)} parameter(s), got {len(raw_params)}")
        if (len(kids) < nmin) if nkids is None else (len(kids) != nkids):
            _fail(f"nodes[{k}] ({name}) takes {f'at least {nmin}' if nkids is None else nkids} "
                  f"operand(s), got {len(kids)}")
        params = [_read_param(p, kinds[j], scalars, f"nodes[{k}] ({name}) parameter {j + 1}")
                  for j, p in enumerate(raw_params)]
        idx = [_ref(c, k, f"nodes[{k}] ({name}) child") for c in kids]
        children = [built[i] for i in idx]
        scalar_params = [p for p, kd in zip(params, kinds) if kd in ("dim", "coeff")]
        size = 1 + sum(tree[i] for i in idx) + sum(memo[p][0] for p in scalar_params)
        if size > MAX_TREE_NODES:
            _fail(f"nodes[{k}] ({name}): the expression written out as a tree (shared "
                  f"subexpressions counted each time they are used) exceeds "
                  f"{MAX_TREE_NODES} nodes (kronsym.serialize.MAX_TREE_NODES)")
        if name in _SHAPE_ARITHMETIC:   # a bound on the bits of the shape about to be built
            bits = 2 + sum(_measure_expr(d, memo)[3] for c in children for d in c.shape) + 2 * sum(
                memo[p][3] for p in scalar_params)
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
