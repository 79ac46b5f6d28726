"""The small memos of plan assembly and the ruleset's rule lookup give what they stand for."""

from __future__ import annotations

import datetime as dt

import attrs
import pytest
from hypothesis import given, settings, strategies as st

from runlift.loader import RulesetLoader
from runlift.model import Athlete
from runlift.planner import Planner, _Build
from runlift.testing import plugins_with

NAMES = ("runna", "five-three-two", "pillars", "return-from-break", "periodized")


@pytest.fixture(scope="module")
def loaded():
    plugins = plugins_with()
    loader = RulesetLoader(plugins)
    return plugins, {name: loader.load(name) for name in NAMES}


def test_rule_lookup_is_the_first_rule_with_that_code_or_name(loaded):
    from runlift.plugins import pillars

    _, rulesets = loaded
    for rs in rulesets.values():
        for key in {k for r in rs.rules for k in (r.code, r.name)} | {"XX999", "no-such-rule"}:
            assert rs.rule(key) is next((r for r in rs.rules if key in (r.code, r.name)), None)
    # an evolved ruleset has its own table
    rs = rulesets["pillars"]
    other = attrs.evolve(rs, rules=tuple(r for r in rs.rules if r.code != pillars.BASE_RULE))
    assert other.rule(pillars.BASE_RULE) is None and other == other and other != rs
    assert rs.rule(pillars.BASE_RULE) is not None


@settings(max_examples=50, deadline=None)
@given(st.integers(min_value=0, max_value=3000))
def test_week_dates_memo(loaded, k):
    plugins, rulesets = loaded
    build = _Build(_planner(plugins, rulesets["runna"]), Athlete(), None, None, None)
    monday = dt.date(2020, 1, 6) + dt.timedelta(weeks=k)
    want = tuple(monday + dt.timedelta(days=d) for d in range(7))
    assert build._dates(monday) == want
    assert build._dates(monday) == want  # a hit


_PLANNERS: dict = {}


def _planner(plugins, rs) -> Planner:
    if rs.name not in _PLANNERS:
        _PLANNERS[rs.name] = Planner(rs, plugins=plugins)
    return _PLANNERS[rs.name]


def test_assembled_weeks_are_the_model_objects(loaded):
    """Days and weeks built positionally are those the keyword constructors make."""
    plugins, rulesets = loaded
    result = Planner(rulesets["pillars"], plugins=plugins).plan(Athlete(start=dt.date(2027, 1, 4)), weeks=4)
    for week in result.plan.weeks:
        assert week.days == tuple(attrs.evolve(day) for day in week.days)
        assert [d.date for d in week.days] == [week.start + dt.timedelta(days=i) for i in range(7)]
