"""``runlift batch``: a plan for every athlete of a roster CSV, across processes, and a summary CSV."""

from __future__ import annotations

import os
import sys

import click


@click.command()
@click.argument("roster_path", metavar="ROSTER.csv")
@click.option("--ruleset", "-r", "ruleset_ref", required=True, metavar="NAME|PATH",
              help="The philosophy to plan under: a ruleset name or a TOML path.")
@click.option("--out", "out_dir", required=True, metavar="DIR",
              help="Directory for the plans and summary.csv (created if missing).")
@click.option("--jobs", "-j", type=click.IntRange(min=0), default=0, show_default="0 = one per CPU",
              help="Worker processes; 1 plans in this process.")
@click.option("--format", "fmt", type=click.Choice(("json", "toml")), default="json", show_default=True,
              help="Plan file format.")
@click.pass_obj
def batch(app, roster_path, ruleset_ref, out_dir, jobs, fmt):
    """Plan every athlete of ROSTER.csv under one philosophy: one plan file each, plus DIR/summary.csv.

    \b
    ROSTER.csv: a header row, then one athlete per row. Columns (any order, only
    name required; an empty cell takes the default, as in an athlete TOML file):
      name, experience, run-days, long-run-day, rest-days, equipment,
      baseline-minutes, race-distance, race-date, start, weeks-off,
      break-reason, niggles, body-mass-kg
    Lists (run-days, rest-days, niggles) are words separated by spaces:
    "mon tue thu sat". Dates are like 2027-01-04; long-run-day may be "none".
    Blank lines and lines starting with # are skipped.

    \b
    Plans are written as DIR/0001-alex.json (the row's number, then the name),
    each atomically. DIR/summary.csv has one line per row: line, athlete, plan,
    feasible, errors, warnings, peak-weekly-load, conflict (why no plan exists),
    error (what is wrong with the row). The files are the same whatever --jobs is.

    \b
    Exit codes: 0 every athlete has a plan; 1 some athletes have none (no week
    fits the rules: see the conflict column); 2 a bad roster file or ruleset
    (nothing is planned), or some rows are bad (each reported with its line;
    every other athlete is still planned).
    """
    from ..batch import SUMMARY_NAME, PlannerSpec, read_roster, run_batch, summary_csv
    from .options import available_cpus
    from ..errors import ConfigError
    from ..planio import write_atomic
    from ..planner import Planner

    roster = read_roster(roster_path)
    ruleset = app.loader.load(ruleset_ref)
    planner = Planner(ruleset, plugins=app.plugins)
    try:
        os.makedirs(out_dir, exist_ok=True)
    except OSError as exc:
        raise ConfigError(out_dir, [f"{out_dir}: cannot create the output directory: {exc.strerror or exc}"]) \
            from None
    if not os.path.isdir(out_dir):
        raise ConfigError(out_dir, [f"{out_dir}: not a directory"])

    for row in roster.bad:
        for message in row.problems:
            click.echo(f"runlift: error: {message}", err=True)

    todo = len(roster.rows) - len(roster.bad)
    jobs = jobs or available_cpus()
    bar = _progress(todo)
    try:
        outcomes = run_batch(roster, planner, out_dir, fmt=fmt, jobs=jobs,
                             spec=PlannerSpec(ruleset_ref, app.blocked),
                             progress=bar.advance if bar else None, started=bar.start if bar else None)
    finally:
        if bar:
            bar.stop()
    write_atomic(os.path.join(out_dir, SUMMARY_NAME), summary_csv(outcomes))

    failed = [o for o in outcomes if o.error and o.feasible is None]
    for o, row in zip(outcomes, roster.rows):
        if o.error and not row.problems:
            click.echo(f"runlift: error: {roster.label}: line {o.line}: {o.error}", err=True)
    written = sum(o.feasible is True for o in outcomes)
    infeasible = sum(o.feasible is False for o in outcomes)
    click.echo(f"wrote {written} plan(s) and {SUMMARY_NAME} to {out_dir}: {infeasible} athlete(s) without a "
               f"feasible plan, {len(failed)} bad row(s)", err=True)
    if failed:
        raise SystemExit(2)
    if infeasible:
        raise SystemExit(1)


class _Bar:
    """A rich progress bar on stderr (imported only when stderr is a terminal)."""

    def __init__(self, total: int):
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

        self.progress = Progress(TextColumn("planning"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
                                 console=Console(stderr=True), transient=True)
        self.task = self.progress.add_task("planning", total=total)
        self.running = False

    def start(self) -> None:
        self.progress.start()
        self.running = True

    def advance(self, n: int) -> None:
        self.progress.advance(self.task, n)

    def stop(self) -> None:
        if self.running:
            self.progress.stop()
            self.running = False


def _progress(total: int) -> _Bar | None:
    try:
        tty = sys.stderr.isatty()
    except (AttributeError, ValueError):
        tty = False
    return _Bar(total) if tty and total else None
