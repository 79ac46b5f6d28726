"""The ``bench/week.toml`` problem (see :mod:`problem`) for python-constraint2: 0/1 variables per day and
session type, sum constraints (which prune partial assignments), first feasible solution (no objective)."""

from __future__ import annotations

from constraint import ExactSumConstraint, FunctionConstraint, MaxSumConstraint, Problem

from .problem import LONG_DAY, QUALITY, RUN_DAYS, RUNS, SPEED, STRENGTH


def solve(weeks: int) -> dict[tuple[int, int], tuple[str, str]]:
    p = Problem()
    days = [(w, d) for w in range(weeks) for d in range(7)]

    def name(kind, w, d, t):
        return f"{kind}{w}_{d}_{t}"

    for w, d in days:
        for t in RUNS:
            fixed = t == "long"
            p.addVariable(name("r", w, d, t), [1 if d == LONG_DAY else 0] if fixed else [0, 1])
        for t in STRENGTH:
            p.addVariable(name("s", w, d, t), [0] if d == LONG_DAY else [0, 1])  # BW105
        p.addConstraint(MaxSumConstraint(1), [name("r", w, d, t) for t in RUNS])
        p.addConstraint(MaxSumConstraint(1), [name("s", w, d, t) for t in STRENGTH])
    for w in range(weeks):
        p.addConstraint(ExactSumConstraint(RUN_DAYS), [name("r", w, d, t) for d in range(7) for t in RUNS])
        for t in ("intervals", "tempo"):
            p.addConstraint(ExactSumConstraint(1), [name("r", w, d, t) for d in range(7)])
        for t in STRENGTH:
            p.addConstraint(ExactSumConstraint(1), [name("s", w, d, t) for d in range(7)])  # BW101
        week_vars = [name(k, w, d, t) for d in range(7) for k, ts in (("r", RUNS), ("s", STRENGTH)) for t in ts]
        per_day = len(RUNS) + len(STRENGTH)
        p.addConstraint(FunctionConstraint(  # BW102: some day with nothing
            lambda *v: any(not any(v[k:k + per_day]) for k in range(0, len(v), per_day))), week_vars)
    order = [(w, d) for w in range(weeks) for d in range(7)]
    for (wa, da), (wb, db) in zip(order, order[1:]):
        p.addConstraint(MaxSumConstraint(1), [name("r", wa, da, t) for t in QUALITY]
                        + [name("r", wb, db, t) for t in QUALITY])  # BW104
        p.addConstraint(MaxSumConstraint(1), [name("s", wa, da, t) for t in STRENGTH]
                        + [name("r", wb, db, t) for t in SPEED])  # BW103
    found = p.getSolution()
    if not found:
        raise RuntimeError("python-constraint2: no solution")
    out = {}
    for w, d in days:
        r = next((t for t in RUNS if found[name("r", w, d, t)]), "")
        s = next((t for t in STRENGTH if found[name("s", w, d, t)]), "")
        out[w, d] = (r, s)
    return out
