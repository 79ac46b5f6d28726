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

from ..findings import day_label, session_label, session_phrase
from ..rulekinds import RuleKind
from ..selectors import Selector
from .common import bounds_text, check_bounds, labels, per_day, per_week, week_label, week_measure, what

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


def check_day(ctx, rule, i):
    """``per = "session"`` or ``"day"``: the matching sessions of day ``i``."""
    o: DurationOptions = rule.options
    bit = rule.bits["select"]
    if not ctx.day_mask[i] & bit:
        return []
    lo, hi = o.min, o.max
    out = []
    if o.per == "day":
        day = [s for s, m in zip(ctx.sessions[i], ctx.masks[i]) if m & bit]
        total = sum(s.minutes for s in day)
        if (hi is not None and total > hi) or (lo is not None and total < lo):
            date = ctx.dates[i]
            message = (f"{total} min of {what(o.label, o.select)} on {day_label(date)}: "
                       f"{bounds_text(lo, hi, 'min')} wanted")
            out.append(rule.finding(message, week=ctx.week_number(i // 7), dates=(date,),
                                    sessions=tuple(session_label(date, s) for s in day)))
        return out
    hi = 1 << 30 if hi is None else hi
    lo = 0 if lo is None else lo
    for s, m in zip(ctx.sessions[i], ctx.masks[i]):
        if m & bit and (s.minutes > hi or 0 < s.minutes < lo):
            date = ctx.dates[i]
            message = (f"{session_phrase(s)} on {day_label(date)} lasts {s.minutes} min: "
                       f"{bounds_text(o.min, o.max, 'min')} wanted")
            out.append(rule.finding(message, week=ctx.week_number(i // 7), dates=(date,),
                                    sessions=(session_label(date, s),)))
    return out


_by_day = per_day(check_day)


check = per_week(check_week, date_free=True)


KIND = RuleKind(name="duration", options=DurationOptions, check=check, doc=__doc__)
