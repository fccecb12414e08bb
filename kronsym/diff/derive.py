"""Step-by-step derivations: ``ks.derive(F, X)``.

Owns: the ``Derivation`` object (``.result``, ``.steps`` each with ``.expr``
and ``.rule``, ``.latex()`` as an ``align*`` block, ``_repr_latex_``, ``str``).
A derivation stores expressions, never rendered text: each ``Step`` names the
form of its two sides and :mod:`kronsym.printing.derivation` renders them (no
import of printing here but the lazy one at the ``.latex()`` API edge).

The steps are the method itself, not a story told afterwards: the
differential (product rule and the differential table), the vectorised
differential (vec identities), the identification d vec F = J d vec X, and the
light algebra that gives the result (``.result`` is ``ks.diff(F, X)``).

Contract: time and memory grow with the input and the output. The steps after the
first vectorise the differential as shown (simplified), not the raw one: the raw
differential of inv(inv(⋯ X ⋯)) k deep is a DAG of O(k) nodes whose text is O(k²),
while simplified it is dX.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import List, Optional

from .. import nodes as N
from ..traverse import map_bottom_up
from .identify import identify
from .jacobian import _check, jacobian_parts, tidy

__all__ = ["derive", "Derivation", "Step"]


@dataclass(frozen=True)
class Step:
    """One line of a derivation: ``lhs = expr``, justified by ``rule``.

    It stores expressions, never text to show: ``lhs_form`` says what the left
    side is (``"d"``: dF, ``"vec d"``: vec dF, ``"J"``, ``"J D"``, ``""``: a
    continued line), ``rhs_form`` how ``expr`` shows (``"expr"``,
    ``"differential"``, ``"J vec dX"`` with ``factor`` the J, ``"zero"``);
    :mod:`kronsym.printing.derivation` renders them.
    """
    lhs: str
    expr: object
    rule: str
    lhs_form: str = ""
    rhs_form: str = "expr"
    factor: object = None


@dataclass
class Derivation:
    """A derivation of d vec F / d (vec X)ᵀ (``dX``: the symbol standing for the differential of X)."""
    F: object
    X: object
    result: object
    steps: List[Step] = field(default_factory=list)
    dX: object = None

    def __str__(self) -> str:
        lines = [f"d vec({self.F}) / d vec({self.X})ᵀ:"]
        for s in self.steps:
            lines.append(f"  {s.lhs} = {s.expr}    [{s.rule}]")
        return "\n".join(lines)

    def latex(self, annotations: bool = True, width: Optional[float] = None) -> str:
        """The derivation as a LaTeX ``align*`` block that fits a page: one line per step
        (long ones continued on indented lines), with ``annotations`` the rule of each
        step on a line of its own; ``width`` the line width in em (default 36, which
        fits A4 or letter paper with 1in margins at 10-12pt).

        Rendered by :mod:`kronsym.printing.derivation` (a lazy import at the API
        edge, like ``Expr._repr_latex_``: a derivation stores expressions only).

        >>> import kronsym as ks
        >>> A = ks.MatrixSymbol("A", 2, 2)
        >>> print(ks.derive(A.T, A).latex(annotations=False).splitlines()[1])
        \\mathrm{d}(A^{\\top}) &= \\mathrm{d}A^{\\top} \\\\
        """
        from ..printing.derivation import latex_derivation
        return latex_derivation(self, annotations=annotations, width=width)

    def _repr_latex_(self) -> str:
        return self.latex()

    def __repr__(self) -> str:
        """One line: ``<Derivation d vec(F) / d vec(X)ᵀ = J (4 steps)>``."""
        from ..printing.display import derivation_repr
        return derivation_repr(self)

    def _repr_markdown_(self) -> str:
        """What Jupyter shows: the steps as ``$$\\begin{aligned}…$$`` (MathJax 3)."""
        from ..printing.display import derivation_markdown
        return derivation_markdown(self)


def derive(F: N.Expr, X: N.MatrixSymbol) -> Derivation:
    """Derive d vec F / d (vec X)ᵀ step by step.

    >>> import kronsym as ks
    >>> m, n, p, q = ks.dims("m n p q")
    >>> A, B = ks.MatrixSymbol("A", m, n), ks.MatrixSymbol("B", p, q)
    >>> d = ks.derive(ks.kron(A, B), A)
    >>> print(d.result)
    (I(n) ⊗ K(q, m) ⊗ I(p)) @ (I(m*n) ⊗ vec(B))
    >>> [s.rule.split(":")[0] for s in d.steps]
    ['differential', 'vectorise', 'identify', 'simplify']
    """
    _check(F, X, "derive")
    dX, dF, J = jacobian_parts(F, X)
    steps: List[Step] = []
    if dF is None:
        result = _zero_jacobian(F, X)
        steps.append(Step(f"d({F})", result, "F does not depend on " + X.name, "d", "zero"))
        return Derivation(F, X, result, steps, dX)
    dF_t = tidy(dF)
    if isinstance(dF_t, N.ZeroMatrix):  # say why, then stop: J = 0
        raw = _cancelling_terms(dF)
        result = _zero_jacobian(F, X)
        steps += [
            Step(f"d({F})", raw, "differential: product rule and the table of differentials",
                 "d", "differential"),
            Step(f"d({F})", dF_t, "simplify: the terms of the differential cancel", "", "zero"),
            Step("J", result, "identify: d vec F = 0 d vec X", "J", "expr")]
        return Derivation(F, X, result, steps, dX)
    steps.append(Step(f"d({F})", dF_t,
                      "differential: product rule and the table of differentials",
                      "d", "differential"))
    # the steps go on from the differential as shown (simplified): vectorising the raw dF
    # would print what the first step already simplified away (for inv(inv(⋯ X ⋯)) a
    # DAG whose text is quadratic in the depth, its printer's memo cubic)
    try:
        J_shown = identify(N.Vec(dF_t), dX)
    except ValueError:   # pragma: no cover - the light algebra keeps dF linear in dX
        J_shown = None
    result = tidy(J)     # the same expression as ks.diff(F, X)
    J = _drop_identity_factors(J_shown if J_shown is not None else J)
    vec_dX = N.Vec(dX)
    steps.append(Step(f"vec d({F})", N.MatMul(J, vec_dX) if not _is_id(J) else vec_dX,
                      "vectorise: vec(AXB) = (Bᵀ ⊗ A) vec X, vec(Xᵀ) = K vec X, "
                      "vec(A ⊗ B) = (I ⊗ K ⊗ I)(vec A ⊗ vec B)",
                      "vec d", "J vec dX", J))
    steps.append(Step("J", J, "identify: d vec F = J d vec X", "J", "differential"))
    steps.append(Step("J", result, "simplify: identities, zeros, transposes, mixed products",
                      "", "expr"))
    if isinstance(X, N.SymmetricSymbol):
        result = tidy(N.MatMul(result, N.Duplication(X.rows)))
        steps.append(Step("J D", result, "symmetric X: vec dX = D_n d vech X, so "
                          "d vec F / d (vech X)ᵀ = J D_n", "J D", "expr"))
    return Derivation(F, X, result, steps, dX)


def _cancelling_terms(dF):
    """The differential shown when its terms cancel: each term of the sum simplified on
    its own (so the cancelling pair is visible, and a deep dF prints small), else dF."""
    if isinstance(dF, N.MatAdd):
        return N.MatAdd(*[tidy(t) for t in dF.children])
    return _drop_identity_factors(dF)


def _zero_jacobian(F, X):
    """The zero Jacobian: (pq)×(mn), or (pq)×n(n+1)/2 for a symmetric X (vech coordinates)."""
    cols = X.rows * (X.rows + 1) / 2 if isinstance(X, N.SymmetricSymbol) else X.rows * X.cols
    return N.ZeroMatrix(F.rows * F.cols, cols)


def _drop_identity_factors(e):
    """``e`` with identity factors of products removed (display only: M I = M)."""

    def fn(node):
        if isinstance(node, N.MatMul):
            kept = [c for c in node.children if not isinstance(c, N.Identity)]
            if len(kept) != len(node.children):
                return kept[0] if len(kept) == 1 else (N.MatMul(*kept) if kept else node.children[0])
        return node
    return map_bottom_up(e, fn)


def _is_id(J) -> bool:
    return isinstance(J, N.Identity)
