"""Keep two kinds of session apart, by calendar days or by hours.

A session matching ``first`` must not be followed by a session matching ``then`` too soon. Exactly one of:

``days = N``
    Calendar days: ``then`` later the same day (a higher ``order``) or on any of the next N days is too
    soon. ``days = 1`` is "not the same day after, nor the day after"; ``days = 0`` only the same day.
``hours = N``
    Nominal clock hours (:mod:`runlift.timing`: am = 07:00, pm = 18:00, any = 07:00 + 5 h per place in
    the day): too soon when fewer than N hours lie between the end of one session and the start of the
    other.

``direction`` says which order is judged:

* ``after`` (default): ``then`` after ``first`` ("no heavy legs the day before intervals": first =
  heavy-lower, then = intervals);
* ``before``: ``then`` before ``first`` (the same rule written from the other side);
* ``both``: either order ("24 h between high-intensity running and intense lifting").

Spacing runs on the calendar, across week boundaries (a Sunday lift and a Monday run are one day apart).
Each pair of sessions is reported once, in date order. The rule's ``when.phases`` is judged on the week of
the session matching ``first``.

Options:

* ``first``, ``then`` (selectors, required)
* ``days`` (int >= 0) or ``hours`` (int >= 1): exactly one.
* ``direction`` (``after`` | ``before`` | ``both``, default ``after``)

Examples::

    [[rules]]
    code = "RN110"
    name = "no-heavy-legs-before-speed"
    kind = "spacing"
    severity = "error"
    options = { first = { tags = ["heavy-lower"] }, then = { tags = ["speed"] }, days = 1 }

    [[rules]]
    code = "RN111"
    name = "a-day-between-speed-and-heavy-legs"
    kind = "spacing"
    severity = "error"
    options = { first = { tags = ["speed"] }, then = { tags = ["heavy-lower"] }, hours = 24, direction = "both" }
"""

from __future__ import annotations

from typing import Literal

from attrs import field, frozen, validators as v

from ..findings import day_label, session_label, session_phrase
from ..rulekinds import RuleKind
from ..selectors import Selector
from ..timing import absolute_end, absolute_start
from .common import number, per_shape


@frozen
class SpacingOptions:
    """Options of the ``spacing`` kind (see the module docstring)."""

    first: Selector
    then: Selector
    days: int | None = field(default=None, validator=v.optional(v.and_(v.ge(0), v.le(60))))
    hours: int | None = field(default=None, validator=v.optional(v.and_(v.ge(1), v.le(24 * 60))))
    direction: Literal["after", "before", "both"] = "after"

    def __attrs_post_init__(self) -> None:
        if (self.days is None) == (self.hours is None):
            raise ValueError("set 'days' or 'hours', not both" if self.days is not None
                             else "set 'days' or 'hours' (exactly one of them)")


def check(ctx, rule):
    o: SpacingOptions = rule.options
    hours = o.hours
    reach = o.days if hours is None else hours // 24 + 2
    want_after = o.direction in ("after", "both")
    want_before = o.direction in ("before", "both")
    candidates = per_shape(ctx, rule, lambda: _candidates(ctx, rule, reach, want_after, want_before))
    if not candidates:
        return ()
    sessions, days = ctx.sessions, ctx.day_frames
    windows = rule.memo.get("windows")
    if windows is None or len(windows) >= 4096:
        windows = rule.memo["windows"] = {}
    seen: set = set()
    out = []
    while candidates:
        low = candidates & -candidates
        candidates ^= low
        i = low.bit_length() - 1
        lo = max(ctx.first, i - reach) if want_before else i
        hi = min(ctx.last, i + reach) if want_after else i
        window = (i - lo, hi - i, *days[lo:hi + 1])
        pairs = windows.get(window)
        if pairs is None:
            pairs = windows[window] = _window_pairs(rule, days, i, lo, hi, want_after, want_before)
        for ka, dj, kb, later in pairs:
            j = i + dj
            a, b = sessions[i][ka], sessions[j][kb]
            early, late = ((i, a), (j, b)) if later else ((j, b), (i, a))
            gap = None
            if hours is not None:
                gap = absolute_start(late[0], late[1]) - absolute_end(early[0], early[1])
                if gap >= hours:
                    continue
            key = (early[0], early[1].order, late[0], late[1].order)
            if key in seen:
                continue
            seen.add(key)
            out.append(_finding(ctx, rule, early, late, gap))
    return out


def _candidates(ctx, rule, reach: int, want_after: bool, want_before: bool) -> int:
    """The days (a bitset) with a ``first`` session where the rule applies and, the same day, another ``then``
    session or, within reach, a ``then`` session: only these can have findings. They only depend on the
    plan's shape and ``week_on`` (cached per those: :func:`~runlift.kinds.common.per_shape`)."""
    fb, tb = rule.bits["first"], rule.bits["then"]
    in_plan = ctx.in_plan_bits
    firsts = ctx.days_with(fb) & ctx.active_bits() & in_plan
    if not firsts:
        return 0
    thens = ctx.days_with(tb) & in_plan
    near = _pair_days(ctx, rule, firsts & thens, fb, tb)
    for k in range(1, reach + 1):
        if want_after:
            near |= thens >> k
        if want_before:
            near |= thens << k
    return firsts & near


def _window_pairs(rule, days: list, i: int, lo: int, hi: int, want_after: bool,
                  want_before: bool) -> tuple[tuple[int, int, int, bool], ...]:
    """The pairs of a ``first`` session on day ``i`` and a ``then`` session on a day ``lo .. hi`` in the wanted
    direction, in order, as (its place on day ``i``, the other day's offset from ``i``, the other session's
    place there, whether the other session comes later). They only depend on those days' contents but minutes
    (their DayFrames ``days[lo:hi + 1]``) and on ``i - lo`` and ``hi - i``: cached per those (see ``check``)."""
    fb, tb = rule.bits["first"], rule.bits["then"]
    day = days[i]
    out = []
    for ka, (a, ma) in enumerate(zip(day.records, day.masks)):
        if not ma & fb:
            continue
        for j in range(lo, hi + 1):
            other = days[j]
            if other is None or not other.mask & tb:
                continue
            for kb, (b, mb) in enumerate(zip(other.records, other.masks)):
                if not mb & tb or (j == i and kb == ka):
                    continue
                later = j > i or (j == i and b.session.order > a.session.order)
                if want_after if later else want_before:
                    out.append((ka, j - i, kb, later))
    return tuple(out)


def _pair_days(ctx, rule, days: int, fb: int, tb: int) -> int:
    """Those of ``days`` (a bitset of days with sessions matching ``fb`` and ``tb``) with two different
    sessions, one matching each: unless one session alone matches both and no other matches either.

    Whether a day has such a pair only depends on its session masks: cached per masks on the compiled rule."""
    out = 0
    pairs = rule.memo.get("pairs")
    if pairs is None or len(pairs) >= 4096:
        pairs = rule.memo["pairs"] = {}
    masks = ctx.masks
    while days:
        low = days & -days
        days ^= low
        ms = masks[low.bit_length() - 1]
        if len(ms) > 1:
            hit = pairs.get(ms)
            if hit is None:
                hit = pairs[ms] = _has_pair(ms, fb, tb)
            if hit:
                out |= low
    return out


def _has_pair(ms: tuple[int, ...], fb: int, tb: int) -> bool:
    """Whether a day with these session masks has two different sessions, one matching ``fb`` and one ``tb``."""
    firsts = thens = both = 0
    for m in ms:
        if m & fb:
            firsts += 1
            if m & tb:
                both += 1
        if m & tb:
            thens += 1
    return firsts > 1 or thens > 1 or not both


def _finding(ctx, rule, early, late, gap):
    (i, a), (j, b) = early, late
    da, db = ctx.date(i), ctx.date(j)
    x, y = session_phrase(a), session_phrase(b)
    if gap is not None:
        when = f"on {day_label(da)}" if i == j else f"on {day_label(da)} ends"
        if i == j:
            message = (f"{x} on {day_label(da)} ends {number(max(gap, 0))} h before {y} starts: "
                       f"at least {rule.options.hours} h wanted")
        else:
            message = (f"{x} {when} {number(max(gap, 0))} h before {y} on {day_label(db)}: "
                       f"at least {rule.options.hours} h wanted")
    elif i == j:
        message = f"{x} before {y} on the same day, {day_label(da)}"
    elif j - i == 1:
        message = f"{x} on {day_label(da)}, the day before {y}"
    else:
        message = f"{x} on {day_label(da)}, {j - i} days before {y} on {day_label(db)}"
    return rule.finding(message, week=ctx.week_number(i // 7), dates=sorted({da, db}),
                        sessions=(session_label(da, a), session_label(db, b)))


KIND = RuleKind(name="spacing", options=SpacingOptions, check=check, doc=__doc__)
