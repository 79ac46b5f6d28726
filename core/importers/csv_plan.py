"""Import a plan from CSV: a header row, then one session per row.

Columns ``date,sport,type,intensity,minutes`` are required, ``order,rpe,time,notes`` optional, in any
order; header names are matched ignoring case and surrounding spaces; any other column is an error.
Rows on the same date form one day, in file order unless every row of that day gives a distinct
``order``. Blank lines are skipped. Problems name the line (header = line 1) and the column.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Mapping

from ..converter import describe
from ..errors import ConfigError
from ..model import Session
from ..planio import unknown_word
from ..vocabulary import INTENSITIES, TIMES_OF_DAY
from . import Imported, capped, csv_header, default_rpe, plan_from_sessions, span_problem

REQUIRED_COLUMNS = ("date", "sport", "type", "intensity", "minutes")
OPTIONAL_COLUMNS = ("order", "rpe", "time", "notes")
COLUMNS = REQUIRED_COLUMNS + OPTIONAL_COLUMNS
MAX_MINUTES = 24 * 60
MAX_SESSIONS_PER_DAY = 9

_WHOLE = re.compile(r"\d{1,6}")


class _Bad(ValueError):
    """One bad cell; the message says what was expected."""


def _whole(text: str, low: int, high: int, what: str) -> int:
    if not _WHOLE.fullmatch(text) or not low <= int(text) <= high:
        raise _Bad(f"expected {what} from {low} to {high}, got {describe(text)}")
    return int(text)


def _choice(text: str, choices, what: str) -> str:
    if text not in choices:
        raise _Bad(unknown_word(what, text, choices))
    return text


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise _Bad(f"expected an ISO 8601 date like 2024-01-01, got {describe(text)}") from None


def _minutes(text: str) -> int:
    if not _WHOLE.fullmatch(text):
        raise _Bad(f"expected a whole number of minutes, got {describe(text)}")
    if int(text) > MAX_MINUTES:
        raise _Bad(f"expected at most {MAX_MINUTES} minutes (24 hours), got {describe(text)}")
    return int(text)


def _session(cells: dict[str, str], types: Mapping[str, tuple[str, ...]]):
    """(date, session fields, given order or None, [(column, message)]) for one row."""
    bad: list[tuple[str, str]] = []
    out: dict[str, object] = {}

    def cell(column: str, parse, *args, required: bool = True):
        text = cells.get(column, "")
        if not text:
            if required:
                bad.append((column, "missing value"))
            return None
        try:
            return parse(text, *args)
        except _Bad as exc:
            bad.append((column, str(exc)))
            return None

    date = cell("date", _date)
    sport = cell("sport", _choice, tuple(types), "sport")
    if sport is not None:
        out["type"] = cell("type", _choice, types[sport], f"{sport} type")
    else:
        cell("type", str)
    out["sport"] = sport
    out["intensity"] = cell("intensity", _choice, INTENSITIES, "intensity")
    out["minutes"] = cell("minutes", _minutes)
    rpe = cell("rpe", _whole, 0, 10, "a whole number", required=False)
    order = cell("order", _whole, 1, MAX_SESSIONS_PER_DAY, "a whole number", required=False)
    out["time"] = cell("time", _choice, TIMES_OF_DAY, "time of day", required=False) or "any"
    out["notes"] = cells.get("notes") or None
    if sport is not None and out["intensity"] is not None:
        out["rpe"] = default_rpe(sport, out["intensity"]) if rpe is None else rpe
    return date, out, order, bad


def _rows(text: str, label: str):
    """(line number, cells) for the header and every non-blank row."""
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    line = 1
    try:
        for row in reader:
            if any(c.strip() for c in row):
                yield line, row
            line = reader.line_num + 1
    except csv.Error as exc:
        raise ConfigError(label, [f"{label}: line {reader.line_num}: malformed CSV: {exc}"]) from None


def import_csv(text: str, label: str, types: Mapping[str, tuple[str, ...]]) -> Imported:
    """Parse CSV text into a plan; every problem is listed in one ConfigError."""
    rows = _rows(text, label)
    first = next(rows, None)
    if first is None:
        raise ConfigError(label, [f"{label}: the file is empty; expected a header row like "
                                  f"{','.join(REQUIRED_COLUMNS)}"])
    names = csv_header(first[1], COLUMNS, REQUIRED_COLUMNS, label, 1, f"(required: {','.join(REQUIRED_COLUMNS)})")
    problems: list[tuple[int, str]] = []
    days: dict[dt.date, list[tuple[int, int | None, dict]]] = {}
    for line, row in rows:
        if len(row) != len(names):
            problems.append((line, f"{label}: line {line}: {len(row)} values, but the header has "
                                   f"{len(names)} columns"))
            continue
        date, fields, order, bad = _session(dict(zip(names, (c.strip() for c in row))), types)
        problems += [(line, f"{label}: line {line}, column {column}: {message}") for column, message in bad]
        if not bad:
            days.setdefault(date, []).append((line, order, fields))
    if not days and not problems:
        problems.append((1, f"{label}: no sessions: the file has a header row but no rows"))
    sessions = {}
    for date, entries in days.items():
        day_problems = _day_problems(date, entries, label)
        problems += day_problems
        if day_problems:
            continue
        if any(order is not None for _, order, _ in entries):
            entries = sorted(entries, key=lambda e: e[1] or 0)
        sessions[date] = [Session(**{**fields, "order": order or i + 1})
                          for i, (_, order, fields) in enumerate(entries)]
    span = span_problem(days)
    if span:
        problems.append((1, f"{label}: column date: {span}"))
    if problems:
        problems.sort(key=lambda p: p[0])
        raise ConfigError(label, capped([m for _, m in problems], label))
    return Imported(plan=plan_from_sessions(sessions))


def _day_problems(date: dt.date, entries: list[tuple[int, int | None, dict]], label: str) -> list[tuple[int, str]]:
    lines = [line for line, _, _ in entries]
    if len(entries) > MAX_SESSIONS_PER_DAY:
        return [(lines[MAX_SESSIONS_PER_DAY], f"{label}: line {lines[MAX_SESSIONS_PER_DAY]}: more than "
                                              f"{MAX_SESSIONS_PER_DAY} sessions on {date.isoformat()}")]
    given = [(line, order) for line, order, _ in entries if order is not None]
    if not given:
        return []
    out = []
    seen: dict[int, int] = {}
    for line, order, _ in entries:
        if order is None:
            out.append((line, f"{label}: line {line}, column order: missing value; other sessions on "
                              f"{date.isoformat()} give an order, so every session that day needs one"))
        elif order in seen:
            out.append((line, f"{label}: line {line}, column order: order {order} is also used on line "
                              f"{seen[order]} for {date.isoformat()}"))
        else:
            seen[order] = line
    return out
