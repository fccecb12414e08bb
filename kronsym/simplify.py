"""Simplification to canonical form: ``ks.simplify``.

Owns: ``simplify(expr)``: every rule family (kronsym.rules, and the ordering
rules of kronsym.rules.canon) applied bottom-up to a fixed point by the rewrite
engine. Deterministic (no hash order is used), terminating (a step cap
raises :class:`~kronsym.traverse.RewriteLimitError`), and memoised in a
thread-safe table (results of earlier calls are reused).

The memo is keyed by the equalities declared with :func:`kronsym.assume_equal`
in the calling thread: a canonical form found under ``assume_equal(m, n)``
may use m = n (``K(m, n) = K(n, m)``), so it is only ever reused under the
same declarations — never after the ``with`` block, nor in another thread.
"""
from __future__ import annotations

import threading
from typing import Dict, Optional

from . import nodes as N
from .dims import _assumed

__all__ = ["simplify", "clear_cache"]

_lock = threading.Lock()
_memos: Dict = {}          # declared equalities (a tuple of pairs) -> {expr: canonical form}
_MEMO_LIMIT = 200_000


def clear_cache() -> None:
    """Forget memoised simplifications."""
    with _lock:
        _memos.clear()


def simplify(expr: N.Expr, *, max_steps: int = 100_000, trace: Optional[list] = None) -> N.Expr:
    """An equal expression in canonical form (see :mod:`kronsym.canon`).

    >>> import kronsym as ks
    >>> n, = ks.dims("n")
    >>> A = ks.MatrixSymbol("A", n, n)
    >>> print(ks.simplify((A @ A.T).T + 2 * A @ A.T))
    3*(A @ A.T)
    >>> print(ks.simplify(ks.trace(ks.kron(A, A.T))))
    tr(A)**2
    """
    if not isinstance(expr, N.Expr):
        raise TypeError(f"simplify(expr): expr must be a kronsym expression, got {type(expr).__name__}")
    if isinstance(max_steps, bool) or not isinstance(max_steps, int):
        raise TypeError(f"simplify(expr, max_steps=...): max_steps must be an int, got "
                        f"{type(max_steps).__name__} {max_steps!r:.40}")
    from .rules import apply_families
    key = _assumed()
    if trace is None:
        with _lock:
            hit = _memos.get(key, {}).get(expr)
        if hit is not None:
            return hit
    with _lock:
        table = _memos.get(key, {})
        memo = dict(table) if len(table) < 50_000 else {}
    out = apply_families(expr, None, max_steps=max_steps, trace=trace, memo=memo)
    with _lock:
        if sum(len(t) for t in _memos.values()) > _MEMO_LIMIT:
            _memos.clear()
        table = _memos.setdefault(key, {})
        table[expr] = out
        table[out] = out
    return out
