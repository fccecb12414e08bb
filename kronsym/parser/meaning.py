"""The parser's meaning: raw tree -> kronsym expression, iteratively, post-order.

Owns: the function tables (``_FUNCTIONS``), ``_Names`` (what each name is), number
and power bounds (``MAX_POWER_BITS``, ``MAX_ROOT_ORDER``) and ``_build``. The
calculus and spectral functions come from :mod:`kronsym.optable` (registered by
kronsym.diff and kronsym.spectral), never by importing those later stages.
"""
from __future__ import annotations

import math
from typing import Dict

import sympy

from .. import build as B
from .. import nodes as N
from ..nodes import operators as O
from ..bignum import (MAX_DECIMAL_DIGITS, MAX_INTEGER_DIGITS, MAX_NUMBER_BITS,
                      MAX_ROOT_ORDER as _MAX_ROOT_ORDER, check_exponent, check_number,
                      scalar_op, scalar_power, sstr, str_to_int)
from ..dims import as_dim
from ..optable import operation as _operation, statement_types as _statement_types
from ..names import check_name, is_name
from ..errors import KronsymError, ShapeError, hint, with_hints
from .lexer import _KRONLIKE, _RIGHT, _Raw, _error, did_you_mean

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
# reductions and building blocks (kronsym/nodes/reductions.py); ones(n) is n×1
_ONE_ARG.update({"norm": B.norm, "norm2": B.norm2, "norm1": B.norm1, "logsumexp": B.logsumexp,
                 "softmax": B.softmax, "diagonal": N.DiagPart})
# matrix functions (kronsym/nodes/matfuncs.py) and their Jacobians (as printed)
_ONE_ARG.update({"expm": N.Expm, "logm": N.Logm, "sqrtm": N.Sqrtm,
                 **{f"{f}_jacobian": (lambda x, f=f: N.MatFuncJacobian(x, f))
                    for f in N.MATFUNC_NAMES}})
_DIM_ARGS["ones"] = (1, 2)
# pseudo-inverse family (kronsym/build_pseudo.py)
from .. import build_pseudo as _BP  # noqa: E402
_ONE_ARG.update({"pinv": _BP.pinv, "adj": _BP.adj, "eigvalsh": _BP.eigvalsh,
                 "eigvecsh": _BP.eigvecsh, "nuclear_norm": _BP.nuclear_norm, "polar": _BP.polar})
_CALCULUS = ("diff", "grad", "hessian")
_SPECTRAL = ("eigvals", "svdvals", "rank")  # statements, see kronsym.spectral
_FUNCTIONS = sorted(set(_DIM_ARGS) | set(_ONE_ARG) | set(_NARY) | set(N.SCALAR_FUNCS)
                    | {"unvec", "kron_sum", "tracy_singh", "power", "sum"} | set(_CALCULUS)
                    | set(_SPECTRAL))


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


def _number_and_matrix(op: str, l, r) -> None:
    """A number added to a matrix that is not 1×1 is refused as Python's ``A + 1`` is
    (a constant matrix is c * ones(m, n)), not as a 1×1 operand of the wrong size."""
    num, mat = (l, r) if not isinstance(l, (N.Expr, _Chain)) else (r, l)
    if not isinstance(num, (int, float, sympy.Expr)) or not isinstance(mat, (N.Expr, _Chain)):
        return                    # (a spectral statement is refused where it is coerced)
    if isinstance(mat, _Chain):
        mat = mat.items[-1]
    if mat.is_scalar:
        return
    h = hint("function", "ones")
    raise with_hints(TypeError(f"'{op}' of the scalar {num} and the {mat.rows}×{mat.cols} "
                               f"matrix {mat}: only 1×1 expressions combine with scalars (use "
                               f"c * {h.python()}(m, n) for a constant matrix)"), h)


def _side(v, text: str = "", pos: int = 0):
    """A finished side of an equation (or a whole parse): a matrix or a statement. A
    number the constructors refuse here (``0**-c`` is zoo**c, not finite) is a ParseError
    at ``pos`` of ``text``, like every other refusal (found by bench/fuzz_parser.py)."""
    if isinstance(v, _statement_types()):
        return v
    try:
        return _coerce(v)
    except (TypeError, ValueError) as e:
        if isinstance(e, KronsymError) and hasattr(e, "column"):
            raise
        raise _error(text, pos, str(e).split("\n")[0], cause=e) from None


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
            raise _error(text, node.pos, str(e).split("\n")[0], type(e), cause=e) from None
        except (TypeError, ValueError) as e:
            if isinstance(e, KronsymError) and hasattr(e, "column"):
                raise
            raise _error(text, node.pos, str(e).split("\n")[0], cause=e) from None
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
        return N.ScalarMul(-1, x) if node.kids[0].paren else O._negated(x)
    if kind == "T":
        return N.Transpose(_coerce(kids[0], "transpose"))
    if kind == "call":
        return _call(text, node, kids)
    op, (l, r) = node.text, kids
    left_chain = not node.kids[0].paren and node.kids[0].kind == "bin"
    if op in ("+", "-"):
        _number_and_matrix(op, l, r)
        if isinstance(l, _Chain):
            r = _coerce(r, op)
            if op == "-":
                r = N.ScalarMul(-1, r) if node.kids[1].paren else O._negated(r)
            return _extend(N.MatAdd, l, r)
        if not isinstance(l, N.Expr) and not isinstance(r, N.Expr):
            return scalar_op(op, l, r)
        l, r = _coerce(l, op), _coerce(r, op)
        if op == "-":
            r = N.ScalarMul(-1, r) if node.kids[1].paren else O._negated(r)
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
        return O._times(l, r)
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
            check_exponent(r)
            return B.matrix_power(l, r)   # a square matrix; X**k checks the shape and k
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
    known_text = did_you_mean(t, list(names.matrices) + list(names.scalars)) + \
        (f" (known matrices: {', '.join(known)})" if known else "")
    if t in _FUNCTIONS:
        raise ValueError(f"{t} is a function: write {t}(...)")
    h = hint("declare_name", t)
    raise with_hints(ValueError(f"unknown name {t!r}{known_text}: {h.python()}"), h)


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
    if name == "sum":
        arity(1, 2)
        axis = None
        if n == 2:
            if kids[1] not in (0, 1) or isinstance(kids[1], N.Expr):
                raise ValueError(f"sum(X, axis): axis must be 0 (column sums) or 1 (row "
                                 f"sums), got {kids[1]}")
            axis = int(kids[1])
        return B.sum(_coerce(kids[0], name), axis)
    if name == "power":        # the entrywise power power(X, p), p a number or scalar
        arity(2)
        if isinstance(kids[1], N.Expr):
            raise TypeError("power(X, p): p must be a number or a scalar symbol")
        check_exponent(kids[1])
        return B.power(_coerce(kids[0], name), kids[1])
    if name == "kron_sum":
        arity(2)
        return B.kron_sum(_coerce(kids[0], name), _coerce(kids[1], name))
    if name in _SPECTRAL:
        arity(1)
        return _operation(name)(_coerce(kids[0], name))  # kronsym.spectral registers them
    raise ValueError(f"unknown function {name}(){did_you_mean(name, _FUNCTIONS, '()')}; the "
                     f"functions are: {', '.join(_FUNCTIONS)}")
