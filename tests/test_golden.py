"""Golden plans: five reference athletes × the five built-in philosophies.

Every plan must pass its own ruleset with no error-level finding, and must match its reviewed snapshot in
``tests/golden/RULESET/ATHLETE.txt`` (a week grid with every session, its exercises, and the warnings). The
snapshots are read by eye when they change: regenerate them with

    RUNLIFT_UPDATE_GOLDEN=1 python -m pytest tests/test_golden.py

and review the diff before committing it.
"""

from __future__ import annotations

import collections
import os
from pathlib import Path

import pytest

from runlift.athletes import read_athlete
from runlift.findings import day_label
from runlift.loader import RulesetLoader
from runlift.planner import Planner
from runlift.testing import plugins_with

HERE = Path(__file__).parent
ATHLETES = sorted(p.stem for p in (HERE / "data" / "athletes").glob("*.toml"))
PHILOSOPHIES = ("runna", "five-three-two", "pillars", "return-from-break", "periodized")
GOLDEN = HERE / "golden"
UPDATE = os.environ.get("RUNLIFT_UPDATE_GOLDEN") == "1"


@pytest.fixture(scope="module")
def plugins():
    return plugins_with()


def render(ruleset, athlete_name: str, athlete, result) -> str:
    """A plain-text snapshot: header, one block per week, then the warnings."""
    plan = result.plan
    errors = [f for f in result.findings if f.severity == "error"]
    warns = [f for f in result.findings if f.severity == "warn"]
    counts = collections.Counter(f.code for f in warns)
    first, last = plan.weeks[0].start, plan.weeks[-1].days[-1].date
    race = f"{athlete.race.distance} on {athlete.race.date.isoformat()}" if athlete.race else "no race"
    out = [f"# {ruleset.name} {ruleset.version} x {athlete_name}: {athlete.name}",
           f"# {athlete.experience}, {athlete.equipment}, {race}, weeks off {athlete.weeks_off}, "
           f"niggles {', '.join(athlete.niggles) or 'none'}",
           f"# {len(plan.weeks)} weeks, {first.isoformat()} to {last.isoformat()}; "
           f"{len(errors)} errors, {len(warns)} warnings"
           + (" (" + ", ".join(f"{c} x{n}" for c, n in sorted(counts.items())) + ")" if counts else "")]
    for note in result.notes:
        out.append(f"# layout: {note}")
    for week in plan.weeks:
        out.append("")
        out.append(f"week {week.index} [{week.phase}]")
        for day in week.days:
            if not day.sessions:
                out.append(f"  {day_label(day.date):10}  rest")
                continue
            for k, s in enumerate(day.sessions):
                when = day_label(day.date) if k == 0 else ""
                time = f" {s.time}" if s.time != "any" else ""
                out.append(f"  {when:10}  {s.order}. {s.sport} {s.type} {s.intensity} {s.minutes} min "
                           f"rpe {s.rpe}{time}")
                for ex in s.exercises:
                    dose = (f"{ex.sets}x{ex.reps}" if ex.reps else f"{ex.sets}x{ex.hold_seconds}s"
                            if ex.hold_seconds else f"{ex.sets or 1}x")
                    out.append(f"  {'':10}       - {ex.name} {dose}" + (f" ({ex.load})" if ex.load else ""))
    if result.findings:
        out.append("")
        out.append("findings:")
        for f in result.findings:
            out.append(f"  {f.severity} {f.code} week {f.week}: {f.message}")
    return "\n".join(out) + "\n"


@pytest.mark.parametrize("athlete_name", ATHLETES)
@pytest.mark.parametrize("ruleset_name", PHILOSOPHIES)
def test_golden_plan(ruleset_name, athlete_name, plugins):
    ruleset = RulesetLoader(plugins).load(ruleset_name)
    athlete = read_athlete(HERE / "data" / "athletes" / f"{athlete_name}.toml")
    result = Planner(ruleset, plugins=plugins).plan(athlete)
    errors = [f"{f.code} week {f.week}: {f.message}" for f in result.findings if f.severity == "error"]
    assert not errors, "the plan breaks its own ruleset:\n" + "\n".join(errors)
    text = render(ruleset, athlete_name, athlete, result)
    path = GOLDEN / ruleset_name / f"{athlete_name}.txt"
    if UPDATE or not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    assert path.read_text(encoding="utf-8") == text, (
        f"{path} differs from the plan runlift makes now; if the change is intended, regenerate with "
        "RUNLIFT_UPDATE_GOLDEN=1 and review the diff")


def test_reference_athletes():
    """The five reference athletes of issue 5, with explicit Monday starts in 2027."""
    athletes = {name: read_athlete(HERE / "data" / "athletes" / f"{name}.toml") for name in ATHLETES}
    assert set(athletes) == {"beginner-5k", "intermediate-half", "advanced-marathon", "returning-6-weeks",
                             "home-knee"}
    for a in athletes.values():
        assert a.start.year == 2027 and a.start.weekday() == 0
        assert a.race is not None and a.race.date.weekday() == 6
    weeks = {n: (a.race.date - a.start).days // 7 + 1 for n, a in athletes.items()}
    assert weeks["beginner-5k"] == 8 and athletes["beginner-5k"].experience == "beginner"
    assert athletes["beginner-5k"].race.distance == "5k"
    assert weeks["intermediate-half"] == 12 and athletes["intermediate-half"].race.distance == "half"
    assert weeks["advanced-marathon"] == 16 and athletes["advanced-marathon"].experience == "advanced"
    assert athletes["returning-6-weeks"].weeks_off == 6
    assert athletes["home-knee"].equipment == "home" and athletes["home-knee"].niggles == ("knee",)
