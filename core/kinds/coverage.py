"""Each week (or each session) trains the required categories, muscle groups and patterns.

What a session covers comes from its exercises through the exercise catalog (:mod:`runlift.catalog`:
each entry has a ``category``, ``muscles``, a movement ``pattern`` and ``unilateral``). Exercises the
catalog does not know cover nothing.

**Sessions that list no exercises** are counted by their type, so coverage works on plans without exercise
detail (CSV, ICS, hand-written weeks):

=====================  ===========  ==============================================
session                category     muscles
=====================  ===========  ==============================================
strength ``lower``     compound     quads, glutes, hamstrings, calves
strength ``full``      compound     quads, glutes, hamstrings, calves, core, upper-body
strength ``upper``     compound     upper-body, core
strength ``circuit``   compound     quads, glutes, core, upper-body
strength ``core``      —            core
strength ``isometric`` isometric    quads, glutes, core
strength ``plyometric`` plyometric  quads, glutes, calves
strength ``mobility``  mobility     —
strength ``prehab``    prehab       —
any ``mobility`` sport mobility     —
=====================  ===========  ==============================================

(patterns: lower → squat, hinge; upper → push, pull; full → all four; see
``runlift.checker.TYPE_FALLBACK``). ``single-leg`` cannot be known without exercises: when no matching
session of the week (or the session itself) lists exercises, ``single-leg`` is not judged.

``per``:

* ``week`` (default): the matching sessions of each complete week together must cover everything listed; a
  week with no matching session covers nothing;
* ``session``: each matching session must cover everything listed on its own.

Options:

* ``select`` (selector, default: any session)
* ``categories`` (list of compound | isometric | mobility | plyometric | prehab)
* ``muscles`` (list of glutes | hamstrings | quads | calves | core | upper-body | hips | feet | shins)
* ``patterns`` (list of squat | hinge | lunge | step-up | push | pull | carry | core | calf | isometric |
  plyometric | mobility)
* ``single-leg`` (bool, default false): at least one unilateral exercise
* ``per`` (``week`` | ``session``, default ``week``)

At least one of categories, muscles, patterns, single-leg.

Example::

    [[rules]]
    code = "DV101"
    name = "three-pillars-every-week"
    kind = "coverage"
    severity = "warn"
    options = { select = { sport = ["strength", "mobility"] }, categories = ["compound", "isometric", "mobility"] }
"""

from __future__ import annotations

from typing import Literal

from attrs import frozen

from ..catalog import Category, Muscle, Pattern
from ..checker import FACT_BITS
from ..findings import day_label, session_phrase
from ..rulekinds import RuleKind
from ..selectors import Selector
from .common import (day_finding, fails_from, labels, per_day, per_week, session_fails_from, session_problems,
                     week_label, week_totals)


@frozen
class CoverageOptions:
    """Options of the ``coverage`` kind (see the module docstring)."""

    select: Selector = Selector()
    categories: tuple[Category, ...] = ()
    muscles: tuple[Muscle, ...] = ()
    patterns: tuple[Pattern, ...] = ()
    single_leg: bool = False
    per: Literal["week", "session"] = "week"

    def __attrs_post_init__(self) -> None:
        if not (self.categories or self.muscles or self.patterns or self.single_leg):
            raise ValueError("set 'categories', 'muscles', 'patterns' or 'single-leg' "
                             "(this rule would check nothing)")


def _required(rule) -> tuple[int, list[tuple[int, str, str]]]:
    """(required bits, [(bit, group, word)]) for the rule's options, in the order messages list them (cached on
    the compiled rule)."""
    hit = rule.memo.get("required")
    if hit is not None:
        return hit
    o: CoverageOptions = rule.options
    items = ([(FACT_BITS["category:" + c], "category", c) for c in o.categories]
             + [(FACT_BITS["muscle:" + m], "muscle", m) for m in o.muscles]
             + [(FACT_BITS["pattern:" + p], "pattern", p) for p in o.patterns])
    if o.single_leg:
        items.append((FACT_BITS["single-leg"], "single-leg", ""))
    required = 0
    for bit, _, _ in items:
        required |= bit
    hit = rule.memo["required"] = (required, items)
    return hit


def _lacking(rule, covered: int) -> int:
    """The required bits ``covered`` lacks (single-leg is not judged when no exercises are listed)."""
    lacking = (rule.memo.get("required") or _required(rule))[0] & ~covered
    if lacking and not covered & _DETAILED:  # no exercises listed: single-leg cannot be known
        lacking &= ~_SINGLE_LEG
    return lacking


def _missing_from_bits(rule, covered: int) -> list[str]:
    lacking = _lacking(rule, covered)
    if not lacking:
        return []
    items = _required(rule)[1]
    out = []
    for group, text in (("category", "no {} work"), ("muscle", "nothing for {}"), ("pattern", "no {} movement")):
        words = [w for bit, g, w in items if g == group and lacking & bit]
        if words:
            out.append(text.format(_join(words)))
    if lacking & _SINGLE_LEG:
        out.append("no single-leg exercise")
    return out


_DETAILED = FACT_BITS["detailed"]
_SINGLE_LEG = FACT_BITS["single-leg"]


def _join(words: list[str]) -> str:
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " or " + words[-1]


def _session_missing(rule, facts) -> list[str]:
    hit = rule.memo.get(id(facts))
    if hit is None or hit[0] is not facts:
        if len(rule.memo) >= 4096:
            rule.memo.clear()
        hit = rule.memo[id(facts)] = (facts, _missing_from_bits(rule, facts.bits))
    return hit[1]


def _missing(ctx, rule, s) -> list[str]:
    """``per = "session"``: what a matching session ``s`` misses."""
    return _session_missing(rule, ctx.exercise_facts(s))


def _day_problems(ctx, rule, i) -> list:
    """``per = "session"``: (session, what it misses) for each matching session of day ``i`` missing something."""
    return session_problems(ctx, rule, i, _missing)


@session_fails_from(_missing)
@fails_from(_day_problems)
def check_day(ctx, rule, i):
    """``per = "session"``: each matching session of day ``i`` on its own."""
    return [day_finding(ctx, rule, i, f"{session_phrase(s)} on {day_label(ctx.dates[i])} has {'; '.join(missing)}",
                        (s,))
            for s, missing in _day_problems(ctx, rule, i)]
_by_day = per_day(check_day)


def _covered_part(checker, session, mask: int, bit: int) -> int:
    """A week total's part (see :func:`~runlift.kinds.common.week_totals`; a union): what a session matching
    ``bit`` covers (fact bits), else 0."""
    return checker.exercise_facts(session).bits if mask & bit else 0


_covered_part.union = True


def _covered_total(rule) -> list[tuple]:
    """``per = "week"``: the week total of what the matching sessions cover."""
    return [(_covered_part, rule.bits["select"])] if rule.options.per == "week" else []


def _week_covered(ctx, rule, w) -> int:
    """``per = "week"``: what the matching sessions of week ``w`` cover together (fact bits)."""
    bit = rule.bits["select"]
    wi = ctx.week_indexes[w]
    covered = wi.total((_covered_part, bit))
    if covered is None:
        covered = 0
        for ss, ms in zip(wi.sessions, wi.masks):
            for s, m in zip(ss, ms):
                covered |= _covered_part(ctx.checker, s, m, bit)
    return covered


def check_week(ctx, rule, w):
    o: CoverageOptions = rule.options
    if o.per == "session":
        return _by_day(ctx, rule, w)
    out = []
    if not ctx.complete[w]:
        return out
    missing = _missing_from_bits(rule, _week_covered(ctx, rule, w))
    if missing:
        bit = rule.bits["select"]
        pairs = [(i, s) for i in range(7 * w, 7 * w + 7) if ctx.day_mask[i] & bit
                 for s, m in zip(ctx.sessions[i], ctx.masks[i]) if m & bit]
        out.append(rule.finding(f"{week_label(ctx, w)} has {'; '.join(missing)}",
                                week=ctx.week_number(w), dates=(ctx.dates[7 * w],), sessions=labels(ctx, pairs)))
    return out


def _day_check_for(o: CoverageOptions):
    """Per session, a rule's findings in a week are those of its days."""
    return check_day if o.per == "session" else None


def week_fails(ctx, rule, w) -> bool:
    """``per = "week"``: whether complete week ``w`` misses something (without writing the finding)."""
    covered = ctx.week_indexes[w].total(_total_key(rule))
    return bool(_lacking(rule, _week_covered(ctx, rule, w) if covered is None else covered))


def _total_key(rule) -> tuple:
    """``per = "week"``: the week total :func:`total_fails` judges."""
    return (_covered_part, rule.bits["select"])


def total_fails(rule, covered: int) -> bool:
    """``per = "week"``: whether a complete week whose matching sessions cover ``covered`` (fact bits) misses
    something (:func:`week_fails` from the week total)."""
    return bool(_lacking(rule, covered))


check_week.fails = week_fails
check_week.total_key = _total_key
check_week.total_fails = total_fails
check = week_totals(_covered_total)(per_week(check_week, date_free=True, day_check_for=_day_check_for,
                                              minutes_free=True))


KIND = RuleKind(name="coverage", options=CoverageOptions, check=check, doc=__doc__)
