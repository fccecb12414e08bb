"""Numbers of any size in text, and the size limits on numbers read from text.

Owns: ``int_to_str`` and ``str_to_int`` (exact decimal conversion of integers of
any size, without tripping Python's int/str conversion limit, which is
process-global and which kronsym never changes), ``sstr`` and ``slatex``
(SymPy's str and LaTeX of a scalar, with integers of any size printed in
full), and the limits that :mod:`kronsym.parser` enforces on numbers.

Contract: ``str_to_int(int_to_str(n)) == n`` for every int; both run in
sub-quadratic time (divide and conquer over powers of ten). Whatever the
Python API accepts prints exactly; whatever the parser accepts prints and
parses back.

Limits (checked by the parser *before* SymPy computes anything, see
``kronsym.parser``):

* ``MAX_NUMBER_BITS``: every integer and every numerator and denominator of a
  fraction the parser reads or computes has at most 100 000 bits (30 103
  decimal digits), so ``2**99999`` is accepted and ``2**100000`` is not;
* ``MAX_DECIMAL_DIGITS``: a decimal literal (``1.5``, ``2e-3``) has at most
  1 000 significant digits, and every decimal number lies within the range
  of a double (``1e-308 .. 1.8e308`` or zero); ``1e999`` and ``inf`` are refused;
* ``MAX_EXPONENT``: a symbol (or any non-number) is raised only to a number
  whose numerator is at most 1 000 in magnitude and whose denominator is at
  most ``MAX_ROOT_ORDER`` (``m**1000``, ``m**(1/3)``), or to a symbolic
  exponent that holds no symbolic power itself (``m**n``, not ``m**(n**p)``).

>>> from kronsym.bignum import int_to_str, str_to_int
>>> s = int_to_str(7 ** 20000)
>>> len(s), s[:6], str_to_int(s) == 7 ** 20000
(16902, '913692', True)
"""
from __future__ import annotations

import math
import sys

import sympy
from sympy.printing.latex import LatexPrinter
from sympy.printing.str import StrPrinter

__all__ = ["int_to_str", "str_to_int", "sstr", "slatex", "check_number", "check_exponent",
           "scalar_op", "scalar_power", "MAX_NUMBER_BITS", "MAX_INTEGER_DIGITS",
           "MAX_DECIMAL_DIGITS", "MAX_EXPONENT", "MAX_ROOT_ORDER"]

MAX_NUMBER_BITS = 100_000
MAX_DECIMAL_DIGITS = 1_000
MAX_EXPONENT = 1_000
MAX_ROOT_ORDER = 1_000
#: decimal digits converted by one call of int()/str(): below the smallest limit
#: Python allows (640), so the conversion limit never applies
_CHUNK = 600
_LOG10_2 = 0.30102999566398120


def _limit() -> int:
    getter = getattr(sys, "get_int_max_str_digits", None)
    return getter() if getter is not None else 0


def int_to_str(n: int) -> str:
    """The decimal digits of ``n``, of any size (``str(n)`` stops at 4 300 digits).

    >>> int_to_str(-10 ** 5000)[:4], len(int_to_str(10 ** 5000))
    ('-100', 5001)
    """
    n = int(n)
    sign = "-" if n < 0 else ""
    n = -n if n < 0 else n
    if _limit() == 0 or n.bit_length() * _LOG10_2 < _CHUNK:
        return sign + str(n)
    # divide and conquer: n = hi * 10**k + lo, each half converted the same way
    # (an explicit work list; its depth is the log of the number of digits)
    out, work = [], [(n, 0)]          # (value, width to pad to; 0 = no padding)
    while work:
        v, width = work.pop()
        digits = int(v.bit_length() * _LOG10_2) + 1
        if digits <= _CHUNK:
            s = str(v)
            out.append(s.rjust(width, "0") if width else s)
            continue
        k = digits // 2
        hi, lo = divmod(v, 10 ** k)
        # hi first: the work list is a stack, so push lo before hi
        work.append((lo, k))
        work.append((hi, width - k if width else 0))
    return sign + "".join(out)


def str_to_int(s: str) -> int:
    """The int written in decimal by ``s`` (an optional sign, then digits), of any size.

    >>> str_to_int("-" + "9" * 5000) == -(10 ** 5000 - 1)
    True
    """
    s = s.strip()
    sign = 1
    if s[:1] in "+-" and s:
        sign, s = (-1 if s[0] == "-" else 1), s[1:]
    if not s.isdigit() or not s.isascii():
        raise ValueError(f"not a decimal integer: {s[:40]!r}")
    if _limit() == 0 or len(s) <= _CHUNK:
        return sign * int(s)
    # combine chunks pairwise (balanced, so the big multiplications are few)
    parts = [int(s[max(0, i - _CHUNK):i]) for i in range(len(s), 0, -_CHUNK)]  # low first
    scale = 10 ** _CHUNK
    while len(parts) > 1:
        merged = [parts[i] + parts[i + 1] * scale for i in range(0, len(parts) - 1, 2)]
        if len(parts) % 2:
            merged.append(parts[-1])
        parts, scale = merged, scale * scale
    return sign * parts[0]


class _BigInts:
    """Integers of any size in full: the part the str and LaTeX printers share."""

    def _print_Integer(self, expr):
        return int_to_str(expr.p)

    def _print_int(self, expr):
        return int_to_str(expr)


class BigIntStrPrinter(_BigInts, StrPrinter):
    """SymPy's str printer, with integers and fractions of any size in full."""

    def _print_Rational(self, expr):
        if expr.q == 1:
            return int_to_str(expr.p)
        return f"{int_to_str(expr.p)}/{int_to_str(expr.q)}"


class BigIntLatexPrinter(_BigInts, LatexPrinter):
    """SymPy's LaTeX printer, with integers and fractions of any size in full."""

    def _print_Rational(self, expr):
        if expr.q == 1:
            return int_to_str(expr.p)
        sign, p = ("- ", -expr.p) if expr.p < 0 else ("", expr.p)
        if self._settings["fold_short_frac"]:
            return f"{sign}{int_to_str(p)} / {int_to_str(expr.q)}"
        return f"{sign}\\frac{{{int_to_str(p)}}}{{{int_to_str(expr.q)}}}"


def sstr(e) -> str:
    """``sympy.sstr(e)``, with integers of any size printed in full.

    >>> len(sstr(sympy.Integer(3) ** 10000 * sympy.Symbol("a")))
    4774
    """
    return BigIntStrPrinter().doprint(e)


def slatex(e) -> str:
    """``sympy.latex(e)``, with integers of any size printed in full.

    >>> slatex(sympy.Rational(1, 3) * sympy.Symbol("a"))
    '\\\\frac{a}{3}'
    """
    return BigIntLatexPrinter().doprint(e)


# --- the parser's limits -----------------------------------------------------------
#: digits of the largest integer literal: the digits of 2**MAX_NUMBER_BITS
MAX_INTEGER_DIGITS = int(MAX_NUMBER_BITS * _LOG10_2) + 1
#: a decimal number's magnitude lies in [2**_MIN_MAG, 2**_MAX_MAG) or it is zero
#: (the range of a double, subnormals included)
_MIN_MAG, _MAX_MAG = -1073, 1024


def _bits(q: int) -> int:
    return abs(int(q)).bit_length()


def number_bits(x):
    """(largest numerator bits, largest denominator bits, largest exponent numerator)
    over the numbers of the SymPy scalar ``x`` (denominator 1 counts as 0 bits).

    >>> number_bits(sympy.Rational(3, 1024) * sympy.Symbol("a") ** 5)
    (3, 11, 5)
    """
    if isinstance(x, sympy.Rational):
        return _bits(x.p), (_bits(x.q) if x.q != 1 else 0), 1
    p = q = 0
    e = 1
    if not isinstance(x, sympy.Basic) or x.is_Atom:
        return p, q, e
    for a in x.atoms(sympy.Rational):
        p, q = max(p, _bits(a.p)), max(q, _bits(a.q) if a.q != 1 else 0)
    for pw in x.atoms(sympy.Pow):
        if pw.exp.is_Rational:
            e = max(e, abs(int(pw.exp.p)), int(pw.exp.q))
    return p, q, e


def _too_large(what: str) -> ValueError:
    return ValueError(f"{what} is too large: numbers are limited to {MAX_NUMBER_BITS:,} bits "
                      f"(about {MAX_INTEGER_DIGITS:,} digits) in numerator and denominator "
                      f"(kronsym.bignum.MAX_NUMBER_BITS)")


def _float_ok(f) -> bool:
    """A SymPy Float that is finite and in the range of a double (or zero)."""
    sign, man, exp, bc = f._mpf_
    if man == 0:
        return f._mpf_ == (0, 0, 0, 0)       # zero, not inf or nan
    return _MIN_MAG <= exp + bc <= _MAX_MAG


def _out_of_range(f) -> ValueError:
    s = sympy.sstr(f)[:30] if f._mpf_[1] == 0 else f"a number of magnitude 2**{f._mpf_[2] + f._mpf_[3]}"
    return ValueError(f"{s} is not a finite number in the range of a double (about 1e-308 to "
                      f"1.8e308 in magnitude, or zero); write it exactly, e.g. 10**400")


def check_number(x, what: str = "a number"):
    """``x`` if every number in it is within the limits of :mod:`kronsym.bignum`;
    otherwise a ValueError that says which limit.

    >>> check_number(sympy.Float(1.5) * sympy.Symbol("a"))
    1.5*a
    >>> check_number(sympy.oo)
    Traceback (most recent call last):
    ...
    ValueError: oo is not a finite number in the range of a double (about 1e-308 to 1.8e308 in magnitude, or zero); write it exactly, e.g. 10**400
    """
    if not isinstance(x, sympy.Basic):
        return x
    if x.is_Atom:
        atoms = (x,)
    else:
        atoms = x.atoms(sympy.Number, sympy.NumberSymbol)
        for pw in x.atoms(sympy.Pow):
            check_exponent(pw.exp, pw.base)
    for a in atoms:
        if a in (sympy.oo, -sympy.oo, sympy.zoo, sympy.nan):
            raise ValueError(f"{a} is not a finite number in the range of a double (about "
                             f"1e-308 to 1.8e308 in magnitude, or zero); write it exactly, "
                             f"e.g. 10**400")
        if isinstance(a, sympy.Float) and not _float_ok(a):
            raise _out_of_range(a)
        if isinstance(a, sympy.Rational) and max(_bits(a.p), _bits(a.q)) > MAX_NUMBER_BITS:
            raise _too_large(what)
    return x


def _exponent_error(r) -> ValueError:
    return ValueError(f"the exponent {sstr(r)[:40]} is too large: a symbol's power must be a "
                      f"number of at most {MAX_EXPONENT} in magnitude with a denominator of at "
                      f"most {MAX_ROOT_ORDER} (kronsym.bignum.MAX_EXPONENT)")


def check_exponent(r, base=None):
    """The limits on ``base ** r`` when ``base`` is not a number (a symbol, a 1×1
    expression): a ValueError saying which limit, else None."""
    if base is not None and base.is_Number:
        return
    if r.is_Rational:
        if abs(r.p) > MAX_EXPONENT or r.q > MAX_ROOT_ORDER:
            raise _exponent_error(r)
    elif r.is_Number:
        if not abs(r) <= MAX_EXPONENT:
            raise ValueError(f"the exponent {sstr(r)[:40]} is too large: a symbol's power must "
                             f"be at most {MAX_EXPONENT} in magnitude (kronsym.bignum.MAX_EXPONENT)")
    elif any(not p.exp.is_Number for p in r.atoms(sympy.Pow)):
        raise ValueError(f"the exponent {sstr(r)[:40]} holds a symbolic power itself: towers "
                         f"of symbolic powers (m**(n**p)) are not allowed")


def scalar_op(op: str, l, r):
    """``l op r`` for SymPy scalars (op one of ``+ - * /``), refused before SymPy computes
    it when a number in the result could exceed ``MAX_NUMBER_BITS``.

    >>> scalar_op("*", sympy.Integer(2) ** 99990, sympy.Integer(1024))
    Traceback (most recent call last):
    ...
    ValueError: this product is too large: numbers are limited to 100,000 bits (about 30,103 digits) in numerator and denominator (kronsym.bignum.MAX_NUMBER_BITS)
    """
    (lp, lq, _), (rp, rq, _) = number_bits(l), number_bits(r)
    if op == "*":
        num, den, what = lp + rp, lq + rq, "this product"
    elif op == "/":
        num, den, what = lp + rq, lq + rp, "this quotient"
    else:
        num, den, what = max(lp + rq, rp + lq) + 1, lq + rq, "this sum"
    if num > MAX_NUMBER_BITS + 1 or den > MAX_NUMBER_BITS + 1:
        raise _too_large(what)
    out = {"+": lambda: l + r, "-": lambda: l - r, "*": lambda: l * r, "/": lambda: l / r}[op]()
    return check_number(out, what)


def scalar_power(l, r):
    """``l ** r`` for SymPy scalars, refused before SymPy computes it when the result or
    its exponent would exceed the limits (``2**3**4**5``, ``m**28629151``, ``m**(n**p)``).

    >>> scalar_power(sympy.Integer(2), sympy.Integer(10))
    1024
    >>> scalar_power(sympy.Symbol("m"), sympy.Integer(-28629151))
    Traceback (most recent call last):
    ...
    ValueError: the exponent -28629151 is too large: a symbol's power must be a number of at most 1000 in magnitude with a denominator of at most 1000 (kronsym.bignum.MAX_EXPONENT)
    """
    if isinstance(l, sympy.Number) and isinstance(r, sympy.Number) and l not in (0, 1, -1):
        # exact for rationals (never converts r to a float); a float exponent beyond the
        # limit is refused too (9**(99**91e3) made mpmath square a number 10^5 times)
        # log2 of the larger of numerator and denominator (1 for a float base)
        size = max(math.log2(abs(l.p)), math.log2(l.q)) if l.is_Rational else 1
        if abs(r) > MAX_NUMBER_BITS or abs(r) * size > MAX_NUMBER_BITS + 1 or (
                r.is_Rational and r.q > MAX_ROOT_ORDER):
            raise ValueError(f"this power of numbers is too large (over {MAX_NUMBER_BITS:,} "
                             f"bits, or a root of order over {MAX_ROOT_ORDER}); write it with "
                             f"a symbol instead")
    elif isinstance(r, sympy.Number):
        lp, lq, le = number_bits(l)
        if r.is_Rational:
            if abs(r.p) * le > MAX_EXPONENT or r.q * le > MAX_ROOT_ORDER:
                raise _exponent_error(r if le == 1 else sympy.Rational(r.p * le, r.q))
            if max(lp, lq) * abs(r.p) > MAX_NUMBER_BITS:
                raise _too_large("this power")
        else:
            check_exponent(r * le, l)
    else:
        check_exponent(r)
        if l.is_Number and l.is_negative and r.is_integer is not True:
            raise ValueError(f"({sstr(l)[:20]})**({sstr(r)[:20]}) is not a real number unless "
                             f"the exponent is an integer")
    out = l ** r
    return check_number(out, "this power")
