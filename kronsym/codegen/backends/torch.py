"""torch backend runtime: every IR op with torch (float64 by default).

The ops numpy, jax and torch spell alike come from ``_common.array_ops``; this module
defines what is torch's own: ``asarray`` (float64 for integer input), ``kron``
(torch.kron fails on non-contiguous input such as a transpose or an inverse's result,
so factors are made contiguous first) and the row gathers of D_n, L_n, vech."""
from __future__ import annotations

import numpy as np
import torch

from . import _common
from ._pseudo import array_pseudo_ops

NAME = "torch"


def asarray(x):
    a = x if isinstance(x, torch.Tensor) else torch.as_tensor(x)
    if not a.is_floating_point() and not a.is_complex():
        a = a.to(torch.float64)
    return _common.as_2d(a)


_ARRAY = _common.array_ops(torch, torch.as_tensor)
argument_error = _common.argument_error
ndim = _common.ndim


def heaviside0(x):
    """The step function, 0 at 0 (relu's derivative)."""
    return torch.heaviside(x, torch.zeros((), dtype=x.dtype))


def softplus0(x):
    """log(1 + eˣ) as logaddexp(x, 0): exact where torch's softplus switches to x above 20."""
    return torch.logaddexp(x, torch.zeros((), dtype=x.dtype))


def kron(*xs):
    """A ⊗ B ⊗ ...; torch.kron raises "view size is not compatible" on non-contiguous factors."""
    out = xs[0]
    for x in xs[1:]:
        out = torch.kron(out.contiguous(), x.contiguous())
    return out


# --- symmetric matrices (D_n, L_n, N_n as gathers; dense forms only when needed as values) ---
def _take(V, idx):
    return V[torch.from_numpy(np.array(idx, dtype=np.int64))]


def _like(m, V):
    return torch.as_tensor(m, dtype=V.dtype)


#: every IR op (kronsym.codegen.ir.OPS) -> its torch function
OP_TABLE = {
    **_ARRAY,
    "func": _common.entrywise_func(NAME, eager=True),   # resolved now: torch.compile traces f
    **_common.symmetric_ops(torch.as_tensor, _take, _like, _ARRAY["commute_apply"]),
    "kron": kron,
    **array_pseudo_ops(torch, NAME),   # pinv, adj, eigvalsh, ... (backends/_pseudo.py)
}
#: IR ops this backend has no function for, and why
UNSUPPORTED: dict = {}
# matrix functions (kronsym.codegen.lower_matfuncs): the backend's own routines
from . import _matfuncs  # noqa: E402
OP_TABLE.update(_matfuncs.torch_ops())
UNSUPPORTED.update(_matfuncs.TORCH_UNSUPPORTED)
globals().update(OP_TABLE)
