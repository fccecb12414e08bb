"""``form="sparse"``: a scipy.sparse matrix assembled by running the IR program.

Owns: :func:`make_sparse_factory`. The expression goes through the same lowering as
dense code (``kronsym.codegen.lower``: every structural decision is taken there, once);
the program is emitted for the sparse runtime (``kronsym.codegen.backends.sparse``),
which interprets each IR op over sparse values: identities, commutation matrices,
D/L/N and Kronecker products with them stay sparse, permutations are row
permutations, and the rest is dense numpy until it meets a sparse value.

Contract: the factory takes the arrays in the order of ``args``, checks them exactly
as the array form does (shapes, agreeing and positive dims, errors in the user's
terms), and returns a CSC or CSR matrix equal to the dense value.
"""
from __future__ import annotations

from typing import Any, Callable, Sequence

from .. import nodes as N

__all__ = ["make_sparse_factory"]


def make_sparse_factory(args: Sequence, expr: N.Expr) -> Callable[..., Any]:
    """The ``form="sparse"`` function of ``expr``: its IR program run by the sparse runtime.

    >>> import numpy as np, kronsym as ks
    >>> m, n = ks.dims("m n")
    >>> A = ks.MatrixSymbol("A", m, n)
    >>> f = make_sparse_factory([A], ks.diff(ks.kron(ks.I(2), A), A))
    >>> S = f(np.ones((2, 3)))
    >>> S.shape, S.nnz
    ((24, 6), 12)
    """
    from .backends import sparse as rt
    from .emit import emit
    from .lower import lower
    prog = lower(list(args), expr)
    src, fn = emit(prog, "numpy", rt=rt)

    def factory(*arrays):
        return rt.finish(fn(*arrays))
    factory.source = (f"# form='sparse': the IR program below, run by the sparse runtime "
                      f"kronsym.codegen.backends.sparse,\n# for {str(expr)[:200]}\n"
                      + src)
    factory.program = prog
    return factory
