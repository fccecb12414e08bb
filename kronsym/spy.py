"""Pictures of structure: ``ks.spy(expr, dims)`` draws the sparsity pattern
and block structure of a concrete instance with matplotlib.

Owns: ``spy`` and ``default_blocks``. The instance is evaluated once with
random values (so zeros are structural, not accidental cancellations), with
the size guard of :func:`kronsym.evaluate`; block lines follow the
expression's structure (a Kronecker product ``A ⊗ B`` has blocks the size of
``B``; a commutation matrix K_{m,n} has n×m blocks of size m×n) or the
``blocks=(rows, cols)`` given. matplotlib is an optional extra (``plot``).
"""
from __future__ import annotations

import os
from typing import Any, Mapping, Optional, Tuple, Union

import sympy

from . import nodes as N

__all__ = ["spy", "default_blocks"]


def default_blocks(expr) -> Optional[Tuple[sympy.Expr, sympy.Expr]]:
    """The natural block size of ``expr`` (rows, cols), or None.

    >>> import kronsym as ks
    >>> m, n, p, q = ks.dims("m n p q")
    >>> A, B = ks.MatrixSymbol("A", m, n), ks.MatrixSymbol("B", p, q)
    >>> default_blocks(ks.kron(A, B)), default_blocks(ks.K(m, n))
    ((p, q), (m, n))
    """
    e = expr
    while isinstance(e, (N.ScalarMul, N.Transpose)):
        if isinstance(e, N.Transpose):
            inner = default_blocks(e.children[0])
            return None if inner is None else (inner[1], inner[0])
        e = e.children[0]
    if isinstance(e, N.Kron):
        last = e.children[1:]
        rows = sympy.Mul(*[c.rows for c in last])
        cols = sympy.Mul(*[c.cols for c in last])
        return rows, cols
    if isinstance(e, N.Commutation):
        m, n = e.params
        return m, n
    return None


def _binding(expr, dims) -> dict:
    free = sorted(expr.free_dims, key=str)
    out = {}
    given = {}
    for k, v in (dims or {}).items():
        given[k if isinstance(k, str) else str(k)] = v
    for d in free:
        v = given.get(str(d), 2)
        if isinstance(v, bool) or not isinstance(v, int) or v < 1:
            raise ValueError(f"spy: dimension {d} must be a positive int, got {v!r}")
        out[d] = v
    unknown = set(given) - {str(d) for d in free}
    if unknown:
        raise ValueError(f"spy: {', '.join(sorted(unknown))} is not a dimension of {expr} "
                         f"(its dimensions: {', '.join(map(str, free)) or 'none'})")
    return out


def _check_options(blocks, values, ax, save, seed, title) -> None:
    def bad(key, want, v):
        raise TypeError(f"spy(..., {key}=...): {key} must be {want}, got {type(v).__name__} "
                        f"{v!r:.40}")
    if not (blocks is None or isinstance(blocks, bool) or
            (isinstance(blocks, (tuple, list)) and len(blocks) == 2)):
        bad("blocks", "None, True, False or (rows, cols)", blocks)
    if not isinstance(values, bool):
        bad("values", "True or False", values)
    if ax is not None and not hasattr(ax, "figure"):
        bad("ax", "a matplotlib Axes or None", ax)
    if save is not None and not isinstance(save, (str, os.PathLike)):
        bad("save", "a file name or None", save)
    if isinstance(seed, bool) or not (seed is None or isinstance(seed, int)):
        bad("seed", "an int", seed)
    if title is not None and not isinstance(title, str):
        bad("title", "a str or None", title)


def spy(expr: N.Expr, dims: Optional[Mapping] = None, *, blocks: Union[None, bool, Tuple] = None,
        values: bool = False, ax: Any = None, save: Optional[str] = None, seed: int = 0,
        title: Optional[str] = None) -> Any:
    """Draw the sparsity (or, with ``values=True``, the signed values) of a concrete
    instance of ``expr``; returns the matplotlib Figure (saved to ``save`` if given).

    ``dims`` maps dimension symbols (or their names) to ints; missing dims are 2.

    >>> import kronsym as ks
    >>> m, n = ks.dims("m n")
    >>> fig = ks.spy(ks.K(m, n), {m: 2, n: 3})
    >>> fig.axes[0].get_title()
    'K(m, n)   [m = 2, n = 3]'
    """
    if not isinstance(expr, N.Expr):
        raise TypeError(f"spy(expr, ...): expr must be a kronsym expression, got "
                        f"{type(expr).__name__}")
    if dims is not None and not isinstance(dims, Mapping):
        raise TypeError(f"spy(expr, dims): dims must be a dict like {{n: 3}}, got "
                        f"{type(dims).__name__} {dims!r:.40}")
    _check_options(blocks, values, ax, save, seed, title)
    try:
        import matplotlib
        if ax is None:
            matplotlib.use("Agg") if not _has_display() else None
        import matplotlib.pyplot as plt
    except ImportError:
        raise ImportError("ks.spy needs matplotlib: pip install 'kronsym[plot]'") from None
    import numpy as np
    from .evaluate import evaluate
    from .testing import random_values

    binding = _binding(expr, dims)
    vals = dict(random_values(expr, binding, seed=seed))
    vals.update(binding)
    arr = np.asarray(evaluate(expr, vals))
    if ax is None:
        size = min(8.0, max(3.0, 0.25 * max(arr.shape)))
        width = max(4.5, size * arr.shape[1] / max(arr.shape) + 1.0)
        fig, ax = plt.subplots(figsize=(width, size))
    else:
        fig = ax.figure
    mask = np.abs(arr) > 1e-12 * max(1.0, float(np.max(np.abs(arr))) if arr.size else 1.0)
    if values:
        lim = float(np.max(np.abs(arr))) or 1.0
        shown = np.where(mask, arr, np.nan)
        im = ax.imshow(shown, cmap="RdBu_r", vmin=-lim, vmax=lim, interpolation="nearest")
        fig.colorbar(im, ax=ax, shrink=0.8)
    else:
        ax.imshow(np.where(mask, 1.0, 0.0), cmap="Greys", vmin=0, vmax=1,
                  interpolation="nearest")
    bl = default_blocks(expr) if blocks in (None, True) else (None if blocks is False else blocks)
    if bl is not None:
        br, bc = (_concrete(d, binding) for d in bl)
        for r in range(br, arr.shape[0], br):
            ax.axhline(r - 0.5, color="tab:blue", lw=0.8)
        for c in range(bc, arr.shape[1], bc):
            ax.axvline(c - 0.5, color="tab:blue", lw=0.8)
    nnz = int(mask.sum())
    ax.set_xlabel(f"{arr.shape[0]}×{arr.shape[1]}, {nnz} non-zeros "
                  f"({100.0 * nnz / max(arr.size, 1):.1f}%)")
    ax.set_xticks([])
    ax.set_yticks([])
    where = ", ".join(f"{d} = {v}" for d, v in binding.items())
    ax.set_title(title if title is not None else
                 (f"{_short(str(expr))}   [{where}]" if where else _short(str(expr))),
                 fontsize=9, wrap=True)
    if save:
        fig.savefig(save, bbox_inches="tight")
    return fig


def _short(s: str, n: int = 70) -> str:
    return s if len(s) <= n else s[: n - 1] + "…"


def _concrete(d, binding) -> int:
    v = sympy.sympify(d).xreplace({k: sympy.Integer(x) for k, x in binding.items()})
    if not v.is_Integer or v < 1:
        raise ValueError(f"spy: block size {d} is not a positive integer at {binding}")
    return int(v)


def _has_display() -> bool:
    import os
    return bool(os.environ.get("DISPLAY")) or "inline" in os.environ.get("MPLBACKEND", "")
