"""Plans that change philosophy part-way: a ruleset with ``then`` hands the weeks after its own phases to
another ruleset (return-from-break hands over to runna). The planner plans each segment under its own ruleset,
and ``runlift check`` judges each segment by its own ruleset, both with :func:`check_segments`. A plan whose
weeks name no phase (CSV, iCalendar) is first laid out as the planner would lay it out (:func:`chain_phases`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import Any

from .errors import RunliftError
from .model import Plan


def then_chain(ruleset: Any, load: Callable[[str], Any]) -> list[Any]:
    """``ruleset`` and the rulesets its ``then`` hands over to, in order (``load`` resolves a name); a chain
    that comes back to a ruleset already in it is a RunliftError."""
    chain = [ruleset]
    while chain[-1].then:
        name = chain[-1].then
        if name in [r.name for r in chain]:
            raise RunliftError(f"ruleset '{chain[-1].name}': then = \"{name}\" hands back to a ruleset already in "
                               f"the chain ({' -> '.join([r.name for r in chain])})")
        chain.append(load(name))
    return chain


def split_weeks(plan: Plan, chain: Sequence[Any]) -> list[int]:
    """How many of the plan's weeks, in order, each ruleset of ``chain`` judges: a week whose phase is not
    the current ruleset's but a later one's starts that ruleset's segment. Weeks with other phases (or none,
    as in a CSV plan) stay with the current ruleset, so a plan without phases is judged by the first."""
    phases = [{p.name for p in r.phases} for r in chain]
    counts = [0] * len(chain)
    at = 0
    for week in plan.weeks:
        if week.phase not in phases[at]:
            at = next((j for j in range(at + 1, len(chain)) if week.phase in phases[j]), at)
        counts[at] += 1
    return counts


def handover_layouts(first: Any, then: Any, start: dt.date, *, weeks: int | None = None,
                     race_date: dt.date | None = None, distance: str | None = None,
                     weeks_off: int = 0) -> tuple[Any, Any] | None:
    """How a plan from Monday ``start`` that hands over from ruleset ``first`` to ``then`` is laid out: the
    :class:`~runlift.phases.Layout` of ``first``'s own pre-race phases, each as long as its template (by
    ``weeks_off`` or ``distance``), then that of ``then``'s phases over the rest, to the race and past it (or
    over ``weeks`` in all). None when the whole plan stays with ``first``: it has no pre-race phase, or no
    week is left after them, or the race comes before the start or within them. The planner plans a
    ``then`` plan on these layouts, and :func:`chain_phases` lays out a plan without phases on them."""
    from .phases import layout_phases, monday_of, template_weeks

    own_phases = [p for p in first.phases if not p.after_race]
    own = sum(template_weeks(p, distance, weeks_off) for p in own_phases)
    if not own or (weeks is not None and weeks <= own):
        return None
    if race_date is not None and (race_date < start or (monday_of(race_date) - start).days // 7 + 1 <= own):
        return None
    head = layout_phases(own_phases, start=start, weeks=own, distance=distance, weeks_off=weeks_off)
    rest = layout_phases(then.phases, start=start + dt.timedelta(weeks=own),
                         weeks=None if weeks is None else weeks - own, race_date=race_date, distance=distance,
                         first_index=own + 1)
    return head, rest


def chain_phases(plan: Plan, chain: Sequence[Any], *, race_date: dt.date | None = None,
                 distance: str | None = None, weeks_off: int = 0) -> tuple[str, ...] | None:
    """The phase of each week of a plan whose weeks name none, laid out as the planner lays out a plan that
    hands over (:func:`handover_layouts`, over the plan's own weeks from its first Monday). None when some
    week names a phase, when ``chain`` is one ruleset, or when the planner would keep the whole plan under
    the first ruleset: the checker's own layout of that ruleset's phases applies then."""
    from .phases import LayoutError

    if len(chain) < 2 or not plan.weeks or any(w.phase for w in plan.weeks):
        return None
    n = len(plan.weeks)
    try:
        laid = handover_layouts(chain[0], chain[1], plan.weeks[0].start, weeks=n, race_date=race_date,
                                distance=distance, weeks_off=weeks_off)
    except LayoutError:
        return None
    if laid is None:
        return None
    phases = tuple(w.phase for lay in laid for w in lay.weeks)
    return phases if len(phases) == n else None


def with_phases(plan: Plan, phases: Sequence[str]) -> Plan:
    """``plan`` with each week's phase set to ``phases`` (one per week)."""
    import attrs

    return attrs.evolve(plan, weeks=tuple(attrs.evolve(w, phase=p) for w, p in zip(plan.weeks, phases)))


def check_segments(plan: Plan, parts: Sequence[tuple[Any, int]]) -> list[Any]:
    """The findings of each (checker, number of weeks) segment on its weeks, in plan order.

    Each checker sees its weeks with the weeks either side as context, so that a pair of sessions across a
    handover (Sunday -> Monday spacing, streaks) is judged; findings about the context weeks are the other
    ruleset's business and are dropped, so such a pair is judged by the ruleset of the week a finding names."""
    import attrs

    findings: list[Any] = []
    offset = 0
    for i, (checker, n) in enumerate(parts):
        if n == 0:
            continue
        lo = max(0, offset - 1)
        hi = min(len(plan.weeks), offset + n + (1 if i + 1 < len(parts) else 0))
        context = {plan.weeks[lo].index} if offset else set()
        if hi > offset + n:
            context.add(plan.weeks[hi - 1].index)
        sub = plan if (lo, hi) == (0, len(plan.weeks)) else attrs.evolve(plan, weeks=plan.weeks[lo:hi])
        findings += [f for f in checker.check(sub) if f.week not in context]
        offset += n
    return findings
