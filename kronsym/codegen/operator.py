"""``form="operator"`` and ``form="sparse"`` factories.

Owns: ``make_operator_factory`` (a function of the arrays returning a
LinearOperator-compatible object whose products use the structured lowering
of ``expr @ V`` and ``exprᵀ @ U``) and ``make_sparse_factory``.
"""
from __future__ import annotations

from typing import Sequence

import sympy

from .. import nodes as N

__all__ = ["make_operator_factory", "make_sparse_factory", "KronsymOperator"]

_k = sympy.Symbol("k__", integer=True, positive=True)


def _transposed(expr):
    from ..rules import apply_families
    return apply_families(N.Transpose(expr), ("basic", "transpose"))


def _bind(args, arrays):
    from ..bind import as_array
    mats = {}
    dims = {}
    for a, v in zip(args, arrays):
        if isinstance(a, N.MatrixSymbol):
            arr = as_array(a.name, v, a)
            mats[a.name] = (a, arr.shape)
        elif isinstance(a, sympy.Symbol) and a.is_integer and a.is_positive:
            dims[a] = v
    return mats, dims


class KronsymOperator:
    """A linear map given by a kronsym expression at fixed argument values.

    Compatible with scipy.sparse.linalg.LinearOperator (``aslinearoperator``
    accepts it): ``shape``, ``dtype``, ``matvec``, ``rmatvec``, ``matmat``,
    ``rmatmat``, ``@``, ``.T``.
    """

    def __init__(self, fwd, bwd, arrays, shape, dtype):
        self._fwd, self._bwd, self._arrays = fwd, bwd, arrays
        self.shape = shape
        self.dtype = dtype

    def _block(self, V, n, what):
        import numpy as np
        V = np.asarray(V)
        if V.ndim not in (1, 2) or V.shape[0] != n:
            raise ValueError(f"{what}: the operator is {self.shape[0]}×{self.shape[1]}, so the "
                             f"argument needs {n} rows, got an array of shape {V.shape}")
        return V.reshape(n, -1)

    def matmat(self, V):
        import numpy as np
        return np.asarray(self._fwd(*self._arrays, self._block(V, self.shape[1], "matvec/matmat")))

    def rmatmat(self, U):
        import numpy as np
        return np.asarray(self._bwd(*self._arrays, self._block(U, self.shape[0], "rmatvec/rmatmat")))

    def matvec(self, v):
        """J v; like scipy's LinearOperator, shape (M,) for v (N,) and (M, 1) for v (N, 1)."""
        import numpy as np
        out = self.matmat(v)
        return out.reshape(-1) if np.ndim(v) == 1 else out.reshape(-1, 1)

    def rmatvec(self, u):
        """Jᵀ u; shape (N,) for u (M,) and (N, 1) for u (M, 1)."""
        import numpy as np
        out = self.rmatmat(u)
        return out.reshape(-1) if np.ndim(u) == 1 else out.reshape(-1, 1)

    def __matmul__(self, V):
        import numpy as np
        V = np.asarray(V)
        out = self.matmat(V)
        return out.reshape(-1) if V.ndim == 1 else out

    @property
    def T(self):
        return KronsymOperator(self._bwd, self._fwd, self._arrays, self.shape[::-1], self.dtype)

    def to_linear_operator(self):
        """A scipy.sparse.linalg.LinearOperator wrapping this operator."""
        from scipy.sparse.linalg import LinearOperator
        return LinearOperator(self.shape, matvec=self.matvec, rmatvec=self.rmatvec,
                              matmat=self.matmat, rmatmat=self.rmatmat, dtype=self.dtype)


def make_operator_factory(args: Sequence, expr, backend: str = "numpy"):
    from . import lambdify
    args = list(args)
    V = N.MatrixSymbol("V__", expr.cols, _k)
    U = N.MatrixSymbol("U__", expr.rows, _k)
    fwd = lambdify(args + [V], N.MatMul(expr, V), backend)
    bwd = lambdify(args + [U], N.MatMul(_transposed(expr), U), backend)

    def factory(*arrays):
        import numpy as np
        from ..bind import bind_dims, check_positive_dims, concrete
        from ..traverse import postorder
        mats, dims = _bind(args, arrays)
        binding = bind_dims(expr, mats, dims)
        check_positive_dims(postorder(expr), binding)
        shape = (concrete(expr.rows, binding), concrete(expr.cols, binding))
        dtype = np.result_type(*[np.asarray(a).dtype for a in arrays]) if arrays else np.float64
        return KronsymOperator(fwd, bwd, arrays, shape, np.dtype(dtype))
    factory.source = fwd.source + "\n" + bwd.source
    return factory


def make_sparse_factory(args: Sequence, expr):
    """``form="sparse"``: see :func:`kronsym.codegen.sparse.make_sparse_factory`."""
    from .sparse import make_sparse_factory as make
    return make(args, expr)
