"""The prover on the pseudo-inverse family: the identities of issue 16 hold (a rule, so
"canonical"), true identities beyond the rules hold by evaluation in the right domain
(exact X⁺ for full rank, float64 where the rank drops), false look-alikes are refuted."""
import pytest

import kronsym as ks

m, n, p, q = ks.dims("m n p q")
A, B = ks.MatrixSymbol("A", m, n), ks.MatrixSymbol("B", p, q)
C = ks.MatrixSymbol("C", n, p)
X, S = ks.MatrixSymbol("X", n, n), ks.MatrixSymbol("S", n, n)

IDENTITIES = [   # issue 16's list: each a rule
    (ks.pinv(ks.kron(A, B)), ks.kron(ks.pinv(A), ks.pinv(B))),
    (ks.pinv(A.T), ks.pinv(A).T),
    (ks.pinv(ks.pinv(A)), A),
    (ks.ones(n).T @ ks.eigvalsh(S), ks.trace(S)),
    (ks.adj(X) @ X, ks.det(X) * ks.I(n)),
]
TRUE = [   # not rules: decided by evaluation
    (ks.pinv(A) @ A @ ks.pinv(A), ks.pinv(A)),                       # Penrose conditions
    (A @ ks.pinv(A) @ A, A),
    ((A @ ks.pinv(A)).T, A @ ks.pinv(A)),
    (ks.adj(X), ks.det(X) * ks.inv(X)),
    (ks.adj(X @ ks.MatrixSymbol("Y", n, n)), ks.adj(ks.MatrixSymbol("Y", n, n)) @ ks.adj(X)),
    (ks.pinv(A.T @ A), ks.pinv(A) @ ks.pinv(A).T),
    (ks.pinv(ks.ones(m, n)), ks.ones(n, m) * (1 / (m * n))),          # rank 1 for every value
    (ks.pinv(A @ C), ks.pinv(ks.pinv(A) @ A @ C) @ ks.pinv(A @ C @ ks.pinv(C))),   # Greville
    (ks.nuclear_norm(A), ks.trace(ks.polar(A).T @ A)),
    (ks.log(ks.det(ks.adj(X)) ** 2), ks.log(ks.det(X) ** (2 * n - 2))),
]
FALSE = [
    (ks.pinv(A @ C), ks.pinv(C) @ ks.pinv(A)),       # (AB)⁺ = B⁺A⁺ fails for general A, B
    (ks.pinv(A), A.T),
    (ks.pinv(ks.ones(m, n)), ks.ones(n, m)),
    (ks.adj(X) @ X, ks.det(X) * X),
    (ks.adj(ks.kron(X, X)), ks.kron(ks.adj(X), ks.adj(X))),
    (ks.ones(n).T @ ks.eigvalsh(S), ks.trace(S @ S)),
    (ks.eigvalsh(S @ S), ks.power(ks.eigvalsh(S), 2)),   # fails where λ(S) changes sign
    (ks.nuclear_norm(A), ks.norm(A)),
]


@pytest.mark.parametrize("a, b", IDENTITIES, ids=[str(a) for a, _ in IDENTITIES])
def test_issue_identities_are_proved(a, b):
    assert ks.prove(a, b).method == "canonical"


@pytest.mark.parametrize("a, b", TRUE, ids=[str(a) for a, _ in TRUE])
def test_true_identities_hold(a, b):
    r = ks.prove(a, b)
    assert r.holds, r.detail


@pytest.mark.parametrize("a, b", FALSE, ids=[str(a) for a, _ in FALSE])
def test_false_identities_are_refuted(a, b):
    r = ks.prove(a, b)
    assert not r.holds and r.method == "counterexample"


def test_exact_pinv_at_full_rank_and_float_where_the_rank_drops():
    import numpy as np
    from kronsym.exacteval import modp_evaluate, Unsupported
    assert ks.prove(ks.adj(X), ks.det(X) * ks.inv(X)).method == "exact-random"
    T, W = ks.MatrixSymbol("T", 3, 2), ks.MatrixSymbol("W", 2, 3)
    t = np.array([[1, 2], [0, 1], [3, -1]])
    assert modp_evaluate(ks.pinv(T) @ T, {}, {T: t}).tolist() == [[1, 0], [0, 1]]
    assert modp_evaluate(W @ ks.pinv(W), {}, {W: t.T}).tolist() == [[1, 0], [0, 1]]
    with pytest.raises(Unsupported, match="full rank"):
        modp_evaluate(ks.pinv(ks.ones(3, 2)), {}, {})
