"""Weekly measures: make the planned weeks honour the ruleset's progression and deload rules.

The volume module already ramps running minutes and schedules cut-back weeks from the ruleset's rules
(:mod:`runlift.volume`); strength doses grow with the ``[planner]`` progression. This pass walks the weeks in
order and, for every ``progression`` and ``deload`` rule that applies, measures the week exactly as the
kinds do (:func:`runlift.kinds.common.session_measure` over the sessions the rule selects):

* **progression**: a week above ``max(base × (1 + max-increase-percent), base + allowance)`` of the highest of
  the previous ``lookback`` weeks is lowered to that limit;
* **deload**: a week that would complete ``every`` weeks without a lighter week is lowered to
  ``max-percent`` of the week before.

The race and the runs of an overlaid plan are never changed: only the planner's own sessions are lowered.

Lowering means: fewer minutes (``minutes``; runs never below ``[planner.run] min-run-minutes``, other
sessions never below a duration rule's minimum), then a lower target RPE (``load``), fewer reps then fewer
sets (``volume``), fewer sets (``sets``); never below an error-level prescription minimum. Error-level rules
are honoured first, then warn-level ones where they do not fight them. A week lowered here becomes the next
week's base, so the plan climbs back gradually.
"""

from __future__ import annotations

import math
from typing import Any

import attrs

from .kinds.common import session_measure

_TOL = 1e-9


def _rules(build: Any) -> list[Any]:
    out = [cr for cr in build.compiled if cr.kind.name in ("progression", "deload")]
    out.sort(key=lambda cr: (cr.severity != "error", cr.code))
    return out


def shape_weeks(build: Any, layout: Any, built: list[list[list[Any]]],
                derived: list[dict] | None = None) -> list[list[list[Any]]]:
    """``built`` after the weekly measures. ``derived`` (per week, a dict kept with the week's sessions, as
    on the planner's planned weeks) keeps each week's measures for the next plan with the same week."""
    rules = build.pl.cached(("shape rules", build.rules_token), lambda: _rules(build))
    if not rules:
        return built
    mask_of = build.checker._mask_of
    complete = [not build._closed(pw) for pw in layout.weeks]
    phases = [pw.phase for pw in layout.weeks]
    floors = None
    # each rule's weekly measure, filled in week by week (a lowered week is measured again)
    values: dict[int, list] = {id(cr): [] for cr in rules}
    key = ("shape measures", build.rules_token)
    for w in range(len(built)):
        measures = None
        if complete[w]:
            measures = derived[w].get(key) if derived is not None else None
            if measures is None:
                masked = _masked(built[w], mask_of)
                measures = tuple(_measure(masked, cr.bits["select"], cr.options.measure) for cr in rules)
                if derived is not None:
                    derived[w][key] = measures
        for j, cr in enumerate(rules):
            vals = values[id(cr)]
            o = cr.options
            cur = measures[j] if measures is not None else None
            vals.append(cur)
            if cur is None or (cr.phases is not None and phases[w] not in cr.phases):
                continue
            limit = None
            if cr.kind.name == "progression":
                bases = [x for x in vals[max(0, w - o.lookback):w] if x is not None]
                if bases:
                    base = max(bases)
                    if base > 0 and base >= o.base_floor:
                        limit = max(base * (1 + o.max_increase_percent / 100), base + o.allowance)
            elif _deload_due(cr, vals, phases, complete, w):
                prev = vals[w - 1]
                if prev is not None:
                    limit = prev * o.max_percent / 100
            if limit is not None and cur > limit + _TOL:
                if floors is None:
                    floors = _Floors(build)
                built[w] = _lower(built[w], cr.bits["select"], o.measure, limit, mask_of, floors,
                                  cr.severity == "error", phases[w])
                masked = _masked(built[w], mask_of)
                measures = tuple(_measure(masked, other.bits["select"], other.options.measure) for other in rules)
                for k, other in enumerate(rules):  # this week's measures changed for every rule
                    ov = values[id(other)]
                    if len(ov) > w:
                        ov[w] = measures[k]
    return built


def _deload_due(cr: Any, values: list, phases: list[str], complete: list[bool], w: int) -> bool:
    """Whether week ``w`` would complete a run of ``every`` weeks without a deload (the kind's counting)."""
    o = cr.options
    share = o.max_percent / 100
    run = 0
    for v in range(w):
        cur = values[v]
        on = cr.phases is None or phases[v] in cr.phases
        if cur is None or not on:
            run = 0
            continue
        prev = values[v - 1] if v else None
        if prev is not None and cur <= prev * share + _TOL:
            run = 0
            continue
        run += 1
    return (run + 1) % o.every == 0 and w > 0


def _masked(days: list[list[Any]], mask_of) -> list[tuple[int, Any]]:
    """The week's sessions in order, each with its selector mask (one look-up per session for every rule)."""
    return [(mask_of(s), s) for day in days for s in day]


def _measure(masked: list[tuple[int, Any]], bit: int, measure: str) -> float:
    """A rule's weekly measure: the sum over the sessions its selector ``bit`` picks, in week order."""
    total = 0.0
    for m, s in masked:
        if m & bit:
            total += session_measure(s, measure)
    return total


class _Floors:
    """The least minutes, sets and reps a session may be lowered to."""

    def __init__(self, build: Any):
        self.build = build
        self.run_min = build.cfg.run.min_run_minutes
        self.duration = [cr for cr in build.compiled if cr.kind.name == "duration" and cr.severity == "error"
                         and cr.options.per == "session" and cr.options.min is not None]
        self.dose_rules = [(cr, b, o) for cr, b, o in build.dose_bounds if cr.severity == "error"]
        # an overlaid plan's sessions are kept exactly as given
        self.fixed = {id(s) for day in build._overlay_days().values() for s in day} if build.overlay else set()

    def minutes(self, s: Any, mask_of) -> int:
        low = self.run_min if s.sport == "run" else 10
        m = mask_of(s)
        for cr in self.duration:
            if m & cr.bits["select"]:
                low = max(low, cr.options.min)
        return min(low, s.minutes)

    def dose(self, s: Any, phase: str | None = None) -> tuple[int, int]:
        """The least sets and reps the error-level prescription rules of ``phase`` allow for ``s``."""
        sets, reps = 1, 1
        for cr, b, o in self.dose_rules:
            if cr.phases is not None and phase not in cr.phases:
                continue
            if b.applies(s):
                if b.sets[0] is not None:
                    sets = max(sets, b.sets[0])
                if b.reps[0] is not None:
                    reps = max(reps, b.reps[0])
        return sets, reps


def _lower(days: list[list[Any]], bit: int, measure: str, limit: float, mask_of, floors: _Floors,
           hard: bool, phase: str | None = None) -> list[list[Any]]:
    """The week with its matching sessions lowered until the measure is at most ``limit`` (if possible)."""
    days = [list(day) for day in days]
    fixed = floors.fixed
    spots = [(d, k) for d, day in enumerate(days) for k, s in enumerate(day)
             if mask_of(s) & bit and not (s.sport == "run" and s.type == "race") and id(s) not in fixed]
    if not spots:
        return days

    def total() -> float:
        return sum(session_measure(days[d][k], measure) for d, k in spots)

    if measure in ("minutes", "load"):
        cur = total()
        if cur <= 0:
            return days
        factor = limit / cur
        for d, k in spots:
            s = days[d][k]
            low = floors.minutes(s, mask_of)
            minutes = max(low, math.floor(s.minutes * factor / 5.0) * 5)
            if minutes < s.minutes:
                days[d][k] = attrs.evolve(s, minutes=minutes)
        if measure == "load":
            for _ in range(10):
                if total() <= limit + _TOL:
                    break
                changed = False
                for d, k in spots:
                    s = days[d][k]
                    if s.rpe > 1 and total() > limit + _TOL:
                        days[d][k] = attrs.evolve(s, rpe=s.rpe - 1)
                        changed = True
                if not changed:
                    break
        return days
    if measure in ("sets", "volume"):
        for _ in range(40):
            if total() <= limit + _TOL:
                break
            changed = False
            for d, k in spots:
                if total() <= limit + _TOL:
                    break
                s = days[d][k]
                if not s.exercises:
                    continue
                min_sets, min_reps = floors.dose(s, phase)
                exercises = list(s.exercises)
                for i, ex in enumerate(exercises):
                    if measure == "volume" and ex.reps and ex.reps > max(min_reps, 1):
                        exercises[i] = attrs.evolve(ex, reps=ex.reps - 1)
                        changed = True
                    elif ex.sets and ex.sets > max(min_sets, 1) and (measure == "sets" or not ex.reps
                                                                     or ex.reps <= max(min_reps, 1)):
                        exercises[i] = attrs.evolve(ex, sets=ex.sets - 1)
                        changed = True
                days[d][k] = attrs.evolve(s, exercises=tuple(exercises))
            if not changed:
                break
    return days
