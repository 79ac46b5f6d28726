"""`runlift compare`: the newcomer's first command, its JSON checked against hand computation."""

from __future__ import annotations

import datetime as dt
import json
import math
from pathlib import Path

import pytest
from click.testing import CliRunner

from runlift.cli import cli

BUILTINS = ["runna", "five-three-two", "pillars", "return-from-break", "periodized"]
QUALITY = {"tempo", "intervals", "hills", "long", "race"}

IMPOSSIBLE = """
name = "impossible"
extends = ["runna"]
prefix = "IM"

[[rules]]
code = "IM101"
name = "six-run-days"
kind = "count"
severity = "error"
options = { select = { sport = "run" }, unit = "days", min = 6 }

[[rules]]
code = "IM102"
name = "two-full-rest-days"
kind = "count"
severity = "error"
options = { select = { tags = ["training"] }, unit = "days-without", min = 2 }
"""


def heavy(session) -> bool:
    return session["sport"] == "strength" and session["intensity"] == "hard"


def hard(session) -> bool:
    """A quality run or heavy lifting (the compare table's hard day)."""
    return (session["sport"] == "run" and session["type"] in QUALITY) or heavy(session)


def invoke(*args):
    result = CliRunner().invoke(cli, ["compare", *args], env={"RUNLIFT_DISABLE_PLUGIN_AUTOLOAD": "1"})
    assert "Traceback" not in result.output
    return result


@pytest.fixture(scope="module")
def all_weeks():
    result = invoke("--all-weeks", "--format", "json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_no_arguments_shows_every_builtin_philosophy_for_the_default_athlete():
    result = invoke()
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == "runlift compare: Alex (default athlete) (intermediate, hybrid, half on 2027-04-25)"
    assert lines[2] == "Week 10"  # six weeks before race week 16
    for name in BUILTINS:
        assert name in lines[3] or name.split("-")[0] in lines[3]
    assert "Cross-check: each plan judged by each philosophy's rules (E errors, W warnings)" in lines
    assert max(len(line) for line in lines) <= 100


def test_output_is_deterministic():
    assert invoke("--format", "json").stdout == invoke("--format", "json").stdout
    assert invoke().stdout == invoke().stdout


def days_loads(week):
    """Daily session-RPE loads (RPE × minutes) of one week, Monday first, straight from the JSON sessions."""
    return [sum(s.get("rpe", 0) * s.get("minutes", 0) for s in day.get("sessions", [])) for day in week["days"]]


def test_json_metrics_match_a_hand_computation(all_weeks):
    assert [p["name"] for p in all_weeks["philosophies"]] == BUILTINS
    for p in all_weeks["philosophies"]:
        assert p["feasible"], p
        series, hard_dates = [], []
        for week in p["weeks"]:
            loads = days_loads(week)
            assert len(loads) == 7
            series += loads
            summary = week["summary"]
            assert summary["load"] == pytest.approx(sum(loads))
            mean = sum(loads) / 7
            sd = math.sqrt(sum((x - mean) ** 2 for x in loads) / 7)  # population SD, rest days as 0
            if sd == 0:
                assert summary["monotony"] is None
            else:
                assert summary["monotony"] == pytest.approx(mean / sd)
                assert summary["strain"] == pytest.approx(sum(loads) * mean / sd)
            runs = [s for d in week["days"] for s in d.get("sessions", []) if s["sport"] == "run"]
            assert summary["run-minutes"] == sum(s.get("minutes", 0) for s in runs)
            assert summary["run-days"] == sum(any(s["sport"] == "run" for s in d.get("sessions", []))
                                              for d in week["days"])
            sessions = [d.get("sessions", []) for d in week["days"]]
            assert summary["strength-sessions"] == sum(s["sport"] == "strength" for day in sessions for s in day)
            assert summary["rest-days"] == sum(all(s["sport"] == "rest" for s in day) for day in sessions)
            assert summary["heavy-days"] == sum(any(heavy(s) for s in day) for day in sessions)
            assert summary["hard-days"] == sum(any(hard(s) for s in day) for day in sessions)
            hard_dates += [d["date"] for d in week["days"] if any(hard(s) for s in d.get("sessions", []))]
        streak = best = 0
        for i, date in enumerate(hard_dates):
            consecutive = i and dt.date.fromisoformat(date) - dt.date.fromisoformat(hard_dates[i - 1]) == dt.timedelta(1)
            streak = streak + 1 if consecutive else 1
            best = max(best, streak)
        assert p["longest-hard-streak"] == best
        # EWMA ACWR with lambda = 2/(N+1), seeded with the first day's load, defined from day 28 on
        acute = chronic = series[0]
        peak = None
        for i, load in enumerate(series):
            if i:
                acute += 2 / 8 * (load - acute)
                chronic += 2 / 29 * (load - chronic)
            if i >= 27 and chronic > 0:
                peak = acute / chronic if peak is None else max(peak, acute / chronic)
        assert p["peak-acwr"] == pytest.approx(peak)


def test_cross_check_pair_verified_by_hand(all_weeks):
    """runna's RN111 (run first on quality days) against periodized's plan, which lifts earlier on speed days:
    every day where a lift (not a mobility session) comes before a quality run is one RN111 error."""
    periodized = next(p for p in all_weeks["philosophies"] if p["name"] == "periodized")
    by_hand = 0
    for week in periodized["weeks"]:
        for day in week["days"]:
            sessions = day.get("sessions", [])
            lifts = [s["order"] for s in sessions if s["sport"] == "strength" and s["type"] != "mobility"]
            quality = [s["order"] for s in sessions if s["sport"] == "run" and s["type"] in QUALITY]
            by_hand += bool(lifts and quality and min(lifts) < max(quality))
    assert by_hand > 0, "periodized should lift before some quality runs"
    cell = next(c for c in all_weeks["matrix"] if c["plan-of"] == "periodized" and c["judged-by"] == "runna")
    assert cell["top"]["code"] == "RN111"
    assert cell["top"]["count"] == by_hand
    assert cell["errors"] >= by_hand
    own = next(c for c in all_weeks["matrix"] if c["plan-of"] == "periodized" and c["judged-by"] == "periodized")
    assert own["errors"] == 0


def test_every_plan_passes_its_own_error_rules(all_weeks):
    for p in all_weeks["philosophies"]:
        own = next(c for c in all_weeks["matrix"] if c["plan-of"] == p["name"] and c["judged-by"] == p["name"])
        assert own["errors"] == 0 and p["findings"]["errors"] == 0


def test_infeasible_combination_is_shown_with_its_conflict(tmp_path):
    path = tmp_path / "impossible.toml"
    path.write_text(IMPOSSIBLE, encoding="utf-8")
    result = invoke("runna", str(path), "--format", "json")
    assert result.exit_code == 0, result.output
    entries = {p["name"]: p for p in json.loads(result.stdout)["philosophies"]}
    assert entries["runna"]["feasible"] and not entries["impossible"]["feasible"]
    assert entries["impossible"]["conflict"] == ["IM101", "IM102"]
    text = invoke("runna", str(path)).stdout
    assert "impossible: cannot plan for this athlete: week 1" in text
    assert "IM101 (six-run-days) needs at least 6 days with run a week" in text


def test_markdown_and_week_selection():
    result = invoke("runna", "pillars", "--week", "3", "--format", "md")
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("# runlift compare: Alex")
    assert "## Week 3" in result.stdout and "| day | runna | pillars |" in result.stdout


def test_bad_week_and_unknown_ruleset_are_clean_errors():
    result = invoke("--week", "99")
    assert result.exit_code == 2 and "the plans have no week 99" in result.stderr
    result = invoke("runa")
    assert result.exit_code == 2
    assert result.stderr.startswith("runlift: error: unknown ruleset 'runa'; did you mean 'runna'?")
