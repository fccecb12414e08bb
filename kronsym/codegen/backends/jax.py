"""jax backend runtime (CPU or any device jax has): every IR op with jax.numpy;
the generated functions are jit-able (shapes are static at trace time)."""
from __future__ import annotations

from functools import reduce

import jax
import jax.numpy as jnp

from . import _common

jax.config.update("jax_enable_x64", True)
NAME = "jax"


def asarray(x):
    a = jnp.asarray(x)
    if a.ndim == 1:
        a = a.reshape(-1, 1)
    elif a.ndim == 0:
        a = a.reshape(1, 1)
    return a


def eye(n):
    return jnp.eye(n)


def zeros(r, c):
    return jnp.zeros((r, c))


def ones(r, c):
    return jnp.ones((r, c))


def commutation(m, n):
    from ...evaluate import commutation_matrix
    return jnp.asarray(commutation_matrix(m, n))


def matmul(a, b):
    return a @ b


def add(*xs):
    return reduce(jnp.add, xs)


def scale(c, a):
    return c * a


def smul(s, a):
    return s[0, 0] * a


def transpose(a):
    return a.T


def kron(*xs):
    return reduce(jnp.kron, xs)


def vec(a):
    return a.T.reshape(-1, 1)


def unvec(a, m, n):
    return a.reshape(n, m).T


def inv(a):
    return jnp.linalg.inv(a)


def solve(a, b):
    return jnp.linalg.solve(a, b)


def trace(a):
    return jnp.trace(a).reshape(1, 1)


def trace_product(a, b):
    return jnp.sum(a * b.T).reshape(1, 1)


def det(a):
    return jnp.linalg.det(a).reshape(1, 1)


def logdet(a):
    return jnp.linalg.slogdet(a)[1].reshape(1, 1)


def hadamard(*xs):
    return reduce(jnp.multiply, xs)


def khatri_rao(a, b):
    return (a[:, None, :] * b[None, :, :]).reshape(a.shape[0] * b.shape[0], a.shape[1])


def diag(v):
    return jnp.diag(v[:, 0])


def power(s, k):
    return jnp.power(s, k)


def func(name, s):
    return getattr(jnp, name)(s)


def kron_apply(factors, V):
    return _common.kron_apply(jnp, factors, V, jnp.tensordot, jnp.moveaxis)


def commute_apply(m, n, V):
    k = V.shape[1]
    return V.reshape(n, m, k).transpose(1, 0, 2).reshape(m * n, k)


# --- symmetric matrices (D_n, L_n, N_n as gathers; dense forms only when needed as values) ---
def _take(V, idx):
    return V[jnp.asarray(idx)]


def _like(m, V):
    return jnp.asarray(m, dtype=V.dtype)


(duplication, elimination, symmetrizer, vech, dup_apply, elim_apply, dup_t_apply,
 elim_t_apply, sym_apply) = _common.symmetric_ops(jnp.asarray, _take, _like, commute_apply)
