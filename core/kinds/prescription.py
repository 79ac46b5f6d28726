"""Sets, reps, hold seconds, loads and intensity of the sessions matching ``select``.

For each matching session:

* ``intensity``: the session's intensity must be one of these ("strength no harder than moderate");
* for each exercise it lists (sessions without exercises are judged on intensity only):
  ``sets``, ``reps`` and ``hold-seconds`` must fall in their ranges (an exercise is judged on the values it
  has: reps for rep work, hold seconds for holds); ``loads``: the exercise's load note must be one of these
  (case-insensitive; an exercise with no load note counts as ``bodyweight``).

``categories`` narrows the exercises judged to those whose catalog entry (:mod:`runlift.catalog`) has one
of these categories, e.g. only ``compound`` lifts for "4-8 reps", leaving warm-up drills alone. With
``categories`` set, exercises the catalog does not know are not judged.

One finding per session for a wrong intensity and one per exercise for everything wrong with it.

Options:

* ``select`` (selector, required)
* ``sets``, ``reps``, ``hold-seconds`` (ranges ``{ min = .., max = .. }``)
* ``intensity`` (list of easy | moderate | hard)
* ``loads`` (list of load notes, e.g. ``["bodyweight"]``)
* ``categories`` (list of compound | isometric | mobility | plyometric | prehab)

Example::

    [[rules]]
    code = "FT113"
    name = "three-sets-of-five-to-twelve"
    kind = "prescription"
    severity = "warn"
    [rules.options]
    select = { sport = "strength" }
    categories = ["compound"]
    sets = { min = 3, max = 3 }
    reps = { min = 5, max = 12 }
"""

from __future__ import annotations

from typing import Literal

from attrs import field, frozen

from ..catalog import Category
from ..findings import day_label, session_phrase
from ..rulekinds import RuleKind
from ..selectors import Selector
from .common import (Range, day_finding, exercise_content, fails_from, per_day, per_exercises, per_week,
                     session_fails_from, session_problems)

Intensity = Literal["easy", "moderate", "hard"]


def _lower(values: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(x.strip().lower() for x in values)


@frozen
class PrescriptionOptions:
    """Options of the ``prescription`` kind (see the module docstring)."""

    select: Selector
    sets: Range | None = None
    reps: Range | None = None
    hold_seconds: Range | None = None
    intensity: tuple[Intensity, ...] = ()
    loads: tuple[str, ...] = field(default=(), converter=_lower)
    categories: tuple[Category, ...] = ()

    def __attrs_post_init__(self) -> None:
        if not (self.sets or self.reps or self.hold_seconds or self.intensity or self.loads):
            raise ValueError("set 'sets', 'reps', 'hold-seconds', 'intensity' or 'loads' "
                             "(this rule would check nothing)")


def _exercise_text(ex) -> str:
    if ex.sets and ex.reps:
        return f"{ex.name} {ex.sets}×{ex.reps}"
    if ex.sets and ex.hold_seconds:
        return f"{ex.name} {ex.sets}×{ex.hold_seconds} s"
    return ex.name


def _exercise_problems(o: PrescriptionOptions, checker, exercises) -> tuple[tuple[object, str], ...]:
    """(exercise, what is wrong) for each exercise of a session that breaks the prescription."""
    categories = frozenset(o.categories)
    loads = frozenset(o.loads)
    out = []
    for ex in exercises:
        if categories:
            entry = checker.entry(ex.name)
            if entry is None or entry.category not in categories:
                continue
        problems = []
        if o.sets and ex.sets is not None and ex.sets not in o.sets:
            problems.append(f"{ex.sets} sets, {o.sets.describe()} wanted")
        if o.reps and ex.reps is not None and ex.reps not in o.reps:
            problems.append(f"{ex.reps} reps, {o.reps.describe()} wanted")
        if o.hold_seconds and ex.hold_seconds is not None and ex.hold_seconds not in o.hold_seconds:
            problems.append(f"{ex.hold_seconds} s holds, {o.hold_seconds.describe('s')} wanted")
        if loads and (ex.load or "bodyweight").strip().lower() not in loads:
            problems.append(f"load '{ex.load}', {' or '.join(o.loads)} wanted")
        if problems:
            out.append((ex, "; ".join(problems)))
    return tuple(out)


def _session_problems(ctx, rule, s) -> list:
    """(s, None) for a wrong intensity and (s, (exercise, what is wrong)) for a wrong exercise, per finding on
    a matching session ``s``."""
    o: PrescriptionOptions = rule.options
    out = []
    if o.intensity and s.intensity not in o.intensity:
        out.append((s, None))
    if s.exercises and (o.sets or o.reps or o.hold_seconds or o.loads):
        checker = ctx.checker
        bad = per_exercises(rule, s.exercises, lambda exs: _exercise_problems(o, checker, exs),
                            exercise_content)
        out += [(s, problem) for problem in bad]
    return out


def _problems(ctx, rule, i) -> list:
    """The problems of each matching session on day ``i`` (see ``_session_problems``), in order."""
    return [pair for _, pairs in session_problems(ctx, rule, i, _session_problems) for pair in pairs]


@session_fails_from(_session_problems)
@fails_from(_problems)
def check_day(ctx, rule, i):
    o: PrescriptionOptions = rule.options
    day = day_label(ctx.dates[i])
    out = []
    for s, problem in _problems(ctx, rule, i):
        if problem is None:
            message = f"{session_phrase(s)} on {day} is {s.intensity}: {' or '.join(o.intensity)} wanted"
        else:
            ex, problems = problem
            message = f"{_exercise_text(ex)} in {session_phrase(s)} on {day}: {problems}"
        out.append(day_finding(ctx, rule, i, message, (s,)))
    return out
check = per_week(per_day(check_day), date_free=True, minutes_free=True)


KIND = RuleKind(name="prescription", options=PrescriptionOptions, check=check, doc=__doc__)
