"""The checker's two-level week index: week frames (a week's content but for minutes) under week contents.

* Rules whose kind promises ``minutes_free`` (every date-free week-local built-in kind but ``duration``) are
  judged once per :class:`~runlift.checker.WeekFrame` (days per DayFrame, sessions per SessionFrame); the
  others on each exact week content. Weeks that only differ in minutes share a frame.
* Findings must be what every rule run in turn gives, whatever the minutes, for plans checked by a warm
  checker (frames judged on other weeks) and by a new one.
"""

from __future__ import annotations

import pickle

import attrs
import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from runlift.checker import Checker, WeekFrame
from runlift.model import Plan
from test_checker_fastpath import BUILTIN_RULESETS, _mutated, _plans, _reference, _ruleset
from test_checker_totals import _with_minutes

#: The built-in kinds whose verdicts never depend on minutes (see ``per_week``'s ``minutes_free``).
MINUTES_FREE = {"count", "coverage", "prescription", "same-day", "same-day-order", "session-flow"}


def _every_minutes(plan: Plan, minutes: int) -> Plan:
    """The plan with every session lasting ``minutes`` (same frames, other contents)."""
    return attrs.evolve(plan, weeks=tuple(
        attrs.evolve(w, days=tuple(
            attrs.evolve(d, sessions=tuple(attrs.evolve(s, minutes=minutes) for s in d.sessions))
            for d in w.days))
        for w in plan.weeks))


@pytest.mark.parametrize("name", BUILTIN_RULESETS)
def test_only_minutes_free_kinds_are_judged_per_frame(name):
    for cr in Checker(_ruleset(name)).compiled:
        assert cr.minutes_free == (cr.kind.name in MINUTES_FREE), cr


@pytest.mark.parametrize("name", BUILTIN_RULESETS)
def test_weeks_differing_in_minutes_share_a_frame_not_an_index(name):
    checker = Checker(_ruleset(name))
    plan = _plans(name)[0]
    other = _every_minutes(plan, 17)
    a, b = checker.context(plan), checker.context(other)
    for wa, wb in zip(a.week_indexes, b.week_indexes):
        assert isinstance(wa.frame, WeekFrame)
        assert wa.frame is wb.frame
    assert any(wa is not wb for wa, wb in zip(a.week_indexes, b.week_indexes))
    assert checker.check(other) == _reference(Checker(_ruleset(name)), other)


@pytest.mark.parametrize("name", BUILTIN_RULESETS)
def test_a_frame_verdict_is_each_of_its_weeks_own(name):
    """For every complete week checked, a minutes-free rule's bit on the week's frame says whether the rule's
    own week check finds anything there."""
    checker = Checker(_ruleset(name))
    plans = [p for other in BUILTIN_RULESETS for p in _plans(other)[:2]]
    plans += [_every_minutes(p, m) for p in plans[:4] for m in (0, 20, 300)]
    seen = 0
    for plan in plans:
        checker.check(plan)
        ctx = checker.context(plan)
        group = checker._group_for(ctx.athlete)
        sets = checker._sets_for(ctx.phases, group)
        for w, wi in ctx.complete_weeks:
            bits = wi.frame.failing.get(sets[w])
            if bits is None:
                continue
            for cr in sets[w].rules:
                if cr.minutes_free:
                    ctx.week_on = ctx.all_on
                    assert bool(bits & cr.bit) == bool(cr.week_check(ctx, cr, w)), (cr, w)
                    seen += 1
    assert seen


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_plans_differing_in_minutes_are_judged_like_every_rule_in_turn(data):
    name = data.draw(st.sampled_from(BUILTIN_RULESETS))
    checker = Checker(_ruleset(name))
    plan = data.draw(st.sampled_from(_plans(data.draw(st.sampled_from(BUILTIN_RULESETS)))))
    variants = [plan, _every_minutes(plan, data.draw(st.integers(0, 240))), _with_minutes(plan, data)]
    if data.draw(st.booleans()):
        variants.append(_mutated(_with_minutes(plan, data), data))
    for variant in variants:  # later variants find the frames the earlier ones judged
        fresh = pickle.loads(pickle.dumps(variant))
        assert checker.check(fresh) == _reference(Checker(_ruleset(name)), variant)
        assert (checker.first_error(fresh) is None) == (
            not any(f.severity == "error" for f in _reference(Checker(_ruleset(name)), variant)))


@pytest.mark.parametrize("name", BUILTIN_RULESETS)
def test_plans_with_the_same_week_shapes_share_their_day_bitsets(name):
    checker = Checker(_ruleset(name))
    plan = _plans(name)[0]
    a, b = checker.context(plan), checker.context(_every_minutes(plan, 33))
    assert a.masks is b.masks and a.day_mask is b.day_mask
    for cr in checker.compiled:
        for bit in cr.bits.values():
            for x in bit if isinstance(bit, tuple) else (bit,):
                expected = sum(1 << i for i, m in enumerate(a.day_mask) if m & x)
                assert a.days_with(x) == b.days_with(x) == expected
