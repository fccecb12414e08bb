"""Standalone source: ``ks.codegen(args, expr, backend, standalone=True)``.

Owns: :func:`emit_standalone` (a Program -> the text of a Python module that imports
numpy / jax / torch / mpmath only, never kronsym; plus scipy.linalg in numpy modules and
jax.scipy.linalg in jax modules where the runtime uses them: matrix functions and LU,
kronsym.codegen.standalone_linalg) and :func:`audit_standalone`.

The module holds ``f``, the function of the arrays (parameters ``a0, a1, ...`` as in
lambdify's source; the user's names, shapes and dims in comments and in the error
messages), with: a preamble converting each argument (a 1-D array for an n×1 argument is
taken as a column, and then a column result comes back 1-D, a 1×1 result 0-d), reading
the dims from the shapes and checking every argument's shape with its own ``ValueError``
(naming the argument, its declared shape with the dims' values, and the shape given);
one named line per IR instruction, spelled in the backend's library
(kronsym.codegen.standalone_ops: one matmul per dense factor for a Kronecker product
applied, moveaxis for commutation, solve for inverses applied, gathers for D_n, L_n);
no unused line (dims and
helpers appear only when read). With ``check_gradient=True`` (a scalar expression with
its gradient), a second function ``check_gradient(...)`` compares the gradient with
central differences of ``f``, as matrixcalculus.org's exported code does.

Contract: the text passes :func:`audit_standalone`: imports only of those libraries
(and only those the code uses); every name is codegen's own, a helper's, the library's
or one of a few builtins; no dunder attribute, no eval/exec/getattr/open. Its strings
come from the templates and helpers of kronsym.codegen.standalone_ops and from the
user's labels passed through ``names.comment`` (identifiers, digits, operators only).
"""
from __future__ import annotations

import ast
import re
from typing import List, Optional, Sequence

import sympy

from .emit import has_column_output, return_lines
from .ir import DimExpr, Program, Var
from .names import UnsafeSourceError, comment, literal
from .standalone_ops import BACKEND_NEEDS, HELPER_NEEDS, HELPERS, IMPORTS, NATIVE

__all__ = ["emit_standalone", "audit_standalone"]

_LIBS = {"numpy", "jax", "jax.numpy", "torch", "mpmath", "scipy.linalg", "jax.scipy.linalg"}
_ALIASES = {"np", "jnp", "jax", "torch", "mpmath", "scipy"}
_BUILTINS = {"int", "float", "complex", "abs", "max", "range", "isinstance", "hasattr",
             "ValueError", "ZeroDivisionError", "object", "min", "print", "len", "zip", "sum", "enumerate", "tuple", "str",
             "sorted", "bool"}


class _Src:
    """What a template sees: the backend, its array module and the argument renderer."""

    def __init__(self, backend: str, names):
        self.backend, self.names = backend, names
        self.xp = {"numpy": "np", "jax": "jnp", "torch": "torch", "mpmath": "np"}[backend]
        self.helpers: List[str] = []

    def need(self, name: str) -> None:
        for dep in HELPER_NEEDS.get(name, ()) + BACKEND_NEEDS[self.backend].get(name, ()):
            self.need(dep)
        if name not in self.helpers:
            self.helpers.append(name)

    def src(self, a, prec: int = 0) -> str:
        if isinstance(a, _Raw):
            return a.text
        if isinstance(a, Var):
            return a.name
        if isinstance(a, DimExpr):
            s = self.names.int_src(a.expr) if a.kind == "dim" else self.names.num_src(a.expr)
        elif isinstance(a, str):
            s = repr(a)
        else:
            s = literal(a)
        return f"({s})" if prec and not re.fullmatch(r"[\w.]+|\(.*\)", s) else s

    def raw(self, text: str) -> "_Raw":
        return _Raw(text)

    def call(self, helper: str, args: Sequence) -> str:
        self.need(helper)
        return f"{helper}({', '.join(self.src(a) for a in args)})"

    def wrap(self, helper: str, text: str) -> str:
        self.need(helper)
        return f"{helper}({text})"


class _Raw:
    def __init__(self, text: str):
        self.text = text


def _is_one(d) -> bool:
    return sympy.sympify(d) == 1


def _shape_text(shape) -> str:
    from .names import dim_label
    return f"{comment(dim_label(shape[0]))}×{comment(dim_label(shape[1]))}"


def emit_standalone(prog: Program, backend: str, check_gradient: Optional[Program] = None) -> str:
    """The module text for ``prog`` (and, given the gradient's program, its self-check)."""
    if backend not in NATIVE:
        raise ValueError(f"unknown backend {backend!r}; choose one of {', '.join(NATIVE)}")
    S = _Src(backend, prog.names)
    body = _function(prog, S, "f")
    grad_fn = None
    if check_gradient is not None:
        grad_fn = _function(check_gradient, S, "gradient") + _checker(prog, S)
    code = [HELPERS[backend][h] for h in S.helpers] + [body] + ([grad_fn] if grad_fn else [])
    text = "\n".join(code)
    imports = [i for i in IMPORTS[backend] if re.search(rf"\b{i.split()[-1]}\.", text)]
    libs = ", ".join(sorted({i.split()[1].split(".")[0] for i in imports}))
    head = (f'"""Generated by kronsym.codegen(..., standalone=True) for {backend}; needs only '
            f'{libs}."""\n' + "\n".join(imports) + "\n")
    parts = [head] + code
    src = "\n\n".join(p.strip("\n") + "\n" for p in parts)
    audit_standalone(src)
    return src


def _function(prog: Program, S: _Src, name: str) -> str:
    sig = prog.signature
    mats = sig.matrices
    lines = [f"def {name}({', '.join(prog.inputs)}):"]
    lines += [f"    # {p}: {desc}" for p, desc in prog.labels]
    cols = {arr: c for arr, (_, c) in prog.shape_checks}
    flat = [arr for _, arr in prog.matrix_inputs if arr in cols and _is_one(cols[arr])] \
        if has_column_output(prog) else []
    conv = {"numpy": "np.asarray({p})", "jax": "jnp.asarray({p})",
            "torch": "torch.as_tensor({p})", "mpmath": "np.asarray({p}, dtype=object)"}[S.backend]
    columns = [arr for _, arr in prog.matrix_inputs if arr in cols and _is_one(cols[arr])]
    by_arr = {arr: a for a, (_, arr) in zip(mats, prog.matrix_inputs)}
    for p, arr in prog.matrix_inputs:
        if S.backend == "mpmath":
            S.need("_mp")
            lines.append(f"    {arr} = _mp({conv.format(p=p)})")
        else:
            lines.append(f"    {arr} = {conv.format(p=p)}")
        if S.backend == "torch":
            lines.append(f"    if not ({arr}.is_floating_point() or {arr}.is_complex()):")
            lines.append(f"        {arr} = {arr}.to(torch.float64)")
    if flat:
        lines.append(f"    flat = {' or '.join(f'{a}.ndim < 2' for a in flat)}")
    for _, arr in prog.matrix_inputs:
        if arr in columns:            # a 1-D array (a scalar for 1×1) is taken as a column
            lines.append(f"    if {arr}.ndim < 2:")
            lines.append(f"        {arr} = {arr}.reshape(-1, 1)")
        else:
            a = by_arr[arr]
            msg = (f"argument {comment(a.name)} is {_shape_text(a.shape)}, a matrix: give a 2-D "
                   "array; got shape {tuple(" + arr + ".shape)}")
            lines.append(f"    if {arr}.ndim != 2:")
            lines.append(f"        raise ValueError(f{msg!r})")
    nm = prog.names
    read_from = {}
    for d, arr, axis, div in prog.dim_reads:
        src = f"{arr}.shape[{axis}]"
        if div is not None:
            src += f" // ({nm.int_src(div)} or 1)"
        else:
            read_from[(arr, axis)] = d
        lines.append(f"    {d} = {src}")
    for arr, (r, c) in prog.shape_checks:
        a = by_arr[arr]
        rs, cs = nm.int_src(r), nm.int_src(c)
        if arr not in columns and read_from.get((arr, 0)) == rs and read_from.get((arr, 1)) == cs:
            continue                  # a 2-D array whose dims were read from it: nothing to check
        want = f"({rs}, {cs})"
        msg = (f"argument {comment(a.name)} is {_shape_text(a.shape)}, so it must have shape "
               "{" + want + "} here; got {tuple(" + arr + ".shape)}")
        lines.append(f"    if tuple({arr}.shape) != {want}:")
        lines.append(f"        raise ValueError(f{msg!r})")
    if prog.positive:
        ds = [nm.int_src(d) for d in prog.positive]
        text = ", ".join(comment(str(d)) for d in prog.positive)
        vals = "{" + ", ".join(ds) + "}"
        test = f"min({', '.join(ds)})" if len(ds) > 1 else ds[0]
        lines.append(f"    if {test} < 1:")
        why = (f"the dimensions {text} are {vals}; they must be positive" if len(ds) > 1
               else f"the dimension {text} is {vals}; it must be positive")
        lines.append(f"        raise ValueError(f{why!r})")
    table = NATIVE[S.backend]
    for ins in prog.instrs:
        if ins.op not in table:
            raise NotImplementedError(f"codegen(..., standalone=True): the {S.backend} spelling "
                                      f"of IR op {ins.op!r} is missing (NATIVE in kronsym/codegen/"
                                      f"standalone_ops.py); use standalone=False meanwhile")
        lines.append(f"    {ins.out} = {table[ins.op](S, ins.args)}")
    lines += return_lines(prog, bool(flat), "    ")    # one output or a tuple (kronsym.codegen.emit)
    return "\n".join(lines) + "\n"


def _checker(prog: Program, S: _Src) -> str:
    """``check_gradient(args..., h=1e-6)``: the largest relative difference between
    ``gradient`` and central differences of ``f`` in each entry of the first matrix."""
    ps = ", ".join(prog.inputs)
    first = prog.inputs[0]
    conv = {"numpy": "np.array({p}, dtype=float)", "jax": "np.array({p}, dtype=float)",
            "torch": "np.array({p}, dtype=float)", "mpmath": "np.array({p}, dtype=object)"}[S.backend]
    to_np = "np.asarray({x}, dtype=float)" if S.backend != "torch" else \
        "np.asarray(torch.as_tensor({x}).detach(), dtype=float)"
    rest = ", ".join(prog.inputs[1:])
    tail = f", {rest}" if rest else ""
    lines = [
        f"def check_gradient({ps}, h=1e-6):",
        f'    """max |gradient - central differences of f| / max(1, |gradient|), over the entries of {first}."""',
        f"    x0 = {conv.format(p=first)}",
        f"    t0 = {to_np.format(x='gradient(' + ps + ')')}.reshape(x0.shape)",
        "    t1 = np.zeros(x0.shape)",
        "    for s0 in np.ndindex(*x0.shape):",
        "        t2, t3 = x0.copy(), x0.copy()",
        "        t2[s0] += h",
        "        t3[s0] -= h",
        f"        t1[s0] = ({to_np.format(x='f(t2' + tail + ')')} - {to_np.format(x='f(t3' + tail + ')')}).sum() / (2 * h)",
        "    return float(np.max(np.abs(t0 - t1)) / max(1.0, float(np.max(np.abs(t0)))))",
    ]
    return "\n\n" + "\n".join(lines) + "\n"


#: names the module may use beyond the libraries and builtins: codegen's (a0, x0, d0, t0,
#: s0, flat), the two functions, the helpers (_take, _dup_index, ...) and their locals
_NAME = re.compile(r"(?:[adstx][0-9]+|flat|f|gradient|check_gradient|_[a-z][a-z_0-9]*|[a-z]|"
                   r"mask|sign|la|out|idx|axis|zero)\Z")


def audit_standalone(src: str) -> None:
    """Refuse standalone source holding an import, a name or a string codegen did not write.

    >>> audit_standalone("import os\\n")
    Traceback (most recent call last):
    ...
    kronsym.codegen.names.UnsafeSourceError: standalone source would import os
    """
    tree = ast.parse(src)
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for al in node.names:
                if al.name not in _LIBS:
                    raise UnsafeSourceError(f"standalone source would import {comment(al.name)}")
        elif isinstance(node, (ast.ImportFrom, ast.With, ast.Global, ast.Nonlocal,
                               ast.Delete, ast.ClassDef)):
            raise UnsafeSourceError(f"standalone source would hold a {type(node).__name__}")
        elif isinstance(node, ast.Name):
            if not (_NAME.match(node.id) or node.id in _ALIASES or node.id in _BUILTINS):
                raise UnsafeSourceError(f"standalone source would use the name {comment(node.id)}")
        elif isinstance(node, ast.Attribute) and node.attr.startswith("__"):
            raise UnsafeSourceError(f"standalone source would read {comment(node.attr)}")
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and \
                node.func.id in ("eval", "exec", "getattr", "__import__", "open", "compile"):
            raise UnsafeSourceError("standalone source would call a forbidden builtin")
