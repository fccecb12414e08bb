"""The sparse runtime: ``form="sparse"`` assembles a scipy.sparse matrix by running the
same IR program as the dense backends (kronsym.codegen.lower), op by op.

Owns: ``OP_TABLE`` (every IR op over values that are numpy arrays, scipy.sparse
matrices or the identity marker :class:`Eye`) and the finishing step :func:`finish`.

Contract: structured values stay sparse and are never formed densely: ``eye``,
``commutation``, ``zeros`` and D_n, L_n, N_n are built from their index maps;
I ⊗ M is built directly as a block-diagonal CSC matrix; applying K_{m,n} or a
Kronecker product of identities and commutation matrices to a sparse block is a row
permutation (a CSC block keeps its columns); applying D, L, N or their transposes to
a sparse block multiplies by their sparse form. A value free of structure is
computed densely by the numpy backend's op and converted only when it meets a sparse
one. An op with a sparse argument and no sparse rule densifies (for ops whose result
is dense anyway: inv, det, trace, ...). :func:`finish` returns CSC when the structure
gave CSC, else CSR.
"""
from __future__ import annotations

from typing import Any, Callable, Dict

import numpy as np
import scipy.sparse as sp

from ...indexmaps import commutation_index, dup_index, kron_permutation_index, vech_index
from ..ir import OPS
from . import numpy as _np

NAME = "sparse"
asarray = _np.asarray
argument_error = _np.argument_error
ndim = _np.ndim


#: index dtype of the structured builds (scipy keeps int32 indices when they fit; building
#: them as int32 from the start saves a copy of every index array)
_IDX = np.int32


def _commutation(m, n):
    return sp.csr_matrix((np.ones(m * n), (np.arange(m * n), commutation_index(m, n))),
                         shape=(m * n, m * n))


def _halfvec(which, n):
    """D_n, L_n or N_n (``which`` = "D", "L", "N") as a CSR matrix, from the index maps
    of kronsym.indexmaps (never dense)."""
    if which == "D":
        return sp.csr_matrix((np.ones(n * n), (np.arange(n * n), dup_index(n))),
                             shape=(n * n, n * (n + 1) // 2))
    if which == "L":
        idx = vech_index(n)
        return sp.csr_matrix((np.ones(idx.size), (np.arange(idx.size), idx)),
                             shape=(idx.size, n * n))
    return ((sp.identity(n * n, format="csr") + _commutation(n, n)) * 0.5).tocsr()


class BlockDiag:
    """I_k ⊗ M for a dense M, kept as (k, M in CSC) until a value is needed: a row
    permutation applied to it (K_{m,n} and Kronecker products of I and K, the
    Magnus–Neudecker form of d(A⊗B)/dA) then writes the permuted row indices in one
    gather, :meth:`csc`, instead of building the indices and permuting them after."""

    def __init__(self, k: int, M):
        self.k, self.M = int(k), sp.csc_matrix(np.asarray(M))
        self.shape = (self.k * self.M.shape[0], self.k * self.M.shape[1])

    @property
    def T(self):
        return self.csc().T

    def csc(self, pinv=None):
        """The CSC matrix, its rows sent through the permutation ``pinv`` (row r goes to
        row pinv[r]) when given. Block b repeats M's compressed columns with its row
        indices shifted by b·rows(M)."""
        k, Mc = self.k, self.M
        r, c = Mc.shape
        nz = Mc.nnz
        idx = _IDX if k * max(r * c, nz) < 2 ** 31 else np.int64
        blocks = np.arange(k, dtype=idx)
        if pinv is None:
            indices = (Mc.indices.astype(idx)[None, :] + (blocks * r)[:, None]).ravel()
        elif nz == r and c == 1:              # a full column: the indices are pinv itself
            indices = np.asarray(pinv, dtype=idx).reshape(-1)
        else:
            indices = np.asarray(pinv, dtype=idx).reshape(k, r)[:, Mc.indices].ravel()
        indptr = np.empty(k * c + 1, dtype=idx)
        indptr[:-1] = (Mc.indptr[:-1][None, :] + (blocks * nz)[:, None]).ravel()
        indptr[-1] = k * nz
        out = sp.csc_matrix((np.tile(Mc.data, k), indices, indptr), shape=self.shape)
        if pinv is None:
            out.has_sorted_indices = True
        return out


def _eye_kron(k: int, M):
    """I_k ⊗ M as a CSC matrix, built directly (block diagonal) from the dense M."""
    return BlockDiag(k, M).csc()


def _permute_rows(v, pinv):
    """P @ v for the permutation sending row r to row pinv[r]. A CSC matrix keeps its
    columns (only the row indices change); I ⊗ M not yet built gets the permuted
    indices directly (:class:`BlockDiag`); others go through COO."""
    if isinstance(v, BlockDiag):
        return v.csc(pinv)
    if sp.isspmatrix_csc(v):
        # the columns stay; scipy finds out lazily whether the indices are sorted
        return sp.csc_matrix((v.data, pinv[v.indices], v.indptr), shape=v.shape)
    v = v.tocoo()
    return sp.coo_matrix((v.data, (pinv[v.row], v.col)), shape=v.shape)


class Eye:
    """I_n, kept symbolic until an op needs its matrix (then a sparse identity)."""

    def __init__(self, n: int):
        self.n = int(n)
        self.shape = (self.n, self.n)

    @property
    def T(self) -> "Eye":
        return self


def _is_sparse(v) -> bool:
    return isinstance(v, (Eye, BlockDiag)) or sp.issparse(v)


def _sp(v):
    """A value as a scipy.sparse matrix (CSR unless it already is sparse)."""
    if isinstance(v, Eye):
        return sp.identity(v.n, format="csr")
    if isinstance(v, BlockDiag):
        return v.csc()
    return v if sp.issparse(v) else sp.csr_matrix(np.asarray(v))


def _dense(v):
    if isinstance(v, Eye):
        return np.eye(v.n)
    if isinstance(v, BlockDiag):
        return v.csc().toarray()
    return v.toarray() if sp.issparse(v) else v


def _perm_apply(factors, V):
    """P V for P a Kronecker product of identities and commutation matrices: a row
    permutation of the sparse V (row r of V goes to row pinv[r], pinv the map of Pᵀ)."""
    inverse = [f if f[0] == "I" else ("K", f[2], f[1]) for f in factors]
    return _permute_rows(V if isinstance(V, BlockDiag) else _sp(V), kron_permutation_index(inverse))


def _matmul(a, b):
    if isinstance(a, Eye):
        return b
    if isinstance(b, Eye):
        return a
    return _sp(a) @ _sp(b)


def _kron(*xs):
    out = xs[0]
    for x in xs[1:]:
        if isinstance(out, Eye) and isinstance(x, Eye):
            out = Eye(out.n * x.n)
        elif isinstance(out, Eye) and not _is_sparse(x):
            out = BlockDiag(out.n, x)
        else:
            out = sp.kron(_sp(out), _sp(x), format="csr")
    return out


def _commute_apply(m, n, V):
    return _perm_apply((("K", m, n),), V)


def _kron_factor(f):
    if f[0] == "I":
        return Eye(f[1])
    if f[0] == "K":
        return _commutation(f[1], f[2])
    return f[1]


def _kron_apply(factors, V):
    if all(f[0] in "IK" for f in factors):
        return _perm_apply(factors, V)
    return _matmul(_kron(*[_kron_factor(f) for f in factors]), V)


def _with_matrix(build):
    """D_n / L_n / N_n (or a transpose) applied to V through their sparse form."""
    return lambda n, V: build(n) @ _sp(V)


#: ops with a rule of their own for sparse (or identity) arguments
_SPARSE: Dict[str, Callable[..., Any]] = {
    "eye": lambda n: Eye(n),
    "zeros": lambda r, c: sp.csr_matrix((r, c)),
    "commutation": lambda m, n: _commutation(m, n),
    "duplication": lambda n: _halfvec("D", n),
    "elimination": lambda n: _halfvec("L", n),
    "symmetrizer": lambda n: _halfvec("N", n),
    "matmul": _matmul,
    "add": lambda *xs: sum((_sp(x) for x in xs[1:]), _sp(xs[0])),
    "scale": lambda c, a: c * _sp(a),
    "smul": lambda s, a: _dense(s)[0, 0] * _sp(a),
    "transpose": lambda a: a if isinstance(a, Eye) else _sp(a).T,
    "kron": _kron,
    "hadamard": lambda *xs: _hadamard(*xs),
    "kron_apply": _kron_apply,
    "commute_apply": _commute_apply,
    "dup_apply": _with_matrix(lambda n: _halfvec("D", n)),
    "elim_apply": _with_matrix(lambda n: _halfvec("L", n)),
    "sym_apply": _with_matrix(lambda n: _halfvec("N", n)),
    "dup_t_apply": _with_matrix(lambda n: _halfvec("D", n).T),
    "elim_t_apply": _with_matrix(lambda n: _halfvec("L", n).T),
    "weighted_gram": lambda a, d: _matmul(_sp(a).T, sp.csr_matrix(_sp(a).multiply(_dense(d)))),
}


def _hadamard(*xs):
    out = _sp(xs[0])
    for x in xs[1:]:
        out = out.multiply(_sp(x))
    return sp.csr_matrix(out)


def _op(name: str) -> Callable[..., Any]:
    """The sparse function of IR op ``name``: its sparse rule when an argument is sparse
    (or the op builds structure), else the numpy backend's op on dense values."""
    dense_fn = _np.OP_TABLE[name]
    sparse_fn = _SPARSE.get(name)
    if name in ("eye", "zeros", "commutation", "duplication", "elimination", "symmetrizer"):
        return sparse_fn

    def _args_sparse(args) -> bool:
        for a in args:
            if isinstance(a, tuple):
                if any(_is_sparse(x) for x in a):
                    return True
            elif _is_sparse(a):
                return True
        return False

    def fn(*args):
        if not _args_sparse(args):
            return dense_fn(*args)
        if sparse_fn is not None:
            return sparse_fn(*args)
        return dense_fn(*[tuple(_dense(x) for x in a) if isinstance(a, tuple) else _dense(a)
                          for a in args])
    fn.__name__ = name
    return fn


#: every IR op (kronsym.codegen.ir.OPS) -> its sparse-assembly function
OP_TABLE: Dict[str, Callable[..., Any]] = {op: _op(op) for op in OPS}
#: IR ops this runtime has no function for, and why
UNSUPPORTED: dict = {}
globals().update(OP_TABLE)


def finish(v):
    """The program's result as CSC (kept when the structure gave it) or CSR."""
    if isinstance(v, (Eye, BlockDiag)) or not sp.issparse(v):
        return _sp(v)
    return v if (sp.isspmatrix_csc(v) or sp.isspmatrix_csr(v)) else sp.csr_matrix(v)
