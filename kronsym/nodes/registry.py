"""Node classes by name: the late binding through which ``Expr``'s operators build.

Owns: ``node_class(name)`` and the map it reads, filled by
``Expr.__init_subclass__`` as each node class of kronsym is defined (and by
:mod:`~kronsym.nodes.expr` for ``Expr`` itself).

Contract
--------
* The base class's operators (``A @ B`` builds a ``MatMul``) need classes
  defined after the base. Rather than importing the family modules back from
  the base, :mod:`~kronsym.nodes.operators` asks this map: the dependency is
  the same, bound when an operator runs instead of when a module loads.
* A class is registered under ``cls.__name__`` when it is defined in a module of
  ``kronsym``; two such classes with one name are refused at definition.
  Classes defined elsewhere (a user's subclass) are not registered.
* ``node_class`` of a name no class bears raises ``KeyError`` naming it.

>>> import kronsym as ks
>>> from kronsym.nodes.registry import node_class
>>> node_class("MatMul") is ks.nodes.MatMul
True
"""
from __future__ import annotations

from typing import Dict

_CLASSES: Dict[str, type] = {}


def register_class(cls: type) -> None:
    """Record ``cls`` under its name (done by ``Expr.__init_subclass__``).

    >>> from kronsym.nodes.registry import register_class, node_class
    >>> register_class(node_class("Kron"))   # the same class again: no change
    """
    if not cls.__module__.startswith("kronsym."):
        return
    old = _CLASSES.get(cls.__name__)
    if old is not None and old is not cls and old.__module__ == cls.__module__ \
            and old.__qualname__ == cls.__qualname__:
        old = None   # the module was reloaded: the new class replaces the old
    if old is not None and old is not cls:
        raise TypeError(f"two node classes are named {cls.__name__}: "
                        f"{old.__module__}.{old.__qualname__} and "
                        f"{cls.__module__}.{cls.__qualname__}")
    _CLASSES[cls.__name__] = cls


def node_class(name: str) -> type:
    """The node class of kronsym named ``name`` (``"MatMul"``, ``"Expr"``, ...).

    >>> from kronsym.nodes.registry import node_class
    >>> node_class("Transpose").__name__
    'Transpose'
    """
    try:
        return _CLASSES[name]
    except KeyError:
        raise KeyError(f"no node class named {name!r} is defined (known: "
                       f"{', '.join(sorted(_CLASSES))})") from None
