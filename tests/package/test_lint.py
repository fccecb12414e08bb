"""ruff and mypy are part of the test suite, so CI enforces them (issue 14 item 5).

Both are in the ``test`` extra of pyproject.toml; their configuration (and its intent) is in
pyproject.toml too. A test skips, naming the missing tool, only where that tool is not
installed; CI installs ``.[test]``, so there they run.
"""
import importlib.util
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _run(module, *args, timeout=180):
    if importlib.util.find_spec(module) is None:
        pytest.skip(f"{module} is not installed (it is in the test extra: pip install '.[test]')")
    proc = subprocess.run([sys.executable, "-m", module, *args], cwd=ROOT, capture_output=True,
                          text=True, timeout=timeout)
    assert proc.returncode == 0, f"{module} {' '.join(args)} failed:\n{proc.stdout}\n{proc.stderr}"


def test_ruff_is_clean():
    _run("ruff", "check", "--no-cache", "kronsym", "tests")


def test_mypy_is_clean(tmp_path_factory):
    # a private cache: fast on a rerun within a session, never stale across branches
    cache = tmp_path_factory.mktemp("mypy_cache")
    _run("mypy", "--cache-dir", str(cache), "kronsym")


def test_py_typed_ships():
    """PEP 561: the marker exists and pyproject installs it as package data."""
    assert (ROOT / "kronsym" / "py.typed").is_file()
    text = (ROOT / "pyproject.toml").read_text()
    assert '[tool.setuptools.package-data]' in text and 'kronsym = ["py.typed"]' in text


def test_public_api_is_annotated():
    """Every function exported by kronsym/__init__.py annotates each parameter and its return."""
    import inspect

    import kronsym as ks
    missing = []
    for name in ks.__all__:
        obj = getattr(ks, name)
        if not inspect.isfunction(obj):
            continue
        sig = inspect.signature(obj)
        bare = [p.name for p in sig.parameters.values() if p.annotation is inspect.Parameter.empty]
        if sig.return_annotation is inspect.Signature.empty:
            bare.append("return")
        if bare:
            missing.append(f"{name}({', '.join(bare)})")
    assert not missing, "unannotated in the public API: " + "; ".join(missing)
