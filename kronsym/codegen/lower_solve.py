"""Inverses lowered to solves: A⁻¹V, VA⁻¹ (and with A⁻ᵀ) never form A⁻¹.

Owns: ``product`` (the dense lowering of a matrix product), ``product_needs`` (the
values it reads), ``solve_left`` / ``solve_right`` and ``inverse_like``, used by
kronsym/codegen/lower.py.

Contract: a product F₁ ⋯ F_k is computed right to left (each factor applied to the block
accumulated so far, structured factors without being formed, an inverse as a solve:
X⁻¹V = solve(X, V), X⁻ᵀV = solve(Xᵀ, V)); inverse factors at the *right* end are applied
from the right, V X⁻¹ = solve(Xᵀ, Vᵀ)ᵀ and V X⁻ᵀ = solve(X, Vᵀ)ᵀ, to the last other factor
first (so B X⁻ᵀ with B p×n is a p-column solve before anything n×n is formed), so ``inv(A) @ B``,
``tr(A inv(X) B)`` and their gradients (−X⁻ᵀAᵀBᵀX⁻ᵀ) contain solves and no inverse.
An inverse used in more than one place (``lower._shared_inverses``) is factored once
(``lu_factor``) and each use is an ``lu_solve`` with the factors (``trans=1`` for X⁻ᵀ).
An inverse is formed (``inv``) only where it is itself a value (``lambdify(inv(X))``, a
term of a sum, a Kronecker factor, a product of inverses only: ``value_inverses``); a
shared inverse that is formed anyway is multiplied with at its other uses (one
factorization in all, inside ``inv``).
"""
from __future__ import annotations

from typing import List, Optional, Tuple

from .. import nodes as N

__all__ = ["product", "product_needs", "solve_left", "solve_right", "inverse_like",
           "value_inverses"]


def inverse_like(f) -> Optional[Tuple[N.Expr, bool]]:
    """(the Inverse node, transposed?) for X⁻¹ or X⁻ᵀ = (X⁻¹)ᵀ; None otherwise."""
    if isinstance(f, N.Inverse):
        return f, False
    if isinstance(f, N.Transpose) and isinstance(f.children[0], N.Inverse):
        return f.children[0], True
    return None


def _split(fs):
    """(head, tail): the trailing inverse factors (tail), keeping one factor in head."""
    k = len(fs)
    while k > 1 and inverse_like(fs[k - 1]) is not None:
        k -= 1
    return fs[:k], fs[k:]


def _factor(L, inv):
    memo = L.__dict__.setdefault("lu_memo", {})
    if inv not in memo:
        memo[inv] = L.emit("lu_factor", L._kid(inv.children[0]))
    return memo[inv]


def solve_left(L, inv, V, transposed: bool):
    """X⁻¹ V (or X⁻ᵀ V) for the Inverse node ``inv`` = X⁻¹."""
    if inv in L.shared_inverses:
        if inv in L.value_inverses:           # formed anyway: multiply with it
            return L.emit("matmul", L._kid(N.Transpose(inv) if transposed else inv), V)
        return L.emit("lu_solve", _factor(L, inv), V, 1 if transposed else 0)
    a = L._kid(inv.children[0])
    return L.emit("solve", L.emit("transpose", a) if transposed else a, V)


def solve_right(L, acc, inv, transposed: bool):
    """acc X⁻¹ = (X⁻ᵀ accᵀ)ᵀ, acc X⁻ᵀ = (X⁻¹ accᵀ)ᵀ."""
    return L.emit("transpose", solve_left(L, inv, L.emit("transpose", acc), not transposed))


def product(L, fs):
    """The dense value of the product of the factors ``fs`` (see the module doc)."""
    head, tail = _split(fs)
    acc = L._kid(head[-1])
    if head[-1].cols == 1:
        L.thin.add(acc)           # a single column: factors applied in matvec mode
    for f in tail:              # F_j T first: the solves see F_j's rows, not the product's
        inv, t = inverse_like(f)
        acc = solve_right(L, acc, inv, t)
    for f in reversed(head[:-1]):
        acc = L.apply(f, acc)
    return acc


def product_needs(L, fs, needs) -> List:
    """The nodes whose dense values ``product(L, fs)`` reads (``needs(L, f)``: those
    applying the factor f reads)."""
    head, tail = _split(fs)
    out = [head[-1]]
    for f in head[:-1]:
        out.extend(needs(L, f))
    for f in tail:
        out.append(inverse_like(f)[0].children[0])   # type: ignore[index]
    return out



def value_inverses(expr) -> set:
    """Inverses whose value is read as a matrix (not only applied to a block): the root,
    a child of anything but a product (through a transpose too), the first factor of a
    product of inverses only, or a factor of a Kronecker product."""
    from ..traverse import postorder
    out = set()
    if inverse_like(expr) is not None:
        out.add(inverse_like(expr)[0])   # type: ignore[index]
    for nd in postorder(expr):
        if isinstance(nd, N.Transpose):
            continue
        if isinstance(nd, N.MatMul):
            head, _ = _split(nd.children)
            if len(head) == 1 and inverse_like(head[0]) is not None:
                out.add(inverse_like(head[0])[0])   # type: ignore[index]
            continue
        for c in nd.children:
            il = inverse_like(c)
            if il is not None:
                out.add(il[0])
    return out
