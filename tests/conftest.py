"""Shared pytest configuration: the hypothesis profiles.

* ``ci`` (the default): few examples per property, no deadline, derandomized so
  every CI run draws the same examples; the property files stay well under two
  minutes on a loaded two-core machine.
* ``long``: thousands of examples, random seeds (``pytest --hypothesis-profile=long``
  or ``HYPOTHESIS_PROFILE=long``); failures are saved in the example database.
"""
import os

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
