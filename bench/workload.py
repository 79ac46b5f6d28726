"""Deterministic workloads shared by the benchmarks: a roster of athletes and their plans.

Nothing here is timed; :mod:`run` times what it builds. Everything is deterministic (no clock, no random
seed left to chance) so two runs measure the same plans.
"""

from __future__ import annotations

import datetime as dt
import itertools
import pickle

from runlift.defaults import DEFAULT_ATHLETE
from runlift.model import Athlete, Race

BUILTIN_RULESETS = ("runna", "five-three-two", "pillars", "return-from-break", "periodized")

_MONDAY = dt.date(2027, 1, 4)
_EXPERIENCE = ("beginner", "intermediate", "advanced")
_DISTANCES = ("5k", "10k", "half", "marathon")
_REST = ((), ("fri",), ("mon",), ("wed",), ("mon", "fri"))
_LONG = ("sun", "sat")
_EQUIPMENT = ("hybrid", "gym", "home")


def roster(n: int, *, weeks: int = 16) -> list[Athlete]:
    """``n`` different athletes, each with a race ``weeks`` weeks after a different start Monday.

    They differ in experience, race distance, baseline minutes, rest and long-run days, equipment and start
    date (one week apart), so their plans are different plans, not copies of one."""
    out = []
    combos = itertools.cycle(itertools.product(_EXPERIENCE, _DISTANCES, _REST, _LONG, _EQUIPMENT))
    for k in range(n):
        experience, distance, rest, long_day, equipment = next(combos)
        start = _MONDAY + dt.timedelta(weeks=k)
        race = Race(distance=distance, date=start + dt.timedelta(weeks=weeks - 1, days=6))
        out.append(Athlete(name=f"athlete {k}", experience=experience, long_run_day=long_day, rest_days=rest,
                           equipment=equipment, baseline_minutes=150 + 10 * (k % 12), race=race, start=start))
    return out


def default_athlete() -> Athlete:
    return DEFAULT_ATHLETE


def fresh_copy(obj):
    """A deep copy made of new objects (pickle round trip: no Week, Day or Session object is shared)."""
    return pickle.loads(pickle.dumps(obj, protocol=pickle.HIGHEST_PROTOCOL))
