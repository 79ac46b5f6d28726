"""The order of exercise categories inside a session (warm-up first, compound lifts after).

For each session matching ``select`` that lists exercises, the exercises' catalog categories
(:mod:`runlift.catalog`) must follow the flow:

* ``starts-with``: the first exercise the catalog knows has one of these categories ("start every strength
  session with mobility and activation");
* ``ends-with``: the last one has one of these categories ("finish with an isometric hold or a stretch");
* ``sequence``: the *first appearance* of each listed category follows this order. Later appearances are
  free, so ``sequence = ["mobility", "isometric", "compound"]`` accepts mobility → glute-bridge hold →
  squat → wall-sit finisher, and rejects a squat before the first hold.

Sessions with no exercises cannot show an order and are not judged; exercises the catalog does not know
are skipped.

Options:

* ``select`` (selector, required)
* ``starts-with``, ``ends-with``, ``sequence`` (lists of compound | isometric | mobility | plyometric |
  prehab; at least one set)

Example::

    [[rules]]
    code = "DV103"
    name = "mobility-then-activation-then-lifts"
    kind = "session-flow"
    severity = "warn"
    [rules.options]
    select = { sport = "strength" }
    starts-with = ["mobility"]
    sequence = ["mobility", "isometric", "compound"]
"""

from __future__ import annotations

from attrs import frozen

from ..catalog import Category
from ..findings import day_label, session_phrase
from ..rulekinds import RuleKind
from ..selectors import Selector
from .common import (day_finding, exercise_names, fails_from, per_day, per_exercises, per_week, session_fails_from,
                     session_problems)


@frozen
class SessionFlowOptions:
    """Options of the ``session-flow`` kind (see the module docstring)."""

    select: Selector
    starts_with: tuple[Category, ...] = ()
    ends_with: tuple[Category, ...] = ()
    sequence: tuple[Category, ...] = ()

    def __attrs_post_init__(self) -> None:
        if not (self.starts_with or self.ends_with or self.sequence):
            raise ValueError("set 'starts-with', 'ends-with' or 'sequence' (this rule would check nothing)")
        if len(set(self.sequence)) != len(self.sequence):
            raise ValueError(f"'sequence' lists a category twice: {list(self.sequence)!r}")


def _problems(o: SessionFlowOptions, session, facts) -> list[str]:
    known = [(ex, c) for ex, c in zip(session.exercises, facts.sequence) if c is not None]
    if not known:
        return []
    out = []
    if o.starts_with and known[0][1] not in o.starts_with:
        out.append(f"starts with {known[0][0].name} ({known[0][1]}), not {' or '.join(o.starts_with)}")
    if o.ends_with and known[-1][1] not in o.ends_with:
        out.append(f"ends with {known[-1][0].name} ({known[-1][1]}), not {' or '.join(o.ends_with)}")
    if o.sequence:
        order = {c: k for k, c in enumerate(o.sequence)}
        firsts = [c for c in facts.categories if c in order]
        for a, b in zip(firsts, firsts[1:]):
            if order[a] > order[b]:
                out.append(f"{a} work before {b} work (wanted {' → '.join(o.sequence)})")
                break
    return out


def _session_problems(ctx, rule, s) -> list[str]:
    """What is wrong with the flow of a matching session ``s`` (nothing when it lists no exercises)."""
    if not s.exercises:
        return []
    return per_exercises(rule, s.exercises, lambda exs: _problems(rule.options, s, ctx.exercise_facts(s)),
                         exercise_names)


def _day_problems(ctx, rule, i) -> list:
    """(session, what is wrong with its flow) per finding on day ``i``."""
    return session_problems(ctx, rule, i, _session_problems)


@session_fails_from(_session_problems)
@fails_from(_day_problems)
def check_day(ctx, rule, i):
    return [day_finding(ctx, rule, i, f"{session_phrase(s)} on {day_label(ctx.dates[i])} {'; '.join(problems)}",
                        (s,))
            for s, problems in _day_problems(ctx, rule, i)]
check = per_week(per_day(check_day), date_free=True, minutes_free=True)


KIND = RuleKind(name="session-flow", options=SessionFlowOptions, check=check, doc=__doc__)
