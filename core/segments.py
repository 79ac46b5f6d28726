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


def chain_phases(plan: Plan, chain: Sequence[Any], *, race_date: dt.date | None = None,
                 distance: str | None = None, weeks_off: int = 0) -> tuple[str, ...] | None:
    """The phase of each week of a plan whose weeks name none, laid out as the planner lays out a plan that
    hands over (``then``): the first ruleset's own pre-race phases at their template length (by ``weeks_off``
    or ``distance``) from the plan's first Monday, then the next ruleset's phases over the remaining weeks, to
    the race and past it. None when some week names a phase, when ``chain`` is one ruleset, or when the
    planner would keep the whole plan under the first ruleset (no week left after its phases, or the race
    within them): the checker's own layout of that ruleset's phases applies then."""
    from .phases import LayoutError, layout_phases, monday_of, template_weeks

    if len(chain) < 2 or not plan.weeks or any(w.phase for w in plan.weeks):
        return None
    own_phases = [p for p in chain[0].phases if not p.after_race]
    own = sum(template_weeks(p, distance, weeks_off) for p in own_phases)
    n = len(plan.weeks)
    start = plan.weeks[0].start
    if not own or n <= own:
        return None
    if race_date is not None and (race_date < start or (monday_of(race_date) - start).days // 7 + 1 <= own):
        return None
    try:
        first = layout_phases(own_phases, start=start, weeks=own, distance=distance, weeks_off=weeks_off)
        second = layout_phases(chain[1].phases, start=start + dt.timedelta(weeks=own), weeks=n - own,
                               race_date=race_date, distance=distance, first_index=own + 1)
    except LayoutError:
        return None
    phases = tuple(w.phase for w in first.weeks + second.weeks)
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
