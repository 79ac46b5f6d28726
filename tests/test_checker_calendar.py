"""The checker's shared calendar gives the right dates whatever order plans come in."""

from __future__ import annotations

import datetime as dt

from hypothesis import given, strategies as st

from runlift import checker

starts = st.dates(min_value=dt.date(1, 1, 1), max_value=dt.date(9990, 12, 31))


@given(st.lists(st.tuples(starts, st.integers(1, 400)), min_size=1, max_size=12))
def test_dates_are_consecutive_from_the_start_in_any_order(requests):
    for start, n in requests:
        assert checker._dates_from(start, n) == [start + dt.timedelta(days=k) for k in range(n)]


def test_a_plan_far_from_the_calendar_leaves_it_alone(monkeypatch):
    monkeypatch.setattr(checker, "_CALENDAR", (0, []))
    near = dt.date(2027, 1, 4)
    checker._dates_from(near, 112)
    before = checker._CALENDAR
    far = dt.date(2190, 6, 7)
    assert checker._dates_from(far, 112)[-1] == far + dt.timedelta(days=111)
    assert checker._CALENDAR is before  # jumping decades back and forth rebuilds nothing


def test_the_calendar_grows_towards_plans_near_it(monkeypatch):
    monkeypatch.setattr(checker, "_CALENDAR", (0, []))
    start = dt.date(2031, 3, 3)
    checker._dates_from(start, 112)
    first, days = checker._CALENDAR
    nxt = start + dt.timedelta(weeks=60)  # past the calendar's end, within a year of it
    assert checker._dates_from(nxt, 112)[0] == nxt
    grown_first, grown = checker._CALENDAR
    assert grown_first == first and len(grown) > len(days)
