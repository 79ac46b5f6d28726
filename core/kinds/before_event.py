"""Nothing matching ``select`` in the last days before the race.

The window is the ``N`` days before the race **and race day itself** (``include-race-day = false`` leaves
race day out): with ``N = 10`` and a race on Sunday 25 Apr, a heavy lift on Thursday 15 Apr is flagged and
one on Wednesday 14 Apr is not. ``N`` is ``days-by-distance[distance]`` for the race's distance, else
``days``.

The race is the checker's race (``runlift check --race-date/--distance``), else the athlete's, else the
plan's first session of type ``race`` (then the distance is unknown and ``days`` applies). With no race at
all the rule finds nothing. The race session itself matches a run selector, so select runs carefully
(``not = { type = "race" }``). The rule's ``when.phases`` is judged on the week of each flagged session.

Options:

* ``select`` (selector, required)
* ``days`` (int >= 0, default 7)
* ``days-by-distance`` (table distance -> days, e.g. ``{ marathon = 10, half = 7 }``)
* ``include-race-day`` (bool, default true)

Example::

    [[rules]]
    code = "DV120"
    name = "no-heavy-lifting-before-the-race"
    kind = "before-event"
    severity = "error"
    options = { select = { tags = ["heavy"] }, days = 5, days-by-distance = { marathon = 10, half = 7 } }
"""

from __future__ import annotations

from typing import Literal

from attrs import field, frozen, validators as v

from ..findings import day_label, session_phrase
from ..rulekinds import RuleKind
from ..selectors import Selector
from .common import day_finding

Distance = Literal["5k", "10k", "half", "marathon", "ultra"]
RACE_WORDS = {"5k": "the 5K", "10k": "the 10K", "half": "the half marathon", "marathon": "the marathon",
              "ultra": "the ultra"}


def _days_values(instance, attribute, value) -> None:
    for key, days in value.items():
        if not 0 <= days <= 60:
            raise ValueError(f"'{attribute.name}' must map each distance to 0-60 days, got {key} = {days}")


@frozen
class BeforeEventOptions:
    """Options of the ``before-event`` kind (see the module docstring)."""

    select: Selector
    days: int = field(default=7, validator=v.and_(v.ge(0), v.le(60)))
    days_by_distance: dict[Distance, int] = field(factory=dict, validator=_days_values)
    include_race_day: bool = True

    def window(self, distance: str | None) -> int:
        return self.days_by_distance.get(distance, self.days) if distance else self.days


def check(ctx, rule):
    race = ctx.race_day
    if race is None:
        return ()
    o: BeforeEventOptions = rule.options
    bit = rule.bits["select"]
    n = o.window(ctx.distance)
    lo = max(ctx.first, race - n)
    hi = min(ctx.last, race if o.include_race_day else race - 1)
    if hi < lo:
        return ()
    window = ((1 << (hi + 1)) - 1) & ~((1 << lo) - 1)
    if not ctx.days_with(bit) & window & ctx.active_bits():
        return ()
    out = []
    race_word = RACE_WORDS.get(ctx.distance, "the race")
    for i in range(lo, hi + 1):
        if not ctx.day_mask[i] & bit or not ctx.week_on[i // 7]:
            continue
        date = ctx.date(i)
        before = race - i
        when = ("on race day" if before == 0 else f"the day before {race_word}" if before == 1
                else f"{before} days before {race_word}")
        for s, m in zip(ctx.sessions[i], ctx.masks[i]):
            if m & bit:
                message = f"{session_phrase(s)} on {day_label(date)}, {when}: none in the last {n} days"
                out.append(day_finding(ctx, rule, i, message, (s,)))
    return out


check.reads_race = True  # the checker keys remembered findings by the race too

KIND = RuleKind(name="before-event", options=BeforeEventOptions, check=check, doc=__doc__)
