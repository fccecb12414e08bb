"""The public calculus functions: ``diff``, ``grad``, ``hessian``.

Owns: argument checking, the differential symbol dX, and the pipeline
    differential (differential.py) -> identification (identify.py) -> light algebra
    (kronsym.rules families basic, transpose, inverse, kron, calculus).

Layering (DESIGN.md: build -> canonicalize -> differentiate -> simplify): the
rule families are the canonicalize layer and stand below kronsym.diff, which
uses them one way (tidy, identify's Tracy–Singh permutations, chain's GROUP);
no module of kronsym.rules imports kronsym.diff. The imports of kronsym.rules
are lazy only so that ``import kronsym`` does not build the rule tables.

Contract: ``diff(F, X)`` is d vec F / d (vec X)ᵀ, (pq)×(mn) for F p×q and X m×n
(Magnus–Neudecker layout, column-major vec). A scalar F gives a 1×(mn) row;
an F free of X gives the zero matrix of that shape.

Symmetric X (``ks.symmetric``, a SymmetricSymbol): the free coordinates are
vech X, and ``diff(F, S)`` is d vec F / d (vech S)ᵀ = J D_n, (pq)×n(n+1)/2, with J
the unconstrained Jacobian at the symmetric point (vec dS = D_n d vech S);
``diff(F, S, vech=True)`` is d vech F / d (vech S)ᵀ = L_p J D_n for square F.
``grad(f, S)`` is the gradient in the space of symmetric matrices with the
Frobenius inner product, sym(G) = (G + Gᵀ)/2 for G the unconstrained
gradient (df = tr(grad(f, S)ᵀ dS) for every symmetric dS); ``hessian(f, S)`` is
d vec(grad f) / d (vec S)ᵀ restricted to symmetric directions, H N_n (n²×n²).
See docs/conventions.md, "Symmetric matrices".
"""
from __future__ import annotations

from typing import Optional, Tuple

from .. import nodes as N
from ..dims import dims_equal
from ..errors import ShapeError, hint, with_hints
from ..traverse import postorder
from .differential import differential
from .identify import identify
from .adjoint import gradient_matrix

__all__ = ["diff", "grad", "hessian", "jacobian_parts", "LIGHT_FAMILIES"]

#: the rule families applied to every derivative (the light algebra)
LIGHT_FAMILIES: tuple[str, ...] = ("basic", "transpose", "inverse", "kron", "commutation", "calculus", "symmetric")
# Tracy–Singh products and vec_r are written through ⊗, K and vec in derivatives too
LIGHT_FAMILIES = LIGHT_FAMILIES + ("tracy_singh",)
# matrix functions: J_f(X)ᵀ = J_f(Xᵀ) turns a gradient into one Fréchet derivative
LIGHT_FAMILIES = LIGHT_FAMILIES + ("matfuncs",)
# textbook forms (issue #17): d(diag(x) y)/dx = diag(y), 1×1 factors in front
LIGHT_FAMILIES = LIGHT_FAMILIES + ("textbook",)


def _check(F, X, fn: str) -> None:
    if not isinstance(F, N.Expr):
        raise TypeError(f"{fn}(F, X): F must be a kronsym expression, got {type(F).__name__}")
    if not isinstance(X, N.MatrixSymbol):
        what = f"the expression {X}" if isinstance(X, N.Expr) else f"{type(X).__name__} {X!r:.40}"
        raise TypeError(f"{fn}(F, X): X must be a MatrixSymbol (the variable), got {what}; "
                        f"to differentiate with respect to a transpose or a block, introduce a "
                        f"symbol for it")


def differential_symbol(F, X) -> N.MatrixSymbol:
    """The symbol dX (named d<X>, primed if that name is taken in F)."""
    taken = {s.name for s in postorder(F) if isinstance(s, N.MatrixSymbol)}
    name = "d" + X.name
    while name in taken:
        name += "_"
    return N.MatrixSymbol(name, X.rows, X.cols)


def tidy(expr):
    """The light algebra applied to derivatives: the LIGHT_FAMILIES rules, with products
    flattened only up to GROUP factors (the shared groups of a long chain stay shared:
    kronsym.diff.chain)."""
    from ..rules import apply_families
    from ..rules.basic import flatten_nested, flatten_nested_grouped
    return apply_families(expr, LIGHT_FAMILIES,
                          replace={flatten_nested: flatten_nested_grouped})


def jacobian_parts(F, X) -> Tuple[N.MatrixSymbol, Optional[N.Expr], Optional[N.Expr]]:
    """(dX, dF, raw J) before simplification; dF and J are None when F is free of X."""
    dX = differential_symbol(F, X)
    dF = differential(F, X, dX)
    if dF is None:
        return dX, None, None
    return dX, dF, identify(N.Vec(dF), dX)


def _diff_unconstrained(F, X):
    """d vec F / d (vec X)ᵀ treating every entry of X as free (also for a symmetric X)."""
    dX, dF, J = jacobian_parts(F, X)
    if J is None:
        return N.ZeroMatrix(F.rows * F.cols, X.rows * X.cols)
    return tidy(J)


def _is_sym(X) -> bool:
    return isinstance(X, N.SymmetricSymbol)


def diff(F: N.Expr, X: N.Expr, *, vech: bool = False) -> N.Expr:
    """The Jacobian d vec F / d (vec X)ᵀ as a kronsym expression.

    For a symmetric X (``ks.symmetric``) the variable is vech X: the result is
    d vec F / d (vech X)ᵀ = J D_n, of shape (pq)×n(n+1)/2. ``vech=True`` (square F)
    gives d vech F / d (vech X)ᵀ = L_p J D_n (L_p J for an unconstrained X).

    >>> import kronsym as ks
    >>> m, n = ks.dims("m n")
    >>> A = ks.MatrixSymbol("A", m, n)
    >>> print(ks.diff(A.T @ A, A))
    (A.T ⊗ I(n)) @ K(m, n) + I(n) ⊗ A.T
    >>> ks.diff(A.T @ A, A).shape
    (n**2, m*n)
    >>> S = ks.symmetric("S", n)
    >>> print(ks.diff(ks.inv(S), S, vech=True))
    -(L(n) @ (inv(S) ⊗ inv(S)) @ D(n))
    """
    _check(F, X, "diff")
    if vech:
        if dims_equal(F.rows, F.cols) is not True:
            raise ValueError(f"diff(F, X, vech=True): vech needs a square F, but {F} is "
                             f"{F.rows}×{F.cols}")
    J = _diff_unconstrained(F, X)
    if _is_sym(X):
        J = N.MatMul(J, N.Duplication(X.rows)) if not isinstance(J, N.ZeroMatrix) else \
            N.ZeroMatrix(J.rows, X.rows * (X.rows + 1) / 2)
    if vech:
        J = N.MatMul(N.Elimination(F.rows), J) if not isinstance(J, N.ZeroMatrix) else \
            N.ZeroMatrix(F.rows * (F.rows + 1) / 2, J.cols)
    return tidy(J) if (vech or _is_sym(X)) else J


def grad(f: N.Expr, X: N.Expr) -> N.Expr:
    """The gradient ∂f/∂X of a scalar (1×1) f: a matrix of X's shape.

    For a symmetric X (``ks.symmetric``): the symmetric gradient (G + Gᵀ)/2 of the
    unconstrained gradient G, so that df = tr(grad(f, X)ᵀ dX) for every symmetric
    dX (not the "G + Gᵀ − diag G" of entry-wise partials; that is unvech of
    ``diff(f, X).T``). ``grad(logdet(S), S)`` is S⁻¹.

    >>> import kronsym as ks
    >>> n, = ks.dims("n")
    >>> X = ks.MatrixSymbol("X", n, n); A = ks.MatrixSymbol("A", n, n)
    >>> print(ks.grad(ks.trace(A @ X), X))
    A.T
    >>> print(ks.grad(ks.logdet(X), X))
    inv(X).T
    """
    _check(f, X, "grad")
    _require_scalar_f(f, "grad")
    return _simplify(gradient_unsimplified(f, X))


def _simplify(e):
    from ..simplify import simplify
    return simplify(e)


def gradient_unsimplified(f, X):
    """G with df = tr(Gᵀ dX), read off the differential in matrix form (kronsym.diff.adjoint);
    for a symmetric X, sym(G) of the simplified G."""
    dX = differential_symbol(f, X)
    df = differential(f, X, dX)
    G = gradient_matrix(df, dX) if df is not None else None
    if G is None:
        return N.ZeroMatrix(X.rows, X.cols)
    if _is_sym(X):
        import sympy
        from ..rules.symmetry import is_symmetric
        G = _simplify(G)       # simplified first: a symmetric G is its own sym(G)
        if not is_symmetric(G):
            G = N.ScalarMul(sympy.Rational(1, 2), N.MatAdd(G, N.Transpose(G)))
    return G


def _require_scalar_f(f, fn: str) -> None:
    if not f.is_scalar:
        h = hint("jacobian")
        raise with_hints(ShapeError(f"{fn}(f, X): f must be 1×1, but {f} is {f.rows}×{f.cols}; "
                                    f"{h.python()}"), h)


def hessian(f: N.Expr, X: N.Expr) -> N.Expr:
    """The Hessian d vec(∂f/∂X) / d (vec X)ᵀ of a scalar f, (mn)×(mn).

    For a symmetric X: H N_n with H the unconstrained derivative of vec grad(f, X)
    (n²×n², symmetric, zero on antisymmetric directions), consistent with
    ``grad``: vec grad(f, X + E) ≈ vec grad(f, X) + hessian vec E for symmetric E,
    and ``diff(vec(grad(f, S)), S) == hessian(f, S) @ D(n)`` in value.

    >>> import kronsym as ks
    >>> n, = ks.dims("n")
    >>> x = ks.MatrixSymbol("x", n, 1); A = ks.MatrixSymbol("A", n, n)
    >>> print(ks.hessian(x.T @ A @ x, x))
    A + A.T
    """
    _check(f, X, "hessian")
    _require_scalar_f(f, "hessian")
    g = grad(f, X)
    if _is_sym(X):
        return _simplify(N.MatMul(_diff_unconstrained(N.Vec(g), X), N.Symmetrizer(X.rows)))
    return _simplify(diff(N.Vec(g), X))
