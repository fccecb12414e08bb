"""The SymPy-scalar table of the JSON format (see :mod:`kronsym.serialize`).

Owns: the allowed SymPy functions and constants (``FUNCTIONS``, ``CONSTANTS``),
the reader's scalar limits (``MAX_SCALAR_*``, ``MAX_FLOAT_*``, ``MAX_TREE_NODES``),
the writer of the ``scalars`` table (``ScalarTable``) and the validating reader
of one scalar entry (``read_scalar``), with the measures that bound its cost.

Contract: nothing is ``eval``-ed or ``sympify``-ed; every entry is rebuilt from
the short list of allowed constructors, measured (size, depth, expanded terms,
bits) *before* it is built, and refused with
:class:`~kronsym.errors.SerializationError` naming the entry when past a limit.
Nothing here recurses over an expression.

>>> from kronsym.serialize_scalars import ScalarTable
>>> t = ScalarTable()
>>> t.add(__import__("sympy").Integer(2) ** 10), t.rows
(0, [['Integer', 1024]])
"""
from __future__ import annotations

from typing import Dict, List

import mpmath
import sympy
from sympy.core.assumptions import _assume_defined

from .bignum import MAX_NUMBER_BITS, int_to_str, str_to_int
from .errors import InvalidNameError, SerializationError
from .names import check_name

__all__ = ["FUNCTIONS", "CONSTANTS", "MAX_SCALAR_SIZE", "MAX_SCALAR_DEPTH", "MAX_SCALAR_TERMS",
           "MAX_SCALAR_BITS", "MAX_FLOAT_EXPONENT", "MAX_FLOAT_PRECISION", "MAX_TREE_NODES",
           "ScalarTable", "read_scalar"]

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


class ScalarTable:
    """Flat post-order table of SymPy expressions, each distinct one written once."""

    def __init__(self) -> None:
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


def read_scalar(row, k: int, built: list, measures: list) -> sympy.Basic:
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
