"""Nominal session times: the one definition the checker and the planner share.

A plan says *when* in the day a session happens only roughly (``time`` = ``am``, ``pm`` or ``any``, plus
its ``order`` within the day), but some rules speak in hours ("24 h between intervals and heavy
lifting", "leave several hours between the run and the lift"). Those rules use these nominal clock
times, so the checker and the planner always agree on what a gap is:

* ``time = "am"``  starts at **07:00**;
* ``time = "pm"``  starts at **18:00**;
* ``time = "any"`` starts at **07:00 + 5 h × (order − 1)**: the first session of the day at 07:00, the
  second at 12:00, the third at 17:00 ...

A session ends at its start plus its ``minutes``. The gap between two sessions is the end of the earlier
one to the start of the later one, in hours. Across days, a session's absolute time is
``24 × day number + start hour`` (see :func:`absolute_start`), so a Monday 18:00 lift and a Tuesday
07:00 run are 13 h apart minus the lift's length.

These are planning conventions, not facts about the athlete: a runner who logs ``am`` for a 05:30
run is treated as running at 07:00.
"""

from __future__ import annotations

from typing import Any

AM_HOUR = 7.0
PM_HOUR = 18.0
ANY_FIRST_HOUR = 7.0
ANY_STEP_HOURS = 5.0


def start_hour(session: Any) -> float:
    """Nominal start, in hours after midnight (see the module docstring)."""
    time = session.time
    if time == "am":
        return AM_HOUR
    if time == "pm":
        return PM_HOUR
    return ANY_FIRST_HOUR + ANY_STEP_HOURS * (session.order - 1)


def end_hour(session: Any) -> float:
    """Nominal end: start plus the session's minutes."""
    return start_hour(session) + session.minutes / 60.0


def absolute_start(day_number: int, session: Any) -> float:
    """Hours since midnight of day 0 at which the session starts, for a session on day ``day_number``."""
    return 24.0 * day_number + start_hour(session)


def absolute_end(day_number: int, session: Any) -> float:
    """Hours since midnight of day 0 at which the session ends."""
    return 24.0 * day_number + end_hour(session)


def gap_hours(day_a: int, a: Any, day_b: int, b: Any) -> float:
    """Hours from the end of ``a`` (on day ``day_a``) to the start of ``b`` (on day ``day_b``).

    Negative when ``b`` starts before ``a`` has ended (overlapping or earlier)."""
    return absolute_start(day_b, b) - absolute_end(day_a, a)
