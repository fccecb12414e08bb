"""kronsym -> SymPy: ``to_sympy`` and its table ``TO_SYMPY``.

Owns: ``TO_SYMPY`` (kronsym node type -> SymPy constructor of the children's
SymPy values) and ``_WHY`` / ``UNSUPPORTED`` (node types with no SymPy
counterpart, each with the reason).

Contract: every node type is in exactly one of ``TO_SYMPY`` and ``_WHY``; a node
without a counterpart raises ``TypeError`` naming it, its reason and the
``ks.explicit`` alternative; the walk is iterative (``traverse.fold``), and
SymPy's own recursion limit becomes ``SympyDepthError``.
"""
from __future__ import annotations

import sys
from typing import Any

import sympy
from sympy.matrices.expressions.applyfunc import ElementwiseApplyFunction
from sympy.matrices.expressions.diagonal import DiagMatrix, DiagonalOf
from sympy.matrices.expressions.kronecker import KroneckerProduct
from sympy.matrices.expressions.matexpr import MatrixElement

from .. import nodes as N
from ..traverse import depth, fold
from .common import SympyDepthError, _short

__all__ = ["to_sympy", "TO_SYMPY", "UNSUPPORTED"]


def _is_mat(v) -> bool:
    return bool(getattr(v, "is_Matrix", False))


def _as_scalar(v):
    """A SymPy scalar for a kronsym 1×1 value (a 1×1 matrix M becomes M[0, 0])."""
    return MatrixElement(v, 0, 0) if _is_mat(v) else v


def _as_matrix(v):
    """A SymPy 1×1 matrix for a scalar value (s·I₁)."""
    return v if _is_mat(v) else sympy.MatMul(v, sympy.Identity(1), evaluate=False)


def _scaled(scalars, m):
    """s₁·s₂·…·M as one SymPy MatMul (a MatMul M is flattened into it)."""
    if not scalars:
        return m
    margs = m.args if isinstance(m, sympy.MatMul) else (m,)
    return sympy.MatMul(*scalars, *margs, evaluate=False)


def _t_scalarmul(n, k):
    (child,) = n.children
    if isinstance(child, N.Identity) and child.field("n") == 1:
        return n.coeff                                     # ks.scalar(c)
    return _scaled([n.coeff], k[0]) if _is_mat(k[0]) else sympy.Mul(n.coeff, k[0])


def _t_scale(n, k):
    s = _as_scalar(k[0])
    return _scaled([s], k[1]) if _is_mat(k[1]) else sympy.Mul(s, k[1])


def _t_matmul(n, k):
    mats = [v for v in k if _is_mat(v)]
    scal = [v for v in k if not _is_mat(v)]
    if not mats:
        return sympy.Mul(*scal)
    m = mats[0] if len(mats) == 1 else sympy.MatMul(*mats, evaluate=False)
    return _scaled(scal, m)


def _t_matadd(n, k):
    if all(map(_is_mat, k)):
        return sympy.MatAdd(*k, evaluate=False)
    return sympy.Add(*map(_as_scalar, k))                  # 1×1 terms: a scalar sum


def _t_hadamard(n, k):
    if all(map(_is_mat, k)):
        return sympy.HadamardProduct(*k)
    return sympy.Mul(*map(_as_scalar, k))                  # 1×1 factors: a product


def _t_kron(n, k):
    mats = [v for v in k if _is_mat(v)]
    scal = [v for v in k if not _is_mat(v)]               # 1×1 factors scale
    if not mats:
        return sympy.Mul(*scal)
    m = mats[0] if len(mats) == 1 else KroneckerProduct(*mats)
    return _scaled(scal, m)


def _t_kronsum(n, k):
    a, b = map(_as_matrix, k)
    ra, rb = n.children[0].rows, n.children[1].rows
    return sympy.MatAdd(KroneckerProduct(a, sympy.Identity(rb)),
                        KroneckerProduct(sympy.Identity(ra), b), evaluate=False)


def _unary(mat_fn, scalar_fn):
    return lambda n, k: mat_fn(k[0]) if _is_mat(k[0]) else scalar_fn(k[0])


#: kronsym node type -> fn(node, converted children) giving a SymPy expression
TO_SYMPY = {
    N.MatrixSymbol: lambda n, k: sympy.MatrixSymbol(n.name, n.rows, n.cols),
    N.Identity: lambda n, k: sympy.Identity(n.field("n")),
    N.ZeroMatrix: lambda n, k: sympy.ZeroMatrix(n.field("rows"), n.field("cols")),
    N.Ones: lambda n, k: sympy.OneMatrix(n.field("rows"), n.field("cols")),
    N.MatMul: _t_matmul,
    N.MatAdd: _t_matadd,
    N.ScalarMul: _t_scalarmul,
    N.Scale: _t_scale,
    N.Transpose: _unary(sympy.Transpose, lambda s: s),
    N.Inverse: _unary(sympy.Inverse, lambda s: sympy.Pow(s, -1)),
    N.Kron: _t_kron,
    N.KronSum: _t_kronsum,
    N.Trace: _unary(sympy.Trace, lambda s: s),
    N.Det: _unary(sympy.Determinant, lambda s: s),
    N.LogDet: _unary(lambda m: sympy.log(sympy.Determinant(m)), sympy.log),
    N.Power: lambda n, k: (sympy.Pow(_as_scalar(k[0]), n.exponent) if n.is_scalar
                           else sympy.HadamardPower(k[0], n.exponent)),
    N.EntrywiseFunc: lambda n, k: _t_entrywise(n, k),
    N.Hadamard: _t_hadamard,
}


def _t_entrywise(n, k):
    row = n.function
    if n.is_scalar:
        return row.sympy(_as_scalar(k[0]))
    return ElementwiseApplyFunction(sympy.Lambda(_D, row.sympy(_D)), k[0])


_D = sympy.Dummy("d")


def _t_sum(n, k):
    """sum(X) = 1ᵀX1, column sums 1ᵀX, row sums X1 with SymPy's OneMatrix."""
    x = _as_matrix(k[0])
    r, c = n.children[0].shape
    left = [sympy.OneMatrix(1, r)] if n.axis in (None, 0) else []
    right = [sympy.OneMatrix(c, 1)] if n.axis in (None, 1) else []
    out = sympy.MatMul(*left, x, *right, evaluate=False)
    return MatrixElement(out, 0, 0) if n.axis is None else out


def _t_norm2(n, k):
    """‖X‖₂ = sqrt(tr(XᵀX))."""
    x = _as_matrix(k[0])
    return sympy.sqrt(sympy.Trace(sympy.MatMul(sympy.Transpose(x), x, evaluate=False)))


# reductions and building blocks (kronsym/nodes/reductions.py)
TO_SYMPY.update({
    N.Sum: _t_sum,
    N.DiagPart: lambda n, k: DiagonalOf(_as_matrix(k[0])),
    N.Diag: lambda n, k: DiagMatrix(_as_matrix(k[0])),
    N.Norm2: _t_norm2,
    N.MatPow: lambda n, k: sympy.MatPow(_as_matrix(k[0]), n.exponent),
})

_WHY = {
    N.Vec: "SymPy has no vec of a matrix expression",
    N.Unvec: "SymPy has no unvec (reshape) of a matrix expression",
    N.Commutation: "SymPy has no commutation-matrix expression",
    N.KhatriRao: "SymPy has no Khatri–Rao product",
    # symmetric matrices
    N.SymmetricSymbol: "SymPy's matrix expressions cannot declare a symbol symmetric",
    N.Duplication: "SymPy has no duplication-matrix expression",
    N.Elimination: "SymPy has no elimination-matrix expression",
    N.Symmetrizer: "SymPy has no symmetrizer expression",
    N.Vech: "SymPy has no vech of a matrix expression",
    # products and vec variants
    N.FaceSplit: "SymPy has no face-splitting product",
    N.TracySingh: "SymPy has no Tracy–Singh product",
    N.Vecr: "SymPy has no row-major vec of a matrix expression",
    # reductions (kronsym/nodes/reductions.py)
    N.Norm1: "SymPy has no entrywise absolute value of a matrix expression",
    N.LogSumExp: "SymPy has no entrywise exp of a matrix expression (only applyfunc)",
    N.Softmax: "SymPy has no entrywise exp of a matrix expression (only applyfunc)",
    # pseudo-inverse family (kronsym/nodes/pseudo.py)
    N.Pinv: "SymPy has no pseudo-inverse matrix expression (sympy.Matrix.pinv() exists for "
            "explicit matrices: ks.explicit)",
    N.Adj: "SymPy has no adjugate matrix expression (sympy.Adjoint is the conjugate "
           "transpose; sympy.Matrix.adjugate() exists for explicit matrices: ks.explicit)",
    N.Eigvalsh: "SymPy has no eigenvalue matrix expression (Matrix.eigenvals() is unordered)",
    N.Eigvecsh: "SymPy has no eigenvector matrix expression",
    N.NuclearNorm: "SymPy has no singular-value or nuclear-norm matrix expression",
    N.Polar: "SymPy has no polar-decomposition matrix expression",
    # matrix functions (kronsym/nodes/matfuncs.py)
    N.Expm: "SymPy has no matrix-exponential MatrixExpr: sympy.exp(X) of a MatrixSymbol is a "
            "scalar Function with no shape (X*exp(X) would be read as a scalar multiple); "
            "Matrix.exp() exists only for explicit matrices",
    N.Logm: "SymPy has no matrix-logarithm MatrixExpr (Matrix.log() only for explicit, "
            "diagonalizable matrices)",
    N.Sqrtm: "SymPy has no matrix square-root MatrixExpr (Matrix.pow(1/2) only for explicit "
             "matrices)",
    N.MatFuncJacobian: "SymPy has no Fréchet derivative of a matrix function",
}

#: node types TO_SYMPY has no entry for, and why (read by tests/package/test_contract.py)
UNSUPPORTED = _WHY


def _refuse_to(node, root) -> TypeError:
    dims = sorted(root.free_dims, key=str)
    example = "{" + ", ".join(f"{d}: 2" for d in dims) + "}"
    why = _WHY.get(type(node), "SymPy has no matrix-expression node for it")
    return TypeError(f"to_sympy: kronsym {type(node).__name__} node {_short(node)} has no SymPy "
                     f"equivalent ({why}); for a concrete sympy.Matrix use "
                     f"ks.explicit(expr, {example})")


def to_sympy(expr: N.Expr) -> Any:
    """The SymPy matrix expression (or scalar, for a 1×1 built from tr/det/logdet and
    numbers) of a kronsym expression.

    MatrixSymbol, Identity, ZeroMatrix, Ones (OneMatrix), @ (MatMul), + (MatAdd),
    scalar multiples, .T, inv, ⊗ (KroneckerProduct), ⊕ (as A⊗I + I⊗B), tr, det,
    logdet (log(Determinant)), ∘ (HadamardProduct), ** and log/exp/sin/cos/sqrt of
    1×1 expressions. vec, unvec, K, ⊙ and diag have no SymPy counterpart and raise
    ``TypeError`` naming the node (use ``ks.explicit(expr, dims)`` for a
    concrete ``sympy.Matrix``). Dims stay the same SymPy symbols.

    >>> import kronsym as ks
    >>> m, n = ks.dims("m n")
    >>> A, X = ks.MatrixSymbol("A", m, n), ks.MatrixSymbol("X", n, n)
    >>> ks.to_sympy(ks.kron(A, X).T + 2 * ks.kron(A.T, X.T))
    2*(KroneckerProduct(A.T, X.T)) + (KroneckerProduct(A, X)).T
    >>> ks.to_sympy(ks.logdet(X) - ks.trace(X))
    log(Determinant(X)) - Trace(X)
    """
    if not isinstance(expr, N.Expr):
        raise TypeError(f"to_sympy(expr): expr must be a kronsym expression, got "
                        f"{type(expr).__name__} (for SymPy -> kronsym use ks.from_sympy)")

    def one(node, kids):
        fn = TO_SYMPY.get(type(node))
        if fn is None:
            raise _refuse_to(node, expr)
        return fn(node, list(kids))

    try:
        return fold(expr, one)
    except RecursionError:
        raise SympyDepthError(
            f"to_sympy: SymPy cannot hold this expression ({depth(expr)} levels deep): SymPy "
            f"computes matrix-expression shapes recursively, which overflows Python's "
            f"recursion limit ({sys.getrecursionlimit()}); kronsym itself has no depth "
            f"limit") from None
