"""The scheduling problem of ``bench/week.toml``, written out for the peer solvers.

One runner, ``weeks`` Monday-Sunday weeks. Each day holds at most one run (easy, long, intervals or tempo)
and at most one strength session (lower or full, both heavy), the run first. Every week:

* five run days: the long run on Sunday (the athlete's long-run day), one intervals, one tempo, two easy
  (runlift's ``[planner.defaults]``: run-days = 5, long-run, quality = intervals + tempo);
* exactly two strength sessions, one lower and one full (BW101; planner: sessions = 2, focus lower, full);
* at least one full rest day (BW102);
* no heavy lower-body lifting (lower or full) the day before a speed run, intervals or tempo (BW103);
* no two quality days in a row, quality being intervals, tempo and the long run, across weeks too (BW104);
* no heavy lifting on the long-run day (BW105).

Preferences (the CP-SAT objective; python-constraint2 has none and returns its first solution): strength on a
quality-run day ("hard days hard"), and nothing on Friday, the athlete's preferred rest day. runlift's
planner has the same preferences among others, so its plans and the peers' optima both cost 0 here.

A solution is ``{(week, day): (run, strength)}`` with ``run`` in RUNS + ("",) and ``strength`` in
STRENGTH + (""); :func:`to_plan` turns it into a runlift Plan so the benchmark can check that every peer's
answer passes ``bench/week.toml``.
"""

from __future__ import annotations

import datetime as dt

RUNS = ("easy", "long", "intervals", "tempo")
QUALITY = ("long", "intervals", "tempo")
SPEED = ("intervals", "tempo")
STRENGTH = ("lower", "full")
LONG_DAY = 6  # Sunday
REST_DAY = 4  # Friday (a preference)
RUN_DAYS = 5
START = dt.date(2027, 1, 4)  # a Monday


def to_plan(solution: dict[tuple[int, int], tuple[str, str]], weeks: int):
    """A runlift Plan of a peer's solution (run at 07:00 order 1, strength after it)."""
    from runlift.model import Day, Plan, Session, Week

    out = []
    for w in range(weeks):
        monday = START + dt.timedelta(weeks=w)
        days = []
        for d in range(7):
            run, lift = solution.get((w, d), ("", ""))
            sessions = []
            if run:
                intensity = "hard" if run in SPEED else ("moderate" if run == "long" else "easy")
                sessions.append(Session(sport="run", type=run, intensity=intensity, minutes=40, rpe=5,
                                        order=len(sessions) + 1, time="any"))
            if lift:
                sessions.append(Session(sport="strength", type=lift, intensity="hard", minutes=40, rpe=7,
                                        order=len(sessions) + 1, time="any"))
            days.append(Day(date=monday + dt.timedelta(days=d), sessions=tuple(sessions)))
        out.append(Week(index=w + 1, phase="train", start=monday, days=tuple(days)))
    return Plan(weeks=tuple(out))
