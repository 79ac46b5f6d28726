"""The checker's fast paths give exactly what running every rule in turn gives.

``Checker.check`` judges local rules together per week (and day) content, caches verdicts per content, week
shape and phase, and remembers whole results per plan content. These tests compare it, finding for finding
(same order, same messages), with the plain reference: each applicable rule's own ``check`` on a fresh
context, sorted. Plans come from the planner (built-in rulesets, several athletes), as new objects (a pickle
round trip), read back from JSON, and cut into prefixes that start mid-week; and, through one long-lived
checker, randomly changed and moved to other dates and week numbers. The reference keeps no packed week
totals (it adds every total up from the sessions).
"""

from __future__ import annotations

import datetime as dt
import functools
import pickle

import attrs
import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from runlift.checker import Checker
from runlift.defaults import DEFAULT_ATHLETE
from runlift.loader import RulesetLoader
from runlift.model import Plan, Race, Week
from runlift.planio import dump_plan, parse_plan
from runlift.planner import Planner
from runlift.plugin_manager import Plugins

BUILTIN_RULESETS = ("runna", "five-three-two", "pillars", "return-from-break", "periodized")
MONDAY = dt.date(2027, 1, 4)


@functools.cache
def _plugins():
    return Plugins.load()


@functools.cache
def _ruleset(name: str):
    return RulesetLoader(_plugins()).load(name)


def _athletes():
    for k, (experience, distance, rest) in enumerate((("beginner", "5k", ("fri",)), ("intermediate", "half", ()),
                                                       ("advanced", "marathon", ("mon",)))):
        start = MONDAY + dt.timedelta(weeks=k)
        race = Race(distance=distance, date=start + dt.timedelta(weeks=11, days=6))
        yield attrs.evolve(DEFAULT_ATHLETE, name=f"a{k}", experience=experience, rest_days=rest, start=start,
                           race=race, baseline_minutes=160 + 20 * k)


@functools.cache
def _plans(name: str) -> tuple[Plan, ...]:
    planner = Planner(_ruleset(name), plugins=_plugins())
    return tuple(planner.plan(a, weeks=12).plan for a in _athletes())


def _reference(checker: Checker, plan: Plan) -> tuple:
    """Every applicable rule's own ``check`` in turn, then the stable sort: what ``check`` must equal. The
    (new) checker keeps no packed week totals, so every total is added up from the week's sessions."""
    checker._fields = {}
    if not plan.weeks:
        return ()
    ctx = checker.context(plan)
    if ctx.first < 0:
        return ()
    out = []
    for cr in checker.rules_for(ctx.athlete):
        ctx.week_on = (True,) * ctx.n_weeks if cr.phases is None else cr.week_on(ctx.phases)
        if True in ctx.week_on:
            out.extend(cr.check(ctx, cr) or ())
    return tuple(sorted(out, key=lambda f: f.sort_key))


def _copy(plan: Plan) -> Plan:
    return pickle.loads(pickle.dumps(plan, protocol=pickle.HIGHEST_PROTOCOL))


def _from_wednesday(plan: Plan) -> Plan:
    """The plan without its first two days: a first week that is not complete."""
    first = plan.weeks[0]
    return Plan(athlete=plan.athlete, weeks=(Week(index=first.index, phase=first.phase, start=first.start,
                                                  days=first.days[2:]), *plan.weeks[1:]))


@pytest.mark.parametrize("name", BUILTIN_RULESETS)
def test_check_equals_every_rule_in_turn(name):
    plans = _plans(name)
    checker = Checker(_ruleset(name))
    for plan in plans:
        variants = [plan, _copy(plan), parse_plan(dump_plan(plan, "json"), "plan.json"), _from_wednesday(plan),
                    Plan(athlete=plan.athlete, weeks=plan.weeks[3:8])]
        for p in variants:
            expected = _reference(Checker(_ruleset(name)), _copy(p))
            assert checker.check(p) == expected
            assert checker.check(_copy(p)) == expected  # again, from the caches, on new objects


@pytest.mark.parametrize("name", BUILTIN_RULESETS)
def test_a_plan_checked_under_another_ruleset(name):
    checker = Checker(_ruleset(name))
    for other in BUILTIN_RULESETS:
        for plan in _plans(other)[:2]:
            assert checker.check(_copy(plan)) == _reference(Checker(_ruleset(name)), plan)


@pytest.mark.parametrize("name", BUILTIN_RULESETS)
def test_first_error_is_the_first_error_of_the_rules_in_order(name):
    checker = Checker(_ruleset(name))
    for plan in _plans("five-three-two") + _plans(name):
        reference = Checker(_ruleset(name))
        ctx = reference.context(plan)
        expected = None
        for cr in reference.rules_for(ctx.athlete):
            if cr.severity != "error":
                continue
            ctx.week_on = (True,) * ctx.n_weeks if cr.phases is None else cr.week_on(ctx.phases)
            if True not in ctx.week_on:
                continue
            expected = next((f for f in cr.check(ctx, cr) or () if f.severity == "error"), None)
            if expected is not None:
                break
        assert checker.first_error(_copy(plan)) == expected


def test_remembered_results_follow_the_dates_and_the_race():
    plan = _plans("pillars")[1]
    checker = Checker(_ruleset("pillars"))
    first = checker.check(plan)
    later = Plan(athlete=plan.athlete, weeks=tuple(
        attrs.evolve(w, start=w.start + dt.timedelta(weeks=1),
                     days=tuple(attrs.evolve(d, date=d.date + dt.timedelta(weeks=1)) for d in w.days))
        for w in plan.weeks))
    assert checker.check(later) == _reference(Checker(_ruleset("pillars")), later)
    moved = attrs.evolve(plan, athlete=attrs.evolve(plan.athlete, race=attrs.evolve(
        plan.athlete.race, date=plan.athlete.race.date - dt.timedelta(days=3))))
    assert checker.check(moved) == _reference(Checker(_ruleset("pillars")), moved)
    assert checker.check(plan) == first


@functools.cache
def _warm_checker(name: str) -> Checker:
    """One checker per ruleset, kept across examples so its caches fill with many similar plans."""
    return Checker(_ruleset(name))


def _moved(plan: Plan, weeks: int, first_index: int) -> Plan:
    """The plan ``weeks`` later, its first week numbered ``first_index``: the same days on other dates, or on
    the same dates under other week numbers."""
    shift = dt.timedelta(weeks=weeks)
    return Plan(athlete=plan.athlete, weeks=tuple(
        attrs.evolve(w, index=first_index + k, start=w.start + shift,
                     days=tuple(attrs.evolve(d, date=d.date + shift) for d in w.days))
        for k, w in enumerate(plan.weeks)))


def _mutated(plan: Plan, data) -> Plan:
    """The plan with a few random changes: sessions swapped between days, copied to another day, dropped,
    lengthened, harder, or with an exercise's sets changed."""
    days = [list(w.days) for w in plan.weeks]
    for _ in range(data.draw(st.integers(0, 6))):
        w = data.draw(st.integers(0, len(days) - 1))
        d = data.draw(st.integers(0, len(days[w]) - 1))
        day = days[w][d]
        other_w = data.draw(st.integers(0, len(days) - 1))
        other = data.draw(st.sampled_from(days[other_w]))
        change = data.draw(st.sampled_from(("swap", "copy", "drop", "minutes", "intensity", "sets")))
        sessions = list(day.sessions)
        if change == "swap":
            days[w][d] = attrs.evolve(day, sessions=other.sessions)
        elif change == "copy":
            if other.sessions and len(sessions) < 4:
                sessions.append(data.draw(st.sampled_from(other.sessions)))
        elif sessions:
            k = data.draw(st.integers(0, len(sessions) - 1))
            s = sessions[k]
            if change == "drop":
                del sessions[k]
            elif change == "minutes":
                sessions[k] = attrs.evolve(s, minutes=data.draw(st.integers(0, 200)))
            elif change == "intensity":
                sessions[k] = attrs.evolve(s, intensity=data.draw(st.sampled_from(("easy", "moderate", "hard"))))
            elif s.exercises:
                exercises = list(s.exercises)
                exercises[0] = attrs.evolve(exercises[0], sets=data.draw(st.integers(1, 8)))
                sessions[k] = attrs.evolve(s, exercises=tuple(exercises))
        if change != "swap":
            days[w][d] = attrs.evolve(day, sessions=tuple(attrs.evolve(s, order=k + 1)
                                                          for k, s in enumerate(sessions)))
    return Plan(athlete=plan.athlete, weeks=tuple(attrs.evolve(w, days=tuple(ds))
                                                  for w, ds in zip(plan.weeks, days)))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_a_warm_checker_on_changed_plans_equals_every_rule_in_turn(data):
    """Verdicts cached per distinct session, day content, week content and shape, packed week totals and
    day findings remembered per date stay exact on plans that share most of their days with plans seen
    before, on other dates and under other week numbers."""
    name = data.draw(st.sampled_from(BUILTIN_RULESETS))
    plan = _mutated(data.draw(st.sampled_from(_plans(name))), data)
    plan = _moved(plan, data.draw(st.integers(-2, 2)), data.draw(st.integers(1, 3)))
    if data.draw(st.booleans()):
        plan = Plan(athlete=plan.athlete, weeks=tuple(attrs.evolve(w, phase="") for w in plan.weeks))
    assert _warm_checker(name).check(plan) == _reference(Checker(_ruleset(name)), _copy(plan))


@pytest.mark.parametrize("name", ("pillars", "periodized"))
def test_week_totals_that_cannot_be_packed_are_added_up_from_the_sessions(name):
    """Minutes that are not whole numbers are not packed into week totals: rules on week minutes and
    progressions then add them up session by session, exactly as without packing."""
    plan = _plans(name)[0]
    weeks = tuple(attrs.evolve(w, days=tuple(
        attrs.evolve(d, sessions=tuple(attrs.evolve(s, minutes=s.minutes + 0.5 * (k + 1)) if s.minutes else s
                                       for k, s in enumerate(d.sessions)))
        for d in w.days)) for w in plan.weeks)
    odd = Plan(athlete=plan.athlete, weeks=weeks)
    assert Checker(_ruleset(name)).check(odd) == _reference(Checker(_ruleset(name)), _copy(odd))
