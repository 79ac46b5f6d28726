"""Tests for runlift.metrics. Expected values are worked out by hand from the definitions
(arithmetic in the comments); pytest.approx absorbs float noise.

Closed form used for monotony over a 7-day week with sum S and sum of squares Q:
    mean = S/7, population variance = Q/7 - S²/49 = (7Q - S²)/49, SD = √(7Q - S²)/7
    monotony = mean/SD = S / √(7Q - S²),   strain = S × monotony = S² / √(7Q - S²)
"""

from __future__ import annotations

import datetime as dt
import math

import pytest
from hypothesis import example, given, settings, strategies as st

from runlift import metrics as m
from runlift.model import Day, Plan, Session, Week

approx = pytest.approx


# --------------------------------------------------------------------------- helpers


def _ref_ewma(xs, n):
    """Independent reference: E_0 = x_0, E_t = λx_t + (1-λ)E_{t-1}, λ = 2/(n+1)."""
    lam = 2 / (n + 1)
    out, e = [], None
    for x in xs:
        e = x if e is None else lam * x + (1 - lam) * e
        out.append(e)
    return out


MON = dt.date(2024, 1, 1)  # a Monday


def _day(offset, *sessions):
    return Day(date=MON + dt.timedelta(days=offset),
               sessions=tuple(Session(sport=sp, type=ty, minutes=mi, rpe=r, order=k + 1)
                              for k, (sp, ty, mi, r) in enumerate(sessions)))


@pytest.fixture(scope="module")
def plan():
    """Four weeks from Mon 2024-01-01.

    Week 1: Mon run 30'×4 = 120; Wed strength 45'×6 = 270; Sat run 60'×5 = 300 + mobility 15'×2 = 30
            daily [120, 0, 270, 0, 0, 330, 0] → load 720, run 90', strength 45'
    Week 2: only Tue and Thu listed (other days missing = 0): run 40'×6 = 240; strength 60'×7 = 420
            daily [0, 240, 0, 420, 0, 0, 0] → load 660, run 40', strength 60'
    Week 3: no days at all → load 0
    Week 4: Mon run 50'×5 = 250; Sun run 100'×6 = 600
            daily [250, 0, 0, 0, 0, 0, 600] → load 850, run 150', strength 0'
    """
    w1 = Week(index=1, phase="base", start=MON, days=(
        _day(0, ("run", "easy", 30, 4)),
        _day(1),
        _day(2, ("strength", "lower", 45, 6)),
        _day(3), _day(4),
        _day(5, ("run", "long", 60, 5), ("mobility", "mobility", 15, 2)),
        _day(6),
    ))
    w2 = Week(index=2, phase="base", start=MON + dt.timedelta(days=7), days=(
        _day(8, ("run", "tempo", 40, 6)),
        _day(10, ("strength", "full", 60, 7)),
    ))
    w3 = Week(index=3, phase="recovery", start=MON + dt.timedelta(days=14))
    w4 = Week(index=4, phase="build", start=MON + dt.timedelta(days=21), days=(
        _day(21, ("run", "easy", 50, 5)),
        _day(27, ("run", "long", 100, 6)),
    ))
    return Plan(weeks=(w1, w2, w3, w4))


PLAN_DAILY = [120, 0, 270, 0, 0, 330, 0,
              0, 240, 0, 420, 0, 0, 0,
              0, 0, 0, 0, 0, 0, 0,
              250, 0, 0, 0, 0, 0, 600]


# --------------------------------------------------------------------------- loads


def test_session_and_day_load():
    s = Session(sport="strength", type="lower", minutes=45, rpe=6)
    assert m.session_load(s) == 270.0  # 6 × 45
    assert m.day_load(_day(0, ("run", "easy", 30, 4), ("strength", "core", 20, 5))) == 220.0  # 120 + 100
    assert m.day_load(_day(0)) == 0.0


def test_daily_loads_cover_every_date_with_gaps_as_zero(plan):
    dl = m.daily_loads(plan)
    assert len(dl) == 28
    assert dl[0] == (MON, 120.0)
    assert dl[-1] == (dt.date(2024, 1, 28), 600.0)
    assert [d for d, _ in dl] == [MON + dt.timedelta(days=k) for k in range(28)]
    assert [x for _, x in dl] == PLAN_DAILY
    assert m.daily_load_values(plan) == tuple(float(x) for x in PLAN_DAILY)


def test_weekly_loads(plan):
    assert m.weekly_loads(plan) == (720.0, 660.0, 0.0, 850.0)
    assert m.weekly_totals([1, 2, 3, 4, 5, 6, 7, 10, 20]) == (28.0, 30.0)  # short last block summed


def test_empty_plan():
    empty = Plan(weeks=())
    assert m.daily_loads(empty) == ()
    assert m.weekly_loads(empty) == ()
    assert m.week_metrics(empty) == ()


# --------------------------------------------------------------------------- monotony / strain


def test_monotony_and_strain_by_hand():
    week = [300, 0, 420, 0, 240, 0, 600]
    # S = 1560, mean = 1560/7 = 222.857142...
    # Q = 300² + 420² + 240² + 600² = 90000 + 176400 + 57600 + 360000 = 684000
    # 7Q - S² = 4788000 - 2433600 = 2354400; SD = √2354400 / 7 = 1534.4054... / 7 = 219.200774...
    # monotony = 1560 / √2354400 = 1.016680...; strain = 2433600 / √2354400 = 1586.0215...
    assert m.monotony(week) == approx(1.0166804531, rel=1e-9)
    assert m.strain(week) == approx(1586.0215068, rel=1e-9)
    assert m.weekly_totals(week) == (1560.0,)


def test_monotony_zero_sd_is_none():
    assert m.monotony([300] * 7) is None       # identical loads: SD 0
    assert m.monotony([0] * 7) is None         # all-rest week
    assert m.monotony([0.1] * 7) is None       # float noise in the mean does not fake a tiny SD
    assert m.strain([300] * 7) is None
    assert m.strain([0] * 7) is None


def test_monotony_empty_raises():
    with pytest.raises(ValueError):
        m.monotony([])


def test_monotony_single_session_week():
    # [700, 0 × 6]: S = 700, Q = 490000, 7Q - S² = 3430000 - 490000 = 2940000
    # monotony = 700/√2940000 = 700/1714.64 = 0.408248... (= 1/√6)
    assert m.monotony([700, 0, 0, 0, 0, 0, 0]) == approx(1 / math.sqrt(6))


# --------------------------------------------------------------------------- ACWR


def _spike_series():
    # 21 days at 100 then 7 days at 200 (28 days, index 27 is the last)
    return [100.0] * 21 + [200.0] * 7


def test_acwr_coupled_by_hand():
    d = _spike_series()
    # acute = 7×200/7 = 200; chronic = (21×100 + 7×200)/28 = 3500/28 = 125; ratio 200/125 = 1.6
    assert m.acwr_coupled(d, 27) == approx(1.6)


def test_acwr_uncoupled_by_hand():
    d = _spike_series()
    # acute = 200; chronic = days 0..20 = 2100/21 = 100; ratio 2.0
    assert m.acwr_uncoupled(d, 27) == approx(2.0)


def test_acwr_rolling_too_little_history_is_none():
    d = _spike_series()
    for i in range(27):  # fewer than 28 days up to and including day i
        assert m.acwr_coupled(d, i) is None
        assert m.acwr_uncoupled(d, i) is None


def test_acwr_rolling_zero_chronic_is_none():
    assert m.acwr_coupled([0.0] * 28, 27) is None
    # uncoupled chronic covers days 0..20 only: zero there but not in the acute week
    assert m.acwr_uncoupled([0.0] * 21 + [100.0] * 7, 27) is None


def test_acwr_rolling_bad_index():
    with pytest.raises(IndexError):
        m.acwr_coupled([1.0] * 28, 28)
    with pytest.raises(IndexError):
        m.acwr_uncoupled([1.0] * 28, -1)


def test_acwr_rolling_later_window():
    # 35 days: 7×0, 21×100, 7×400. At i = 34: coupled chronic = days 7..34 = (2100 + 2800)/28 = 175,
    # acute = 400 → 400/175 = 2.285714...; uncoupled chronic = days 7..27 = 100 → 4.0
    d = [0.0] * 7 + [100.0] * 21 + [400.0] * 7
    assert m.acwr_coupled(d, 34) == approx(400 / 175)
    assert m.acwr_uncoupled(d, 34) == approx(4.0)


# --------------------------------------------------------------------------- EWMA


def test_ewma_lambda():
    assert m.ewma_lambda(7) == 0.25          # 2/8
    assert m.ewma_lambda(28) == approx(2 / 29)
    with pytest.raises(ValueError):
        m.ewma_lambda(0)


def test_ewma_by_hand():
    # λ = 0.25: E0 = 100 (seed = first value); E1 = 0.25·0 + 0.75·100 = 75; E2 = 0.75·75 = 56.25
    assert m.ewma([100, 0, 0], 7) == approx((100, 75, 56.25))
    # explicit seed 0: E0 = 0.25·100 + 0.75·0 = 25; E1 = 18.75
    assert m.ewma([100, 0], 7, seed=0.0) == approx((25, 18.75))
    assert m.ewma([], 7) == ()


def test_ewma_constant_series_converges_from_zero_seed():
    # seeded at 0, error shrinks by (1-λ) per day: 100·(27/29)^t → after 400 days < 1e-10
    e = m.ewma([100.0] * 400, 28, seed=0.0)
    assert e[0] == approx(100 * 2 / 29)
    assert e[-1] == approx(100.0, abs=1e-9)
    assert all(a < b for a, b in zip(e, e[1:]))  # monotonically approaching from below


def test_acwr_ewma_by_hand():
    d = [100.0] * 28 + [500.0]
    r = m.acwr_ewma(d)
    assert len(r) == 29
    assert r[:27] == (None,) * 27                # fewer than 28 days of history
    assert r[27] == approx(1.0)                  # constant series: both EWMAs are 100
    # day 28: E7 = 0.25·500 + 0.75·100 = 200; E28 = (2·500 + 27·100)/29 = 3700/29
    # ratio = 200·29/3700 = 5800/3700 = 1.567567...
    assert r[28] == approx(5800 / 3700)


def test_acwr_ewma_zero_chronic_is_none():
    assert m.acwr_ewma([0.0] * 30) == (None,) * 30


def test_acwr_zone():
    assert m.acwr_zone(None) is None
    assert m.acwr_zone(0.5) == "low"
    assert m.acwr_zone(0.8) == "sweet_spot"
    assert m.acwr_zone(1.3) == "sweet_spot"
    assert m.acwr_zone(1.4) == "elevated"
    assert m.acwr_zone(1.5) == "high"
    assert m.acwr_zone(1.4, high=1.4) == "high"
    assert m.acwr_zone(0.9, sweet_spot=(1.0, 1.2)) == "low"


# --------------------------------------------------------------------------- fitness / fatigue / form


def test_fitness_fatigue_form_by_hand():
    fff = m.fitness_fatigue_form([100, 0])
    # day 0: both EWMAs seeded with 100 → form 0
    assert (fff[0].fitness, fff[0].fatigue, fff[0].form) == approx((100, 100, 0))
    # day 1: fitness = 100·(1 - 2/43) = 100·41/43 = 95.3488...; fatigue = 0.75·100 = 75
    # form = 95.3488 - 75 = 20.3488...
    assert fff[1].fitness == approx(100 * 41 / 43)
    assert fff[1].fatigue == approx(75)
    assert fff[1].form == approx(100 * 41 / 43 - 75)
    assert m.fitness_fatigue_form([]) == ()


# --------------------------------------------------------------------------- ramp


def test_ramp():
    assert m.ramp(100, 110) == approx(10.0)
    assert m.ramp(200, 150) == approx(-25.0)
    assert m.ramp(90, 0) == approx(-100.0)
    assert m.ramp(0, 0) == 0.0      # nothing before, nothing now: no change
    assert m.ramp(0, 50) is None    # growth from zero has no percentage
    with pytest.raises(ValueError):
        m.ramp(-1, 5)


# --------------------------------------------------------------------------- week_metrics on a real plan


def test_week_metrics_plan(plan):
    wm = m.week_metrics(plan)
    assert [w.index for w in wm] == [1, 2, 3, 4]
    assert [w.start for w in wm] == [MON + dt.timedelta(days=7 * k) for k in range(4)]
    assert [w.load for w in wm] == [720, 660, 0, 850]
    assert [w.run_minutes for w in wm] == [90, 40, 0, 150]       # mobility 15' not counted
    assert [w.strength_minutes for w in wm] == [45, 60, 0, 0]

    # monotony via S/√(7Q - S²):
    # W1: S 720, Q = 14400 + 72900 + 108900 = 196200; 7Q - S² = 1373400 - 518400 = 855000
    #     → 720/√855000 = 0.778662...; strain 518400/√855000 = 560.637...
    # W2: S 660, Q = 57600 + 176400 = 234000; 7Q - S² = 1638000 - 435600 = 1202400 → 0.601893...
    # W3: all zero → None;  W4: S 850, Q = 62500 + 360000 = 422500; 7Q - S² = 2235000 → 0.568565...
    assert wm[0].monotony == approx(720 / math.sqrt(855000))
    assert wm[0].strain == approx(518400 / math.sqrt(855000))
    assert wm[1].monotony == approx(660 / math.sqrt(1202400))
    assert wm[1].strain == approx(660 ** 2 / math.sqrt(1202400))
    assert wm[2].monotony is None and wm[2].strain is None
    assert wm[3].monotony == approx(850 / math.sqrt(2235000))

    # ramps: W1 has no previous week; W2 run (40-90)/90 = -55.55%, load (660-720)/720 = -8.33%;
    # W3 both -100%; W4 previous week 0 → None
    assert (wm[0].ramp_run_minutes, wm[0].ramp_load) == (None, None)
    assert wm[1].ramp_run_minutes == approx(-50 / 90 * 100)
    assert wm[1].ramp_load == approx(-60 / 720 * 100)
    assert (wm[2].ramp_run_minutes, wm[2].ramp_load) == approx((-100.0, -100.0))
    assert (wm[3].ramp_run_minutes, wm[3].ramp_load) == (None, None)

    # ACWR undefined for weeks 1-3 (< 28 days of history)
    for w in wm[:3]:
        assert (w.acwr_coupled, w.acwr_uncoupled, w.acwr_ewma) == (None, None, None)
    # W4 Sunday (day 27): acute mean 850/7; coupled chronic 2230/28 → 850·4/2230 = 3400/2230 = 1.5247
    # uncoupled chronic (720 + 660 + 0)/21 = 1380/21 → 850·3/1380 = 2550/1380 = 1.8478
    assert wm[3].acwr_coupled == approx(3400 / 2230)
    assert wm[3].acwr_uncoupled == approx(2550 / 1380)
    assert wm[3].acwr_ewma == approx(_ref_ewma(PLAN_DAILY, 7)[27] / _ref_ewma(PLAN_DAILY, 28)[27])

    # fatigue (λ = 0.25) at W1 Sunday by hand over [120, 0, 270, 0, 0, 330, 0]:
    # 120 → 90 → 67.5+67.5 = 135 → 101.25 → 75.9375 → 82.5+56.953125 = 139.453125 → 104.58984375
    assert wm[0].fatigue == approx(104.58984375)
    for k, w in enumerate(wm):
        last = 7 * k + 6
        assert w.fatigue == approx(_ref_ewma(PLAN_DAILY, 7)[last])
        assert w.fitness == approx(_ref_ewma(PLAN_DAILY, 42)[last])
        assert w.form == approx(w.fitness - w.fatigue)


def test_week_metrics_agree_with_the_series_functions(plan):
    daily = m.daily_load_values(plan)
    fff = m.fitness_fatigue_form(daily)
    ratios = m.acwr_ewma(daily)
    for k, w in enumerate(m.week_metrics(plan)):
        last = 7 * k + 6
        assert w.acwr_ewma == ratios[last]
        assert w.fitness == fff[last].fitness
        assert w.fatigue == fff[last].fatigue
        assert w.monotony == m.monotony(daily[7 * k:last + 1])


def test_week_metrics_is_frozen(plan):
    import attrs
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        m.week_metrics(plan)[0].load = 1.0  # type: ignore[misc]


def test_week_metrics_speed_for_compare():
    # `runlift compare` budget: 5 plans × 16 weeks well under the 300 ms total for the command
    import time
    weeks = tuple(
        Week(index=k + 1, phase="base", start=MON + dt.timedelta(days=7 * k), days=tuple(
            _day(7 * k + j, ("run", "easy", 30 + j, 1 + (j + k) % 9), ("strength", "full", 20, 5))
            for j in range(7)))
        for k in range(16))
    p = Plan(weeks=weeks)
    t0 = time.perf_counter()
    for _ in range(5):
        assert len(m.week_metrics(p)) == 16
    assert time.perf_counter() - t0 < 0.1


# --------------------------------------------------------------------------- properties (hypothesis)

loads = st.floats(min_value=0, max_value=10 * 24 * 60, allow_nan=False, allow_infinity=False)


@given(c=loads, length=st.integers(1, 200), n=st.integers(1, 60))
def test_ewma_of_constant_seeded_with_it_is_constant(c, length, n):
    assert m.ewma([c] * length, n) == approx((c,) * length)
    assert m.ewma([c] * length, n, seed=c) == approx((c,) * length)


@given(st.lists(loads, max_size=100))
def test_weekly_totals_sum_to_daily_sum(daily):
    assert math.fsum(m.weekly_totals(daily)) == approx(math.fsum(daily))
    assert len(m.weekly_totals(daily)) == math.ceil(len(daily) / 7)


@given(week=st.lists(loads, min_size=7, max_size=7), k=st.floats(0.01, 100))
@example(week=[0.0] * 6 + [2.346840303184137e-157], k=0.01171875)  # squares below the normal floats
def test_monotony_is_scale_free_and_positive(week, k):
    mono = m.monotony(week)
    scaled = m.monotony([k * x for x in week])
    if mono is None:
        return
    assert mono >= 0 and math.isfinite(mono)
    if scaled is not None:
        assert scaled == approx(mono, rel=1e-6)


@given(st.lists(loads, max_size=60))
def test_ratios_never_inf_or_nan_and_undefined_early(daily):
    ratios = m.acwr_ewma(daily)
    assert len(ratios) == len(daily)
    for i, r in enumerate(ratios):
        c, u = m.acwr_coupled(daily, i), m.acwr_uncoupled(daily, i)
        if i < 27:
            assert r is None and c is None and u is None
        for x in (r, c, u):
            assert x is None or (x >= 0 and math.isfinite(x))


_session = st.tuples(st.sampled_from(["run", "strength", "mobility"]),
                     st.integers(0, 180), st.integers(0, 10))


@st.composite
def plans(draw):
    n_weeks = draw(st.integers(1, 5))
    weeks = []
    for w in range(n_weeks):
        start = MON + dt.timedelta(days=7 * w)
        offsets = sorted(draw(st.sets(st.integers(0, 6), max_size=7)))
        days = tuple(
            Day(date=start + dt.timedelta(days=o),
                sessions=tuple(Session(sport=sp, type="easy" if sp == "run" else "full" if sp == "strength"
                                       else "mobility", minutes=mi, rpe=r, order=j + 1)
                               for j, (sp, mi, r) in enumerate(draw(st.lists(_session, max_size=3)))))
            for o in offsets)
        weeks.append(Week(index=w + 1, phase="base", start=start, days=days))
    return Plan(weeks=tuple(weeks))


@settings(max_examples=50, deadline=None)
@given(plans())
def test_plan_loads_are_consistent(p):
    total = sum(s.load for d in p.days() for s in d.sessions)
    dl = m.daily_loads(p)
    assert len(dl) == 7 * len(p.weeks)
    assert sum(x for _, x in dl) == total
    assert sum(m.weekly_loads(p)) == total
    wm = m.week_metrics(p)
    assert [w.load for w in wm] == list(m.weekly_loads(p))
    assert sum(w.run_minutes for w in wm) == sum(s.minutes for d in p.days() for s in d.sessions
                                                 if s.sport == "run")
