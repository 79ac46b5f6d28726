"""The planner's shortcuts for a new athlete on a warm planner (then-plans' handover layouts moved to a new
Monday, one fast-rule tuple per planner, exercises dosed once per pick, weekly measures kept on the planned
weeks, week templates without a pass of their own) give exactly the plans a new planner makes."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import attrs
import pytest
from plan_builders import ruleset_from
from runlift import shape
from runlift.defaults import DEFAULT_ATHLETE
from runlift.loader import RulesetLoader
from runlift.model import Athlete, Race
from runlift.planio import dump_plan
from runlift.planner import Planner
from runlift.plugin_manager import Plugins
from runlift.segments import handover_layouts

MONDAY = dt.date(2027, 1, 4)
RULESETS = Path(__file__).resolve().parents[1] / "rulesets"


@pytest.fixture(scope="module")
def plugins():
    return Plugins.load()


def _roster(n: int) -> list[Athlete]:
    """Athletes that differ in kit, days, volume and start (a week apart), as a batch of new athletes does."""
    out = []
    for k in range(n):
        start = MONDAY + dt.timedelta(weeks=k)
        out.append(Athlete(name=f"n{k}", experience=("beginner", "advanced")[k % 2],
                           equipment=("hybrid", "gym", "home")[k % 3], rest_days=((), ("fri",), ("mon", "thu"))[k % 3],
                           long_run_day=("sun", "sat")[k % 2], baseline_minutes=(150, 210, 300)[k % 3],
                           race=Race(distance=("10k", "half")[k % 2], date=start + dt.timedelta(weeks=15, days=6)),
                           start=start, niggles=(("knee",), ())[k % 2]))
    return out


def _same(got, want) -> None:
    assert dump_plan(got.plan, "json") == dump_plan(want.plan, "json")
    assert got.findings == want.findings
    assert got.notes == want.notes


@pytest.mark.parametrize("name", ["return-from-break", "five-three-two"])
def test_new_athletes_on_a_warm_planner_get_a_new_planners_plans(plugins, name):
    ruleset = RulesetLoader(plugins).load(name)
    warm = Planner(ruleset, plugins=plugins)
    warm.plan(DEFAULT_ATHLETE)
    for a in _roster(7):
        _same(warm.plan(a), Planner(ruleset, plugins=plugins).plan(a))


def test_handover_layouts_are_moved_to_the_new_monday(plugins):
    ruleset = RulesetLoader(plugins).load("return-from-break")
    planner = Planner(ruleset, plugins=plugins)
    nxt = planner.then_planner
    for k in range(3):
        start = MONDAY + dt.timedelta(weeks=k)
        a = attrs.evolve(DEFAULT_ATHLETE, start=start, race=Race(distance="half", date=start + dt.timedelta(weeks=20)))
        result = planner.plan(a)
        want = handover_layouts(ruleset, nxt.ruleset, start, race_date=a.race.date, distance="half")
        assert result.layout.weeks == want[0].weeks + want[1].weeks
    # one memo entry, made for the first Monday and moved for the others
    assert sum(1 for key in planner.layouts if key[0] == "handover") == 1


def test_one_fast_rule_tuple_per_planner(plugins):
    planner = Planner(RulesetLoader(plugins).load("pillars"), plugins=plugins)
    seen = []
    for a in _roster(2):
        planner.plan(a)
        seen.append([v for k, v in planner._cache.items() if k[0] == "fast"])
    assert all(type(v) is tuple for vs in seen for v in vs)
    assert seen[0][0] is seen[1][0]


def test_dose_all_shares_a_picks_dose_across_sessions(plugins):
    planner = Planner(RulesetLoader(plugins).load("five-three-two"), plugins=plugins)
    planner.plan(DEFAULT_ATHLETE)
    composer = next(v for k, v in planner._cache.items() if k[0] == "composer")
    key = next(k for k in composer._sessions if len(k[0]) >= 2)
    picks, dose, intensity, strength, bounds = key
    want = composer._sessions[key]
    # the same picks in another order: a new session of the same exercises
    again = composer.dose_all(tuple(reversed(picks)), dose, intensity, strength, bounds)
    assert set(again) == set(want)
    assert all(any(x is y for y in want) for x in again)


def _strict_ruleset(tmp_path: Path):
    """Pillars with a progression rule strict enough that the weekly measures lower some weeks."""
    text = (RULESETS / "pillars.toml").read_text(encoding="utf-8")
    text += ('\n[[rules]]\ncode = "PL901"\nname = "strength-minutes-barely-grow"\nkind = "progression"\n'
             'severity = "warn"\nrationale = "A test rule."\n'
             'options = { select = { sport = "strength" }, measure = "minutes", max-increase-percent = 0, '
             'allowance = 0, lookback = 1 }\n')
    return ruleset_from(text, tmp_path, "strict.toml")


def test_lowered_weeks_are_the_same_on_a_warm_planner(plugins, tmp_path, monkeypatch):
    ruleset = _strict_ruleset(tmp_path)
    lowered = []
    original = shape._lower

    def counting(*args, **kwargs):
        lowered.append(1)
        return original(*args, **kwargs)

    monkeypatch.setattr(shape, "_lower", counting)
    warm = Planner(ruleset, plugins=plugins)
    warm.plan(DEFAULT_ATHLETE)
    athletes = _roster(4)
    for a in athletes + athletes:  # again: the planned weeks' kept measures are read
        _same(warm.plan(a), Planner(ruleset, plugins=plugins).plan(a))
    assert lowered, "the strict rule should lower some week"


def test_composers_of_a_planner_share_exercise_objects(plugins):
    ruleset = RulesetLoader(plugins).load("five-three-two")
    planner = Planner(ruleset, plugins=plugins)
    for equipment in ("gym", "home"):
        planner.plan(attrs.evolve(DEFAULT_ATHLETE, equipment=equipment))
    gym, home = (v for k, v in planner._cache.items() if k[0] == "composer")
    assert gym._exercises is home._exercises
    # what either composer doses is what a new planner doses
    fresh = Planner(ruleset, plugins=plugins)
    _same(planner.plan(attrs.evolve(DEFAULT_ATHLETE, equipment="home")),
          fresh.plan(attrs.evolve(DEFAULT_ATHLETE, equipment="home")))
