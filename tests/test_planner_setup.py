"""The search sees a token's minutes only as far as a rule can tell them apart (spacing rules in hours: which
gaps fall short), so weeks of athletes with different run volumes share searches and their one-off setup,
and a warm planner still gives exactly the plans a new planner makes."""

from __future__ import annotations

import datetime as dt

import attrs
import pytest
from runlift.defaults import DEFAULT_ATHLETE
from runlift.loader import RulesetLoader
from runlift.model import Athlete, Race
from runlift.planio import dump_plan
from runlift.planner import Planner
from runlift.plugin_manager import Plugins
from runlift.search import Searcher, _Run
from runlift.timing import AM_HOUR, PM_HOUR

MONDAY = dt.date(2027, 1, 4)


@pytest.fixture(scope="module")
def plugins():
    return Plugins.load()


def _athlete(k: int, minutes: int, **changes) -> Athlete:
    start = MONDAY + dt.timedelta(weeks=k)
    a = Athlete(name=f"s{k}", experience="intermediate", equipment="gym", rest_days=("fri",), long_run_day="sun",
                baseline_minutes=minutes, race=Race(distance="half", date=start + dt.timedelta(weeks=15, days=6)),
                start=start)
    return attrs.evolve(a, **changes)


def _same(got, want) -> None:
    assert dump_plan(got.plan, "json") == dump_plan(want.plan, "json")
    assert got.findings == want.findings
    assert got.notes == want.notes


def _searcher(planner: Planner) -> Searcher:
    return planner._cache[("searcher",)]


@pytest.mark.parametrize("name", ["pillars", "runna", "periodized"])
def test_athletes_in_other_minute_groups_get_a_new_planners_plans(plugins, name):
    ruleset = RulesetLoader(plugins).load(name)
    warm = Planner(ruleset, plugins=plugins)
    warm.plan(DEFAULT_ATHLETE)
    athletes = [_athlete(k, minutes, long_run_day=("sun", "sat")[k % 2], rest_days=((), ("fri",))[k // 2 % 2])
                for k, minutes in enumerate((150, 240, 330, 420, 180, 270, 360, 90))]
    for a in athletes + athletes[::-1]:
        _same(warm.plan(a), Planner(ruleset, plugins=plugins).plan(a))


def test_a_new_minute_group_reuses_the_setup_of_another(plugins, monkeypatch):
    ruleset = RulesetLoader(plugins).load("pillars")
    warm = Planner(ruleset, plugins=plugins)
    warm.plan(_athlete(0, 150))
    kits = set(map(id, _searcher(warm)._kits.values()))
    used = []
    prepare = _Run._prepare
    monkeypatch.setattr(_Run, "_prepare", lambda run, kit: used.append(id(kit)) or prepare(run, kit))
    # another volume (another peak the search sees) and another long-run day: new searches, old setups
    b = _athlete(0, 330, long_run_day="sat")
    _same(warm.plan(b), Planner(ruleset, plugins=plugins).plan(b))
    assert used and set(used) & kits


def _a_week(plugins, name: str):
    """A week problem of ``name``'s first plan for the default athlete, and its planner's searcher."""
    planner = Planner(RulesetLoader(plugins).load(name), plugins=plugins)
    seen = []
    solve = Searcher.solve

    def spy(self, p, counts, *args, **kwargs):
        seen.append(p)
        return solve(self, p, counts, *args, **kwargs)

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(Searcher, "solve", spy)
        planner.plan(DEFAULT_ATHLETE)
    return next(p for p in seen if any(t.role == "long" for t in p.tokens)), _searcher(planner)


def _with_long_run(p, minutes: int):
    return attrs.evolve(p, tokens=tuple(attrs.evolve(t, minutes=minutes) if t.role == "long" else t
                                        for t in p.tokens))


def test_run_minutes_are_seen_as_the_gaps_they_leave(plugins):
    # pillars keeps heavy leg work 48 h from a long run: a run's minutes matter only where its end moves a
    # gap to a later session across 48 h (an am run two days before a pm session: 11 h to spare)
    p, searcher = _a_week(plugins, "pillars")
    spare = int((PM_HOUR - AM_HOUR) * 60)
    assert searcher.view(_with_long_run(p, 90)) == searcher.view(_with_long_run(p, 150))
    assert searcher.view(_with_long_run(p, spare - 10)) != searcher.view(_with_long_run(p, spare + 10))


def test_minutes_a_duration_rule_reads_stay_exact(plugins):
    p, searcher = _a_week(plugins, "pillars")
    strength = next(i for i, t in enumerate(p.tokens) if t.sport == "strength")

    def with_strength(minutes):
        toks = list(p.tokens)
        toks[strength] = attrs.evolve(toks[strength], minutes=minutes)
        return attrs.evolve(p, tokens=tuple(toks))

    assert searcher.view(with_strength(30)) != searcher.view(with_strength(31))
