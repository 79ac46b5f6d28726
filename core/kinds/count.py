"""How many sessions (or days) matching a selector a week may hold.

Counts per Monday-Sunday plan week, and flags a week whose count is above ``max`` or below ``min``.

``unit`` chooses what is counted:

* ``sessions`` (default): sessions matching ``select``;
* ``days``: days with at least one session matching ``select`` (two runs on one day count once);
* ``days-without``: days in the plan with no session matching ``select``. Full rest days are days
  without ``training`` (the default tag for every sport except ``rest``).

A ``min`` is only checked in complete weeks (all seven days in the plan), so the first week of a CSV plan
that starts on a Wednesday, or the last week of a planner's prefix, is never blamed for sessions it has not
reached yet. ``max`` is checked in every week.

Options:

* ``select`` (selector, required): the sessions counted.
* ``min``, ``max`` (int >= 0, at least one): the allowed range, inclusive.
* ``unit`` (``sessions`` | ``days`` | ``days-without``, default ``sessions``): what is counted.
* ``label`` (string): how messages name the selected sessions (default: from the selector, e.g. ``strength``).

Examples::

    [[rules]]   # 2-3 strength sessions a week, mobility not counted
    code = "FT101"
    name = "two-or-three-strength-sessions"
    kind = "count"
    severity = "error"
    options = { select = { sport = "strength", not = { type = "mobility" } }, min = 2, max = 3 }

    [[rules]]   # at least one full rest day a week
    code = "FT104"
    name = "one-full-rest-day"
    kind = "count"
    severity = "error"
    options = { select = { tags = ["training"] }, unit = "days-without", min = 1, label = "training" }
"""

from __future__ import annotations

from typing import Literal

from attrs import field, frozen

from ..findings import plural
from ..rulekinds import RuleKind
from ..selectors import Selector
from ..vocabulary import WEEKDAY_TITLES
from .common import check_bounds, labels, non_negative, per_week, week_label, what


@frozen
class CountOptions:
    """Options of the ``count`` kind (see the module docstring)."""

    select: Selector
    min: int | None = field(default=None, validator=non_negative)
    max: int | None = field(default=None, validator=non_negative)
    unit: Literal["sessions", "days", "days-without"] = "sessions"
    label: str | None = None

    def __attrs_post_init__(self) -> None:
        check_bounds(self)


def _noun(o: CountOptions, n: int) -> str:
    thing = what(o.label, o.select)
    if o.unit == "sessions":
        return plural(n, f"{thing} session")
    if o.unit == "days":
        return f"{plural(n, 'day')} with {thing}"
    return f"{plural(n, 'day')} without {thing}"


def _count(ctx, rule, w: int, full: bool) -> int:
    """What the rule counts in week ``w`` (sessions, days with, or days without)."""
    o: CountOptions = rule.options
    bit = rule.bits["select"]
    wi = ctx.week_indexes[w]
    if o.unit == "sessions":
        return wi.count(bit)
    in_plan = 0x7F if full else (ctx.in_plan_bits >> (7 * w)) & 0x7F
    n = (wi.day_bits(bit) & in_plan).bit_count()
    return in_plan.bit_count() - n if o.unit == "days-without" else n


def check_week(ctx, rule, w):
    o: CountOptions = rule.options
    full = ctx.complete[w]
    n = _count(ctx, rule, w, full)
    if o.max is not None and n > o.max:
        return [_finding(ctx, rule, w, n, f"at most {o.max}", True)]
    if o.min is not None and full and n < o.min:
        return [_finding(ctx, rule, w, n, f"at least {o.min} wanted", False)]
    return []


def shape_fails(shape, rule) -> bool:
    """Whether a complete week of this :class:`~runlift.checker.WeekShape` breaks the rule (``check_week``
    without writing the finding; the count only depends on which sessions match on which days)."""
    o: CountOptions = rule.options
    bit = rule.bits["select"]
    if o.unit == "sessions":
        n = shape.count(bit)
    else:
        n = shape.day_bits(bit).bit_count()
        if o.unit == "days-without":
            n = 7 - n
    return (o.max is not None and n > o.max) or (o.min is not None and n < o.min)


check_week.shape_fails = shape_fails
check = per_week(check_week, date_free=True, minutes_free=True)


def _finding(ctx, rule, w, n, limit, over):
    o: CountOptions = rule.options
    bit = rule.bits["select"]
    base = 7 * w
    pairs, dates = [], []
    for i in range(base, base + 7):
        if not ctx.in_plan(i):
            continue
        hit = ctx.day_mask[i] & bit
        if o.unit == "days-without":
            if not hit:
                dates.append(ctx.date(i))
        elif hit:
            dates.append(ctx.date(i))
            pairs += [(i, s) for s, m in zip(ctx.sessions[i], ctx.masks[i]) if m & bit]
    counted = _noun(o, n) if n else "no " + _noun(o, 2).split(" ", 1)[1]
    days = f" ({', '.join(WEEKDAY_TITLES[d.weekday()] for d in dates)})" if over and dates else ""
    message = f"{counted}{days} in {week_label(ctx, w)}: {limit}"
    return rule.finding(message, week=ctx.week_number(w), dates=dates, sessions=labels(ctx, pairs))


KIND = RuleKind(name="count", options=CountOptions, check=check, doc=__doc__)
