"""LaTeX printer: ``ks.latex(expr)`` and ``expr._repr_latex_()``.

Owns: the LaTeX table ``LATEX`` (node class name -> function). Output is meant to
be pasted into a paper: ``A \\otimes B``, ``\\operatorname{vec}(A)``,
``K_{m,n}``, ``I_{n}``, ``A^{\\top}``, ``A^{-1}``, ``\\operatorname{tr}``,
``\\det``, ``\\circ`` (Hadamard), ``\\odot`` (Khatri–Rao), ``\\bullet`` (face-splitting),
``\\boxtimes`` (Tracy–Singh), ``\\oplus``
(Kronecker sum), with only the parentheses precedence requires (shared
table in :mod:`.precedence`). Deterministic, and linear in the length of the
output: printers compose their kids' text without slicing it (:mod:`.fragments`).
"""
from __future__ import annotations

from typing import Any, Dict, Union

import sympy

from ..nodes.registry import node_class
from ..bignum import int_to_str, slatex
from ..names import check_name, check_scalar_names
from ..optable import statement_types
from ..traverse import postorder
from . import fragments
from .precedence import needs_parens, is_negative_coeff, _is_constant_scalar
from .precedence import prec, POWER, POSTFIX


from .precedence import Printer, entry, is_a, table_key

__all__ = ["latex", "LATEX", "register", "latex_dim", "latex_name", "paren", "paren_size",
           "delimiters", "TALL"]


def latex_name(name: str) -> str:
    """LaTeX of a symbol name: ``A_1`` -> ``A_{1}``, ``Sigma`` -> ``\\Sigma``; a string
    that is not a kronsym name raises InvalidNameError (nothing is pasted verbatim)."""
    return sympy.latex(sympy.Symbol(check_name(name, "latex: name")))


def latex_dim(d) -> str:
    """LaTeX of a dimension for subscripts: ``m*n`` -> ``mn``, ``2*m`` -> ``2m``."""
    d = sympy.sympify(d)
    if d.is_Mul and all((a.is_Symbol and len(a.name) == 1) or a.is_Integer for a in d.args):
        return "".join(latex_name(a.name) if a.is_Symbol else int_to_str(a.p) for a in d.args)
    return slatex(d)


#: fixed delimiter sizes, smallest first: a pair around text holding a pair of size k has size k + 1
_SIZES = (("(", ")"), ("\\bigl(", "\\bigr)"), ("\\Bigl(", "\\Bigr)"), ("\\biggl(", "\\biggr)"),
          ("\\Biggl(", "\\Biggr)"))
#: the size of a pair around tall text (a fraction, or a pair that is itself tall)
TALL = -1


def paren_size(s: str) -> int:
    """The size of the parentheses that fit around ``s``: 0 for plain ``(``, k for the k-th
    of ``\\bigl \\Bigl \\biggl \\Biggl`` (one more than the largest pair inside), TALL when
    ``s`` holds a fraction or a ``\\left`` pair (then ``\\left( \\right)``).

    >>> from kronsym.printing.latex import paren_size
    >>> paren_size("A^{\\\\top}"), paren_size("(A B)^{\\\\top}"), paren_size("\\\\frac{1}{2} A")
    (0, 1, -1)
    """
    if fragments.contains(s, "\\frac") or fragments.contains(s, "\\left"):
        return TALL
    if fragments.contains(s, "\\Biggl") or fragments.contains(s, "\\biggl"):
        return 4
    for k, needle in ((3, "\\Bigl"), (2, "\\bigl"), (1, "(")):
        if fragments.contains(s, needle):
            return k
    return 0


def delimiters(size: int, tall_ok: bool = True):
    """The (open, close) parentheses of ``size`` (see :func:`paren_size`); a TALL pair is
    ``\\left( \\right)`` when ``tall_ok``, else the largest fixed size (a pair that a line
    break may split)."""
    if size == TALL:
        return ("\\left(", "\\right)") if tall_ok else _SIZES[3]
    return _SIZES[min(size, len(_SIZES) - 1)]


def paren(s: str) -> str:
    """``s`` in parentheses sized to fit it (plain around plain text, never ``\\left``
    around one symbol; a pair around a pair is one size larger).

    >>> from kronsym.printing.latex import paren
    >>> paren("A + B"), paren("(A + B) C")
    ('(A + B)', '\\\\bigl((A + B) C\\\\bigr)')
    """
    o, c = delimiters(paren_size(s))
    return f"{o}{s}{c}"


def _w(parent, child, s, pos=0):
    return paren(s) if needs_parens(parent, child, "latex", pos) else s


def _join(sep):
    def printer(node, kids):
        return sep.join(_w(node, c, s, i) for i, (c, s) in enumerate(zip(node.children, kids)))
    return printer


def _coeff(c: sympy.Expr) -> str:
    s = slatex(c)
    if c.is_Add:
        return paren(s)
    return s


def _scalarmul(node, kids):
    c = node.coeff
    if _is_constant_scalar(node):
        return slatex(c)
    if is_negative_coeff(c):
        return "-" + _magnitude(node, kids)
    body = _w(node, node.children[0], kids[0])
    return _coeff(c) + " " + body


def _magnitude(node, kids):
    """The LaTeX of a ScalarMul with a negative coefficient, without its '-'."""
    c = node.coeff
    body = _w(node, node.children[0], kids[0])
    return body if c == -1 else _coeff(-c) + " " + body


def _matadd(node, kids):
    out = []
    for i, (child, s) in enumerate(zip(node.children, kids)):
        wrapped = _w(node, child, s)
        if i and is_a(child, "ScalarMul") and not _is_constant_scalar(child) \
                and is_negative_coeff(child.coeff):
            out.append(" - " + _magnitude(child, (fragments.child(s, 0),)))
        elif i:
            out.append(" + " + wrapped)
        else:
            out.append(wrapped)
    return "".join(out)


def _postfix(sup):
    def printer(node, kids):
        child = node.children[0]
        s = kids[0]
        if needs_parens(node, child, "latex"):
            return f"{paren(s)}^{{{sup}}}"
        if is_a(child, "Transpose", "Inverse", "Power") or \
                fragments.contains(s, "^") and not fragments.endswith(s, ")"):
            return f"{{{s}}}^{{{sup}}}"
        return f"{s}^{{{sup}}}"
    return printer


def _transpose(node, kids):
    child = node.children[0]
    if is_a(child, "Inverse"):   # (A^{-1})^T = A^{-\top}: the inverse, printed with -\top
        return _postfix("-\\top")(child, (fragments.child(kids[0], 0),))
    return _postfix("\\top")(node, kids)


def _func(name):
    def printer(node, kids):
        return f"{name}{paren(kids[0])}"
    return printer


def _power(node, kids):
    k = node.exponent
    child = node.children[0]
    base = kids[0]
    if needs_parens(node, child, "latex") or is_a(child, "Power"):
        base = paren(base)
    if not child.is_scalar:            # the entrywise (Hadamard) power X^{∘k}
        return f"{base}^{{\\circ {slatex(k)}}}"
    return f"{base}^{{{slatex(k)}}}"


def _scalarfunc(node, kids):
    """f(s) for a 1×1 argument; f^{∘}(X) entry by entry otherwise, so that an entrywise
    exp never reads as the matrix exponential (docs/conventions.md)."""
    name = node.name
    if not node.children[0].is_scalar:
        return _func(f"{node.function.latex}^{{\\circ}}")(node, kids)
    if name == "sqrt":
        return f"\\sqrt{{{kids[0]}}}"
    if name == "abs":
        if paren_size(kids[0]) == TALL:
            return f"\\left\\lvert {kids[0]} \\right\\rvert"
        return f"\\lvert {kids[0]} \\rvert"
    return _func(node.function.latex)(node, kids)


def _matmul(node, kids):
    """Factors side by side; a leading c·A with c not negative reads without parentheses
    ((2A)B = 2AB: ``2 A B``, not ``(2 A) B``)."""
    return " ".join(s if i == 0 and _leading_scale(c) else _w(node, c, s, i)
                    for i, (c, s) in enumerate(zip(node.children, kids)))


def _leading_scale(c) -> bool:
    return is_a(c, "ScalarMul") and not _is_constant_scalar(c) and not is_negative_coeff(c.coeff)


LATEX: Dict[str, Printer] = {
    "MatrixSymbol": lambda node, kids: latex_name(node.name),
    "Identity": lambda node, kids: f"I_{{{latex_dim(node.params[0])}}}",
    "ZeroMatrix": lambda node, kids: f"0_{{{latex_dim(node.params[0])} \\times {latex_dim(node.params[1])}}}",
    "Ones": lambda node, kids: (f"\\mathbf{{1}}_{{{latex_dim(node.params[0])}}}" if node.params[1] == 1
                                else f"\\mathbf{{1}}_{{{latex_dim(node.params[0])} \\times {latex_dim(node.params[1])}}}"),
    "Commutation": lambda node, kids: f"K_{{{latex_dim(node.params[0])},{latex_dim(node.params[1])}}}",
    "MatMul": _matmul,
    "MatAdd": _matadd,
    "ScalarMul": _scalarmul,
    "Scale": lambda node, kids: f"{_w(node, node.children[0], kids[0], 0)} {_w(node, node.children[1], kids[1], 1)}",
    "Power": _power,
    "EntrywiseFunc": _scalarfunc,
    "Transpose": _transpose,
    "Kron": _join(" \\otimes "),
    "Hadamard": _join(" \\circ "),
    "KhatriRao": _join(" \\odot "),
    "KronSum": _join(" \\oplus "),
    "Vec": _func("\\operatorname{vec}"),
    "Unvec": lambda node, kids: (f"\\operatorname{{unvec}}_{{{latex_dim(node.params[0])},"
                                 f"{latex_dim(node.params[1])}}}({kids[0]})"),
    "Inverse": _postfix("-1"),
    "Trace": _func("\\operatorname{tr}"),
    "Det": _func("\\det"),
    "LogDet": _func("\\log\\det"),
    "Diag": _func("\\operatorname{diag}"),
    # symmetric matrices
    "SymmetricSymbol": lambda node, kids: latex_name(node.name),
    "Duplication": lambda node, kids: f"D_{{{latex_dim(node.params[0])}}}",
    "Elimination": lambda node, kids: f"L_{{{latex_dim(node.params[0])}}}",
    "Symmetrizer": lambda node, kids: f"N_{{{latex_dim(node.params[0])}}}",
    "Vech": _func("\\operatorname{vech}"),
}


def _tracy_singh(node, kids):
    """A \\boxtimes_{(r_a,c_a),(r_b,c_b)} B: the block grids of A and B as a subscript."""
    ra, ca, rb, cb = (latex_dim(d) for d in node.params)
    a, b = (paren(s) if prec(c, "latex") < POWER else s
            for c, s in zip(node.children, kids))
    return f"{a} \\boxtimes_{{({ra},{ca}),({rb},{cb})}} {b}"


# partitioned products and row-major vec (seed 002)
LATEX["FaceSplit"] = _join(" \\bullet ")
LATEX["TracySingh"] = _tracy_singh
LATEX["Vecr"] = _func("\\operatorname{vec}_r")


def _ones_side(node, kids):
    """sum(X) as 1ᵀX1, column sums 1ᵀX, row sums X1 (\\mathbf{1}: a vector of ones)."""
    x = kids[0]
    if prec(node.children[0], "latex") < POSTFIX:
        x = paren(x)
    left = "\\mathbf{1}^{\\top} " if node.axis in (None, 0) else ""
    right = " \\mathbf{1}" if node.axis in (None, 1) else ""
    return f"{left}{x}{right}"


def _norm(p):
    return lambda node, kids: f"\\lVert {kids[0]} \\rVert_{p}"


def _matpow(node, kids):
    """X^{k}: the matrix power (the entrywise power prints X^{∘k})."""
    child, base = node.children[0], kids[0]
    if needs_parens(node, child, "latex") or is_a(child, "Power", "MatPow"):
        base = paren(base)
    return f"{base}^{{{slatex(node.exponent)}}}"


# reductions and building blocks (kronsym/nodes/reductions.py)
LATEX["Sum"] = _ones_side
LATEX["DiagPart"] = _func("\\operatorname{diag}")
LATEX["Norm2"] = _norm(2)
LATEX["Norm1"] = _norm(1)
LATEX["LogSumExp"] = _func("\\operatorname{logsumexp}")
LATEX["Softmax"] = _func("\\operatorname{softmax}")
LATEX["MatPow"] = _matpow


# matrix functions (kronsym/nodes/matfuncs.py): e^{X} (the entrywise exp prints \exp^{\circ})
_JACOBIAN_NAME = {"expm": "\\exp", "logm": "\\log", "sqrtm": "\\sqrt{\\cdot}"}
LATEX["Expm"] = lambda node, kids: f"e^{{{kids[0]}}}"
LATEX["Logm"] = _func("\\log")
LATEX["Sqrtm"] = _postfix("1/2")
LATEX["MatFuncJacobian"] = lambda node, kids: (
    f"\\operatorname{{J}}_{{{_JACOBIAN_NAME[node.func]}}}\\left({kids[0]}\\right)")


def register(cls: Union[type, str], printer: Printer) -> None:
    """Add the LaTeX printer of a new node type (its class or its name).

    >>> from kronsym.printing.latex import register, LATEX
    >>> register("Kron", LATEX["Kron"])   # the entry it has: no change
    """
    LATEX[table_key(cls)] = printer


def _print_node(node, kids):
    fn = entry(LATEX, node)
    if fn is None:
        raise NotImplementedError(f"no LaTeX printer for node type {type(node).__name__}; "
                                  f"register one in kronsym/printing/latex.py")
    return fn(node, kids)


def latex(expr: Any) -> str:
    """LaTeX of an expression, ready to paste into a paper.

    >>> import kronsym as ks
    >>> m, n, p, q = ks.dims("m n p q")
    >>> A, B = ks.MatrixSymbol("A", m, n), ks.MatrixSymbol("B", p, q)
    >>> ks.latex(ks.vec(ks.kron(A, B).T))
    '\\\\operatorname{vec}\\\\bigl((A \\\\otimes B)^{\\\\top}\\\\bigr)'
    """
    if not isinstance(expr, node_class("Expr")):   # the base, by name: printing imports no node module
        if isinstance(expr, statement_types()):   # ks.eigvals(...), ks.rank(...) (kronsym.optable)
            return expr.latex()   # type: ignore[attr-defined]  # statement_types() is Tuple[type, ...]
        raise TypeError(f"latex(expr): expr must be a kronsym expression, got {type(expr).__name__}")
    _check_names(expr)
    return fragments.render(expr, _print_node)


def _check_names(expr) -> None:
    """Refuse (InvalidNameError) any name that is not a kronsym name, so that no TeX
    control sequence can reach the output even from a node built around the
    constructors' checks (``_make``, an old pickle). Linear in the distinct nodes."""
    for node in postorder(expr):
        for p in node.params:
            if isinstance(p, str):
                if is_a(node, "MatrixSymbol"):
                    check_name(p, "latex: matrix name")
            elif isinstance(p, sympy.Basic):
                check_scalar_names(p, f"latex: a parameter of {type(node).__name__}")

# pseudo-inverse, adjugate, symmetric eigen-decomposition, nuclear norm (nodes/pseudo.py)
LATEX.update({"Pinv": _postfix("+"), "Adj": _func("\\operatorname{adj}"),
              "Eigvalsh": _func("\\lambda"), "Eigvecsh": _func("U_{\\lambda}"),
              "NuclearNorm": _norm("*"), "Polar": _func("\\operatorname{polar}")})
