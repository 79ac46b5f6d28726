"""Minutes of sessions matching ``select``, per session, per day or per week, within [min, max].

``per``:

* ``session`` (default): each matching session on its own ("strength sessions of 20-30 minutes");
* ``day``: the matching minutes of each day that has any;
* ``week``: the matching minutes of each plan week, including weeks with none (0 minutes), so a
  ``min`` here means "at least N minutes every week". Minimums are only checked in complete weeks.

A session with 0 minutes has no recorded length: it is skipped by a per-session ``min``.

Options:

* ``select`` (selector, required)
* ``min``, ``max`` (minutes, int >= 0, at least one)
* ``per`` (``session`` | ``day`` | ``week``, default ``session``)
* ``label`` (string): how messages name the sessions for ``day``/``week`` (default from the selector).

Example::

    [[rules]]
    code = "RN113"
    name = "short-strength-sessions"
    kind = "duration"
    severity = "warn"
    options = { select = { sport = "strength" }, min = 20, max = 30 }
"""

from __future__ import annotations

from typing import Literal

from attrs import field, frozen, validators as v

from ..findings import day_label, session_phrase
from ..rulekinds import RuleKind
from ..selectors import Selector
from .common import (bounds_text, check_bounds, day_finding, fails_from, labels, measure_part, per_day, per_week,
                     week_label, week_measure, week_totals, what)

_minutes = v.optional(v.and_(v.ge(0), v.le(7 * 24 * 60)))


@frozen
class DurationOptions:
    """Options of the ``duration`` kind (see the module docstring)."""

    select: Selector
    min: int | None = field(default=None, validator=_minutes)
    max: int | None = field(default=None, validator=_minutes)
    per: Literal["session", "day", "week"] = "session"
    label: str | None = None

    def __attrs_post_init__(self) -> None:
        check_bounds(self)


def check_week(ctx, rule, w):
    o: DurationOptions = rule.options
    if o.per != "week":
        return _by_day(ctx, rule, w)
    bit = rule.bits["select"]
    lo, hi = o.min, o.max
    sessions, masks, day_mask = ctx.sessions, ctx.masks, ctx.day_mask
    out = []
    total = week_measure(ctx.week_indexes[w], bit, "minutes")
    if (hi is not None and total > hi) or (lo is not None and total < lo and ctx.complete[w]):
        pairs = [(i, s) for i in range(7 * w, 7 * w + 7) if day_mask[i] & bit
                 for s, m in zip(sessions[i], masks[i]) if m & bit]
        message = (f"{total} min of {what(o.label, o.select)} in {week_label(ctx, w)}: "
                   f"{bounds_text(lo, hi, 'min')} wanted")
        out.append(rule.finding(message, week=ctx.week_number(w),
                                dates=sorted({ctx.dates[i] for i, _ in pairs}), sessions=labels(ctx, pairs)))
    return out


def _day_problems(ctx, rule, i) -> list:
    """``per = "day"``: (total minutes, the matching sessions) when day ``i`` is out of range; ``per =
    "session"``: (minutes, [session]) for each matching session out of range."""
    o: DurationOptions = rule.options
    bit = rule.bits["select"]
    if not ctx.day_mask[i] & bit:
        return []
    lo, hi = o.min, o.max
    if o.per == "day":
        day = [s for s, m in zip(ctx.sessions[i], ctx.masks[i]) if m & bit]
        total = sum(s.minutes for s in day)
        if (hi is not None and total > hi) or (lo is not None and total < lo):
            return [(total, day)]
        return []
    hi = 1 << 30 if hi is None else hi
    lo = 0 if lo is None else lo
    return [(s.minutes, [s]) for s, m in zip(ctx.sessions[i], ctx.masks[i])
            if m & bit and (s.minutes > hi or 0 < s.minutes < lo)]


@fails_from(_day_problems)
def check_day(ctx, rule, i):
    """``per = "session"`` or ``"day"``: the matching sessions of day ``i``."""
    o: DurationOptions = rule.options
    out = []
    for total, day in _day_problems(ctx, rule, i):
        date = ctx.dates[i]
        if o.per == "day":
            message = (f"{total} min of {what(o.label, o.select)} on {day_label(date)}: "
                       f"{bounds_text(o.min, o.max, 'min')} wanted")
            out.append(day_finding(ctx, rule, i, message, day))
        else:
            s = day[0]
            message = (f"{session_phrase(s)} on {day_label(date)} lasts {s.minutes} min: "
                       f"{bounds_text(o.min, o.max, 'min')} wanted")
            out.append(day_finding(ctx, rule, i, message, (s,)))
    return out
_by_day = per_day(check_day)


def _day_check_for(o: DurationOptions):
    """Per session or per day, a rule's findings in a week are those of its days."""
    return check_day if o.per != "week" else None


def week_fails(ctx, rule, w) -> bool:
    """``per = "week"``: whether complete week ``w``'s minutes are out of range (without writing a finding)."""
    return total_fails(rule, week_measure(ctx.week_indexes[w], rule.bits["select"], "minutes"))


def total_fails(rule, total: int) -> bool:
    """``per = "week"``: whether a complete week with ``total`` matching minutes is out of range."""
    o: DurationOptions = rule.options
    return (o.max is not None and total > o.max) or (o.min is not None and total < o.min)


def _week_minutes(rule) -> list[tuple]:
    """``per = "week"``: the week total of the matching minutes (see :func:`~runlift.kinds.common.week_totals`)."""
    return [(measure_part, rule.bits["select"], "minutes")] if rule.options.per == "week" else []


check_week.fails = week_fails
check_week.total_key = lambda rule: (measure_part, rule.bits["select"], "minutes")
check_week.total_fails = total_fails
check = week_totals(_week_minutes)(per_week(check_week, date_free=True, day_check_for=_day_check_for))


KIND = RuleKind(name="duration", options=DurationOptions, check=check, doc=__doc__)
