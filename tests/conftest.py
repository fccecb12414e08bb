"""Shared pytest configuration: the hypothesis profiles.

* ``ci`` (the default): few examples per property, no deadline, derandomized so
  every CI run draws the same examples; the property files stay well under two
  minutes on a loaded two-core machine.
* ``long``: thousands of examples, random seeds (``pytest --hypothesis-profile=long``
  or ``HYPOTHESIS_PROFILE=long``); failures are saved in the example database.

jax precision: kronsym's jax backend changes no global jax setting (it runs in
whatever precision jax is configured for, float32 by default). The tests compare
jax results with float64 references, so the session fixture ``_jax_float64``
enables ``jax_enable_x64`` for the test session and restores the previous value
at the end. ``tests/codegen/test_codegen.py::test_jax_backend_leaves_x64_alone`` checks,
in a fresh process, that kronsym itself never touches it.

Layout: the test directories mirror the package (``tests/nodes``, ``tests/diff``,
``tests/codegen`` ...; ``tests/package`` for whole-package checks). Two test modules
share a table with another by module name (``from test_nodes import TABLE``), so every
test directory is put on ``sys.path`` here, whichever file pytest is given.
"""
import importlib.util
import os
import pathlib
import sys

import pytest

for _dir in sorted(pathlib.Path(__file__).resolve().parent.iterdir()):
    if _dir.is_dir() and any(_dir.glob("test_*.py")) and str(_dir) not in sys.path:
        sys.path.insert(0, str(_dir))

try:
    from hypothesis import HealthCheck, settings
except ImportError:  # pragma: no cover - hypothesis is in the test extra
    settings = None

if settings is not None:
    _quiet = [HealthCheck.too_slow, HealthCheck.filter_too_much, HealthCheck.data_too_large]
    settings.register_profile("ci", max_examples=30, deadline=None, derandomize=True,
                              database=None, suppress_health_check=_quiet, print_blob=True)
    settings.register_profile("long", max_examples=2000, deadline=None,
                              suppress_health_check=_quiet, print_blob=True)
    # the pytest plugin's --hypothesis-profile option, when given, is applied after this
    settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


@pytest.fixture(scope="session", autouse=True)
def _jax_float64():
    """Enable jax float64 for the session (if jax is installed); restore it afterwards."""
    if importlib.util.find_spec("jax") is None:
        yield
        return
    import jax
    before = bool(jax.config.jax_enable_x64)
    jax.config.update("jax_enable_x64", True)
    try:
        yield
    finally:
        jax.config.update("jax_enable_x64", before)
