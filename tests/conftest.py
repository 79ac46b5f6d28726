"""Shared test configuration: Hypothesis profiles.

The normal run uses Hypothesis' default profile (100 examples per property without its own
``max_examples``). ``slow`` runs the fuzz tests (``tests/test_fuzz.py``, marked ``slow``) at 10,000
examples each: ``python -m pytest --hypothesis-profile=slow -m slow``.

runlift's on-disk cache (:mod:`runlift.diskcache`) goes to a directory of the test run's own, removed when
the run ends, for the tests and every ``runlift`` they start: a test run never reads or fills the user's
cache (the tests of the cache itself set their own directories).
"""

from __future__ import annotations

import os
import shutil
import tempfile

from hypothesis import HealthCheck, settings

_CACHE_DIR = tempfile.mkdtemp(prefix="runlift-test-cache-")
os.environ["RUNLIFT_CACHE_DIR"] = _CACHE_DIR


def pytest_unconfigure(config) -> None:
    shutil.rmtree(_CACHE_DIR, ignore_errors=True)

settings.register_profile(
    "slow", max_examples=10_000, deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much])
