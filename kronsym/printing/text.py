"""Plain-text printer: ``str(expr)``.

Owns: the text table ``TEXT`` (node class name -> function). The output is
readable and is also the input language of :mod:`kronsym.parser` (``@`` for
the matrix product, ``.T``, ``⊗ ∘ ⊙ • ⊕``, function calls for the rest), so
``parse(str(e)) == e``. Deterministic: no hash order is ever used. Printers
compose their kids' text without slicing it (see :mod:`.fragments`), so
printing is linear in the length of the output.
"""
from __future__ import annotations

from typing import Dict, Optional, Union

import mpmath.libmp as mlib
import sympy

from ..nodes.registry import node_class
from ..bignum import BigIntStrPrinter, sstr
from ..traverse import postorder
from . import fragments
from .precedence import Printer, entry, is_a, needs_parens, table_key, _is_constant_scalar

__all__ = ["text", "TEXT", "register"]


def _w(parent, child, s, pos=0):
    return f"({s})" if needs_parens(parent, child, "text", pos) else s


def _join(sep):
    def printer(node, kids):
        return sep.join(_w(node, c, s, i) for i, (c, s) in enumerate(zip(node.children, kids)))
    return printer


class _RoundTripStr(BigIntStrPrinter):
    """SymPy's str, except that a double-precision Float prints with the shortest digits
    that give the same double back (``0.1*3`` is ``0.30000000000000004``, not the
    15-digit ``0.300000000000000``), so that parsing the text returns the same node;
    integers of any size print in full (see :mod:`kronsym.bignum`)."""

    def _print_Float(self, expr):
        if expr._prec == 53:
            return repr(float(expr))
        return _float_digits(expr) or super()._print_Float(expr)


def _float_digits(x: sympy.Float) -> Optional[str]:
    """A Float of more than double precision, written with the number of digits from which
    the parser (``sympy.Float(text)``: precision follows the digits written) rebuilds
    the same value at the same precision; None if no digit count does."""
    centre = mlib.prec_to_dps(x._prec)
    for d in range(max(18, centre - 3), centre + 4):
        if mlib.dps_to_prec(d) != x._prec:
            continue
        text = mlib.to_str(x._mpf_, d, strip_zeros=False)
        back = sympy.Float(text)
        if back._prec == x._prec and back._mpf_ == x._mpf_:
            return text
    return None


def _sstr(c) -> str:
    return _RoundTripStr().doprint(c)


def _dim(d) -> str:
    return sstr(d)


def _negative_number(c: sympy.Expr) -> bool:
    """A numeric coefficient below zero: printed as a minus sign, which the parser folds
    back into the number. A symbolic negative coefficient (−a, −2a, −1/(mn)) is printed in
    parentheses instead: '-a*X' reads back as −(a·X), a different node from (−a)·X."""
    return bool(c.is_Number and c < 0)


def _coeff(c: sympy.Expr) -> str:
    s = _sstr(c)
    if s.startswith("-") or c.is_Add or (c.is_Rational and not c.is_Integer) or (c.is_Mul and not c.is_Number and
                                                              any(a.is_Rational and not a.is_Integer for a in c.args)):
        return f"({s})"
    return s


def _scalarmul(node, kids):
    c = node.coeff
    if _is_constant_scalar(node):
        s = _sstr(c)
        return s
    if _negative_number(c):
        return "-" + _magnitude(node, kids)
    body = _w(node, node.children[0], kids[0])
    if c == 1:
        return "1*" + body
    return _coeff(c) + "*" + body


def _magnitude(node, kids):
    """The text of a ScalarMul with a negative number coefficient, without its '-'."""
    c = node.coeff
    body = _w(node, node.children[0], kids[0])
    return body if c == -1 else _coeff(-c) + "*" + body


def _matadd(node, kids):
    out = []
    for i, (child, s) in enumerate(zip(node.children, kids)):
        wrapped = _w(node, child, s)
        if i and is_a(child, "ScalarMul") and not _is_constant_scalar(child) \
                and _negative_number(child.coeff):
            # the term printed without its sign (a structural choice, not a slice of text)
            out.append(" - " + _magnitude(child, (fragments.child(s, 0),)))
        elif i:
            out.append(" + " + wrapped)
        else:
            out.append(wrapped)
    return "".join(out)


def _matmul(node, kids):
    if all(c.is_scalar for c in node.children):
        return "*".join(_w(node, c, s, i) for i, (c, s) in enumerate(zip(node.children, kids)))
    return " @ ".join(_w(node, c, s, i) for i, (c, s) in enumerate(zip(node.children, kids)))


def _call(name):
    return lambda node, kids: f"{name}({kids[0]})"


def _power(node, kids):
    k = node.exponent
    ks = _sstr(k)
    if not node.children[0].is_scalar:        # the entrywise power, as the parser reads it
        return f"power({kids[0]}, {ks})"
    if not (k.is_Integer and k >= 0) and not k.is_Symbol:
        ks = f"({ks})"
    return f"{_w(node, node.children[0], kids[0])}**{ks}"


TEXT: Dict[str, Printer] = {
    "MatrixSymbol": lambda node, kids: node.name,
    "Identity": lambda node, kids: f"I({_dim(node.params[0])})",
    "ZeroMatrix": lambda node, kids: f"zeros({_dim(node.params[0])}, {_dim(node.params[1])})",
    "Ones": lambda node, kids: f"ones({_dim(node.params[0])}, {_dim(node.params[1])})",
    "Commutation": lambda node, kids: f"K({_dim(node.params[0])}, {_dim(node.params[1])})",
    "MatMul": _matmul,
    "MatAdd": _matadd,
    "ScalarMul": _scalarmul,
    "Scale": lambda node, kids: f"{_w(node, node.children[0], kids[0], 0)}*{_w(node, node.children[1], kids[1], 1)}",
    "Power": _power,
    "EntrywiseFunc": lambda node, kids: f"{node.name}({kids[0]})",
    "Transpose": lambda node, kids: f"{_w(node, node.children[0], kids[0])}.T",
    "Kron": _join(" ⊗ "),
    "Hadamard": _join(" ∘ "),
    "KhatriRao": _join(" ⊙ "),
    "KronSum": _join(" ⊕ "),
    "Vec": _call("vec"),
    "Unvec": lambda node, kids: f"unvec({kids[0]}, {_dim(node.params[0])}, {_dim(node.params[1])})",
    "Inverse": _call("inv"),
    "Trace": _call("tr"),
    "Det": _call("det"),
    "LogDet": _call("logdet"),
    "Diag": _call("diag"),
    # symmetric matrices
    "SymmetricSymbol": lambda node, kids: node.name,
    "Duplication": lambda node, kids: f"D({_dim(node.params[0])})",
    "Elimination": lambda node, kids: f"L({_dim(node.params[0])})",
    "Symmetrizer": lambda node, kids: f"Nsym({_dim(node.params[0])})",
    "Vech": _call("vech"),
}


def _tracy_singh(node, kids):
    ra, ca, rb, cb = (_dim(d) for d in node.params)
    return f"tracy_singh({kids[0]}, {kids[1]}, {ra}, {ca}, {rb}, {cb})"


# partitioned products and row-major vec (seed 002)
TEXT["FaceSplit"] = _join(" • ")
TEXT["TracySingh"] = _tracy_singh
TEXT["Vecr"] = _call("vecr")


def _sum(node, kids):
    return f"sum({kids[0]})" if node.axis is None else f"sum({kids[0]}, {node.axis})"


def _diag_part(node, kids):
    # diag(X) of a square X parses back as its diagonal; a 1×1 X would parse as diag(x),
    # the 1×1 diagonal *matrix* (same value, another node), so it is spelled diagonal(x)
    return f"{'diagonal' if node.children[0].is_scalar else 'diag'}({kids[0]})"


def _matpow(node, kids):
    """X**k, the matrix power (the parser reads '**' of a square matrix so)."""
    k = node.exponent
    ks = _sstr(k)
    if not (k.is_Integer and k >= 0) and not k.is_Symbol:
        ks = f"({ks})"
    return f"{_w(node, node.children[0], kids[0])}**{ks}"


# reductions and building blocks (kronsym/nodes/reductions.py); parse(str(e)) == e
TEXT["Sum"] = _sum
TEXT["DiagPart"] = _diag_part
TEXT["Norm2"] = _call("norm2")
TEXT["Norm1"] = _call("norm1")
TEXT["LogSumExp"] = _call("logsumexp")
TEXT["Softmax"] = _call("softmax")
TEXT["MatPow"] = _matpow
# matrix functions (kronsym/nodes/matfuncs.py): expm(X), not the entrywise exp(X)
TEXT["Expm"] = _call("expm")
TEXT["Logm"] = _call("logm")
TEXT["Sqrtm"] = _call("sqrtm")
TEXT["MatFuncJacobian"] = lambda node, kids: f"{node.func}_jacobian({kids[0]})"


def register(cls: Union[type, str], printer: Printer) -> None:
    """Add the text printer of a new node type (its class or its name).

    >>> from kronsym.printing.text import register, TEXT
    >>> register("Kron", TEXT["Kron"])   # the entry it has: no change
    """
    TEXT[table_key(cls)] = printer


def _print_node(node, kids):
    fn = entry(TEXT, node)
    if fn is None:
        raise NotImplementedError(f"no text printer for node type {type(node).__name__}; "
                                  f"register one in kronsym/printing/text.py")
    return fn(node, kids)


def text(expr: object) -> str:
    """Readable plain text of an expression (the same as ``str(expr)``).

    >>> import kronsym as ks
    >>> m, n, p, q = ks.dims("m n p q")
    >>> A, B = ks.MatrixSymbol("A", m, n), ks.MatrixSymbol("B", p, q)
    >>> ks.printing.text(ks.vec(ks.kron(A, B).T) + 2 * ks.vec(ks.kron(A.T, B.T)))
    'vec((A ⊗ B).T) + 2*vec(A.T ⊗ B.T)'
    """
    if not isinstance(expr, node_class("Expr")):   # the base, by name: printing imports no node module
        raise TypeError(f"text(expr): expr must be a kronsym expression, got {type(expr).__name__}")
    # Each node caches its own text (nodes are immutable), so printing every
    # subexpression of a deep tree, as sorting and error messages do, is linear
    # in the number of nodes rather than quadratic.
    # The cache holds a template (the node's own text, long children left as holes, see
    # .fragments), so it costs memory linear in the tree, not in the sum of all texts.
    if expr._str is not None:
        return expr._str.text()
    for node in postorder(expr, done=_has_text):
        if node._str is None:
            object.__setattr__(node, "_str", fragments.print_one(
                node, _print_node, tuple(c._str for c in node._children)))
    return expr._str.text()


def _has_text(node) -> bool:
    return node._str is not None

# pseudo-inverse, adjugate, symmetric eigen-decomposition, nuclear norm (nodes/pseudo.py)
TEXT.update({"Pinv": _call("pinv"), "Adj": _call("adj"), "Eigvalsh": _call("eigvalsh"),
             "Eigvecsh": _call("eigvecsh"), "NuclearNorm": _call("nuclear_norm"),
             "Polar": _call("polar")})
