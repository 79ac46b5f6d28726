"""Findings: what the checker says about a plan, one broken rule at one place.

A :class:`Finding` is plain data: the rule's code and name, its severity, where (plan week and dates),
which sessions, a one-line message in the runner's terms ("heavy lower-body lifting on Tue 12 Jan, the
day before intervals"), and why (the rule's rationale and source citation). Findings sort
deterministically by :attr:`Finding.sort_key`.

The text helpers here (:func:`day_label`, :func:`session_phrase`, :func:`session_label`) are what every
built-in rule kind uses to write messages; third-party kinds should use them too, so all findings
read alike.
"""

from __future__ import annotations

import datetime as dt
import functools
from typing import Any, Literal

from attrs import field, frozen, validators as v

from .vocabulary import WEEKDAY_TITLES

FindingSeverity = Literal["warn", "error"]


@frozen
class Finding:
    """One place where a plan breaks one rule."""

    code: str
    name: str
    severity: FindingSeverity = field(validator=v.in_(("warn", "error")))
    message: str
    week: int | None = None
    dates: tuple[dt.date, ...] = ()
    sessions: tuple[str, ...] = ()
    rationale: str = ""
    source: str = ""

    @property
    def sort_key(self) -> tuple:
        """(week, first date, code, message); plan-wide findings (no week) come first."""
        return (-1 if self.week is None else self.week, self.dates[0] if self.dates else dt.date.min,
                self.code, self.message)

    @property
    def is_error(self) -> bool:
        return self.severity == "error"

    def to_dict(self) -> dict[str, Any]:
        """Every field, JSON-ready (dates as ISO strings)."""
        return {
            "code": self.code, "name": self.name, "severity": self.severity, "week": self.week,
            "dates": [d.isoformat() for d in self.dates], "sessions": list(self.sessions),
            "message": self.message, "rationale": self.rationale, "source": self.source,
        }


def sort_findings(findings) -> tuple[Finding, ...]:
    return tuple(sorted(findings, key=lambda f: f.sort_key))


# --------------------------------------------------------------------------- text helpers

_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


@functools.lru_cache(maxsize=4096)
def day_label(date: dt.date) -> str:
    """``Tue 12 Jan``: weekday, day of month, month (the year is in the plan, not the message)."""
    return f"{WEEKDAY_TITLES[date.weekday()]} {date.day} {_MONTHS[date.month - 1]}"


_RUN_PHRASES = {
    "recovery": "recovery run", "easy": "easy run", "long": "long run", "tempo": "tempo run",
    "intervals": "intervals", "hills": "hill repeats", "strides": "strides", "race": "the race",
}
_STRENGTH_PHRASES = {
    "lower": "lower-body lifting", "upper": "upper-body lifting", "full": "full-body lifting",
    "core": "core work", "isometric": "isometric holds", "plyometric": "plyometrics",
    "mobility": "mobility work", "prehab": "prehab work", "circuit": "a strength circuit",
}
_STRENGTH_INTENSITY = {"hard": "heavy ", "moderate": "moderate ", "easy": "light "}


def session_phrase(session: Any) -> str:
    """A session as a runner would say it: ``heavy lower-body lifting``, ``intervals``, ``long run``."""
    return _phrase(session.sport, session.type, session.intensity)


@functools.lru_cache(maxsize=1024)
def _phrase(sport: str, kind: str, intensity: str) -> str:
    if sport == "run":
        return _RUN_PHRASES.get(kind, f"{kind} run")
    if sport == "strength":
        what = _STRENGTH_PHRASES.get(kind, f"{kind} strength")
        if what.startswith("a "):
            what = what[2:]
        return _STRENGTH_INTENSITY.get(intensity, "") + what
    if sport == "mobility":
        return "mobility" if kind == "mobility" else f"{kind} (mobility)"
    if sport == "cross":
        return f"{kind} (cross-training)"
    return "rest" if kind == "rest" else kind.replace("-", " ")


def session_label(date: dt.date, session: Any) -> str:
    """``Tue 12 Jan: heavy lower-body lifting (45 min)``: the short description in ``Finding.sessions``."""
    minutes = f" ({session.minutes} min)" if session.minutes else ""
    return f"{day_label(date)}: {session_phrase(session)}{minutes}"


def plural(n: int, word: str, many: str | None = None) -> str:
    """``1 session``, ``2 sessions``."""
    return f"{n} {word if n == 1 else (many or word + 's')}"


def days_phrase(n: int) -> str:
    """``the same day``, ``the day before`` style distance words for ``n`` days."""
    return {0: "the same day", 1: "the next day"}.get(n, f"{n} days later")
