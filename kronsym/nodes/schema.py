"""The node schema: each node class declares its fields, by name and kind, in one place.

Owns: the field kinds (``child``, ``children``, ``dim``, ``coeff``, ``integer``,
``name``, ``func``, ``choice``), the validation each kind applies to a
constructor argument, and the JSON-value form of each kind.

Contract
--------
* A node class declares ``schema = (field, ...)`` in *constructor-argument
  order*, e.g. ``schema = (child("v"), dim("rows"), dim("cols"))`` for
  ``Unvec(v, rows, cols)``. ``node.params`` holds the non-child fields in
  schema order, ``node.children`` the child fields in order (a ``children``
  field contributes all its operands; a schema has at most one).
* ``Field.check(value)`` validates and normalizes one argument (``dim``:
  :func:`~kronsym.dims.as_dim`; ``coeff``: a finite SymPy scalar; ``integer``:
  a Python int; ``name``: :func:`~kronsym.names.check_name`; ``func``: a key of
  its table; ``choice``: one of its values). It never rewrites a valid value
  beyond that normalization; a bad value raises ``TypeError``/``ValueError``
  naming the node, the field and the value. ``child`` fields are checked by
  ``Expr._make`` (a kronsym expression).
* Kinds are plain data: readers (JSON, strategies, the SymPy bridge) dispatch on
  ``field.kind``. The JSON form: ``dim``/``coeff`` a scalar-table index,
  ``name``/``func`` a string, ``integer`` a number, ``choice`` the value itself
  (``null``, a number or a string).

>>> f = dim("rows")
>>> f.kind, f.name, f.check(3, "Unvec")
('dim', 'rows', 3)
>>> choice("axis", (None, 0, 1)).check(2, "Sum")
Traceback (most recent call last):
...
ValueError: Sum: axis must be one of None, 0, 1, got 2
"""
from __future__ import annotations

from typing import Any, Callable, Mapping, Optional, Tuple

import sympy

from ..dims import as_dim
from ..names import check_name, check_scalar_names

__all__ = ["Field", "child", "children", "dim", "coeff", "integer", "name", "func", "choice",
           "as_coeff", "KINDS", "CHILD_KINDS"]

#: every field kind, and the kinds that hold operands
KINDS = ("child", "children", "dim", "coeff", "integer", "name", "func", "choice")
CHILD_KINDS = frozenset({"child", "children"})


class Field:
    """One declared field of a node class: its ``name``, ``kind`` and kind options.

    ``what`` (optional) is how errors describe the field, e.g. ``"rows of unvec"``;
    ``{cls}`` in it stands for the node class name.
    """
    __slots__ = ("name", "kind", "min", "table", "values", "what")

    def __init__(self, name: str, kind: str, *, min: int = 0, table: Optional[Mapping] = None,
                 values: Tuple[Any, ...] = (), what: Optional[str] = None):
        if kind not in KINDS:
            raise ValueError(f"unknown field kind {kind!r}; known: {', '.join(KINDS)}")
        self.name, self.kind, self.min = name, kind, min
        self.table, self.values, self.what = table, values, what

    @property
    def is_child(self) -> bool:
        """True for ``child`` and ``children`` fields (operands, not parameters)."""
        return self.kind in CHILD_KINDS

    def describe(self, cls_name: str, known: Optional[Mapping[str, Any]] = None) -> str:
        """The field as errors name it (``what`` may name earlier fields: ``{name}``)."""
        return (self.what or "{cls}: " + self.name).format(cls=cls_name, **(known or {}))

    def check(self, value: Any, cls_name: str, known: Optional[Mapping[str, Any]] = None) -> Any:
        """``value`` validated and normalized for this field (see the module contract);
        ``known`` holds the fields validated before it, for the error message."""
        return _CHECKS[self.kind](self, value, self.describe(cls_name, known))

    def __repr__(self) -> str:
        return f"{self.kind}({self.name!r})"


def child(name: str) -> Field:
    """One operand (a kronsym expression)."""
    return Field(name, "child")


def children(name: str, min: int = 2) -> Field:
    """A variadic run of at least ``min`` operands."""
    return Field(name, "children", min=min)


def dim(name: str, what: Optional[str] = None) -> Field:
    """A dimension: an int or SymPy integer expression (:func:`kronsym.dims.as_dim`)."""
    return Field(name, "dim", what=what)


def coeff(name: str, what: Optional[str] = None) -> Field:
    """A finite SymPy scalar (coefficient or exponent); numbers are sympified."""
    return Field(name, "coeff", what=what)


def integer(name: str, what: Optional[str] = None) -> Field:
    """A Python int (not a bool)."""
    return Field(name, "integer", what=what)


def name(name: str, what: Optional[str] = None) -> Field:
    """An identifier (:func:`kronsym.names.check_name`)."""
    return Field(name, "name", what=what)


def func(name: str, table: Mapping, what: Optional[str] = None) -> Field:
    """A key of the named function table ``table`` (e.g. ``SCALAR_FUNCS``)."""
    return Field(name, "func", table=table, what=what)


def choice(name: str, values: Tuple[Any, ...], what: Optional[str] = None) -> Field:
    """One of a fixed set of JSON-representable values (None, bool, int or str)."""
    for v in values:
        if v is not None and not isinstance(v, (bool, int, str)):
            raise TypeError(f"choice({name!r}): {v!r} is not None, a bool, an int or a str")
    return Field(name, "choice", values=tuple(values), what=what)


def as_coeff(c: Any, what: str = "scalar coefficient") -> sympy.Expr:
    """A finite SymPy scalar from a number or SymPy scalar (never a kronsym expression).

    >>> as_coeff(0.5)
    0.500000000000000
    """
    if getattr(type(c), "_is_kronsym_expr", False):
        raise TypeError("ScalarMul coefficient must be a number or SymPy scalar, not a kronsym "
                        "expression (use Scale for a 1×1 expression)")
    if isinstance(c, bool) or c is None:
        raise TypeError(f"{what} must be a number or SymPy scalar, got {c!r}")
    try:
        v = sympy.sympify(c, strict=True)
    except (sympy.SympifyError, TypeError):
        raise TypeError(f"{what} must be a number or SymPy scalar, got "
                        f"{type(c).__name__} {c!r:.60}") from None
    if not isinstance(v, sympy.Expr) or isinstance(v, sympy.MatrixBase) or getattr(v, "is_Matrix", False):
        raise TypeError(f"{what} must be a number or SymPy scalar, got {v!r:.60}")
    if v.has(sympy.nan, sympy.zoo, sympy.oo, -sympy.oo):
        raise ValueError(f"{what} must be finite, got {v!r:.60} (NaN or an infinity)")
    return check_scalar_names(v, what)


def _check_child(f: Field, v: Any, what: str) -> Any:
    return v   # Expr._make checks operands (one C-level pass over all of them)


def _check_dim(f: Field, v: Any, what: str) -> Any:
    return as_dim(v, what)


def _check_coeff(f: Field, v: Any, what: str) -> Any:
    return as_coeff(v, what if f.what else "scalar coefficient")


def _check_integer(f: Field, v: Any, what: str) -> Any:
    if isinstance(v, bool) or not isinstance(v, int):
        raise TypeError(f"{what} must be an int, got {type(v).__name__} {v!r:.40}")
    return int(v)


def _check_name(f: Field, v: Any, what: str) -> Any:
    check_name(v, what if f.what else what + " (an identifier like 'A' or 'X_1')")
    return v


def _check_func(f: Field, v: Any, what: str) -> Any:
    table = f.table or {}
    if not isinstance(v, str) or v not in table:
        raise ValueError(f"unknown {what} {v!r:.40}; known: {', '.join(table)}")
    return v


def _check_choice(f: Field, v: Any, what: str) -> Any:
    # type-exact: True is not 1 and 0.0 is not 0 here
    if not any(type(v) is type(c) and v == c for c in f.values):
        raise ValueError(f"{what} must be one of {', '.join(map(repr, f.values))}, "
                         f"got {v!r:.40}")
    return v


_CHECKS: "dict[str, Callable[[Field, Any, str], Any]]" = {
    "child": _check_child, "children": _check_child, "dim": _check_dim,
    "coeff": _check_coeff, "integer": _check_integer, "name": _check_name,
    "func": _check_func, "choice": _check_choice}
