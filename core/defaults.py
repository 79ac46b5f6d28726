"""The built-in default athlete: what ``runlift compare`` and ``runlift plan`` use with no files.

Dates are explicit (never "today"), so output is the same on every machine and every day.
"""

from __future__ import annotations

import datetime as dt

from .model import Athlete, Race

DEFAULT_START = dt.date(2027, 1, 4)  # a Monday
DEFAULT_RACE_DATE = dt.date(2027, 4, 25)  # the Sunday of week 16

DEFAULT_ATHLETE = Athlete(
    name="Alex (default athlete)",
    experience="intermediate",
    run_days=("mon", "tue", "wed", "thu", "fri", "sat", "sun"),
    long_run_day="sun",
    rest_days=("fri",),
    equipment="hybrid",
    baseline_minutes=200,
    race=Race(distance="half", date=DEFAULT_RACE_DATE),
    start=DEFAULT_START,
)
