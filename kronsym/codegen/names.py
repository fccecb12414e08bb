"""Names and numbers in generated source: the only way user data becomes code text.

Owns: ``Names`` (the identifiers codegen chooses: ``a0, a1, ...`` for matrix
arguments, ``x0, ...`` for their arrays, ``d0, ...`` for dimensions, ``s0, ...``
for scalar arguments, ``t0, ...`` for temporaries), ``Names.int_src`` and
``Names.num_src`` (a SymPy dimension or coefficient as Python source, over those
identifiers only), ``literal`` (a Python number as source), ``comment`` (a user
name or dimension sanitised for a ``#`` comment) and ``audit`` (refuse source
holding any name codegen did not choose).

Contract: nothing a user or a document supplies (symbol names, dimension
names, function names) is ever pasted into generated code. Symbols are
replaced by the identifiers above; the user's names appear at most in comments,
and only when they are plain identifiers. Dimensions are printed with exact
integer arithmetic (``(d0*(d0 + 1)) // 2``, never ``/``), so a dimension such as
n(n+1)/2 is an ``int`` at run time.
"""
from __future__ import annotations

import ast
import math
import re
import threading
from typing import Dict

import sympy

from .ir import DimExpr

__all__ = ["Names", "literal", "comment", "audit", "UnsafeSourceError"]

_IDENT = re.compile(r"[A-Za-z][A-Za-z0-9_]{0,39}\Z")
_COMMENT_OK = re.compile(r"[A-Za-z0-9_ ()*+\-/,.×]*\Z")
_OURS = re.compile(r"(?:[adstx][0-9]+|_rt|_sig|f|flat)\Z")
#: the builtins generated code may call (non-finite float literals and the error path)
_BUILTINS = {"float", "complex", "globals"}


class UnsafeSourceError(ValueError):
    """Generated source that holds a name or constant codegen did not choose (a bug)."""


class LoweringError(ValueError):
    """An expression that cannot be lowered with the given arguments."""


def literal(v) -> str:
    """A Python int, float or complex as source that evaluates to exactly ``v``.

    >>> from kronsym.codegen.names import literal
    >>> literal(3), literal(0.5), literal(float("nan")), literal(2j)
    ('3', '0.5', "float('nan')", 'complex(0.0, 2.0)')
    >>> literal(2 ** 20000)[:6]       # beyond the 4300-digit str() limit: hexadecimal
    '0x1000'
    """
    if isinstance(v, bool):
        return "1" if v else "0"
    if isinstance(v, int):
        s = str(v) if v.bit_length() < 10000 else hex(v)
        return f"({s})" if v < 0 else s
    if isinstance(v, float):
        s = _float_src(v)
        return f"({s})" if s.startswith("-") else s
    if isinstance(v, complex):
        return f"complex({_float_src(v.real)}, {_float_src(v.imag)})"
    raise TypeError(f"not a number: {type(v).__name__}")


def _float_src(x: float) -> str:
    if math.isnan(x):
        return "float('nan')"
    if math.isinf(x):
        return "float('inf')" if x > 0 else "-float('inf')"
    return repr(x)


def comment(text: str, limit: int = 60) -> str:
    """``text`` if it is safe in a ``#`` comment (identifiers, digits, + - * / ( ) ×), else ``?``.

    >>> from kronsym.codegen.names import comment
    >>> comment("n*(n + 1)/2"), comment("x\\n__import__('os')")
    ('n*(n + 1)/2', '?')
    """
    text = str(text)
    if len(text) > limit or not _COMMENT_OK.match(text):
        return "?"
    return text


def user_label(sym) -> str:
    """A MatrixSymbol's or dimension's name for a comment: itself if a plain identifier."""
    name = getattr(sym, "name", str(sym))
    return name if isinstance(name, str) and _IDENT.match(name) else "?"


def dim_label(d) -> str:
    """A dimension expression for a comment (``?`` if any symbol in it has an odd name)."""
    d = sympy.sympify(d)
    if any(not _IDENT.match(s.name) for s in d.free_symbols):
        return "?"
    return comment(str(d))


class Names:
    """The identifiers of one generated function, keyed by the SymPy symbols they stand for."""

    def __init__(self):
        self.symbols: Dict[sympy.Symbol, str] = {}
        self._count = {"a": 0, "d": 0, "s": 0}

    def new(self, kind: str, sym=None) -> str:
        """A fresh identifier ``<kind><k>`` (kind a, d or s), bound to ``sym`` if given."""
        name = f"{kind}{self._count[kind]}"
        self._count[kind] += 1
        if sym is not None:
            self.symbols[sym] = name
        return name

    def _sym(self, s) -> str:
        try:
            return self.symbols[s]
        except KeyError:
            raise LoweringError(f"lambdify: {dim_label(s)} cannot be read from the shapes of the "
                                f"arguments; pass it as an argument") from None

    def int_src(self, d) -> str:
        """An integer-valued dimension as exact integer Python source (``//``, never ``/``).

        >>> import sympy
        >>> from kronsym.codegen.names import Names
        >>> n = sympy.Symbol("n", integer=True, positive=True)
        >>> names = Names(); _ = names.new("d", n)
        >>> names.int_src(n * (n + 1) / 2), names.int_src(n - 5), names.int_src(3)
        ('(d0*(d0 + 1)) // 2', 'd0 - 5', '3')
        """
        d = sympy.sympify(d)
        if d.is_Integer:
            return literal(int(d))
        num, den = sympy.fraction(sympy.together(d))
        if den == 1:
            return self._poly(num, 0)
        return f"({self._poly(num, 0)}) // {self._poly(den, 2)}"

    def _poly(self, e, prec: int) -> str:
        """Integer arithmetic over the dims: prec 0 top level, 1 inside a product, 2 a power base."""
        if e.is_Integer:
            s = literal(int(e))
            return f"({s})" if prec and int(e) < 0 else s
        if e.is_Symbol:
            return self._sym(e)
        if e.is_Add:
            s = self._signed_sum(e.as_ordered_terms())
            return f"({s})" if prec else s
        if e.is_Mul:
            c, rest = e.as_coeff_Mul()
            if c == -1:
                s = "-" + self._poly(rest, 1)
                return f"({s})" if prec else s
            s = "*".join(self._poly(f, 1) for f in e.as_ordered_factors())
            return f"({s})" if prec == 2 else s
        if e.is_Pow and (e.exp.is_Integer and e.exp >= 0 or e.exp.is_Symbol):
            return f"{self._poly(e.base, 2)}**{self._poly(e.exp, 2)}"
        raise LoweringError(f"lambdify: the dimension {dim_label(e)} ({type(e).__name__}) "
                            f"cannot be compiled to integer arithmetic")

    def _signed_sum(self, terms) -> str:
        out = []
        for i, t in enumerate(terms):
            neg = t.could_extract_minus_sign()
            body = self._poly(-t if neg else t, 1 if neg else 0)
            out.append((("- " if neg else "+ ") + body) if i else ("-" + body if neg else body))
        return " ".join(out)

    def num_src(self, c) -> str:
        """A scalar coefficient as Python source: an exact int, a float or complex
        literal, or arithmetic over the argument identifiers.

        >>> import sympy
        >>> from kronsym.codegen.names import Names
        >>> k = sympy.Symbol("k", integer=True, positive=True)
        >>> names = Names(); _ = names.new("d", k)
        >>> names.num_src(sympy.Rational(1, 2)), names.num_src(sympy.sqrt(2) * k)
        ('0.5', '1.4142135623730951*d0')
        """
        c = sympy.sympify(c)
        if c.is_Integer:
            return literal(int(c))
        if c.is_number:
            return literal(_number(c))
        if c.is_integer and all(s.is_integer for s in c.free_symbols):
            return self.int_src(c)
        return self._real(c, 0)

    def _real(self, e, prec: int) -> str:
        if e.is_number:
            return literal(_number(e))
        if e.is_Symbol:
            return self._sym(e)
        if e.is_Add:
            s = " + ".join(self._real(t, 0) for t in sorted(e.args, key=sympy.default_sort_key))
            return f"({s})" if prec else s
        if e.is_Mul:
            s = "*".join(self._real(f, 1) for f in e.as_ordered_factors())
            return f"({s})" if prec == 2 else s
        if e.is_Pow:
            return f"{self._real(e.base, 2)}**{self._real(e.exp, 2)}"
        raise LoweringError(f"lambdify: the coefficient {comment(str(e))} uses "
                            f"{type(e).__name__}, which generated code does not compile; "
                            f"pass its value as a scalar argument instead")


def _number(c):
    """A SymPy number as a Python int, float or complex."""
    v = complex(sympy.N(c, 17))
    return v.real if v.imag == 0 else v


_PARSE_LOCK = threading.Lock()


def audit(src: str, allowed_strings=()) -> None:
    """Refuse source with a name, attribute or constant codegen does not produce.

    Names must be codegen's own (``a0``, ``d1``, ``t2``, ``_rt``, ...) or one of a
    few builtins; attributes are ``_rt.<op>``, ``.shape`` and ``.reshape``; string constants come
    from ``allowed_strings`` (the scalar function table and the Kronecker factor tags).
    """
    with _PARSE_LOCK:         # CPython 3.11's ast.parse is not thread-safe (gh-106905)
        tree = ast.parse(src)
    allowed = set(allowed_strings)
    for node in ast.walk(tree):
        if isinstance(node, ast.Name):
            if not (_OURS.match(node.id) or node.id in _BUILTINS):
                raise UnsafeSourceError(f"generated code would use the name {comment(node.id)}")
        elif isinstance(node, ast.arg):
            if not _OURS.match(node.arg):
                raise UnsafeSourceError(f"generated code would take the argument {comment(node.arg)}")
        elif isinstance(node, ast.Attribute):
            base = node.value
            ok = isinstance(base, ast.Name) and (
                base.id == "_rt" or (node.attr in ("shape", "reshape") and _OURS.match(base.id))) or (
                node.attr == "get" and isinstance(base, ast.Call)
                and isinstance(base.func, ast.Name) and base.func.id == "globals")
            if not ok:
                raise UnsafeSourceError(f"generated code would read the attribute {comment(node.attr)}")
        elif isinstance(node, ast.Constant):
            if isinstance(node.value, str) and node.value not in allowed:
                raise UnsafeSourceError(f"generated code would hold the string {comment(node.value)}")
            if isinstance(node.value, bytes):
                raise UnsafeSourceError("generated code would hold a bytes constant")
        elif isinstance(node, (ast.Import, ast.ImportFrom, ast.Lambda, ast.With, ast.Try,
                               ast.Global, ast.Nonlocal, ast.Delete, ast.ClassDef)):
            raise UnsafeSourceError(f"generated code would hold a {type(node).__name__} statement")


def _num(c):
    """A coefficient as the IR holds it: an int, a number, or a DimExpr of the symbols."""
    c = sympy.sympify(c)
    if c.is_Integer:
        return int(c)
    if c.is_number:
        return _number(c)
    return DimExpr(c, "coeff")
