"""Gaussian maximum likelihood by Newton's method, with derivatives from kronsym.

Shows the whole symbolic-to-numeric path on a classic problem. For data
x_1..x_N in R^n (the columns of an n×N matrix X) the log-likelihood, up to a
constant, is

    ℓ(μ, Σ) = −(N/2) log det Σ − (1/2) tr(Σ⁻¹ S(μ)),   S(μ) = (X − μ1ᵀ)(X − μ1ᵀ)ᵀ.

kronsym builds ℓ with symbolic n and N, derives the gradients (``ks.grad``) and
the Hessian blocks (``ks.hessian`` and ``ks.diff`` of a gradient, in the
d vec/d(vec)ᵀ layout), and ``ks.lambdify`` turns each into a numpy function. Newton's
method on θ = (μ, vec Σ) then runs on simulated data, with a step-halving
safeguard that keeps Σ positive definite and ℓ non-decreasing, and the result
is compared with the closed form μ̂ = x̄, Σ̂ = S(x̄)/N.

Symmetry of Σ: the derivatives are those of ℓ on all n×n matrices (Σ treated as
unconstrained). At a symmetric Σ with symmetric S the gradient is symmetric and
the Hessian commutes with the commutation matrix K(n, n), so the Newton step
from the full n²-dimensional system is already symmetric; we symmetrize it,
(Δ + Δᵀ)/2, only to wash out round-off, and the iterates stay symmetric.
Newton on Σ is only well behaved where ℓ is concave in Σ (there Σ < 2S/N in
the positive-definite order); we start at Σ = I with data whose covariance
is larger than I/2. Elsewhere a Newton direction can point downhill: then it is
reversed (it is still a direction of ascent) and the step halving does the rest.

Run:  python examples/gaussian_mle.py [n] [N]      (defaults: n = 3, N = 500)
"""
from __future__ import annotations

import sys

import numpy as np

import kronsym as ks


def build():
    """The symbolic log-likelihood and its derivatives, lambdified to numpy."""
    n, N = ks.dims("n N")
    X = ks.MatrixSymbol("X", n, N)
    mu = ks.MatrixSymbol("mu", n, 1)
    Sigma = ks.MatrixSymbol("Sigma", n, n)
    R = X - mu @ ks.ones(1, N)
    ell = -(N / 2) * ks.logdet(Sigma) - ks.trace(ks.inv(Sigma) @ R @ R.T) / 2
    g_mu, g_S = ks.grad(ell, mu), ks.grad(ell, Sigma)
    H_mm = ks.hessian(ell, mu)            # n × n
    H_mS = ks.diff(g_mu, Sigma)           # n × n²   d vec(∂ℓ/∂μ) / d (vec Σ)ᵀ
    H_SS = ks.hessian(ell, Sigma)         # n² × n²
    exprs = {"ell": ell, "grad_mu": g_mu, "grad_Sigma": g_S,
             "H_mu_mu": H_mm, "H_mu_Sigma": H_mS, "H_Sigma_Sigma": H_SS}
    funcs = {k: ks.lambdify([mu, Sigma, X], e) for k, e in exprs.items()}
    return exprs, funcs


def newton(funcs, x, mu0, Sigma0, tol=1e-10, maxit=50, out=print):
    n = x.shape[0]
    mu, Sigma = mu0.copy(), Sigma0.copy()
    f = lambda m, s: float(np.asarray(funcs["ell"](m, s, x)).reshape(()))
    out(f"{'it':>3} {'loglik':>16} {'|grad|':>10} {'step':>8}")
    for it in range(maxit):
        gm = funcs["grad_mu"](mu, Sigma, x).reshape(-1)
        gS = funcs["grad_Sigma"](mu, Sigma, x)
        g = np.concatenate([gm, gS.reshape(-1, order="F")])        # vec is column-major
        gnorm = np.linalg.norm(g)
        if gnorm < tol * x.shape[1]:
            out(f"{it:>3} {f(mu, Sigma):>16.8f} {gnorm:>10.2e}    (converged)")
            return mu, Sigma, it
        Hmm = funcs["H_mu_mu"](mu, Sigma, x)
        HmS = funcs["H_mu_Sigma"](mu, Sigma, x)
        HSS = funcs["H_Sigma_Sigma"](mu, Sigma, x)
        H = np.block([[Hmm, HmS], [HmS.T, HSS]])     # H_Σμ = H_μΣᵀ (mixed partials)
        step = np.linalg.solve(H, -g)
        note = ""
        if g @ step <= 0:          # ℓ is not concave here: the Newton step would go downhill
            step, note = -step, "  (not an ascent direction: reversed)"
        dmu = step[:n].reshape(n, 1)
        dS = step[n:].reshape(n, n, order="F")
        dS = (dS + dS.T) / 2                          # symmetric up to round-off already
        t, f0 = 1.0, f(mu, Sigma)
        while t > 1e-12:
            m1, S1 = mu + t * dmu, Sigma + t * dS
            try:
                np.linalg.cholesky(S1)                # positive definite?
                if f(m1, S1) >= f0 - 1e-12 * abs(f0):
                    break
            except np.linalg.LinAlgError:
                pass
            t /= 2
        mu, Sigma = m1, S1
        out(f"{it:>3} {f0:>16.8f} {gnorm:>10.2e} {t:>8.4g}{note}")
    raise RuntimeError(f"Newton did not converge in {maxit} iterations")


def main(argv=None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    n = int(argv[0]) if len(argv) > 0 else 3
    N = int(argv[1]) if len(argv) > 1 else 500
    exprs, funcs = build()
    print("log-likelihood  ℓ =", exprs["ell"])
    print("∂ℓ/∂μ =", exprs["grad_mu"])
    print("∂ℓ/∂Σ =", exprs["grad_Sigma"])
    print("d vec(∂ℓ/∂Σ)/d(vec Σ)ᵀ =", exprs["H_Sigma_Sigma"])
    print()

    rng = np.random.default_rng(0)
    L = rng.normal(size=(n, n))
    Sigma_true = np.eye(n) + L @ L.T                 # covariance > I, so Σ0 = I is in the concave region
    mu_true = rng.normal(size=(n, 1))
    x = mu_true + np.linalg.cholesky(Sigma_true) @ rng.normal(size=(n, N))

    print(f"simulated data: n = {n}, N = {N}; Newton from μ0 = 0, Σ0 = I")
    mu, Sigma, its = newton(funcs, x, np.zeros((n, 1)), np.eye(n))

    xbar = x.mean(axis=1, keepdims=True)
    S = (x - xbar) @ (x - xbar).T
    err_mu = np.abs(mu - xbar).max() / max(1.0, np.abs(xbar).max())
    err_S = np.abs(Sigma - S / N).max() / np.abs(S / N).max()
    print(f"\nconverged in {its} iterations")
    print(f"relative error in μ vs x̄   : {err_mu:.2e}")
    print(f"relative error in Σ vs S/N : {err_S:.2e}")
    print(f"max |Σ - Σᵀ|               : {np.abs(Sigma - Sigma.T).max():.2e}")
    ok = err_mu < 1e-8 and err_S < 1e-8
    print("matches the closed form μ̂ = x̄, Σ̂ = S/N" if ok else "DOES NOT match the closed form")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
