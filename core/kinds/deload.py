"""At least one lighter week in every ``every`` consecutive weeks.

A week is a *deload* when its measure of the sessions matching ``select`` is at most ``max-percent`` % of
the week before (both complete weeks). A week with nothing (0) after a week with nothing also counts: no
load, nothing to recover from. The first plan week has no week before it and is not a deload.

The rule flags every run of ``every`` weeks in a row without a deload, in the week that completes the run
(and again after each further ``every`` weeks). Only complete windows are judged: a plan prefix that
ends 3 weeks into a 4-week window is not blamed. An incomplete week, or a week where the rule does not apply
(``when.phases``, e.g. only in base and build), ends the run.

``measure`` is as for ``progression``: ``minutes``, ``load`` (RPE × minutes), ``sets``, ``volume``
(sets × reps) or ``sessions``.

Options:

* ``select`` (selector, required)
* ``every`` (int 2-26, required)
* ``max-percent`` (int 0-100, required)
* ``measure`` (default ``minutes``)
* ``label`` (string): how messages name the sessions (default from the selector)

Example::

    [[rules]]
    code = "PZ124"
    name = "deload-every-fourth-week"
    kind = "deload"
    severity = "warn"
    options = { select = { sport = "strength" }, every = 4, max-percent = 70, measure = "load" }
"""

from __future__ import annotations

from attrs import field, frozen, validators as v

from ..findings import day_label
from ..rulekinds import RuleKind
from ..selectors import Selector
from .common import MEASURE_WORDS, Measure, measure_total, per_series, week_totals, weekly_measures, what


@frozen
class DeloadOptions:
    """Options of the ``deload`` kind (see the module docstring)."""

    select: Selector
    every: int = field(validator=v.and_(v.ge(2), v.le(26)))
    max_percent: int = field(validator=v.and_(v.ge(0), v.le(100)))
    measure: Measure = "minutes"
    label: str | None = None


@week_totals(measure_total)
def check(ctx, rule):
    o: DeloadOptions = rule.options
    values = weekly_measures(ctx, rule.bits["select"], o.measure)
    every = o.every
    out = []
    for w in per_series(rule, values, ctx.week_on, _heavy_runs):
        first = w - every + 1
        message = (f"no lighter week in {every} weeks, {day_label(ctx.date(7 * first))} to "
                   f"{day_label(ctx.date(7 * w + 6))}: {what(o.label, o.select)} "
                   f"{MEASURE_WORDS[o.measure]} should drop to {o.max_percent} % of the week before "
                   f"at least every {every} weeks")
        out.append(rule.finding(message, week=ctx.week_number(w),
                                dates=(ctx.date(7 * first), ctx.date(7 * w + 6))))
    return out


def _heavy_runs(rule, values: list, week_on: tuple[bool, ...]) -> tuple[int, ...]:
    """The week positions ending ``every`` weeks in a row without a lighter week, where the rule applies."""
    o: DeloadOptions = rule.options
    every, share = o.every, o.max_percent / 100
    out = []
    run = 0
    for w in range(len(values)):
        cur = values[w]
        if cur is None or not week_on[w]:
            run = 0
            continue
        prev = values[w - 1] if w else None
        if prev is not None and cur <= prev * share + 1e-9:
            run = 0
            continue
        run += 1
        if run % every == 0:
            out.append(w)
    return tuple(out)


KIND = RuleKind(name="deload", options=DeloadOptions, check=check, doc=__doc__)
