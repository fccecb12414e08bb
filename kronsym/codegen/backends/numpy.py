"""numpy backend runtime: every IR op as a numpy function (the reference backend)."""
from __future__ import annotations

from functools import reduce

import numpy as np

from . import _common

NAME = "numpy"


def asarray(x):
    a = np.asarray(x)
    if a.ndim == 1:
        a = a.reshape(-1, 1)
    elif a.ndim == 0:
        a = a.reshape(1, 1)
    return a


def eye(n):
    return np.eye(n)


def zeros(r, c):
    return np.zeros((r, c))


def ones(r, c):
    return np.ones((r, c))


def commutation(m, n):
    from ...evaluate import commutation_matrix
    return commutation_matrix(m, n)


def matmul(a, b):
    return a @ b


def add(*xs):
    return reduce(np.add, xs)


def scale(c, a):
    return c * a


def smul(s, a):
    return s[0, 0] * a


def transpose(a):
    return a.T


def kron(*xs):
    return reduce(np.kron, xs)


def vec(a):
    return a.reshape(-1, 1, order="F")


def unvec(a, m, n):
    return a.reshape((m, n), order="F")


def inv(a):
    return np.linalg.inv(a)


def solve(a, b):
    return np.linalg.solve(a, b)


def trace(a):
    return np.trace(a).reshape(1, 1)


def trace_product(a, b):
    return np.sum(a * b.T).reshape(1, 1)


def det(a):
    return np.asarray(np.linalg.det(a)).reshape(1, 1)


def logdet(a):
    return np.asarray(np.linalg.slogdet(a)[1]).reshape(1, 1)


def hadamard(*xs):
    return reduce(np.multiply, xs)


def khatri_rao(a, b):
    return (a[:, None, :] * b[None, :, :]).reshape(a.shape[0] * b.shape[0], a.shape[1])


def diag(v):
    return np.diag(v[:, 0])


def power(s, k):
    return np.power(s, k)


def func(name, s):
    return getattr(np, name)(s)


def kron_apply(factors, V):
    return _common.kron_apply(np, factors, V, np.tensordot, np.moveaxis)


def commute_apply(m, n, V):
    k = V.shape[1]
    return V.reshape(n, m, k).transpose(1, 0, 2).reshape(m * n, k)


# --- symmetric matrices (D_n, L_n, N_n as gathers; dense forms only when needed as values) ---
def _take(V, idx):
    return V[idx]


def _like(m, V):
    return np.asarray(m, dtype=V.dtype) if V.dtype != object else m


(duplication, elimination, symmetrizer, vech, dup_apply, elim_apply, dup_t_apply,
 elim_t_apply, sym_apply) = _common.symmetric_ops(np.asarray, _take, _like, commute_apply)
