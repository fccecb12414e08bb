"""numpy backend runtime: every IR op as a numpy function (the reference backend).

The ops numpy, jax and torch spell alike come from ``_common.array_ops``; this module
defines what is numpy's own: ``asarray`` and the row gathers of D_n, L_n, vech."""
from __future__ import annotations

import numpy as np

from . import _common
from ._pseudo import NUMPY_PSEUDO_OPS

NAME = "numpy"


def asarray(x):
    a = np.asarray(x)
    return _common.as_2d(a)


_ARRAY = _common.array_ops(np, np.asarray)
argument_error = _common.argument_error
ndim = _common.ndim


# --- symmetric matrices (D_n, L_n, N_n as gathers; dense forms only when needed as values) ---
def _take(V, idx):
    return V[idx]


def _like(m, V):
    return np.asarray(m, dtype=V.dtype) if V.dtype != object else m


def weighted_gram(a, d):
    """Aᵀ diag(d) A for a column d: when A and d are real and d has one sign, Bᵀ B with
    B = sqrt(|d|) ∘ A, which numpy computes as a symmetric rank-k update (BLAS syrk, half
    the work of a general product, and exactly symmetric); otherwise Aᵀ (d ∘ A)."""
    if a.dtype.kind == "f" and d.dtype.kind == "f":
        if (d >= 0).all():
            b = np.sqrt(d) * a
            return b.T @ b
        if (d <= 0).all():
            b = np.sqrt(-d) * a
            return -(b.T @ b)
    return a.T @ (d * a)


#: every IR op (kronsym.codegen.ir.OPS) -> its numpy function
OP_TABLE = {
    **_ARRAY,
    "func": _common.entrywise_func(NAME),   # the entrywise functions (kronsym.entrywise_funcs)
    **_common.symmetric_ops(np.asarray, _take, _like, _ARRAY["commute_apply"]),
    **NUMPY_PSEUDO_OPS,   # pinv, adj, eigvalsh, ... (backends/_pseudo.py)
    "weighted_gram": weighted_gram,
}
#: IR ops this backend has no function for, and why
UNSUPPORTED: dict = {}
# matrix functions (kronsym.codegen.lower_matfuncs): the backend's own routines
from . import _matfuncs  # noqa: E402
OP_TABLE.update(_matfuncs.numpy_ops())
globals().update(OP_TABLE)
