"""``runlift plan`` through Click: formats, flags over the athlete file, overlay, atomic output, exit codes."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from runlift.cli import cli
from runlift.planio import parse_plan, read_plan

DATA = Path(__file__).parent / "data"
TWO = str(DATA / "planner" / "two-a-week.toml")
FIVE = str(DATA / "planner" / "five-runs.toml")
CROWDED = str(DATA / "planner" / "crowded.toml")
RUNNING = str(DATA / "planner" / "running-8-weeks.csv")


@pytest.fixture(autouse=True)
def _no_entry_points(monkeypatch):
    monkeypatch.setenv("RUNLIFT_DISABLE_PLUGIN_AUTOLOAD", "1")


def run(*args: str):
    return CliRunner().invoke(cli, ["plan", *args])


def test_text_view_is_a_monday_to_sunday_grid_per_week():
    result = run("-r", TWO)
    assert result.exit_code == 0, result.output
    out = result.output
    assert out.startswith("runlift plan: Test: two a week, hard days hard (two-a-week 1) for Alex (default athlete)")
    assert "Week 1 · base · from Mon 4 Jan" in out
    week1 = out.split("Week 2 ·")[0]
    for day in ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"):
        assert f"\n  {day}  " in week1
    assert "strength lower" in week1 and "long run" in week1
    assert "why:" not in out


def test_explain_adds_a_reason_per_session():
    result = run("-r", TWO, "--explain")
    assert result.exit_code == 0
    assert "why: long run (30 % of" in result.output
    assert "breaks no error-level rule" in result.output


def test_json_is_the_plan_interchange_format():
    result = run("-r", TWO, "--format", "json")
    assert result.exit_code == 0
    data = json.loads(result.output)
    assert data["schema"] == "runlift.plan/1"
    assert data["ruleset"] == {"name": "two-a-week", "version": "1"}
    assert data["inputs"]["mode"] == "generate"
    assert len(data["weeks"]) == 18
    plan = parse_plan(result.output, "out.json", "json")
    assert plan.weeks[0].phase == "base"


def test_toml_and_markdown():
    toml = run("-r", TWO, "--format", "toml", "--weeks", "4")
    assert toml.exit_code == 0
    assert len(parse_plan(toml.output, "out.toml", "toml").weeks) == 4
    md = run("-r", TWO, "--format", "md", "--weeks", "4")
    assert md.exit_code == 0
    assert md.output.startswith("# runlift plan:")
    assert "| Day | Sessions |" in md.output


def test_flags_override_the_athlete_file(tmp_path):
    athlete = tmp_path / "me.toml"
    athlete.write_text('name = "Sam"\nexperience = "beginner"\nequipment = "gym"\nrun-days = ["tue", "thu", "sat", "sun"]\n'
                       'start = 2027-03-01\nrace = { distance = "10k", date = 2027-05-02 }\nniggles = ["knee"]\n')
    result = run("-r", TWO, "--athlete", str(athlete), "--experience", "advanced", "--equipment", "home",
                 "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["athlete"]["name"] == "Sam"
    assert data["athlete"]["experience"] == "advanced"
    assert data["athlete"]["equipment"] == "home"
    assert data["weeks"][0]["start"] == "2027-03-01"
    assert "barbell" not in result.output


def test_weeks_and_a_race_without_a_start_count_back_from_the_race():
    result = run("-r", TWO, "--race-date", "2027-06-06", "--distance", "marathon", "--weeks", "12",
                 "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert len(data["weeks"]) == 12
    race_weeks = [w["index"] for w in data["weeks"] for d in w["days"] for s in d.get("sessions", [])
                  if s["type"] == "race"]
    assert race_weeks == [9]  # 12 weeks minus the 3 after-race weeks of a marathon
    assert data["weeks"][race_weeks[0] - 1]["start"] == "2027-05-31"


def test_a_bad_athlete_file_names_the_key(tmp_path):
    athlete = tmp_path / "me.toml"
    athlete.write_text('run-days = ["mon", "tues"]\nbaseline-minutes = "lots"\n')
    result = run("-r", TWO, "--athlete", str(athlete))
    assert result.exit_code == 2
    assert f"runlift: error: {athlete}: run-days[1]: expected one of mon, tue" in result.output
    assert "baseline-minutes: expected int, got 'lots'" in result.output
    assert "Traceback" not in result.output


def test_infeasible_input_exits_2_with_the_conflict(tmp_path):
    out = tmp_path / "plan.json"
    out.write_text("old")
    result = run("-r", CROWDED, "-o", str(out))
    assert result.exit_code == 2
    assert "cannot be planned: CW101 (five-run-days)" in result.output
    assert "CW104" in result.output
    assert out.read_text() == "old"  # nothing written on failure


def test_infeasible_for_the_athlete(tmp_path):
    athlete = tmp_path / "four.toml"
    athlete.write_text('run-days = ["mon", "wed", "fri", "sun"]\n')
    result = run("-r", FIVE, "--athlete", str(athlete))
    assert result.exit_code == 2
    assert "the athlete has 4 available run days" in result.output


def test_output_file_is_written_atomically(tmp_path):
    out = tmp_path / "plan.json"
    result = run("-r", TWO, "--format", "json", "-o", str(out))
    assert result.exit_code == 0
    assert read_plan(out).weeks[0].start == dt.date(2027, 1, 4)
    assert "wrote" in result.output  # the summary goes to stderr (mixed in by CliRunner)
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]


def test_overlay_keeps_the_runs(tmp_path):
    result = run("-r", TWO, "--running-plan", RUNNING, "--race-date", "2027-04-25", "--distance", "10k",
                 "--format", "json")
    assert result.exit_code == 0, result.output
    plan = parse_plan(result.output, "out.json", "json")
    given = read_plan(RUNNING)
    runs = lambda p: {(d.date, s) for d in p.days() for s in d.sessions if s.sport == "run"}
    assert runs(plan) == runs(given)
    assert plan.inputs.mode == "overlay" and plan.inputs.running_plan == RUNNING
    assert any(s.sport == "strength" for d in plan.days() for s in d.sessions)


def test_overlay_of_runs_that_break_rules_exits_1():
    result = run("-r", TWO, "--running-plan", str(DATA / "planner" / "running-back-to-back.csv"))
    assert result.exit_code == 1
    assert "the running plan's own runs break TW107" in result.output


def test_usage_errors():
    assert run("-r", "no-such-ruleset").exit_code == 2
    assert run("-r", TWO, "--start", "2027-13-01").exit_code == 2
    result = run("-r", TWO, "--race-date", "2026-01-01", "--distance", "5k", "--start", "2027-01-04")
    assert result.exit_code == 2
    assert "before the plan starts" in result.output
