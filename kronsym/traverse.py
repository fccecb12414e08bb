"""Traversal and the rewrite engine.

Owns: ``postorder`` (every distinct node, children first), ``fold`` (compute
a value per node bottom-up), ``map_bottom_up`` (rebuild with a function
applied at every node), and ``rewrite`` (apply rule functions to a fixed
point with a step cap, a memo and an optional step trace).

Contract: nothing here uses Python recursion, so expressions thousands of
levels deep work. A rule is a plain function ``node -> node | None`` (None:
does not apply). The engine owns iteration; rules never recurse.
"""
from __future__ import annotations

from typing import Callable, Dict, Iterable, List, Optional, Sequence, TypeVar

from .errors import KronsymError

__all__ = ["postorder", "fold", "map_bottom_up", "rewrite", "RewriteLimitError",
           "count_nodes", "depth"]

T = TypeVar("T")


def postorder(root, done: Optional[Callable[[object], bool]] = None) -> List:
    """Every distinct node of ``root`` once, each after all of its children.

    >>> import kronsym as ks
    >>> from kronsym.traverse import postorder
    >>> A = ks.MatrixSymbol("A", 2, 2)
    >>> [str(n) for n in postorder(A @ A + A)]
    ['A', 'A @ A', 'A @ A + A']

    ``done(node)`` true means the caller already knows that node's value: it
    is neither listed nor descended into (so cached passes stay linear).
    """
    out = []
    seen = set()
    stack = [(root, False)]
    push = stack.append
    pop = stack.pop
    while stack:
        node, expanded = pop()
        if expanded:
            out.append(node)
            continue
        nid = id(node)
        if nid in seen:
            continue
        seen.add(nid)
        push((node, True))
        kids = node._children
        for i in range(len(kids) - 1, -1, -1):
            c = kids[i]
            if id(c) not in seen and (done is None or not done(c)):
                push((c, False))
    return out


def fold(root, fn: Callable[[object, tuple], T], memo: Optional[Dict] = None) -> T:
    """Compute ``fn(node, (value of each child, ...))`` bottom-up; returns root's value.

    >>> import kronsym as ks
    >>> from kronsym.traverse import fold
    >>> A = ks.MatrixSymbol("A", 2, 2)
    >>> fold(A @ A.T, lambda n, kids: 1 + sum(kids))
    4
    """
    vals: Dict = {} if memo is None else memo
    for node in postorder(root):
        if node in vals:
            continue
        vals[node] = fn(node, tuple(vals[c] for c in node._children))
    return vals[root]


def map_bottom_up(root, fn: Callable[[object], object], memo: Optional[Dict] = None):
    """Rebuild ``root`` with ``fn`` applied to every node after its children.

    ``fn`` receives the node already rebuilt over the mapped children.
    """
    out: Dict = {} if memo is None else memo
    for node in postorder(root):
        if node in out:
            continue
        kids = node._children
        new_kids = tuple(out[c] for c in kids)
        new = node.rebuild(*new_kids) if kids else node
        out[node] = fn(new)
    return out[root]


def count_nodes(root) -> int:
    """Number of distinct nodes (shared subexpressions counted once)."""
    return len(postorder(root))


def depth(root) -> int:
    """Height of the tree (a leaf has depth 1)."""
    return fold(root, lambda n, kids: 1 + max(kids, default=0))


class RewriteLimitError(KronsymError, RuntimeError):
    """The rewrite engine reached its step cap (a non-terminating rule set)."""


Rule = Callable[[object], Optional[object]]


def rewrite(root, rules: Sequence[Rule] | Callable[[object], Iterable[Rule]], *,
            max_steps: int = 100_000, trace: Optional[list] = None,
            memo: Optional[Dict] = None):
    """Apply ``rules`` bottom-up until no rule applies anywhere.

    ``rules`` is a sequence of rule functions, or a function ``node -> rules``
    (e.g. a table lookup by node type). At each node the first rule that
    returns a node different from its input wins, and the result is
    rewritten again (its new children included) until it is stable.
    ``trace``, if given, receives ``(rule_name, before, after)`` triples.
    Raises :class:`RewriteLimitError` after ``max_steps`` rule applications.

    >>> import kronsym as ks
    >>> from kronsym.traverse import rewrite
    >>> A = ks.MatrixSymbol("A", 2, 2)
    >>> def transpose_of_transpose(e):
    ...     if isinstance(e, ks.nodes.Transpose) and isinstance(e.children[0], ks.nodes.Transpose):
    ...         return e.children[0].children[0]
    >>> str(rewrite(A.T.T.T.T + A, [transpose_of_transpose]))
    'A + A'
    """
    lookup = rules if callable(rules) else (lambda node, _r=tuple(rules): _r)
    done: Dict = {} if memo is None else memo   # node -> its fixed point
    steps = 0
    # explicit work stack: (node, stage); stage 0 = children not yet done
    stack = [(root, 0)]
    while stack:
        node, stage = stack.pop()
        if stage == 2:                      # an _Alias: target is now done
            done[node.node] = done[node.also] = done[node.target]
            continue
        if node in done:
            continue
        if stage == 0:
            stack.append((node, 1))
            for c in reversed(node._children):
                if c not in done:
                    stack.append((c, 0))
            continue
        kids = tuple(done[c] for c in node._children)
        cur = node.rebuild(*kids) if kids else node
        if cur is not node and cur in done:
            done[node] = done[cur]
            continue
        fired = None
        for rule in lookup(cur):
            new = rule(cur)
            if new is not None and new is not cur:
                fired = new
                if trace is not None:
                    trace.append((getattr(rule, "__name__", str(rule)), cur, new))
                break
        if fired is None:
            done[node] = cur
            if cur is not node:
                done[cur] = cur
            continue
        steps += 1
        if steps > max_steps:
            raise RewriteLimitError(
                f"rewriting did not reach a fixed point within {max_steps} steps "
                f"(last rule: {getattr(rule, '__name__', rule)}); this is a bug in a rule set")
        # rewrite the new node fully, then record it as node's result
        if fired in done:
            done[node] = done[fired]
            continue
        stack.append((_Alias(node, fired, cur), 2))
        stack.append((fired, 0))
    return done[root]


class _Alias:
    """Stack marker: when popped, ``node`` (and ``also``, the node rebuilt over its
    rewritten children) takes the fixed point of ``target``. Recording ``also`` keeps a
    DAG linear: another parent that rebuilds to the same node finds it done."""
    __slots__ = ("node", "target", "also")

    def __init__(self, node, target, also):
        self.node = node
        self.target = target
        self.also = also
