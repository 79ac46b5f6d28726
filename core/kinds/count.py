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


def check_week(ctx, rule, w):
    o: CountOptions = rule.options
    bit = rule.bits["select"]
    wi = ctx.week_indexes[w]
    full = ctx.complete[w]
    if o.unit == "sessions":
        n = wi.count(bit)
    else:
        in_plan = 0x7F if full else (ctx.in_plan_bits >> (7 * w)) & 0x7F
        n = (wi.day_bits(bit) & in_plan).bit_count()
        if o.unit == "days-without":
            n = in_plan.bit_count() - n
    if o.max is not None and n > o.max:
        return [_finding(ctx, rule, w, n, f"at most {o.max}", True)]
    if o.min is not None and full and n < o.min:
        return [_finding(ctx, rule, w, n, f"at least {o.min} wanted", False)]
    return []


check = per_week(check_week, date_free=True)


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
