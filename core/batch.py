"""Batch planning: one plan per athlete of a roster CSV, across processes, plus a summary CSV.

The roster (``docs/batch.md``) is a CSV file with a header row of athlete keys, kebab-case as in an
athlete TOML file, then one athlete per row::

    name,experience,run-days,long-run-day,rest-days,equipment,baseline-minutes,race-distance,race-date
    Alex,intermediate,mon tue thu sat sun,sun,fri,hybrid,200,half,2027-04-25

Only ``name`` is required; an empty cell takes the athlete default. Lists (``run-days``, ``rest-days``,
``niggles``) are words separated by spaces. Lines starting with ``#`` and blank lines are skipped.

:func:`read_roster` parses the whole file: a bad header (or an unreadable file) is a
:class:`~runlift.errors.ConfigError`; a bad row is a :class:`Row` with ``problems``, and every other row
is still planned. :func:`run_batch` plans every good row, with one :class:`~runlift.planner.Planner` per
worker process (built once, so its caches serve every athlete of that worker; athletes of one shape go
to the workers one after another, see :func:`shape_key`), writes each plan with
:func:`~runlift.planio.write_atomic` from the worker, and returns one :class:`Outcome` per row in roster
order. Everything a row's outcome holds depends on that row alone, so the files are byte-identical
whatever the number of processes. Plan files are written without syncing the directory each time: the
summary, written last into the same directory, syncs it once.
"""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import io
import math
import os
import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any

from attrs import frozen

from .converter import converter, describe, flatten_error
from .errors import ConfigError, InfeasibleError, RunliftError
from .importers import csv_header
from .model import Athlete, Race

#: Roster columns: the athlete keys (``race`` split into ``race-distance`` and ``race-date``).
COLUMNS = ("name", "experience", "run-days", "long-run-day", "rest-days", "equipment", "baseline-minutes",
           "race-distance", "race-date", "start", "weeks-off", "break-reason", "niggles", "body-mass-kg")
REQUIRED_COLUMNS = ("name",)
LIST_COLUMNS = frozenset({"run-days", "rest-days", "niggles"})
INT_COLUMNS = frozenset({"baseline-minutes", "weeks-off"})
DATE_COLUMNS = frozenset({"race-date", "start"})
#: How a cell says "no value" where the default is not empty (``long-run-day``).
NONE = "none"
#: The summary file written beside the plans, and its columns.
SUMMARY_NAME = "summary.csv"
SUMMARY_COLUMNS = ("line", "athlete", "plan", "feasible", "errors", "warnings", "peak-weekly-load", "conflict",
                   "error")
#: A roster may hold at most this many athletes, and a cell at most this many characters.
MAX_ROWS = 1_000_000
MAX_CELL = 200

_INT = re.compile(r"[+-]?\d{1,9}")
_NUMBER = re.compile(r"[+-]?(\d{1,9}(\.\d*)?|\.\d+)")


# --------------------------------------------------------------------------- the roster


@frozen
class Row:
    """One roster row: its 1-based number among the athletes, its line in the file, and the athlete or
    the problems (complete messages naming the file, line and column)."""

    number: int
    line: int
    name: str
    athlete: Athlete | None = None
    race_date: dt.date | None = None  # a race date given without a distance
    problems: tuple[str, ...] = ()


@frozen
class Roster:
    label: str
    rows: tuple[Row, ...]

    @property
    def bad(self) -> tuple[Row, ...]:
        return tuple(r for r in self.rows if r.problems)


def read_roster(path: str | os.PathLike) -> Roster:
    """The roster in a CSV file; ConfigError for an unreadable file or a bad header."""
    from .textfiles import read_text_file

    label = os.fspath(path)
    return parse_roster(read_text_file(label, "roster"), label)


def parse_roster(text: str, label: str) -> Roster:
    rows = _records(text, label)
    first = next(rows, None)
    if first is None:
        raise ConfigError(label, [f"{label}: the roster is empty; expected a header row like "
                                  f"name,experience,run-days,... (columns: {', '.join(COLUMNS)})"])
    header_line, header = first
    names = csv_header(header, COLUMNS, REQUIRED_COLUMNS, label, header_line,
                       f"(a roster needs at least: {', '.join(REQUIRED_COLUMNS)})")
    out: list[Row] = []
    for line, cells in rows:
        number = len(out) + 1
        if number > MAX_ROWS:
            raise ConfigError(label, [f"{label}: line {line}: more than {MAX_ROWS} athletes in one roster"])
        out.append(parse_row(names, cells, number, line, label))
    if not out:
        raise ConfigError(label, [f"{label}: no athletes: the roster has a header row but no rows"])
    return Roster(label=label, rows=tuple(out))


def _records(text: str, label: str) -> Iterator[tuple[int, list[str]]]:
    """(line where the record starts, cells) for every record that is not blank or a ``#`` comment."""
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    line = 1
    try:
        for record in reader:
            if any(c.strip() for c in record) and not record[0].lstrip().startswith("#"):
                yield line, record
            line = reader.line_num + 1
    except csv.Error as exc:
        raise ConfigError(label, [f"{label}: line {reader.line_num}: malformed CSV: {exc}"]) from None


class _Bad(ValueError):
    """One bad cell; the message says what was expected."""


def _cell_value(column: str, text: str) -> Any:
    """A cell's text as the value an athlete TOML file would hold for that key."""
    if len(text) > MAX_CELL:
        raise _Bad(f"expected at most {MAX_CELL} characters, got {len(text)}")
    if column in LIST_COLUMNS:
        if "," in text or ";" in text:
            raise _Bad(f"expected words separated by spaces (like \"mon wed fri\"), got {describe(text)}")
        return text.split()
    if column in INT_COLUMNS:
        if not _INT.fullmatch(text):
            raise _Bad(f"expected a whole number, got {describe(text)}")
        return int(text)
    if column == "body-mass-kg":
        if not _NUMBER.fullmatch(text):
            raise _Bad(f"expected a number like 68.5, got {describe(text)}")
        return float(text)
    if column in DATE_COLUMNS:
        try:
            return dt.date.fromisoformat(text)
        except ValueError:
            raise _Bad(f"expected a date like 2027-01-04, got {describe(text)}") from None
    if column == "long-run-day" and text == NONE:
        return None
    return text




def _column_of(path: str) -> str:
    """The roster column for a converter key path: ``run-days[2]`` -> ``run-days``, ``race.date`` -> ``race-date``."""
    head = re.split(r"[.\[]", path, maxsplit=1)[0]
    if head == "race":
        rest = path[len("race."):]
        return f"race-{re.split(r'[.[]', rest, maxsplit=1)[0]}" if rest else "race-date"
    return head


def _cell_problems(key: str, value: Any) -> list[tuple[str, str]]:
    """(column, message) for each problem of one athlete key on its own (none: the key is fine)."""
    try:
        converter().structure({key: value}, Athlete)
    except Exception as exc:  # noqa: BLE001 - cattrs and attrs raise many kinds; all become messages
        out = []
        for path, message in flatten_error(exc):
            out.append((_column_of(path) if path else "", message))
        return out
    return []


def _athlete(data: dict[str, Any]) -> Athlete | None:
    """The athlete a row's cell values make, built directly: what the converter would build, since every
    value already has its key's type (see :func:`_cell_value`), and the model validates the rest. None when
    the values make no athlete; the converter then names every problem (it is slower: a roster of many
    athletes is parsed in the main process before any worker starts)."""
    fields = {}
    for key, value in data.items():
        if key == "race":
            try:
                value = Race(**value)
            except (TypeError, ValueError):
                return None
        elif isinstance(value, list):
            value = tuple(value)
        fields[key.replace("-", "_")] = value
    try:
        return Athlete(**fields)
    except (TypeError, ValueError):
        return None


def parse_row(names: Sequence[str], cells: Sequence[str], number: int, line: int, label: str) -> Row:
    """One roster record as a :class:`Row` (with ``problems`` when it is bad)."""
    where = f"{label}: line {line}"
    if len(cells) != len(names):
        return Row(number, line, "", problems=(f"{where}: {len(cells)} values, but the header has "
                                               f"{len(names)} columns",))
    data: dict[str, Any] = {}
    problems: list[str] = []
    for column, raw in zip(names, cells):
        text = raw.strip()
        if not text:
            continue
        try:
            data[column] = _cell_value(column, text)
        except _Bad as exc:
            problems.append(f"{where}, column {column}: {exc}")
    name = data.get("name", "")
    if "name" not in data and not any(p.startswith(f"{where}, column name:") for p in problems):
        problems.append(f"{where}, column name: missing value (every athlete needs a name)")
    race_date = data.pop("race-date", None)
    distance = data.pop("race-distance", None)
    race_only = None
    if distance is not None:
        if race_date is None:
            if not any(p.startswith(f"{where}, column race-date:") for p in problems):
                problems.append(f"{where}, column race-date: missing value (race-distance {describe(distance)} "
                                f"needs the race's date)")
        else:
            data["race"] = {"distance": distance, "date": race_date}
    elif race_date is not None:
        race_only = race_date
    athlete = _athlete(data)
    if athlete is None:
        try:
            athlete = converter().structure(data, Athlete)
        except Exception:  # noqa: BLE001 - every problem is reported, column by column
            athlete = None
    if athlete is None:
        # attrs validators run only once every field has structured, so each cell is checked on its own
        for column, value in data.items():
            found = _cell_problems(column, value)
            problems += [f"{where}, column {c}: {m}" if c else f"{where}: {m}" for c, m in found]
    if problems:
        order = {c: i for i, c in enumerate(names)}
        problems.sort(key=lambda p: order.get(p[len(where) + len(", column "):].split(":", 1)[0], -1))
        return Row(number, line, name, problems=tuple(problems))
    return Row(number, line, name, athlete=athlete, race_date=race_only)


# --------------------------------------------------------------------------- file names


def slug(name: str, limit: int = 40) -> str:
    """A file-name-safe ASCII form of a name: ``Zoë O'Neil`` -> ``zoe-o-neil`` (``athlete`` if nothing is left)."""
    text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii").lower()
    text = re.sub(r"[^a-z0-9]+", "-", text).strip("-")[:limit].rstrip("-")
    return text or "athlete"


def plan_file_name(row: Row, width: int, fmt: str) -> str:
    """``0001-alex.json``: the row's number (zero-padded to ``width``), the name's slug, the format."""
    return f"{row.number:0{width}d}-{slug(row.name)}.{fmt}"


def number_width(count: int) -> int:
    return max(4, len(str(count)))


# --------------------------------------------------------------------------- planning


@frozen
class Outcome:
    """What became of one roster row."""

    line: int
    athlete: str
    plan: str = ""  # the plan's file name, when one was written
    feasible: bool | None = None  # None: the row was bad or could not be planned
    errors: int = 0
    warnings: int = 0
    peak_load: float | None = None
    conflict: str = ""
    error: str = ""

    def summary_row(self) -> list[str]:
        feasible = "" if self.feasible is None else ("yes" if self.feasible else "no")
        peak = "" if self.peak_load is None else f"{self.peak_load:.1f}"
        errors, warnings = ("", "") if self.feasible is not True else (str(self.errors), str(self.warnings))
        return [str(self.line), self.athlete, self.plan, feasible, errors, warnings, peak, self.conflict, self.error]


class PlannerSpec:
    """How a worker process gets its planner: the parent's planner itself when the process is forked
    (nothing is pickled then), else the recipe to build one: plugins by blocked names, the ruleset by
    reference. Only the recipe is pickled."""

    def __init__(self, ruleset_ref: str, blocked: tuple[str, ...] = (), planner: Any = None):
        self.ruleset_ref = ruleset_ref
        self.blocked = tuple(blocked)
        self.planner = planner

    def __reduce__(self):
        return (PlannerSpec, (self.ruleset_ref, self.blocked))

    def build(self):
        if self.planner is not None:
            return self.planner
        from .loader import RulesetLoader
        from .planner import Planner
        from .plugin_manager import Plugins

        plugins = Plugins.load(blocked=self.blocked)
        return Planner(RulesetLoader(plugins).load(self.ruleset_ref), plugins=plugins)


@frozen
class Job:
    """One athlete to plan: the row, where its plan goes, in which format."""

    row: Row
    path: str
    fmt: str


_WORKER: dict[str, Any] = {}


def _init_worker(spec: PlannerSpec) -> None:
    _WORKER["planner"] = spec.build()


def plan_one(planner, job: Job) -> Outcome:
    """Plan one athlete and write the plan; every failure becomes part of the outcome, never an exception."""
    outcome, text = _plan(planner, job)
    return outcome if text is None else _written(outcome, _write(job, text))


def plan_jobs(planner, jobs: Iterable[Job], progress: Callable[[int], None] | None = None) -> list[Outcome]:
    """:func:`plan_one` for every job, in order, but each file is written by a background thread while the
    next athlete is planned: writing mostly waits for the disk (every file is flushed), planning does not.
    ``progress(1)`` is called as each athlete is planned."""
    from concurrent.futures import ThreadPoolExecutor

    planned = []
    with _few_collections(), ThreadPoolExecutor(max_workers=1, thread_name_prefix="runlift-writer") as writer:
        for job in jobs:
            outcome, text = _plan(planner, job)
            planned.append((outcome, None if text is None else writer.submit(_write, job, text)))
            if progress:
                progress(1)
    return [outcome if writing is None else _written(outcome, writing.result()) for outcome, writing in planned]


#: Young-generation threshold of the garbage collector while a batch plans (CPython's default is 700).
GC_THRESHOLD = 50_000


@contextlib.contextmanager
def _few_collections():
    """Run the cyclic garbage collector rarely while planning: the planner's memos grow into hundreds of
    thousands of long-lived objects, and each full collection walks them all (about a third of a batch's
    time with the default thresholds). Plans make few reference cycles, so memory stays flat; the old
    thresholds come back afterwards."""
    import gc

    old = gc.get_threshold()
    gc.set_threshold(GC_THRESHOLD, 20, 20)
    try:
        yield
    finally:
        gc.set_threshold(*old)


def _plan(planner, job: Job) -> tuple[Outcome, str | None]:
    """The outcome of planning one athlete, and the plan's text still to be written (None: no plan)."""
    from .metrics import weekly_loads
    from .planio import dump_plan

    row = job.row
    try:
        result = planner.plan(row.athlete, race_date=row.race_date)
    except InfeasibleError as exc:
        return Outcome(line=row.line, athlete=row.name, feasible=False, conflict=str(exc)), None
    except RunliftError as exc:
        return Outcome(line=row.line, athlete=row.name, error="; ".join(exc.messages())), None
    except Exception as exc:  # a planner bug must not cost the other athletes their plans
        return Outcome(line=row.line, athlete=row.name,
                       error=f"runlift could not plan this athlete (a bug, please report it): "
                             f"{type(exc).__name__}: {exc}"), None
    errors = sum(f.severity == "error" for f in result.findings)
    loads = weekly_loads(result.plan)
    return (Outcome(line=row.line, athlete=row.name, plan=os.path.basename(job.path), feasible=True, errors=errors,
                    warnings=len(result.findings) - errors, peak_load=max(loads) if loads else 0.0),
            dump_plan(result.plan, job.fmt))


def _write(job: Job, text: str) -> str:
    """Write one plan file; what went wrong, or "" when it is written."""
    from .planio import write_atomic

    try:  # the directory is synced once, by the summary written last (see run_batch)
        write_atomic(job.path, text, sync_directory=False)
    except RunliftError as exc:
        return "; ".join(exc.messages())
    return ""


def _written(outcome: Outcome, error: str) -> Outcome:
    """A planned athlete's outcome once the file is written: unchanged, or only the write's error."""
    return Outcome(line=outcome.line, athlete=outcome.athlete, error=error) if error else outcome


def shape_key(row: Row) -> tuple:
    """What decides most of an athlete's weeks (the planner's caches are keyed by it, not by name or dates):
    workers get athletes in this order, so similar athletes meet the same warm planner."""
    a = row.athlete
    assert a is not None
    return (a.race.distance if a.race else "", a.run_days, a.long_run_day or "", a.rest_days, a.equipment,
            a.niggles, a.experience, a.weeks_off, a.baseline_minutes, a.break_reason or "")


def _plan_chunk(jobs: list[Job]) -> list[Outcome]:
    return plan_jobs(_WORKER["planner"], jobs)


def chunk_size(count: int, jobs: int) -> int:
    """Chunks small enough to balance the workers (about 8 per worker), large enough to keep IPC cheap."""
    return max(1, min(256, math.ceil(count / (jobs * 8))))


def _mp_context():
    """Fork where the platform has it safely (Linux): workers inherit the parent's planner, plugins given
    in-process included, with nothing re-loaded. Elsewhere: spawn, and each worker builds its own."""
    import multiprocessing
    import sys

    if sys.platform.startswith("linux") and "fork" in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context("spawn")


def run_batch(roster: Roster, planner, out_dir: str, fmt: str = "json", jobs: int = 1,
              spec: PlannerSpec | None = None, progress: Callable[[int], None] | None = None,
              started: Callable[[], None] | None = None) -> list[Outcome]:
    """Plan every good row of ``roster`` into ``out_dir``; one :class:`Outcome` per row, in roster order.

    ``jobs`` 1 plans in this process with ``planner``; more uses a process pool whose workers each hold one
    planner (``spec`` says how they get it). ``progress(n)`` is called after each planned athlete;
    ``started()`` once the workers run (a progress display may start its thread then, never before a fork).
    """
    width = number_width(len(roster.rows))
    work = [Job(row, os.path.join(out_dir, plan_file_name(row, width, fmt)), fmt)
            for row in roster.rows if not row.problems]
    if jobs <= 1 or len(work) <= 1:
        if started:
            started()
        planned = plan_jobs(planner, work, progress)
    else:
        from concurrent.futures import ProcessPoolExecutor
        from concurrent.futures.process import BrokenProcessPool

        spec = PlannerSpec(spec.ruleset_ref if spec else planner.ruleset.name, spec.blocked if spec else (),
                           planner=planner)
        workers = min(jobs, len(work))
        # athletes of one shape in a row, so that a chunk's athletes share its worker's planner caches
        order = sorted(range(len(work)), key=lambda i: (shape_key(work[i].row), i))
        size = chunk_size(len(work), workers)
        chunks = [order[k:k + size] for k in range(0, len(order), size)]
        outcomes: list[Any] = [None] * len(work)
        count = 0
        try:
            with ProcessPoolExecutor(max_workers=workers, mp_context=_mp_context(), initializer=_init_worker,
                                     initargs=(spec,)) as pool:
                results = pool.map(_plan_chunk, [[work[i] for i in chunk] for chunk in chunks])
                if started:
                    started()
                for chunk, chunk_outcomes in zip(chunks, results):
                    for i, outcome in zip(chunk, chunk_outcomes):
                        outcomes[i] = outcome
                        count += 1
                        if progress:
                            progress(1)
        except BrokenProcessPool as exc:  # a worker was killed (out of memory, a signal) or failed to start
            raise RunliftError(f"a worker process stopped unexpectedly after {count} of {len(work)} "
                               f"athletes ({exc}); try fewer --jobs") from None
        planned = outcomes
    done = iter(planned)
    out = []
    for row in roster.rows:
        if row.problems:
            out.append(Outcome(line=row.line, athlete=row.name, error="; ".join(_strip_label(p, roster.label)
                                                                               for p in row.problems)))
        else:
            out.append(next(done))
    return out


def _strip_label(message: str, label: str) -> str:
    return message[len(label) + 2:] if message.startswith(f"{label}: ") else message


def summary_csv(outcomes: Iterable[Outcome]) -> str:
    """The summary: one line per roster row, in roster order (``\\n`` line ends, so it is byte-stable)."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(SUMMARY_COLUMNS)
    for outcome in outcomes:
        writer.writerow(outcome.summary_row())
    return buf.getvalue()
