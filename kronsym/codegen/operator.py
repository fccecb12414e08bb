"""``form="operator"`` and ``form="sparse"`` factories.

Owns: ``make_operator_factory`` (a function of the arrays returning a
:class:`KronsymOperator`, a ``scipy.sparse.linalg.LinearOperator`` subclass whose
products use the structured lowering of ``expr @ V`` and ``exprᵀ @ U``),
and ``make_sparse_factory``.
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


def _linear_operator_base():
    from scipy.sparse.linalg import LinearOperator
    return LinearOperator


class KronsymOperator(_linear_operator_base()):
    """A linear map given by a kronsym expression at fixed argument values: a
    ``scipy.sparse.linalg.LinearOperator`` (so ``gmres``, ``cg``, ``eigsh``, ``lsqr``,
    ``aslinearoperator`` and operator algebra take it as it is) whose products run the
    structured lowering of ``expr @ V`` and ``exprᵀ @ U``, never forming the matrix.

    ``rmatvec``/``rmatmat`` apply the adjoint (conjugate transpose), as scipy defines
    them; ``.T`` is the transpose. A block with the wrong number of rows raises a
    ValueError naming the operator's shape and the block's.

    >>> import numpy as np, kronsym as ks
    >>> n, = ks.dims("n")
    >>> A, B = ks.MatrixSymbol("A", n, n), ks.MatrixSymbol("B", n, n)
    >>> op = ks.lambdify([A, B], ks.kron(A, B), form="operator")(np.eye(2), np.ones((2, 2)))
    >>> op
    <KronsymOperator 4×4, float64: A ⊗ B>
    >>> op.matvec(np.ones(4))
    array([2., 2., 2., 2.])
    """

    def __init__(self, fwd, bwd, arrays, shape, dtype, label: str = ""):
        super().__init__(dtype=dtype, shape=shape)
        self._fwd, self._bwd, self._arrays, self._label = fwd, bwd, arrays, label

    def _block(self, V, n, what):
        import numpy as np
        V = np.asarray(V)
        if V.ndim not in (1, 2) or V.shape[0] != n:
            raise ValueError(f"{what}: the operator is {self.shape[0]}×{self.shape[1]}, so the "
                             f"argument needs {n} rows, got an array of shape {V.shape}")
        return V.reshape(n, -1)

    def _matmat(self, V):
        import numpy as np
        return np.asarray(self._fwd(*self._arrays, V))

    def _rmatmat(self, U):
        import numpy as np
        if np.iscomplexobj(U) or self.dtype.kind == "c":
            return np.conj(np.asarray(self._bwd(*self._arrays, np.conj(U))))
        return np.asarray(self._bwd(*self._arrays, U))

    def _matvec(self, v):
        return self._matmat(v.reshape(-1, 1))

    def _rmatvec(self, u):
        return self._rmatmat(u.reshape(-1, 1))

    def matmat(self, V):
        """expr @ V for an (N, k) block V (an (N,) vector gives an (M,) result)."""
        out = self._matmat(self._block(V, self.shape[1], "matvec/matmat"))
        return out.reshape(-1) if _ndim(V) == 1 else out

    def rmatmat(self, U):
        """exprᴴ @ U for an (M, k) block U."""
        out = self._rmatmat(self._block(U, self.shape[0], "rmatvec/rmatmat"))
        return out.reshape(-1) if _ndim(U) == 1 else out

    def matvec(self, v):
        """J v; like scipy's LinearOperator, shape (M,) for v (N,) and (M, 1) for v (N, 1)."""
        out = self._matmat(self._block(v, self.shape[1], "matvec/matmat"))
        return out.reshape(-1) if _ndim(v) == 1 else out.reshape(-1, 1)

    def rmatvec(self, u):
        """Jᴴ u; shape (N,) for u (M,) and (N, 1) for u (M, 1)."""
        out = self._rmatmat(self._block(u, self.shape[0], "rmatvec/rmatmat"))
        return out.reshape(-1) if _ndim(u) == 1 else out.reshape(-1, 1)

    def __matmul__(self, V):
        if isinstance(V, _linear_operator_base()):
            return super().__matmul__(V)
        return self.matmat(V)

    def _transpose(self):
        label = f"({self._label})ᵀ" if self._label else ""
        return KronsymOperator(self._bwd, self._fwd, self._arrays, self.shape[::-1], self.dtype,
                               label)

    def __repr__(self) -> str:
        text = self._label if len(self._label) <= 60 else self._label[:57] + "..."
        return (f"<KronsymOperator {self.shape[0]}×{self.shape[1]}, {self.dtype}"
                + (f": {text}>" if text else ">"))

    def to_linear_operator(self):
        """This operator (it is a scipy LinearOperator already; kept for older code)."""
        return self


def _ndim(x) -> int:
    import numpy as np
    return int(np.ndim(x))


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
        return KronsymOperator(fwd, bwd, arrays, shape, np.dtype(dtype), str(expr))
    factory.source = fwd.source + "\n" + bwd.source
    return factory


def make_sparse_factory(args: Sequence, expr):
    """``form="sparse"``: see :func:`kronsym.codegen.sparse.make_sparse_factory`."""
    from .sparse import make_sparse_factory as make
    return make(args, expr)
