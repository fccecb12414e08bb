"""jax backend runtime (CPU or any device jax has): every IR op with jax.numpy;
the generated functions are jit-able (shapes are static at trace time).

The ops numpy, jax and torch spell alike come from ``_common.array_ops``; this module
defines what is jax's own: ``asarray`` and the row gathers of D_n, L_n, vech.

Precision: this module changes no global jax setting. Generated code runs in
whatever precision the user's jax is configured for -- float32 by default. For
float64, enable it yourself before creating arrays, e.g.
``jax.config.update("jax_enable_x64", True)`` at program start, or locally with
``with jax.experimental.enable_x64(): ...``."""
from __future__ import annotations

import jax.numpy as jnp

from . import _common

NAME = "jax"


def asarray(x):
    a = jnp.asarray(x)
    return _common.as_2d(a)


_ARRAY = _common.array_ops(jnp, jnp.asarray)
argument_error = _common.argument_error
ndim = _common.ndim


def heaviside0(x):
    """The step function, 0 at 0 (relu's derivative, as jax.grad(jax.nn.relu) gives)."""
    return jnp.heaviside(x, 0.0)


# --- symmetric matrices (D_n, L_n, N_n as gathers; dense forms only when needed as values) ---
def _take(V, idx):
    return V[jnp.asarray(idx)]


def _like(m, V):
    return jnp.asarray(m, dtype=V.dtype)


#: every IR op (kronsym.codegen.ir.OPS) -> its jax function
OP_TABLE = {
    **_ARRAY,
    "func": _common.entrywise_func(NAME),   # the entrywise functions (kronsym.entrywise_funcs)
    **_common.symmetric_ops(jnp.asarray, _take, _like, _ARRAY["commute_apply"]),
}
#: IR ops this backend has no function for, and why
UNSUPPORTED: dict = {}
globals().update(OP_TABLE)
