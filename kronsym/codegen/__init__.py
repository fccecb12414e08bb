"""Numeric export: lower to a small IR, emit for numpy / jax / torch / mpmath.

Owns: ``lambdify`` and ``codegen``. The pipeline (DESIGN.md): expression ->
``lower.lower`` (every structural decision, once) -> ``ir.Program`` ->
``emit.emit`` (straight-line Python calling one backend runtime).
``form="operator"`` gives a scipy.sparse.linalg.LinearOperator applying the
expression (and its transpose) to blocks without forming it;
``form="sparse"`` builds a scipy.sparse matrix from the structure (both numpy only).
"""
from __future__ import annotations

from typing import Any, Callable, Sequence, Union

import sympy

from .. import nodes as N
from .emit import BACKENDS, emit, runtime
from .lower import LoweringError, lower

__all__ = ["lambdify", "codegen", "LoweringError", "BACKENDS"]

#: what lambdify and codegen export: one expression, or a list/tuple of them (a tuple out)
Outputs = Union[N.Expr, Sequence[N.Expr]]


def _check_call(fn: str, args, expr, backend, form="array") -> None:
    """Type checks shared by codegen and lambdify, naming ``fn`` and the argument."""
    if not isinstance(args, (N.Expr, sympy.Symbol)):
        if isinstance(args, (str, bytes)) or not hasattr(args, "__iter__"):
            raise TypeError(f"{fn}(args, expr): args must be a list of MatrixSymbols (and "
                            f"dimension or scalar symbols), got {type(args).__name__} {args!r:.40}")
        for a in args:
            if not isinstance(a, (N.MatrixSymbol, sympy.Symbol)):
                raise TypeError(f"{fn}(args, expr): each argument must be a MatrixSymbol or a "
                                f"SymPy symbol, got {type(a).__name__} {a!r:.40}")
    elif not isinstance(args, (N.MatrixSymbol, sympy.Symbol)):
        raise TypeError(f"{fn}(args, expr): each argument must be a MatrixSymbol or a SymPy "
                        f"symbol, got the expression {str(args):.40}")
    _check_outputs(fn, expr, form)
    for key, value in (("backend", backend), ("form", form)):
        if not isinstance(value, str):
            raise TypeError(f"{fn}(..., {key}=...): {key} must be a str, got "
                            f"{type(value).__name__} {value!r:.40}")


def _check_outputs(fn: str, expr, form) -> None:
    """``expr``: one kronsym expression, or a non-empty list/tuple of them (form "array")."""
    many = isinstance(expr, (list, tuple))
    exprs = list(expr) if many else [expr]
    if many and not exprs:
        raise ValueError(f"{fn}(args, [...]): the list of outputs is empty")
    if many and form != "array":
        raise ValueError(f"{fn}(args, [...], form={form!r}): several outputs need "
                         f"form='array'; make one {form} per expression")
    for k, e in enumerate(exprs):
        if not isinstance(e, N.Expr):
            what = f"output {k} of expr" if many else "expr"
            raise TypeError(f"{fn}(args, expr): {what} must be a kronsym expression, got "
                            f"{type(e).__name__} {e!r:.40}")


def codegen(args: Sequence, expr: Outputs, backend: str = "numpy", standalone: bool = False,
            check_gradient: bool = False) -> str:
    """The Python source ``lambdify`` generates (readable, shares subexpressions).

    ``standalone=True``: a module importing only numpy / jax / torch / mpmath (never
    kronsym), with native calls, per-argument shape checks and named intermediates
    (kronsym.codegen.standalone); ``check_gradient=True`` (a scalar ``expr``) adds
    ``gradient`` (the gradient with respect to the first matrix argument) and
    ``check_gradient``, comparing it with central differences of ``f``.

    Every identifier is codegen's own (arguments ``a0, a1, ...``, their arrays
    ``x0, ...``, dims ``d0, ...``, scalars ``s0, ...``); the user's names appear only
    in the comments. The one ``if`` refuses arguments of the wrong shape and
    non-positive dims (``_rt.argument_error`` names them in the user's terms).

    >>> import kronsym as ks
    >>> m, n, p, q = ks.dims("m n p q")
    >>> A, B = ks.MatrixSymbol("A", m, n), ks.MatrixSymbol("B", p, q)
    >>> x = ks.MatrixSymbol("x", n * q, 1)
    >>> print(ks.codegen([A, B, x], ks.kron(A, B) @ x))
    def f(a0, a1, a2):
        # a0: A, m×n
        # a1: B, p×q
        # a2: x, n*q×1
        # d0: m, from the rows of A
        # d1: n, from the columns of A
        # d2: p, from the rows of B
        # d3: q, from the columns of B
        x0 = _rt.asarray(a0)
        x1 = _rt.asarray(a1)
        x2 = _rt.asarray(a2)
        flat = _rt.ndim(a2) < 2
        d0 = x0.shape[0]
        d1 = x0.shape[1]
        d2 = x1.shape[0]
        d3 = x1.shape[1]
        if (x0.shape != (d0, d1) or x1.shape != (d2, d3) or x2.shape != (d1*d3, 1) or d0 < 1
                or d1 < 1 or d2 < 1 or d3 < 1):
            _rt.argument_error(globals().get('_sig'), (a0, a1, a2))
        t0 = _rt.kron_apply((('M', x0), ('M', x1)), x2)
        if flat:
            return t0.reshape(-1)
        return t0
    <BLANKLINE>
    """
    _check_call("codegen", args, expr, backend)
    if standalone or check_gradient:
        return _standalone(args, expr, backend, check_gradient)
    return emit(lower(args, expr), backend)[0]


def _standalone(args, expr, backend: str, check_gradient: bool) -> str:
    """``codegen(..., standalone=True)``: a module that imports only the backend's library
    (kronsym.codegen.standalone); ``check_gradient`` adds ``gradient`` and its check."""
    from .standalone import emit_standalone
    grad_prog = None
    if check_gradient:
        from ..diff import grad
        if isinstance(expr, (list, tuple)):
            raise ValueError("codegen(..., check_gradient=True) takes one scalar expression, "
                             f"not a list of {len(expr)}")
        wrt = next((a for a in ([args] if isinstance(args, N.Expr) else args)
                    if isinstance(a, N.MatrixSymbol)), None)
        if wrt is None or (expr.rows, expr.cols) != (1, 1):
            raise ValueError("codegen(..., check_gradient=True) needs a scalar (1×1) expression "
                             "and a matrix argument first: the gradient is taken with respect "
                             f"to it; got {str(expr):.60} of shape {expr.rows}×{expr.cols}")
        grad_prog = lower(args, grad(expr, wrt))
    return emit_standalone(lower(args, expr), backend, grad_prog)


def lambdify(args: Sequence, expr: Outputs, backend: str = "numpy",
             form: str = "array") -> Callable[..., Any]:
    """A numeric function of arrays computing ``expr``, exploiting its structure.

    ``args``: the MatrixSymbols (and any dimension or scalar symbols that cannot
    be read from their shapes), in call order. ``backend``: "numpy" (default),
    "jax" (jit-able; runs in the precision jax is configured for -- for float64
    set ``jax.config.update("jax_enable_x64", True)`` yourself, kronsym changes no
    jax setting), "torch" or "mpmath". ``form``: "array" (the value),
    "operator" (a ``scipy.sparse.linalg.LinearOperator`` subclass for the value as a
    linear map) or "sparse" (a scipy.sparse matrix); these two are numpy-only, another
    backend raises a ValueError. ``n×1`` arguments may be 1-D arrays: then a column
    result comes back 1-D and a 1×1 result 0-d (docs/export_boundary.md).
    Kronecker products and commutation matrices are never formed to multiply
    a block; the generated source is ``f.source``. Every call checks that each
    argument is a 2-D array of its declared shape, with the dims agreeing across
    arguments and positive (no batch axis is guessed); otherwise it raises
    ``ks.EvaluationError`` naming the argument, its declared and its given shape.

    ``expr`` may be a list (or tuple) of expressions: the function then returns a
    tuple, and what the outputs share is computed once (the lowering memoizes per node
    and hash-conses identical instructions; see docs/export.md). A product whose
    rightmost factor is a column (``ks.hessian(f, w) @ v``, ``J @ ks.vec(V)``) is
    applied factor by factor: H or J is never formed.

    >>> import numpy as np, kronsym as ks
    >>> n, = ks.dims("n")
    >>> A, B, X = (ks.MatrixSymbol(c, n, n) for c in "ABX")
    >>> f = ks.lambdify([A, B, X], ks.kron(B.T, A) @ ks.vec(X))
    >>> a, b, x = np.eye(2), 2 * np.eye(2), np.arange(4.).reshape(2, 2)
    >>> f(a, b, x).ravel()          # vec(A X B), column-major
    array([0., 4., 2., 6.])
    >>> np.allclose(f(a, b, x).ravel(), (a @ x @ b).ravel(order="F"))
    True
    >>> "kron(" in f.source
    False
    >>> f(a, b, np.ones((2, 3)))
    Traceback (most recent call last):
    ...
    kronsym.errors.EvaluationError: lambdified function: argument X is n×n, but the array given for it has shape (2, 3): n = 2 from the rows of A, so X must be 2×2

    Several outputs, sharing their work (σ(Xw) once for the loss, gradient and Hessian):

    >>> m, n = ks.dims("m n")
    >>> X, w = ks.MatrixSymbol("X", m, n), ks.MatrixSymbol("w", n, 1)
    >>> loss = ks.sum(ks.softplus(X @ w))
    >>> fgh = ks.lambdify([X, w], [loss, ks.grad(loss, w), ks.hessian(loss, w)])
    >>> l, g, h = fgh(np.ones((3, 2)), np.zeros((2, 1)))
    >>> l.shape, g.shape, h.shape
    ((1, 1), (2, 1), (2, 2))
    >>> fgh.source.count("sigmoid")
    1
    """
    _check_call("lambdify", args, expr, backend, form)
    if form not in ("array", "operator", "sparse"):
        raise ValueError(f"form must be 'array', 'operator' or 'sparse', got {form!r}")
    from .checks import check_form
    check_form(form, backend)
    if form == "operator":
        from .operator import make_operator_factory
        return make_operator_factory(args, expr, backend)
    if form == "sparse":
        from .operator import make_sparse_factory
        return make_sparse_factory(args, expr)
    prog = lower(args, expr)
    src, fn = emit(prog, backend)
    what = ", ".join(map(str, expr)) if isinstance(expr, (list, tuple)) else str(expr)
    fn.__doc__ = f"Generated by kronsym.lambdify ({backend}) for {what}:\n\n{src}"
    fn.source = src
    fn.program = prog
    return fn
