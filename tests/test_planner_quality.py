"""Plan quality: the week shape a demanding runner expects, phase-aware doses, race-week conventions, the
return-from-break ramp by weeks off and its hand-over to the ``then`` ruleset.

Each test is a regression test for a defect found by reading the default athlete's plans by eye.
"""

from __future__ import annotations

import datetime as dt

import attrs
import pytest
from runlift.checker import Checker
from runlift.defaults import DEFAULT_ATHLETE
from runlift.loader import RulesetLoader
from runlift.model import Athlete, Race
from runlift.phases import by_weeks_off, layout_phases
from runlift.planner import Planner
from runlift.ruleset import Phase
from runlift.testing import plugins_with

PHILOSOPHIES = ("runna", "five-three-two", "pillars", "return-from-break", "periodized")
HARD_RUNS = {"tempo", "intervals", "hills", "long", "race"}


@pytest.fixture(scope="module")
def plugins():
    return plugins_with()


@pytest.fixture(scope="module")
def planners(plugins):
    loader = RulesetLoader(plugins)
    return {name: Planner(loader.load(name), plugins=plugins) for name in PHILOSOPHIES}


@pytest.fixture(scope="module")
def default_plans(planners):
    return {name: p.plan(DEFAULT_ATHLETE) for name, p in planners.items()}


def _grid(week) -> list[list]:
    """Monday..Sunday session lists of a plan week."""
    days = {d.date.weekday(): list(d.sessions) for d in week.days}
    return [days.get(i, []) for i in range(7)]


def _has_run(day) -> bool:
    return any(s.sport == "run" for s in day)


def _hard(day) -> bool:
    return any((s.sport == "run" and s.type in HARD_RUNS) or (s.sport == "strength" and s.intensity == "hard")
               for s in day)


def _lift(day) -> bool:
    return any(s.sport == "strength" and s.type != "mobility" for s in day)


# --- 1. week shape ----------------------------------------------------------------------------------


@pytest.mark.parametrize("name", PHILOSOPHIES)
def test_no_three_days_off_running_in_a_row(default_plans, name):
    """All seven days are available: runs and rest are spread, never three days without a run in a row."""
    for week in default_plans[name].plan.weeks:
        if week.days[0].date > DEFAULT_ATHLETE.race.date:
            continue
        days = _grid(week)
        for d in range(5):
            assert any(_has_run(days[d + k]) for k in range(3)), (name, week.index, d)


@pytest.mark.parametrize("name", PHILOSOPHIES)
def test_preferred_rest_day_is_the_rest_day(default_plans, name):
    """Friday (the athlete's rest day) holds no run and no lift in any week."""
    for week in default_plans[name].plan.weeks:
        friday = _grid(week)[4]
        assert not _has_run(friday) and not _lift(friday), (name, week.index)


@pytest.mark.parametrize("name", PHILOSOPHIES)
def test_hard_days_apart_and_long_run_day_kept_for_the_long_run(default_plans, name):
    """No two hard days touch (Sunday -> Monday included), and no lift shares the long run's day."""
    prev_sunday_hard = False
    for week in default_plans[name].plan.weeks:
        days = _grid(week)
        if prev_sunday_hard:
            assert not _hard(days[0]), (name, week.index, "Sunday -> Monday")
        for d in range(6):
            if name == "five-three-two" and days[d + 1] and any(s.type == "long" for s in days[d + 1]):
                continue  # the 5-3-2 article's own week puts its Friday workout before the Saturday long run
            assert not (_hard(days[d]) and _hard(days[d + 1])), (name, week.index, d)
        for day in days:
            if any(s.sport == "run" and s.type == "long" for s in day):
                assert not _lift(day), (name, week.index)
        prev_sunday_hard = _hard(days[6])


def test_runna_week_is_the_articles_sample_week(default_plans):
    """Hard run + lift later, easy, easy + lift, long run, rest days between (the article's sample week)."""
    week = default_plans["runna"].plan.weeks[9]
    days = _grid(week)
    quality = [d for d in range(7) if any(s.sport == "run" and s.type in ("tempo", "intervals") for s in days[d])]
    assert len(quality) == 1
    q = days[quality[0]]
    assert [s.sport for s in q] == ["run", "strength"] and q[1].time == "pm"  # run first, lift later
    assert any(s.type == "long" for s in days[6]) and not _lift(days[6])
    lifts = [d for d in range(7) if _lift(days[d])]
    assert len(lifts) == 2 and all(_has_run(days[d]) for d in lifts)  # both lifts on run days
    assert sum(1 for d in days if not d) >= 2


def test_five_three_two_full_body_not_after_the_long_run(default_plans):
    for week in default_plans["five-three-two"].plan.weeks:
        for day in _grid(week):
            if any(s.type == "long" for s in day):
                assert not any(s.sport == "strength" for s in day), week.index


def test_week_shape_weights_are_configurable(plugins):
    """[planner.weights] bunched-rest = 0 and back-to-back-hard = 0 are accepted and change nothing else."""
    base = RulesetLoader(plugins).load("runna")
    planner = dict(base.planner)
    planner["weights"] = {"bunched-rest": 0, "bunched-runs": 0, "back-to-back-hard": 0, "long-run-day-strength": 0}
    result = Planner(attrs.evolve(base, planner=planner), plugins=plugins).plan(DEFAULT_ATHLETE)
    assert not result.errors


# --- 2. dose limits follow the phases ---------------------------------------------------------------


def test_return_from_break_bodyweight_and_set_cap_stay_in_their_phases(default_plans):
    """RB103 (bodyweight only) and RB106 (1-2 sets) are ramp rules: the weeks after the ramp lift loaded, 3 sets."""
    plan = default_plans["return-from-break"].plan
    ramp = {"reactivate", "rebuild", "reload"}
    after = [w for w in plan.weeks if w.phase not in ramp]
    assert after
    lifts = [s for w in after for d in w.days for s in d.sessions if s.sport == "strength"]
    loads = {ex.load for s in lifts for ex in s.exercises}
    assert any("dumbbell" in (load or "") or "barbell" in (load or "") for load in loads), loads
    assert max(ex.sets for s in lifts for ex in s.exercises if ex.sets) >= 3
    early = [s for w in plan.weeks if w.phase in ("reactivate", "rebuild") for d in w.days for s in d.sessions
             if s.sport == "strength"]
    assert all(ex.sets <= 2 for s in early for ex in s.exercises if ex.sets)


def test_pillars_base_rep_range_does_not_leak_into_build(plugins, default_plans):
    """Prescription bounds with when.phases apply only in those phases (PL107's rep range in base)."""
    from runlift.planner import _Build

    rs = RulesetLoader(plugins).load("pillars")
    planner = Planner(rs, plugins=plugins)
    build = _Build(planner, DEFAULT_ATHLETE, None, None, None)
    phased = [cr for cr, _, _ in build.dose_bounds if cr.phases is not None]
    assert phased
    from runlift.search import Token

    tok = Token("strength", "lower", "hard", 30, "strength")
    for cr in phased:
        for phase in ("base", "build", "race"):
            bounds = build._bounds_for(tok, phase)
            mine = next(b for c, b, _ in build.dose_bounds if c is cr)
            if phase not in cr.phases:
                assert mine not in bounds, (cr.code, phase)


# --- 3. race-week conventions -----------------------------------------------------------------------


MARATHON = Athlete(name="M", experience="advanced", run_days=("mon", "tue", "wed", "thu", "fri", "sat", "sun"),
                   long_run_day="sun", rest_days=("mon",), equipment="gym", baseline_minutes=330,
                   race=Race(distance="marathon", date=dt.date(2027, 4, 25)), start=dt.date(2027, 1, 4))


@pytest.mark.parametrize("name", PHILOSOPHIES)
@pytest.mark.parametrize("athlete", [DEFAULT_ATHLETE, MARATHON], ids=["half", "marathon"])
def test_race_day_and_the_days_before(planners, name, athlete):
    result = planners[name].plan(athlete)
    race = athlete.race.date
    for week in result.plan.weeks:
        for day in week.days:
            gap = (race - day.date).days
            if gap == 0:
                assert [s.type for s in day.sessions] == ["race"], day  # no strength on race day
            elif gap in (1, 2):
                assert not any(s.sport == "run" and s.type in HARD_RUNS for s in day.sessions), day


@pytest.mark.parametrize("name", PHILOSOPHIES)
def test_marathon_race_week_is_not_a_handful_of_20_minute_runs(planners, name):
    result = planners[name].plan(MARATHON)
    week = next(w for w in result.plan.weeks if any(s.type == "race" for d in w.days for s in d.sessions))
    runs = [s for d in week.days for s in d.sessions if s.sport == "run" and s.type != "race"]
    assert runs
    assert sum(s.minutes for s in runs) >= 30 * len(runs), [s.minutes for s in runs]


# --- 4. return from a break: ramp by weeks off, then the follow-on ruleset ------------------------------


def test_phase_length_by_weeks_off():
    step = Phase(name="step", weeks=2, min_weeks=1, max_weeks=3, weeks_per_week_off=0.34)
    assert [by_weeks_off(step, off) for off in (1, 3, 4, 5, 6, 7, 8, 12)] == [1, 1, 1, 2, 2, 2, 3, 3]
    other = Phase(name="training", weeks=10)
    start = dt.date(2027, 1, 4)
    laid = layout_phases([step, attrs.evolve(step, name="two"), other], start=start, weeks=14, weeks_off=8)
    assert laid.phase_spans() == (("step", 3), ("two", 3), ("training", 8))
    # no weeks off: the template weeks, scaled like any phase
    laid = layout_phases([step, other], start=start, weeks=12)
    assert laid.phase_spans() == (("step", 2), ("training", 10))


def test_weeks_per_week_off_in_toml(plugins):
    rs = RulesetLoader(plugins).load("return-from-break")
    assert [p.weeks_per_week_off for p in rs.phases] == [0.34, 0.34, 0.34]
    assert [p.max_weeks for p in rs.phases] == [3, 3, 3]


@pytest.mark.parametrize("off,ramp", [(2, 3), (6, 6), (9, 9)])
def test_return_ramp_follows_weeks_off_then_hands_over_to_runna(planners, off, ramp):
    athlete = attrs.evolve(DEFAULT_ATHLETE, weeks_off=off)
    result = planners["return-from-break"].plan(athlete)
    phases = [w.phase for w in result.plan.weeks]
    assert len(phases) == 16
    assert sum(1 for p in phases if p in ("reactivate", "rebuild", "reload")) == ramp
    assert phases[ramp:] and set(phases[ramp:]) <= {"intro", "training", "race-week"}
    assert phases[-1] == "race-week"
    assert not result.errors
    assert any("under 'runna'" in n for n in result.notes)


def test_handover_weeks_are_checked_by_runna(planners, plugins):
    """The runna weeks of a return plan pass runna's own rules (a sub-plan checked by runna's checker)."""
    athlete = attrs.evolve(DEFAULT_ATHLETE, weeks_off=6)
    result = planners["return-from-break"].plan(athlete)
    plan = result.plan
    runna_weeks = [w for w in plan.weeks if w.phase in ("intro", "training", "race-week")]
    sub = attrs.evolve(plan, weeks=tuple(runna_weeks))
    errors = [f for f in planners["runna"].checker.check(sub) if f.severity == "error"]
    assert not errors
    # runna's [planner] table governs those weeks: intervals as the quality run, strength stacked on it
    assert any(s.type == "intervals" for w in runna_weeks for d in w.days for s in d.sessions)
    # the ramp weeks are judged by return-from-break (RB findings only there)
    assert all(f.code.startswith("RB") for f in result.findings if f.week is not None and f.week <= 6)


def test_the_last_ramp_week_keeps_its_rules_across_the_handover(planners, plugins):
    """Found by hypothesis: runna opened week 7 with a tempo run the day after the ramp's last Sunday
    lift, which RB109 forbids. The last ramp week is now planned as if the next Monday were hard."""
    athlete = Athlete(experience="advanced", equipment="home", run_days=("mon", "tue", "wed", "thu", "fri"),
                      rest_days=("mon",), long_run_day="wed", baseline_minutes=0, start=dt.date(2027, 1, 4),
                      weeks_off=0)
    planner = planners["return-from-break"]
    plan = planner.plan(athlete).plan
    errors = [f for f in Checker(planner.ruleset, athlete=athlete).check(plan) if f.severity == "error"]
    assert errors == []
    last_ramp = [w for w in plan.weeks if w.phase == "reload"][-1]
    monday_after = plan.weeks[last_ramp.index].days[0]
    assert any(s.type in ("tempo", "intervals") for s in monday_after.sessions)  # the case still arises
    assert not any(s.sport == "strength" for s in last_ramp.days[6].sessions)


def test_then_planning_is_deterministic(planners):
    athlete = attrs.evolve(DEFAULT_ATHLETE, weeks_off=6)
    a = planners["return-from-break"].plan(athlete).plan
    b = Planner(planners["return-from-break"].ruleset, plugins=planners["return-from-break"].plugins).plan(athlete).plan
    assert a == b


def test_short_return_plan_is_all_ramp(planners):
    """Too few weeks for the ramp and a follow-on week: the plan is the ramp alone, scaled."""
    result = planners["return-from-break"].plan(attrs.evolve(DEFAULT_ATHLETE, weeks_off=9, start=None), weeks=4)
    assert {w.phase for w in result.plan.weeks} <= {"reactivate", "rebuild", "reload"}
    assert not result.errors


# --- 5. performance: solved weeks are shared by every plan a planner makes ---------------------------


def test_planner_memo_serves_repeated_and_similar_plans(plugins):
    planner = Planner(RulesetLoader(plugins).load("runna"), plugins=plugins)
    first = planner.plan(DEFAULT_ATHLETE)
    again = planner.plan(DEFAULT_ATHLETE)
    assert first.stats["searches"] > 0 and again.stats["searches"] == 0
    assert again.plan == first.plan
    # another volume: runna counts clock hours only, so the searches are shared too
    other = planner.plan(attrs.evolve(DEFAULT_ATHLETE, baseline_minutes=190))
    assert other.stats["searches"] == 0 and not other.errors
