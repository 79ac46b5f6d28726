"""The planner's memos shared across athletes (layouts moved to a new Monday, weekly plans, targets, running
splits, tail slots) give exactly the plans a new planner makes."""

from __future__ import annotations

import datetime as dt

import attrs
import pytest

from runlift.defaults import DEFAULT_ATHLETE
from runlift.loader import RulesetLoader
from runlift.model import Athlete, Race
from runlift.phases import layout_phases
from runlift.planio import dump_plan
from runlift.planner import Planner
from runlift.plugin_manager import Plugins

RULESETS = ("runna", "five-three-two", "pillars", "return-from-break", "periodized")
MONDAY = dt.date(2027, 1, 4)


@pytest.fixture(scope="module")
def plugins():
    return Plugins.load()


def _athletes() -> list[Athlete]:
    out = []
    for k in range(8):
        start = MONDAY + dt.timedelta(weeks=3 * k)
        race = Race(distance=("5k", "10k", "half", "marathon")[k % 4], date=start + dt.timedelta(weeks=11, days=6))
        out.append(Athlete(name=f"a{k}", experience=("beginner", "intermediate", "advanced")[k % 3],
                           rest_days=((), ("fri",), ("mon", "wed"))[k % 3], long_run_day=("sun", "sat")[k % 2],
                           equipment=("hybrid", "gym", "home")[k % 3], baseline_minutes=150 + 20 * (k % 4),
                           race=race, start=start, weeks_off=(0, 0, 3)[k % 3]))
    return out


@pytest.mark.parametrize("name", RULESETS)
def test_warm_planner_plans_equal_fresh_planner_plans(plugins, name):
    ruleset = RulesetLoader(plugins).load(name)
    warm = Planner(ruleset, plugins=plugins)
    warm.plan(DEFAULT_ATHLETE)
    athletes = _athletes()
    # the same athletes a week later: the memoised layouts are moved, not made again
    later = [attrs.evolve(a, start=a.start + dt.timedelta(weeks=1),
                          race=attrs.evolve(a.race, date=a.race.date + dt.timedelta(weeks=1))) for a in athletes]
    for a in athletes + later:
        got = warm.plan(a)
        want = Planner(ruleset, plugins=plugins).plan(a)
        assert dump_plan(got.plan, "json") == dump_plan(want.plan, "json")
        assert got.layout == want.layout
        assert got.findings == want.findings


def test_moved_layout_equals_a_new_layout(plugins):
    ruleset = RulesetLoader(plugins).load("pillars")
    planner = Planner(ruleset, plugins=plugins)
    for k in range(4):
        start = MONDAY + dt.timedelta(weeks=5 * k)
        race = start + dt.timedelta(weeks=15, days=5)
        athlete = Athlete(name="r", race=Race(distance="half", date=race), start=start)
        got = planner.plan(athlete).layout
        assert got == layout_phases(ruleset.phases, start=start, race_date=race, distance="half")
