"""Tests for runlift.planio and runlift.importers: the runlift.plan/1 format, CSV and iCalendar imports.

docs/plan-format.md embeds blocks generated here (the example plan, the ICS keyword tables); after a
deliberate format change, rewrite them with ``RUNLIFT_REGEN_DOCS=1 python -m pytest tests/test_planio.py -k doc``.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import stat
import subprocess
import sys
import tomllib
from pathlib import Path

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from runlift import importers, planio
from runlift.converter import kebab
from runlift.errors import ConfigError
from runlift.importers import csv_plan, ics_plan
from runlift.model import (
    Athlete,
    Day,
    Exercise,
    Plan,
    PlanInputs,
    Race,
    RulesetRef,
    Session,
    Week,
)
from runlift.planio import (
    check_vocabulary,
    dump_plan,
    import_plan,
    parse_plan,
    read_plan,
    write_atomic,
)
from runlift.vocabulary import (
    DEFAULT_TYPES,
    EQUIPMENT_ACCESS,
    EXPERIENCE_LEVELS,
    INTENSITIES,
    NIGGLES,
    RACE_DISTANCES,
    SPORTS,
    TIMES_OF_DAY,
    WEEKDAYS,
)
from tree_paths import tree_paths

ROOT = Path(__file__).parent.parent
DATA = Path(__file__).parent / "data" / "plans"
DOC = ROOT / "docs" / "plan-format.md"
MON = dt.date(2027, 1, 4)  # a Monday


def errors(fn, *args, **kwargs) -> list[str]:
    """The messages of the ConfigError that fn raises (any other exception fails the test)."""
    with pytest.raises(ConfigError) as info:
        fn(*args, **kwargs)
    return list(info.value.messages())


def plan_json(**fields) -> str:
    return json.dumps({"schema": "runlift.plan/1", **fields})


def week(index=1, start="2027-01-04", **fields) -> dict:
    return {"index": index, "phase": "base", "start": start, **fields}


# ================================================================================== example plan


def example_plan() -> Plan:
    """The plan shown in docs/plan-format.md: one full week with every kind of field."""
    d = lambda i: MON + dt.timedelta(days=i)
    return Plan(
        ruleset=RulesetRef(name="runna", version="1"),
        athlete=Athlete(name="Sam", experience="intermediate", run_days=("tue", "thu", "sat", "sun"),
                        long_run_day="sun", rest_days=("mon",), equipment="gym", baseline_minutes=200,
                        race=Race(distance="half", date=dt.date(2027, 4, 25)), start=MON, niggles=("itb",),
                        body_mass_kg=68.5),
        inputs=PlanInputs(mode="generate", weeks=16, generator="runlift 0.1.0"),
        weeks=(Week(index=1, phase="base", start=MON, days=(
            Day(date=d(0)),
            Day(date=d(1), sessions=(
                Session(sport="run", type="easy", intensity="easy", minutes=40, rpe=3, order=1, time="am"),
                Session(sport="strength", type="lower", intensity="hard", minutes=45, rpe=7, order=2, time="pm",
                        exercises=(Exercise(name="back squat", sets=4, reps=6, load="80% 1RM"),
                                   Exercise(name="wall sit", sets=3, hold_seconds=45))),
            )),
            Day(date=d(2), sessions=(Session(sport="mobility", type="yoga", intensity="easy", minutes=20, rpe=2),)),
            Day(date=d(3), sessions=(Session(sport="run", type="tempo", intensity="hard", minutes=50, rpe=7,
                                             notes="3 x 10 min at threshold"),)),
            Day(date=d(4), sessions=(Session(sport="cross", type="bike", intensity="easy", minutes=30, rpe=3),)),
            Day(date=d(5), sessions=(Session(sport="run", type="easy", intensity="easy", minutes=35, rpe=3),
                                     Session(sport="run", type="strides", intensity="easy", minutes=10, rpe=4,
                                             order=2))),
            Day(date=d(6), sessions=(Session(sport="run", type="long", intensity="moderate", minutes=90, rpe=5),)),
        )),),
    )


# ================================================================================== writing


def test_dump_json_keys_in_model_order_dates_iso_and_final_newline():
    text = dump_plan(example_plan(), "json")
    data = json.loads(text)
    assert list(data) == ["schema", "ruleset", "athlete", "inputs", "weeks"]
    session = data["weeks"][0]["days"][1]["sessions"][1]
    assert list(session) == ["sport", "type", "intensity", "minutes", "rpe", "order", "time", "exercises"]
    assert session["exercises"][1] == {"name": "wall sit", "sets": 3, "hold-seconds": 45}
    assert data["weeks"][0]["start"] == "2027-01-04" and data["athlete"]["race"]["date"] == "2027-04-25"
    assert data["weeks"][0]["days"][0] == {"date": "2027-01-04"}  # empty sessions left out
    assert "notes" not in session and text.endswith("}\n") and not text.endswith("\n\n")


def test_dump_toml_uses_native_dates():
    text = dump_plan(example_plan(), "toml")
    assert "start = 2027-01-04\n" in text and 'date = 2027-04-25' in text
    assert tomllib.loads(text)["weeks"][0]["start"] == MON


def test_dump_is_byte_identical_for_equal_plans():
    a, b = example_plan(), example_plan()
    assert a is not b and a == b
    for fmt in ("json", "toml"):
        assert dump_plan(a, fmt) == dump_plan(b, fmt)


def test_dump_unknown_format():
    with pytest.raises(ValueError, match="yaml"):
        dump_plan(example_plan(), "yaml")


def test_values_that_differ_from_a_non_empty_default_survive_the_round_trip():
    """``long-run-day`` None (default "sun") is written "none"; ``run-days`` () (default all) is []."""
    plan = Plan(athlete=Athlete(long_run_day=None, run_days=()), weeks=())
    for fmt in ("json", "toml"):
        text = dump_plan(plan, fmt)
        assert parse_plan(text, f"p.{fmt}", fmt) == plan
    data = json.loads(dump_plan(plan))
    assert data["athlete"]["long-run-day"] == "none" and data["athlete"]["run-days"] == []
    assert data["weeks"] == []  # always present, even empty
    assert parse_plan(plan_json(weeks=[], athlete={"long-run-day": None}), "p.json").athlete.long_run_day is None


# ================================================================================== property tests

_text = st.text(st.characters(blacklist_categories=("Cs",)), max_size=12)
_opt_text = st.none() | _text
_dates = st.dates(dt.date(2000, 1, 1), dt.date(2060, 12, 31))

_exercises = st.builds(
    Exercise, name=_text.filter(bool),
    sets=st.none() | st.integers(1, 20), reps=st.none() | st.integers(1, 100),
    hold_seconds=st.none() | st.integers(1, 600), load=_opt_text)


@st.composite
def _sessions(draw, order: int) -> Session:
    sport = draw(st.sampled_from(SPORTS))
    return Session(sport=sport, type=draw(st.sampled_from(DEFAULT_TYPES[sport])),
                   intensity=draw(st.sampled_from(INTENSITIES)), minutes=draw(st.integers(0, 1440)),
                   rpe=draw(st.integers(0, 10)), order=order, time=draw(st.sampled_from(TIMES_OF_DAY)),
                   exercises=tuple(draw(st.lists(_exercises, max_size=2))), notes=draw(_opt_text))


@st.composite
def _days(draw, date: dt.date) -> Day:
    orders = sorted(draw(st.sets(st.integers(1, 9), max_size=3)))
    return Day(date=date, sessions=tuple(draw(_sessions(o)) for o in orders))


@st.composite
def _weeks(draw, index: int, start: dt.date) -> Week:
    offsets = sorted(draw(st.sets(st.integers(0, 6), max_size=7)))
    return Week(index=index, phase=draw(_text), start=start,
                days=tuple(draw(_days(start + dt.timedelta(days=o))) for o in offsets))


def _subset(choices):
    return st.lists(st.sampled_from(choices), unique=True).map(tuple)


_athletes = st.builds(
    Athlete, name=_text, experience=st.sampled_from(EXPERIENCE_LEVELS), run_days=_subset(WEEKDAYS),
    long_run_day=st.none() | st.sampled_from(WEEKDAYS), rest_days=_subset(WEEKDAYS),
    equipment=st.sampled_from(EQUIPMENT_ACCESS), baseline_minutes=st.integers(0, 3000),
    race=st.none() | st.builds(Race, distance=st.sampled_from(RACE_DISTANCES), date=_dates),
    start=st.none() | _dates, weeks_off=st.integers(0, 520), break_reason=_opt_text, niggles=_subset(NIGGLES),
    body_mass_kg=st.none() | st.floats(0, 400, exclude_min=True, allow_nan=False))


@st.composite
def plans(draw) -> Plan:
    first_index = draw(st.integers(1, 3))
    start = draw(_dates.map(lambda d: d - dt.timedelta(days=d.weekday())))
    count = draw(st.integers(0, 3))
    weeks = tuple(draw(_weeks(first_index + i, start + dt.timedelta(days=7 * i))) for i in range(count))
    return Plan(
        ruleset=draw(st.none() | st.builds(RulesetRef, name=_text, version=_text)),
        athlete=draw(st.none() | _athletes),
        inputs=draw(st.builds(PlanInputs, mode=st.sampled_from(("generate", "overlay", "imported")),
                              weeks=st.none() | st.integers(1, 520), running_plan=_opt_text,
                              generator=_opt_text)),
        weeks=weeks)


_property = settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@_property
@given(plans())
def test_property_json_round_trip(plan):
    text = dump_plan(plan, "json")
    again = parse_plan(text, "p.json", "json")
    assert again == plan
    assert dump_plan(again, "json") == text


@_property
@given(plans())
def test_property_toml_round_trip(plan):
    text = dump_plan(plan, "toml")
    again = parse_plan(text, "p.toml", "toml")
    assert again == plan
    assert dump_plan(again, "toml") == text


@_property
@given(plans())
def test_property_json_and_toml_describe_the_same_plan(plan):
    assert parse_plan(dump_plan(plan, "toml"), "p.toml", "toml") == parse_plan(dump_plan(plan), "p.json")


_json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-10**20, 10**20) | st.floats(allow_nan=False) | _text
    | _dates.map(dt.date.isoformat),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(_text, inner, max_size=3), max_leaves=8)


_EXAMPLE_DATA = json.loads(dump_plan(example_plan()))
_EXAMPLE_PATHS = [p for p in tree_paths(_EXAMPLE_DATA) if p and p != ("schema",)]


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(_EXAMPLE_PATHS), _json_values)
def test_property_any_bad_value_is_a_clean_config_error(path, value):
    """Replace any value in a valid plan by anything JSON can hold: a Plan or a ConfigError, nothing else."""
    data = json.loads(json.dumps(_EXAMPLE_DATA))
    target = data
    for part in path[:-1]:
        target = target[part]
    target[path[-1]] = value
    try:
        parse_plan(json.dumps(data), "p.json", "json")
    except ConfigError as exc:
        assert all(line.startswith("p.json: ") for line in exc.messages())


# ================================================================================== fixtures


def test_good_json_and_toml_fixtures_are_the_same_plan():
    plan = read_plan(DATA / "good.json")
    assert plan == read_plan(DATA / "good.toml")
    assert plan.athlete.race == Race(distance="10k", date=dt.date(2027, 3, 14))
    strength = plan.weeks[0].days[0].sessions[1]
    assert strength.exercises[1] == Exercise(name="wall sit", sets=3, hold_seconds=45)
    assert [w.start for w in plan.weeks] == [MON, MON + dt.timedelta(days=7)]


BAD_FILES = {
    "bad_syntax.json": ["bad_syntax.json: JSON syntax error at line 4, column 34: Expecting ',' delimiter"],
    "bad_syntax.toml": ["bad_syntax.toml: TOML syntax error: Unclosed inline table (at line 3, column 50)"],
    "bad_schema.json": ["bad_schema.json: schema: expected \"runlift.plan/1\", got 'runlift.plan/2' "
                        "(this runlift reads runlift.plan/1 plan files)"],
    "bad_values.json": [
        "bad_values.json: weeks[0].days[0].sessions[0].rpe: expected at most 10, got 12",
        "bad_values.json: weeks[0].days[1].sessions[0].minutes: expected int, got 'forty'",
        "bad_values.json: weeks[1].days: day 2027-01-19 is outside the week starting 2027-01-11",
        "bad_values.json: weeks[2].start: a week starts on a Monday, 2027-01-19 is a tue",
    ],
    "bad_vocabulary.json": [
        "bad_vocabulary.json: weeks[0].days[2].sessions[1].type: unknown run type 'tmepo'; did you mean 'tempo'?",
        "bad_vocabulary.json: weeks[0].days[2].sessions[2].type: unknown strength type 'zumba' (known: lower, "
        "upper, full, core, isometric, plyometric, mobility, prehab, circuit)",
    ],
    "bad_vocabulary.toml": [
        "bad_vocabulary.toml: weeks[0].days[0].sessions[0].type: unknown mobility type 'yogga'; did you mean 'yoga'?",
    ],
    "bad_header.csv": [
        "bad_header.csv: line 1: unknown column 'tpye'; did you mean 'type'? "
        "(columns: date, sport, type, intensity, minutes, order, rpe, time, notes)",
        "bad_header.csv: line 1: unknown column 'distance' "
        "(columns: date, sport, type, intensity, minutes, order, rpe, time, notes)",
        "bad_header.csv: line 1: missing columns type, minutes (required: date,sport,type,intensity,minutes)",
    ],
    "bad_rows.csv": [
        "bad_rows.csv: line 2, column type: unknown run type 'tmepo'; did you mean 'tempo'?",
        "bad_rows.csv: line 2, column minutes: expected a whole number of minutes, got 'forty'",
        "bad_rows.csv: line 3, column date: expected an ISO 8601 date like 2024-01-01, got '2027-02-30'",
        "bad_rows.csv: line 3, column sport: unknown sport 'rnu'; did you mean 'run'?",
        "bad_rows.csv: line 4, column intensity: unknown intensity 'hrad'; did you mean 'hard'?",
        "bad_rows.csv: line 4, column minutes: expected at most 1440 minutes (24 hours), got '5000'",
        "bad_rows.csv: line 4, column rpe: expected a whole number from 0 to 10, got '12'",
        "bad_rows.csv: line 5: 4 values, but the header has 7 columns",
        "bad_rows.csv: line 7, column order: order 1 is also used on line 6 for 2027-01-06",
        "bad_rows.csv: line 8, column order: missing value; other sessions on 2027-01-06 give an order, "
        "so every session that day needs one",
        "bad_rows.csv: line 9, column type: missing value",
    ],
    "empty.csv": ["empty.csv: the file is empty; expected a header row like date,sport,type,intensity,minutes"],
    "header_only.csv": ["header_only.csv: no sessions: the file has a header row but no rows"],
    "binary.csv": ["binary.csv: not UTF-8 text: byte 0xb5 at line 1 (offset 14) cannot be decoded; "
                   "save the file as UTF-8"],
    "garbage.ics": ["garbage.ics: not a valid iCalendar file: Content line could not be parsed into parts: "
                    "'this is not a calendar': Invalid content line"],
    "unmapped.ics": [
        "unmapped.ics: event 'Dentist' on 2027-01-06: no keyword maps it to a session "
        "(see the keyword table in docs/plan-format.md)",
        "unmapped.ics: event 'Team dinner' on 2027-01-07: no keyword maps it to a session "
        "(see the keyword table in docs/plan-format.md)",
    ],
    "plan.xlsx": ["plan.xlsx: cannot read a plan from a file with extension '.xlsx' "
                  "(supported: .csv, .ics, .json, .toml)"],
}


@pytest.mark.parametrize("name", sorted(BAD_FILES))
def test_bad_fixture_gives_every_problem_in_one_clean_error(name, monkeypatch):
    monkeypatch.chdir(DATA)
    assert errors(read_plan, name) == BAD_FILES[name]


# ================================================================================== JSON / TOML reading


def test_json_syntax_error_has_line_and_column():
    assert errors(parse_plan, '{\n  "schema": "runlift.plan/1",\n  "weeks": [,]\n}', "p.json") == [
        "p.json: JSON syntax error at line 3, column 13: Expecting value"]


@pytest.mark.parametrize("text, message", [
    ("[]", "p.json: expected a JSON object at the top level, got []"),
    ('"plan"', "p.json: expected a JSON object at the top level, got 'plan'"),
    ('{"weeks": []}', 'p.json: schema: required key missing; a plan file says which format it is in, '
                      '"runlift.plan/1"'),
    ('{"schema": 1, "weeks": []}', 'p.json: schema: expected "runlift.plan/1", got 1 '
                                   '(this runlift reads runlift.plan/1 plan files)'),
    ('{"schema": "runlift.plan/1", "weeks": [], "weeks": []}', "p.json: JSON: duplicate key 'weeks'"),
    ('{"schema": "runlift.plan/1", "weeks": NaN}', "p.json: JSON: NaN is not a number runlift accepts"),
    ("[" * 100_000, "p.json: JSON nested too deeply"),
    ("", "p.json: JSON syntax error at line 1, column 1: Expecting value"),
    ('{"schema": "runlift.plan/1", "weeks": ' + "1" * 5000 + "}", "p.json: JSON: a number has too many digits"),
])
def test_json_document_problems(text, message):
    assert errors(parse_plan, text, "p.json") == [message]


def test_wrong_shapes_are_named_by_path_not_python_errors():
    text = plan_json(athlete="Sam", weeks=[
        1, week(start="2027-01-11", index=2, days=[{"date": "2027-01-11", "sessions": [[1], {
            "sport": "run", "type": "easy", "exercises": [{"name": ""}]}]}])])
    assert errors(parse_plan, text, "p.json") == [
        "p.json: athlete: expected a JSON object, got 'Sam'",
        "p.json: weeks[0]: expected a JSON object, got 1",
        "p.json: weeks[1].days[0].sessions[0]: expected a JSON object, got [1]",
        "p.json: weeks[1].days[0].sessions[1].exercises[0].name: must not be empty",
    ]


def test_toml_document_problems():
    assert errors(parse_plan, "weeks = " + "1" * 5000, "p.toml", "toml") == [
        "p.toml: TOML: a number has too many digits"]
    assert errors(parse_plan, "weeks = []\n", "p.toml", "toml") == [
        'p.toml: schema: required key missing; a plan file says which format it is in, "runlift.plan/1"']


def test_toml_shapes_say_table():
    assert errors(parse_plan, 'schema = "runlift.plan/1"\nweeks = [1]\n', "p.toml", "toml") == [
        "p.toml: weeks[0]: expected a TOML table, got 1"]


@pytest.mark.parametrize("session, message", [
    ({"rpe": 12}, "weeks[0].days[0].sessions[0].rpe: expected at most 10, got 12"),
    ({"minutes": 5000}, "weeks[0].days[0].sessions[0].minutes: expected at most 1440, got 5000"),
    ({"minutes": -1}, "weeks[0].days[0].sessions[0].minutes: expected at least 0, got -1"),
    ({"order": 0}, "weeks[0].days[0].sessions[0].order: expected at least 1, got 0"),
    ({"minutes": 10**40}, "weeks[0].days[0].sessions[0].minutes: expected at most 1440, got "
                          "10000000000000000000000000000000000000000"),
    ({"minutes": 30.5}, "weeks[0].days[0].sessions[0].minutes: expected int, got 30.5"),
    ({"minutes": True}, "weeks[0].days[0].sessions[0].minutes: expected int, got True"),
    ({"sport": "runn"}, "weeks[0].days[0].sessions[0].sport: expected one of run, strength, mobility, cross, "
                        "rest, got 'runn'; did you mean 'run'?"),
    ({"colour": "red"}, "weeks[0].days[0].sessions[0]: unknown key 'colour' (known keys: sport, type, "
                        "intensity, minutes, rpe, order, time, exercises, notes)"),
])
def test_attrs_validators_become_clean_messages_with_path(session, message):
    text = plan_json(weeks=[week(days=[{"date": "2027-01-04", "sessions": [
        {"sport": "run", "type": "easy", **session}]}])])
    assert errors(parse_plan, text, "p.json") == [f"p.json: {message}"]


@pytest.mark.parametrize("weeks, message", [
    ([week(days=[{"date": "2027-01-12"}])], "weeks[0].days: day 2027-01-12 is outside the week starting 2027-01-04"),
    ([week(days=[{"date": "2027-01-05"}, {"date": "2027-01-04"}])],
     "weeks[0].days: days must be in date order, each date once"),
    ([week(start="2027-01-06")], "weeks[0].start: a week starts on a Monday, 2027-01-06 is a wed"),
    ([week(), week(index=3, start="2027-01-11")],
     "weeks: must be consecutive: week 1 is followed by week 3 starting 2027-01-11"),
    ([week(days=[{"date": "2027-01-04", "sessions": [{"sport": "run", "type": "easy"},
                                                      {"sport": "run", "type": "strides"}]}])],
     "weeks[0].days[0].sessions: session orders must be distinct and ascending within a day, got [1, 1]"),
    ([week(index=0)], "weeks[0].index: expected at least 1, got 0"),
])
def test_structural_rules_of_the_model_are_reported_at_their_key(weeks, message):
    assert errors(parse_plan, plan_json(weeks=weeks), "p.json") == [f"p.json: {message}"]


def test_athlete_problems():
    text = plan_json(weeks=[], athlete={"run-days": ["mon", "mon"], "body-mass-kg": 0, "long-run-day": "nope"})
    assert errors(parse_plan, text, "p.json") == [
        "p.json: athlete.long-run-day: expected one of mon, tue, wed, thu, fri, sat, sun, got 'nope'"]
    assert errors(parse_plan, plan_json(weeks=[], athlete={"run-days": ["mon", "mon"]}), "p.json") == [
        "p.json: athlete.run-days: lists a value twice: ['mon', 'mon']"]
    assert errors(parse_plan, plan_json(weeks=[], athlete={"body-mass-kg": 0}), "p.json") == [
        "p.json: athlete.body-mass-kg: expected more than 0, got 0.0"]


# ================================================================================== vocabulary


def _plan_with_types(*typed):
    days = tuple(Day(date=MON + dt.timedelta(days=i), sessions=tuple(
        Session(sport=sport, type=type_, order=k + 1) for k, (sport, type_) in enumerate(sessions)))
        for i, sessions in enumerate(typed))
    return Plan(weeks=(Week(index=1, phase="", start=MON, days=days),))


def test_check_vocabulary_reports_every_unknown_type_at_once():
    plan = _plan_with_types([("run", "easy")], [], [("strength", "lower"), ("run", "tmepo")],
                            [("cross", "rowing"), ("mobility", "yoga")])
    assert errors(check_vocabulary, plan, DEFAULT_TYPES, "plan.json") == [
        "plan.json: weeks[0].days[2].sessions[1].type: unknown run type 'tmepo'; did you mean 'tempo'?",
        "plan.json: weeks[0].days[3].sessions[0].type: unknown cross type 'rowing' "
        "(known: bike, swim, walk, elliptical, other)",
    ]


def test_check_vocabulary_accepts_types_a_plugin_adds():
    plan = _plan_with_types([("cross", "rowing")])
    check_vocabulary(plan, {**DEFAULT_TYPES, "cross": (*DEFAULT_TYPES["cross"], "rowing")}, "p.json")
    text = dump_plan(plan)
    assert errors(parse_plan, text, "p.json")  # the core vocabulary alone does not know it
    types = {**DEFAULT_TYPES, "cross": (*DEFAULT_TYPES["cross"], "rowing")}
    assert parse_plan(text, "p.json", "json", types) == plan


def test_check_vocabulary_uses_the_plugin_vocabulary():
    from runlift.plugin_manager import Plugins

    types = Plugins.load(load_entrypoints=False).vocabulary.types
    check_vocabulary(example_plan(), types, "p.json")


def test_check_vocabulary_caps_the_list():
    plan = _plan_with_types(*[[("run", f"zz{i}")] for i in range(7)] * 1)
    many = Plan(weeks=tuple(Week(index=w + 1, phase="", start=MON + dt.timedelta(days=7 * w), days=tuple(
        Day(date=MON + dt.timedelta(days=7 * w + i), sessions=(Session(sport="run", type="zz"),))
        for i in range(7))) for w in range(10)))
    assert len(errors(check_vocabulary, plan, DEFAULT_TYPES, "p")) == 7
    lines = errors(check_vocabulary, many, DEFAULT_TYPES, "p")
    assert len(lines) == importers.MAX_PROBLEMS + 1 and lines[-1] == "p: ... and 20 more problems"


# ================================================================================== files


def test_read_plan_dispatches_on_extension_case_insensitively(tmp_path):
    text = dump_plan(example_plan())
    (tmp_path / "PLAN.JSON").write_text(text, encoding="utf-8")
    (tmp_path / "plan.toml").write_text(dump_plan(example_plan(), "toml"), encoding="utf-8")
    assert read_plan(tmp_path / "PLAN.JSON") == read_plan(tmp_path / "plan.toml") == example_plan()


def test_read_plan_file_problems(tmp_path):
    assert errors(read_plan, tmp_path / "missing.json") == [f"{tmp_path / 'missing.json'}: no such plan file"]
    (tmp_path / "dir.json").mkdir()
    assert errors(read_plan, tmp_path / "dir.json") == [f"{tmp_path / 'dir.json'}: is a directory, not a plan file"]
    assert errors(read_plan, tmp_path / "plan") == [
        f"{tmp_path / 'plan'}: cannot read a plan from a file with no extension (supported: .csv, .ics, .json, .toml)"]
    (tmp_path / "nul.json").write_bytes(b'{"schema": "runlift.plan/1",\x00 "weeks": []}')
    assert errors(read_plan, tmp_path / "nul.json") == [f"{tmp_path / 'nul.json'}: contains NUL bytes; expected a text file"]
    (tmp_path / "latin1.json").write_bytes('{"notes": "café"}'.encode("latin-1"))
    assert errors(read_plan, tmp_path / "latin1.json") == [
        f"{tmp_path / 'latin1.json'}: not UTF-8 text: byte 0xe9 at line 1 (offset 14) cannot be decoded; "
        "save the file as UTF-8"]


def test_read_plan_accepts_a_byte_order_mark(tmp_path):
    path = tmp_path / "bom.json"
    path.write_bytes(b"\xef\xbb\xbf" + dump_plan(example_plan()).encode())
    assert read_plan(path) == example_plan()


def test_write_atomic_writes_and_replaces(tmp_path):
    path = tmp_path / "plan.json"
    write_atomic(path, "one\n")
    write_atomic(path, "two ✓\r\n")
    assert path.read_bytes() == "two ✓\r\n".encode()
    assert os.listdir(tmp_path) == ["plan.json"]


def test_write_atomic_keeps_permissions_of_the_old_file(tmp_path):
    path = tmp_path / "plan.json"
    path.write_text("old")
    path.chmod(0o640)
    write_atomic(path, "new")
    assert stat.S_IMODE(path.stat().st_mode) == 0o640


def test_write_atomic_failure_leaves_the_old_file_and_no_temporary(tmp_path, monkeypatch):
    path = tmp_path / "plan.json"
    path.write_text("old")
    with pytest.raises(UnicodeEncodeError):
        write_atomic(path, "half written \ud800 then a lone surrogate")
    assert path.read_text() == "old" and os.listdir(tmp_path) == ["plan.json"]

    def boom(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(planio.os, "replace", boom)
    assert errors(write_atomic, path, "new") == [f"{path}: cannot write: No space left on device"]
    assert path.read_text() == "old" and os.listdir(tmp_path) == ["plan.json"]


def test_write_atomic_into_a_missing_directory(tmp_path):
    path = tmp_path / "nope" / "plan.json"
    assert errors(write_atomic, path, "x") == [f"{path}: cannot write: No such file or directory"]


# ================================================================================== CSV


def test_csv_plan_starting_on_a_thursday():
    plan = read_plan(DATA / "good.csv")
    assert plan.inputs == PlanInputs(mode="imported") and plan.ruleset is None and plan.athlete is None
    w1, w2 = plan.weeks
    # weeks are Monday-Sunday; days only from the first CSV date (Thu 7th) to the last (Tue 12th)
    assert (w1.index, w1.phase, w1.start) == (1, "", dt.date(2027, 1, 4))
    assert [d.date.day for d in w1.days] == [7, 8, 9, 10]
    assert (w2.index, w2.start) == (2, dt.date(2027, 1, 11))
    assert [d.date.day for d in w2.days] == [11, 12]
    thu = w1.days[0].sessions
    assert thu == (  # reordered by the order column; rpe 4 given, the other from intensity hard
        Session(sport="run", type="easy", intensity="easy", minutes=40, rpe=4, order=1, time="am"),
        Session(sport="strength", type="lower", intensity="hard", minutes=45, rpe=7, order=2, time="pm",
                notes="back squat 4x6"))
    assert w1.days[1].sessions == () and w1.days[3].sessions == ()  # days without rows are rest days
    assert w1.days[2].sessions[0].notes == "long run, last 20' steady"
    assert [(s.type, s.order, s.rpe) for s in w2.days[1].sessions] == [("tempo", 1, 7), ("yoga", 2, 3)]


def test_csv_header_is_matched_ignoring_case_spaces_and_bom():
    plan = read_plan(DATA / "Excel_Export.CSV")
    (day1, day2) = plan.weeks[0].days
    assert day1.sessions[0].rpe == 3 and day2.sessions[0] == Session(sport="rest", type="rest", rpe=0)


def _csv(text: str, types=DEFAULT_TYPES) -> Plan:
    return csv_plan.import_csv(text, "p.csv", types).plan


HEAD = "date,sport,type,intensity,minutes\n"


def test_csv_default_rpe_by_intensity():
    plan = _csv(HEAD + "2027-01-04,run,easy,easy,30\n2027-01-05,run,long,moderate,90\n"
                       "2027-01-06,run,tempo,hard,40\n2027-01-07,rest,rest,hard,0\n")
    assert [d.sessions[0].rpe for d in plan.days()] == [3, 5, 7, 0]
    assert importers.DEFAULT_RPE == {"easy": 3, "moderate": 5, "hard": 7}


def test_csv_rows_in_any_date_order_and_same_day_in_file_order():
    plan = _csv(HEAD + "2027-01-10,run,long,moderate,90\n2027-01-05,run,easy,easy,30\n"
                       "2027-01-05,strength,core,easy,15\n2027-01-05,mobility,stretch,easy,10\n")
    (tue, *_, sun) = plan.weeks[0].days
    assert [(s.type, s.order) for s in tue.sessions] == [("easy", 1), ("core", 2), ("stretch", 3)]
    assert [d.date.day for d in plan.weeks[0].days] == [5, 6, 7, 8, 9, 10] and sun.sessions[0].type == "long"


def test_csv_quoted_newline_keeps_line_numbers():
    text = HEAD.replace("minutes", "minutes,notes") + '2027-01-04,run,easy,easy,30,"two\nlines"\n2027-01-05,run,easy,easy,x,\n'
    assert errors(_csv, text) == ["p.csv: line 4, column minutes: expected a whole number of minutes, got 'x'"]


@pytest.mark.parametrize("row, message", [
    ("2027-01-04,run,easy,easy,forty", "line 2, column minutes: expected a whole number of minutes, got 'forty'"),
    ("2027-01-04,run,easy,easy,30.5", "line 2, column minutes: expected a whole number of minutes, got '30.5'"),
    ("2027-01-04,run,easy,easy,1441", "line 2, column minutes: expected at most 1440 minutes (24 hours), got '1441'"),
    pytest.param("2027-01-04,run,easy,easy," + "9" * 5000,
                 "line 2, column minutes: expected a whole number of minutes, got '" + "9" * 56 + "...",
                 id="5000-digits"),
    ("04/01/2027,run,easy,easy,30", "line 2, column date: expected an ISO 8601 date like 2024-01-01, got '04/01/2027'"),
    ("2027-01-04,swimming,easy,easy,30", "line 2, column sport: unknown sport 'swimming' "
                                         "(known: run, strength, mobility, cross, rest)"),
    ("2027-01-04,run,Tempo,hard,30", "line 2, column type: unknown run type 'Tempo'; did you mean 'tempo'?"),
    (",run,easy,easy,30", "line 2, column date: missing value"),
    ("2027-01-04,run,easy,easy,30,extra", "line 2: 6 values, but the header has 5 columns"),
    ('2027-01-04,run,"easy"x,easy,30', "line 2: malformed CSV: ',' expected after '\"'"),
])
def test_csv_one_bad_cell(row, message):
    assert errors(_csv, HEAD + row + "\n") == [f"p.csv: {message}"]


def test_csv_optional_columns_are_checked():
    text = "date,sport,type,intensity,minutes,order,rpe,time\n2027-01-04,run,easy,easy,30,10,-1,noon\n"
    assert errors(_csv, text) == [
        "p.csv: line 2, column rpe: expected a whole number from 0 to 10, got '-1'",
        "p.csv: line 2, column order: expected a whole number from 1 to 9, got '10'",
        "p.csv: line 2, column time: unknown time of day 'noon' (known: am, pm, any)",
    ]


def test_csv_header_problems():
    assert errors(_csv, "Date,date,sport,type,intensity,minutes,\n") == [
        "p.csv: line 1: column 'date' appears twice", "p.csv: line 1: column 7 has no name"]
    assert errors(_csv, "date;sport;type;intensity;minutes\n2027-01-04;run;easy;easy;30\n")[0].startswith(
        "p.csv: line 1: unknown column 'date;sport;type;intensity;minutes'")


def test_csv_too_many_sessions_on_a_day():
    text = HEAD + "".join(f"2027-01-04,run,easy,easy,{i}\n" for i in range(10))
    assert errors(_csv, text) == ["p.csv: line 11: more than 9 sessions on 2027-01-04"]


def test_csv_span_limit_catches_a_mistyped_year():
    text = HEAD + "2027-01-04,run,easy,easy,30\n2207-01-04,run,easy,easy,30\n"
    assert errors(_csv, text) == [
        "p.csv: column date: the plan would span 65744 days, from 2027-01-04 to 2207-01-04; at most 3653 "
        "(is a year mistyped?)"]


def test_csv_caps_the_problem_list():
    text = HEAD + "".join(f"2027-01-04,run,easy,easy,x{i}\n" for i in range(70))
    lines = errors(_csv, text)
    assert len(lines) == 51 and lines[-1] == "p.csv: ... and 20 more problems"
    assert lines[0] == "p.csv: line 2, column minutes: expected a whole number of minutes, got 'x0'"


def test_csv_accepts_plugin_types():
    types = {**DEFAULT_TYPES, "strength": (*DEFAULT_TYPES["strength"], "kettlebell")}
    assert _csv(HEAD + "2027-01-04,strength,kettlebell,hard,20\n", types).weeks[0].days[0].sessions[0].type == "kettlebell"


def test_csv_exported_plan_round_trips_through_json():
    plan = read_plan(DATA / "good.csv")
    assert parse_plan(dump_plan(plan), "p.json") == plan


# ================================================================================== iCalendar


def _calendar(*events) -> str:
    import icalendar

    cal = icalendar.Calendar()
    cal.add("prodid", "-//runlift tests//EN")
    cal.add("version", "2.0")
    for i, fields in enumerate(events):
        event = icalendar.Event()
        event.add("uid", f"{i}@runlift.test")
        for key, value in fields.items():
            event.add(key, value)
        cal.add_component(event)
    return cal.to_ical().decode()


def test_ics_generated_with_icalendar_reads_back(tmp_path):
    from zoneinfo import ZoneInfo

    berlin = ZoneInfo("Europe/Berlin")
    path = tmp_path / "plan.ics"
    path.write_text(_calendar(
        {"summary": "Gym: upper body", "dtstart": dt.datetime(2027, 1, 5, 18, 30, tzinfo=berlin),
         "dtend": dt.datetime(2027, 1, 5, 19, 15, tzinfo=berlin)},
        {"summary": "Intervals 6 x 800m", "dtstart": dt.datetime(2027, 1, 5, 6, 45),
         "dtend": dt.datetime(2027, 1, 5, 7, 40)},
        {"summary": "Lunch yoga", "dtstart": dt.datetime(2027, 1, 5, 12, 0),
         "duration": dt.timedelta(minutes=30)},
        {"summary": "Long run 1h45", "dtstart": dt.date(2027, 1, 10)},
        {"summary": "Saturday session", "categories": ["Running", "Hard"], "dtstart": dt.date(2027, 1, 9),
         "duration": dt.timedelta(minutes=45)},
        {"summary": "Rest day", "dtstart": dt.date(2027, 1, 7), "dtend": dt.date(2027, 1, 8)},
    ), encoding="utf-8")
    plan = read_plan(path)
    (week,) = plan.weeks
    assert week.start == MON and [d.date.day for d in week.days] == [5, 6, 7, 8, 9, 10]
    tue = week.days[0].sessions  # ordered by start time: 06:45, 12:00, 18:30
    assert [(s.sport, s.type, s.intensity, s.minutes, s.order, s.time) for s in tue] == [
        ("run", "intervals", "hard", 55, 1, "am"),
        ("mobility", "yoga", "easy", 30, 2, "pm"),
        ("strength", "upper", "moderate", 45, 3, "pm"),
    ]
    assert [s.rpe for s in tue] == [7, 3, 5] and tue[0].notes == "Intervals 6 x 800m"
    assert week.days[1].sessions == ()
    assert week.days[2].sessions == (Session(sport="rest", type="rest", minutes=0, rpe=0, notes="Rest day"),)
    sat = week.days[4].sessions[0]  # no keyword in the summary: the categories decide
    assert (sat.sport, sat.type, sat.minutes, sat.time) == ("run", "easy", 45, "any")
    assert week.days[5].sessions[0].type == "long" and week.days[5].sessions[0].minutes == 105


def test_ics_fixture_file():
    plan = read_plan(DATA / "good.ics")
    days = {d.date.day: d.sessions for d in plan.days()}
    assert [(s.type, s.minutes, s.time) for s in days[5]] == [("strides", 40, "am"), ("lower", 45, "pm")]
    assert days[5][1].intensity == "hard"
    assert days[9][0].minutes == 105 and days[10][0].sport == "rest"


def test_ics_unmapped_events_are_reported_or_returned_as_warnings(tmp_path):
    text = _calendar(
        {"summary": "Tempo", "dtstart": dt.datetime(2027, 1, 5, 7), "dtend": dt.datetime(2027, 1, 5, 8)},
        {"summary": "Dentist", "dtstart": dt.datetime(2027, 1, 6, 9), "dtend": dt.datetime(2027, 1, 6, 10)},
        {"summary": "Hills", "dtstart": dt.date(2027, 1, 7)},
        {"summary": "Track", "dtstart": dt.datetime(2027, 1, 8, 7), "duration": dt.timedelta(hours=1),
         "rrule": {"freq": "weekly"}},
        {"summary": "Easy run", "dtstart": dt.date(2027, 1, 9), "status": "CANCELLED"},
    )
    path = tmp_path / "cal.ics"
    path.write_text(text)
    where = str(path)
    assert errors(read_plan, path) == [
        f"{where}: event 'Dentist' on 2027-01-06: no keyword maps it to a session "
        "(see the keyword table in docs/plan-format.md)",
        f"{where}: event 'Hills' on 2027-01-07: no duration: give the event an end time, or write the minutes "
        "in its summary like '45 min'",
        f"{where}: event 'Track' on 2027-01-08: repeats (RRULE); recurring events are not supported: export the "
        "calendar with the repeats expanded",
    ]
    imported = import_plan(path, allow_unmapped=True)
    assert [d.date.day for d in imported.plan.days()] == [5]
    assert imported.warnings == (
        f"{where}: event 'Dentist' on 2027-01-06: skipped: no keyword maps it to a session "
        "(see the keyword table in docs/plan-format.md)",
        f"{where}: event 'Hills' on 2027-01-07: skipped: no duration: give the event an end time, or write the "
        "minutes in its summary like '45 min'",
        f"{where}: event 'Track' on 2027-01-08: skipped: repeats (RRULE); recurring events are not supported: "
        "export the calendar with the repeats expanded",
        f"{where}: event 'Easy run' on 2027-01-09: skipped: cancelled",
    )


@pytest.mark.parametrize("events, message", [
    ([], "c.ics: no events (VEVENT) found"),
    ([{"summary": "Easy run", "dtstart": dt.datetime(2027, 1, 5, 7), "dtend": dt.datetime(2027, 1, 5, 6)}],
     "c.ics: event 'Easy run' on 2027-01-05: ends before it starts"),
    ([{"summary": "Easy run", "dtstart": dt.datetime(2027, 1, 5, 7), "dtend": dt.datetime(2027, 1, 7, 7)}],
     "c.ics: event 'Easy run' on 2027-01-05: lasts 2880 minutes; at most 1440 (24 hours)"),
    ([{"summary": "Easy run", "dtstart": dt.datetime(2027, 1, 5, 7, tzinfo=dt.UTC),
       "dtend": dt.datetime(2027, 1, 5, 8)}],
     "c.ics: event 'Easy run' on 2027-01-05: DTSTART and DTEND mix floating and time-zone times"),
    ([{"summary": "Easy run 30 min"}], "c.ics: event 'Easy run 30 min': no DTSTART"),
    ([{"summary": "Easy run 30 min", "dtstart": dt.date(2027, 1, 5)},
      {"summary": "Easy run 30 min", "dtstart": dt.date(2047, 1, 5)}],
     "c.ics: the plan would span 7306 days, from 2027-01-05 to 2047-01-05; at most 3653 (is a year mistyped?)"),
    ([{"summary": f"Easy run {i} min", "dtstart": dt.date(2027, 1, 5)} for i in range(1, 11)],
     "c.ics: 10 events on 2027-01-05; at most 9"),
])
def test_ics_problems(events, message):
    assert errors(ics_plan.import_ics, _calendar(*events), "c.ics", DEFAULT_TYPES) == [message]


def test_ics_broken_property_and_empty_file():
    text = "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nSUMMARY:Tempo 30 min\r\nDTSTART:tomorrow\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
    assert errors(ics_plan.import_ics, text, "c.ics", DEFAULT_TYPES) == [
        "c.ics: event 'Tempo 30 min': cannot read DTSTART 'tomorrow'"]
    assert errors(ics_plan.import_ics, "  \n", "c.ics", DEFAULT_TYPES) == [
        "c.ics: the file is empty; expected an iCalendar file (BEGIN:VCALENDAR)"]


def test_ics_repeated_properties():
    text = ("BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nSUMMARY:Tempo\r\nSUMMARY:30 min\r\nDTSTART;VALUE=DATE:20270105\r\n"
            "END:VEVENT\r\nBEGIN:VEVENT\r\nSUMMARY:Easy 20 min\r\nDTSTART;VALUE=DATE:20270106\r\n"
            "DTSTART;VALUE=DATE:20270107\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n")
    assert errors(ics_plan.import_ics, text, "c.ics", DEFAULT_TYPES) == [
        "c.ics: event 'Easy 20 min': DTSTART appears 2 times"]
    text = text.split("BEGIN:VEVENT\r\nSUMMARY:Easy")[0] + "END:VCALENDAR\r\n"
    (day,) = ics_plan.import_ics(text, "c.ics", DEFAULT_TYPES).plan.days()
    assert (day.sessions[0].type, day.sessions[0].minutes, day.sessions[0].notes) == ("tempo", 30, "Tempo 30 min")


def test_ics_all_events_skipped_is_an_error():
    text = _calendar({"summary": "Dentist", "dtstart": dt.date(2027, 1, 5)})
    assert errors(ics_plan.import_ics, text, "c.ics", DEFAULT_TYPES, allow_unmapped=True) == [
        "c.ics: no sessions: every event was skipped",
        "c.ics: event 'Dentist' on 2027-01-05: skipped: no keyword maps it to a session "
        "(see the keyword table in docs/plan-format.md)"]


@pytest.mark.parametrize("summary, categories, expected", [
    ("Tempo run 40'", (), ("run", "tempo", "hard")),
    ("Track: 6x800m", (), ("run", "intervals", "hard")),
    ("Hill repeats", (), ("run", "hills", "hard")),
    ("Long run", (), ("run", "long", "moderate")),
    ("Long 20 km", (), ("run", "long", "moderate")),
    ("Easy run + strides", (), ("run", "strides", "easy")),
    ("Recovery jog", (), ("run", "recovery", "easy")),
    ("Recovery", (), ("run", "recovery", "easy")),
    ("Easy run + core", (), ("run", "easy", "easy")),
    ("parkrun", (), ("run", "race", "hard")),
    ("Berlin Marathon", (), ("run", "race", "hard")),
    ("Tempo at marathon pace", (), ("run", "tempo", "hard")),
    ("Strength", (), ("strength", "full", "moderate")),
    ("Gym - legs (heavy)", (), ("strength", "lower", "hard")),
    ("Lift: upper, light", (), ("strength", "upper", "easy")),
    ("Core", (), ("strength", "core", "moderate")),
    ("Plyo circuit", (), ("strength", "plyometric", "moderate")),
    ("S&C isometrics", (), ("strength", "isometric", "moderate")),
    ("Strength: mobility", (), ("strength", "mobility", "moderate")),
    ("Hip mobility", (), ("mobility", "mobility", "easy")),
    ("Yoga", (), ("mobility", "yoga", "easy")),
    ("Post-run stretch", (), ("run", "easy", "easy")),
    ("Stretching", (), ("mobility", "stretch", "easy")),
    ("Foam-roll", (), ("mobility", "foam-roll", "easy")),
    ("Bike intervals", (), ("cross", "bike", "easy")),
    ("Hard spin class", (), ("cross", "bike", "hard")),
    ("Swim", (), ("cross", "swim", "easy")),
    ("Cross-training", (), ("cross", "other", "easy")),
    ("Hike", (), ("cross", "walk", "easy")),
    ("Active recovery", (), ("rest", "active-recovery", "easy")),
    ("Rest day", (), ("rest", "rest", "easy")),
    ("Day off", (), ("rest", "rest", "easy")),
    ("Saturday", ("Training", "Tempo"), ("run", "tempo", "hard")),
    ("Easy run", ("Marathon",), ("run", "easy", "easy")),  # the summary wins over categories
    ("Dentist", ("Personal",), None),
    ("", (), None),
])
def test_ics_keyword_classification(summary, categories, expected):
    assert ics_plan.classify(summary, categories) == expected


@pytest.mark.parametrize("summary, minutes", [
    ("Easy 45 min", 45), ("Long run 1h30", 90), ("2 hours 15 minutes", 135), ("Tempo 90'", 90),
    ("Long 2h", 120), ("10 mins", 10), ("5x400m", None), ("8 km easy", None), ("Run", None),
])
def test_ics_summary_minutes(summary, minutes):
    assert ics_plan.summary_minutes(summary) == minutes


def test_ics_keyword_table_only_uses_known_vocabulary():
    for k in ics_plan.KEYWORDS:
        assert k.sport in DEFAULT_TYPES and k.intensity in INTENSITIES
        assert k.type == ics_plan.FOCUS or k.type in DEFAULT_TYPES[k.sport], k
    for _, type_ in ics_plan.STRENGTH_FOCUS:
        assert type_ in DEFAULT_TYPES["strength"]
    words = [w for k in ics_plan.KEYWORDS for w in k.words]
    assert len(words) == len(set(words)) and all(w == w.lower() for w in words)


def test_icalendar_is_imported_only_when_an_ics_file_is_read():
    code = ("import sys, runlift.cli, runlift.planio, runlift.importers.ics_plan, runlift.importers.csv_plan;"
            "assert 'icalendar' not in sys.modules, 'icalendar imported'")
    subprocess.run([sys.executable, "-c", code], check=True)


# ================================================================================== the document


_GENERATED = re.compile(r"<!-- BEGIN GENERATED: (?P<name>[\w-]+) -->\n(?P<body>.*?)<!-- END GENERATED: (?P=name) -->\n",
                        re.DOTALL)


def _generated_blocks() -> dict[str, str]:
    return {
        "example-json": "```json\n" + dump_plan(example_plan(), "json") + "```\n",
        "example-toml": "```toml\n" + dump_plan(example_plan(), "toml") + "```\n",
        "ics-keywords": ics_plan.keyword_table_markdown(),
    }


def _doc_blocks(text: str) -> dict[str, str]:
    return {m["name"]: m["body"] for m in _GENERATED.finditer(text)}


def test_doc_generated_blocks_match_the_code():
    text = DOC.read_text(encoding="utf-8")
    wanted = _generated_blocks()
    if os.environ.get("RUNLIFT_REGEN_DOCS"):
        text = _GENERATED.sub(lambda m: f"<!-- BEGIN GENERATED: {m['name']} -->\n{wanted[m['name']]}"
                                        f"<!-- END GENERATED: {m['name']} -->\n", text)
        DOC.write_text(text, encoding="utf-8")
    assert _doc_blocks(text) == wanted, ("docs/plan-format.md is out of date: "
                                         "RUNLIFT_REGEN_DOCS=1 python -m pytest tests/test_planio.py -k doc")


def test_doc_examples_parse_and_round_trip():
    blocks = _doc_blocks(DOC.read_text(encoding="utf-8"))
    for fmt in ("json", "toml"):
        body = blocks[f"example-{fmt}"]
        source = body.removeprefix(f"```{fmt}\n").removesuffix("```\n")
        plan = parse_plan(source, f"plan-format.md ({fmt})", fmt)
        assert plan == example_plan()
        assert dump_plan(plan, fmt) == source


def _doc_default(a: attrs.Attribute) -> str:
    default = planio._default(a)
    if a.name == "schema":
        return "required"  # the model has a default, but a file must say it
    if default is attrs.NOTHING:
        return "required"
    if default is None:
        return "absent"
    return f"`{json.dumps(planio.plan_data(default) if attrs.has(type(default)) else list(default) if isinstance(default, tuple) else default)}`"


@pytest.mark.parametrize("cls", [Plan, RulesetRef, Athlete, Race, PlanInputs, Week, Day, Session, Exercise])
def test_doc_field_tables_match_the_model(cls):
    """Each model class has a table under ``### ClassName``: its keys in model order, each with its default."""
    text = DOC.read_text(encoding="utf-8")
    section = re.search(rf"^### {cls.__name__}\b.*?\n(.*?)(?=^#)", text, re.DOTALL | re.MULTILINE)
    assert section, f"no section '### {cls.__name__}' in docs/plan-format.md"
    rows = re.findall(r"^\| `([a-z-]+)` \|[^|\n]*\|[^|\n]*\| ([^|\n]+?) \|", section.group(1), re.MULTILINE)
    assert [key for key, _ in rows] == [kebab(a.name) for a in attrs.fields(cls)]
    assert [default for _, default in rows] == [_doc_default(a) for a in attrs.fields(cls)]


def test_doc_lists_the_csv_columns():
    text = DOC.read_text(encoding="utf-8")
    for column in csv_plan.COLUMNS:
        assert re.search(rf"^\| `{column}` \| (required|optional) \|", text, re.MULTILINE), column
    assert f"`{','.join(csv_plan.REQUIRED_COLUMNS)}`" in text
