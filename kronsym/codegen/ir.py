"""The small IR numeric code is generated from.

Owns: ``Instr`` (one assignment ``out = op(args...)``) and ``Program`` (inputs,
dimension bindings, instructions, output). Every operation name is a function
of the backend runtimes (kronsym.codegen.backends.*); arguments are IR
variables (``Var``), Python ints/floats, dimension expressions (``DimExpr``,
computed at run time from the array shapes), or tuples of those.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import List, Tuple

__all__ = ["Var", "DimExpr", "Instr", "Program", "OPS"]

#: the operation set every backend runtime implements
OPS = ("eye", "zeros", "ones", "commutation", "matmul", "add", "scale", "smul", "transpose",
       "kron", "vec", "unvec", "inv", "solve", "trace", "det", "logdet", "hadamard",
       "khatri_rao", "diag", "power", "func", "kron_apply", "commute_apply", "trace_product")
#: symmetric matrices: dense D_n, L_n, N_n; vech; D, L, N and Dᵀ, Lᵀ applied as gathers
OPS += ("duplication", "elimination", "symmetrizer", "vech", "dup_apply", "elim_apply",
        "sym_apply", "dup_t_apply", "elim_t_apply")


@dataclass(frozen=True)
class Var:
    """An IR variable (``t3``, or an input name)."""
    name: str

    def __str__(self) -> str:
        return self.name


@dataclass(frozen=True)
class DimExpr:
    """A dimension or scalar coefficient as Python source over the bound dims (``m*n``)."""
    src: str

    def __str__(self) -> str:
        return self.src


@dataclass(frozen=True)
class Instr:
    """``out = op(*args)``."""
    out: Var
    op: str
    args: Tuple

    def __post_init__(self):
        if self.op not in OPS:
            raise ValueError(f"unknown IR op {self.op!r}")


@dataclass
class Program:
    """A lowered expression: ``inputs`` (names), ``dim_reads`` ((dim, src) pairs read
    from the input shapes), ``instrs``, ``out``."""
    inputs: List[str]
    matrix_inputs: List[str] = field(default_factory=list)
    dim_reads: List[Tuple[str, str]] = field(default_factory=list)
    instrs: List[Instr] = field(default_factory=list)
    out: object = None

    def ops(self) -> List[str]:
        return [i.op for i in self.instrs]
