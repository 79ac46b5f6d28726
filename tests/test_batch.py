"""``runlift batch``: the roster format, plan files and summary, determinism across --jobs, bad rows,
infeasible athletes, plugins in worker processes, and atomic writes."""

from __future__ import annotations

import csv
import io
import json
import os
import pickle
from pathlib import Path

import pytest
from click.testing import CliRunner

from runlift import batch as batch_module
from runlift import hookimpl
from runlift.batch import PlannerSpec, parse_roster, read_roster, slug
from runlift.cli import App, cli
from runlift.errors import ConfigError
from runlift.planio import read_plan, write_atomic
from runlift.testing import plugins_with

HEADER = ("name,experience,run-days,long-run-day,rest-days,equipment,baseline-minutes,race-distance,race-date,"
          "start,weeks-off,break-reason,niggles,body-mass-kg\n")
ROSTER = HEADER + (
    "Alex,intermediate,mon tue thu sat sun,sun,fri,hybrid,200,half,2027-04-25,2027-01-04,,,,\n"
    "Zoë O'Neil,beginner,mon wed sat,sat,,home,120,5k,2027-03-28,2027-01-04,,,knee,61.5\n"
    "Sam,advanced,mon tue wed thu fri sun,sun,sat,gym,330,marathon,2027-04-25,2027-01-04,,,,\n"
    "# a comment line, and a blank line next\n"
    "\n"
    "Kim,intermediate,tue thu sat sun,none,mon,gym,180,,,2027-01-04,6,injury,shins itb,\n"
    "Jo,beginner,mon wed fri,fri,,hybrid,90,10k,2027-04-25,,,,,\n"
)


@pytest.fixture(autouse=True)
def no_entry_points(monkeypatch):
    monkeypatch.setenv("RUNLIFT_DISABLE_PLUGIN_AUTOLOAD", "1")


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def run(*args, obj=None):
    return CliRunner().invoke(cli, ["batch", *map(str, args)], obj=obj)


def summary(out: Path) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO((out / "summary.csv").read_text(encoding="utf-8"))))


def tree(out: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(out.iterdir())}


# --------------------------------------------------------------------------- the roster


def test_roster_rows_become_athletes_with_every_column():
    roster = parse_roster(ROSTER, "team.csv")
    assert [(r.number, r.line, r.name) for r in roster.rows] == [
        (1, 2, "Alex"), (2, 3, "Zoë O'Neil"), (3, 4, "Sam"), (4, 7, "Kim"), (5, 8, "Jo")]
    assert not roster.bad
    zoe, kim = roster.rows[1].athlete, roster.rows[3].athlete
    assert zoe.run_days == ("mon", "wed", "sat") and zoe.niggles == ("knee",) and zoe.body_mass_kg == 61.5
    assert zoe.race.distance == "5k" and zoe.race.date.isoformat() == "2027-03-28"
    assert kim.long_run_day is None and kim.weeks_off == 6 and kim.break_reason == "injury"
    assert kim.niggles == ("shins", "itb") and kim.race is None
    assert roster.rows[4].athlete.start is None


def test_empty_cells_take_the_athlete_defaults_and_a_race_date_alone_is_kept():
    roster = parse_roster("name,race-date\nAna,2027-05-02\n", "r.csv")
    row = roster.rows[0]
    assert row.athlete.experience == "intermediate" and row.athlete.race is None
    assert row.race_date.isoformat() == "2027-05-02"


def test_every_problem_of_a_row_is_reported_with_line_and_column():
    roster = parse_roster("name,experience,baseline-minutes,run-days\nBen,pro,-5,mon funday\nCat,beginner,60,mon\n",
                          "r.csv")
    assert roster.rows[1].problems == ()
    assert roster.rows[0].problems == (
        "r.csv: line 2, column experience: expected one of beginner, intermediate, advanced, got 'pro'",
        "r.csv: line 2, column baseline-minutes: expected at least 0, got -5",
        "r.csv: line 2, column run-days: expected one of mon, tue, wed, thu, fri, sat, sun, got 'funday'",
    )


def test_a_quoted_cell_over_two_lines_keeps_the_line_numbers_true():
    roster = parse_roster('name,break-reason\nAna,"moved\nhouse"\nBen,"x"\nCat,pro,extra\n', "r.csv")
    assert [(r.line, r.problems) for r in roster.rows] == [
        (2, ()), (4, ()), (5, ("r.csv: line 5: 3 values, but the header has 2 columns",))]


def test_a_bad_header_is_an_error_for_the_whole_file():
    with pytest.raises(ConfigError) as info:
        parse_roster("name,run days,,name\n", "r.csv")
    assert info.value.messages() == (
        "r.csv: line 1: unknown column 'run days'; did you mean 'run-days'? (columns: name, experience, run-days, "
        "long-run-day, rest-days, equipment, baseline-minutes, race-distance, race-date, start, weeks-off, "
        "break-reason, niggles, body-mass-kg)",
        "r.csv: line 1: column 3 has no name",
        "r.csv: line 1: column 'name' appears twice",
    )


def test_a_missing_roster_file_is_named(tmp_path):
    with pytest.raises(ConfigError) as info:
        read_roster(tmp_path / "nope.csv")
    assert info.value.messages() == (f"{tmp_path / 'nope.csv'}: no such roster file",)


@pytest.mark.parametrize("name, expected", [
    ("Alex", "alex"), ("Zoë O'Neil", "zoe-o-neil"), ("../../etc/passwd", "etc-passwd"), ("李雷", "athlete"),
    ("  --  ", "athlete"), ("CON", "con"), ("a" * 90, "a" * 40), ("Ann-Marie 2", "ann-marie-2"),
])
def test_file_names_are_safe(name, expected):
    assert slug(name) == expected


# --------------------------------------------------------------------------- the command


def test_batch_writes_one_plan_per_athlete_and_a_summary(tmp_path):
    roster = write(tmp_path / "team.csv", ROSTER)
    out = tmp_path / "plans"
    result = run(roster, "--ruleset", "runna", "--out", out, "--jobs", "1")
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    assert result.stderr == (f"wrote 5 plan(s) and summary.csv to {out}: 0 athlete(s) without a feasible plan, "
                             f"0 bad row(s)\n")
    assert sorted(os.listdir(out)) == ["0001-alex.json", "0002-zoe-o-neil.json", "0003-sam.json", "0004-kim.json",
                                       "0005-jo.json", "summary.csv"]
    plan = read_plan(out / "0002-zoe-o-neil.json")
    assert plan.athlete.name == "Zoë O'Neil" and plan.ruleset.name == "runna"
    rows = summary(out)
    assert list(rows[0]) == ["line", "athlete", "plan", "feasible", "errors", "warnings", "peak-weekly-load",
                             "conflict", "error"]
    assert [(r["line"], r["athlete"], r["plan"], r["feasible"], r["errors"]) for r in rows] == [
        ("2", "Alex", "0001-alex.json", "yes", "0"), ("3", "Zoë O'Neil", "0002-zoe-o-neil.json", "yes", "0"),
        ("4", "Sam", "0003-sam.json", "yes", "0"), ("7", "Kim", "0004-kim.json", "yes", "0"),
        ("8", "Jo", "0005-jo.json", "yes", "0")]
    assert all(float(r["peak-weekly-load"]) > 0 and r["warnings"].isdigit() for r in rows)


def test_the_summary_peak_is_the_highest_weekly_load_of_the_plan(tmp_path):
    from runlift.metrics import week_metrics

    out = tmp_path / "out"
    assert run(write(tmp_path / "r.csv", ROSTER), "-r", "pillars", "--out", out, "-j", "1").exit_code == 0
    for row in summary(out):
        peak = max(m.load for m in week_metrics(read_plan(out / row["plan"])))
        assert row["peak-weekly-load"] == f"{peak:.1f}"


def test_output_is_byte_identical_whatever_the_number_of_jobs(tmp_path):
    roster = write(tmp_path / "team.csv", ROSTER)
    outs = {}
    for jobs in ("1", "2", "3"):
        out = tmp_path / f"out{jobs}"
        result = run(roster, "--ruleset", "five-three-two", "--out", out, "--jobs", jobs)
        assert result.exit_code in (0, 1), result.output
        outs[jobs] = tree(out)
    assert outs["1"] == outs["2"] == outs["3"]
    assert len(outs["1"]) >= 2


def test_toml_format(tmp_path):
    out = tmp_path / "out"
    result = run(write(tmp_path / "r.csv", "name\nAna\n"), "-r", "runna", "--out", out, "--format", "toml")
    assert result.exit_code == 0, result.output
    assert sorted(os.listdir(out)) == ["0001-ana.toml", "summary.csv"]
    assert read_plan(out / "0001-ana.toml").athlete.name == "Ana"


def test_bad_rows_are_reported_by_line_and_every_other_athlete_is_planned(tmp_path):
    roster = write(tmp_path / "team.csv", HEADER.replace(",body-mass-kg", "") +
                   "Alex,intermediate,mon tue thu sat sun,sun,fri,hybrid,200,half,2027-04-25,2027-01-04,,,\n"
                   "Bea,beginner,mon wed sat,sat,,home,120,5k,2027-02-30,2027-01-04,,,\n"
                   "Cy,beginner,mon wed sat,sat,,home,120,5k,2027-03-28,2027-01-04,,,\n")
    out = tmp_path / "out"
    result = run(roster, "--ruleset", "runna", "--out", out, "--jobs", "2")
    assert result.exit_code == 2
    assert "Traceback" not in result.output
    assert result.stderr.splitlines() == [
        f"runlift: error: {roster}: line 3, column race-date: expected a date like 2027-01-04, got '2027-02-30'",
        f"wrote 2 plan(s) and summary.csv to {out}: 0 athlete(s) without a feasible plan, 1 bad row(s)"]
    assert sorted(os.listdir(out)) == ["0001-alex.json", "0003-cy.json", "summary.csv"]
    bad = summary(out)[1]
    assert (bad["line"], bad["athlete"], bad["plan"], bad["feasible"]) == ("3", "Bea", "", "")
    assert bad["error"] == "line 3, column race-date: expected a date like 2027-01-04, got '2027-02-30'"


def test_an_infeasible_athlete_gets_the_conflict_in_the_summary_and_exit_1(tmp_path):
    roster = write(tmp_path / "r.csv", "name,run-days,race-distance,race-date,start\n"
                                       "Weekend,sat sun,half,2027-04-25,2027-01-04\n"
                                       "Daily,mon tue wed thu fri sat sun,half,2027-04-25,2027-01-04\n")
    out = tmp_path / "out"
    result = run(roster, "--ruleset", "five-three-two", "--out", out)
    assert result.exit_code == 1, result.output
    assert result.stderr.endswith("1 athlete(s) without a feasible plan, 0 bad row(s)\n")
    assert sorted(os.listdir(out)) == ["0002-daily.json", "summary.csv"]
    weekend = summary(out)[0]
    assert weekend["feasible"] == "no" and weekend["plan"] == "" and weekend["errors"] == ""
    assert weekend["conflict"].startswith("week 1 (")
    assert "FT101 (five-run-days)" in weekend["conflict"] and "2 available run days (sat, sun)" in weekend["conflict"]


def test_usage_errors(tmp_path):
    roster = write(tmp_path / "r.csv", "name\nAna\n")
    result = run(roster, "--ruleset", "runna")
    assert result.exit_code == 2 and "Missing option '--out'" in result.output
    result = run(roster, "--ruleset", "nope", "--out", tmp_path / "o")
    assert result.exit_code == 2
    assert result.stderr.startswith("runlift: error: unknown ruleset 'nope'")
    result = run(roster, "--ruleset", "runna", "--out", roster)
    assert result.exit_code == 2
    assert result.stderr == f"runlift: error: {roster}: cannot create the output directory: File exists\n"
    result = run(roster, "--ruleset", "runna", "--out", tmp_path / "o", "--format", "md")
    assert result.exit_code == 2 and "'md' is not one of 'json', 'toml'" in result.output


def test_help_documents_the_roster_format_and_exit_codes():
    result = CliRunner().invoke(cli, ["batch", "--help"])
    assert result.exit_code == 0
    for text in ("ROSTER.csv", "run-days", "body-mass-kg", "separated by spaces", "summary.csv", "Exit codes",
                 "--jobs"):
        assert text in result.output


def test_no_progress_bar_when_stderr_is_not_a_terminal(tmp_path):
    from runlift.commands import batch as command

    assert command._progress(10) is None


def test_the_progress_bar_counts_every_athlete(tmp_path, monkeypatch):
    calls = []
    roster = parse_roster("name\nAna\nBen\nCat\n", "r.csv")
    from runlift.loader import RulesetLoader
    from runlift.planner import Planner

    plugins = plugins_with()
    planner = Planner(RulesetLoader(plugins).load("runna"), plugins=plugins)
    outcomes = batch_module.run_batch(roster, planner, str(tmp_path), jobs=2, progress=calls.append,
                                      started=lambda: calls.append("started"))
    assert calls == ["started", 1, 1, 1]
    assert [o.plan for o in outcomes] == ["0001-ana.json", "0002-ben.json", "0003-cat.json"]


# --------------------------------------------------------------------------- plugins in workers


class Shorter:
    """A plugin that caps every week at about 100 running minutes (visible in the plans)."""

    @hookimpl
    def runlift_adjust_week_targets(self, targets, week, athlete, ruleset):
        import attrs

        return attrs.evolve(targets, run_minutes=min(targets.run_minutes, 100))


def test_in_process_plugins_reach_the_worker_processes(tmp_path):
    roster = write(tmp_path / "r.csv", ROSTER)
    trees = []
    for jobs in ("1", "2"):
        out = tmp_path / f"out{jobs}"
        result = run(roster, "-r", "runna", "--out", out, "-j", jobs, obj=App(plugins=plugins_with(Shorter())))
        assert result.exit_code == 0, result.output
        trees.append(tree(out))
    assert trees[0] == trees[1]
    plan = json.loads(trees[1]["0003-sam.json"])
    week_minutes = [sum(s["minutes"] for d in w["days"] for s in d.get("sessions", ()) if s["sport"] == "run"
                        and s["type"] != "race") for w in plan["weeks"]]
    assert max(week_minutes) <= 120  # Sam runs 330 minutes a week without the plugin (rounding adds a little)


def test_spawned_workers_build_their_own_planner_from_the_recipe(tmp_path, monkeypatch):
    import multiprocessing

    spec = pickle.loads(pickle.dumps(PlannerSpec("runna", ("periodized",), planner=object())))
    assert (spec.ruleset_ref, spec.blocked, spec.planner) == ("runna", ("periodized",), None)
    monkeypatch.setattr(batch_module, "_mp_context", lambda: multiprocessing.get_context("spawn"))
    roster = write(tmp_path / "r.csv", "name\nAna\nBen\n")
    result = run(roster, "-r", "runna", "--out", tmp_path / "spawned", "-j", "2")
    assert result.exit_code == 0, result.output
    assert run(roster, "-r", "runna", "--out", tmp_path / "inline", "-j", "1").exit_code == 0
    assert tree(tmp_path / "spawned") == tree(tmp_path / "inline")


# --------------------------------------------------------------------------- atomic writes


def leftovers(directory: Path) -> list[str]:
    return sorted(p.name for p in directory.iterdir() if p.name.endswith(".tmp"))


def test_a_failing_rename_leaves_the_old_file_and_no_temporary_file(tmp_path, monkeypatch):
    target = tmp_path / "plan.json"
    target.write_text("old\n", encoding="utf-8")

    def broken_replace(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(ConfigError) as info:
        write_atomic(target, "new\n" * 1000)
    assert info.value.messages() == (f"{target}: cannot write: No space left on device",)
    assert target.read_text(encoding="utf-8") == "old\n"
    assert leftovers(tmp_path) == []


def test_an_interrupt_in_the_middle_of_writing_leaves_the_old_file(tmp_path, monkeypatch):
    target = tmp_path / "plan.json"
    target.write_text("old\n", encoding="utf-8")
    real_fsync = os.fsync

    def interrupted(fd):  # the data is half on its way to the disk when Ctrl-C arrives
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "fsync", interrupted)
    with pytest.raises(KeyboardInterrupt):
        write_atomic(target, "new\n" * 100_000)
    monkeypatch.setattr(os, "fsync", real_fsync)
    assert target.read_text(encoding="utf-8") == "old\n"
    assert leftovers(tmp_path) == []


class HalfWriter:
    """A file whose write puts half the text on disk, then fails (a full disk, a pulled USB stick)."""

    def __init__(self, fh):
        self.fh = fh

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.fh.close()

    def write(self, text):
        self.fh.write(text[: len(text) // 2])
        self.fh.flush()
        raise OSError(5, "Input/output error")

    def __getattr__(self, name):
        return getattr(self.fh, name)


def test_a_write_failing_halfway_leaves_no_new_file(tmp_path, monkeypatch):
    real_fdopen = os.fdopen
    monkeypatch.setattr(os, "fdopen", lambda fd, *a, **k: HalfWriter(real_fdopen(fd, *a, **k)))
    target = tmp_path / "new.json"
    with pytest.raises(ConfigError) as info:
        write_atomic(target, "x" * 10_000)
    assert info.value.messages() == (f"{target}: cannot write: Input/output error",)
    assert not target.exists()
    assert leftovers(tmp_path) == []


def test_batch_plan_files_are_written_atomically(tmp_path, monkeypatch):
    """A failure while writing one athlete's plan is that row's error; the old file stays whole."""
    out = tmp_path / "out"
    out.mkdir()
    (out / "0001-ana.json").write_text("old plan\n", encoding="utf-8")
    real_replace = os.replace

    def replace(src, dst):
        if os.path.basename(dst) == "0001-ana.json":
            raise OSError(13, "Permission denied")
        return real_replace(src, dst)

    monkeypatch.setattr(os, "replace", replace)
    result = run(write(tmp_path / "r.csv", "name\nAna\nBen\n"), "-r", "runna", "--out", out, "-j", "1")
    assert result.exit_code == 2
    assert result.stderr.splitlines()[0] == (f"runlift: error: {tmp_path / 'r.csv'}: line 2: {out / '0001-ana.json'}: "
                                             f"cannot write: Permission denied")
    assert (out / "0001-ana.json").read_text(encoding="utf-8") == "old plan\n"
    assert sorted(os.listdir(out)) == ["0001-ana.json", "0002-ben.json", "summary.csv"]
    assert leftovers(out) == []


def test_docs_list_every_roster_and_summary_column():
    doc = (Path(__file__).parent.parent / "docs" / "batch.md").read_text(encoding="utf-8")
    for column in (*batch_module.COLUMNS, *batch_module.SUMMARY_COLUMNS):
        assert f"| `{column}`" in doc or f"`{column}`, `" in doc or f", `{column}` |" in doc, column


def test_a_worker_that_cannot_start_is_a_clean_error(tmp_path, monkeypatch):
    def broken_init(spec):
        os._exit(3)

    monkeypatch.setattr(batch_module, "_init_worker", broken_init)
    result = run(write(tmp_path / "r.csv", "name\nAna\nBen\n"), "-r", "runna", "--out", tmp_path / "o", "-j", "2")
    assert result.exit_code == 2
    assert "Traceback" not in result.output
    assert result.stderr.startswith("runlift: error: a worker process stopped unexpectedly after 0 of 2 athletes")
