"""Compact plan builders for the checker tests.

A day is a string of sessions separated by ``|``; a session is ``sport type [intensity] [minutes] [am|pm]
[rpe=N]``, e.g. ``"run intervals hard 50 am | strength lower hard 30 pm"``. ``""`` is a rest day. Days
fill Monday-Sunday weeks from ``start`` (a Monday); sessions get orders 1, 2, ... in the order written.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from runlift.model import Athlete, Day, Exercise, Plan, Race, Session, Week
from runlift.testing import load_ruleset

MON = dt.date(2027, 1, 4)  # a Monday
DATA = Path(__file__).parent / "data"
RULESETS = DATA / "rulesets"

_INTENSITIES = {"easy", "moderate", "hard"}
_DEFAULT_RPE = {"easy": 3, "moderate": 5, "hard": 7}


def session(text: str, order: int = 1, exercises=()) -> Session:
    words = text.split()
    sport, type_ = words[0], words[1]
    intensity, minutes, time, rpe = "easy", 30, "any", None
    for w in words[2:]:
        if w in _INTENSITIES:
            intensity = w
        elif w in ("am", "pm", "any"):
            time = w
        elif w.startswith("rpe="):
            rpe = int(w[4:])
        else:
            minutes = int(w)
    if rpe is None:
        rpe = 0 if sport == "rest" else _DEFAULT_RPE[intensity]
    return Session(sport=sport, type=type_, intensity=intensity, minutes=minutes, rpe=rpe, order=order,
                   time=time, exercises=tuple(exercises))


def day(date: dt.date, text) -> Day:
    if isinstance(text, Day):
        return text
    if isinstance(text, (list, tuple)):  # ready-made sessions
        return Day(date=date, sessions=tuple(text))
    parts = [p.strip() for p in text.split("|") if p.strip()]
    return Day(date=date, sessions=tuple(session(p, k + 1) for k, p in enumerate(parts)))


def plan(*days, start: dt.date = MON, phases=None, athlete: Athlete | None = None, first_index: int = 1) -> Plan:
    """A plan of consecutive weeks from ``days`` (a multiple of 7, or a shorter last week)."""
    weeks = []
    for w in range(0, len(days), 7):
        monday = start + dt.timedelta(days=w)
        chunk = days[w:w + 7]
        phase = phases[w // 7] if phases else "base"
        weeks.append(Week(index=first_index + w // 7, phase=phase, start=monday,
                          days=tuple(day(monday + dt.timedelta(days=k), t) for k, t in enumerate(chunk))))
    return Plan(weeks=tuple(weeks), athlete=athlete)


def weeks(*week_days, **kw) -> Plan:
    """``weeks(["..."] * 7, [...])``: one list of seven day strings per week."""
    return plan(*[d for w in week_days for d in w], **kw)


def marathoner(race_date: dt.date, distance: str = "marathon", **kw) -> Athlete:
    return Athlete(race=Race(distance=distance, date=race_date), **kw)


def ex(name: str, sets: int | None = None, reps: int | None = None, hold: int | None = None,
       load: str | None = None) -> Exercise:
    return Exercise(name=name, sets=sets, reps=reps, hold_seconds=hold, load=load)


def ruleset_from(text: str, tmp_path: Path, name: str = "t.toml"):
    """Load a ruleset written inline (tests that need one rule)."""
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return load_ruleset(str(path))


def one_rule(kind: str, options: str, tmp_path: Path, *, severity: str = "error", when: str = "",
             extra: str = ""):
    """A ruleset holding rule XX101 of ``kind`` with the inline-table ``options`` text."""
    when_line = f"when = {when}\n" if when else ""
    text = (f'name = "t"\n{extra}\n[[rules]]\ncode = "XX101"\nname = "the-rule"\nkind = "{kind}"\n'
            f'severity = "{severity}"\nrationale = "Because."\n{when_line}options = {options}\n')
    return ruleset_from(text, tmp_path)


EASY_WEEK = ["run easy 40", "run intervals hard 50 am | strength lower moderate 30 pm", "run easy 30",
             "run tempo hard 45 am | strength upper easy 25 pm", "", "run easy 40", "run long moderate 90"]
