"""Spectral statements: the nodes ``Spectrum`` and ``Rank``, their printing and builders.

Owns: :class:`Spectrum`, :class:`Rank`, ``eigvals``, ``svdvals``, ``rank`` and the
format tables (``_FORMATS``: text, the parser's language, and LaTeX through
:func:`kronsym.printing.latex` for the matrices inside). See :mod:`kronsym.spectral`.
"""
from __future__ import annotations

from typing import List, Tuple

import sympy

from .. import nodes as N
from ..dims import dims_equal, fmt_shape
from ..errors import ShapeError
from ..printing import latex

_SYMBOL = ("eigvals", "svdvals")


def _number(c, fn: str):
    if isinstance(c, bool) or not isinstance(c, (int, float, sympy.Expr)):
        raise TypeError(f"{fn}: expected a number or SymPy scalar, got {type(c).__name__}")
    return sympy.sympify(c)


class _Statement:
    """Shared immutable plumbing: ``kind`` + ``args``, structural equality."""
    __slots__ = ("kind", "args")

    def __init__(self, kind: str, args: Tuple):
        object.__setattr__(self, "kind", kind)
        object.__setattr__(self, "args", args)

    def __setattr__(self, *_):
        raise AttributeError(f"{type(self).__name__} is immutable")

    def __eq__(self, other) -> bool:
        return type(other) is type(self) and other.kind == self.kind and other.args == self.args

    def __hash__(self) -> int:
        return hash((type(self).__name__, self.kind, self.args))

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self})"

    def __str__(self) -> str:
        return self._render(_FORMATS["text"])

    def latex(self) -> str:
        """LaTeX of the statement (``\\lambda\\left(A \\otimes B\\right)``, ``\\operatorname{rank}``...)."""
        return self._render(_FORMATS["latex"])

    def _repr_latex_(self) -> str:
        return f"${self.latex()}$"

    def matrices(self) -> List[N.Expr]:
        """The matrix expressions this statement is about."""
        out: List[N.Expr] = []
        stack = [self]
        while stack:
            s = stack.pop()
            for a in s.args:
                if isinstance(a, N.Expr):
                    out.append(a)
                elif isinstance(a, _Statement):
                    stack.append(a)
        return out


class Spectrum(_Statement):
    """A multiset of numbers described symbolically (see the module docstring).

    >>> import kronsym as ks
    >>> m, n = ks.dims("m n")
    >>> A, B = ks.MatrixSymbol("A", m, m), ks.MatrixSymbol("B", n, n)
    >>> print(ks.eigvals(A) * ks.eigvals(B))
    eigvals(A) * eigvals(B)
    >>> ks.eigvals(ks.kron(A, B)).size
    m*n
    """
    __slots__ = ()

    @property
    def size(self):
        """How many numbers (with multiplicity) the multiset holds."""
        k, a = self.kind, self.args
        if k == "eigvals":
            return a[0].shape[0]
        if k == "svdvals":
            return sympy.Min(*a[0].shape)
        if k == "ones":
            return a[0]
        if k in ("products", "sums"):
            out = sympy.Integer(1)
            for s in a:
                out = out * s.size
            return out
        return a[1].size  # scaled, power

    def __mul__(self, other):
        if isinstance(other, Spectrum):
            return Spectrum("products", (self, other))
        if isinstance(other, (N.Expr, Rank)):
            return NotImplemented
        return Spectrum("scaled", (_number(other, "c * spectrum"), self))

    def __rmul__(self, other):
        if isinstance(other, (N.Expr, Rank, Spectrum)):
            return NotImplemented
        return Spectrum("scaled", (_number(other, "c * spectrum"), self))

    def __add__(self, other):
        if not isinstance(other, Spectrum):
            return NotImplemented
        return Spectrum("sums", (self, other))

    def __neg__(self):
        return Spectrum("scaled", (sympy.Integer(-1), self))

    def __pow__(self, k):
        return Spectrum("power", (_number(k, "spectrum ** k"), self))

    def _render(self, f) -> str:
        k, a = self.kind, self.args
        if k in _SYMBOL:
            return f[k].format(f["expr"](a[0]))
        if k == "ones":
            return f["ones"].format(f["num"](a[0]))
        if k in ("products", "sums"):
            return f["times" if k == "products" else "plus"].join(_wrap(s, k, f) for s in a)
        return f[k].format(f["num"](a[0]), _wrap(a[1], k, f))   # scaled, power


class Rank(_Statement):
    """An integer described symbolically: ``rank(A)``, sums and products of ranks.

    >>> import kronsym as ks
    >>> m, n, p, q = ks.dims("m n p q")
    >>> A, B = ks.MatrixSymbol("A", m, n), ks.MatrixSymbol("B", p, q)
    >>> print(ks.rank(A) * ks.rank(B))
    rank(A) * rank(B)
    >>> ks.equals(ks.rank(ks.kron(A, B)), ks.rank(A) * ks.rank(B))
    True
    """
    __slots__ = ()

    def __mul__(self, other):
        if isinstance(other, Rank):
            return Rank("product", (self, other))
        if isinstance(other, (int, sympy.Integer)) and not isinstance(other, bool):
            return Rank("product", (Rank("int", (sympy.Integer(other),)), self))
        return NotImplemented

    __rmul__ = __mul__

    def __add__(self, other):
        if isinstance(other, Rank):
            return Rank("sum", (self, other))
        if isinstance(other, (int, sympy.Integer)) and not isinstance(other, bool):
            return Rank("sum", (self, Rank("int", (sympy.Integer(other),))))
        return NotImplemented

    __radd__ = __add__

    def _render(self, f) -> str:
        k, a = self.kind, self.args
        if k == "rank":
            return f["rank"].format(f["expr"](a[0]))
        if k == "int":
            return f["num"](a[0])
        return f["times" if k == "product" else "plus"].join(
            f["paren"](s._render(f)) if s.kind == "sum" and k == "product" else s._render(f)
            for s in a)


def _wrap(s: Spectrum, parent: str, f) -> str:
    atomic = s.kind in _SYMBOL or s.kind == "ones" or (s.kind == parent and parent != "power")
    return s._render(f) if atomic else f["paren"](s._render(f))


def _latex_expr(e) -> str:
    return latex(e)


#: how statements print: one table per format, one renderer per class ("ones", the
#: multiset {1, ..., 1}, only arises inside canonical forms and has no parser spelling)
_FORMATS = {
    # text is the parser's language: ks.parse(str(s)) == s (see tests/prove/test_spectral.py)
    "text": {"expr": str, "num": str, "paren": "({})".format, "eigvals": "eigvals({})",
             "svdvals": "svdvals({})", "rank": "rank({})", "ones": "ones({})", "times": " * ",
             "plus": " + ", "scaled": "{} * {}", "power": "{1}**{0}"},
    "latex": {"expr": _latex_expr, "num": sympy.latex, "paren": "\\left({}\\right)".format,
              "eigvals": "\\lambda\\left({}\\right)", "svdvals": "\\sigma\\left({}\\right)",
              "rank": "\\operatorname{{rank}}\\left({}\\right)", "ones": "\\{{1\\}}^{{{}}}",
              "times": " \\cdot ", "plus": " + ", "scaled": "{} \\, {}", "power": "{1}^{{{0}}}"},
}


def _matrix(x, fn: str) -> N.Expr:
    if not isinstance(x, N.Expr):
        raise TypeError(f"{fn}(A): A must be a kronsym matrix expression, got {type(x).__name__}")
    return x


def eigvals(A: N.Expr) -> Spectrum:
    """The eigenvalues of the square expression ``A``, as a symbolic multiset.

    >>> import kronsym as ks
    >>> m, n = ks.dims("m n")
    >>> A, B = ks.MatrixSymbol("A", m, m), ks.MatrixSymbol("B", n, n)
    >>> ks.equals(ks.eigvals(ks.kron(A, B)), ks.eigvals(A) * ks.eigvals(B))
    True
    >>> ks.equals(ks.eigvals(ks.kron(A, B)), ks.eigvals(A) + ks.eigvals(B))
    False
    """
    A = _matrix(A, "eigvals")
    r, c = A.shape
    if dims_equal(r, c) is not True:
        raise ShapeError(f"eigvals: {A} is {fmt_shape(A.shape)}; eigenvalues need a square "
                         f"matrix")
    return Spectrum("eigvals", (A,))


def svdvals(A: N.Expr) -> Spectrum:
    """The singular values of ``A`` (all min(rows, cols) of them), as a multiset.

    >>> import kronsym as ks
    >>> m, n = ks.dims("m n")
    >>> A, B = ks.MatrixSymbol("A", m + n, n), ks.MatrixSymbol("B", 3, 2)
    >>> ks.prove(ks.svdvals(ks.kron(A, B)), ks.svdvals(A) * ks.svdvals(B)).method
    'canonical'
    >>> try:  # min(3n, 2m + 2n) values against 2n: the sizes never agree
    ...     ks.equals(ks.svdvals(ks.kron(A, B.T)), ks.svdvals(A) * ks.svdvals(B))
    ... except ks.ShapeError as e:
    ...     print(str(e)[:50])
    the multisets never have the same size on the dime
    """
    return Spectrum("svdvals", (_matrix(A, "svdvals"),))


def rank(A: N.Expr) -> Rank:
    """The rank of ``A``, as a symbolic integer.

    >>> import kronsym as ks
    >>> m, n = ks.dims("m n")
    >>> A = ks.MatrixSymbol("A", m, n)
    >>> ks.equals(ks.rank(A.T), ks.rank(A)), ks.equals(ks.rank(A @ A.T), ks.rank(A))
    (True, True)
    """
    return Rank("rank", (_matrix(A, "rank"),))
