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



# --- symmetric matrices: D_n, L_n, N_n applied as gathers (kronsym.halfvec index maps) ---
def _lower_mask(n):
    import numpy as np
    from ...halfvec import vech_index
    mask = np.zeros(n * n)
    mask[vech_index(n)] = 1.0
    return mask.reshape(-1, 1)


def _diag_mask(n):
    import numpy as np
    mask = np.zeros(n * n)
    mask[np.arange(n) * (n + 1)] = 1.0
    return mask.reshape(-1, 1)


def vech(take, a):
    """vech of a square a: vec(a) gathered at the lower-triangle positions."""
    from ...halfvec import vech_index
    n = a.shape[0]
    return take(_vec(a), vech_index(n))


def _vec(a):
    # column-major vec without order="F" (jax/torch): rows of aᵀ flattened
    return a.T.reshape(-1, 1)


def dup_apply(take, n, V):
    """D_n V: row k of the result is row dup_index(n)[k] of V."""
    from ...halfvec import dup_index
    return take(V, dup_index(n))


def elim_apply(take, n, V):
    """L_n V: the rows of V at the lower-triangle vec positions."""
    from ...halfvec import vech_index
    return take(V, vech_index(n))


def elim_t_apply(take, asarray_like, n, V):
    """L_nᵀ V = mask ∘ V[dup_index]: V's rows placed at the lower-triangle positions, zeros above."""
    from ...halfvec import dup_index
    return asarray_like(_lower_mask(n), V) * take(V, dup_index(n))


def dup_t_apply(take, asarray_like, commute, n, V):
    """D_nᵀ V = L_n (V + K_{n,n} V − diagmask ∘ V) (off-diagonal pairs summed, diagonal once)."""
    from ...halfvec import vech_index
    W = V + commute(n, n, V) - asarray_like(_diag_mask(n), V) * V
    return take(W, vech_index(n))


def sym_apply(commute, n, V):
    """N_n V = (V + K_{n,n} V) / 2."""
    return (V + commute(n, n, V)) * 0.5


def symmetric_ops(asarray, take, like, commute):
    """The backend functions for D_n, L_n, N_n and vech, given the backend's own
    ``asarray`` (dense values), ``take(V, idx)`` (row gather), ``like(m, V)`` (a numpy
    array as V's type) and ``commute_apply``. Returns, in this order: duplication,
    elimination, symmetrizer, vech, dup_apply, elim_apply, dup_t_apply, elim_t_apply,
    sym_apply (each backend binds these names at module level)."""
    from ...halfvec import duplication_matrix, elimination_matrix, symmetrizer_matrix
    return (lambda n: asarray(duplication_matrix(n)),
            lambda n: asarray(elimination_matrix(n)),
            lambda n: asarray(symmetrizer_matrix(n)),
            lambda a: vech(take, a),
            lambda n, V: dup_apply(take, n, V),
            lambda n, V: elim_apply(take, n, V),
            lambda n, V: dup_t_apply(take, like, commute, n, V),
            lambda n, V: elim_t_apply(take, like, n, V),
            lambda n, V: sym_apply(commute, n, V))
