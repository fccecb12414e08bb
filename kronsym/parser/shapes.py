"""The parser's shape declarations and entry points (kronsym.parser).

Owns: ``parse_shapes`` (name -> (rows, cols), "rows,cols", "n", "n,n,sym" or a
MatrixSymbol), ``parse``, ``parse_equation`` and ``_equation`` (used by verify):
check the text, declare the names, then lexer -> syntax -> meaning.
"""
from __future__ import annotations

from typing import Dict, Iterable, Mapping, Optional, Tuple

import sympy

from .. import build as B
from .. import nodes as N
from ..dims import as_dim
from ..names import check_name, is_name
from ..errors import ParseError, ShapeError
from .lexer import MAX_LENGTH, _error, _tokens
from .syntax import _syntax
from .meaning import _Names, _build, _side

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
        from .mc_build import parse_mc
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
