"""How fast a weekly measure of the sessions matching ``select`` may rise.

Each complete week's measure is compared with the highest of the previous ``lookback`` complete weeks
(so coming back from a lighter week to the level before it is not a rise). It may be at most
``max-increase-percent`` above that base, or ``allowance`` above it, whichever is more
("2-5 % more, or one extra set": ``max-increase-percent = 5``, ``allowance = 1`` with ``measure = "sets"``).

``measure``, summed over the matching sessions of a week:

* ``minutes``: session minutes;
* ``load``: RPE × minutes (session-RPE load);
* ``sets``: the sets of the listed exercises (an exercise without sets counts 1);
* ``volume``: sets × reps of the listed exercises that have reps (holds are not volume);
* ``sessions``: the number of sessions.

Plans that list no exercises have no sets or volume: use ``minutes`` or ``load`` for them.

Rises from a tiny base are ignored: below ``min-base`` a percentage says little (20 → 40 minutes is
+100 %). The default ``min-base`` is 30 for minutes, 150 for load, 6 for sets, 60 for volume and 2 for
sessions. Growth from nothing (a base of 0) is never flagged.

Options:

* ``select`` (selector, required)
* ``measure`` (``minutes`` | ``load`` | ``sets`` | ``volume`` | ``sessions``, default ``minutes``)
* ``max-increase-percent`` (int >= 0, required)
* ``allowance`` (int >= 0, default 0): an absolute rise always allowed, in the measure's unit
* ``lookback`` (int 1-8, default 1)
* ``min-base`` (int >= 0, default per measure as above)
* ``label`` (string): how messages name the sessions (default from the selector)

Example::

    [[rules]]
    code = "PZ121"
    name = "strength-volume-never-doubles"
    kind = "progression"
    severity = "error"
    options = { select = { sport = "strength" }, measure = "minutes", max-increase-percent = 99, lookback = 2 }
"""

from __future__ import annotations

from attrs import field, frozen, validators as v

from ..rulekinds import RuleKind
from ..selectors import Selector
from .common import (MEASURE_WORDS, Measure, measure_total, number, per_series, week_label, week_totals,
                     weekly_measures, what)

DEFAULT_MIN_BASE = {"minutes": 30, "load": 150, "sets": 6, "volume": 60, "sessions": 2}


@frozen
class ProgressionOptions:
    """Options of the ``progression`` kind (see the module docstring)."""

    select: Selector
    max_increase_percent: int = field(validator=v.and_(v.ge(0), v.le(1000)))
    measure: Measure = "minutes"
    allowance: int = field(default=0, validator=v.ge(0))
    lookback: int = field(default=1, validator=v.and_(v.ge(1), v.le(8)))
    min_base: int | None = field(default=None, validator=v.optional(v.ge(0)))
    label: str | None = None

    @property
    def base_floor(self) -> int:
        return DEFAULT_MIN_BASE[self.measure] if self.min_base is None else self.min_base


@week_totals(measure_total)
def check(ctx, rule):
    o: ProgressionOptions = rule.options
    values = weekly_measures(ctx, rule.bits["select"], o.measure)
    pct, allowance = o.max_increase_percent, o.allowance
    out = []
    for w, k in per_series(rule, values, ctx.week_on, _rises):
        base, cur = values[k], values[w]
        rise = (cur - base) / base * 100
        unit = MEASURE_WORDS[o.measure]
        extra = f" or +{allowance}" if allowance else ""
        message = (f"{what(o.label, o.select)} {unit} up from {number(base)} to {number(cur)} (+{rise:.0f} %) "
                   f"in {week_label(ctx, w)}: at most +{pct} %{extra} a week")
        out.append(rule.finding(message, week=ctx.week_number(w), dates=(ctx.dates[7 * w],)))
    return out


def _rises(rule, values: list, week_on: tuple[bool, ...]) -> tuple[tuple[int, int], ...]:
    """(week position, position of its base) of each week where the rule applies that rises too much."""
    o: ProgressionOptions = rule.options
    floor, pct, allowance, lookback = o.base_floor, o.max_increase_percent, o.allowance, o.lookback
    out = []
    for w in range(1, len(values)):
        cur = values[w]
        if cur is None or not week_on[w]:
            continue
        base = at = None
        for k in range(max(0, w - lookback), w):
            x = values[k]
            if x is not None and (base is None or x > base):
                base, at = x, k
        if base is None or base <= 0 or base < floor:
            continue
        if cur > base + allowance and cur > base * (1 + pct / 100) + 1e-9:
            out.append((w, at))
    return tuple(out)


KIND = RuleKind(name="progression", options=ProgressionOptions, check=check, doc=__doc__)
