"""The model's validators: fast paths for the common valid case, with every error and its message unchanged."""

from __future__ import annotations

import datetime as dt

import pytest

from runlift.model import Day, Session, Week

MON = dt.date(2027, 1, 4)


def _day(offset: int) -> Day:
    return Day(MON + dt.timedelta(days=offset))


def _message(make) -> str:
    with pytest.raises(ValueError) as info:
        make()
    return str(info.value)


def test_valid_weeks_pass():
    assert Week(1, "base", MON, tuple(_day(d) for d in range(7))).days[6].date == dt.date(2027, 1, 10)
    assert Week(2, "base", MON).days == ()
    assert Week(3, "base", MON, (_day(2), _day(5))).index == 3


@pytest.mark.parametrize("make, message", [
    (lambda: Week(1, "base", dt.date(2027, 1, 5)), "a week starts on a Monday, 2027-01-05 is a tue"),
    (lambda: Week(1, "base", dt.date(2027, 1, 10)), "a week starts on a Monday, 2027-01-10 is a sun"),
    (lambda: Week(0, "base", MON), "'index' must be >= 1: 0"),
    (lambda: Week(-3, "base", MON), "'index' must be >= 1: -3"),
    (lambda: Week(1, "base", MON, (_day(1), _day(0))), "days must be in date order, each date once"),
    (lambda: Week(1, "base", MON, (_day(1), _day(1))), "days must be in date order, each date once"),
    (lambda: Week(1, "base", MON, (_day(-1), _day(0))), "day 2027-01-03 is outside the week starting 2027-01-04"),
    (lambda: Week(1, "base", MON, (_day(0), _day(7))), "day 2027-01-11 is outside the week starting 2027-01-04"),
    (lambda: Week(1, "base", MON, (_day(8), _day(2))), "days must be in date order, each date once"),
])
def test_bad_weeks_keep_their_messages(make, message):
    assert _message(make) == message


def test_a_float_index_is_judged_as_before():
    assert Week(1.5, "base", MON).index == 1.5
    assert _message(lambda: Week(0.5, "base", MON)) == "'index' must be >= 1: 0.5"


def test_days_that_are_not_days_fail_as_before():
    with pytest.raises(AttributeError):
        Week(1, "base", MON, (object(),))
    with pytest.raises(TypeError):
        Week(1, "base", MON, 5)


def test_datetimes_get_the_full_check():
    start = dt.datetime(2027, 1, 4, 12)
    late = Day(dt.datetime(2027, 1, 4, 1))  # the evening before is outside the week
    assert _message(lambda: Week(1, "base", start, (late,))).startswith("day 2027-01-04T01:00:00 is outside")


def test_sessions_out_of_order_keep_their_message():
    a, b = Session("run", "easy", order=2), Session("run", "easy", order=1)
    assert _message(lambda: Day(MON, (a, b))) == \
        "session orders must be distinct and ascending within a day, got [2, 1]"
