"""The expression parser: text -> kronsym expression, never with ``eval``.

Owns: ``parse``, ``parse_equation``, ``parse_shapes`` and the small written
language, which is exactly what ``str(expr)`` prints (so ``parse(str(e)) == e``)
plus a few spellings people type:

==============================  ==============================================
text                            meaning
==============================  ==============================================
``A + B``, ``A - B``, ``-A``    sum, difference, negation
``A @ B``                       matrix product
``2*A``, ``x*A``, ``tr(X)*A``   scalar multiple (number, scalar symbol, 1×1)
``s*t``, ``s/t``, ``s**2``,     products, quotients and powers of 1×1
``s^2``                         expressions (``A^{-1}``/``A**-1``: inverse)
``A.T``, ``A^T``, ``Aᵀ``        transpose
``A ⊗ B``, ``kron(A, B, ...)``  Kronecker product
``A ∘ B``, ``hadamard(A, B)``   Hadamard (elementwise) product
``A ⊙ B``, ``khatri_rao(A, B)`` Khatri–Rao (column-wise Kronecker) product
``A ⊕ B``, ``kron_sum(A, B)``   Kronecker sum
``A • B``, ``face_split(A, B)`` face-splitting (row-wise Kronecker) product
``tracy_singh(A, B, ra, ca,     Tracy–Singh product, A an ra×ca grid of
rb, cb)``                       blocks, B an rb×cb grid
``vecr(A)``                     row-major vec, vec(Aᵀ)
``vec(A)``, ``unvec(v, m, n)``  vectorisation and its inverse
``K(m, n)``, ``I(n)``           commutation matrix, identity
``zeros(m, n)``, ``ones(m, n)`` zero matrix, matrix of ones
``D(n)``, ``L(n)``, ``Nsym(n)`` duplication, elimination, symmetrizer matrices
``vech(A)``                     half-vectorisation (lower triangle of square A)
``inv``, ``tr``, ``det``,       inverse, trace, determinant, log-determinant,
``logdet``, ``diag``,           diagonal matrix of a vector, transpose,
``transpose``                   and the scalar functions
``log exp sin cos sqrt``
``diff(F, X)``, ``grad(f, X)``, the derivatives (evaluated when parsed:
``hessian(f, X)``               the result is the derived expression)
==============================  ==============================================

Precedence, loosest first: ``+ -`` < unary ``-`` < ``@ * /`` < ``⊗ ∘ ⊙ ⊕`` <
``** ^`` < postfix ``.T`` (``•`` is Kronecker-like). Different Kronecker-like operators do not mix
without parentheses (``A ⊗ B ∘ C`` is refused: write ``A ⊗ (B ∘ C)``).

Names: a name given in ``shapes`` is a matrix; a dimension name (any symbol
in those shapes, or in ``dims``) is a positive integer symbol; a name in
``scalars`` is a scalar symbol; inside ``I(...)``, ``K(...)``, ``zeros``,
``ones`` and ``unvec`` an unknown name becomes a new dimension. Any other
unknown name is an error that says how to declare it.

The parser is iterative (an operator-precedence parser with explicit
stacks), so deeply nested text (5 000 levels) parses without
``RecursionError``; text longer than ``MAX_LENGTH`` characters is refused.
Numbers and powers are bounded before SymPy computes them (integers of at
most 100 000 bits, decimals of at most 1 000 digits in the range of a double,
a symbol's exponent at most 1 000): see :mod:`kronsym.bignum` and
docs/conventions.md.
"""
from __future__ import annotations

import math
import re
import unicodedata
from typing import Dict, Iterable, List, Mapping, Optional, Tuple, Union

import sympy

from . import build as B
from . import nodes as N
from .bignum import (MAX_DECIMAL_DIGITS, MAX_INTEGER_DIGITS, MAX_NUMBER_BITS,
                     MAX_ROOT_ORDER as _MAX_ROOT_ORDER, check_exponent, check_number,
                     scalar_op, scalar_power, sstr, str_to_int)
from .dims import as_dim
from .optable import operation as _operation, statement_types as _statement_types
from .names import check_name, is_name
from .errors import KronsymError, ParseError, ShapeError

__all__ = ["parse", "parse_equation", "parse_shapes", "MAX_LENGTH"]

MAX_LENGTH = 1_000_000

# --- tokens ------------------------------------------------------------------------
_TOKEN = re.compile(r"""
    (?P<ws>\s+)
  | (?P<num>(?:\d+\.\d*|\.\d+|\d+)(?:[eE][+-]?\d+)?)
  | (?P<tpost>\.T(?![A-Za-z0-9_])|\^\{T\}|\^\{\\top\}|\^T(?![A-Za-z0-9_])|ᵀ)
  | (?P<ipost>\^\{-1\}|⁻¹)
  | (?P<name>(?!ᵀ)[^\W\d](?:(?!ᵀ)\w)*)
  | (?P<op>\*\*|==|[-+*/@^(),=⊗∘⊙⊕•])
""", re.VERBOSE)

_BINARY = {"+": 10, "-": 10, "@": 20, "*": 20, "/": 20,
           "⊗": 30, "∘": 30, "⊙": 30, "⊕": 30, "•": 30, "**": 40, "^": 40}
_RIGHT = {"**", "^"}
_NEG, _NEG_IN_EXPONENT = 15, 45
_KRONLIKE = {"⊗": "kron", "∘": "hadamard", "⊙": "khatri_rao", "⊕": "kron_sum"}
_KRONLIKE["•"] = "face_split"

Shape = Tuple[Union[int, str, sympy.Expr], Union[int, str, sympy.Expr]]


class _Tok:
    __slots__ = ("kind", "text", "pos")

    def __init__(self, kind, text, pos):
        self.kind, self.text, self.pos = kind, text, pos


class _Raw:
    """A node of the syntax tree before names and shapes are resolved."""
    __slots__ = ("kind", "text", "kids", "pos", "paren")

    def __init__(self, kind, text, kids, pos):
        self.kind, self.text, self.kids, self.pos, self.paren = kind, text, kids, pos, False


def _error(text: str, pos: int, msg: str, cls=ParseError) -> KronsymError:
    line_start = text.rfind("\n", 0, pos) + 1
    line_end = text.find("\n", pos)
    line = text[line_start: len(text) if line_end < 0 else line_end]
    col = pos - line_start
    if len(line) > 100:  # show a window around the column
        lo = max(0, col - 50)
        line, col = line[lo: lo + 100], col - lo
    err = cls(f"{msg} (column {pos + 1})\n  {line}\n  {' ' * col}^")
    err.column = pos + 1
    err.text = text
    return err


def _tokens(text: str) -> List[_Tok]:
    out = []
    pos, n = 0, len(text)
    match = _TOKEN.match
    while pos < n:
        m = match(text, pos)
        if m is None:
            ch = text[pos]
            name = unicodedata.name(ch, "")
            hint = f" ({name.lower()})" if name else ""
            raise _error(text, pos, f"unexpected character {ch!r}{hint}")
        kind = m.lastgroup
        if kind != "ws":
            out.append(_Tok(kind, m.group(), pos))
        pos = m.end()
    out.append(_Tok("end", "", n))
    return out


# --- syntax: operator precedence with explicit stacks ------------------------------
def _syntax(text: str, toks: List[_Tok], start: int = 0, stop_at_eq: bool = False):
    """The raw tree of ``toks[start:]``; returns (tree, index of the stopping token)."""
    operands: List[_Raw] = []
    ops: List[tuple] = []   # ("bin", op, prec, pos) | ("neg", prec, pos) | ("(", pos) | ("call", name, pos, nargs)
    expect_operand = True
    i = start

    def reduce_one():
        top = ops.pop()
        if top[0] == "bin":
            r, l = operands.pop(), operands.pop()
            operands.append(_Raw("bin", top[1], (l, r), top[3]))
        else:  # neg
            operands.append(_Raw("neg", "-", (operands.pop(),), top[2]))

    def reduce_above(prec, right_assoc=False):
        while ops and ops[-1][0] in ("bin", "neg"):
            p = ops[-1][2] if ops[-1][0] == "bin" else ops[-1][1]
            if p > prec or (p == prec and not right_assoc):
                reduce_one()
            else:
                break

    while True:
        t = toks[i]
        if expect_operand:
            if t.kind == "num" or t.kind == "name":
                if t.kind == "name" and toks[i + 1].text == "(":
                    ops.append(("call", t.text, t.pos, 0))
                    i += 2
                    if toks[i].text == ")":
                        raise _error(text, t.pos, f"{t.text}() needs an argument")
                    continue
                operands.append(_Raw(t.kind, t.text, (), t.pos))
                expect_operand = False
            elif t.text == "(":
                ops.append(("(", t.pos))
            elif t.text in ("-", "+"):
                after_pow = bool(ops) and ops[-1][0] == "bin" and ops[-1][1] in _RIGHT
                if t.text == "-":
                    ops.append(("neg", _NEG_IN_EXPONENT if after_pow else _NEG, t.pos))
            else:
                what = "the end of the text" if t.kind == "end" else repr(t.text)
                raise _error(text, t.pos, f"expected a matrix, number or '(' but found {what}")
            i += 1
            continue
        # expecting an operator
        if t.kind == "tpost":
            operands[-1] = _Raw("T", ".T", (operands[-1],), t.pos)
        elif t.kind == "ipost":
            operands[-1] = _Raw("call", "inv", (operands[-1],), t.pos)
        elif t.text in _BINARY:
            p = _BINARY[t.text]
            reduce_above(p, t.text in _RIGHT)
            ops.append(("bin", t.text, p, t.pos))
            expect_operand = True
        elif t.text == ",":
            reduce_above(-1)
            if not ops or ops[-1][0] != "call":
                raise _error(text, t.pos, "',' outside a function call")
            k, name, pos, nargs = ops.pop()
            ops.append((k, name, pos, nargs + 1))
            expect_operand = True
        elif t.text == ")":
            reduce_above(-1)
            if not ops:
                raise _error(text, t.pos, "')' without a matching '('")
            top = ops.pop()
            if top[0] == "(":
                operands[-1].paren = True
            else:
                _, name, pos, nargs = top
                args = tuple(operands[len(operands) - nargs - 1:])
                del operands[len(operands) - nargs - 1:]
                operands.append(_Raw("call", name, args, pos))
        elif t.kind == "end" or (stop_at_eq and t.text in ("==", "=")):
            reduce_above(-1)
            if ops:
                top = ops[-1]
                where = top[1] if top[0] == "(" else top[2]
                raise _error(text, where, "'(' is never closed")
            return operands[0], i
        elif t.text in ("==", "="):
            raise _error(text, t.pos, f"{t.text!r} is only allowed once, in an identity 'LHS == RHS'")
        else:
            prev = toks[i - 1].text
            raise _error(text, t.pos, f"expected an operator after {prev!r} (missing '@', '*' "
                                      f"or '+'?) but found {t.text!r}")
        i += 1


# --- meaning: resolve names, build nodes (iteratively, post-order) -----------------
_DIM_ARGS = {"I": (1, 1), "K": (2, 2), "zeros": (2, 2), "ones": (2, 2)}
_ONE_ARG = {"vec": B.vec, "inv": B.inv, "tr": B.trace, "trace": B.trace, "det": B.det,
            "logdet": B.logdet, "diag": B.diag, "transpose": B.transpose}
# symmetric matrices
_DIM_BUILDERS = {"I": B.I, "K": B.K, "zeros": B.zeros, "ones": B.ones,
                 "D": B.D, "L": B.L, "Nsym": B.Nsym}
_DIM_ARGS.update({"D": (1, 1), "L": (1, 1), "Nsym": (1, 1)})
_ONE_ARG.update({"vech": B.vech})
_NARY = {"kron": B.kron, "hadamard": B.hadamard, "khatri_rao": B.khatri_rao}
_NARY["face_split"] = B.face_split
_ONE_ARG["vecr"] = B.vecr
_CALCULUS = ("diff", "grad", "hessian")
_SPECTRAL = ("eigvals", "svdvals", "rank")  # statements, see kronsym.spectral
_FUNCTIONS = sorted(set(_DIM_ARGS) | set(_ONE_ARG) | set(_NARY) | set(N.SCALAR_FUNCS)
                    | {"unvec", "kron_sum", "tracy_singh"} | set(_CALCULUS) | set(_SPECTRAL))


class _Names:
    def __init__(self, shapes, dims, scalars):
        self.matrices: Dict[str, N.MatrixSymbol] = {}
        self.dims: Dict[str, sympy.Symbol] = {}
        self.scalars: Dict[str, sympy.Symbol] = {}
        for d in dims:
            d = _symbol(d, "dims")
            self.dims[d.name] = d if (d.is_integer and d.is_positive) else \
                sympy.Symbol(d.name, integer=True, positive=True)
        for s in scalars:
            s = _symbol(s, "scalars")
            self.scalars[s.name] = s
        self.shapes_in = shapes

    def new_dim(self, name):
        d = self.dims.get(name)
        if d is None:
            d = self.dims[name] = sympy.Symbol(name, integer=True, positive=True)
        return d


def _symbol(s, arg):
    if isinstance(s, sympy.Symbol):
        return s
    if isinstance(s, str) and s.isidentifier():
        return sympy.Symbol(check_name(s, f"parse(..., {arg}=...)"))
    raise TypeError(f"parse(..., {arg}=...): each entry must be a name or SymPy Symbol, got {s!r}")


def _number(t: str):
    """The SymPy number a literal denotes, within the limits of :mod:`kronsym.bignum`
    (checked on the digits, before anything is converted)."""
    if t.isdigit():
        if len(t) > MAX_INTEGER_DIGITS:
            raise ValueError(f"this integer has {len(t):,} digits, over the limit of "
                             f"{MAX_INTEGER_DIGITS:,} (kronsym.bignum.MAX_NUMBER_BITS: "
                             f"{MAX_NUMBER_BITS:,} bits)")
        return check_number(sympy.Integer(str_to_int(t)), "this integer")
    mantissa, _, exponent = t.replace("E", "e").partition("e")
    if len(mantissa) > MAX_DECIMAL_DIGITS + 1 or len(exponent.lstrip("+-")) > 5:
        raise ValueError(f"this decimal number is too long: at most {MAX_DECIMAL_DIGITS:,} "
                         f"digits and an exponent of at most 5 digits "
                         f"(kronsym.bignum.MAX_DECIMAL_DIGITS); write large numbers as integers")
    digits = len(mantissa.replace(".", "").lstrip("0"))
    if digits <= 17:  # a double, as printed: str(0.1*3*X) is '0.30000000000000004*X'
        f = float(t)
        if not math.isfinite(f) or (f == 0 and digits and
                                    float(mantissa) != 0):  # overflow or underflow
            raise ValueError(f"{t[:30]} is not a finite number in the range of a double "
                             f"(about 1e-308 to 1.8e308 in magnitude, or zero)")
        return sympy.Float(f)
    return check_number(sympy.Float(t), "this number")  # precision follows the digits written


def _coerce(v, what_fn=None):
    """A value where a matrix expression is needed: numbers become 1×1 constants."""
    if isinstance(v, _statement_types()):
        raise TypeError(f"{v} is a {type(v).__name__.lower()} statement (kronsym.spectral), not "
                        f"a matrix; it can only be compared with '==' to another one")
    return B.scalar(v) if not isinstance(v, N.Expr) else v


def _side(v):
    """A finished side of an equation (or a whole parse): a matrix or a statement."""
    return v if isinstance(v, _statement_types()) else _coerce(v)


def _build(text: str, raw: _Raw, names: _Names, mode: str = "expr"):
    """Turn the raw tree into a kronsym expression (or a SymPy scalar).

    ``mode``: "expr" (matrices allowed), "dim" (unknown names become new
    dimensions) or "scalar" (an exponent: numbers and known symbols only).
    """
    vals: Dict[int, object] = {}
    stack = [(raw, mode, False, False)]
    while stack:
        node, mode, inner, done = stack.pop()
        if not done:
            stack.append((node, mode, inner, True))
            for k, kid in reversed(list(enumerate(node.kids))):
                stack.append((kid, _child_mode(node, k, mode), _continues(node, k), False))
            continue
        kids = [vals.pop(id(k)) for k in node.kids]
        try:
            vals[id(node)] = _meaning(text, node, mode, kids, names)
            if mode == "expr" and not inner and isinstance(vals[id(node)], _Chain):
                vals[id(node)] = vals[id(node)].build()
        except ShapeError as e:
            raise _error(text, node.pos, str(e).split("\n")[0], type(e)) from None
        except (TypeError, ValueError) as e:
            if isinstance(e, KronsymError) and hasattr(e, "column"):
                raise
            raise _error(text, node.pos, str(e).split("\n")[0]) from None
    return vals[id(raw)]


class _Chain:
    """Terms of a left-associated ``+``/``-`` or ``@`` chain still being read.

    ``X + X + ... + X`` is one n-ary sum: collecting the terms in a list and
    building the node once keeps parsing linear in the length of the chain
    (each operand is still checked against its neighbour as it arrives, so a
    shape error points at the right operator).
    """
    __slots__ = ("cls", "items")

    def __init__(self, cls, items):
        self.cls, self.items = cls, items

    def build(self) -> N.Expr:
        return self.cls(*self.items)


_CHAIN_GROUP = {"+": "+", "-": "+", "@": "@", "⊗": "⊗", "∘": "∘"}


def _continues(node, k) -> bool:
    """Is child ``k`` of ``node`` the left part of a chain ``node`` extends?"""
    if k != 0 or node.kind != "bin" or node.text not in _CHAIN_GROUP:
        return False
    kid = node.kids[0]
    return (not kid.paren and kid.kind == "bin"
            and _CHAIN_GROUP.get(kid.text) == _CHAIN_GROUP[node.text])


def _extend(cls, l, r) -> "_Chain":
    """Append ``r`` to the chain ``l`` (a ``_Chain`` or a first operand)."""
    if not isinstance(l, _Chain):
        cls(l, r)  # checks the shapes of the first pair
        return _Chain(cls, [l, r])
    neighbour = l.items[0] if cls is N.MatAdd else l.items[-1]
    if cls is not N.MatAdd or neighbour.shape != r.shape:
        cls(neighbour, r)  # raises ShapeError naming this pair
    l.items.append(r)
    return l


def _child_mode(node, k, mode):
    if mode != "expr":
        return mode
    if node.kind == "call":
        if node.text in _DIM_ARGS or (node.text == "unvec" and k > 0) or \
                (node.text == "tracy_singh" and k > 1):
            return "dim"
    if node.kind == "bin" and node.text in _RIGHT and k == 1:
        return "scalar"
    return "expr"


def _meaning(text, node, mode, kids, names: _Names):
    kind = node.kind
    if kind == "num":
        return _number(node.text)
    if kind == "name":
        return _name(text, node, mode, names)
    if mode != "expr":
        return _scalar_meaning(text, node, mode, kids)
    if kind == "neg":
        x = kids[0]
        if not isinstance(x, N.Expr):
            return -x
        return N.ScalarMul(-1, x) if node.kids[0].paren else B._negated(x)
    if kind == "T":
        return N.Transpose(_coerce(kids[0], "transpose"))
    if kind == "call":
        return _call(text, node, kids)
    op, (l, r) = node.text, kids
    left_chain = not node.kids[0].paren and node.kids[0].kind == "bin"
    if op in ("+", "-"):
        if isinstance(l, _Chain):
            r = _coerce(r, op)
            if op == "-":
                r = N.ScalarMul(-1, r) if node.kids[1].paren else B._negated(r)
            return _extend(N.MatAdd, l, r)
        if not isinstance(l, N.Expr) and not isinstance(r, N.Expr):
            return scalar_op(op, l, r)
        l, r = _coerce(l, op), _coerce(r, op)
        if op == "-":
            r = N.ScalarMul(-1, r) if node.kids[1].paren else B._negated(r)
        return _extend(N.MatAdd, l, r)
    if op == "@":
        if isinstance(l, _Chain) and isinstance(r, N.Expr):
            return _extend(N.MatMul, l, r)
        if not isinstance(l, N.Expr) or not isinstance(r, N.Expr):
            raise TypeError("'@' multiplies matrices; use '*' for a number times a matrix")
        return _extend(N.MatMul, l, r)
    if op == "*":
        if not isinstance(l, N.Expr):
            return scalar_op("*", l, r) if not isinstance(r, N.Expr) else N.ScalarMul(l, r)
        if not isinstance(r, N.Expr):
            return N.ScalarMul(r, l)
        if l.is_scalar and r.is_scalar and left_chain and node.kids[0].text == "*" \
                and isinstance(l, N.MatMul):
            return N.MatMul(*l.children, r)
        return B._times(l, r)
    if op == "/":
        if not isinstance(r, N.Expr):
            if r == 0 or getattr(r, "is_zero", False):  # Float(0.0) == 0 is False in SymPy
                raise ValueError("division by zero")
            return scalar_op("/", l, r) if not isinstance(l, N.Expr) else \
                N.ScalarMul(scalar_op("/", sympy.Integer(1), r), l)
        if not isinstance(l, N.Expr):
            return N.ScalarMul(l, N.Power(r, -1)) if l != 1 else N.Power(r, -1)
        return l / r
    if op in _RIGHT:
        if not isinstance(l, N.Expr):
            return _number_power(l, r)
        if not l.is_scalar:
            if r == -1:
                return N.Inverse(l)
            raise TypeError(f"'{op}' raises a 1×1 expression to a power; {l} is "
                            f"{l.rows}×{l.cols} (use inv(...) or '@')")
        check_exponent(r)
        return N.Power(l, r)
    if op in _KRONLIKE:
        if isinstance(l, _Chain):  # A ⊗ B ⊗ ... collected and built once (linear time)
            return _extend(l.cls, l, _coerce(r, op))
        l, r = _coerce(l, op), _coerce(r, op)
        lk = node.kids[0]
        if left_chain and lk.text in _KRONLIKE and lk.text != op:
            raise ValueError(f"'{lk.text}' and '{op}' cannot be mixed without parentheses: "
                             f"write (A {lk.text} B) {op} C or A {lk.text} (B {op} C)")
        cls = {"⊗": N.Kron, "∘": N.Hadamard, "⊙": N.KhatriRao, "⊕": N.KronSum,
               "•": N.FaceSplit}[op]
        return _extend(cls, l, r) if op in _CHAIN_GROUP else cls(l, r)
    raise ValueError(f"unknown operator {op!r}")  # pragma: no cover - tokenizer prevents it


def _name(text, node, mode, names: _Names):
    t = node.text
    if mode == "expr" and t in names.matrices:
        return names.matrices[t]
    if t in names.dims:
        return names.dims[t]
    if t in names.scalars:
        return names.scalars[t]
    if not is_name(t):
        raise ValueError(f"{t!r} is not a valid name: a name is a letter followed by letters, "
                         f"digits or underscores")
    if mode == "dim":
        return names.new_dim(t)
    if t in names.matrices:
        raise ValueError(f"the matrix {t} cannot stand where a number is needed")
    known = sorted(names.matrices)
    hint = f" (known matrices: {', '.join(known)})" if known else ""
    if t in _FUNCTIONS:
        raise ValueError(f"{t} is a function: write {t}(...)")
    raise ValueError(f"unknown name {t!r}{hint}: declare its shape, e.g. shapes={{'{t}': "
                     f"('m', 'n')}} or --let {t}=m,n on the command line, or declare it a scalar "
                     f"(scalars=['{t}'], --scalar {t})")


#: the largest number a power of numbers may produce, in bits (``2**3**4**5`` is refused
#: instead of computed: SymPy would try to build an integer of 10^700 digits); the same
#: limit holds for every number the parser reads or computes (see kronsym.bignum)
MAX_POWER_BITS = MAX_NUMBER_BITS
#: the highest root of a number the parser computes (SymPy looks for exact roots:
#: 99**(1/387420489) took minutes)
MAX_ROOT_ORDER = _MAX_ROOT_ORDER


def _number_power(l, r):
    """``l ** r`` for SymPy scalars, refusing results too large to compute.

    >>> _number_power(sympy.Integer(2), sympy.Integer(10))
    1024
    """
    try:
        out = scalar_power(l, r)
    except ZeroDivisionError:
        raise ValueError("division by zero (a power of zero with a negative exponent)") from None
    except ValueError as e:
        if "is not a finite number" in str(e) and (l == 0 or getattr(l, "is_zero", False)):
            raise ValueError("division by zero (a power of zero with a negative exponent)") \
                from None
        raise
    if getattr(out, "is_number", False) and (out.is_finite is False or out.has(sympy.nan)):
        raise ValueError("division by zero (a power of zero with a negative exponent)")
    if getattr(out, "is_number", False) and out.is_extended_real is False:
        raise ValueError(f"({sstr(l)[:20]})**({sstr(r)[:20]}) is not a real number")
    return out


def _scalar_meaning(text, node, mode, kids):
    what = "a dimension" if mode == "dim" else "an exponent"
    if any(isinstance(k, N.Expr) for k in kids) or node.kind in ("T", "call"):
        if node.kind == "call" and node.text == "sqrt" and len(kids) == 1:
            return sympy.sqrt(kids[0])
        raise ValueError(f"{what} must be a number or symbol expression, not a matrix expression")
    if node.kind == "neg":
        return -kids[0]
    l, r = kids
    if node.text in ("**", "^"):
        return _number_power(l, r)
    if node.text not in ("+", "-", "*", "/"):
        raise ValueError(f"{what} cannot contain {node.text!r}")
    if node.text == "/" and (r == 0 or getattr(r, "is_zero", False)):
        raise ValueError("division by zero")
    return scalar_op(node.text, l, r)


def _call(text, node, kids):
    name, n = node.text, len(kids)

    def arity(lo, hi=None):
        hi = lo if hi is None else hi
        if not lo <= n <= (hi if hi >= 0 else n):
            want = f"{lo}" if lo == hi else (f"at least {lo}" if hi < 0 else f"{lo} to {hi}")
            raise TypeError(f"{name}() takes {want} argument(s), got {n}")

    if name in _DIM_ARGS:
        arity(*_DIM_ARGS[name])
        dims = [as_dim(k, f"argument {i + 1} of {name}") for i, k in enumerate(kids)]
        return _DIM_BUILDERS[name](*dims)
    if name == "unvec":
        arity(3)
        return B.unvec(_coerce(kids[0], name), as_dim(kids[1], "rows of unvec"),
                       as_dim(kids[2], "columns of unvec"))
    if name in _ONE_ARG:
        arity(1)
        return _ONE_ARG[name](_coerce(kids[0], name))
    if name in N.SCALAR_FUNCS:
        arity(1)
        return N.ScalarFunc(name, _coerce(kids[0], name))
    if name in _NARY:
        arity(1, -1)
        return _NARY[name](*[_coerce(k, name) for k in kids])
    if name in _CALCULUS:
        arity(2)
        if not isinstance(kids[1], N.MatrixSymbol):
            raise TypeError(f"{name}(F, X): X must be a matrix symbol, got {kids[1]}")
        return _operation(name)(_coerce(kids[0], name), kids[1])  # kronsym.diff registers them
    if name == "tracy_singh":
        arity(6)
        dims = [as_dim(k, f"argument {i + 3} of tracy_singh") for i, k in enumerate(kids[2:])]
        return B.tracy_singh(_coerce(kids[0], name), _coerce(kids[1], name), a_blocks=dims[:2],
                             b_blocks=dims[2:])
    if name == "kron_sum":
        arity(2)
        return B.kron_sum(_coerce(kids[0], name), _coerce(kids[1], name))
    if name in _SPECTRAL:
        arity(1)
        return _operation(name)(_coerce(kids[0], name))  # kronsym.spectral registers them
    raise ValueError(f"unknown function {name}(); the functions are: {', '.join(_FUNCTIONS)}")


# --- public ------------------------------------------------------------------------
def _check_text(text, arg="text", fn="parse"):
    if not isinstance(text, str):
        raise TypeError(f"{fn}({arg}): {arg} must be a str, got {type(text).__name__}")
    if len(text) > MAX_LENGTH:
        raise ParseError(f"the text is {len(text):,} characters long, over the limit of "
                         f"{MAX_LENGTH:,} (kronsym.parser.MAX_LENGTH)")
    if not text.strip():
        raise ParseError("empty expression")


def _names(shapes, dims, scalars, fn="parse") -> _Names:
    for arg, v in (("dims", dims), ("scalars", scalars)):
        if v is not None and (isinstance(v, bytes) or not hasattr(v, "__iter__")):
            raise TypeError(f"{fn}(..., {arg}=...): {arg} must be a list of names or SymPy "
                            f"symbols, got {type(v).__name__} {v!r:.40}")
    if shapes is not None and not hasattr(shapes, "__iter__"):
        raise TypeError(f"{fn}(text, shapes): shapes must be a dict name -> (rows, cols) or a "
                        f"list of MatrixSymbols, got {type(shapes).__name__} {shapes!r:.40}")
    try:
        names = _Names({}, dims or (), scalars or ())
        for name, shape in parse_shapes(shapes or {}, names).items():
            names.matrices[name] = shape
    except TypeError as e:  # the messages say parse(...); name the caller instead
        msg = str(e)
        if fn != "parse" and msg.startswith("parse("):
            raise TypeError(fn + msg[len("parse"):]) from None
        raise
    return names


def parse_shapes(shapes: Mapping, _names: Optional[_Names] = None) -> Dict[str, N.MatrixSymbol]:
    """The MatrixSymbols declared by ``shapes``: name -> (rows, cols), "rows,cols",
    "n" (a column vector) or a MatrixSymbol; dims are ints, SymPy expressions or text.
    A third part "sym" declares a symmetric matrix: ("n", "n", "sym") or "n,n,sym".

    >>> from kronsym.parser import parse_shapes
    >>> parse_shapes({"A": ("m", "n*p"), "x": "n"})["A"].shape
    (m, n*p)
    >>> type(parse_shapes({"S": "n,n,sym"})["S"]).__name__
    'SymmetricSymbol'
    """
    if isinstance(shapes, (list, tuple)) or (hasattr(shapes, "__iter__") and
                                             not isinstance(shapes, Mapping)):
        items = []
        for s in shapes:
            if not isinstance(s, N.MatrixSymbol):
                raise TypeError(f"parse(shapes=...): a list of shapes must hold MatrixSymbols, "
                                f"got {type(s).__name__}")
            items.append((s.name, s))
    elif isinstance(shapes, Mapping):
        items = list(shapes.items())
    else:
        raise TypeError(f"parse(shapes=...): shapes must be a dict name -> (rows, cols), got "
                        f"{type(shapes).__name__}")
    names = _names_for_shapes() if _names is None else _names
    out = {}
    for name, shape in items:
        if not is_name(name):
            check_name(name, "parse(shapes=...): matrix name")
        if isinstance(shape, N.MatrixSymbol):
            for d in shape.rows.free_symbols | shape.cols.free_symbols:
                names.dims.setdefault(d.name, d)
            out[name] = shape
            continue
        if isinstance(shape, str):
            parts = [p for p in shape.split(",")]
            shape = tuple(parts) if len(parts) in (2, 3) else (parts[0], 1) if len(parts) == 1 \
                else shape
        if isinstance(shape, (tuple, list)) and len(shape) == 3:
            out[name] = _symmetric_shape(name, shape, names)
            continue
        if not isinstance(shape, (tuple, list)) or len(shape) != 2:
            raise TypeError(f"parse(shapes=...): the shape of {name} must be (rows, cols) or "
                            f"'rows,cols', got {shape!r}")
        dims = [_dim_value(d, f"{'rows' if k == 0 else 'columns'} of {name}", names)
                for k, d in enumerate(shape)]
        out[name] = N.MatrixSymbol(name, *dims)
    return out


def _symmetric_shape(name, shape, names) -> N.MatrixSymbol:
    """("n", "n", "sym"): a symmetric n×n symbol."""
    if not (isinstance(shape[2], str) and shape[2].strip() == "sym"):
        raise TypeError(f"parse(shapes=...): the shape of {name} must be (rows, cols) or "
                        f"(n, n, 'sym') for a symmetric matrix, got {shape!r}")
    rows, cols = [_dim_value(d, f"{'rows' if k == 0 else 'columns'} of {name}", names)
                  for k, d in enumerate(shape[:2])]
    if rows != cols:
        raise ShapeError(f"parse(shapes=...): the symmetric matrix {name} must be square, got "
                         f"{rows}×{cols}")
    return B.symmetric(name, rows)


def _names_for_shapes():
    return _Names({}, (), ())


def _dim_value(d, what, names):
    if isinstance(d, str):
        _check_text(d, "shape")
        toks = _tokens(d)
        raw, _ = _syntax(d, toks)
        d = _build(d, raw, names, mode="dim")
    elif isinstance(d, sympy.Expr):
        for s in d.free_symbols:
            names.dims.setdefault(s.name, s)
    return as_dim(d, what)


def parse(text: str, shapes: Optional[Mapping] = None, *,
          dims: Iterable = (), scalars: Iterable = ()) -> N.Expr:
    """The kronsym expression written in ``text`` (see the module docstring for the language).

    ``shapes`` declares the matrices: ``{"A": ("m", "n"), "x": "n"}`` (a single
    dim is a column vector) or a list of MatrixSymbols. Dimension names become
    positive integer symbols, equal to those of ``ks.dims``.

    >>> import kronsym as ks
    >>> e = ks.parse("kron(A, B).T @ vec(X)", shapes={"A": ("m", "n"), "B": ("p", "q"),
    ...                                               "X": ("m*p", 1)})
    >>> print(e)
    (A ⊗ B).T @ vec(X)
    >>> e.shape
    (n*q, 1)
    >>> ks.parse("A @ B", {"A": (2, 3), "B": (2, 3)})
    Traceback (most recent call last):
    ...
    kronsym.errors.ShapeError: matrix product A @ B: A is 2×3, B is 2×3; columns of A (3) ≠ rows of B (2) (column 3)
      A @ B
        ^
    """
    _check_text(text)
    names = _names(shapes, dims, scalars)
    toks = _tokens(text)
    raw, _ = _syntax(text, toks)
    return _side(_build(text, raw, names))


def parse_equation(text: str, shapes: Optional[Mapping] = None, *,
                   dims: Iterable = (), scalars: Iterable = ()) -> Tuple[N.Expr, N.Expr]:
    """The two sides of ``"LHS == RHS"`` (a single ``=`` is accepted too).

    >>> import kronsym as ks
    >>> lhs, rhs = ks.parse_equation("vec(A @ X @ B) == kron(B.T, A) @ vec(X)",
    ...                              {"A": "m,n", "X": "n,p", "B": "p,q"})
    >>> ks.equals(lhs, rhs)
    True
    """
    return _equation(text, shapes, dims, scalars, "parse_equation")


def _equation(text, shapes, dims, scalars, fn):
    """parse_equation, with errors naming ``fn`` (``parse_equation`` or ``verify``)."""
    _check_text(text, "claim" if fn == "verify" else "text", fn)
    names = _names(shapes, dims, scalars, fn)
    toks = _tokens(text)
    lhs, i = _syntax(text, toks, 0, stop_at_eq=True)
    if toks[i].kind == "end":
        raise _error(text, len(text), "an identity needs '==' between its two sides")
    rhs, j = _syntax(text, toks, i + 1, stop_at_eq=True)
    if toks[j].kind != "end":
        raise _error(text, toks[j].pos, "only one '==' is allowed in an identity")
    return _side(_build(text, lhs, names)), _side(_build(text, rhs, names))
