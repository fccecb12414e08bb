"""Run-time argument checks of lambdified functions: the error path.

Owns: ``check_form`` (which backend can give which ``form``), ``Signature`` (the user's arguments, and how the generated code reads the
dims from them) and ``argument_error(sig, values)``, which generated code calls
(as ``_rt.argument_error``) only when its one ``if`` over the argument shapes
fails: an argument whose shape does not match its declared one, dims that
disagree between arguments, an array that is not 2-D (no batch axis is ever
guessed), or a dimension that is <= 0 (read from an empty array, passed, or a
compound one such as n - 5). It re-derives the dims in the user's terms and
raises :class:`~kronsym.errors.EvaluationError` (a ``ValueError``) naming the
argument, its declared shape (``n×n``) and the shape given.

Contract: the fast path (a few tuple and int comparisons generated into the
function) runs on every call; this module runs only once a check has failed.
Functions printed by ``ks.codegen`` and run without ``_sig`` still raise, with
a message in the generated names.
"""
from __future__ import annotations

import operator
from typing import Dict, Sequence

import sympy

from .. import nodes as N
from ..errors import EvaluationError

__all__ = ["Signature", "argument_error", "check_form", "FORM_BACKENDS"]


def _shape_of(v) -> tuple:
    shape = getattr(v, "shape", None)
    if shape is None:
        import numpy as np
        shape = np.shape(v)
    return tuple(int(s) for s in shape)


def _fmt(d) -> str:
    d = sympy.sympify(d)
    return str(d) if d.is_Atom or d.is_Pow or d.is_Mul and not any(a.is_Add for a in d.args) \
        else f"({d})"


class Signature:
    """What the error path needs: ``args`` (MatrixSymbols and SymPy symbols, in call
    order), ``reads`` ((dim, matrix index, axis, divisor or None), the generated code's
    order) and ``positive`` (the dims checked >= 1)."""

    def __init__(self, args: Sequence, reads: Sequence, positive: Sequence):
        self.args = tuple(args)
        self.reads = tuple(reads)
        self.positive = tuple(positive)
        self.matrices = [a for a in self.args if isinstance(a, N.MatrixSymbol)]

    def _blame_order(self, shapes) -> list:
        """The reads with each plain dim taken from where most arguments agree, ties going
        to a matrix over a vector (``w`` of the wrong length beside a data matrix ``X`` is
        blamed, not ``X``), then to the first argument (the generated code's order)."""
        out = []
        for d, k, axis, div in self.reads:
            if div is not None:
                out.append((d, k, axis, div))
                continue
            spots = [(j, ax) for j, a in enumerate(self.matrices) for ax in (0, 1)
                     if a.shape[ax] == d]
            votes: Dict[int, int] = {}
            for j, ax in spots:
                votes[shapes[j][ax]] = votes.get(shapes[j][ax], 0) + 1

            ranked = [(-votes[shapes[j][ax]],
                       any(sympy.sympify(x) == 1 for x in self.matrices[j].shape), i, j, ax)
                      for i, (j, ax) in enumerate(spots)]
            *_, j, ax = min(ranked)
            out.append((d, j, ax, None))
        return out

    def error(self, values) -> EvaluationError:
        """The EvaluationError explaining why ``values`` do not fit the arguments."""
        pre = "lambdified function: "
        if len(values) != len(self.args):
            return EvaluationError(f"{pre}expected {len(self.args)} arguments, got {len(values)}")
        binding: Dict[sympy.Symbol, int] = {}
        origin: Dict[sympy.Symbol, str] = {}
        given, shapes = [], []
        for a, v in zip(self.args, values):
            if isinstance(a, N.MatrixSymbol):
                g = _shape_of(v)
                if len(g) > 2:
                    return EvaluationError(
                        f"{pre}argument {a.name} is {_fmt(a.rows)}×{_fmt(a.cols)}, a matrix, but "
                        f"the array given for it has shape {g}; lambdified functions take 2-D "
                        f"arrays and never guess a batch axis: call the function once per matrix "
                        f"(or map it, e.g. with jax.vmap)")
                given.append(g)
                shapes.append(g if len(g) == 2 else (g[0], 1) if len(g) == 1 else (1, 1))
            elif a.is_integer and a.is_positive:
                try:
                    iv = operator.index(v)
                except TypeError:
                    return EvaluationError(f"{pre}the dimension {a} must be given as a positive "
                                           f"int, got {type(v).__name__} {v!r:.40}")
                if iv < 1:
                    return EvaluationError(f"{pre}the dimension {a} is given as {iv}; "
                                           f"dimensions must be positive")
                binding[a], origin[a] = iv, "given as an argument"
        for d, k, axis, div in self._blame_order(shapes):
            a, val = self.matrices[k], shapes[k][axis]
            what = f"{'rows' if axis == 0 else 'columns'} of {a.name}"
            if div is None:
                binding[d], origin[d] = val, f"from the {what}"
                continue
            q = div.xreplace({s: sympy.Integer(x) for s, x in binding.items()})
            if not q.is_Integer or q < 1:
                continue            # a factor <= 0: reported below as a non-positive dim
            q = int(q)
            if val % q:
                return EvaluationError(
                    f"{pre}argument {a.name} is {_fmt(a.rows)}×{_fmt(a.cols)}, but the array given "
                    f"for it has shape {given[k]}: its {what.split(' of ')[0]} "
                    f"({a.shape[axis]}) must be a multiple of {div} = {q}")
            binding[d], origin[d] = val // q, f"from the {what}"
        sub = {s: sympy.Integer(x) for s, x in binding.items()}
        for k, a in enumerate(self.matrices):
            want = tuple(d.xreplace(sub) for d in a.shape)
            if not all(w.is_Integer for w in want) or tuple(int(w) for w in want) == shapes[k]:
                continue
            why = "; ".join(f"{s} = {binding[s]} {origin[s]}"
                            for s in sorted(set().union(*(d.free_symbols for d in a.shape)), key=str))
            col = " (a 1-D array is taken as a column)" if len(given[k]) == 1 else ""
            return EvaluationError(
                f"{pre}argument {a.name} is {_fmt(a.rows)}×{_fmt(a.cols)}, but the array given for "
                f"it has shape {given[k]}{col}" +
                (f": {why}, so {a.name} must be {int(want[0])}×{int(want[1])}" if why else
                 f"; {a.name} must be {int(want[0])}×{int(want[1])}"))
        from ..bind import nonpositive_message
        for d in self.positive:
            v = d.xreplace(sub)
            if v.is_number and v < 1:
                return EvaluationError(pre + nonpositive_message(d, v, binding, origin.get(d, "")))
        return EvaluationError(f"{pre}the arguments do not fit the shapes it was generated for "
                               f"(given shapes {tuple(given)})")


def argument_error(sig, values) -> None:
    """Raise the EvaluationError for arguments that failed the generated checks."""
    if isinstance(sig, Signature):
        raise sig.error(tuple(values))
    shapes = tuple(getattr(v, "shape", v) for v in values)
    raise EvaluationError(f"generated function: the arguments {shapes!r:.200} do not have the "
                          f"shapes it was generated for (see the comments at the top of its "
                          f"source), or a dimension is not positive")


#: the forms other than "array" and the backends that produce them: both are scipy objects
#: computed with numpy, so any other backend refuses them rather than hand back scipy's type
FORM_BACKENDS = {"operator": ("numpy",), "sparse": ("numpy",)}


def check_form(form: str, backend: str) -> None:
    """Refuse a ``form`` the ``backend`` cannot produce, saying what to do instead."""
    ok = FORM_BACKENDS.get(form)
    if ok is None or backend in ok:
        return
    what = ("a scipy.sparse.linalg.LinearOperator" if form == "operator"
            else "a scipy.sparse matrix")
    raise ValueError(f"lambdify(..., form={form!r}, backend={backend!r}): form={form!r} gives "
                     f"{what}, computed with numpy, so only backend='numpy' has it; for "
                     f"{backend} use form='array' (lambdify expr @ V for a matrix-free "
                     f"product, or the dense value)")
