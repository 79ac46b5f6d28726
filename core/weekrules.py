"""Fast week-feasibility forms of the placement rule kinds, for the planner's search.

The checker (:mod:`runlift.checker`) judges whole plans; the planner's search judges thousands of partial
weeks, so it cannot call the checker on each. This module reads the options of the built-in kinds that
decide *where* sessions go (``count``, ``spacing``, ``same-day``, ``same-day-order``, ``max-consecutive``,
``before-event``, ``duration`` and the intensity part of ``prescription``) and evaluates them on the
search's compact day representation, with the same selector bits, the same timing conventions
(:mod:`runlift.timing`) and the same counting as the kinds themselves. The final verdict is still the
checker's: the planner checks every plan it makes, so a mismatch here shows up as a planner bug.

A *day* here is a tuple of :class:`Slot` s (one per session, in order). Each evaluator returns the number of
findings the kind would report, so warn-level rules become costs and error-level rules constraints.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from attrs import frozen

from .timing import AM_HOUR, ANY_FIRST_HOUR, ANY_STEP_HOURS, PM_HOUR

#: Kinds whose rules are placement constraints in the search.
PLACEMENT_KINDS = frozenset({"count", "spacing", "same-day", "same-day-order", "max-consecutive",
                             "before-event", "duration", "prescription"})


def start_of(time: str, order: int) -> float:
    if time == "am":
        return AM_HOUR
    if time == "pm":
        return PM_HOUR
    return ANY_FIRST_HOUR + ANY_STEP_HOURS * (order - 1)


@frozen(cache_hash=True)
class Slot:
    """One session of a candidate day: its selector mask, order, clock hours and minutes."""

    mask: int
    order: int
    start: float
    end: float
    minutes: int
    intensity: str
    ref: Any = None  # the token index (new session) or the fixed Session


class FastRule:
    """A rule compiled for the search. ``hard`` rules prune; soft ones cost ``weight`` per finding."""

    kind = ""
    cross = False  # looks at other days (spacing, max-consecutive)
    weekly = False  # judged on the whole week (count, duration per week)

    def __init__(self, cr: Any, hard: bool, weight: int):
        self.cr = cr
        self.code = cr.code
        self.hard = hard
        self.weight = weight
        self.phases = cr.phases  # None = every phase

    def on(self, phase: str) -> bool:
        return self.phases is None or phase in self.phases

    # within one day (no other day needed); ``day`` is a tuple of Slots
    def day_findings(self, day: Sequence[Slot], day_index: int, race_day: int | None) -> int:
        return 0


class SameDay(FastRule):
    kind = "same-day"

    def __init__(self, cr, hard, weight):
        super().__init__(cr, hard and cr.options.mode != "should", weight)
        self.a = cr.bits["select"]
        self.b = cr.bits["with_"]
        self.forbid = cr.options.mode == "must-not"

    def day_findings(self, day, day_index, race_day):
        a, b = self.a, self.b
        n = 0
        for s in day:
            if not s.mask & a:
                continue
            partner = any(t is not s and t.mask & b for t in day)
            if partner == self.forbid:
                n += 1
        return n


class SameDayOrder(FastRule):
    kind = "same-day-order"

    def __init__(self, cr, hard, weight):
        super().__init__(cr, hard, weight)
        self.f = cr.bits["first"]
        self.t = cr.bits["then"]
        self.gap = cr.options.min_gap_hours

    def day_findings(self, day, day_index, race_day):
        f, t = self.f, self.t
        both = f | t
        n = 0
        for a in day:
            if not a.mask & f:
                continue
            for b in day:
                if b is a or not b.mask & t or (a.mask & both == both and b.mask & both == both):
                    continue
                if b.order < a.order or (self.gap and b.start - a.end < self.gap):
                    n += 1
        return n


class Spacing(FastRule):
    kind = "spacing"
    cross = True

    def __init__(self, cr, hard, weight):
        super().__init__(cr, hard, weight)
        o = cr.options
        self.f = cr.bits["first"]
        self.t = cr.bits["then"]
        self.any = self.f | self.t
        self.hours = o.hours
        self.days = o.days
        self.reach = o.days if o.hours is None else o.hours // 24 + 2
        self.after = o.direction in ("after", "both")
        self.before = o.direction in ("before", "both")

    def pair(self, a: Slot, b: Slot, distance: int, on_early: bool, on_late: bool) -> bool:
        """Whether ``a`` (earlier: an earlier day, or the same day with a lower order) and ``b`` (``distance``
        days later) break the rule."""
        hit = (self.after and on_early and a.mask & self.f and b.mask & self.t) or \
              (self.before and on_late and a.mask & self.t and b.mask & self.f)
        if not hit:
            return False
        if self.hours is not None:
            return 24.0 * distance + b.start - a.end < self.hours
        return distance <= self.days

    def day_findings(self, day, day_index, race_day):
        # pairs inside one day (the checker's "later the same day": a higher order)
        n = 0
        for a in day:
            if not a.mask & self.any:
                continue
            for b in day:
                if b is a or b.order <= a.order or not b.mask & self.any:
                    continue
                if self.pair(a, b, 0, True, True):
                    n += 1
        return n

    def between(self, early: Sequence[Slot], late: Sequence[Slot], distance: int, on_early: bool,
                on_late: bool) -> int:
        n = 0
        for a in early:
            if not a.mask & self.any:
                continue
            for b in late:
                if b.mask & self.any and self.pair(a, b, distance, on_early, on_late):
                    n += 1
        return n


class MaxConsecutive(FastRule):
    kind = "max-consecutive"
    cross = True

    def __init__(self, cr, hard, weight):
        super().__init__(cr, hard, weight)
        self.bit = cr.bits["select"]
        self.max = cr.options.max


class BeforeEvent(FastRule):
    kind = "before-event"

    def __init__(self, cr, hard, weight, distance: str | None):
        super().__init__(cr, hard, weight)
        o = cr.options
        self.bit = cr.bits["select"]
        self.window = o.window(distance)
        self.race_day_included = o.include_race_day

    def day_findings(self, day, day_index, race_day):
        if race_day is None:
            return 0
        before = race_day - day_index
        if before < 0 or before > self.window or (before == 0 and not self.race_day_included):
            return 0
        return sum(1 for s in day if s.mask & self.bit)


class Duration(FastRule):
    kind = "duration"

    def __init__(self, cr, hard, weight):
        super().__init__(cr, hard, weight)
        o = cr.options
        self.bit = cr.bits["select"]
        self.lo, self.hi, self.per = o.min, o.max, o.per
        self.weekly = o.per == "week"

    def day_findings(self, day, day_index, race_day):
        lo, hi = self.lo, self.hi
        if self.per == "session":
            return sum(1 for s in day if s.mask & self.bit and
                       ((hi is not None and s.minutes > hi) or (lo is not None and 0 < s.minutes < lo)))
        if self.per == "day":
            hit = [s.minutes for s in day if s.mask & self.bit]
            if not hit:
                return 0
            total = sum(hit)
            return int((hi is not None and total > hi) or (lo is not None and total < lo))
        return 0

    def week_findings(self, days: Sequence[Sequence[Slot]]) -> int:
        total = sum(s.minutes for day in days for s in day if s.mask & self.bit)
        return int((self.hi is not None and total > self.hi) or (self.lo is not None and total < self.lo))


class Intensity(FastRule):
    """The intensity part of ``prescription`` (doses are the prescriber's job)."""

    kind = "prescription"

    def __init__(self, cr, hard, weight):
        super().__init__(cr, hard, weight)
        self.bit = cr.bits["select"]
        self.allowed = frozenset(cr.options.intensity)

    def day_findings(self, day, day_index, race_day):
        return sum(1 for s in day if s.mask & self.bit and s.intensity not in self.allowed)


class Count(FastRule):
    kind = "count"
    weekly = True

    def __init__(self, cr, hard, weight):
        super().__init__(cr, hard, weight)
        o = cr.options
        self.bit = cr.bits["select"]
        self.lo, self.hi, self.unit = o.min, o.max, o.unit

    def value(self, days: Sequence[Sequence[Slot]]) -> int:
        bit = self.bit
        if self.unit == "sessions":
            return sum(1 for day in days for s in day if s.mask & bit)
        n = sum(1 for day in days if any(s.mask & bit for s in day))
        return n if self.unit == "days" else len(days) - n

    def week_findings(self, days: Sequence[Sequence[Slot]]) -> int:
        n = self.value(days)
        return int((self.hi is not None and n > self.hi) or (self.lo is not None and n < self.lo))


def compile_rules(compiled: Sequence[Any], distance: str | None, weight: int) -> list[FastRule]:
    """Fast forms of the placement rules among checker-compiled rules (other kinds are left out)."""
    out: list[FastRule] = []
    for cr in compiled:
        hard = cr.severity == "error"
        kind = cr.kind.name
        if kind == "same-day":
            out.append(SameDay(cr, hard, weight))
        elif kind == "same-day-order":
            out.append(SameDayOrder(cr, hard, weight))
        elif kind == "spacing":
            out.append(Spacing(cr, hard, weight))
        elif kind == "max-consecutive":
            out.append(MaxConsecutive(cr, hard, weight))
        elif kind == "before-event":
            out.append(BeforeEvent(cr, hard, weight, distance))
        elif kind == "duration":
            out.append(Duration(cr, hard, weight))
        elif kind == "count":
            out.append(Count(cr, hard, weight))
        elif kind == "prescription" and cr.options.intensity:
            out.append(Intensity(cr, hard, weight))
    return out
