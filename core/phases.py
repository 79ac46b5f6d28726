"""Phase layout: which phase each plan week belongs to.

A ruleset's phases are a template (``base`` 6 weeks, ``build`` 6, ``race`` 4, ``post-race`` 2 ...). A plan
is rarely exactly that long, so the template is fitted to it:

* **Weeks.** A plan is made of Monday-Sunday weeks; it starts on the Monday of the start date's week.
* **The race is an anchor.** With a race, the phases before it (``after-race = false``) end in the week
  that holds the race, laid out *back* from the race date; the phases with ``after-race = true`` follow
  that week, each as long as its ``weeks-by-distance`` entry for the race distance (else ``weeks``).
  Without a race the pre-race phases are laid out *forward* from the start and after-race phases are left
  out. A phase's template length is its ``weeks-by-distance`` entry for the race distance, else ``weeks``.
* **Scaling.** When the span to fill is not the template's length, phases get weeks in proportion to
  their template length, by the largest-remainder method (ties go to the earlier phase): every kept
  phase gets at least ``max(min-weeks, 1)`` weeks. If the span is too short for that, the **earliest**
  phases are dropped first (a 4-week plan to a race keeps the race-specific phases, not the base); if
  even the last phase alone does not fit its ``min-weeks`` it gets the whole span.
* **``--weeks N``** fixes the plan length: with a race in the plan, after-race phases are scaled to the
  weeks left after the race week; with the race after week N, the pre-race layout is computed back from
  the race and the plan is its first N weeks.
* Weeks after the race when the ruleset has no after-race phase belong to a phase called ``recovery``;
  a ruleset with no phases at all has one phase, ``training``.
* **Length by weeks off.** A phase with ``weeks-per-week-off`` is ``round(weeks-off × it)`` weeks long
  (half up), within ``max(min-weeks, 1)`` and ``max-weeks``, for an athlete with weeks off (the template
  ``weeks`` otherwise). Such a phase keeps its length when the plan is scaled: the other phases share the
  rest of the span. Only when the span is too short for all of them does scaling treat it like any
  other phase (its length as template and minimum).

Everything here is integer arithmetic, so the layout is the same on every machine.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from attrs import frozen

from .errors import RunliftError
from .ruleset import Phase

TRAINING_PHASE = "training"
RECOVERY_PHASE = "recovery"


class LayoutError(RunliftError):
    """The dates cannot make a plan (race before the start, no weeks)."""


@frozen
class PhaseWeek:
    """One plan week's place in the layout."""

    index: int  # 1-based plan week
    start: dt.date  # its Monday
    phase: str
    title: str
    week_in_phase: int  # 0-based
    phase_weeks: int
    after_race: bool = False
    race_week: bool = False


@frozen
class Layout:
    """The plan's weeks, their phases, and what was changed from the template (``notes``)."""

    start: dt.date
    weeks: tuple[PhaseWeek, ...]
    race_date: dt.date | None = None
    notes: tuple[str, ...] = ()

    def phase_spans(self) -> tuple[tuple[str, int], ...]:
        """``(phase, weeks in the plan)`` in plan order."""
        out: list[list] = []
        for w in self.weeks:
            if out and out[-1][0] == w.phase and w.week_in_phase > 0:
                out[-1][1] += 1
            else:
                out.append([w.phase, 1])
        return tuple((p, n) for p, n in out)


def monday_of(date: dt.date) -> dt.date:
    return date - dt.timedelta(days=date.weekday())


def template_weeks(phase: Phase, distance: str | None, weeks_off: int = 0) -> int:
    """A phase's template length: by the athlete's weeks off (``weeks-per-week-off``), by race distance
    (``weeks-by-distance``), else ``weeks``."""
    if weeks_off and phase.weeks_per_week_off is not None:
        return by_weeks_off(phase, weeks_off)
    if distance is not None and distance in phase.weeks_by_distance:
        return max(1, phase.weeks_by_distance[distance])
    return phase.weeks


def by_weeks_off(phase: Phase, weeks_off: int) -> int:
    """``round(weeks_off × weeks-per-week-off)`` (half up, exact decimal arithmetic), clamped to
    ``max(min-weeks, 1)`` .. ``max-weeks``."""
    from decimal import ROUND_HALF_UP, Decimal

    assert phase.weeks_per_week_off is not None
    n = int((Decimal(str(phase.weeks_per_week_off)) * weeks_off).quantize(Decimal(1), rounding=ROUND_HALF_UP))
    n = max(n, max(1, phase.min_weeks))
    if phase.max_weeks is not None:
        n = min(n, max(phase.max_weeks, max(1, phase.min_weeks)))
    return n


def _fixed(phase: Phase, weeks_off: int) -> bool:
    return bool(weeks_off) and phase.weeks_per_week_off is not None


def allocate(lengths: Sequence[int], minimums: Sequence[int], total: int) -> list[int]:
    """Split ``total`` weeks in proportion to ``lengths`` (largest remainder, ties to the earlier entry),
    each entry getting at least its minimum. Requires ``sum(minimums) <= total``."""
    n = len(lengths)
    fixed: dict[int, int] = {}
    while True:
        free = [i for i in range(n) if i not in fixed]
        rest = total - sum(fixed.values())
        weight = sum(lengths[i] for i in free)
        newly = [i for i in free if lengths[i] * rest < minimums[i] * weight]
        if not newly:
            break
        for i in newly:
            fixed[i] = minimums[i]
    out = [0] * n
    for i, w in fixed.items():
        out[i] = w
    free = [i for i in range(n) if i not in fixed]
    if free:
        rest = total - sum(fixed.values())
        weight = sum(lengths[i] for i in free)
        remainders = []
        for i in free:
            q, r = divmod(lengths[i] * rest, weight)
            out[i] = q
            remainders.append((-r, i))
        left = rest - sum(out[i] for i in free)
        for _, i in sorted(remainders)[:left]:
            out[i] += 1
    return out


def scale_phases(phases: Sequence[Phase], total: int, distance: str | None = None,
                 weeks_off: int = 0) -> tuple[list[tuple[Phase, int]], list[str]]:
    """Fit ``phases`` to ``total`` weeks (see the module docstring). Returns ``[(phase, weeks)]`` and notes."""
    notes: list[str] = []
    kept = list(phases)
    if total <= 0 or not kept:
        return [], notes
    lengths = [template_weeks(p, distance, weeks_off) for p in kept]
    fixed = [_fixed(p, weeks_off) for p in kept]
    mins = [max(1, p.min_weeks) for p in kept]
    if any(fixed):
        free = [i for i in range(len(kept)) if not fixed[i]]
        room = total - sum(n for n, f in zip(lengths, fixed) if f)
        if room >= sum(mins[i] for i in free) and (free or room == 0):
            shares = allocate([lengths[i] for i in free], [mins[i] for i in free], room) if free else []
            out = list(lengths)
            for i, n in zip(free, shares):
                out[i] = n
            template = sum(lengths)
            if template != total:
                notes.append(f"phases scaled from {template} to {total} weeks")
            return list(zip(kept, out)), notes
        mins = [n if f else m for n, m, f in zip(lengths, mins, fixed)]
    while len(kept) > 1 and sum(mins) > total:
        notes.append(f"phase '{kept[0].name}' left out: {total} weeks are too few for every phase")
        kept, lengths, mins = kept[1:], lengths[1:], mins[1:]
    if sum(mins) > total:
        notes.append(f"phase '{kept[0].name}' has {total} weeks, fewer than its min-weeks {kept[0].min_weeks}")
        return [(kept[0], total)], notes
    template = sum(lengths)
    if template != total:
        notes.append(f"phases scaled from {template} to {total} weeks")
    return list(zip(kept, allocate(lengths, mins, total))), notes


def _expand(parts: Sequence[tuple[Phase | str, int]], first_index: int, start: dt.date,
            after_race: bool, base: int = 1) -> list[PhaseWeek]:
    """PhaseWeeks numbered from ``first_index``; week ``base`` starts on ``start``."""
    out: list[PhaseWeek] = []
    index = first_index
    for phase, n in parts:
        name = phase if isinstance(phase, str) else phase.name
        title = name if isinstance(phase, str) else (phase.title or phase.name)
        for k in range(n):
            out.append(PhaseWeek(index=index, start=start + dt.timedelta(weeks=index - base), phase=name, title=title,
                                 week_in_phase=k, phase_weeks=n, after_race=after_race))
            index += 1
    return out


def layout_phases(phases: Sequence[Phase], *, start: dt.date, weeks: int | None = None,
                  race_date: dt.date | None = None, distance: str | None = None, weeks_off: int = 0,
                  first_index: int = 1) -> Layout:
    """The plan's weeks with their phases. ``weeks`` fixes the length; otherwise it follows from the
    template (no race) or runs to the race week plus the after-race phases. ``weeks_off`` is the athlete's
    break (phases with ``weeks-per-week-off``); ``first_index`` numbers the first week (a later segment of
    a plan, see :mod:`runlift.planner`)."""
    if weeks is not None and weeks < 1:
        raise LayoutError("a plan needs at least 1 week")
    monday = monday_of(start)
    pre = [p for p in phases if not p.after_race]
    post = [p for p in phases if p.after_race]
    notes: list[str] = []

    if race_date is None:
        if not pre:
            pre_parts: list[tuple[Phase | str, int]] = [(TRAINING_PHASE, weeks or 1)]
        else:
            total = weeks if weeks is not None else sum(template_weeks(p, distance, weeks_off) for p in pre)
            scaled, notes = scale_phases(pre, total, distance, weeks_off)
            pre_parts = list(scaled)
        return Layout(start=monday, weeks=tuple(_expand(pre_parts, first_index, monday, False, first_index)),
                      notes=tuple(notes))

    if race_date < monday:
        raise LayoutError(f"the race on {race_date.isoformat()} is before the plan starts "
                          f"(week of {monday.isoformat()})")
    to_race = (monday_of(race_date) - monday).days // 7 + 1  # weeks up to and including the race week
    post_template = [(p, template_weeks(p, distance, weeks_off)) for p in post]
    if weeks is None:
        total = to_race + sum(n for _, n in post_template)
    else:
        total = weeks

    if pre:
        scaled, notes = scale_phases(pre, to_race, distance, weeks_off)
        pre_parts = list(scaled)
    else:
        pre_parts = [(TRAINING_PHASE, to_race)]
    out = _expand(pre_parts, first_index, monday, False, first_index)[:total]
    if out and len(out) == to_race:
        out[-1] = _race_week(out[-1])
    left = total - len(out)
    if left > 0:
        if post:
            if sum(n for _, n in post_template) == left:
                post_parts: list[tuple[Phase | str, int]] = list(post_template)
            else:
                scaled_post, post_notes = scale_phases(post, left, distance, weeks_off)
                notes += [f"after the race: {n}" for n in post_notes]
                post_parts = list(scaled_post)
        else:
            post_parts = [(RECOVERY_PHASE, left)]
        out += _expand(post_parts, first_index + len(out), monday, True, first_index)
    elif total < to_race:
        notes.append(f"the plan ends {to_race - total} week(s) before the race week")
    return Layout(start=monday, weeks=tuple(out), race_date=race_date, notes=tuple(notes))


def _race_week(week: PhaseWeek) -> PhaseWeek:
    return PhaseWeek(index=week.index, start=week.start, phase=week.phase, title=week.title,
                     week_in_phase=week.week_in_phase, phase_weeks=week.phase_weeks, after_race=False,
                     race_week=True)


def layout(ruleset, plan, race: dt.date | None = None) -> tuple[str, ...]:
    """One phase name per week of an existing plan (e.g. an imported CSV, whose weeks have no phase):
    the ruleset's phases laid over the plan's own weeks, back from ``race`` when given. Used by the
    checker for ``when.phases`` conditions."""
    if not plan.weeks:
        return ()
    athlete = plan.athlete
    distance = athlete.race.distance if athlete is not None and athlete.race is not None else None
    if race is None and athlete is not None and athlete.race is not None:
        race = athlete.race.date
    try:
        laid = layout_phases(ruleset.phases, start=plan.weeks[0].start, weeks=len(plan.weeks), race_date=race,
                             distance=distance)
    except LayoutError:
        laid = layout_phases(ruleset.phases, start=plan.weeks[0].start, weeks=len(plan.weeks), distance=distance)
    return tuple(w.phase for w in laid.weeks)
