"""Structure-exploiting kernels written once over an array namespace ``xp``
(numpy, jax.numpy, torch or numpy-with-mpmath-objects): the vec trick for
Kronecker products of any length, commutation as an axis swap."""
from __future__ import annotations


def kron_apply(xp, factors, V, tensordot, moveaxis):
    """(F_1 ⊗ ... ⊗ F_k) V without forming the Kronecker product.

    ``factors``: ("I", n) identity (skipped), ("K", m, n) commutation (axis swap),
    ("M", array) dense factor (mode product). V is (∏ cols) × k.
    """
    shapes = []
    for f in factors:
        if f[0] == "I":
            shapes.append((f[1], f[1]))
        elif f[0] == "K":
            shapes.append((f[1] * f[2], f[1] * f[2]))
        else:
            shapes.append(tuple(f[1].shape))
    k = V.shape[1]
    cols = [c for _, c in shapes]
    x = V.reshape(tuple(cols) + (k,))
    for i, f in enumerate(factors):
        if f[0] == "I":
            continue
        if f[0] == "K":
            m, n = f[1], f[2]
            # K_{m,n} vec A = vec Aᵀ: the mode (index j*m + i) becomes (index i*n + j)
            sh = tuple(x.shape)
            y = x.reshape(sh[:i] + (n, m) + sh[i + 1:])
            y = moveaxis(y, i, i + 1)
            x = y.reshape(sh)
            continue
        A = f[1]
        x = moveaxis(tensordot(A, x, ([1], [i])), 0, i)
    rows = 1
    for r, _ in shapes:
        rows *= r
    return x.reshape(rows, k)

