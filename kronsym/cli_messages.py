"""Messages of the ``kronsym`` command line, in the command line's terms.

Owns: ``CLI_HINTS`` (the command-line wording of each kind of advice an error carries,
keyed like :data:`kronsym.errors.PYTHON_HINTS`), :func:`cli_message` (an error as one
line for ``kronsym CMD: error: ...``), the ``--let`` / ``--assume`` spec checks and the
did-you-mean for sub-commands. Contract: a message printed by the command line never
advises a Python call (``ks.diff``, ``ks.assume_equal``, ``shapes={...}``); an error
raised deep in the library says what to do through its :class:`~kronsym.errors.Hint`\\ s,
and only their wording changes here.
"""
from __future__ import annotations

import difflib
from typing import Dict, Iterable, List, Tuple

from .errors import PYTHON_HINTS, hints_of

__all__ = ["CLI_HINTS", "cli_message", "check_let", "parse_assume", "unknown_command"]

#: the command-line wording of each hint kind (same keys and arguments as PYTHON_HINTS)
CLI_HINTS: Dict[str, str] = {
    "assume_equal": "declare them equal with --assume {0}={1}",
    "size_one": "declare that operand with that size 1 (--let x=n declares an n×1 column)",
    "function": "{0}",                       # the expression language's function of that name
    "jacobian": "use kronsym diff for the Jacobian of a matrix function",
    "other_syntax": "--syntax matrixcalculus (kronsym diff/grad/hessian)",
    "declare_name": "declare it with --let {0}=ROWS,COLS (--let {0}=n for an n×1 column) or "
                    "as a scalar with --scalar {0}",
}
assert set(CLI_HINTS) == set(PYTHON_HINTS), "every hint kind needs its command-line wording"


def cli_message(err: BaseException) -> str:
    """The first line of ``err`` with each hint it carries in command-line terms.

    >>> import kronsym as ks
    >>> m, n = ks.dims("m n")
    >>> try:
    ...     ks.MatrixSymbol("A", m, n) @ ks.MatrixSymbol("B", m, n)
    ... except ks.ShapeError as e:
    ...     print(cli_message(e).split("; ")[-1])
    use one dimension symbol for both, or declare them equal with --assume n=m
    """
    msg = str(err).split("\n")[0]
    for h in hints_of(err):
        msg = msg.replace(h.python(), CLI_HINTS[h.kind].format(*h.args))
    return msg


def _bad_let(part: str, why: str) -> ValueError:
    return ValueError(f"--let {part}: bad dim spec ({why}); write NAME=ROWS,COLS (A=m,n), "
                      f"NAME=ROWS for a column (x=n) or NAME=N,N,sym for a symmetric matrix")


def check_let(part: str) -> Tuple[str, str]:
    """``(name, dims)`` of one ``--let NAME=DIMS`` item, or a ValueError that names the
    item and what is wrong with it (an empty dim, too many parts, no ``=``).

    >>> check_let("A=m,n")
    ('A', 'm,n')
    >>> check_let("B=n,")
    Traceback (most recent call last):
    ...
    ValueError: --let B=n,: bad dim spec (the columns are empty); write NAME=ROWS,COLS (A=m,n), NAME=ROWS for a column (x=n) or NAME=N,N,sym for a symmetric matrix
    """
    name, eq, dims = (s.strip() for s in part.partition("="))
    if not eq:
        raise _bad_let(part, "no '='")
    if not name:
        raise _bad_let(part, "no name before '='")
    if not dims:
        raise _bad_let(part, "no dims after '='")
    parts = [d.strip() for d in dims.split(",")]
    if len(parts) == 3 and parts[2] != "sym":
        raise _bad_let(part, f"the third part is {parts[2]!r}; only 'sym' may stand there")
    if len(parts) > 3:
        raise _bad_let(part, f"{len(parts)} parts; a matrix has rows and columns")
    for what, d in zip(("rows", "columns"), parts):
        if not d:
            raise _bad_let(part, f"the {what} are empty")
    return name, dims


def parse_assume(items: Iterable[str]) -> List[Tuple[str, str]]:
    """The pairs of ``--assume M=N`` items (text, checked for shape only).

    >>> parse_assume(["m=n", "p = 2"])
    [('m', 'n'), ('p', '2')]
    """
    pairs = []
    for item in items:
        left, eq, right = (s.strip() for s in item.partition("="))
        if not eq or not left or not right or "=" in right:
            raise ValueError(f"--assume {item}: write two dims, e.g. --assume m=n (repeatable)")
        pairs.append((left, right))
    return pairs


def unknown_command(word: str, commands: Iterable[str]) -> str:
    """The error for a sub-command that does not exist, with the closest ones.

    >>> unknown_command("difff", ["diff", "grad", "verify"])
    "unknown command 'difff' (did you mean diff?); the commands are: diff, grad, verify"
    """
    commands = list(commands)
    close = difflib.get_close_matches(word, commands, n=2, cutoff=0.6)
    dym = f" (did you mean {' or '.join(close)}?)" if close else ""
    return f"unknown command {word!r}{dym}; the commands are: {', '.join(commands)}"
