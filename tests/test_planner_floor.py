"""The planner's work after the search is memoised on the Planner (planned weeks chained on the week before,
week templates, exercises, sessions, weekly measures, Week objects): a warm planner must make exactly the
plans, findings, notes and explanations a fresh one makes, and plugins' hooks still see every plan."""

from __future__ import annotations

import attrs
import pytest

from runlift import hookimpl
from runlift.defaults import DEFAULT_ATHLETE
from runlift.loader import RulesetLoader
from runlift.planio import dump_plan
from runlift.planner import Planner
from runlift.testing import plugins_with

RULESETS = ("runna", "five-three-two", "pillars", "return-from-break", "periodized")


@pytest.fixture(scope="module")
def plugins():
    return plugins_with()


def athletes():
    a = DEFAULT_ATHLETE
    return [
        a,
        attrs.evolve(a, baseline_minutes=240, equipment="home"),
        attrs.evolve(a, rest_days=("fri",), long_run_day="sat", niggles=("knee",), experience="beginner"),
        attrs.evolve(a, weeks_off=6),
        attrs.evolve(a, race=None),
    ]


def snapshot(result) -> tuple:
    """Everything a user sees of a plan: its text, findings, notes and the why of every session."""
    whys = tuple(result.why((day.date, s.order)) for week in result.plan.weeks for day in week.days
                 for s in day.sessions)
    return dump_plan(result.plan, "toml"), result.findings, result.notes, whys


@pytest.mark.parametrize("name", RULESETS)
def test_a_warm_planner_makes_the_plans_a_fresh_one_makes(plugins, name):
    ruleset = RulesetLoader(plugins).load(name)
    warm = Planner(ruleset, plugins=plugins)
    for athlete in athletes():
        warm.plan(athlete)
        warm.plan(athlete, weeks=6)
    # another order, so the memos were filled by other athletes first; a new planner per plan
    for athlete, weeks in [(a, None) for a in reversed(athletes()[1:])] + [(athletes()[0], 6)]:
        fresh = Planner(ruleset, plugins=plugins).plan(athlete, weeks=weeks)
        assert snapshot(warm.plan(athlete, weeks=weeks)) == snapshot(fresh)


def test_overlay_plans_are_the_same_warm_and_fresh(plugins):
    ruleset = RulesetLoader(plugins).load("runna")
    warm = Planner(ruleset, plugins=plugins)
    running = warm.plan(DEFAULT_ATHLETE).plan
    warm.plan(DEFAULT_ATHLETE, running_plan=running)
    again = warm.plan(DEFAULT_ATHLETE, running_plan=running)
    fresh = Planner(ruleset, plugins=plugins).plan(DEFAULT_ATHLETE, running_plan=running)
    assert snapshot(again) == snapshot(fresh)


def test_a_plan_made_again_is_served_from_the_memos(plugins):
    planner = Planner(RulesetLoader(plugins).load("five-three-two"), plugins=plugins)
    first = planner.plan(DEFAULT_ATHLETE)
    again = planner.plan(DEFAULT_ATHLETE)
    assert again.stats["searches"] == 0
    assert again.stats["memo_hits"] == len(again.plan.weeks)  # one look-up per week
    assert again.plan == first.plan
    # frozen objects are handed out again, not rebuilt (the checker's per-week cache sees them again too)
    assert all(a is b for a, b in zip(again.plan.weeks, first.plan.weeks))


def test_athletes_of_other_volumes_share_the_strength_sessions(plugins):
    planner = Planner(RulesetLoader(plugins).load("five-three-two"), plugins=plugins)
    low = planner.plan(DEFAULT_ATHLETE).plan
    high = planner.plan(attrs.evolve(DEFAULT_ATHLETE, baseline_minutes=DEFAULT_ATHLETE.baseline_minutes + 60)).plan

    def minutes(plan, sport):
        return sum(s.minutes for d in plan.days() for s in d.sessions if s.sport == sport)

    assert minutes(high, "run") > minutes(low, "run")
    strength = {id(s) for d in low.days() for s in d.sessions if s.sport == "strength"}
    assert strength & {id(s) for d in high.days() for s in d.sessions if s.sport == "strength"}


class _Composer:
    def __init__(self):
        self.calls = 0

    @hookimpl
    def runlift_compose_session(self, session, week, athlete, ruleset, catalog):
        self.calls += 1
        if session.sport == "strength" and week.index % 2 == 0:
            return attrs.evolve(session, notes=f"week {week.index}")
        return None


def test_a_composing_plugin_sees_every_placed_session_of_every_plan():
    composer = _Composer()
    plugins = plugins_with(composer)
    planner = Planner(RulesetLoader(plugins).load("runna"), plugins=plugins)
    first = planner.plan(DEFAULT_ATHLETE)
    calls = composer.calls
    placed = sum(1 for d in first.plan.days() for s in d.sessions if s.type != "race")
    assert calls == placed
    again = planner.plan(DEFAULT_ATHLETE)
    assert composer.calls == 2 * calls
    assert snapshot(again) == snapshot(first)
    assert any(s.notes == "week 2" for d in again.plan.days() for s in d.sessions)
