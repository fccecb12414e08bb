"""kronsym: symbolic matrix calculus built around the Kronecker product.

The public API (see ``shared/API.md`` and ``docs/``) is re-exported here and
nowhere else. Conventions: vec is column-major; ``K(m, n) @ vec(A) ==
vec(A.T)``; the derivative of F (p×q) with respect to X (m×n) is the
Jacobian d vec F / d (vec X)ᵀ of shape (pq)×(mn).

>>> import kronsym as ks
>>> m, n, p, q = ks.dims("m n p q")
>>> A, B = ks.MatrixSymbol("A", m, n), ks.MatrixSymbol("B", p, q)
>>> print(ks.kron(A, B).T)
(A ⊗ B).T
"""
from __future__ import annotations

__version__ = "0.1.0"

from .errors import (KronsymError, ShapeError, UndecidedShapeError, DimensionError, ParseError,
                     EvaluationError, SerializationError, InvalidNameError)
from .dims import dims, assume_equal
from . import nodes
from .nodes import MatrixSymbol, Expr
from .build import (transpose, kron, vec, unvec, K, I, zeros, ones, inv, trace, det,
                    logdet, log, exp, sqrt, hadamard, khatri_rao, kron_sum, diag, scalar,
                    matmul, add)
from .build import symmetric, D, L, Nsym, vech
from . import printing
from .printing import latex
from .evaluate import evaluate
from .explicit import explicit
from .diff import diff, grad, hessian, derive
from .simplify import simplify
from .prove import equals, counterexample, prove, Proof
from .codegen import lambdify, codegen
from .parser import parse, parse_equation
from .verify import verify, Verdict
from .spy import spy
from .spectral import eigvals, svdvals, rank, Spectrum, Rank
from .serialize import to_json, from_json
from .sympy_bridge import from_sympy, to_sympy
from . import linalg
from .build import face_split, tracy_singh, vecr
from .build import sum, norm, norm2, norm1, logsumexp, softmax, matrix_power  # noqa: A004  (numpy's names)
from .build_entrywise import (sin, cos, tan, tanh, arcsin, arccos, arctan, sign, heaviside,
                              sigmoid, relu, softplus, power)
from .build_entrywise import abs_ as abs  # noqa: A001 - ks.abs is the public name (API.md)
from .build_matfuncs import expm, logm, sqrtm

__all__ = [
    "__version__", "KronsymError", "ShapeError", "DimensionError", "ParseError",
    "EvaluationError", "dims", "assume_equal", "MatrixSymbol", "Expr", "transpose", "kron",
    "vec", "unvec", "K", "I", "zeros", "ones", "inv", "trace", "det", "logdet", "log",
    "exp", "sqrt", "hadamard", "khatri_rao", "kron_sum", "diag", "scalar", "matmul", "add",
    "latex", "evaluate", "explicit", "diff", "grad", "hessian", "derive", "simplify",
    "equals", "counterexample", "prove", "Proof", "lambdify", "codegen",
    "parse", "parse_equation", "verify", "Verdict", "spy",
]
__all__ += ["UndecidedShapeError", "eigvals", "svdvals", "rank", "Spectrum", "Rank"]
__all__ += ["SerializationError", "to_json", "from_json"]
__all__ += ["from_sympy", "to_sympy"]
__all__ += ["symmetric", "D", "L", "Nsym", "vech"]
__all__ += ["face_split", "tracy_singh", "vecr"]
__all__ += ["InvalidNameError"]
__all__ += ["sum", "norm", "norm2", "norm1", "logsumexp", "softmax", "matrix_power"]
__all__ += ["sin", "cos", "tan", "tanh", "arcsin", "arccos", "arctan", "abs", "sign",
            "heaviside", "sigmoid", "relu", "softplus", "power"]
# pseudo-inverse, adjugate, solve, symmetric eigenvalues, nuclear norm (issue 16, part B)
from .build_pseudo import pinv, adj, solve, eigvalsh, eigvecsh, nuclear_norm, polar  # noqa: E402
__all__ += ["pinv", "adj", "solve", "eigvalsh", "eigvecsh", "nuclear_norm", "polar"]
__all__ += ["expm", "logm", "sqrtm"]
