"""torch backend runtime: every IR op with torch (float64 by default)."""
from __future__ import annotations

from functools import reduce

import numpy as np
import torch

from . import _common

NAME = "torch"


def asarray(x):
    a = x if isinstance(x, torch.Tensor) else torch.as_tensor(x)
    if not a.is_floating_point() and not a.is_complex():
        a = a.to(torch.float64)
    if a.ndim == 1:
        a = a.reshape(-1, 1)
    elif a.ndim == 0:
        a = a.reshape(1, 1)
    return a


def eye(n):
    return torch.eye(n, dtype=torch.float64)


def zeros(r, c):
    return torch.zeros((r, c), dtype=torch.float64)


def ones(r, c):
    return torch.ones((r, c), dtype=torch.float64)


def commutation(m, n):
    from ...evaluate import commutation_matrix
    return torch.as_tensor(commutation_matrix(m, n))


def matmul(a, b):
    return a @ b


def add(*xs):
    return reduce(torch.add, xs)


def scale(c, a):
    return c * a


def smul(s, a):
    return s[0, 0] * a


def transpose(a):
    return a.T


def kron(*xs):
    return reduce(torch.kron, xs)


def vec(a):
    return a.T.reshape(-1, 1)


def unvec(a, m, n):
    return a.reshape(n, m).T


def inv(a):
    return torch.linalg.inv(a)


def solve(a, b):
    return torch.linalg.solve(a, b)


def trace(a):
    return torch.trace(a).reshape(1, 1)


def trace_product(a, b):
    return torch.sum(a * b.T).reshape(1, 1)


def det(a):
    return torch.linalg.det(a).reshape(1, 1)


def logdet(a):
    return torch.linalg.slogdet(a)[1].reshape(1, 1)


def hadamard(*xs):
    return reduce(torch.mul, xs)


def khatri_rao(a, b):
    return (a[:, None, :] * b[None, :, :]).reshape(a.shape[0] * b.shape[0], a.shape[1])


def diag(v):
    return torch.diag(v[:, 0])


def power(s, k):
    return torch.pow(s, k)


def func(name, s):
    return getattr(torch, name)(s)


def _tensordot(a, b, axes):
    return torch.tensordot(a, b, dims=axes)


def kron_apply(factors, V):
    return _common.kron_apply(torch, factors, V, _tensordot, torch.movedim)


def commute_apply(m, n, V):
    k = V.shape[1]
    return V.reshape(n, m, k).permute(1, 0, 2).reshape(m * n, k)


# --- symmetric matrices (D_n, L_n, N_n as gathers; dense forms only when needed as values) ---
def _take(V, idx):
    return V[torch.from_numpy(np.array(idx, dtype=np.int64))]


def _like(m, V):
    return torch.as_tensor(m, dtype=V.dtype)


(duplication, elimination, symmetrizer, vech, dup_apply, elim_apply, dup_t_apply,
 elim_t_apply, sym_apply) = _common.symmetric_ops(torch.as_tensor, _take, _like, commute_apply)
