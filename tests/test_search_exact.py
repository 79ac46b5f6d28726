"""The week search is exact: its branch and bound, transposition table and lower bounds never lose the optimum.

Real week problems are collected by planning a few athletes; each is then cut down to a few sessions so that
every placement can be enumerated, and the search's answer is checked against that enumeration (built from the
search's own cost parts, without any of its bounds, tables or pruning).
"""

from __future__ import annotations

import functools
import itertools

import pytest

from runlift.defaults import DEFAULT_ATHLETE
from runlift.loader import RulesetLoader
from runlift.model import Athlete
from runlift.planner import Planner
from runlift.search import INF, Searcher, _Run
from runlift.testing import plugins_with

RULESETS = ("runna", "five-three-two", "pillars", "return-from-break", "periodized")


@functools.cache
def problems(ref: str) -> list[tuple]:
    """(searcher, week problem, counts, bound) of every search made planning two athletes under ``ref``."""
    plugins = plugins_with()
    planner = Planner(RulesetLoader(plugins).load(ref), plugins=plugins)
    seen: list[tuple] = []
    original = Searcher.solve

    def spy(self, p, counts, bound=float("inf"), *args, **kwargs):
        seen.append((self, p, tuple(counts), bound))
        return original(self, p, counts, bound, *args, **kwargs)

    Searcher.solve = spy
    try:
        planner.plan(DEFAULT_ATHLETE)
        planner.plan(Athlete(experience="advanced", rest_days=("wed",), long_run_day="sat"))
    finally:
        Searcher.solve = original
    return seen


def small(counts: tuple[int, ...], keep: int) -> tuple[int, ...]:
    """``counts`` cut down to at most ``keep`` sessions (the first tokens first)."""
    out = []
    for c in counts:
        take = min(c, keep)
        out.append(take)
        keep -= take
    return tuple(out)


def brute_force(run: _Run) -> float:
    """The least cost of any complete placement, by enumeration (INF when none breaks no hard rule)."""
    best = INF
    counts = list(run.full_counts)

    def place(day: int, cost: float, streaks: tuple, days_with: tuple, wk: tuple, occupied: int) -> None:
        nonlocal best
        if day == 7:
            if not any(counts):
                leaf = run.leaf_cost(streaks, wk, occupied)
                if leaf is not None:
                    best = min(best, cost + leaf)
            return
        for c0, opt in run.all_opts[day]:
            if any(counts[ti] < 1 for ti in opt.uses):
                continue
            cc = run.cross_cost(day, opt)
            if cc is None:
                continue
            new_streaks, extra = streaks, 0
            if run.streaks:
                step = run.streak_step(streaks, opt.streak_hits)
                if step is None:
                    continue
                new_streaks, extra = step
            new_days_with = days_with
            if run.counts_hard:
                new_days_with = run.count_step(day, days_with, opt.count_hits)
                if new_days_with is None:
                    continue
            new_wk = tuple(a + b for a, b in zip(wk, opt.wk))
            for ti in opt.uses:
                counts[ti] -= 1
            run.placed[day] = opt
            place(day + 1, cost + c0 + cc + extra, new_streaks, new_days_with, new_wk, occupied + opt.nonempty)
            for ti in opt.uses:
                counts[ti] += 1

    decided = run._decided()
    if decided is None:
        return INF
    place(0, decided, tuple(run.streak0), tuple(0 for _ in run.counts_hard), tuple(0 for _ in run.weekly_left), 0)
    return best


@pytest.mark.parametrize("ref", RULESETS)
def test_the_search_finds_the_enumerated_optimum(ref):
    checked = 0
    for searcher, p, counts, _ in problems(ref)[:6]:
        for keep in (3, 5):
            cut = small(counts, keep)
            found = Searcher(searcher.mask_of).solve(p, cut)
            expected = brute_force(_Run(Searcher(searcher.mask_of), p, cut, INF, 10**9))
            assert (found.cost if found is not None else INF) == expected, (ref, p.phase, cut)
            checked += 1
    assert checked


@pytest.mark.parametrize("ref", RULESETS)
def test_a_bound_is_strict_and_answers_do_not_depend_on_what_was_searched_before(ref):
    for searcher, p, counts, _ in problems(ref)[:8]:
        fresh = Searcher(searcher.mask_of).solve(p, counts)
        if fresh is None:
            continue
        # the same answer from a searcher that has searched other weeks (shared tables), and again
        warm = Searcher(searcher.mask_of)
        for _, other, other_counts, _ in itertools.islice(problems(ref), 8):
            warm.solve(other, other_counts)
        for _ in range(2):
            again = warm.solve(p, counts)
            assert (again.days, again.cost) == (fresh.days, fresh.cost)
        assert Searcher(searcher.mask_of).solve(p, counts, bound=fresh.cost) is None
        assert Searcher(searcher.mask_of).solve(p, counts, bound=fresh.cost + 1).days == fresh.days
