"""When two kinds of session share a day, one comes first (optionally hours before).

On a day holding a session matching ``first`` and a session matching ``then``, the ``first`` session must
have the lower ``order`` ("run first, lift later on quality days"). With ``min-gap-hours``, the ``then``
session must also start at least that many nominal hours after the ``first`` one ends (:mod:`runlift.timing`:
am = 07:00, pm = 18:00, any = 07:00 + 5 h per place in the day), e.g. "separate them by several hours".

A session matching both selectors is compared only with sessions that match just one of them (two such
sessions cannot both come first). Days holding only one of the two are not this rule's business (see
``same-day`` and ``spacing``).

Options:

* ``first``, ``then`` (selectors, required)
* ``min-gap-hours`` (int >= 0, default 0)

Example::

    [[rules]]
    code = "RN108"
    name = "run-before-lifting-on-quality-days"
    kind = "same-day-order"
    severity = "error"
    options = { first = { tags = ["quality"] }, then = { sport = "strength", not = { type = "mobility" } } }
"""

from __future__ import annotations

from attrs import field, frozen, validators as v

from ..findings import day_label, session_phrase
from ..rulekinds import RuleKind
from ..selectors import Selector
from ..timing import gap_hours
from .common import day_finding, fails_from, number, per_day, per_week


@frozen
class SameDayOrderOptions:
    """Options of the ``same-day-order`` kind (see the module docstring)."""

    first: Selector
    then: Selector
    min_gap_hours: int = field(default=0, validator=v.and_(v.ge(0), v.le(20)))


def _problems(ctx, rule, i) -> list:
    """(first session, then session, gap in hours or None when they are in the wrong order) per finding on
    day ``i``."""
    fb, tb = rule.bits["first"], rule.bits["then"]
    dm = ctx.day_mask[i]
    if not (dm & fb and dm & tb):
        return []
    both = fb | tb
    gap_needed = rule.options.min_gap_hours
    out = []
    day = list(zip(ctx.sessions[i], ctx.masks[i]))
    for a, ma in day:
        if not ma & fb:
            continue
        for b, mb in day:
            if b is a or not mb & tb or (ma & both == both and mb & both == both):
                continue
            if b.order < a.order:
                out.append((a, b, None))
            elif gap_needed and (gap := gap_hours(i, a, i, b)) < gap_needed:
                out.append((a, b, gap))
    return out


@fails_from(_problems)
def check_day(ctx, rule, i):
    gap_needed = rule.options.min_gap_hours
    out = []
    for a, b, gap in _problems(ctx, rule, i):
        if gap is None:
            message = (f"{session_phrase(b)} before {session_phrase(a)} on {day_label(ctx.dates[i])}: "
                       f"{session_phrase(a)} should come first")
        else:
            message = (f"only {number(max(gap, 0))} h between {session_phrase(a)} and {session_phrase(b)} "
                       f"on {day_label(ctx.dates[i])}: at least {gap_needed} h wanted")
        out.append(day_finding(ctx, rule, i, message, (a, b)))
    return out
check = per_week(per_day(check_day), date_free=True, minutes_free=True)


KIND = RuleKind(name="same-day-order", options=SameDayOrderOptions, check=check, doc=__doc__)
