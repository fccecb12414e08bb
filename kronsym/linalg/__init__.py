"""Numerics that exploit Kronecker structure (plain numpy + scipy; no jax/torch).

Owns: structured products and solves with A₁⊗…⊗A_k (never formed), the
Sylvester / Lyapunov / Stein equations by Bartels–Stewart, the Van
Loan–Pitsianis rearrangement and nearest Kronecker products, and spectra of
Kronecker products and sums.  See ``docs/linalg.md`` for identities and costs.

Contract: inputs are numpy-convertible numeric arrays (float or complex; ints
and float32 are promoted to float64); bad input raises ``TypeError`` /
``ValueError`` naming the argument and its shape; singular systems raise
``numpy.linalg.LinAlgError`` (a ``ValueError``).  Conventions are those of
kronsym: vec is column-major (``order="F"``), ``(A ⊗ B) vec X = vec(B X Aᵀ)``,
``np.kron`` index order, Kronecker sum ``A ⊕ B = A ⊗ I + I ⊗ B``.
scipy is imported lazily, so ``import kronsym`` works without it.

Layout: ``products`` (kron_matvec, kron_solve: the shared kernel
:mod:`kronsym.modeproduct`), ``equations`` (Sylvester, Lyapunov, Stein, A ⊕ B),
``nearest`` (rearrangement, nearest Kronecker products), ``spectra``; ``checks``
holds the validation and LAPACK helpers they share.
"""
from __future__ import annotations

from .equations import discrete_lyapunov, kron_sum_solve, lyapunov, sylvester, sylvester_kron
from .nearest import (NearestKron, NearestKronSum, nearest_kron, nearest_kron_sum, rearrange,
                      unrearrange)
from .products import kron_matvec, kron_solve
from .spectra import kron_eig, kron_sum_eig

__all__ = ["kron_matvec", "kron_solve", "sylvester", "sylvester_kron", "lyapunov",
           "discrete_lyapunov", "rearrange", "unrearrange", "nearest_kron",
           "nearest_kron_sum", "NearestKron", "NearestKronSum", "kron_eig",
           "kron_sum_eig", "kron_sum_solve"]
