"""The searcher's memo of exact answers (``Searcher.solve`` keyed on ``Searcher.view``) gives what a search gives.

Real week problems are collected by planning two athletes; each answer from a searcher that has solved every
other week first (memo and shared tables) is checked against a search of that week alone, and weeks the search
sees alike are checked to get the same answer from a search of their own.
"""

from __future__ import annotations

import attrs
import pytest

from runlift.search import NODE_BUDGET, Searcher, _Run
from test_search_exact import RULESETS, problems


def searched(searcher: Searcher, p, counts, bound: float = float("inf")):
    """A search of its own (no memo), on ``searcher``'s tables."""
    found = _Run(searcher, p, counts, bound, NODE_BUDGET).go()
    return None if found is None else (found.days, found.cost)


@pytest.mark.parametrize("ref", RULESETS)
def test_memoised_answers_are_the_searched_ones(ref):
    weeks = problems(ref)
    warm = Searcher(weeks[0][0].mask_of)
    for _, p, counts, bound in weeks:
        warm.solve(p, counts, bound)
    for _, p, counts, bound in weeks:
        alone = searched(Searcher(warm.mask_of), p, counts, bound)
        memo = warm.solve(p, counts, bound)
        assert (None if memo is None else (memo.days, memo.cost)) == alone, (ref, p.phase, counts, bound)
        # and the search on tables shared with every other week gives it too
        assert searched(warm, p, counts, bound) == alone


@pytest.mark.parametrize("ref", RULESETS)
def test_a_memoised_answer_keeps_the_bound_strict(ref):
    for searcher, p, counts, _ in problems(ref)[:8]:
        warm = Searcher(searcher.mask_of)
        best = warm.solve(p, counts)
        if best is None:
            continue
        assert warm.solve(p, counts, bound=best.cost) is None
        assert (warm.solve(p, counts, bound=best.cost + 1).days, warm.solve(p, counts).cost) == (best.days, best.cost)
        assert warm.solve(p, counts).nodes == 0  # from the memo


def test_weeks_the_search_sees_alike_share_an_answer():
    # five-three-two's foundation and training weeks differ only in an intensity rule no session breaks, the
    # strength intensities it allows and the phase's name: one view, and each week's own search agrees
    weeks = [(s, p, c) for s, p, c, b in problems("five-three-two") if b == float("inf") and not p.tail]
    foundation = next(w for w in weeks if w[1].phase == "foundation")
    training = next(w for w in weeks if w[1].phase == "training")
    searcher = foundation[0]
    assert foundation[1].tokens != training[1].tokens
    assert searcher.view(foundation[1]) == searcher.view(training[1])
    assert searched(Searcher(searcher.mask_of), *foundation[1:]) == searched(Searcher(searcher.mask_of), *training[1:])


def test_what_no_rule_reads_is_not_in_the_view():
    searcher, p, counts, _ = problems("return-from-break")[0]
    renamed = attrs.evolve(p, tokens=tuple(attrs.evolve(t, why="renamed") for t in p.tokens))
    assert searcher.view(renamed) == searcher.view(p)
    # return-from-break's rules read no minutes: neither does the view
    longer = attrs.evolve(p, tokens=tuple(attrs.evolve(t, minutes=t.minutes + 5) for t in p.tokens))
    assert searcher.view(longer) == searcher.view(p)
    harder = attrs.evolve(p, tokens=tuple(attrs.evolve(t, intensity="hard") for t in p.tokens))
    assert searcher.view(harder) != searcher.view(p)
