"""Import a plan from an iCalendar (.ics) file: each VEVENT becomes one session.

Sport, type and intensity come from the words of the event's SUMMARY (or, when no rule matches
the summary, its CATEGORIES) through :data:`KEYWORDS`: the first rule with a matching word wins.
Date and time of day come from DTSTART as written (no time-zone conversion); minutes from
DTEND - DTSTART or DURATION, else from a figure in the summary ("45 min", "1h30", "90'").
``icalendar`` is imported only when a file is read.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping

from attrs import frozen

from ..errors import ConfigError
from ..model import Session
from . import Imported, capped, default_rpe, plan_from_sessions, span_problem

MAX_MINUTES = 24 * 60
MAX_SESSIONS_PER_DAY = 9
FOCUS = "by focus"  # the strength rule's type: chosen from STRENGTH_FOCUS


@frozen
class Keyword:
    """Words (whole words or phrases, lower-case) that map an event to sport, type and intensity."""

    words: tuple[str, ...]
    sport: str
    type: str
    intensity: str


#: The keyword table, tried top to bottom; documented in docs/plan-format.md (generated from here).
KEYWORDS: tuple[Keyword, ...] = (
    Keyword(("active recovery",), "rest", "active-recovery", "easy"),
    Keyword(("bike", "biking", "cycling", "cycle", "spin", "ride", "turbo"), "cross", "bike", "easy"),
    Keyword(("swim", "swimming", "pool"), "cross", "swim", "easy"),
    Keyword(("elliptical", "cross trainer"), "cross", "elliptical", "easy"),
    Keyword(("cross training", "cross train", "xt"), "cross", "other", "easy"),
    Keyword(("hills", "hill"), "run", "hills", "hard"),
    Keyword(("intervals", "interval", "track", "repeats", "reps", "fartlek", "vo2max", "speedwork"),
            "run", "intervals", "hard"),
    Keyword(("tempo", "threshold", "race pace", "marathon pace"), "run", "tempo", "hard"),
    Keyword(("long run",), "run", "long", "moderate"),
    Keyword(("strides",), "run", "strides", "easy"),
    Keyword(("race", "parkrun", "time trial", "marathon"), "run", "race", "hard"),
    Keyword(("recovery run", "recovery jog"), "run", "recovery", "easy"),
    Keyword(("run", "running", "jog", "jogging", "shakeout"), "run", "easy", "easy"),
    Keyword(("strength", "gym", "lift", "lifts", "lifting", "weights", "s&c", "legs", "leg day", "lower body",
             "upper body", "full body", "core", "plyo", "plyos", "plyometric", "plyometrics", "isometric",
             "isometrics", "prehab", "circuit", "circuits"),
            "strength", FOCUS, "moderate"),
    Keyword(("yoga",), "mobility", "yoga", "easy"),
    Keyword(("mobility",), "mobility", "mobility", "easy"),
    Keyword(("stretch", "stretching"), "mobility", "stretch", "easy"),
    Keyword(("foam roll", "foam rolling", "foam roller"), "mobility", "foam-roll", "easy"),
    Keyword(("activation",), "mobility", "activation", "easy"),
    Keyword(("long",), "run", "long", "moderate"),
    Keyword(("recovery",), "run", "recovery", "easy"),
    Keyword(("easy",), "run", "easy", "easy"),
    Keyword(("walk", "walking", "hike", "hiking"), "cross", "walk", "easy"),
    Keyword(("rest", "rest day", "day off"), "rest", "rest", "easy"),
)

#: A strength session's type: the first row with a word in the event; ``full`` when none.
STRENGTH_FOCUS: tuple[tuple[tuple[str, ...], str], ...] = (
    (("lower", "legs", "leg"), "lower"),
    (("upper", "arms"), "upper"),
    (("full", "total", "whole"), "full"),
    (("core", "abs"), "core"),
    (("plyo", "plyos", "plyometric", "plyometrics", "jumps", "bounds"), "plyometric"),
    (("isometric", "isometrics", "iso"), "isometric"),
    (("mobility",), "mobility"),
    (("prehab", "rehab"), "prehab"),
    (("circuit", "circuits"), "circuit"),
)
DEFAULT_FOCUS = "full"

#: Intensity words for strength and cross sessions, first row wins; otherwise the rule's intensity.
INTENSITY_WORDS: tuple[tuple[tuple[str, ...], str], ...] = (
    (("heavy", "hard", "max"), "hard"),
    (("moderate", "steady"), "moderate"),
    (("light", "easy"), "easy"),
)
MODIFIED_SPORTS = ("strength", "cross")

_DURATION = re.compile(
    r"(?<![\w.])(?:(\d{1,2})\s*(?:h|hr|hrs|hour|hours)(?:\s*(\d{1,2})\s*(?:min|mins|minute|minutes)?)?"
    r"|(\d{1,4})\s*(?:min|mins|minute|minutes|'|′))(?![a-z])", re.IGNORECASE)


def _tokens(text: str) -> list[str]:
    return re.findall(r"[\w&]+", text.lower())


def _has(tokens: list[str], phrase: str) -> bool:
    words = phrase.split()
    return any(tokens[i:i + len(words)] == words for i in range(len(tokens) - len(words) + 1))


def _first(tokens: list[str], table, default: str) -> str:
    return next((value for words, value in table if any(_has(tokens, w) for w in words)), default)


def classify(summary: str, categories: tuple[str, ...] = ()) -> tuple[str, str, str] | None:
    """(sport, type, intensity) for an event's words, or None when no keyword matches."""
    for text in (summary, " / ".join(categories)):
        tokens = _tokens(text)
        rule = next((k for k in KEYWORDS if any(_has(tokens, w) for w in k.words)), None)
        if rule is None:
            continue
        type_ = _first(tokens, STRENGTH_FOCUS, DEFAULT_FOCUS) if rule.type == FOCUS else rule.type
        intensity = rule.intensity
        if rule.sport in MODIFIED_SPORTS:
            intensity = _first(tokens, INTENSITY_WORDS, intensity)
        return rule.sport, type_, intensity
    return None


def summary_minutes(summary: str) -> int | None:
    """The first duration written in a summary ("45 min", "1h30", "2 hours", "90'"), in minutes."""
    m = _DURATION.search(summary)
    if m is None:
        return None
    if m.group(3) is not None:
        return int(m.group(3))
    return int(m.group(1)) * 60 + int(m.group(2) or 0)


def keyword_table_markdown() -> str:
    """The keyword tables as Markdown, embedded in docs/plan-format.md (a test keeps them equal)."""
    lines = ["| # | words in SUMMARY (else CATEGORIES) | sport | type | intensity |",
             "|---|---|---|---|---|"]
    for i, k in enumerate(KEYWORDS, 1):
        words = ", ".join(f"`{w}`" for w in k.words)
        lines.append(f"| {i} | {words} | {k.sport} | {k.type} | {k.intensity} |")
    lines += ["", f"Strength focus (first row that matches; `{DEFAULT_FOCUS}` when none):", "",
              "| words | strength type |", "|---|---|"]
    lines += [f"| {', '.join(f'`{w}`' for w in words)} | {t} |" for words, t in STRENGTH_FOCUS]
    lines += ["", f"Intensity words, for {' and '.join(MODIFIED_SPORTS)} sessions only (first row that matches):",
              "", "| words | intensity |", "|---|---|"]
    lines += [f"| {', '.join(f'`{w}`' for w in words)} | {i} |" for words, i in INTENSITY_WORDS]
    return "\n".join(lines) + "\n"


# --- events -------------------------------------------------------------------------------------


@frozen
class _Event:
    summary: str
    date: dt.date
    start: dt.time | None  # wall-clock start; None for all-day events
    position: int
    session: dict


class _Skip(Exception):
    """An event that cannot become a session; skippable with ``allow_unmapped``."""


def _categories(event) -> tuple[str, ...]:
    value = event.get("CATEGORIES")
    items = value if isinstance(value, list) else [value] if value is not None else []
    return tuple(str(c) for item in items for c in getattr(item, "cats", [item]))


def _summary(event) -> str:
    value = event.get("SUMMARY", "")
    parts = value if isinstance(value, list) else [value]
    return " ".join(" ".join(str(p).split()) for p in parts)


def _value(event, name: str):
    prop = event.get(name)
    if prop is None:
        return None
    if isinstance(prop, list):
        raise ValueError(f"{name} appears {len(prop)} times")
    try:
        return prop.dt
    except Exception:
        raise ValueError(f"cannot read {name} {str(prop)!r}") from None


def _minutes(event, start, summary: str, sport: str) -> int:
    end, duration = _value(event, "DTEND"), _value(event, "DURATION")
    length = None
    if isinstance(start, dt.datetime):
        if isinstance(end, dt.datetime):
            try:
                length = end - start
            except TypeError:
                raise ValueError("DTSTART and DTEND mix floating and time-zone times") from None
        elif end is None and isinstance(duration, dt.timedelta):
            length = duration
    elif isinstance(duration, dt.timedelta) and duration < dt.timedelta(days=1):
        length = duration  # an all-day event with a DURATION of hours/minutes
    if length is not None and length.total_seconds() < 0:
        raise ValueError("ends before it starts")
    minutes = round(length.total_seconds() / 60) if length else summary_minutes(summary)
    if minutes is None:
        if sport == "rest":
            return 0
        raise _Skip("no duration: give the event an end time, or write the minutes in its summary "
                    "like '45 min'")
    if minutes > MAX_MINUTES:
        raise ValueError(f"lasts {minutes} minutes; at most {MAX_MINUTES} (24 hours)")
    return minutes


def _event(event, position: int, types: Mapping[str, tuple[str, ...]]) -> _Event:
    summary = _summary(event)
    start = _value(event, "DTSTART")
    if start is None:
        raise ValueError("no DTSTART")
    if not isinstance(start, dt.date):
        raise ValueError(f"DTSTART is not a date or a date-time: {start!r}")
    if event.get("RRULE") is not None:
        raise _Skip("repeats (RRULE); recurring events are not supported: export the calendar with "
                    "the repeats expanded")
    mapped = classify(summary, _categories(event))
    if mapped is None:
        raise _Skip("no keyword maps it to a session (see the keyword table in docs/plan-format.md)")
    sport, type_, intensity = mapped
    if type_ not in types.get(sport, ()):
        raise ValueError(f"maps to {sport} type '{type_}', which the vocabulary does not have")
    timed = isinstance(start, dt.datetime)
    session = dict(sport=sport, type=type_, intensity=intensity,
                   minutes=_minutes(event, start, summary, sport), rpe=default_rpe(sport, intensity),
                   time=("am" if start.hour < 12 else "pm") if timed else "any", notes=summary or None)
    return _Event(summary=summary, date=start.date() if timed else start,
                  start=start.time().replace(tzinfo=None) if timed else None, position=position, session=session)


def _where(event, label: str) -> str:
    summary = _summary(event)
    try:
        start = _value(event, "DTSTART")
        when = f" on {start.date().isoformat() if isinstance(start, dt.datetime) else start.isoformat()}"
    except (ValueError, AttributeError):
        when = ""
    return f"{label}: event {summary!r}{when}"


def _calendar_events(text: str, label: str) -> list:
    from icalendar import Calendar  # imported here: only ICS imports pay for it

    if not text.strip():
        raise ConfigError(label, [f"{label}: the file is empty; expected an iCalendar file (BEGIN:VCALENDAR)"])
    try:
        components = Calendar.from_ical(text, multiple=True)
    except Exception as exc:  # icalendar raises ValueError and friends for text it cannot parse
        raise ConfigError(label, [f"{label}: not a valid iCalendar file: {exc}"]) from None
    events = [e for c in components for e in c.walk("VEVENT")]
    if not events:
        raise ConfigError(label, [f"{label}: no events (VEVENT) found"])
    return events


def import_ics(text: str, label: str, types: Mapping[str, tuple[str, ...]], *,
               allow_unmapped: bool = False) -> Imported:
    """Parse iCalendar text into a plan. Events that cannot be mapped are errors, or warnings when
    ``allow_unmapped``; cancelled events are skipped with a warning."""
    problems: list[str] = []
    warnings: list[str] = []
    events: list[_Event] = []
    for position, event in enumerate(_calendar_events(text, label)):
        where = _where(event, label)
        if str(event.get("STATUS", "")).upper() == "CANCELLED":
            warnings.append(f"{where}: skipped: cancelled")
            continue
        try:
            events.append(_event(event, position, types))
        except _Skip as exc:
            (warnings if allow_unmapped else problems).append(f"{where}: {'skipped: ' if allow_unmapped else ''}{exc}")
        except ValueError as exc:
            problems.append(f"{where}: {exc}")
        except Exception as exc:  # a property of an unexpected kind: reported, never a traceback
            problems.append(f"{where}: cannot read the event: {type(exc).__name__}: {exc}")
    by_date: dict[dt.date, list[_Event]] = {}
    for e in events:
        by_date.setdefault(e.date, []).append(e)
    sessions = {}
    for date, day in sorted(by_date.items()):
        if len(day) > MAX_SESSIONS_PER_DAY:
            problems.append(f"{label}: {len(day)} events on {date.isoformat()}; at most {MAX_SESSIONS_PER_DAY}")
            continue
        day.sort(key=lambda e: (e.start is None, e.start or dt.time.min, e.position))
        sessions[date] = [Session(**e.session, order=i + 1) for i, e in enumerate(day)]
    span = span_problem(by_date)
    if span:
        problems.append(f"{label}: {span}")
    if not events and not problems:
        problems.append(f"{label}: no sessions: every event was skipped")
        problems += warnings
    if problems:
        raise ConfigError(label, capped(problems, label))
    return Imported(plan=plan_from_sessions(sessions), warnings=tuple(warnings))
