"""The parser's entry points (kronsym.parser): ``parse``, ``parse_equation`` and
``_equation`` (used by verify).

Each checks the text and declares the names (:mod:`.shapes`), then runs
lexer -> syntax -> meaning, or hands matrixcalculus.org text to :mod:`.mc_build`.
"""
from __future__ import annotations

from typing import Iterable, Mapping, Optional, Tuple

from .. import nodes as N
from .lexer import _error, _tokens
from .syntax import _syntax
from .meaning import _build, _side
from .mc_build import parse_mc
from .shapes import _check_text, _names


#: the input languages of ``parse``: kronsym's own (the default) and matrixcalculus.org's
SYNTAXES = ("kronsym", "matrixcalculus")


def parse(text: str, shapes: Optional[Mapping] = None, *,
          dims: Iterable = (), scalars: Iterable = (), syntax: str = "kronsym") -> N.Expr:
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

    ``syntax="matrixcalculus"`` reads the language of matrixcalculus.org (``*`` is the
    matrix product, ``.*`` entrywise, ``'`` transposes; names a–g are scalars, h–z
    vectors, A–Z matrices; sizes not declared in ``shapes`` are inferred, see
    :mod:`kronsym.parser.mc_infer` and docs/conventions.md):

    >>> e = ks.parse("tr(A*X'*B)", {"X": (3, 4)}, syntax="matrixcalculus")
    >>> print(e)
    tr(A @ X.T @ B)
    >>> e.children[0].children[0].shape    # A: its rows are free (n1), its columns X's 4
    (n1, 4)
    """
    if syntax != "kronsym":
        if syntax != "matrixcalculus":
            raise ValueError(f"parse(..., syntax={syntax!r}): the syntaxes are "
                             f"{', '.join(map(repr, SYNTAXES))}")
        if scalars:
            raise TypeError("parse(..., syntax='matrixcalculus'): scalars=... is not used: "
                            "names a–g are scalars (declare another name 1×1 in shapes)")
        return parse_mc(text, shapes, dims=dims)
    _check_text(text)
    names = _names(shapes, dims, scalars)
    toks = _tokens(text)
    raw, _ = _syntax(text, toks)
    return _side(_build(text, raw, names), text, raw.pos)


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
    return (_side(_build(text, lhs, names), text, lhs.pos),
            _side(_build(text, rhs, names), text, rhs.pos))
