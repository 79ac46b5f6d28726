"""The planner: plans that pass their own rules, deterministic output, overlay, infeasibility explained."""

from __future__ import annotations

import datetime as dt
import functools
import json
import re
from pathlib import Path

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from runlift import hookimpl
from runlift.catalog import load_catalog
from runlift.checker import Checker
from runlift.defaults import DEFAULT_ATHLETE
from runlift.errors import InfeasibleError, PluginError
from runlift.loader import RulesetLoader
from runlift.model import Athlete, Race, Session
from runlift.phases import PhaseWeek
from runlift.planio import dump_plan, read_plan
from runlift.planner import Planner, WeekTargets
from runlift.planner_config import resolve_week_plan, structure_planner
from runlift.testing import plugins_with
from runlift.vocabulary import NIGGLES, WEEKDAYS
from runlift.volume import run_volumes

DATA = Path(__file__).parent / "data" / "planner"
TEST_RULESETS = [str(DATA / n) for n in ("two-a-week.toml", "hard-days.toml", "five-runs.toml")]


@functools.cache
def _plugins():
    return plugins_with()


@functools.cache
def builtin_rulesets() -> tuple[str, ...]:
    return tuple(sorted(_plugins().rulesets))


@functools.cache
def ruleset(ref: str):
    return RulesetLoader(_plugins()).load(ref)


@functools.cache
def planner(ref: str) -> Planner:
    return Planner(ruleset(ref), plugins=_plugins())


def errors_of(result, rs, athlete=None):
    """Error-level findings of a fresh checker (the same one ``runlift check`` uses)."""
    checker = Checker(rs, athlete=athlete or result.plan.athlete)
    return [f for f in checker.check(result.plan) if f.severity == "error"]


ALL_RULESETS = TEST_RULESETS + list(builtin_rulesets())


# --------------------------------------------------------------------------- generate


@pytest.mark.parametrize("ref", ALL_RULESETS)
def test_the_default_athlete_gets_a_plan_that_passes_its_own_rules(ref):
    result = planner(ref).plan(DEFAULT_ATHLETE)
    rs = ruleset(ref)
    assert errors_of(result, rs) == []
    assert result.errors == ()
    plan = result.plan
    assert plan.ruleset.name == rs.name
    assert plan.inputs.mode == "generate"
    race_days = [d.date for d in plan.days() if any(s.type == "race" for s in d.sessions)]
    assert race_days == [DEFAULT_ATHLETE.race.date]
    for week in plan.weeks:
        assert [d.date.weekday() for d in week.days] == list(range(7))
        for day in week.days:
            for s in day.sessions:
                assert s.minutes > 0 and s.rpe > 0, s
                if s.sport == "run" and s.type != "race":
                    assert day.date.strftime("%a").lower() in DEFAULT_ATHLETE.run_days


@pytest.mark.parametrize("ref", [TEST_RULESETS[0], "runna"])
def test_same_inputs_give_a_byte_identical_plan(ref):
    if ref not in ALL_RULESETS:
        pytest.skip("built-in ruleset not installed")
    first = dump_plan(Planner(ruleset(ref), plugins=_plugins()).plan(DEFAULT_ATHLETE).plan, "json")
    shared = planner(ref)
    shared.plan(attrs.evolve(DEFAULT_ATHLETE, experience="advanced", rest_days=("mon",)))  # warm other caches
    again = dump_plan(shared.plan(DEFAULT_ATHLETE).plan, "json")
    assert first == again


def test_phase_targets_shape_the_weeks():
    result = planner(TEST_RULESETS[0]).plan(DEFAULT_ATHLETE)
    weeks = {w.index: w for w in result.plan.weeks}
    strength = {i: [s for d in w.days for s in d.sessions if s.sport == "strength"] for i, w in weeks.items()}
    assert [len(strength[i]) for i in range(1, 13)] == [2] * 12  # base and build: 2 a week
    assert len(strength[14]) == 1 and strength[14][0].intensity == "easy"  # race phase: 1 light session
    runs = {i: sum(s.minutes for d in w.days for s in d.sessions if s.sport == "run") for i, w in weeks.items()}
    assert runs[3] > runs[1]  # ramp
    assert runs[4] < runs[3]  # cut-back week
    assert runs[15] < runs[13]  # taper
    long_days = {d.date.strftime("%a").lower() for w in result.plan.weeks for d in w.days
                 for s in d.sessions if s.type == "long"}
    assert long_days == {"sun"}


def test_advanced_runners_get_the_by_experience_targets():
    advanced = attrs.evolve(DEFAULT_ATHLETE, experience="advanced")
    result = planner(TEST_RULESETS[0]).plan(advanced)
    base = [w for w in result.plan.weeks if w.phase == "base"]
    assert all(sum(1 for d in w.days for s in d.sessions if s.sport == "strength") == 3 for w in base)


def test_exercises_respect_equipment_niggles_and_progress():
    catalog = load_catalog()
    athlete = attrs.evolve(DEFAULT_ATHLETE, equipment="home", niggles=("knee", "achilles"))
    result = planner(TEST_RULESETS[1]).plan(athlete)
    strength = [(w, s) for w in result.plan.weeks for d in w.days for s in d.sessions if s.sport == "strength"]
    assert strength
    for _, s in strength:
        entries = [catalog.match(e.name) for e in s.exercises]
        assert all(entries), s.exercises
        for e, entry in zip(s.exercises, entries):
            assert entry.available_with("home"), entry.id
            assert "barbell" not in (e.load or "") and "machine" not in (e.load or "")
            assert not {"knee", "achilles"} & set(entry.avoid)
        prehab = {n for entry in entries for n in entry.prehab}
        assert {"knee", "achilles"} & prehab
    # the dose grows inside a phase
    lower = [(w.index, s) for w, s in strength if s.type == "lower" and w.phase == "build"]
    first, later = lower[0][1], lower[2][1]
    assert sum(e.sets * (e.reps or 0) for e in later.exercises) >= sum(e.sets * (e.reps or 0) for e in first.exercises)


def test_runs_stay_on_available_days():
    athlete = attrs.evolve(DEFAULT_ATHLETE, run_days=("tue", "thu", "sat", "sun"), rest_days=())
    result = planner(TEST_RULESETS[0]).plan(athlete)
    for day in result.plan.days():
        for s in day.sessions:
            if s.sport == "run" and s.type != "race":
                assert day.date.strftime("%a").lower() in athlete.run_days


def test_a_monday_race_is_reached_without_two_quality_days_in_a_row():
    athlete = attrs.evolve(DEFAULT_ATHLETE, race=Race(distance="10k", date=dt.date(2027, 4, 19)))
    result = planner(TEST_RULESETS[0]).plan(athlete)
    assert errors_of(result, ruleset(TEST_RULESETS[0])) == []
    sunday = next(d for d in result.plan.days() if d.date == dt.date(2027, 4, 18))
    assert not any(s.type in ("long", "tempo", "intervals") for s in sunday.sessions)


def test_running_volume_ramps_cuts_back_and_tapers():
    config = structure_planner({"run": {"ramp-percent": 10, "cutback-every": 3, "cutback-percent": 70},
                                "phases": {"race": {"volume-percent": 60, "ramp": False}}}, "t")
    weeks = [PhaseWeek(i + 1, dt.date(2027, 1, 4) + dt.timedelta(weeks=i), p, p, k, n)
             for i, (p, k, n) in enumerate([("base", k, 5) for k in range(5)] + [("race", k, 3) for k in range(3)])]
    plans = [resolve_week_plan(config, w.phase, after_race=False, experience="intermediate", distance=None)
             for w in weeks]
    vols = run_volumes(weeks, plans, config.run, 200)
    assert [v.minutes for v in vols] == [200, 220, 170, 240, 265, 230, 195, 160]
    assert [v.cutback for v in vols] == [False, False, True, False, False, False, False, False]
    capped = run_volumes(weeks, plans, config.run, 200, max_increase_percent=10)
    assert capped[3].minutes <= capped[2].minutes * 1.1


# --------------------------------------------------------------------------- infeasible


def test_infeasible_weeks_name_a_minimal_conflict():
    athlete = attrs.evolve(DEFAULT_ATHLETE, run_days=("mon", "wed", "fri", "sun"))
    with pytest.raises(InfeasibleError) as info:
        planner(TEST_RULESETS[2]).plan(athlete)
    assert set(info.value.conflict) == {"FR101", "run-days"}
    message = str(info.value)
    assert "FR101 (five-run-days) needs exactly 5 days with a run" in message
    assert "4 available run days (mon, wed, fri, sun)" in message
    assert "FR102" not in message


def test_a_conflict_of_four_rules_keeps_all_four_and_no_warning():
    with pytest.raises(InfeasibleError) as info:
        planner(str(DATA / "crowded.toml")).plan(DEFAULT_ATHLETE)
    assert sorted(info.value.conflict) == ["CW101", "CW102", "CW103", "CW104"]
    assert info.value.exit_code == 2


def _without(rs, code):
    return attrs.evolve(rs, rules=tuple(r for r in rs.rules if r.code != code))


def _week_of(exc: InfeasibleError) -> int:
    return int(re.match(r"week (\d+)", str(exc)).group(1))


def assert_minimal(rs, athlete, weeks, exc: InfeasibleError):
    """Without any one member, the same week no longer fails for (a part of) the same reasons."""
    assert exc.conflict, str(exc)
    for member in exc.conflict:
        if member == "previous-week":
            continue
        rs2, athlete2 = rs, athlete
        if member == "run-days":
            athlete2 = attrs.evolve(athlete, run_days=WEEKDAYS)
        else:
            rs2 = _without(rs, member)
        try:
            Planner(rs2, plugins=_plugins()).plan(athlete2, weeks=weeks)
        except InfeasibleError as again:
            rest = set(exc.conflict) - {member}
            assert not (_week_of(again) == _week_of(exc) and set(again.conflict) <= rest), \
                f"{member} was not needed: {again}"


# --------------------------------------------------------------------------- property


def athletes():
    days = st.lists(st.sampled_from(WEEKDAYS), unique=True, max_size=7).map(
        lambda ds: tuple(d for d in WEEKDAYS if d in ds))
    start = st.integers(0, 90).map(lambda n: dt.date(2027, 1, 4) + dt.timedelta(days=n))
    race = st.one_of(st.none(), st.builds(lambda dist, n: (dist, n), st.sampled_from(
        ["5k", "10k", "half", "marathon", "ultra"]), st.integers(0, 180)))

    def build(experience, equipment, run_days, rest_days, long_day, baseline, start, race, weeks_off, niggles):
        r = Race(distance=race[0], date=start + dt.timedelta(days=race[1])) if race else None
        return Athlete(experience=experience, equipment=equipment, run_days=run_days or ("sun",),
                       rest_days=rest_days, long_run_day=long_day, baseline_minutes=baseline, start=start, race=r,
                       weeks_off=weeks_off, niggles=niggles)

    return st.builds(build, st.sampled_from(["beginner", "intermediate", "advanced"]),
                     st.sampled_from(["home", "gym", "hybrid"]), days,
                     st.lists(st.sampled_from(WEEKDAYS), unique=True, max_size=2).map(tuple),
                     st.sampled_from([*WEEKDAYS, None]), st.sampled_from([0, 60, 150, 240, 420]), start, race,
                     st.sampled_from([0, 0, 4, 12]),
                     st.lists(st.sampled_from(NIGGLES), unique=True, max_size=2).map(tuple))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(ref=st.sampled_from(ALL_RULESETS), athlete=athletes(), weeks=st.one_of(st.none(), st.integers(1, 24)))
def test_plans_pass_their_own_rules_or_explain_a_minimal_conflict(ref, athlete, weeks):
    rs = ruleset(ref)
    try:
        result = planner(ref).plan(athlete, weeks=weeks)
    except InfeasibleError as exc:
        assert_minimal(rs, athlete, weeks, exc)
        return
    assert errors_of(result, rs, athlete) == []


# --------------------------------------------------------------------------- overlay


def _runs(plan):
    return {(d.date, s.order): s for d in plan.days() for s in d.sessions if s.sport == "run"}


@pytest.mark.parametrize("ref", [TEST_RULESETS[0], TEST_RULESETS[1], *builtin_rulesets()])
def test_overlay_keeps_every_run_byte_identical(ref):
    source = read_plan(DATA / "running-8-weeks.csv")
    athlete = attrs.evolve(DEFAULT_ATHLETE, race=Race(distance="10k", date=dt.date(2027, 4, 25)), start=None)
    result = planner(ref).plan(athlete, running_plan=source)
    given, got = _runs(source), _runs(result.plan)
    assert set(given) == set(got)
    for key, s in given.items():
        assert json.dumps(attrs.asdict(s), default=str) == json.dumps(attrs.asdict(got[key]), default=str)
        assert got[key] is s
    assert result.plan.inputs.mode == "overlay"
    assert any(s.sport == "strength" for d in result.plan.days() for s in d.sessions)
    assert errors_of(result, ruleset(ref), athlete) == []
    assert result.plan.weeks[0].days[0].date == dt.date(2027, 3, 2)  # nothing before the first run


def test_overlay_keeps_runs_that_break_rules_and_says_so():
    source = read_plan(DATA / "running-back-to-back.csv")
    result = planner(TEST_RULESETS[0]).plan(DEFAULT_ATHLETE, running_plan=source)
    assert {f.code for f in result.errors} == {"TW107"}
    assert any("TW107" in n and "kept as given" in n for n in result.notes)
    assert set(_runs(source)) == set(_runs(result.plan))


# --------------------------------------------------------------------------- hooks


class LighterWeeks:
    """A plugin: one strength session a week, and a note on every strength session."""

    @hookimpl
    def runlift_adjust_week_targets(self, targets, week, athlete, ruleset):
        assert isinstance(targets, WeekTargets) and isinstance(week, PhaseWeek)
        return attrs.evolve(targets, strength=targets.strength[:1])

    @hookimpl
    def runlift_compose_session(self, session, week, athlete, ruleset, catalog):
        if session.sport == "strength":
            return attrs.evolve(session, notes=f"week {week.index}: {len(session.exercises)} exercises")
        return None


def test_runlift_adjust_week_targets_changes_the_search_input():
    plugins = plugins_with(LighterWeeks())
    result = Planner(ruleset(TEST_RULESETS[0]), plugins=plugins).plan(DEFAULT_ATHLETE)
    for week in result.plan.weeks:
        assert sum(1 for d in week.days for s in d.sessions if s.sport == "strength") <= 1


def test_runlift_compose_session_changes_composed_sessions():
    plugins = plugins_with(LighterWeeks())
    result = Planner(ruleset(TEST_RULESETS[0]), plugins=plugins).plan(DEFAULT_ATHLETE)
    notes = [s.notes for d in result.plan.days() for s in d.sessions if s.sport == "strength"]
    assert notes and all(n and n.startswith("week ") for n in notes)
    assert all(s.notes is None for d in result.plan.days() for s in d.sessions if s.sport == "run")


def test_a_planner_hook_returning_the_wrong_type_is_named():
    class Broken:
        @hookimpl
        def runlift_compose_session(self, session, week, athlete, ruleset, catalog):
            return "not a session"

    with pytest.raises(PluginError, match="runlift_compose_session returned str"):
        Planner(ruleset(TEST_RULESETS[0]), plugins=plugins_with(Broken())).plan(DEFAULT_ATHLETE)


def test_a_planner_hook_that_raises_is_named():
    class Raising:
        @hookimpl
        def runlift_adjust_week_targets(self, targets, week, athlete, ruleset):
            raise KeyError("oops")

    with pytest.raises(PluginError, match="raised KeyError in runlift_adjust_week_targets"):
        Planner(ruleset(TEST_RULESETS[0]), plugins=plugins_with(Raising())).plan(DEFAULT_ATHLETE)


def test_session_type_is_kept_by_the_compose_pipeline():
    class Keep:
        @hookimpl
        def runlift_compose_session(self, session, week, athlete, ruleset, catalog):
            assert isinstance(session, Session)
            assert catalog.match("goblet squat") is not None

    result = Planner(ruleset(TEST_RULESETS[0]), plugins=plugins_with(Keep())).plan(DEFAULT_ATHLETE)
    assert errors_of(result, ruleset(TEST_RULESETS[0])) == []
