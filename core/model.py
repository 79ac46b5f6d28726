"""The training model: athletes, sessions, days, weeks and plans (frozen attrs, tuples).

Type names (``Session.type``) are checked against the registered vocabulary when a plan is
loaded (see :mod:`runlift.planio`), because plugins may add types; everything else is
validated here, so an invalid object cannot be built.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from attrs import field, frozen, validators as v

from .vocabulary import (
    EQUIPMENT_ACCESS,
    EXPERIENCE_LEVELS,
    INTENSITIES,
    NIGGLES,
    RACE_DISTANCES,
    SPORTS,
    TIMES_OF_DAY,
    WEEKDAYS,
)

PLAN_SCHEMA = "runlift.plan/1"

Weekday = Literal["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
Sport = Literal["run", "strength", "mobility", "cross", "rest"]
Intensity = Literal["easy", "moderate", "hard"]
TimeOfDay = Literal["am", "pm", "any"]
Experience = Literal["beginner", "intermediate", "advanced"]
Equipment = Literal["home", "gym", "hybrid"]
Distance = Literal["5k", "10k", "half", "marathon", "ultra"]
Niggle = Literal["itb", "knee", "shins", "plantar", "achilles", "hamstring", "hip"]


def _in(choices: tuple[str, ...]):
    return v.in_(choices)


def _tuple_of(choices: tuple[str, ...]):
    return v.deep_iterable(member_validator=v.in_(choices), iterable_validator=v.instance_of(tuple))


def _unique(instance, attribute, value) -> None:
    if len(set(value)) != len(value):
        raise ValueError(f"'{attribute.name}' lists a value twice: {list(value)!r}")


_non_negative = v.ge(0)


@frozen
class Exercise:
    """One exercise in a strength or mobility session: sets × reps, or sets × hold seconds."""

    name: str = field(validator=v.min_len(1))
    sets: int | None = field(default=None, validator=v.optional(v.and_(v.ge(1), v.le(20))))
    reps: int | None = field(default=None, validator=v.optional(v.and_(v.ge(1), v.le(100))))
    hold_seconds: int | None = field(default=None, validator=v.optional(v.and_(v.ge(1), v.le(600))))
    load: str | None = None


@frozen
class Session:
    """One training session. ``order`` is its place within the day (1 = first)."""

    sport: Sport = field(validator=_in(SPORTS))
    type: str = field(validator=v.min_len(1))
    intensity: Intensity = field(default="easy", validator=_in(INTENSITIES))
    minutes: int = field(default=0, validator=v.and_(v.ge(0), v.le(24 * 60)))
    rpe: int = field(default=0, validator=v.and_(v.ge(0), v.le(10)))
    order: int = field(default=1, validator=v.and_(v.ge(1), v.le(9)))
    time: TimeOfDay = field(default="any", validator=_in(TIMES_OF_DAY))
    exercises: tuple[Exercise, ...] = ()
    notes: str | None = None

    @property
    def load(self) -> int:
        """Session-RPE load: RPE × minutes (Foster et al. 2001)."""
        return self.rpe * self.minutes


def _sessions_in_order(instance, attribute, value) -> None:
    previous = 0
    for s in value:  # orders start at 1: strictly ascending means distinct and ascending
        if s.order <= previous:
            orders = [s.order for s in value]
            raise ValueError(f"session orders must be distinct and ascending within a day, got {orders}")
        previous = s.order


@frozen
class Day:
    """One calendar day and its sessions, in order. No sessions means a full rest day."""

    date: dt.date
    sessions: tuple[Session, ...] = field(default=(), validator=_sessions_in_order)

    @property
    def weekday(self) -> str:
        return WEEKDAYS[self.date.weekday()]


_ONE_DAY = dt.timedelta(days=1)
_SIX_DAYS = dt.timedelta(days=6)


def _days_fit(start, days) -> bool:
    """Whether ``days`` (plain dates) are in date order, each date once, within the week starting ``start``:
    the common case, checked in one pass. False sends anything else to :func:`_week_days`' full check."""
    if type(start) is not dt.date:
        return False
    prev = start - _ONE_DAY
    try:
        for d in days:
            date = d.date
            if type(date) is not dt.date or date <= prev:
                return False
            prev = date
    except Exception:  # not a sequence of days: the full check raises its own error
        return False
    return prev <= start + _SIX_DAYS


def _week_days(instance, attribute, value) -> None:
    if _days_fit(instance.start, value):
        return
    dates = [d.date for d in value]
    for earlier, later in zip(dates, dates[1:]):
        if later <= earlier:
            raise ValueError("days must be in date order, each date once")
    for d in dates:
        if not (0 <= (d - instance.start).days <= 6):
            raise ValueError(f"day {d.isoformat()} is outside the week starting {instance.start.isoformat()}")


def _is_monday(instance, attribute, value) -> None:
    if value.weekday() != 0:
        raise ValueError(f"a week starts on a Monday, {value.isoformat()} is a {WEEKDAYS[value.weekday()]}")


_at_least_one = v.ge(1)


def _week_index(instance, attribute, value) -> None:
    """``v.ge(1)``, the common case (an int of at least 1) checked first."""
    if type(value) is not int or value < 1:
        _at_least_one(instance, attribute, value)


@frozen
class Week:
    """A Monday-Sunday week. ``days`` holds the plan's days of that week (all seven when generated)."""

    index: int = field(validator=_week_index)
    phase: str
    start: dt.date = field(validator=_is_monday)
    days: tuple[Day, ...] = field(default=(), validator=_week_days)


@frozen
class Race:
    distance: Distance = field(validator=_in(RACE_DISTANCES))
    date: dt.date


@frozen
class Athlete:
    """Who the plan is for, and what they can do."""

    name: str = "Runner"
    experience: Experience = field(default="intermediate", validator=_in(EXPERIENCE_LEVELS))
    run_days: tuple[Weekday, ...] = field(default=WEEKDAYS, validator=[_tuple_of(WEEKDAYS), _unique])
    long_run_day: Weekday | None = field(default="sun", validator=v.optional(_in(WEEKDAYS)))
    rest_days: tuple[Weekday, ...] = field(default=(), validator=[_tuple_of(WEEKDAYS), _unique])
    equipment: Equipment = field(default="hybrid", validator=_in(EQUIPMENT_ACCESS))
    baseline_minutes: int = field(default=180, validator=v.and_(v.ge(0), v.le(3000)))
    race: Race | None = None
    start: dt.date | None = None
    weeks_off: int = field(default=0, validator=v.and_(v.ge(0), v.le(520)))
    break_reason: str | None = None
    niggles: tuple[Niggle, ...] = field(default=(), validator=[_tuple_of(NIGGLES), _unique])
    body_mass_kg: float | None = field(default=None, validator=v.optional(v.and_(v.gt(0), v.le(400))))


@frozen
class RulesetRef:
    """Which ruleset made (or should judge) a plan."""

    name: str
    version: str = ""


@frozen
class PlanInputs:
    """The inputs that made a plan, so it can be made again."""

    mode: Literal["generate", "overlay", "imported"] = "imported"
    weeks: int | None = None
    running_plan: str | None = None
    generator: str | None = None


def _weeks_consecutive(instance, attribute, value) -> None:
    for prev, nxt in zip(value, value[1:]):
        if nxt.index != prev.index + 1 or (nxt.start - prev.start).days != 7:
            raise ValueError(f"weeks must be consecutive: week {prev.index} is followed by week {nxt.index}"
                             f" starting {nxt.start.isoformat()}")


@frozen(kw_only=True)
class Plan:
    """A training plan: consecutive Monday-Sunday weeks. The interchange format ``runlift.plan/1``."""

    schema: str = field(default=PLAN_SCHEMA, validator=v.in_((PLAN_SCHEMA,)))
    ruleset: RulesetRef | None = None
    athlete: Athlete | None = None
    inputs: PlanInputs = PlanInputs()
    weeks: tuple[Week, ...] = field(validator=_weeks_consecutive)

    def days(self):
        """Every day of the plan, in date order."""
        for week in self.weeks:
            yield from week.days

    def race_date(self) -> dt.date | None:
        """The goal race date: the athlete's race, else the first session of type ``race``."""
        if self.athlete is not None and self.athlete.race is not None:
            return self.athlete.race.date
        for day in self.days():
            if any(s.sport == "run" and s.type == "race" for s in day.sessions):
                return day.date
        return None
