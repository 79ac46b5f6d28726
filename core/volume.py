"""Running volume: weekly running minutes from the athlete's baseline, ramp, cut-backs and taper.

* The **build level** starts at the athlete's baseline weekly minutes (at least one minimum-length run
  per planned run day). In a phase with ``ramp = true`` each week after the first raises it by
  ``[planner.run] ramp-percent`` (never past ``peak-percent`` of the baseline).
* A ramping week's minutes are ``level × volume-percent``. A phase with ``ramp = false`` holds the level
  and, when its ``volume-percent`` is below 100, steps down linearly to it: week ``k`` of ``n`` gets
  ``100 - (100 - volume-percent) × (k + 1) / n`` percent (a 4-week taper to 60 %: 90, 80, 70, 60).
* Every ``cutback-every``-th week of the plan that ramps is a **cut-back week** at ``cutback-percent`` of
  the level; the rhythm may come from the ruleset's deload rule instead (see :mod:`runlift.planner`).
* An optional cap on the week-over-week increase (from an error- or warn-level progression rule on
  running minutes) is applied last, so the week after a cut-back climbs back gradually.

Minutes are rounded to 5. Integer and float arithmetic only on exact inputs, so results are stable.
"""

from __future__ import annotations

from collections.abc import Sequence

from attrs import frozen

from .phases import PhaseWeek
from .planner_config import ResolvedWeekPlan, RunSettings


@frozen
class WeekVolume:
    minutes: int
    level: int
    cutback: bool
    why: str


def round5(x: float) -> int:
    return int(5 * round(x / 5.0))


def is_cutback(week: PhaseWeek, plan: ResolvedWeekPlan, every: int) -> bool:
    """Whether a week is a cut-back week: every ``every``-th plan week, in a ramping phase before the race."""
    return every > 0 and week.index % every == 0 and plan.ramp and not week.race_week and not week.after_race


def run_volumes(weeks: Sequence[PhaseWeek], plans: Sequence[ResolvedWeekPlan], settings: RunSettings,
                baseline: int, *, cutback_every: int | None = None, cutback_percent: int | None = None,
                max_increase_percent: float | None = None, start_level: int | None = None) -> list[WeekVolume]:
    """Weekly running minutes for each plan week (see the module docstring). ``start_level`` (a later
    segment of a plan) is the build level to go on from; the peak stays relative to ``baseline``."""
    every = settings.cutback_every if cutback_every is None else cutback_every
    cut_pct = settings.cutback_percent if cutback_percent is None else cutback_percent
    first_days = plans[0].run_days if plans else 0
    level = float(max(baseline, first_days * settings.min_run_minutes))
    cap = max(level, baseline * settings.peak_percent / 100.0)
    if start_level is not None:
        level = float(max(start_level, first_days * settings.min_run_minutes))
    out: list[WeekVolume] = []
    prev_minutes: int | None = None
    for i, (week, plan) in enumerate(zip(weeks, plans)):
        if plan.ramp and i > 0 and out and not out[-1].cutback:
            level = min(cap, level * (1 + settings.ramp_percent / 100.0))
        cut = is_cutback(week, plan, every)
        if cut:
            pct = cut_pct * plan.volume_percent / 100.0
            why = f"cut-back week: {cut_pct} % of the build level"
        elif plan.ramp or plan.volume_percent >= 100:
            pct = float(plan.volume_percent)
            why = (f"build level {round5(level)} min" if plan.ramp else f"holding {round5(level)} min") + \
                (f" × {plan.volume_percent} %" if plan.volume_percent != 100 else "")
        else:
            k, n = week.week_in_phase, max(1, week.phase_weeks)
            pct = 100.0 - (100.0 - plan.volume_percent) * (k + 1) / n
            why = f"tapering: {round(pct)} % of {round5(level)} min"
        minutes = round5(level * pct / 100.0)
        if max_increase_percent is not None and prev_minutes is not None and prev_minutes > 0:
            limit = int(prev_minutes * (1 + max_increase_percent / 100.0) // 5 * 5)
            if minutes > limit:
                minutes = max(limit, 0)
                why += f", capped at +{max_increase_percent:g} % on the week before"
        minutes = max(minutes, 0)
        out.append(WeekVolume(minutes=minutes, level=round5(level), cutback=cut, why=why))
        prev_minutes = minutes
    return out
