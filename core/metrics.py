"""Training-load metrics: session-RPE load, monotony, strain, ACWR, fitness / fatigue / form.

Every function here is pure and works in arbitrary units (AU = RPE × minutes). Nothing is
rounded: rounding belongs to rendering. A value that cannot be defined (too little history,
a zero denominator) is ``None``, never ``inf`` or ``NaN``. See ``docs/metrics.md`` for the
definitions, sources and caveats in prose.

Index conventions: a *daily series* is a sequence of daily loads, one per calendar day with
no gaps (rest and missing days are 0). For a plan it starts on the Monday of the first week,
so day ``i`` belongs to plan week ``i // 7`` and the last day of week ``w`` (0-based) is
``7 * w + 6``.

Cost: every function is O(number of days) in pure Python; :func:`week_metrics` walks the
plan once and the daily series a constant number of times.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Literal

from attrs import frozen

if TYPE_CHECKING:  # keep the import light; the model is only needed for type hints
    from .model import Day, Plan, Session

__all__ = [
    "ACUTE_DAYS",
    "ACWR_HIGH",
    "ACWR_MIN_HISTORY_DAYS",
    "ACWR_SWEET_SPOT",
    "CHRONIC_DAYS",
    "FATIGUE_DAYS",
    "FITNESS_DAYS",
    "FitnessFatigueForm",
    "WeekMetrics",
    "acwr_coupled",
    "acwr_ewma",
    "acwr_uncoupled",
    "acwr_zone",
    "daily_load_values",
    "daily_loads",
    "day_load",
    "ewma",
    "ewma_lambda",
    "fitness_fatigue_form",
    "monotony",
    "ramp",
    "session_load",
    "strain",
    "week_metrics",
    "weekly_loads",
    "weekly_totals",
]

#: Days in the acute window (ACWR numerator, EWMA span of the acute load).
ACUTE_DAYS = 7
#: Days in the chronic window (ACWR denominator, EWMA span of the chronic load).
CHRONIC_DAYS = 28
#: Days of history a plan needs before any ACWR is reported (coupled, uncoupled and EWMA).
ACWR_MIN_HISTORY_DAYS = CHRONIC_DAYS
#: EWMA span of "fitness" (chronic training load).
FITNESS_DAYS = 42
#: EWMA span of "fatigue" (acute training load).
FATIGUE_DAYS = 7

#: ACWR band often called the "sweet spot" (Gabbett 2016). A guide for warnings, not a rule.
ACWR_SWEET_SPOT: tuple[float, float] = (0.8, 1.3)
#: ACWR at or above which a warning says "high" (Gabbett 2016). A guide, not a rule.
ACWR_HIGH = 1.5

#: Relative tolerance under which a week's standard deviation counts as zero (float noise).
_SD_REL_TOL = 1e-12

AcwrZone = Literal["low", "sweet_spot", "elevated", "high"]


# --------------------------------------------------------------------------- loads


def session_load(session: Session) -> float:
    """Session-RPE load in AU: ``RPE (0-10) × minutes``.

    Foster et al., J Strength Cond Res 2001 (session RPE); shown valid for resistance
    training by Day et al., J Strength Cond Res 2004.
    """
    return float(session.rpe * session.minutes)


def day_load(day: Day) -> float:
    """Daily load in AU: the sum of the day's session loads (0 for a rest day)."""
    return float(sum(s.rpe * s.minutes for s in day.sessions))


def _daily_values(plan: Plan) -> list[float]:
    """Daily loads from the first week's Monday to the last week's Sunday, gaps as 0."""
    if not plan.weeks:
        return []
    first = plan.weeks[0].start
    values = [0.0] * (7 * len(plan.weeks))
    for week in plan.weeks:
        for day in week.days:
            values[(day.date - first).days] += day_load(day)
    return values


def daily_loads(plan: Plan) -> tuple[tuple[dt.date, float], ...]:
    """``(date, load)`` for every date from the first week's Monday to the last week's Sunday.

    A date the plan does not list is a rest day (load 0). An empty plan gives ``()``.
    """
    values = _daily_values(plan)
    if not values:
        return ()
    first = plan.weeks[0].start
    return tuple((first + dt.timedelta(days=k), load) for k, load in enumerate(values))


def daily_load_values(plan: Plan) -> tuple[float, ...]:
    """The loads of :func:`daily_loads` without the dates: the daily series the math takes."""
    return tuple(_daily_values(plan))


def weekly_totals(daily: Sequence[float], days_per_week: int = 7) -> tuple[float, ...]:
    """Sum a daily series in consecutive blocks of ``days_per_week`` (a short last block is summed as is).

    ``weekly_load = Σ daily loads of the week``.
    """
    if days_per_week < 1:
        raise ValueError("days_per_week must be at least 1")
    return tuple(math.fsum(daily[k:k + days_per_week]) for k in range(0, len(daily), days_per_week))


def weekly_loads(plan: Plan) -> tuple[float, ...]:
    """Weekly load in AU for each plan week, in order: the sum of its seven daily loads."""
    return weekly_totals(_daily_values(plan))


# --------------------------------------------------------------------------- monotony / strain


#: Loads whose squares stay normal floats (monotony rescales loads outside this range first).
_SQUARE_SAFE = (1e-100, 1e100)


def monotony(week_daily_loads: Sequence[float]) -> float | None:
    """Training monotony: ``mean(daily load) / SD(daily load)`` over one week.

    Pass all seven days, rest days as 0. SD is the *population* SD (divide by n, not n-1):
    the week is the whole population being described, not a sample of it.
    Foster, Med Sci Sports Exerc 1998.

    Returns ``None`` when the SD is 0 (every day the same load, including an all-rest week):
    the ratio is undefined there, and no cap is invented. An SD below 1e-12 × mean counts as
    0, so float noise cannot fake a huge monotony. Raises ``ValueError`` if empty.
    """
    n = len(week_daily_loads)
    if n == 0:
        raise ValueError("monotony needs at least one daily load")
    scale = max(map(abs, week_daily_loads))
    if scale and not _SQUARE_SAFE[0] < scale < _SQUARE_SAFE[1]:
        # squares of such loads under- or overflow: the ratio is scale-free, so work on loads scaled to 1
        week_daily_loads = [x / scale for x in week_daily_loads]
    mean = math.fsum(week_daily_loads) / n
    sd = math.sqrt(math.fsum((x - mean) ** 2 for x in week_daily_loads) / n)
    if sd <= _SD_REL_TOL * abs(mean):  # also catches mean == 0 (then sd == 0)
        return None
    return mean / sd


def strain(week_daily_loads: Sequence[float]) -> float | None:
    """Training strain: ``weekly load × monotony`` (AU). Foster, Med Sci Sports Exerc 1998.

    ``None`` whenever :func:`monotony` is ``None`` (zero SD).
    """
    m = monotony(week_daily_loads)
    if m is None:
        return None
    return math.fsum(week_daily_loads) * m


# --------------------------------------------------------------------------- ACWR (rolling)


def _check_index(daily: Sequence[float], i: int) -> None:
    if not 0 <= i < len(daily):
        raise IndexError(f"day index {i} is outside the daily series (0..{len(daily) - 1})")


def acwr_coupled(daily: Sequence[float], i: int) -> float | None:
    """Coupled rolling-average ACWR on day ``i`` (0-based, inclusive).

    ``acute = mean(daily[i-6 .. i])``, ``chronic = mean(daily[i-27 .. i])`` (the chronic
    window *includes* the acute week, hence "coupled"); ratio = ``acute / chronic``.
    This equals the 7-day sum over the mean weekly load of the last 4 weeks.
    Gabbett, Br J Sports Med 2016.

    ``None`` if fewer than 28 days exist up to day ``i`` (``i < 27``) or the chronic load is 0.
    Raises ``IndexError`` if ``i`` is not a valid index of ``daily``.
    """
    _check_index(daily, i)
    if i + 1 < ACWR_MIN_HISTORY_DAYS:
        return None
    chronic = math.fsum(daily[i + 1 - CHRONIC_DAYS:i + 1]) / CHRONIC_DAYS
    if chronic <= 0:
        return None
    acute = math.fsum(daily[i + 1 - ACUTE_DAYS:i + 1]) / ACUTE_DAYS
    return acute / chronic


def acwr_uncoupled(daily: Sequence[float], i: int) -> float | None:
    """Uncoupled rolling-average ACWR on day ``i`` (0-based, inclusive).

    ``acute = mean(daily[i-6 .. i])``, ``chronic = mean(daily[i-27 .. i-7])``: the 21 days
    *before* the acute week, so a spike does not inflate its own denominator.
    Windt & Gabbett, Br J Sports Med 2019.

    ``None`` if ``i < 27`` (same 28-day history as the coupled ratio) or the chronic load is 0.
    Raises ``IndexError`` if ``i`` is not a valid index of ``daily``.
    """
    _check_index(daily, i)
    if i + 1 < ACWR_MIN_HISTORY_DAYS:
        return None
    chronic_days = CHRONIC_DAYS - ACUTE_DAYS
    chronic = math.fsum(daily[i + 1 - CHRONIC_DAYS:i + 1 - ACUTE_DAYS]) / chronic_days
    if chronic <= 0:
        return None
    acute = math.fsum(daily[i + 1 - ACUTE_DAYS:i + 1]) / ACUTE_DAYS
    return acute / chronic


# --------------------------------------------------------------------------- EWMA


def ewma_lambda(n: int) -> float:
    """Decay constant ``λ = 2 / (N + 1)`` for an EWMA of span ``N`` days (Williams et al. 2017)."""
    if n < 1:
        raise ValueError("an EWMA span must be at least 1 day")
    return 2.0 / (n + 1)


def ewma(series: Iterable[float], n: int, seed: float | None = None) -> tuple[float, ...]:
    """Exponentially weighted moving average of a daily series, one value per day.

    ``λ = 2 / (N + 1)``; ``E_t = λ·x_t + (1 − λ)·E_{t−1}``. Williams et al., Br J Sports Med 2017.

    Seeding: with ``seed=None`` (the default) ``E_0 = x_0``, the first day's load, so a
    constant series has a constant EWMA. With a number, ``E_{-1} = seed`` and the recursion
    runs from day 0 (e.g. ``seed=0.0`` for "no prior training", or an athlete's known
    baseline). An empty series gives ``()``.
    """
    lam = ewma_lambda(n)
    keep = 1.0 - lam
    out: list[float] = []
    it = iter(series)
    if seed is None:
        try:
            e = float(next(it))
        except StopIteration:
            return ()
        out.append(e)
    else:
        e = float(seed)
    for x in it:
        e = lam * x + keep * e
        out.append(e)
    return tuple(out)


def _ratio_series(acute: Sequence[float], chronic: Sequence[float]) -> tuple[float | None, ...]:
    return tuple(
        None if i + 1 < ACWR_MIN_HISTORY_DAYS or c <= 0 else a / c
        for i, (a, c) in enumerate(zip(acute, chronic))
    )


def acwr_ewma(daily: Sequence[float]) -> tuple[float | None, ...]:
    """EWMA ACWR for every day: ``EWMA_7(load) / EWMA_28(load)`` (both seeded with day 0's load).

    Williams et al., Br J Sports Med 2017 (λ = 2/(N+1), N = 7 and 28).

    ``None`` for the first 27 days (the same 28-day history the rolling ratios need: before
    that the chronic EWMA mostly reflects its seed) and on any day the chronic EWMA is 0.
    """
    return _ratio_series(ewma(daily, ACUTE_DAYS), ewma(daily, CHRONIC_DAYS))


def acwr_zone(
    ratio: float | None,
    *,
    sweet_spot: tuple[float, float] = ACWR_SWEET_SPOT,
    high: float = ACWR_HIGH,
) -> AcwrZone | None:
    """Classify an ACWR for warnings: ``"low"`` (< sweet spot), ``"sweet_spot"`` (inside,
    bounds included), ``"elevated"`` (above it, below ``high``), ``"high"`` (≥ ``high``).

    ``None`` for an undefined ratio. The bands follow Gabbett 2016 and are contested
    (Impellizzeri et al., Sports Med 2020): use them to prompt a look, not to forbid a plan.
    """
    if ratio is None:
        return None
    lo, hi = sweet_spot
    if ratio >= high:
        return "high"
    if ratio < lo:
        return "low"
    if ratio <= hi:
        return "sweet_spot"
    return "elevated"


# --------------------------------------------------------------------------- fitness / fatigue / form


@frozen
class FitnessFatigueForm:
    """One day's fitness (EWMA_42), fatigue (EWMA_7) and form (fitness − fatigue), in AU/day."""

    fitness: float
    fatigue: float
    form: float


def fitness_fatigue_form(daily: Sequence[float]) -> tuple[FitnessFatigueForm, ...]:
    """Fitness, fatigue and form for every day of a daily series.

    ``fitness = EWMA_42(load)``, ``fatigue = EWMA_7(load)``, both with ``λ = 2/(N+1)`` and
    seeded with day 0's load (see :func:`ewma`); ``form = fitness − fatigue`` on the same day.
    An exponentially weighted take on Banister's fitness-fatigue model (Banister et al. 1975);
    spans as popularised by Coggan's CTL/ATL/TSB.

    Defined from day 0 (no division); early values mostly reflect the seed.
    """
    fit = ewma(daily, FITNESS_DAYS)
    fat = ewma(daily, FATIGUE_DAYS)
    return tuple(FitnessFatigueForm(f, g, f - g) for f, g in zip(fit, fat))


# --------------------------------------------------------------------------- ramp


def ramp(prev: float, cur: float) -> float | None:
    """Week-over-week change in percent: ``(cur − prev) / prev × 100``.

    When ``prev`` is 0: ``0.0`` if ``cur`` is also 0 (nothing changed), else ``None``
    (growth from nothing has no percentage). Raises ``ValueError`` for a negative input.
    """
    if prev < 0 or cur < 0:
        raise ValueError("ramp takes non-negative loads or minutes")
    if prev == 0:
        return 0.0 if cur == 0 else None
    return (cur - prev) / prev * 100.0


# --------------------------------------------------------------------------- per-week summary


@frozen
class WeekMetrics:
    """Load metrics for one plan week. Point-in-time values are taken on the week's Sunday.

    ``ramp_*`` compare with the previous plan week (``None`` in the first week and when the
    previous week was 0 and this one is not); ACWR fields are ``None`` until 28 days of plan
    history exist; see the module functions for every definition.
    """

    index: int
    start: dt.date
    load: float
    run_minutes: int
    strength_minutes: int
    monotony: float | None
    strain: float | None
    acwr_coupled: float | None
    acwr_uncoupled: float | None
    acwr_ewma: float | None
    ramp_run_minutes: float | None
    ramp_load: float | None
    fitness: float
    fatigue: float
    form: float


def week_metrics(plan: Plan) -> tuple[WeekMetrics, ...]:
    """:class:`WeekMetrics` for every plan week, in order. O(days); an empty plan gives ``()``."""
    return week_metrics_and_acwr(plan)[0]


def week_metrics_and_acwr(plan: Plan) -> tuple[tuple[WeekMetrics, ...], tuple[float | None, ...]]:
    """:func:`week_metrics` and the plan's daily EWMA ACWR (:func:`acwr_ewma` of :func:`daily_load_values`),
    which the weeks' ratios are read from, computed once."""
    values = _daily_values(plan)
    if not values:
        return (), ()
    fatigue = ewma(values, FATIGUE_DAYS)  # EWMA_7 is both "fatigue" and the acute EWMA
    chronic = ewma(values, CHRONIC_DAYS)
    fitness = ewma(values, FITNESS_DAYS)
    ratios = _ratio_series(fatigue, chronic)

    out: list[WeekMetrics] = []
    prev_load: float | None = None
    prev_run: int | None = None
    for w, week in enumerate(plan.weeks):
        first, last = 7 * w, 7 * w + 6
        days = values[first:last + 1]
        load = math.fsum(days)
        run = strength = 0
        for day in week.days:
            for s in day.sessions:
                if s.sport == "run":
                    run += s.minutes
                elif s.sport == "strength":
                    strength += s.minutes
        mono = monotony(days)
        out.append(WeekMetrics(
            index=week.index,
            start=week.start,
            load=load,
            run_minutes=run,
            strength_minutes=strength,
            monotony=mono,
            strain=None if mono is None else load * mono,
            acwr_coupled=acwr_coupled(values, last),
            acwr_uncoupled=acwr_uncoupled(values, last),
            acwr_ewma=ratios[last],
            ramp_run_minutes=None if prev_run is None else ramp(prev_run, run),
            ramp_load=None if prev_load is None else ramp(prev_load, load),
            fitness=fitness[last],
            fatigue=fatigue[last],
            form=fitness[last] - fatigue[last],
        ))
        prev_load, prev_run = load, run
    return tuple(out), ratios
