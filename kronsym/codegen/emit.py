"""Emit Python source from a Program, for any backend runtime.

Owns: ``emit(prog, backend) -> (source, function)``. The generated function
converts its inputs with the backend's ``asarray``, reads the dimensions from
the input shapes, checks in one ``if`` that every argument has its declared
shape and every dimension is positive (else ``_rt.argument_error`` raises an
EvaluationError in the user's terms, see kronsym.codegen.checks), runs the
straight-line IR (``_rt.<op>(...)``), and returns the output. The source is
readable and attached as ``f.__doc__`` / ``f.source``.

Contract: every identifier in the source is chosen by codegen
(kronsym.codegen.names); dimensions and coefficients are printed by
``Names.int_src`` / ``Names.num_src``; the user's names appear only in sanitised
comments; ``names.audit`` refuses any other name, attribute or string before
the source is compiled.
"""
from __future__ import annotations

import importlib
from typing import Any, Tuple

from .ir import DimExpr, Program, Var
from .names import audit, literal

__all__ = ["emit", "runtime", "BACKENDS"]

BACKENDS = ("numpy", "jax", "torch", "mpmath")


def runtime(backend: str):
    """The runtime module of a backend (ImportError names the missing package)."""
    if backend not in BACKENDS:
        raise ValueError(f"unknown backend {backend!r}; choose one of {', '.join(BACKENDS)}")
    try:
        return importlib.import_module(f"kronsym.codegen.backends.{backend}")
    except ImportError as e:
        raise ImportError(f"the {backend} backend needs the package {e.name!r}: pip install "
                          f"'kronsym[{backend}]'") from e


def _arg(a, names) -> str:
    if isinstance(a, Var):
        return a.name
    if isinstance(a, DimExpr):
        return names.int_src(a.expr) if a.kind == "dim" else names.num_src(a.expr)
    if isinstance(a, str):
        return repr(a)
    if isinstance(a, tuple):
        inner = ", ".join(_arg(x, names) for x in a)
        return f"({inner},)" if len(a) == 1 else f"({inner})"
    return literal(a)


#: the only string constants generated code holds: Kronecker factor tags, numpy names
#: of the scalar functions, and the global holding the error-path Signature
def _allowed_strings():
    from .. import nodes as N
    return {"I", "K", "M", "_sig"} | {v[1] for v in N.SCALAR_FUNCS.values()}


def _checks(prog: Program):
    """The lines of the one run-time ``if`` over the shapes and the positive dims."""
    nm = prog.names
    conds = [f"{arr}.shape != ({nm.int_src(r)}, {nm.int_src(c)})" for arr, (r, c) in prog.shape_checks]
    conds += [f"{nm.int_src(d)} < 1" for d in prog.positive]
    if not conds:
        return []
    rows, cur = [], ""
    for c in conds:
        if cur and len(cur) + len(c) > 80:
            rows.append(cur)
            cur = ""
        cur = f"{cur} or {c}" if cur else c
    rows.append(cur)
    lines = [f"    if ({rows[0]}" + ("):" if len(rows) == 1 else "")]
    lines += [f"            or {r}" + ("):" if i == len(rows) - 2 else "")
              for i, r in enumerate(rows[1:])]
    given = ", ".join(prog.inputs) + ("," if len(prog.inputs) == 1 else "")
    lines.append(f"        _rt.argument_error(globals().get('_sig'), ({given}))")
    return lines


def _returned(out) -> str:
    """The return expression: one variable, or a tuple of them (several outputs)."""
    if isinstance(out, tuple):
        return "(" + ", ".join(str(v) for v in out) + ("," if len(out) == 1 else "") + ")"
    return str(out)


def _is_one(d) -> bool:
    import sympy
    return sympy.sympify(d) == 1


def _outputs(prog: Program) -> list:
    """(variable, declared shape or None) of each output, one or several."""
    if isinstance(prog.out, tuple):
        shapes = prog.out_shape if prog.out_shape is not None else (None,) * len(prog.out)
        return list(zip(prog.out, shapes))
    return [(prog.out, prog.out_shape)]


def has_column_output(prog: Program) -> bool:
    """Whether some output is declared a column (it may come back 1-D)."""
    return any(s is not None and _is_one(s[1]) for _, s in _outputs(prog))


def _flat_inputs(prog: Program) -> list:
    """The parameters declared n×1 (or 1×1) whose 1-D (or 0-d) arrays switch the results
    to 1-D / 0-d (docs/export_boundary.md); [] when no output is
    a column, so that no dead line is generated."""
    if not has_column_output(prog):
        return []
    cols = {arr: c for arr, (_, c) in prog.shape_checks}
    return [p for p, arr in prog.matrix_inputs if arr in cols and _is_one(cols[arr])]


def return_lines(prog: Program, flat, ind: str) -> list:
    """The return lines: a column output comes back 1-D (1×1: 0-d) when ``flat``; with
    several outputs, each column among them does."""
    if not flat:
        return [f"{ind}return {_returned(prog.out)}"]
    reshaped = []
    for v, s in _outputs(prog):
        if s is not None and _is_one(s[1]):
            reshaped.append(f"{v}.reshape({'()' if _is_one(s[0]) else '-1'})")
        else:
            reshaped.append(str(v))
    if isinstance(prog.out, tuple):
        flat_out = "(" + ", ".join(reshaped) + ("," if len(reshaped) == 1 else "") + ")"
    else:
        flat_out = reshaped[0]
    return [f"{ind}if flat:", f"{ind}    return {flat_out}", f"{ind}return {_returned(prog.out)}"]


def emit(prog: Program, backend: str = "numpy", name: str = "f",
         rt: Any = None) -> Tuple[str, object]:
    """Python source for ``prog`` and the compiled function. ``rt``: a runtime module to
    run the program with instead of ``backend``'s (the sparse assembly of
    kronsym.codegen.sparse; it has the same ``OP_TABLE`` contract)."""
    if rt is None:
        rt = runtime(backend)
    else:
        backend = rt.NAME
    if name != "f":
        raise ValueError("emit: the generated function is always named f")
    nm = prog.names
    lines = [f"def {name}({', '.join(prog.inputs)}):"]
    lines += [f"    # {p}: {desc}" for p, desc in prog.labels]
    flat = _flat_inputs(prog) if getattr(rt, "NAME", "") != "sparse" else []
    for p, arr in prog.matrix_inputs:
        lines.append(f"    {arr} = _rt.asarray({p})")
    if flat:
        lines.append(f"    flat = {' or '.join(f'_rt.ndim({p}) < 2' for p in flat)}")
    for d, arr, axis, div in prog.dim_reads:
        src = f"{arr}.shape[{axis}]"
        if div is not None:
            src += f" // ({nm.int_src(div)} or 1)"
        lines.append(f"    {d} = {src}")
    lines += _checks(prog)
    for ins in prog.instrs:
        if ins.op not in rt.OP_TABLE:
            raise NotImplementedError(f"the {backend} backend has no IR op {ins.op!r}: "
                                      f"{rt.UNSUPPORTED.get(ins.op, 'no entry in its OP_TABLE')}")
        lines.append(f"    {ins.out} = _rt.{ins.op}({', '.join(_arg(a, nm) for a in ins.args)})")
    lines += return_lines(prog, flat, "    ")
    src = "\n".join(lines) + "\n"
    audit(src, _allowed_strings())
    ns = {"_rt": rt, "_sig": prog.signature}
    code = compile(src, f"<kronsym lambdify {backend}>", "exec")
    exec(code, ns)  # noqa: S102 - our own generated source over codegen's names, audited above
    fn = ns[name]
    return src, fn
