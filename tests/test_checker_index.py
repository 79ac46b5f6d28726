"""The checker's week index: packed week totals, and weeks whose totals do not pack.

A new week content's totals are the sum (and union) of its days' packed totals, added up without None checks
while every part packs; a day whose parts do not pack (a part that is not a small non-negative int) makes the
week's total None, and kinds then add it up from the sessions. Either way the findings are the same.
"""

from __future__ import annotations

import datetime as dt
import functools
import pickle

import pytest

from runlift.checker import Checker, _combine
from runlift.loader import RulesetLoader
from runlift.model import Athlete, Race
from runlift.planner import Planner
from runlift.plugin_manager import Plugins

BUILTIN_RULESETS = ("runna", "five-three-two", "pillars", "return-from-break", "periodized")
MONDAY = dt.date(2027, 1, 4)


@functools.cache
def _ruleset(name: str):
    return RulesetLoader(Plugins.load()).load(name)


@functools.cache
def _plans(name: str) -> tuple:
    planner = Planner(_ruleset(name))
    out = []
    for k, (experience, distance) in enumerate([("beginner", "5k"), ("intermediate", "half"),
                                               ("advanced", "marathon")]):
        start = MONDAY + dt.timedelta(weeks=k)
        race = Race(distance=distance, date=start + dt.timedelta(weeks=11, days=6))
        athlete = Athlete(name=f"a{k}", experience=experience, race=race, start=start,
                          baseline_minutes=160 + 20 * k)
        out.append(planner.plan(athlete).plan)
    return tuple(out)


def _strength_breaks_packing(checker, session, mask):
    """A week total part that does not pack for strength sessions (negative), and is 1 for the others."""
    return -1 if session.sport == "strength" else 1


def _with_unpackable_total(checker: Checker) -> Checker:
    """``checker`` with one more (sum) week total, whose parts do not pack on strength days."""
    sums = sum(1 for union, _ in checker._fields.values() if not union)
    checker._fields = {**checker._fields, (_strength_breaks_packing,): (False, 64 * sums)}
    return checker


@pytest.mark.parametrize("name", BUILTIN_RULESETS)
def test_week_totals_are_the_days_combined(name):
    checker = Checker(_ruleset(name))
    for plan in _plans(name):
        for wi in checker.context(pickle.loads(pickle.dumps(plan))).week_indexes:
            assert (wi.sums, wi.unions) == _combine(filter(None, wi.days))


@pytest.mark.parametrize("name", BUILTIN_RULESETS)
def test_unpackable_days_make_the_week_total_none_and_change_no_finding(name):
    plain = Checker(_ruleset(name))
    odd = _with_unpackable_total(Checker(_ruleset(name)))
    for plan in _plans(name):
        ctx = odd.context(pickle.loads(pickle.dumps(plan)))
        for wi in ctx.week_indexes:
            strength = any(s.sport == "strength" for ss in wi.sessions for s in ss)
            assert (wi.sums is None) == strength
            assert (wi.sums, wi.unions) == _combine(filter(None, wi.days))
        assert odd.check(pickle.loads(pickle.dumps(plan))) == plain.check(pickle.loads(pickle.dumps(plan)))
