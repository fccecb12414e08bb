"""IR ops written once over an array namespace ``xp`` (numpy, jax.numpy, torch or
numpy-with-mpmath-objects): :func:`array_ops` (the dense ops every backend shares),
the vec trick for Kronecker products of any length (:func:`kron_apply`, one matrix
product per dense factor), commutation as an axis swap,
and the D_n / L_n / N_n gathers (:func:`symmetric_ops`)."""
from __future__ import annotations

from functools import reduce

from ...indexmaps import commutation_matrix, dup_index, vech_index


def entrywise_func(backend: str, eager: bool = False):
    """The ``func`` op of an array backend: ``func(name, X)`` applies the backend's own
    function for the row ``name`` of ENTRYWISE_FUNCS (``row.backends[backend]``, a dotted
    path resolved on first use: np.tanh, jax.nn.sigmoid, torch.special.expit ...).
    ``eager``: resolve every row now (torch: so that torch.compile's tracer never meets
    an import inside a generated function, which would break its graph)."""
    import importlib
    from ...entrywise_funcs import ENTRYWISE_FUNCS, function
    cache: dict = {}
    if eager:
        for row in ENTRYWISE_FUNCS:
            mod, _, attr = function(row).backends[backend].rpartition(".")
            cache[row] = getattr(importlib.import_module(mod), attr)

    def func(name, s):
        fn = cache.get(name)
        if fn is None:
            path = function(name).backends[backend]
            mod, _, attr = path.rpartition(".")
            fn = cache[name] = getattr(importlib.import_module(mod), attr)
        return fn(s)
    return func


def as_2d(a):
    """A backend array as a matrix: a vector becomes a column, a scalar 1×1."""
    if a.ndim == 1:
        return a.reshape(-1, 1)
    return a.reshape(1, 1) if a.ndim == 0 else a


def ndim(x) -> int:
    """The number of axes of an argument as given (before ``asarray``): a 1-D array for
    an n×1 argument makes a column result come back 1-D (kronsym.codegen.emit)."""
    n = getattr(x, "ndim", None)
    if n is None:
        import numpy as np
        n = np.ndim(x)
    return n


def argument_error(sig, values):
    """Raise the EvaluationError for arguments the generated checks refused."""
    from ..checks import argument_error as _raise
    _raise(sig, values)


def array_ops(xp, constant):
    """The IR ops that numpy, jax.numpy and torch spell alike, as a dict op name -> function
    (a backend's ``OP_TABLE`` starts from it and adds what differs: the gathers of
    :func:`symmetric_ops`, and any op it spells its own way). ``constant(a)`` turns a
    numpy array into the backend's array."""

    def commute_apply(m, n, V):
        k = V.shape[1]
        return xp.moveaxis(V.reshape(n, m, k), 0, 1).reshape(m * n, k)

    def kron_apply_(factors, V):
        return kron_apply(factors, V, xp.moveaxis, commute_apply)

    return {
        "eye": lambda n: xp.eye(n, dtype=xp.float64),
        "zeros": lambda r, c: xp.zeros((r, c), dtype=xp.float64),
        "ones": lambda r, c: xp.ones((r, c), dtype=xp.float64),
        "commutation": lambda m, n: constant(commutation_matrix(m, n)),
        "matmul": lambda a, b: a @ b,
        "add": lambda *xs: reduce(xp.add, xs),
        "scale": lambda c, a: c * a,
        "smul": lambda s, a: s[0, 0] * a,
        "transpose": lambda a: a.T,
        "kron": lambda *xs: reduce(xp.kron, xs),
        "vec": lambda a: a.T.reshape(-1, 1),          # column-major vec
        "unvec": lambda a, m, n: a.reshape(n, m).T,
        "inv": lambda a: xp.linalg.inv(a),
        "solve": lambda a, b: xp.linalg.solve(a, b),
        "trace": lambda a: xp.trace(a).reshape(1, 1),
        "trace_product": lambda a, b: xp.sum(a * b.T).reshape(1, 1),
        "det": lambda a: xp.asarray(xp.linalg.det(a)).reshape(1, 1),
        "logdet": lambda a: logdet(xp, a),
        "hadamard": lambda *xs: reduce(xp.multiply, xs),
        "khatri_rao": lambda a, b: (a[:, None, :] * b[None, :, :]).reshape(
            a.shape[0] * b.shape[0], a.shape[1]),
        "diag": lambda v: xp.diag(v[:, 0]),
        "power": lambda s, k: s ** k,
        "norm_power": lambda s, k: norm_power(xp, s, k),
        "func": lambda name, s: getattr(xp, name)(s),
        "kron_apply": kron_apply_,
        "weighted_gram": lambda a, d: a.T @ (d * a),    # Aᵀ diag(d) A, d a column
        "commute_apply": commute_apply,
        **reduction_ops(xp),
    }


def reduction_ops(xp):
    """The reductions' ops (kronsym.codegen.lower_reductions) over numpy, jax.numpy or
    torch: stable log-sum-exp / softmax (shifted by the largest real part), the 2-norm
    scaled by the largest magnitude (the same analytic function for any nonzero scale,
    so complex-step and autodiff see sqrt(Σ x²)), |x| continued as ±x by the sign of
    Re x, the diagonal read without a mask, an integer matrix power."""
    def reduce_sum(a, axis):   # axis 0: column sums, 1: row sums, 2: all entries
        if axis == 2:
            return xp.sum(a).reshape(1, 1)
        return xp.sum(a, axis).reshape((1, -1) if axis == 0 else (-1, 1))

    def norm2(a):
        s = xp.max(xp.abs(a))
        s = xp.where(s > 0, s, xp.ones_like(s))
        return (s * xp.sqrt(xp.sum((a / s) ** 2))).reshape(1, 1)

    def shifted_exp(v):
        m = xp.max(xp.real(v))
        return m, xp.exp(v - m)

    def logsumexp(v):
        m, e = shifted_exp(v)
        return (m + xp.log(xp.sum(e))).reshape(1, 1)

    def softmax(v):
        _, e = shifted_exp(v)
        return e / xp.sum(e)

    def matrix_power(a, k):
        if float(k) != int(k):
            raise ValueError(f"matrix power: the exponent is {k}, not an integer")
        return xp.linalg.matrix_power(a, int(k))

    return {
        "reduce_sum": reduce_sum,
        "diagonal": lambda a: xp.diagonal(a).reshape(-1, 1),
        "norm2": norm2,
        "norm1": lambda a: xp.sum(xp.where(xp.real(a) < 0, -a, a)).reshape(1, 1),
        "logsumexp": logsumexp,
        "softmax": softmax,
        "matrix_power": matrix_power,
    }


def norm_power(xp, s, k):
    """s ** k where s != 0 and 0 where s == 0, with no inf computed (safe under jax.grad)."""
    zero = s == 0
    return xp.where(zero, xp.zeros_like(s), xp.where(zero, xp.ones_like(s), s) ** k)


def logdet(xp, a):
    """log|det a| for real a; for complex a its analytic continuation log(σ det a), σ = -1
    where Re det a < 0 else 1 (docs/conventions.md, "Complex and out-of-domain input"),
    computed from slogdet: log|det| + log(σ · phase)."""
    sign, la = xp.linalg.slogdet(a)
    if xp.is_complex(a) if hasattr(xp, "is_complex") else xp.iscomplexobj(a):
        sigma = xp.where(xp.real(sign) < 0, -1.0, 1.0)
        la = la + xp.log(sign * sigma)
    return xp.asarray(la).reshape(1, 1)


def kron_apply(factors, V, moveaxis, commute):
    """(F_1 ⊗ ... ⊗ F_k) V without forming the Kronecker product: one matrix product per
    dense factor on its mode of V viewed as a tensor (the vec trick, n-ary).

    ``factors``: ("I", n) identity (skipped), ("K", m, n) commutation (its mode (n, m)
    becomes (m, n), an axis swap), ("M", array) dense factor. V is (∏ cols) × k in
    ``np.kron`` (row-major) order. With L the size of the modes already done, a dense
    factor F acts as ``F @ t.reshape(L, cols, -1)`` (a batched product); as the first
    mode (L = 1) and as the last mode of a single column it is one plain product
    (``F @ t`` and ``t @ Fᵀ``), so (A ⊗ B) v is ``A @ V @ Bᵀ`` with V = v as n×q.
    The same spelling is emitted by kronsym.codegen.standalone_ops.
    """
    k = V.shape[1]
    t, L = V, 1
    for i, f in enumerate(factors):
        if f[0] == "I":
            L *= f[1]
        elif f[0] == "K":
            m, n = f[1], f[2]
            t = moveaxis(t.reshape(L, n, m, -1), 1, 2)
            L *= m * n
        else:
            F = f[1]
            r, c = F.shape
            if L == 1:
                t = F @ t.reshape(c, -1)
            elif i == len(factors) - 1 and k == 1:
                t = t.reshape(L, c) @ F.T
            else:
                t = F @ t.reshape(L, c, -1)
            L *= r
    return t.reshape(-1, k)


# --- symmetric matrices: D_n, L_n, N_n applied as gathers (kronsym.indexmaps index maps) ---
def _lower_mask(n):
    import numpy as np
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
    n = a.shape[0]
    return take(_vec(a), vech_index(n))


def _vec(a):
    # column-major vec without order="F" (jax/torch): rows of aᵀ flattened
    return a.T.reshape(-1, 1)


def dup_apply(take, n, V):
    """D_n V: row k of the result is row dup_index(n)[k] of V."""
    return take(V, dup_index(n))


def elim_apply(take, n, V):
    """L_n V: the rows of V at the lower-triangle vec positions."""
    return take(V, vech_index(n))


def elim_t_apply(take, asarray_like, n, V):
    """L_nᵀ V = mask ∘ V[dup_index]: V's rows placed at the lower-triangle positions, zeros above."""
    return asarray_like(_lower_mask(n), V) * take(V, dup_index(n))


def dup_t_apply(take, asarray_like, commute, n, V):
    """D_nᵀ V = L_n (V + K_{n,n} V − diagmask ∘ V) (off-diagonal pairs summed, diagonal once)."""
    W = V + commute(n, n, V) - asarray_like(_diag_mask(n), V) * V
    return take(W, vech_index(n))


def sym_apply(commute, n, V):
    """N_n V = (V + K_{n,n} V) / 2."""
    return (V + commute(n, n, V)) * 0.5


def symmetric_ops(asarray, take, like, commute):
    """The backend's ops for D_n, L_n, N_n and vech, as a dict op name -> function, given
    the backend's own ``asarray`` (dense values), ``take(V, idx)`` (row gather),
    ``like(m, V)`` (a numpy array as V's type) and ``commute_apply``."""
    from ...halfvec import duplication_matrix, elimination_matrix, symmetrizer_matrix
    return {
        "duplication": lambda n: asarray(duplication_matrix(n)),
        "elimination": lambda n: asarray(elimination_matrix(n)),
        "symmetrizer": lambda n: asarray(symmetrizer_matrix(n)),
        "vech": lambda a: vech(take, a),
        "dup_apply": lambda n, V: dup_apply(take, n, V),
        "elim_apply": lambda n, V: elim_apply(take, n, V),
        "dup_t_apply": lambda n, V: dup_t_apply(take, like, commute, n, V),
        "elim_t_apply": lambda n, V: elim_t_apply(take, like, n, V),
        "sym_apply": lambda n, V: sym_apply(commute, n, V),
    }
