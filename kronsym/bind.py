"""Binding symbols and dimensions to concrete values.

Owns: ``bind_dims`` (infer every dimension symbol from the arrays given, and
check them for conflicts), ``concrete`` (a dimension or coefficient with the
binding substituted), ``check_positive_dims`` (refuse a dimension that is <= 0 at
the binding, e.g. n - 5 at n = 2, naming it and the values), and ``size_guard``
(refuse, before allocating, a dense result larger than a limit the user can raise).

Contract: every error is an :class:`~kronsym.errors.EvaluationError` that
names the symbol or dimension at fault and the shapes involved.
"""
from __future__ import annotations

from typing import Callable, Dict, Mapping, Tuple, Union

import numpy as np
import sympy

from . import nodes as N
from .errors import EvaluationError
from .traverse import postorder

__all__ = ["bind_dims", "concrete", "concrete_shape", "split_values", "size_guard",
           "check_positive_dims", "node_dims", "nonpositive_message", "MAX_ELEMENTS"]

#: default limit on the number of entries of any dense intermediate (2**28 ≈ 2 GiB of float64)
MAX_ELEMENTS = 2 ** 28


def split_values(values: Mapping) -> Tuple[Dict, Dict, Dict]:
    """Split a user mapping into (matrix symbol -> array, dim symbol -> int, scalar symbol -> number).

    Keys may be MatrixSymbols, their names (str), or SymPy Symbols.
    """
    if not isinstance(values, Mapping):
        raise TypeError(f"values must be a dict like {{A: array, m: 3}}, got {type(values).__name__}")
    mats, dims, scalars = {}, {}, {}
    for k, v in values.items():
        if isinstance(k, N.MatrixSymbol):
            mats[k.name] = (k, v)
        elif isinstance(k, str):
            mats[k] = (None, v)
        elif isinstance(k, sympy.Symbol):
            if k.is_integer and k.is_positive:
                dims[k] = v
            else:
                scalars[k] = v
        else:
            raise TypeError(f"values: key {k!r} must be a MatrixSymbol, a symbol name or a SymPy "
                            f"Symbol, got {type(k).__name__}")
    return mats, dims, scalars


def _as_int(v, what):
    try:
        iv = int(v)
    except (TypeError, ValueError):
        raise EvaluationError(f"{what} must be a positive integer, got {v!r}") from None
    if iv != v or iv < 1:
        raise EvaluationError(f"{what} must be a positive integer, got {v!r}")
    return iv


def bind_dims(expr, mats: Mapping[str, Tuple[object, Tuple[int, int]]],
              dims: Mapping[sympy.Symbol, int]) -> Dict[sympy.Symbol, int]:
    """Solve for every dimension symbol from symbol shapes and given dims.

    ``mats`` maps a symbol name to ``(MatrixSymbol or None, concrete shape)``.
    Symbols of ``mats`` absent from ``expr`` still count (their dims bind).
    """
    binding: Dict[sympy.Symbol, int] = {}
    origin: Dict[sympy.Symbol, str] = {}
    for d, v in dims.items():
        binding[d] = _as_int(v, f"dimension {d}")
        origin[d] = f"given as {d} = {binding[d]}"
    symbols = {s.name: s for s in postorder(expr) if isinstance(s, N.MatrixSymbol)}
    eqs = []   # (expr, value, description)
    for name, (sym, shape) in mats.items():
        sym = sym if sym is not None else symbols.get(name)
        if sym is None:
            continue
        if name in symbols and symbols[name] is not sym:
            raise EvaluationError(f"the value given for {name} is for a {sym.rows}×{sym.cols} symbol, "
                                  f"but the expression's {name} is {symbols[name].rows}×{symbols[name].cols}")
        for axis, (dim, val) in enumerate(zip(sym.shape, shape)):
            eqs.append((dim, val, f"{'rows' if axis == 0 else 'columns'} of {name} ({dim}) = {val} "
                                  f"from its array"))
    pending = list(eqs)
    progress = True
    while pending and progress:
        progress = False
        rest = []
        for dim, val, why in pending:
            sub = dim.xreplace({k: sympy.Integer(v) for k, v in binding.items()}) if binding else dim
            if sub.is_number:
                if int(sub) != val:
                    raise EvaluationError(f"conflicting dimensions: {why}, but {dim} = {sub} "
                                          f"({_explain(dim, origin)})")
                progress = True
                continue
            free = sorted(sub.free_symbols, key=str)
            if len(free) == 1:
                x = free[0]
                binding[x] = _solve_positive(sub, x, val, why)
                origin[x] = why
                progress = True
                continue
            rest.append((dim, val, why))
        pending = rest
    return binding


def _solve_positive(sub, x, val: int, why: str) -> int:
    """The positive integer x with sub(x) = val (fast paths for x, c·x and x**k)."""
    if sub is x:
        return val
    c, rest = sub.as_coeff_Mul()
    if rest is x and c.is_Integer:
        if val % int(c) == 0 and val // int(c) >= 1:
            return val // int(c)
        raise EvaluationError(f"no positive integer {x} satisfies {why}")
    if rest.is_Pow and rest.base is x and rest.exp.is_Integer and rest.exp > 0 and c.is_Integer:
        k, q = int(rest.exp), val // int(c) if val % int(c) == 0 else 0
        r = round(q ** (1.0 / k)) if q > 0 else 0
        for cand in (r - 1, r, r + 1):
            if cand >= 1 and cand ** k == q:
                return cand
        raise EvaluationError(f"no positive integer {x} satisfies {why}")
    sols = [s for s in sympy.solve(sympy.Eq(sub, val), x) if s.is_integer and s > 0]
    if len(sols) != 1:
        raise EvaluationError(f"no positive integer {x} satisfies {why}")
    return int(sols[0])


def _explain(dim, origin):
    parts = [f"{s}: {origin[s]}" for s in sorted(dim.free_symbols, key=str) if s in origin]
    return "; ".join(parts) if parts else "given"


def concrete(d, binding: Mapping, what: Union[str, Callable[[], str]] = "dimension") -> int:
    """The integer value of a dimension under ``binding`` (EvaluationError if unbound).

    ``what`` names the dimension in the error; a callable is only called then.
    """
    if isinstance(d, int):
        return d
    if d.is_Integer:
        return int(d)
    sub = d.xreplace({k: sympy.Integer(v) for k, v in binding.items()})
    if not sub.is_Integer:
        missing = ", ".join(sorted(str(s) for s in sub.free_symbols))
        what = what() if callable(what) else what
        word = "dimension" if len(sub.free_symbols) == 1 else "dimensions"
        raise EvaluationError(f"{what} is {d}, but the {word} {missing} is not determined by "
                              f"the values given: pass it explicitly, e.g. "
                              f"{{{missing.split(', ')[0]}: 3}}")
    return int(sub)


def concrete_shape(node, binding) -> Tuple[int, int]:
    return (concrete(node.rows, binding, lambda: f"rows of {node}"),
            concrete(node.cols, binding, lambda: f"columns of {node}"))


#: node types whose parameters are all dimensions (the others' dims are their shapes;
#: ScalarMul / Power parameters are coefficients, never checked as dims)
_DIM_PARAM_TYPES = (N.Commutation, N.Duplication, N.Elimination, N.Symmetrizer, N.TracySingh)


def node_dims(node):
    """The dimension expressions of a node: its shape, and for I, K, D, L, N and the
    Tracy–Singh grids its dimension parameters (D(n - 2) at n = 1 has a positive
    number of rows but n - 2 = -1)."""
    out = [p for p in node.params if isinstance(p, sympy.Expr)] \
        if isinstance(node, _DIM_PARAM_TYPES) else []
    out += [node.rows, node.cols]
    return [sympy.sympify(d) for d in out]


def nonpositive_message(d, value, binding: Mapping, where: str = "") -> str:
    """``dimension n - 5 is -3 at n = 2 (in I(n - 5)); dimensions must be positive``.

    >>> import kronsym as ks
    >>> n, = ks.dims("n")
    >>> from kronsym.bind import nonpositive_message
    >>> nonpositive_message(n - 5, -3, {n: 2})
    'dimension n - 5 is -3 at n = 2; dimensions must be positive'
    """
    d = sympy.sympify(d)
    at = ""
    if not d.is_Symbol:
        at = ", ".join(f"{s} = {binding[s]}" for s in sorted(d.free_symbols, key=str)
                       if s in binding)
    return (f"dimension {d} is {value}{' at ' + at if at else ''}"
            f"{' (' + where + ')' if where else ''}; dimensions must be positive")


def check_positive_dims(nodes, binding: Mapping) -> None:
    """Raise EvaluationError for the first dimension of ``nodes`` that is <= 0 at ``binding``
    (each distinct dimension expression is checked once)."""
    seen = set()
    for node in nodes:
        for d in node_dims(node):
            if d in seen or d.is_Integer:
                continue
            seen.add(d)
            sub = d.xreplace({k: sympy.Integer(v) for k, v in binding.items()})
            if sub.is_number and sub < 1:
                raise EvaluationError(nonpositive_message(d, sub, binding,
                                                          f"in {str(node)[:60]}"))


def size_guard(nodes, binding, max_elements=None) -> Dict:
    """Concrete shape of every node; refuse before allocating if one exceeds the limit."""
    limit = MAX_ELEMENTS if max_elements is None else max_elements
    shapes = {}
    for n in nodes:
        r, c = concrete_shape(n, binding)
        if r * c > limit:
            raise EvaluationError(
                f"the dense value of {str(n)[:60]} would be {r}×{c} = {r * c:,} entries, over the "
                f"limit of {limit:,}; raise it with max_elements=..., or use ks.lambdify, which "
                f"keeps Kronecker structure")
        shapes[n] = (r, c)
    return shapes


def as_array(name: str, value, sym) -> np.ndarray:
    """A 2-D array for a symbol's value (1-D accepted for a column, 0-d for 1×1)."""
    try:
        arr = np.asarray(value)
    except Exception:
        raise EvaluationError(f"the value of {name} is not an array: {type(value).__name__}") from None
    if arr.dtype == object or not (np.issubdtype(arr.dtype, np.number) or arr.dtype == bool):
        raise EvaluationError(f"the value of {name} must be a numeric array, got dtype {arr.dtype}")
    if arr.ndim == 0:
        arr = arr.reshape(1, 1)
    elif arr.ndim == 1:
        cols = sym.cols if sym is not None else None
        rows = sym.rows if sym is not None else None
        if cols is not None and cols == 1:
            arr = arr.reshape(-1, 1)
        elif rows is not None and rows == 1:
            arr = arr.reshape(1, -1)
        else:
            raise EvaluationError(f"the value of {name} is 1-D with {arr.shape[0]} entries, but "
                                  f"{name} is {sym.rows}×{sym.cols}: pass a 2-D array")
    elif arr.ndim != 2:
        raise EvaluationError(f"the value of {name} must be a 2-D array, got shape {arr.shape}")
    if arr.dtype.kind in "biu":
        arr = arr.astype(float)
    return arr
