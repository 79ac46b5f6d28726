"""Plans that change philosophy part-way: a ruleset with ``then`` hands the weeks after its own phases to
another ruleset (return-from-break hands over to runna). The planner plans each segment under its own ruleset,
and ``runlift check`` judges each segment by its own ruleset, both with :func:`check_segments`."""

from __future__ import annotations

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
