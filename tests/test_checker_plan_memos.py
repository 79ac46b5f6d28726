"""Plan-wide verdicts cached across plans, findings written per plan.

* ``spacing`` and ``max-consecutive`` keep the days that may have findings per plan shape and ``week_on``
  (``Context.shape_memo``), and ``spacing`` the session pairs of a window of days per their DayFrames;
* ``progression`` and ``deload`` keep their verdicts per weekly series and ``week_on`` (``per_series``).

Plans sharing those but not their dates (other athletes on one template) must still get their own dated
findings: what every rule run in turn gives on a new checker.
"""

from __future__ import annotations

import datetime as dt
import pickle
import types

import attrs
import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from runlift.checker import Checker
from runlift.kinds.common import per_series
from runlift.model import Plan
from test_checker_fastpath import BUILTIN_RULESETS, _mutated, _plans, _reference, _ruleset
from test_checker_frames import _every_minutes

CACHED_KINDS = {"spacing", "max-consecutive", "progression", "deload"}


def _shifted(plan: Plan, weeks: int) -> Plan:
    """The plan ``weeks`` weeks later (same contents, phases and week numbers; other dates)."""
    delta = dt.timedelta(weeks=weeks)
    return attrs.evolve(plan, weeks=tuple(
        attrs.evolve(w, start=w.start + delta, days=tuple(attrs.evolve(d, date=d.date + delta) for d in w.days))
        for w in plan.weeks))


@pytest.mark.parametrize("name", BUILTIN_RULESETS)
def test_plans_with_the_same_shapes_share_the_shape_memo_and_get_their_own_findings(name):
    checker = Checker(_ruleset(name))
    plan = _plans(name)[0]
    variants = [plan, _shifted(plan, 3), _every_minutes(_shifted(plan, 5), 40)]
    memos = [checker.context(v).shape_memo for v in variants]
    assert all(m is memos[0] for m in memos)
    for variant in variants:
        assert checker.check(pickle.loads(pickle.dumps(variant))) == _reference(Checker(_ruleset(name)), variant)
    kinds = {cr.kind.name for cr in checker.compiled}
    if kinds & {"spacing", "max-consecutive"}:
        assert memos[0]


@pytest.mark.parametrize("name", [n for n in BUILTIN_RULESETS
                                  if {cr.kind.name for cr in Checker(_ruleset(n)).compiled} & {"progression",
                                                                                                 "deload"}])
def test_series_verdicts_are_kept_per_series(name):
    checker = Checker(_ruleset(name))
    plan = _plans(name)[0]
    first = checker.check(plan)
    series = {cr: dict(cr.memo.get("series", {})) for cr in checker.compiled
              if cr.kind.name in ("progression", "deload")}
    assert any(series.values())
    later = _shifted(plan, 7)
    assert checker.check(later) == _reference(Checker(_ruleset(name)), later)
    for cr, seen in series.items():  # the same series: no new verdict
        assert cr.memo.get("series", {}).keys() == seen.keys()
    assert [f.week for f in checker.check(later)] == [f.week for f in first]


def test_per_series_judges_each_series_and_week_on_once():
    rule = types.SimpleNamespace(memo={})  # a compiled rule's memo is all per_series uses
    calls = []

    def judge(rule, values, week_on):
        calls.append(tuple(values))
        return (len(calls),)

    on = (True, True, False)
    assert per_series(rule, [1, None, 3], on, judge) == (1,)
    assert per_series(rule, [1, None, 3], on, judge) == (1,)
    assert per_series(rule, [1, None, 3], (True,) * 3, judge) == (2,)
    assert per_series(rule, [1, 2, 3], on, judge) == (3,)
    assert calls == [(1, None, 3), (1, None, 3), (1, 2, 3)]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_plans_sharing_shapes_and_series_are_judged_like_every_rule_in_turn(data):
    """A warm checker meets mutated plans at other dates: the cached candidate days, window pairs and series
    verdicts must give each its own findings."""
    name = data.draw(st.sampled_from(BUILTIN_RULESETS))
    checker = Checker(_ruleset(name))
    plans = _plans(name)
    plan = data.draw(st.sampled_from(plans))
    checker.check(plan)
    for _ in range(3):
        variant = _shifted(_mutated(plan, data), data.draw(st.integers(-30, 30)))
        fresh = pickle.loads(pickle.dumps(variant))
        assert checker.check(fresh) == _reference(Checker(_ruleset(name)), variant)
