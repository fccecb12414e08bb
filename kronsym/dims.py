"""Dimensions: SymPy integer expressions, and deciding when two agree.

Owns: ``dims()``, ``as_dim()`` (validate a user dimension), ``dims_equal()``
(three-valued: True proved equal, False proved different, None unknown),
``assume_equal()`` (a context manager in which the user declares dimensions
equal), and ``fmt_dim()`` / ``fmt_shape()`` for messages.

Contract: a dimension is an ``int`` >= 1 turned into ``sympy.Integer`` or a
SymPy expression that is not known to be non-integer or non-positive.
Agreement is decided by SymPy: ``m*n`` and ``n*m`` agree, ``n`` and ``n + 1``
never do, ``m`` and ``n`` are unknown (and unknown is treated as a shape error
by the constructors unless declared with ``assume_equal``).
"""
from __future__ import annotations

import contextlib
import threading
from functools import lru_cache
from typing import Iterator, Optional, Tuple, Union

import sympy

from .errors import DimensionError
from .names import check_name, check_scalar_names

__all__ = ["dims", "as_dim", "dims_equal", "assume_equal", "fmt_dim",
           "fmt_shape", "Dim"]

Dim = Union[int, sympy.Expr]


def dims(names: str) -> Tuple[sympy.Symbol, ...]:
    """Create dimension symbols: SymPy Symbols that are integer and positive.

    >>> import kronsym as ks
    >>> m, n = ks.dims("m n")
    >>> m.is_integer, m.is_positive
    (True, True)
    >>> ks.dims("p")
    (p,)
    """
    if not isinstance(names, str):
        raise TypeError(f"dims(names): names must be a str like 'm n', got {type(names).__name__}")
    out = sympy.symbols(names, integer=True, positive=True, seq=True)
    for s in out:
        check_name(s.name, f"dims({names!r:.60})")
    return tuple(out)


def as_dim(value: object, what: str = "dimension") -> sympy.Expr:
    """Validate and normalise one dimension (int >= 1 or SymPy expression).

    >>> from kronsym.dims import as_dim
    >>> as_dim(3)
    3
    >>> as_dim(0)
    Traceback (most recent call last):
    ...
    kronsym.errors.DimensionError: dimension must be a positive integer, got 0
    """
    if isinstance(value, bool):
        raise DimensionError(f"{what} must be a positive integer, got {value!r}")
    if isinstance(value, int) or (hasattr(value, "__index__") and not isinstance(value, sympy.Basic)):
        try:
            iv = int(value.__index__() if not isinstance(value, int) else value)
        except Exception:  # pragma: no cover - defensive
            raise DimensionError(f"{what} must be a positive integer, got {value!r}") from None
        if iv < 1:
            raise DimensionError(f"{what} must be a positive integer, got {iv}")
        return sympy.Integer(iv)
    if isinstance(value, str):
        raise TypeError(f"{what} must be an int or a SymPy expression, got the string {value!r}; "
                        f"create symbols with ks.dims({value!r})")
    if isinstance(value, sympy.Expr):
        if _has_float(value):
            raise DimensionError(f"{what} must be a positive integer, got the float {value} "
                                 f"(dimensions are exact integers: use an int)")
        if value.is_number:
            try:
                ok = bool(value.is_integer and value.is_positive)
                iv = int(value) if ok else None
            except Exception as e:   # SymPy cannot decide it (evalf precision exhausted)
                raise DimensionError(f"{what} must be a positive integer, got {value!s:.80}, "
                                     f"which SymPy cannot evaluate ({type(e).__name__})") from None
            if not ok:
                raise DimensionError(f"{what} must be a positive integer, got {value!s:.80}")
            return sympy.Integer(iv)
        check_scalar_names(value, what)
        if _has_infinity(value):
            raise DimensionError(f"{what} must be a positive integer expression, got {value!s:.80} "
                                 f"(it holds an infinity or NaN)")
        if value.is_integer is False or value.is_positive is False:
            raise DimensionError(f"{what} must be a positive integer expression, got {value}")
        return value
    raise TypeError(f"{what} must be an int or a SymPy expression, got {type(value).__name__} {value!r}")


@lru_cache(maxsize=65536)
def _has_float(value: sympy.Expr) -> bool:
    return value.has(sympy.Float)


@lru_cache(maxsize=65536)
def _has_infinity(value: sympy.Expr) -> bool:
    return value.has(sympy.oo, -sympy.oo, sympy.zoo, sympy.nan)


# --- declared equalities (thread-local, scoped) ---------------------------------
_local = threading.local()


def _assumed() -> Tuple[Tuple[sympy.Expr, sympy.Expr], ...]:
    return getattr(_local, "pairs", ())


@contextlib.contextmanager
def assume_equal(*pairs: Dim) -> Iterator[None]:
    """Declare dimensions equal inside a ``with`` block.

    Constructors refuse shapes they cannot prove equal (``m`` vs ``n``). When
    you know they are equal, either use one symbol for both, or declare it:

    >>> import kronsym as ks
    >>> m, n = ks.dims("m n")
    >>> A, B = ks.MatrixSymbol("A", m, n), ks.MatrixSymbol("B", m, n)
    >>> with ks.assume_equal(m, n):
    ...     C = A @ B
    >>> C.shape
    (m, n)

    Arguments are taken two at a time: ``assume_equal(m, n, p, q)`` declares
    m = n and p = q. The declaration holds in the current thread only.
    """
    if len(pairs) % 2:
        raise TypeError("assume_equal takes dimensions in pairs: assume_equal(m, n[, p, q, ...])")
    norm = tuple((as_dim(pairs[i], f"assume_equal: dimension {i + 1}"),
                  as_dim(pairs[i + 1], f"assume_equal: dimension {i + 2}"))
                 for i in range(0, len(pairs), 2))
    old = _assumed()
    _local.pairs = old + norm
    try:
        yield
    finally:
        _local.pairs = old


def _solve_linear(e: sympy.Expr):
    """(s, v) with e = 0 ⟺ s = v for the first symbol s (by name) that e is linear in
    and v free of s; (None, None) when there is none."""
    for s in sorted(e.free_symbols, key=lambda t: t.name):
        poly = sympy.Poly(sympy.expand(e), s)
        if poly.degree() == 1:
            a1, a0 = poly.all_coeffs()
            if a1.is_number and a1 == 0:
                continue
            return s, sympy.simplify(-a0 / a1)
    return None, None


@lru_cache(maxsize=65536)
def _decide(a: sympy.Expr, b: sympy.Expr, assumed) -> Optional[bool]:
    diff = sympy.expand(a - b)
    if diff == 0:
        return True
    if diff.is_number:
        return False
    if assumed:
        # Substitute each declared pair (right -> left) until nothing changes.
        subs = {}
        for x, y in assumed:
            if y.is_Symbol:
                subs[y] = x
            elif x.is_Symbol:
                subs[x] = y
            else:      # n*p = m*q: solve for a symbol it is linear in (n = m*q/p)
                s, v = _solve_linear(x - y)
                if s is not None:
                    subs[s] = v
        d2 = diff
        for _ in range(len(subs) + 1):
            new = sympy.expand(d2.xreplace(subs))
            if new == d2:
                break
            d2 = new
        if d2 == 0:
            return True
        if d2.is_number:
            return False
        diff = d2
    if diff.is_zero is False or diff.is_positive or diff.is_negative:
        return False
    return None


def dims_equal(a: Dim, b: Dim) -> Optional[bool]:
    """Decide whether two dimensions are equal: True, False, or None (unknown).

    >>> import kronsym as ks
    >>> from kronsym.dims import dims_equal
    >>> m, n = ks.dims("m n")
    >>> dims_equal(m * n, n * m), dims_equal(n, n + 1), dims_equal(m, n)
    (True, False, None)
    """
    if a is b:
        return True
    if not isinstance(a, sympy.Basic):
        a = sympy.sympify(a)
    if not isinstance(b, sympy.Basic):
        b = sympy.sympify(b)
    return _decide_cached(a, b, _assumed())


@lru_cache(maxsize=131072)
def _decide_cached(a: sympy.Expr, b: sympy.Expr, assumed) -> Optional[bool]:
    if a == b:
        return True
    return _decide(a, b, assumed)


def fmt_dim(d: Dim) -> str:
    """Plain-text form of a dimension (``m*n``), parenthesised when compound."""
    from .bignum import sstr
    return sstr(d)


def fmt_shape(shape) -> str:
    """``m×n`` form of a shape for messages.

    >>> import kronsym as ks
    >>> from kronsym.dims import fmt_shape
    >>> m, n = ks.dims("m n")
    >>> fmt_shape((m * n, 1))
    '(m*n)×1'
    """
    parts = []
    from .bignum import sstr
    for d in shape:
        s = sstr(d)
        if not (s.isalnum() or s.replace("_", "").isalnum()):
            s = f"({s})"
        parts.append(s)
    return "×".join(parts)
