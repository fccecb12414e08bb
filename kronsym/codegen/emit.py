"""Emit Python source from a Program, for any backend runtime.

Owns: ``emit(prog, backend) -> (source, function)``. The generated function
converts its inputs with the backend's ``asarray``, reads the dimensions from
the input shapes, runs the straight-line IR (``_rt.<op>(...)``), and returns
the output. The source is readable and attached as ``f.__doc__`` / ``f.source``.
"""
from __future__ import annotations

import importlib
from typing import Tuple

from .ir import DimExpr, Program, Var

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


def _arg(a) -> str:
    if isinstance(a, (Var, DimExpr)):
        return str(a)
    if isinstance(a, str):
        return repr(a)
    if isinstance(a, tuple):
        inner = ", ".join(_arg(x) for x in a)
        return f"({inner},)" if len(a) == 1 else f"({inner})"
    return repr(a)


def emit(prog: Program, backend: str = "numpy", name: str = "f") -> Tuple[str, object]:
    """Python source for ``prog`` and the compiled function."""
    rt = runtime(backend)
    lines = [f"def {name}({', '.join(prog.inputs)}):"]
    for a in prog.matrix_inputs:
        lines.append(f"    {a} = _rt.asarray({a})")
    for d, src in prog.dim_reads:
        lines.append(f"    {d} = {src}")
    for ins in prog.instrs:
        lines.append(f"    {ins.out} = _rt.{ins.op}({', '.join(_arg(a) for a in ins.args)})")
    lines.append(f"    return {prog.out}")
    src = "\n".join(lines) + "\n"
    ns = {"_rt": rt}
    code = compile(src, f"<kronsym lambdify {backend}>", "exec")
    exec(code, ns)  # noqa: S102 - our own generated source, never user text
    fn = ns[name]
    return src, fn

