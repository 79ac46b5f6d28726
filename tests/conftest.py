"""Shared test configuration: Hypothesis profiles.

The normal run uses Hypothesis' default profile (100 examples per property without its own
``max_examples``). ``slow`` runs the fuzz tests (``tests/test_fuzz.py``, marked ``slow``) at 10,000
examples each: ``python -m pytest --hypothesis-profile=slow -m slow``.
"""

from __future__ import annotations

from hypothesis import HealthCheck, settings

settings.register_profile(
    "slow", max_examples=10_000, deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much])
