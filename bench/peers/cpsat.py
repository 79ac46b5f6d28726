"""The ``bench/week.toml`` problem (see :mod:`problem`) as an OR-Tools CP-SAT model, solved to optimality."""

from __future__ import annotations

from ortools.sat.python import cp_model

from .problem import LONG_DAY, QUALITY, REST_DAY, RUN_DAYS, RUNS, SPEED, STRENGTH


def solve(weeks: int, *, workers: int = 1) -> dict[tuple[int, int], tuple[str, str]]:
    """An optimal schedule, ``{(week, day): (run, strength)}``. One search worker: a fair single-core race."""
    m = cp_model.CpModel()
    days = [(w, d) for w in range(weeks) for d in range(7)]
    run = {(w, d, t): m.NewBoolVar(f"r{w}_{d}_{t}") for w, d in days for t in RUNS}
    lift = {(w, d, t): m.NewBoolVar(f"s{w}_{d}_{t}") for w, d in days for t in STRENGTH}
    runs = {(w, d): sum(run[w, d, t] for t in RUNS) for w, d in days}
    lifts = {(w, d): sum(lift[w, d, t] for t in STRENGTH) for w, d in days}
    quality = {(w, d): sum(run[w, d, t] for t in QUALITY) for w, d in days}
    speed = {(w, d): sum(run[w, d, t] for t in SPEED) for w, d in days}
    rest = {(w, d): m.NewBoolVar(f"rest{w}_{d}") for w, d in days}
    for w, d in days:
        m.Add(runs[w, d] <= 1)
        m.Add(lifts[w, d] <= 1)
        m.Add(runs[w, d] + lifts[w, d] == 0).OnlyEnforceIf(rest[w, d])
        m.Add(run[w, d, "long"] == (1 if d == LONG_DAY else 0))
        m.Add(lifts[w, d] == 0).OnlyEnforceIf(run[w, d, "long"])  # BW105
    for w in range(weeks):
        week = [(w, d) for d in range(7)]
        m.Add(sum(runs[x] for x in week) == RUN_DAYS)
        for t in ("intervals", "tempo"):
            m.Add(sum(run[x + (t,)] for x in week) == 1)
        for t in STRENGTH:  # BW101: two sessions, one of each focus
            m.Add(sum(lift[x + (t,)] for x in week) == 1)
        m.AddBoolOr([rest[x] for x in week])  # BW102
    order = [(w, d) for w in range(weeks) for d in range(7)]
    for a, b in zip(order, order[1:]):
        m.Add(quality[a] + quality[b] <= 1)  # BW104
        m.Add(lifts[a] + speed[b] <= 1)  # BW103 (every lift here is heavy lower-body work)
    # preferences: strength on a quality day; nothing on Friday
    penalties = []
    for w, d in days:
        off = m.NewBoolVar(f"off{w}_{d}")
        m.Add(lifts[w, d] - quality[w, d] <= off)
        penalties.append(off)
        if d == REST_DAY:
            penalties.append(1 - rest[w, d])
    m.Minimize(sum(penalties))
    solver = cp_model.CpSolver()
    solver.parameters.num_search_workers = workers
    status = solver.Solve(m)
    if status != cp_model.OPTIMAL:
        raise RuntimeError(f"CP-SAT: {solver.StatusName(status)}")
    out = {}
    for w, d in days:
        r = next((t for t in RUNS if solver.Value(run[w, d, t])), "")
        s = next((t for t in STRENGTH if solver.Value(lift[w, d, t])), "")
        out[w, d] = (r, s)
    return out
