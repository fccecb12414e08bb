"""The ``kronsym`` command line (also ``python -m kronsym``).

Owns: sub-commands, output formats and exit codes. Exit codes: 0 ok,
1 an identity is false or a check failed, 2 bad input (a one-line error on
stderr, never a traceback).

Sub-commands: ``diff``, ``grad``, ``hessian`` (derivatives, ``--steps`` for
the derivation, ``--syntax matrixcalculus`` for the input language of
matrixcalculus.org, where ``--let`` is optional), ``simplify``, ``latex``, ``verify`` (a claimed identity)
and ``paper`` (derive and verify the seed paper's theorems). Matrices are
declared with ``--let A=m,n`` (``--let x=n`` is an n×1 column), scalar
symbols with ``--scalar c``. Output: ``--format text|latex|python|json``.

``main(argv)`` is safe to call in-process: it never touches file descriptors (a
broken pipe propagates as BrokenPipeError to its caller). ``console_main`` is the
process entry point (console script, ``python -m kronsym``) and ends a broken pipe
(``kronsym paper | head``) quietly with exit code 0.
"""
from __future__ import annotations

import argparse
import json
import os
import sys
from typing import List, Optional

__all__ = ["main", "console_main"]

EXAMPLES = {
    "diff": """examples:
  kronsym diff "kron(A, B)" --wrt A --let A=m,n --let B=p,q
  kronsym diff "A.T @ A" --wrt A --let A=m,n --format latex --steps
  kronsym diff "inv(X)" --wrt X --let X=n,n --format python
  kronsym diff "kron(A, B)" --wrt A --let A=m,n --let B=p,q --spy psi.png --at m=2,n=2,p=2,q=2""",
    "grad": """examples:
  kronsym grad "logdet(X)" --wrt X --let X=n,n
  kronsym grad "0.5*x'*A*x" --wrt x --syntax matrixcalculus
  kronsym grad "tr(X.T @ A @ X)" --wrt X --let X=n,p --let A=n,n""",
    "hessian": """examples:
  kronsym hessian "tr(X.T @ A @ X)" --wrt X --let X=n,p --let A=n,n""",
    "simplify": """examples:
  kronsym simplify "(A ⊗ B) @ (C ⊗ D)" --let A=m,n --let B=p,q --let C=n,r --let D=q,s
  kronsym simplify "K(m, n).T @ K(m, n)\"""",
    "latex": """examples:
  kronsym latex "vec(kron(A, B).T)" --let A=m,n --let B=p,q""",
    "verify": """examples:
  kronsym verify "vec(A @ X @ B) == kron(B.T, A) @ vec(X)" --let A=m,n --let X=n,p --let B=p,q
  kronsym verify "tr(A @ B) == tr(B @ A)" --let A=m,n --let B=n,m
  kronsym verify "kron(A, B) == kron(B, A)" --let A=m,n --let B=p,q      # exit code 1""",
    "paper": """examples:
  kronsym paper
  kronsym paper --latex""",
}


class _BadInput(Exception):
    pass


def _formatter(prog):
    return argparse.RawDescriptionHelpFormatter(prog, max_help_position=30)


def _add_symbols(p) -> None:
    p.add_argument("--let", action="append", default=[], metavar="NAME=DIMS",
                   help="declare a matrix: A=m,n (m×n), x=n (n×1 column), B=2,n*p")
    p.add_argument("--scalar", action="append", default=[], metavar="NAME",
                   help="declare a scalar symbol (repeatable)")


def _add_format(p, steps: bool = False) -> None:
    p.add_argument("--format", choices=("text", "latex", "python", "json"), default="text",
                   help="output format (default: text)")
    if steps:
        p.add_argument("--steps", action="store_true", help="print the derivation step by step")


def _shapes(lets: List[str]):
    shapes = {}
    for item in lets:
        for part in item.split():
            name, eq, dims = part.partition("=")
            if not eq or not name or not dims:
                raise _BadInput(f"--let {part!r}: write NAME=ROWS,COLS (e.g. A=m,n) or NAME=ROWS "
                                f"for a column")
            shapes[name.strip()] = dims.strip()
    return shapes


def _parse_expr(args, text):
    from .parser import parse, parse_shapes
    shapes = _shapes(args.let)
    if getattr(args, "syntax", "kronsym") == "matrixcalculus":
        if args.scalar:
            raise _BadInput("--scalar is not used with --syntax matrixcalculus: names a–g are "
                            "scalars (declare another name 1×1 with --let NAME=1,1)")
        e = parse(text, shapes, syntax="matrixcalculus")
        return e, {s.name: s for s in _symbols_of(e)}
    return parse(text, shapes, scalars=args.scalar), parse_shapes(shapes)


def _symbols_of(*exprs):
    from .traverse import postorder
    from . import nodes as N
    found = {}
    for e in exprs:
        for node in postorder(e):
            if isinstance(node, N.MatrixSymbol):
                found.setdefault(node.name, node)
    return [found[k] for k in sorted(found)]


def _emit(args, result, source=None, derivation=None) -> None:
    from .printing.latex import latex
    fmt = args.format
    if fmt == "text":
        print(str(derivation) if derivation is not None and getattr(args, "steps", False)
              else str(result))
    elif fmt == "latex":
        print(derivation.latex() if derivation is not None and getattr(args, "steps", False)
              else latex(result))
    elif fmt == "python":
        from .codegen import codegen
        src = codegen(_symbols_of(source if source is not None else result, result), result,
                      standalone=True)
        text = str(result).replace("\n", " ")
        print(f"# generated by kronsym (plain numpy, no kronsym import): {text}\n{src}", end="")
    else:
        out = {"result": str(result), "latex": latex(result),
               "shape": [str(result.rows), str(result.cols)]}
        if source is not None:
            out["input"] = str(source)
        if derivation is not None:
            out["steps"] = [{"expr": str(s.expr), "rule": s.rule} for s in derivation.steps]
        from .serialize import to_json
        out["tree"] = json.loads(to_json(result))  # ks.from_json(out["tree"]) rebuilds it
        print(json.dumps(out, ensure_ascii=False, indent=2))


def _wrt(args, shapes):
    if args.wrt not in shapes:
        known = ", ".join(sorted(shapes)) or "none"
        if getattr(args, "syntax", "kronsym") == "matrixcalculus":
            raise _BadInput(f"--wrt {args.wrt}: {args.wrt} does not occur in the expression "
                            f"(its names: {known})")
        raise _BadInput(f"--wrt {args.wrt}: no matrix {args.wrt} is declared (declared: {known}); "
                        f"add --let {args.wrt}=ROWS,COLS")
    return shapes[args.wrt]


def _calculus(args) -> int:
    from .diff import derive, grad, hessian
    F, shapes = _parse_expr(args, args.expr)
    X = _wrt(args, shapes)
    derivation = None
    if args.command == "diff":
        derivation = derive(F, X)
        result = derivation.result
    elif args.command == "grad":
        result = grad(F, X)
        if args.steps:
            derivation = derive(F, X)
    else:
        result = hessian(F, X)
    _emit(args, result, F, derivation)
    if getattr(args, "spy", None):
        # rows of the Jacobian run over vec F (blocks: columns of F), columns over vec X
        _spy(args, result, (F.rows, X.rows) if args.command == "diff" else None)
    return 0


def _spy(args, result, blocks=None) -> None:
    from .spy import spy
    values = {}
    for item in (args.at or "").split(","):
        if item.strip():
            k, eq, v = item.partition("=")
            if not eq or not v.strip().isdigit():
                raise _BadInput(f"--at {args.at!r}: write dims as m=2,n=3")
            values[k.strip()] = int(v)
    fig = spy(result, values or None, blocks=blocks)
    fig.savefig(args.spy, bbox_inches="tight")
    print(f"wrote {args.spy}", file=sys.stderr)


def _simplify(args) -> int:
    from .simplify import simplify
    e, _ = _parse_expr(args, args.expr)
    _emit(args, simplify(e), e)
    return 0


def _latex(args) -> int:
    from .printing.latex import latex
    e, _ = _parse_expr(args, args.expr)
    print(latex(e))
    return 0


def _verify(args) -> int:
    from .verify import verify
    v = verify(args.claim, _shapes(args.let), scalars=args.scalar, trials=args.trials)
    if args.format == "json":
        out = {"claim": v.claim, "verdict": v.verdict, "reason": v.reason, "method": v.method}
        if v.counterexample:
            out["counterexample"] = {
                "dims": {str(k): int(x) for k, x in v.counterexample["dims"].items()},
                "values": {getattr(k, "name", str(k)): _listify(x)
                           for k, x in v.counterexample["values"].items()}}
        print(json.dumps(out, ensure_ascii=False, indent=2))
    else:
        print(v)
    return 0 if v else (2 if v.verdict == "shapes undecided" else 1)


def _listify(x):
    import numpy as np
    a = np.asarray(x)
    return a.tolist()


def _paper(args) -> int:
    from .paper import run_paper
    return run_paper(latex=args.latex)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="kronsym", formatter_class=_formatter,
        description="Symbolic matrix calculus with Kronecker products: derivatives in the "
                    "Magnus–Neudecker layout d vec F / d (vec X)ᵀ, simplification, identity "
                    "checking, LaTeX and numeric code.",
        epilog="\n\n".join(EXAMPLES[k] for k in ("diff", "verify", "paper")) +
               "\n\nexit codes: 0 ok, 1 identity false or check failed, 2 bad input")
    parser.add_argument("--version", action="store_true", help="print the version and exit")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    for name, helptext in (("diff", "the Jacobian d vec F / d (vec X)ᵀ"),
                           ("grad", "the gradient of a scalar f, shaped like X"),
                           ("hessian", "the Hessian d vec(grad f) / d (vec X)ᵀ")):
        p = sub.add_parser(name, help=helptext, description=helptext, epilog=EXAMPLES[name],
                           formatter_class=_formatter)
        p.add_argument("expr", help="the expression, e.g. \"kron(A, B)\"")
        p.add_argument("--wrt", required=True, metavar="X", help="the matrix to differentiate by")
        _add_symbols(p)
        p.add_argument("--syntax", choices=("kronsym", "matrixcalculus"), default="kronsym",
                       help="input language: kronsym's (default) or matrixcalculus.org's "
                            "(x'*A*x, .*, a–g scalars, h–z vectors, A–Z matrices; --let "
                            "optional: sizes are inferred)")
        _add_format(p, steps=name != "hessian")
        if name == "diff":
            p.add_argument("--spy", metavar="FILE", help="also draw the sparsity of the Jacobian "
                           "at concrete dims (PNG/SVG; needs matplotlib)")
            p.add_argument("--at", metavar="DIMS", help="dims for --spy, e.g. m=2,n=3 "
                           "(default: small dims)")

    p = sub.add_parser("simplify", help="canonical form of an expression",
                       description="canonical form of an expression", epilog=EXAMPLES["simplify"],
                       formatter_class=_formatter)
    p.add_argument("expr")
    _add_symbols(p)
    _add_format(p)

    p = sub.add_parser("latex", help="LaTeX of an expression", description="LaTeX of an expression",
                       epilog=EXAMPLES["latex"], formatter_class=_formatter)
    p.add_argument("expr")
    _add_symbols(p)

    p = sub.add_parser("verify", help="check a claimed identity \"LHS == RHS\"",
                       description="check a claimed identity: holds (proved or numeric "
                                   "evidence), fails (with a counterexample) or the shapes "
                                   "never agree; exit code 1 unless it holds",
                       epilog=EXAMPLES["verify"], formatter_class=_formatter)
    p.add_argument("claim", help="\"LHS == RHS\"")
    _add_symbols(p)
    p.add_argument("--trials", type=int, default=6, help="random dimension assignments to try")
    p.add_argument("--format", choices=("text", "json"), default="text")

    p = sub.add_parser("paper", help="derive and verify the theorems of the seed paper",
                       description="derive and verify the theorems of the seed paper",
                       epilog=EXAMPLES["paper"], formatter_class=_formatter)
    p.add_argument("--latex", action="store_true", help="print LaTeX instead of text")
    return parser


_COMMANDS = {"diff": _calculus, "grad": _calculus, "hessian": _calculus, "simplify": _simplify,
             "latex": _latex, "verify": _verify, "paper": _paper}


def main(argv: Optional[List[str]] = None) -> int:
    """Run the command line; returns the exit code.

    >>> from kronsym.cli import main
    >>> main(["grad", "logdet(X)", "--wrt", "X", "--let", "X=n,n"])
    inv(X).T
    0
    >>> main(["verify", "tr(A @ B) == tr(B @ A)", "--let", "A=m,n", "--let", "B=n,m"])
    holds: proved (both sides have the same canonical form)
    0
    """
    from . import __version__
    from .errors import KronsymError
    parser = _parser()
    args = parser.parse_args(argv)
    if args.version:
        print(f"kronsym {__version__}")
        return 0
    if not args.command:
        parser.print_help()
        return 2
    try:
        return _COMMANDS[args.command](args)
    except (KronsymError, _BadInput, TypeError, ValueError, ImportError) as e:
        msg = str(e).split("\n")[0]
        print(f"kronsym {args.command}: error: {msg}", file=sys.stderr)
        return 2


def console_main() -> int:
    """The ``kronsym`` console script and ``python -m kronsym``: :func:`main`, where a
    reader that closes the pipe early (``kronsym paper | head``) ends the command
    quietly with exit code 0.

    Only the process entry point may do this: it points the process's standard
    output at /dev/null, so that the interpreter's last flush fails silently. Done
    inside ``main``, which tests, notebooks and programs call in-process, it would
    silence the caller's file descriptor for good (pytest's own report included).
    """
    try:
        code = main()
        sys.stdout.flush()   # a broken pipe shows here, not at interpreter exit
        return code
    except BrokenPipeError:
        try:
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
        except (OSError, ValueError):  # pragma: no cover - stdout without a descriptor
            pass
        return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(console_main())
