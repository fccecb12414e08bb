"""Short reprs and Jupyter's rich display of results: ``Verdict``, ``Proof``, ``Derivation``.

Owns: ``short`` (text cut to a length), the ``__repr__`` bodies and the
``_repr_markdown_`` / ``_repr_latex_`` bodies of :class:`kronsym.verify.Verdict`,
:class:`kronsym.prove.Proof` and :class:`kronsym.diff.derive.Derivation`. Those
classes call in lazily (as ``Expr._repr_latex_`` calls the printers), so a result
stores data, never text. Contract: a repr is one line of at most ~120 characters
that says what the object is and its outcome; the Markdown is what Jupyter (and
GitHub, nbviewer) shows: the outcome in words, the mathematics as ``$…$`` / ``$$…$$``
(MathJax 3: no ``align*`` inside ``$$``, so derivations become ``aligned``).
"""
from __future__ import annotations

from .latex import latex

__all__ = ["short", "verdict_repr", "verdict_latex", "verdict_markdown", "proof_repr",
           "proof_markdown", "derivation_repr", "derivation_markdown"]


def short(text: object, width: int = 60) -> str:
    """``text`` on one line, cut to ``width`` characters with "…".

    >>> short("kron(A, B) @ vec(X)", 12)
    'kron(A, B) …'
    """
    s = " ".join(str(text).split())
    return s if len(s) <= width else s[: width - 2].rstrip() + " …"


def _md_escape(s: str) -> str:
    """Text safe in Markdown outside math: no emphasis, no raw HTML, no stray ``$``."""
    for ch in "\\`*_[]<>$|":
        s = s.replace(ch, "\\" + ch)
    return s


# --- Verdict (kronsym.verify) --------------------------------------------------------
def verdict_repr(v) -> str:
    """``<Verdict fails: A @ B == B @ A>`` (the claim cut to 60 characters)."""
    return f"<Verdict {v.verdict}: {short(v.claim)}>"


def _claim_tex(v) -> str:
    if v.lhs is None or v.rhs is None:
        return ""
    rel = {"holds": "=", "fails": "\\neq", "shapes never agree": "\\neq"}.get(
        v.verdict, "\\overset{?}{=}")                    # undecided: no relation claimed
    return f"{latex(v.lhs)} {rel} {latex(v.rhs)}"


def verdict_latex(v) -> str:
    """The claim as display math, ``=`` / ``≠`` by the verdict, and the verdict in words."""
    word = v.verdict.replace("_", " ")
    body = _claim_tex(v)
    sep = " \\qquad " if body else ""
    return f"$${body}{sep}\\text{{({word})}}$$"


def verdict_markdown(v) -> str:
    """**verdict**, the claim as math (or as code when a side did not build), the reason
    and, for "fails", the counterexample's dims."""
    tex = _claim_tex(v)
    claim = f"${tex}$" if tex else f"`{v.claim.replace('`', '')}`"
    reason = v.reason.replace("(random values below, ", "(random values, ")   # none shown here
    out = f"**{v.verdict}**: {claim}  \n{_md_escape(reason)}"
    ce = v.counterexample
    if ce and ce.get("dims"):
        out += "  \ncounterexample at " + ", ".join(f"${d} = {x}$" for d, x in ce["dims"].items())
    return out


# --- Proof (kronsym.prove) ------------------------------------------------------------
def proof_repr(p) -> str:
    """``<Proof holds (canonical)>``, ``<Proof fails (counterexample) at n = 2>``."""
    word = "holds" if p.holds else "fails"
    where = f" where {p.condition}" if p.condition else ""
    at = ""
    if p.counterexample and p.counterexample.get("dims"):
        at = " at " + ", ".join(f"{d} = {x}" for d, x in p.counterexample["dims"].items())
    return f"<Proof {word} ({p.method}){where}{at}>"


def proof_markdown(p) -> str:
    """**holds** / **fails** and how it was decided, in words."""
    text = str(p)
    word, _, rest = text.partition(" ")
    colon = ":" if word.endswith(":") else ""
    return f"**{word.rstrip(':')}**{colon} {_md_escape(rest)}".rstrip()


# --- Derivation (kronsym.diff.derive) --------------------------------------------------
def derivation_repr(d) -> str:
    """``<Derivation d vec(F) / d vec(X)ᵀ = J (4 steps)>``, the result cut to 60 characters."""
    return (f"<Derivation d vec({short(d.F, 40)}) / d vec({d.X})ᵀ = {short(d.result)} "
            f"({len(d.steps)} steps)>")


def derivation_markdown(d) -> str:
    """The derivation as one ``$$\\begin{aligned}…\\end{aligned}$$`` block (what
    ``.latex()`` writes as ``align*``, which MathJax does not take inside ``$$``)."""
    tex = d.latex().strip()
    for env in ("align*", "align"):
        tex = tex.replace(f"\\begin{{{env}}}", "\\begin{aligned}")
        tex = tex.replace(f"\\end{{{env}}}", "\\end{aligned}")
    return (f"Derivation of $\\partial \\operatorname{{vec}} F / \\partial "
            f"(\\operatorname{{vec}} {latex(d.X)})^{{\\top}}$, F = ${latex(d.F)}$:\n\n$$\n{tex}\n$$")
