"""Derive matrix derivatives step by step, print them as text and LaTeX, verify a claim.

Shows:
  * ``ks.derive(F, X)`` for d vec(XᵀAX)/d(vec X)ᵀ and d(A⊗B)/dA (Theorem 4.1 of the
    seed paper): each step of the derivation (differential, vectorise, identify,
    simplify) with the rule used, then the LaTeX ``align*`` block;
  * a numeric check of each result against finite differences (kronsym.testing);
  * ``ks.verify`` on a true claim and on a false look-alike.

Run:  python examples/derive_identity.py
"""
from __future__ import annotations

import kronsym as ks
from kronsym.testing import check_jacobian


def show(title: str, F, X, dims) -> None:
    print("=" * 78)
    print(title)
    print("=" * 78)
    d = ks.derive(F, X)
    print(f"F = {F}    (shape {F.shape[0]} x {F.shape[1]})")
    print(f"X = {X}    (shape {X.shape[0]} x {X.shape[1]})")
    print("steps:")
    for i, step in enumerate(d.steps, 1):
        print(f"  {i}. [{step.rule}]")
        print(f"       {step.expr}")
    print(f"result (text):  {d.result}")
    print(f"result (LaTeX): {ks.latex(d.result)}")
    print("derivation as a LaTeX align* block:")
    print(d.latex())
    check_jacobian(F, X, J=d.result, dims=dims, seed=1)   # raises AssertionError on a mismatch
    print(f"numeric check at {', '.join(f'{k}={v}' for k, v in dims.items())}: OK\n")


def main() -> int:
    m, n, p, q = ks.dims("m n p q")

    # 1. d vec(XᵀAX) / d(vec X)ᵀ for X n×n, A n×n
    X = ks.MatrixSymbol("X", n, n)
    A = ks.MatrixSymbol("A", n, n)
    # (ks.derive(F, X) is already d vec F / d(vec X)ᵀ, so pass F = XᵀAX, not vec(XᵀAX))
    show("d vec(XᵀAX) / d(vec X)ᵀ", X.T @ A @ X, X, {n: 3})

    # 2. d vec(A⊗B) / d(vec A)ᵀ for A m×n, B p×q  (Theorem 4.1)
    A = ks.MatrixSymbol("A", m, n)
    B = ks.MatrixSymbol("B", p, q)
    show("d vec(A ⊗ B) / d(vec A)ᵀ  (Theorem 4.1)", ks.kron(A, B), A, {m: 2, n: 3, p: 2, q: 1})

    # 3. verify claims written as text
    print("=" * 78)
    print("ks.verify")
    print("=" * 78)
    rect = {"A": "m,n", "X": "n,p", "B": "p,q"}
    square = {"A": "n,n", "X": "n,n", "B": "n,n"}
    for claim, shapes in (("vec(A @ X @ B) == kron(B.T, A) @ vec(X)", rect),    # the vec trick
                          ("vec(A @ X @ B) == kron(B, A.T) @ vec(X)", square),  # a look-alike
                          ("vec(A @ X @ B) == kron(B, A.T) @ vec(X)", rect),    # ... only if m*q = n*p
                          ("kron(A, I(2)) == A", rect)):                        # never the same shape
        v = ks.verify(claim, shapes)   # holds / fails / shapes never agree / shapes undecided
        print(f"{claim}   [{shapes}]\n  -> {v.verdict}: {v.reason.splitlines()[0]}")
    v = ks.verify("diff(kron(A, B), A) == kron(I(n), K(q, m), I(p)) @ kron(I(m*n), vec(B))",
                  {"A": "m,n", "B": "p,q"})
    print(f"Theorem 4.1 as printed in the paper\n  -> {v.verdict}: {v.reason}")
    return 0 if v.verdict == "holds" else 1


if __name__ == "__main__":
    raise SystemExit(main())
