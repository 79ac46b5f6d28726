"""``runlift check``: exit codes, text and JSON output, selection, the race options, bad input."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from plan_builders import DATA, RULESETS
from runlift.cli import cli

WEEKS = DATA / "weeks"
RULESET = str(RULESETS / "article-warnings.toml")
BAD = str(WEEKS / "bad-heavy-squats-before-intervals.csv")
GOOD = str(WEEKS / "good-balanced-week.csv")


@pytest.fixture(autouse=True)
def no_entry_points(monkeypatch):
    monkeypatch.setenv("RUNLIFT_DISABLE_PLUGIN_AUTOLOAD", "1")


def check(*args):
    return CliRunner().invoke(cli, ["check", *args])


def test_a_clean_plan_exits_0():
    result = check(GOOD, "--ruleset", RULESET)
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[-1] == "0 errors, 0 warnings"


def test_warnings_alone_exit_0():
    result = check(str(WEEKS / "bad-missing-isometric-and-mobility.csv"), "-r", RULESET)
    assert result.exit_code == 0
    assert ("  warn  TW114 three-pillars-every-week  Mon 4 Jan: the week of Mon 4 Jan has no isometric or "
            "mobility work") in result.output.splitlines()
    assert result.output.splitlines()[-1] == "0 errors, 1 warning"


def test_errors_exit_1_with_findings_grouped_by_week_then_why():
    result = check(BAD, "--ruleset", RULESET)
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert lines[0] == f"{BAD}: checked against article-warnings 1.0 (20 rules)"
    assert lines[2] == "Week 1 (race), Mon 4 Jan - Sun 10 Jan"
    assert lines[3] == ("  error TW101 no-heavy-legs-the-day-before-speed  Wed 6 Jan: heavy lower-body lifting on "
                        "Wed 6 Jan, the day before intervals")
    why = lines.index("Why:")
    assert lines[why + 1] == ("  TW101 no-heavy-legs-the-day-before-speed: Heavy leg work leaves the legs heavy for a "
                              "day or two; speed work the next day suffers.")
    assert lines[why + 2] == ('        source: "How to balance strength training and running", Anya Culling, '
                              'section "Should you run or lift first?"')
    assert lines[-1] == "2 errors, 2 warnings"


def test_verbose_lists_the_sessions():
    result = check(BAD, "-r", RULESET, "--select", "TW101", "--verbose")
    assert "        - Wed 6 Jan: heavy lower-body lifting (30 min)" in result.output
    assert "        - Thu 7 Jan: intervals (50 min)" in result.output


def test_json_has_every_finding_field():
    result = check(BAD, "-r", RULESET, "--format", "json")
    assert result.exit_code == 1
    data = json.loads(result.output)
    assert data["ruleset"] == {"name": "article-warnings", "version": "1.0"}
    assert data["summary"] == {"errors": 2, "warnings": 2}
    assert data["race"] is None and data["rules"] == 20
    first = data["findings"][0]
    assert first == {
        "code": "TW101", "name": "no-heavy-legs-the-day-before-speed", "severity": "error", "week": 1,
        "dates": ["2027-01-06", "2027-01-07"],
        "sessions": ["Wed 6 Jan: heavy lower-body lifting (30 min)", "Thu 7 Jan: intervals (50 min)"],
        "message": "heavy lower-body lifting on Wed 6 Jan, the day before intervals",
        "rationale": "Heavy leg work leaves the legs heavy for a day or two; speed work the next day suffers.",
        "source": '"How to balance strength training and running", Anya Culling, '
                  'section "Should you run or lift first?"',
    }


def test_select_and_ignore():
    codes = lambda r: {f["code"] for f in json.loads(r.output)["findings"]}  # noqa: E731
    assert codes(check(BAD, "-r", RULESET, "--format", "json", "--select", "TW11")) == {"TW117", "TW118"}
    only_warnings = check(BAD, "-r", RULESET, "--ignore", "tw101,TW104")
    assert only_warnings.exit_code == 0
    assert codes(check(BAD, "-r", RULESET, "--format", "json", "--select", "TW1", "--ignore", "TW11")) == \
        {"TW101", "TW104"}


def test_race_date_and_distance():
    plan = str(WEEKS / "good-balanced-week.csv")
    # a heavy-lifting-free week: no before-event finding whatever the race
    assert check(plan, "-r", RULESET, "--race-date", "2027-01-12", "--distance", "marathon").exit_code == 0
    bad = str(WEEKS / "bad-heavy-lifting-on-long-run-day.csv")
    result = check(bad, "-r", RULESET, "--race-date", "2027-01-15", "--distance", "marathon", "--format", "json")
    data = json.loads(result.output)
    assert data["race"] == {"date": "2027-01-15", "distance": "marathon"}
    assert "heavy full-body lifting on Sun 10 Jan, 5 days before the marathon: none in the last 10 days" in \
        [f["message"] for f in data["findings"]]
    text = check(bad, "-r", RULESET, "--race-date", "2027-01-15", "--distance", "marathon").output
    assert "; race Fri 15 Jan 2027 (marathon))" in text.splitlines()[0]


def test_json_plan_with_its_own_athlete_and_race():
    result = check(str(WEEKS / "bad-heavy-lifting-three-days-before-marathon.json"), "-r", RULESET, "--format", "json")
    data = json.loads(result.output)
    assert result.exit_code == 1
    assert data["race"] == {"date": "2027-01-10", "distance": "marathon"}


@pytest.mark.parametrize("args, message", [
    ([GOOD], "give --ruleset NAME|PATH (the plan does not name its ruleset)"),
    ([GOOD, "-r", RULESET, "--race-date", "2027-13-01"], "expected a date like 2027-04-25, got '2027-13-01'"),
    ([GOOD, "-r", RULESET, "--distance", "marathon"], "--distance needs a race: give --race-date too"),
    ([GOOD, "-r", RULESET, "--select", "RN-1"], "expected rule codes or code prefixes like RN1 or RN102, got 'RN-1'"),
    ([GOOD, "-r", RULESET, "--distance", "42k"], "'42k' is not one of"),
])
def test_usage_errors_exit_2(args, message):
    result = check(*args)
    assert result.exit_code == 2
    assert message in result.output
    assert "Traceback" not in result.output


def test_bad_plan_and_bad_ruleset_exit_2_with_clean_messages(tmp_path):
    result = check(str(tmp_path / "nope.csv"), "-r", RULESET)
    assert result.exit_code == 2 and result.stderr.startswith("runlift: error: ")
    bad_csv = tmp_path / "bad.csv"
    bad_csv.write_text("date,sport,type,intensity,minutes\n2027-01-04,run,tempp,hard,40\n")
    result = check(str(bad_csv), "-r", RULESET)
    assert result.exit_code == 2 and "tempp" in result.stderr and "Traceback" not in result.output
    result = check(GOOD, "-r", str(RULESETS / "bad-options.toml"))
    assert result.exit_code == 2
    assert "rules[0].options.max: must be at least 'min' (3), got 2" in result.stderr
    result = check(GOOD, "-r", "no-such-philosophy")
    assert result.exit_code == 2 and "unknown ruleset 'no-such-philosophy'" in result.stderr


def test_the_plan_may_name_its_ruleset(tmp_path):
    text = (WEEKS / "bad-strength-skipped-in-race-season.json").read_text(encoding="utf-8")
    named = tmp_path / "named.json"
    named.write_text(text.replace('"schema": "runlift.plan/1",',
                                  f'"schema": "runlift.plan/1",\n  "ruleset": {{"name": {json.dumps(RULESET)}}},'))
    result = check(str(named))
    assert result.exit_code == 1 and "TW107" in result.output


def test_a_then_ruleset_judges_its_own_weeks_as_the_planner_did(tmp_path):
    """return-from-break hands the weeks after its phases to runna (then = "runna"): check judges those weeks
    by runna, so it reports exactly the findings the planner reported for the plan it made."""
    from runlift.loader import RulesetLoader
    from runlift.planio import dump_plan
    from runlift.planner import Planner
    from runlift.plugin_manager import Plugins

    plugins = Plugins.load(load_entrypoints=False)
    result = Planner(RulesetLoader(plugins).load("return-from-break"), plugins=plugins).plan(
        returning_athlete())
    path = tmp_path / "rb.json"
    path.write_text(dump_plan(result.plan, "json"), encoding="utf-8")
    runna_weeks = [w.index for w in result.plan.weeks if w.phase in ("intro", "training", "race-week")]
    assert runna_weeks and result.findings
    out = check(str(path), "--format", "json")
    data = json.loads(out.output)
    assert data["segments"] == [{"ruleset": {"name": "runna", "version": "1.0"}, "rules": 20,
                                 "weeks": [runna_weeks[0], runna_weeks[-1]]}]
    assert data["findings"] == [f.to_dict() for f in result.findings]
    text = check(str(path)).output.splitlines()
    assert text[1] == (f"  weeks {runna_weeks[0]}-{runna_weeks[-1]}: checked against runna 1.0 (20 rules; "
                       f"then = \"runna\" after 'return-from-break')")


def returning_athlete():
    import datetime as dt

    from runlift.model import Athlete, Race

    return Athlete(name="Robin", weeks_off=6, race=Race(distance="half", date=dt.date(2027, 4, 25)),
                   start=dt.date(2027, 1, 4))


def test_then_chain_that_comes_back_is_an_error():
    from types import SimpleNamespace

    from runlift.errors import RunliftError
    from runlift.segments import then_chain

    rulesets = {"a": SimpleNamespace(name="a", then="b"), "b": SimpleNamespace(name="b", then="a")}
    with pytest.raises(RunliftError, match=r"then = \"a\" hands back to a ruleset already in the chain \(a -> b\)"):
        then_chain(rulesets["a"], rulesets.__getitem__)


def _rb_plan(athlete):
    from runlift.loader import RulesetLoader
    from runlift.planner import Planner
    from runlift.plugin_manager import Plugins

    plugins = Plugins.load(load_entrypoints=False)
    loader = RulesetLoader(plugins)
    return loader, Planner(loader.load("return-from-break"), plugins=plugins).plan(athlete).plan


@pytest.mark.parametrize("weeks_off", [0, 2, 6, 9])
def test_a_plan_without_phases_is_laid_out_as_the_planner_laid_it_out(weeks_off):
    """chain_phases gives a phase-less copy of a then-plan the phases the planner gave it: the ramp at its
    template length for the athlete's weeks off, then runna's phases to the race and past it."""
    import attrs

    from runlift.segments import chain_phases, then_chain, with_phases

    athlete = attrs.evolve(returning_athlete(), weeks_off=weeks_off)
    loader, plan = _rb_plan(athlete)
    bare = with_phases(plan, [""] * len(plan.weeks))
    chain = then_chain(loader.load("return-from-break"), loader.load)
    laid = chain_phases(bare, chain, race_date=athlete.race.date, distance="half", weeks_off=weeks_off)
    assert laid == tuple(w.phase for w in plan.weeks)
    assert chain_phases(plan, chain, race_date=athlete.race.date, distance="half") is None  # it has phases
    assert chain_phases(bare, chain[:1], race_date=athlete.race.date, distance="half") is None


def _csv_of(plan, path):
    rows = ["date,sport,type,intensity,minutes,order,rpe,time"]
    for day in plan.days():
        for s in day.sessions:
            rows.append(f"{day.date.isoformat()},{s.sport},{s.type},{s.intensity},{s.minutes},{s.order},{s.rpe},"
                        f"{s.time}")
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return path


def _runna_weeks(plan):
    return [w.index for w in plan.weeks if w.phase in ("intro", "training", "race-week")]


def test_a_csv_plan_is_judged_by_the_ruleset_of_each_laid_out_week(tmp_path):
    """A CSV plan names no phases: checked against return-from-break, its first weeks (the ramp's template
    length) are judged by return-from-break and the rest by runna, as the planner splits such a plan."""
    athlete = returning_athlete()
    _, plan = _rb_plan(athlete)
    path = _csv_of(plan, tmp_path / "rb.csv")
    runna_weeks = _runna_weeks(plan)
    out = check(str(path), "-r", "return-from-break", "--race-date", athlete.race.date.isoformat(),
                "--distance", "half", "--format", "json")
    assert out.exit_code in (0, 1), out.output
    data = json.loads(out.output)
    assert data["segments"] == [{"ruleset": {"name": "runna", "version": "1.0"}, "rules": 20,
                                 "weeks": [runna_weeks[0], runna_weeks[-1]]}]
    assert not [f for f in data["findings"] if f["severity"] == "error"]


def test_the_athlete_file_gives_a_csv_plan_its_ramp(tmp_path):
    """--athlete: a CSV plan made for 9 weeks off (a ramp of 3 + 3 + 3 weeks) is split where the planner split
    it only when check knows the break; without it the ramp is each phase's default 2 weeks."""
    import attrs

    athlete = attrs.evolve(returning_athlete(), weeks_off=9)
    _, plan = _rb_plan(athlete)
    path = _csv_of(plan, tmp_path / "rb9.csv")
    me = tmp_path / "robin.toml"
    me.write_text('name = "Robin"\nweeks-off = 9\nrace = { distance = "half", date = 2027-04-25 }\n',
                  encoding="utf-8")
    runna_weeks = _runna_weeks(plan)
    assert runna_weeks[0] == 10
    told = json.loads(check(str(path), "-r", "return-from-break", "--athlete", str(me), "--format", "json").output)
    assert told["segments"][0]["weeks"] == [runna_weeks[0], runna_weeks[-1]]
    assert told["race"] == {"date": "2027-04-25", "distance": "half"}
    assert not [f for f in told["findings"] if f["severity"] == "error"]
    guessed = json.loads(check(str(path), "-r", "return-from-break", "--race-date", "2027-04-25", "--distance",
                               "half", "--format", "json").output)
    assert guessed["segments"][0]["weeks"] == [7, runna_weeks[-1]]


def test_a_missing_athlete_file_is_bad_input(tmp_path):
    result = check(BAD, "-r", RULESET, "--athlete", str(tmp_path / "nobody.toml"))
    assert result.exit_code == 2
    assert "nobody.toml: no such athlete file" in result.output and "Traceback" not in result.output
