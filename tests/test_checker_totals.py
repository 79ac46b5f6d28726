"""Week verdicts the checker takes from summaries instead of walking the week.

* Week rules judged on a kept week total (``duration`` and ``coverage`` per week) are judged from the packed
  total alone (``total_fails``), remembered per total value: their verdict must be what ``week_fails`` says
  for every complete week, and the findings what every rule run in turn gives.
* A week's index keeps the OR of its days' day-rule verdicts and the AND of the rules judged on all of them
  (``day_fails``, ``day_judged``): for the rules judged everywhere it must equal the days' own bits.
"""

from __future__ import annotations

import datetime as dt
import pickle

import attrs
import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from runlift.checker import _FIELD_MASK, Checker
from runlift.model import Plan
from test_checker_fastpath import BUILTIN_RULESETS, _copy, _mutated, _plans, _reference, _ruleset


def _total_rules(checker: Checker, plan: Plan):
    """(week position, rule, union, shift) for every rule judged on a week total in a complete week."""
    sets = checker._sets_for(checker.phases_for(plan), checker._group_for(checker.athlete or plan.athlete))
    ctx = checker.context(plan)
    for w, _ in ctx.complete_weeks:
        for cr, union, shift in sets[w].total_rules + sets[w].frame_totals:  # minutes-free ones per WeekFrame
            yield ctx, w, cr, union, shift


@pytest.mark.parametrize("name", BUILTIN_RULESETS)
def test_a_verdict_from_the_total_is_the_week_checks_verdict(name):
    checker = Checker(_ruleset(name))
    seen = 0
    for plan in _plans(name) + _plans("pillars"):
        checker.check(plan)
        for ctx, w, cr, union, shift in _total_rules(checker, plan):
            wi = ctx.week_indexes[w]
            packed = wi.unions if union else wi.sums
            assert packed is not None
            total = (packed >> shift) & _FIELD_MASK
            assert bool(cr.total_fails(cr, total)) == bool(cr.week_fails(ctx, cr, w))
            assert cr.verdicts.get(total, bool(cr.week_fails(ctx, cr, w))) == bool(cr.week_fails(ctx, cr, w))
            seen += 1
    if name == "pillars":
        assert seen  # pillars judges strength minutes and the three pillars per week


def test_pillars_has_rules_judged_on_week_totals():
    checker = Checker(_ruleset("pillars"))
    plan = _plans("pillars")[0]
    checker.check(plan)
    codes = {cr.code for _, _, cr, _, _ in _total_rules(checker, plan)}
    assert codes >= {"PL101"}


def _day_summary_holds(checker: Checker) -> None:
    for wi in checker._contents.values():
        days = [di for di in wi.days if di is not None]
        judged = -1
        fails = 0
        for di in days:
            judged &= di.judged
            fails |= di.fails
        # the week's summary may lag behind its days, never contradict them
        assert wi.day_judged & ~judged == 0
        assert wi.day_fails & wi.day_judged == fails & wi.day_judged


@pytest.mark.parametrize("name", BUILTIN_RULESETS)
def test_the_week_summary_of_day_verdicts_matches_its_days(name):
    checker = Checker(_ruleset(name))
    for other in BUILTIN_RULESETS:
        for plan in _plans(other)[:2]:
            checker.check(_copy(plan))
    _day_summary_holds(checker)


def _with_minutes(plan: Plan, data) -> Plan:
    """The plan with some sessions' minutes changed: week contents that differ only in numbers."""
    weeks = list(plan.weeks)
    for _ in range(data.draw(st.integers(1, 8))):
        w = data.draw(st.integers(0, len(weeks) - 1))
        days = list(weeks[w].days)
        d = data.draw(st.integers(0, len(days) - 1))
        if not days[d].sessions:
            continue
        sessions = list(days[d].sessions)
        k = data.draw(st.integers(0, len(sessions) - 1))
        sessions[k] = attrs.evolve(sessions[k], minutes=data.draw(st.integers(0, 240)))
        days[d] = attrs.evolve(days[d], sessions=tuple(sessions))
        weeks[w] = attrs.evolve(weeks[w], days=tuple(days))
    return attrs.evolve(plan, weeks=tuple(weeks))


_WARM: dict[str, Checker] = {}


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_weeks_differing_in_minutes_are_judged_like_every_rule_in_turn(data):
    name = data.draw(st.sampled_from(BUILTIN_RULESETS))
    checker = _WARM.setdefault(name, Checker(_ruleset(name)))
    plan = data.draw(st.sampled_from(_plans(data.draw(st.sampled_from(BUILTIN_RULESETS)))))
    plan = _with_minutes(plan, data)
    if data.draw(st.booleans()):
        plan = _mutated(plan, data)
    if data.draw(st.booleans()):
        shift = dt.timedelta(weeks=data.draw(st.integers(1, 30)))
        plan = Plan(athlete=plan.athlete, weeks=tuple(
            attrs.evolve(w, start=w.start + shift, days=tuple(attrs.evolve(d, date=d.date + shift) for d in w.days))
            for w in plan.weeks))
    assert checker.check(pickle.loads(pickle.dumps(plan))) == _reference(Checker(_ruleset(name)), plan)
    _day_summary_holds(checker)
