"""At most ``max`` calendar days in a row with a session matching ``select``.

Streaks run on the calendar across week boundaries (Saturday, Sunday, Monday is three days in a row).
A day without a matching session, a day outside the plan, or a day in a week where the rule does not apply
(``when.phases``) ends a streak. Each streak longer than ``max`` is one finding, dated with all its days,
in the week where it first goes over.

To count "hard days" that are either a quality run or heavy lifting, give a tag that matches both; a
ruleset can define one in its ``[tags]`` table from the default tags, as "not (not quality and not heavy)"::

    [tags]
    not-quality = { not = { tags = ["quality"] } }
    not-heavy = { not = { tags = ["heavy"] } }
    hard-day = { not = { tags = ["not-quality", "not-heavy"] } }

Options:

* ``select`` (selector, required)
* ``max`` (int >= 1, required)
* ``label`` (string): how messages name the matching days (default from the selector).

Example::

    [[rules]]
    code = "RN106"
    name = "no-hard-days-back-to-back"
    kind = "max-consecutive"
    severity = "error"
    options = { select = { tags = ["quality"] }, max = 2, label = "hard runs" }
"""

from __future__ import annotations

from attrs import field, frozen, validators as v

from ..findings import day_label, session_label
from ..rulekinds import RuleKind
from ..selectors import Selector
from .common import per_shape, what


@frozen
class MaxConsecutiveOptions:
    """Options of the ``max-consecutive`` kind (see the module docstring)."""

    select: Selector
    max: int = field(validator=v.and_(v.ge(1), v.le(60)))
    label: str | None = None


def check(ctx, rule):
    limit = rule.options.max
    days = per_shape(ctx, rule, lambda: _streak_days(ctx, rule))
    if not days:
        return ()
    out = []
    start = -1
    for i in range(ctx.first, ctx.last + 2):
        if (days >> i) & 1:
            if start < 0:
                start = i
            continue
        if start >= 0 and i - start > limit:
            out.append(_finding(ctx, rule, start, i - 1))
        start = -1
    return out


def _streak_days(ctx, rule) -> int:
    """The days (a bitset) with a matching session where the rule applies, when more than ``max`` of them
    follow each other somewhere; else 0. They only depend on the plan's shape and ``week_on`` (cached per
    those: :func:`~runlift.kinds.common.per_shape`)."""
    days = ctx.days_with(rule.bits["select"]) & ctx.active_bits() & ctx.in_plan_bits
    streaks = days
    for k in range(1, rule.options.max + 1):  # bit i stays set when days i .. i+max all match
        streaks &= days >> k
        if not streaks:
            return 0
    return days


def _finding(ctx, rule, first, last):
    o: MaxConsecutiveOptions = rule.options
    bit = rule.bits["select"]
    n = last - first + 1
    dates = [ctx.date(i) for i in range(first, last + 1)]
    sessions = [session_label(ctx.date(i), s) for i in range(first, last + 1)
                for s, m in zip(ctx.sessions[i], ctx.masks[i]) if m & bit]
    message = (f"{n} days in a row with {what(o.label, o.select)}, {day_label(dates[0])} to "
               f"{day_label(dates[-1])}: at most {o.max}")
    return rule.finding(message, week=ctx.week_number((first + o.max) // 7), dates=dates, sessions=sessions)


KIND = RuleKind(name="max-consecutive", options=MaxConsecutiveOptions, check=check, doc=__doc__)
