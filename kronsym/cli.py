"""The ``kronsym`` command line.

Owns: argument parsing and exit codes (0 ok, 1 check failed / identity false,
2 bad input). Sub-commands arrive with their issues; ``kronsym paper``
derives and verifies the paper's theorems (issue #4).
"""
from __future__ import annotations

import argparse
import sys
from typing import List, Optional

__all__ = ["main"]


def _paper(args) -> int:
    try:
        from .paper import run_paper
    except ImportError:
        print("kronsym paper: deriving the paper's theorems arrives with the differentiation "
              "issue (#4); not available in this version.", file=sys.stderr)
        return 1
    return run_paper(latex=args.latex)


def main(argv: Optional[List[str]] = None) -> int:
    """Run the command line; returns the exit code.

    >>> from kronsym.cli import main
    >>> main(["--version"]) == 0
    kronsym ...
    True
    """
    from . import __version__
    parser = argparse.ArgumentParser(prog="kronsym", description="Symbolic matrix calculus with Kronecker products.")
    parser.add_argument("--version", action="store_true", help="print the version and exit")
    sub = parser.add_subparsers(dest="command")
    p = sub.add_parser("paper", help="derive and verify the theorems of the paper")
    p.add_argument("--latex", action="store_true", help="print LaTeX instead of text")
    args = parser.parse_args(argv)
    if args.version:
        print(f"kronsym {__version__}")
        return 0
    if args.command == "paper":
        return _paper(args)
    parser.print_help()
    return 2


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
