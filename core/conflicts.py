"""Infeasibility explained: a minimal set of rules and athlete constraints that no week can satisfy.

When no pattern of a week can be placed, :func:`explain` collects the *members* that constrain the week:
every error-level placement rule that applies in it, the athlete's available run days (when not all seven),
the previous week's last days (cross-week spacing and streaks) and, in overlay mode, the given runs. It
then runs a deletion filter: each member in turn is relaxed (a rule removed, every day made available,
the previous week forgotten, the runs removed); if the week stays infeasible without it, it stays out.
What remains is irreducible, and this is *verified*: relaxing any one remaining member makes the week
feasible (each check is a new search). The result is an :class:`~runlift.errors.InfeasibleError` whose
message names the members in words and whose ``conflict`` holds their keys (rule codes, ``run-days``,
``previous-week``, ``running-plan``).
"""

from __future__ import annotations

from typing import Any

import attrs

from .errors import InfeasibleError
from .findings import day_label
from .kinds.common import bounds_text, describe_selector
from .vocabulary import WEEKDAY_TITLES


def describe_rule(rule: Any, distance: str | None) -> str:
    """A rule's demand in words: ``RN101 (five-run-days) needs exactly 5 days with run``."""
    cr = rule.cr
    o = cr.options
    head = f"{cr.code} ({cr.name})"
    kind = cr.kind.name
    if kind == "count":
        thing = o.label or describe_selector(o.select)
        unit = {"sessions": f"{thing} sessions", "days": f"days with {thing}",
                "days-without": f"days without {thing}"}[o.unit]
        return f"{head} needs {bounds_text(o.min, o.max)} {unit} a week"
    if kind == "spacing":
        gap = f"{o.hours} h" if o.hours is not None else ("apart from the same day" if o.days == 0
                                                          else f"{o.days} day(s)")
        return (f"{head} keeps {describe_selector(o.first)} and {describe_selector(o.then)} {gap} apart"
                + ("" if o.direction == "both" else f" ({o.direction})"))
    if kind == "same-day":
        a, b = describe_selector(o.select), describe_selector(o.with_)
        return f"{head} keeps {a} off days with {b}" if o.mode == "must-not" else f"{head} puts {a} on days with {b}"
    if kind == "same-day-order":
        return f"{head} puts {describe_selector(o.first)} before {describe_selector(o.then)} on a shared day"
    if kind == "max-consecutive":
        return f"{head} allows at most {o.max} days in a row with {o.label or describe_selector(o.select)}"
    if kind == "before-event":
        return f"{head} allows no {describe_selector(o.select)} in the {o.window(distance)} days before the race"
    if kind == "duration":
        return f"{head} needs {bounds_text(o.min, o.max, 'min')} of {describe_selector(o.select)} per {o.per}"
    if kind == "prescription":
        return f"{head} allows only {'/'.join(o.intensity)} {describe_selector(o.select)}"
    return head


def _join(parts: list[str]) -> str:
    if len(parts) == 1:
        return parts[0]
    return ", ".join(parts[:-1]) + ", and " + parts[-1]


def explain(build: Any, base: Any, targets: Any, pw: Any) -> InfeasibleError:
    """The InfeasibleError for week ``pw`` (see the module docstring)."""
    athlete = build.athlete
    rules = [r for r in base.rules if r.hard and (r.on(base.phase) or (base.tail_phase and r.on(base.tail_phase)))]
    members: list[tuple[str, str]] = [(r.code, describe_rule(r, build.distance)) for r in rules]
    if len(athlete.run_days) < 7:
        days = ", ".join(athlete.run_days) or "none"
        n = len(athlete.run_days)
        members.append(("run-days", f"the athlete has {n} available run day{'' if n == 1 else 's'} ({days})"))
    if base.tail:
        members.append(("previous-week", "the previous week ends as planned"))
    if build.overlay and any(base.fixed):
        days = [WEEKDAY_TITLES[d] for d, f in enumerate(base.fixed) if f]
        members.append(("running-plan", f"the running plan has runs on {', '.join(days)}"))

    def feasible(keep: set[str]) -> bool:
        problem = base
        kept_rules = tuple(r for r in base.rules if not r.hard or r.code in keep)
        changes: dict[str, Any] = {"rules": kept_rules}
        if "run-days" not in keep:
            changes["run_ok"] = tuple(not base.fixed[d] and d not in base.closed for d in range(7))
        if "previous-week" not in keep:
            changes["tail"] = ()
            changes["tail_phase"] = None
        if "running-plan" not in keep and build.overlay:
            changes["fixed"] = tuple(() for _ in range(7))
        problem = attrs.evolve(problem, **changes)
        return build.feasible(problem, targets)

    keys = [k for k, _ in members]
    where = f"week {pw.index} ({pw.title}, from {day_label(pw.start)})"
    if feasible(set(keys)):  # the cheap parts of the search missed something: say so plainly
        return InfeasibleError(f"{where} cannot be planned within the search budget", conflict=())
    kept = list(keys)
    for key in list(keys):
        trial = [k for k in kept if k != key]
        if not feasible(set(trial)):
            kept = trial
    for key in kept:  # verify: each member is needed
        if not feasible(set(kept) - {key}):
            return InfeasibleError(f"{where} cannot be planned; the conflict could not be reduced "
                                   f"({', '.join(kept)})", conflict=tuple(kept))
    text = dict(members)
    parts = [text[k] for k in kept]
    if not parts:
        parts = ["the week's targets cannot be met by any pattern"]
    message = f"{where} cannot be planned: {_join(parts)}"
    return InfeasibleError(message, conflict=tuple(kept))
