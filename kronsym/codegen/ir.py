"""The small IR numeric code is generated from.

Owns: ``Instr`` (one assignment ``out = op(args...)``) and ``Program`` (inputs,
dimension bindings, instructions, output). Every operation name is a function
of the backend runtimes (kronsym.codegen.backends.*); arguments are IR
variables (``Var``), Python ints/floats, dimension expressions (``DimExpr``,
computed at run time from the array shapes), or tuples of those. The IR holds no
source text of the user's: variables are named by codegen (``kronsym.codegen.names``),
and a ``DimExpr`` is a SymPy expression that ``emit`` prints over those names.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, List, Optional, Tuple

__all__ = ["Var", "DimExpr", "Instr", "Program", "OPS"]

#: the operation set every backend runtime implements (each backend's ``OP_TABLE`` has an
#: entry for every op, or its ``UNSUPPORTED`` gives the reason; tests/package/test_contract.py)
OPS: tuple[str, ...] = (
    # constants
    "eye", "zeros", "ones", "commutation",
    # dense algebra
    "matmul", "add", "scale", "smul", "transpose", "kron", "vec", "unvec", "inv", "solve",
    "trace", "det", "logdet", "hadamard", "khatri_rao", "diag", "power", "func",
    # structure applied without forming it: Kronecker products and K_{m,n} times V, tr(A B)
    "kron_apply", "commute_apply", "trace_product",
    # symmetric matrices: dense D_n, L_n, N_n; vech; D, L, N and Dᵀ, Lᵀ applied as gathers
    "duplication", "elimination", "symmetrizer", "vech", "dup_apply", "elim_apply",
    "sym_apply", "dup_t_apply", "elim_t_apply",
    # reductions and building blocks (kronsym.codegen.lower_reductions)
    "reduce_sum", "diagonal", "norm2", "norm1", "logsumexp", "softmax", "matrix_power",
    # pseudo-inverse family (kronsym.codegen.lower_pseudo)
    "pinv", "adj", "eigvalsh", "eigvecsh", "nuclear_norm", "polar",
    # an LU factorization shared by several solves (kronsym.codegen.lower_solve)
    "lu_factor", "lu_solve",
    # s ** k where s != 0, 0 where s == 0 (a negative power of a norm, kronsym.codegen.lower_guards)
    "norm_power",
    # Aᵀ diag(d) A as one op (a Gauss-Newton / logistic Hessian; numpy: a symmetric rank-k update)
    "weighted_gram",
)
# matrix functions: values, Jacobians applied as Fréchet derivatives, dense Jacobians
# (kronsym.codegen.lower_matfuncs; spelled out here because ir imports no lowering)
OPS += tuple(f"{f}{suffix}" for f in ("expm", "logm", "sqrtm")
             for suffix in ("", "_frechet_apply", "_jacobian"))


@dataclass(frozen=True)
class Var:
    """An IR variable (``t3``, or an input name)."""
    name: str

    def __str__(self) -> str:
        return self.name


@dataclass(frozen=True)
class DimExpr:
    """A dimension (``kind="dim"``: exact integer arithmetic) or a scalar coefficient
    (``kind="coeff"``) as a SymPy expression over the bound dims and scalar arguments."""
    expr: Any
    kind: str = "dim"

    def __str__(self) -> str:
        return str(self.expr)


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
    """A lowered expression.

    ``inputs``: the parameter names (``a0``, ``d0``, ``s0``, ...); ``matrix_inputs``:
    (parameter, array variable) pairs converted with the backend's ``asarray``;
    ``dim_reads``: (dim, array variable, axis, divisor) -- ``dim = var.shape[axis]``, or
    ``// divisor`` when the shape is a product with known factors; ``shape_checks``:
    (array variable, (rows, cols)) every argument must match; ``positive``: the
    dimension expressions checked to be >= 1 at run time; ``names``: the
    ``kronsym.codegen.names.Names`` the variables were drawn from; ``labels``: (name,
    description) pairs for comments; ``signature``: the user's arguments, for error
    messages in their terms; ``instrs``; ``out``; ``out_shape`` (the output's declared
    shape: a column output comes back 1-D when an n×1 argument was given 1-D)."""
    inputs: List[str]
    matrix_inputs: List[Tuple[str, str]] = field(default_factory=list)
    dim_reads: List[Tuple[str, str, int, Optional[Any]]] = field(default_factory=list)
    shape_checks: List[Tuple[str, Tuple[Any, Any]]] = field(default_factory=list)
    positive: List[Any] = field(default_factory=list)
    names: Any = None
    labels: List[Tuple[str, str]] = field(default_factory=list)
    signature: Any = None
    instrs: List[Instr] = field(default_factory=list)
    out: object = None
    out_shape: Any = None

    def ops(self) -> List[str]:
        return [i.op for i in self.instrs]
