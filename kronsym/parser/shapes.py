"""The parser's shape declarations (kronsym.parser).

Owns: ``parse_shapes`` (name -> (rows, cols), "rows,cols", "n", "n,n,sym" or a
MatrixSymbol) and the checks every entry point makes first (``_check_text``,
``_names``), shared by both syntaxes. The entry points are in :mod:`.entry`.
"""
from __future__ import annotations

from typing import Dict, Mapping, Optional

import sympy

from .. import build as B
from .. import nodes as N
from ..dims import as_dim
from ..names import check_name, is_name
from ..errors import ParseError, ShapeError
from .lexer import MAX_LENGTH, _tokens
from .syntax import _syntax
from .meaning import _Names, _build

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
