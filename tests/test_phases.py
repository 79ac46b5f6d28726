"""Phase layout: scaling a ruleset's template to the plan, forward from the start or back from the race."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from runlift.errors import ConfigError
from runlift.loader import RulesetLoader
from runlift.model import Athlete, Plan, Race, Week
from runlift.phases import (
    RECOVERY_PHASE,
    TRAINING_PHASE,
    LayoutError,
    allocate,
    layout,
    layout_phases,
    scale_phases,
)
from runlift.planner_config import resolve_week_plan, structure_planner
from runlift.ruleset import Phase
from runlift.testing import plugins_with

MON = dt.date(2027, 1, 4)
RACE = dt.date(2027, 4, 25)  # the Sunday of week 16
TEMPLATE = (
    Phase("base", 6),
    Phase("build", 6),
    Phase("race", 4, min_weeks=2),
    Phase("post", 2, after_race=True, weeks_by_distance={"marathon": 3, "5k": 1}),
)


def spans(lay):
    return list(lay.phase_spans())


# --------------------------------------------------------------------------- allocation


def test_allocate_is_proportional_with_largest_remainder():
    assert allocate([6, 6, 4], [1, 1, 1], 16) == [6, 6, 4]
    assert allocate([6, 6, 4], [1, 1, 1], 8) == [3, 3, 2]
    # 12 weeks: quotas 4.5, 4.5, 3 -> the tie for the last week goes to the earlier phase
    assert allocate([6, 6, 4], [1, 1, 1], 12) == [5, 4, 3]
    assert allocate([6, 6, 4], [1, 1, 1], 32) == [12, 12, 8]


def test_allocate_honours_minimums():
    # race would get 1.25 weeks but needs 2
    assert allocate([6, 6, 4], [1, 1, 2], 5) == [2, 1, 2]
    assert allocate([10, 1], [1, 3], 8) == [5, 3]


@given(st.lists(st.integers(1, 12), min_size=1, max_size=6), st.integers(1, 60), st.data())
def test_allocate_sums_to_the_total_and_keeps_minimums(lengths, total, data):
    mins = [data.draw(st.integers(1, 3)) for _ in lengths]
    if sum(mins) > total:
        return
    out = allocate(lengths, mins, total)
    assert sum(out) == total
    assert all(o >= m for o, m in zip(out, mins))


def test_scale_drops_the_earliest_phases_when_too_short():
    parts, notes = scale_phases(TEMPLATE[:3], 3)
    assert [(p.name, n) for p, n in parts] == [("build", 1), ("race", 2)]
    assert any("base" in n and "left out" in n for n in notes)
    parts, _ = scale_phases(TEMPLATE[:3], 1)
    assert [(p.name, n) for p, n in parts] == [("race", 1)]  # min-weeks cannot be honoured: all it gets


def test_scale_uses_weeks_by_distance():
    taper = Phase("taper", 1, weeks_by_distance={"marathon": 3})
    parts, _ = scale_phases((Phase("build", 9), taper), 12, "marathon")
    assert [n for _, n in parts] == [9, 3]


# --------------------------------------------------------------------------- layout


def test_forward_layout_without_a_race():
    lay = layout_phases(TEMPLATE, start=MON)
    assert spans(lay) == [("base", 6), ("build", 6), ("race", 4)]  # after-race phases need a race
    assert lay.race_date is None
    assert [w.index for w in lay.weeks] == list(range(1, 17))
    assert lay.weeks[3].start == MON + dt.timedelta(weeks=3)


def test_back_from_the_race_with_after_race_weeks_by_distance():
    lay = layout_phases(TEMPLATE, start=MON, race_date=RACE, distance="marathon")
    assert spans(lay) == [("base", 6), ("build", 6), ("race", 4), ("post", 3)]
    race_weeks = [w for w in lay.weeks if w.race_week]
    assert [w.index for w in race_weeks] == [16]
    assert all(w.after_race for w in lay.weeks[16:])
    assert spans(layout_phases(TEMPLATE, start=MON, race_date=RACE, distance="5k"))[-1] == ("post", 1)


def test_a_mid_week_start_begins_on_that_weeks_monday():
    lay = layout_phases(TEMPLATE, start=dt.date(2027, 1, 7), race_date=RACE, distance="half")
    assert lay.start == MON
    assert lay.weeks[0].start.weekday() == 0


def test_a_short_plan_to_the_race_keeps_the_race_specific_phases():
    lay = layout_phases(TEMPLATE, start=dt.date(2027, 3, 29), race_date=RACE, distance="half")
    assert spans(lay)[:3] == [("base", 1), ("build", 1), ("race", 2)]
    lay = layout_phases(TEMPLATE, start=dt.date(2027, 4, 5), race_date=RACE, distance="half")
    assert spans(lay)[:2] == [("build", 1), ("race", 2)]
    assert any("'base' left out" in n for n in lay.notes)


def test_weeks_fixes_the_length_and_scales_after_race_phases():
    lay = layout_phases(TEMPLATE, start=MON, weeks=20, race_date=RACE, distance="half")
    assert len(lay.weeks) == 20
    assert spans(lay) == [("base", 6), ("build", 6), ("race", 4), ("post", 4)]


def test_weeks_before_the_race_takes_the_first_weeks_of_the_layout():
    lay = layout_phases(TEMPLATE, start=MON, weeks=10, race_date=RACE, distance="half")
    assert spans(lay) == [("base", 6), ("build", 4)]
    assert not any(w.race_week for w in lay.weeks)
    assert any("before the race" in n for n in lay.notes)


def test_race_before_the_start_is_an_error():
    with pytest.raises(LayoutError, match="before the plan starts"):
        layout_phases(TEMPLATE, start=MON, race_date=dt.date(2026, 12, 1))


def test_rulesets_without_phases_or_after_race_phases():
    assert spans(layout_phases((), start=MON, weeks=3)) == [(TRAINING_PHASE, 3)]
    lay = layout_phases(TEMPLATE[:3], start=MON, weeks=18, race_date=RACE)
    assert spans(lay)[-1] == (RECOVERY_PHASE, 2)


def test_layout_gives_a_phase_per_week_of_an_imported_plan():
    ruleset = _ruleset("two-a-week.toml")
    weeks = tuple(Week(index=i + 1, phase="", start=MON + dt.timedelta(weeks=i)) for i in range(17))
    plan = Plan(weeks=weeks, athlete=Athlete(race=Race(distance="half", date=RACE)))
    phases = layout(ruleset, plan)
    assert len(phases) == 17
    assert phases[0] == "base" and phases[15] == "race" and phases[16] == "recover"


# --------------------------------------------------------------------------- the [planner] table


def _ruleset(name: str):
    return RulesetLoader(plugins_with()).load(str(Path(__file__).parent / "data" / "planner" / name))


def test_a_bad_planner_table_is_reported_with_its_key_path(tmp_path):
    path = tmp_path / "bad.toml"
    path.write_text("""
name = "bad"
[[phases]]
name = "build"
weeks = 4
[planner.phases.build.strength]
sessions = "two"
[planner.phases.biuld]
quality = ["tempoo"]
[planner.run]
ramp = 5
""")
    with pytest.raises(ConfigError) as info:
        RulesetLoader(plugins_with()).load(str(path))
    text = str(info.value)
    assert f"{path}: planner.phases.build.strength.sessions: expected int, got 'two'" in text
    assert "planner.run: unknown key 'ramp'" in text


def test_planner_table_semantic_problems(tmp_path):
    path = tmp_path / "bad.toml"
    path.write_text("""
name = "bad"
[[phases]]
name = "build"
weeks = 4
[planner.phases.biuld]
quality = ["tempoo"]
[planner.defaults.strength]
focus = ["legs"]
""")
    with pytest.raises(ConfigError) as info:
        RulesetLoader(plugins_with()).load(str(path))
    text = str(info.value)
    assert "planner.phases.biuld: unknown phase 'biuld'; did you mean 'build'?" in text
    assert "planner.phases.biuld.quality[0]: unknown quality run type 'tempoo'; did you mean 'tempo'?" in text
    assert "planner.defaults.strength.focus[0]: unknown strength type 'legs'" in text


def test_week_plans_are_layered():
    config = structure_planner({
        "defaults": {"run-days": 5, "strength": {"sessions": 2, "minutes": 30},
                     "by-experience": {"advanced": {"run-days": 6}}},
        "phases": {"build": {"quality": ["intervals"], "strength": {"sessions": 3},
                             "by-distance": {"marathon": {"strength": {"minutes": 25}}},
                             "by-experience": {"advanced": {"strength": {"sessions": 4}}}},
                   "post": {"strength": {"sessions": 0}}},
        "cutback": {"strength": {"sessions": 1}},
        "race-week": {"quality": []},
    }, "t")
    plan = resolve_week_plan(config, "build", after_race=False, experience="intermediate", distance="marathon")
    assert (plan.run_days, plan.quality, plan.strength.sessions, plan.strength.minutes) == (5, ("intervals",), 3, 25)
    adv = resolve_week_plan(config, "build", after_race=False, experience="advanced", distance=None)
    assert (adv.run_days, adv.strength.sessions) == (6, 4)
    cut = resolve_week_plan(config, "build", after_race=False, experience="intermediate", distance=None, cutback=True)
    assert cut.strength.sessions == 1 and cut.strength.minutes == 30
    race = resolve_week_plan(config, "build", after_race=False, experience="intermediate", distance=None,
                             race_week=True)
    assert race.quality == ()
    post = resolve_week_plan(config, "post", after_race=True, experience="intermediate", distance=None)
    assert post.volume_percent == 50 and post.long_run is False and post.strength.sessions == 0


@settings(max_examples=60, deadline=None)
@given(st.integers(1, 60), st.integers(0, 400), st.sampled_from([None, "5k", "half", "marathon"]))
def test_every_plan_week_gets_one_phase_and_the_race_week_is_marked(weeks, race_offset, distance):
    race = MON + dt.timedelta(days=race_offset)
    lay = layout_phases(TEMPLATE, start=MON, weeks=weeks, race_date=race, distance=distance)
    assert len(lay.weeks) == weeks
    assert [w.index for w in lay.weeks] == list(range(1, weeks + 1))
    race_weeks = [w.index for w in lay.weeks if w.race_week]
    race_index = race_offset // 7 + 1
    assert race_weeks == ([race_index] if race_index <= weeks else [])
    assert all(w.after_race == (w.index > race_index) for w in lay.weeks)


def test_every_planner_key_is_documented():
    import attrs
    from runlift import planner_config as pc

    doc = (Path(__file__).parent.parent / "docs" / "planner.md").read_text(encoding="utf-8")
    for cls in (pc.RunSettings, pc.RpeSettings, pc.Weights, pc.PlannerConfig, pc.PhasePlan, pc.StrengthPlan,
                pc.MobilityPlan, pc.Progression):
        for a in attrs.fields(cls):
            key = a.name.rstrip("_").replace("_", "-")
            assert f"`{key}`" in doc or f"[planner.{key}" in doc, f"{cls.__name__}.{key} is not in docs/planner.md"
            assert a.metadata.get("doc"), f"{cls.__name__}.{key} has no doc"
