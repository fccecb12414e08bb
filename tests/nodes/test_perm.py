"""kronsym.perm: the index vector of a permutation node equals its dense action,
for I, K, transposes and Kronecker products of these at any nesting (and dims of 1)."""
import numpy as np
import pytest

import kronsym as ks
from kronsym.evaluate import evaluate
from kronsym.perm import is_permutation, permutation

CASES = [
    ks.K(2, 3), ks.K(2, 3).T, ks.K(1, 4), ks.I(1), ks.I(3),
    ks.kron(ks.I(2), ks.K(3, 4)),
    ks.kron(ks.K(2, 3), ks.I(2)).T,
    ks.kron(ks.K(2, 3).T, ks.K(1, 2), ks.I(3)),
    ks.kron(ks.kron(ks.K(2, 2), ks.I(2)).T, ks.K(3, 2)).T,
]


@pytest.mark.parametrize("node", CASES, ids=str)
@pytest.mark.parametrize("inverse", [False, True])
def test_permutation_matches_dense(node, inverse):
    P = np.asarray(evaluate(node, {}), dtype=float)
    M = np.random.default_rng(0).standard_normal((P.shape[0], 2))
    p = permutation(node, int, inverse)
    assert p.dtype == np.int32
    np.testing.assert_array_equal((P.T if inverse else P) @ M, M[p])
    assert is_permutation(node)


def test_not_a_permutation():
    A = ks.MatrixSymbol("A", 2, 2)
    for node in (A, ks.kron(ks.I(2), A), ks.K(2, 2) @ ks.K(2, 2)):
        assert permutation(node, int) is None
