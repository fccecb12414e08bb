"""Binding a lowering's arguments: the Program's inputs, dims, checks and labels.

Owns: ``bind_arguments(args, exprs) -> (Program, inputs)`` and ``as_outputs(expr)``.
``args`` are the MatrixSymbols (and dimension or scalar SymPy symbols) in call order;
``exprs`` the outputs (one expression, or several for ``ks.lambdify(args, [f, g, H])``).
The Program gets its parameter names (codegen's own: ``a0``, ``x0``, ``d0``, ``s0``),
the dims read from the argument shapes (a plain symbol from its axis, a product with
known other factors by division), the shape every argument must have, the dims to
check positive at run time, and comments in the user's terms; ``inputs`` maps each
MatrixSymbol to its array variable. Errors name the argument or symbol at fault.
"""
from __future__ import annotations

from typing import Dict, List, Sequence, Tuple

import sympy

from .. import nodes as N
from ..traverse import postorder
from .ir import Program, Var
from .names import LoweringError, Names, dim_label, user_label

__all__ = ["bind_arguments", "as_outputs"]


def as_outputs(expr) -> Tuple[List[N.Expr], bool]:
    """The output expressions and whether several were asked for (a list or tuple).

    >>> import kronsym as ks
    >>> A = ks.MatrixSymbol("A", 2, 2)
    >>> as_outputs([A, A.T])[1], len(as_outputs(A)[0])
    (True, 1)
    """
    many = isinstance(expr, (list, tuple))
    exprs = list(expr) if many else [expr]
    if many and not exprs:
        raise ValueError("lambdify(args, [...]): the list of outputs is empty")
    for k, e in enumerate(exprs):
        if not isinstance(e, N.Expr):
            where = f"output {k} " if many else ""
            raise TypeError(f"lambdify(args, expr): {where}expr must be a kronsym expression, "
                            f"got {type(e).__name__}")
    return exprs, many


def _bind_params(args, names):
    """Parameter names, input variables, labels and the dims passed as arguments."""
    inputs: Dict[N.Expr, Var] = {}
    params: List[str] = []
    matrix_inputs, labels, positive, matrices = [], [], [], []  # type: list, list, list, list
    known = set()
    for a in args:
        if isinstance(a, N.MatrixSymbol):
            if a in inputs:
                raise LoweringError(f"lambdify: {a.name} appears twice among the arguments")
            p, arr = names.new("a"), f"x{len(matrices)}"
            inputs[a] = Var(arr)
            matrices.append((a, arr))
            matrix_inputs.append((p, arr))
            labels.append((p, f"{user_label(a)}, {dim_label(a.rows)}×{dim_label(a.cols)}"))
        elif isinstance(a, sympy.Symbol):
            if a in known:
                raise LoweringError(f"lambdify: {a} appears twice among the arguments")
            is_dim = bool(a.is_integer and a.is_positive)
            p = names.new("d" if is_dim else "s", a)
            known.add(a)
            if is_dim:
                positive.append(a)
            labels.append((p, f"{'dimension' if is_dim else 'scalar'} {user_label(a)}"))
        else:
            raise TypeError(f"lambdify(args, expr): each argument must be a MatrixSymbol or a "
                            f"SymPy symbol, got {type(a).__name__} {a!r:.40}")
        params.append(p)
    return inputs, params, matrix_inputs, labels, positive, matrices, known


def _dim_reads(matrices, known):
    """Dims read from the shapes: plain symbols first, then products whose other factors
    are known; (dim symbol, index among the matrices, axis, divisor or None)."""
    reads = []
    for k, (a, _) in enumerate(matrices):
        for axis, d in enumerate(a.shape):
            if isinstance(d, sympy.Symbol) and d not in known:
                reads.append((d, k, axis, None))
                known.add(d)
    progress = True
    while progress:
        progress = False
        for k, (a, _) in enumerate(matrices):
            for axis, d in enumerate(a.shape):
                free = [s for s in d.free_symbols if s not in known]
                if len(free) != 1 or not d.is_Mul:
                    continue
                x = free[0]
                rest = d / x
                if rest.free_symbols <= known and not (rest.free_symbols & {x}) and \
                        all(e.is_Symbol or e.is_Integer for e in d.args):
                    reads.append((x, k, axis, rest))
                    known.add(x)
                    progress = True
    return reads


def bind_arguments(args: Sequence, exprs: Sequence) -> Tuple[Program, Dict[N.Expr, Var]]:
    """The Program (no instructions yet) for outputs ``exprs`` of ``args``, and the
    array variable of each MatrixSymbol argument."""
    from ..bind import node_dims
    from .checks import Signature
    if isinstance(args, (N.Expr, sympy.Symbol)):
        args = [args]
    args = list(args)
    names = Names()
    inputs, params, matrix_inputs, labels, positive, matrices, known = _bind_params(args, names)
    reads = _dim_reads(matrices, known)
    dim_reads = []
    for d, k, axis, div in reads:
        dn = names.new("d", d)
        dim_reads.append((dn, matrices[k][1], axis, div))
        labels.append((dn, f"{user_label(d)}, from the {'rows' if axis == 0 else 'columns'} of "
                           f"{user_label(matrices[k][0])}"))
        positive.append(d)
    free = set().union(*(e.free_symbols for e in exprs))
    missing = [s.name for s in free if s not in inputs]
    if missing:
        raise LoweringError(f"lambdify: the expression uses {', '.join(sorted(missing))}, which "
                            f"is not among the arguments")
    nodes = _all_nodes(exprs)
    need = set().union(*(e.free_dims for e in exprs))
    for nd in nodes:
        if isinstance(nd, (N.ScalarMul, N.Power, N.MatPow)):
            need |= nd.params[0].free_symbols
    unknown = sorted(str(s) for s in need - known)
    if unknown:
        raise LoweringError(f"lambdify: {', '.join(unknown)} cannot be read from the shapes of the "
                            f"arguments; pass {'it' if len(unknown) == 1 else 'them'} as an argument")
    # run-time checks: every argument's shape, and every dim not provably positive
    shape_checks = [(arr, a.shape) for a, arr in matrices
                    if all(d.free_symbols <= known for d in a.shape)]
    seen = set(positive)
    for nd in [a for a, _ in matrices] + nodes:
        for d in node_dims(nd):
            if d in seen or d.is_Integer or d.is_positive or not d.free_symbols <= known:
                continue
            seen.add(d)
            positive.append(d)
    prog = Program(params, matrix_inputs, dim_reads, shape_checks, positive, names, labels,
                   Signature(args, reads, positive))
    return prog, inputs


def _all_nodes(exprs) -> list:
    """Every distinct node of the outputs once, each after its children."""
    out: list = []
    seen: set = set()
    for e in exprs:
        if e in seen:
            continue
        out.extend(postorder(e, done=seen.__contains__))
        seen.update(out)
    return out
