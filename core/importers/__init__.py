"""Importers that turn other people's plan files (CSV, iCalendar) into a :class:`~runlift.model.Plan`.

Shared rules, documented in ``docs/plan-format.md``:

* Days run from the first imported date to the last, every date in between included; dates without
  sessions are empty days (rest). Nothing before the first date or after the last is invented.
* Weeks are Monday-Sunday, numbered from 1; the first and last week may hold fewer than seven days.
  ``phase`` is ``""`` (unknown): the checker lays phases out from the ruleset.
* A session without an RPE gets :data:`DEFAULT_RPE` for its intensity, and 0 for ``rest``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence

from attrs import frozen

from ..converter import describe, did_you_mean
from ..errors import ConfigError
from ..model import Day, Plan, PlanInputs, Session, Week

#: RPE given to an imported session that does not say (CR-10 scale); ``rest`` sessions get 0.
DEFAULT_RPE: dict[str, int] = {"easy": 3, "moderate": 5, "hard": 7}

#: At most this many problems are listed; the rest are counted.
MAX_PROBLEMS = 50

#: An import may span at most this many days (about ten years), which catches a mistyped year.
MAX_SPAN_DAYS = 3653


@frozen
class Imported:
    """An imported plan and the warnings about what was skipped."""

    plan: Plan
    warnings: tuple[str, ...] = ()


def default_rpe(sport: str, intensity: str) -> int:
    return 0 if sport == "rest" else DEFAULT_RPE[intensity]


def capped(messages: Sequence[str], label: str) -> list[str]:
    """The first :data:`MAX_PROBLEMS` messages, then one line counting the rest."""
    if len(messages) <= MAX_PROBLEMS:
        return list(messages)
    return [*messages[:MAX_PROBLEMS], f"{label}: ... and {len(messages) - MAX_PROBLEMS} more problems"]


def span_problem(dates: Iterable[dt.date]) -> str | None:
    """A message when the dates span more than :data:`MAX_SPAN_DAYS`, else None."""
    dates = sorted(dates)
    if dates and (dates[-1] - dates[0]).days >= MAX_SPAN_DAYS:
        return (f"the plan would span {(dates[-1] - dates[0]).days + 1} days, from {dates[0].isoformat()} to "
                f"{dates[-1].isoformat()}; at most {MAX_SPAN_DAYS} (is a year mistyped?)")
    return None


def plan_from_sessions(by_date: Mapping[dt.date, Sequence[Session]]) -> Plan:
    """Monday-Sunday weeks holding every date from the first to the last given date, sessions as given."""
    if not by_date:
        return Plan(inputs=PlanInputs(mode="imported"), weeks=())
    first, last = min(by_date), max(by_date)
    monday = first - dt.timedelta(days=first.weekday())
    weeks = []
    while monday <= last:
        days = tuple(Day(date=d, sessions=tuple(by_date.get(d, ())))
                     for d in (monday + dt.timedelta(days=i) for i in range(7)) if first <= d <= last)
        weeks.append(Week(index=len(weeks) + 1, phase="", start=monday, days=days))
        monday += dt.timedelta(days=7)
    return Plan(inputs=PlanInputs(mode="imported"), weeks=tuple(weeks))


def csv_header(cells: Sequence[str], columns: Sequence[str], required: Sequence[str], label: str, line: int,
               required_note: str) -> list[str]:
    """A CSV header's column names (lower-cased, stripped), or one ConfigError listing every nameless,
    unknown, repeated and missing column. Shared by plan CSVs and batch rosters; ``required_note`` ends the
    missing-column message, e.g. ``(required: date,sport,type)``."""
    names = [c.strip().lower() for c in cells]
    problems = []
    for i, name in enumerate(names):
        if not name:
            problems.append(f"{label}: line {line}: column {i + 1} has no name")
        elif name not in columns:
            problems.append(f"{label}: line {line}: unknown column {describe(name)}{did_you_mean(name, columns)} "
                            f"(columns: {', '.join(columns)})")
        elif name in names[:i]:
            problems.append(f"{label}: line {line}: column {name!r} appears twice")
    missing = [c for c in required if c not in names]
    if missing:
        problems.append(f"{label}: line {line}: missing column{'s' if len(missing) > 1 else ''} "
                        f"{', '.join(missing)} {required_note}")
    if problems:
        raise ConfigError(label, problems)
    return names
