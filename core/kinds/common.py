"""Pieces the built-in rule kinds share: ranges, option checks, weekly measures, selector wording."""

from __future__ import annotations

from typing import Any, Literal

import attrs
from attrs import field, frozen, validators as v

from ..findings import Finding, day_label, session_label
from ..selectors import Selector

#: What progression and deload rules measure per week over the matching sessions.
Measure = Literal["minutes", "load", "sets", "volume", "sessions"]
MEASURE_WORDS = {
    "minutes": "minutes", "load": "load (RPE × min)", "sets": "sets", "volume": "volume (sets × reps)",
    "sessions": "sessions",
}

non_negative = v.optional(v.ge(0))


def check_bounds(instance: Any, low: str = "min", high: str = "max", *, need_one: bool = True) -> None:
    """Raise a ValueError naming the field when neither bound is set or ``low > high``."""
    lo, hi = getattr(instance, low), getattr(instance, high)
    if need_one and lo is None and hi is None:
        raise ValueError(f"set '{low}', '{high}' or both (this rule would check nothing)")
    if lo is not None and hi is not None and lo > hi:
        raise ValueError(f"'{high}' must be at least '{low}' ({lo}), got {hi}")


@frozen
class Range:
    """An inclusive range of whole numbers, written ``{ min = 3, max = 5 }`` (either bound may be left out)."""

    min: int | None = field(default=None, validator=non_negative)
    max: int | None = field(default=None, validator=non_negative)

    def __attrs_post_init__(self) -> None:
        check_bounds(self)

    def __contains__(self, value: int) -> bool:
        return (self.min is None or value >= self.min) and (self.max is None or value <= self.max)

    def describe(self, unit: str = "") -> str:
        """``3-5``, ``at most 5``, ``at least 3`` (with an optional unit)."""
        return bounds_text(self.min, self.max, unit)


def bounds_text(lo: float | None, hi: float | None, unit: str = "") -> str:
    """``3-5 min``, ``at most 5 min``, ``at least 3 min``, ``exactly 3``."""
    unit = f" {unit}" if unit else ""
    if lo is not None and hi is not None:
        return f"exactly {number(lo)}{unit}" if lo == hi else f"{number(lo)}-{number(hi)}{unit}"
    if hi is not None:
        return f"at most {number(hi)}{unit}"
    return f"at least {number(lo)}{unit}"


def describe_selector(selector: Selector) -> str:
    """Plain words for a selector: ``hard strength``, ``tempo/intervals run``, ``quality``, ``training``."""
    parts = []
    if selector.intensity:
        parts.append("/".join(selector.intensity))
    if selector.type:
        parts.append("/".join(selector.type))
    if selector.sport:
        parts.append("/".join(selector.sport))
    if selector.tags:
        parts.append(" ".join(selector.tags))
    if selector.time:
        parts.append("(" + "/".join(selector.time) + ")")
    if selector.not_ is not None:
        parts.append("except " + describe_selector(selector.not_))
    return " ".join(parts) or "any"


def what(label: str | None, selector: Selector) -> str:
    return label or describe_selector(selector)


def session_measure(session: Any, measure: str) -> float:
    """One session's contribution to a weekly measure.

    ``minutes``: its minutes. ``load``: RPE × minutes. ``sets``: the sets of its exercises (an exercise
    with no sets counts 1). ``volume``: sets × reps over exercises with reps (holds are not volume).
    ``sessions``: 1. Sessions listing no exercises add 0 to ``sets`` and ``volume``.
    """
    if measure == "minutes":
        return session.minutes
    if measure == "load":
        return session.rpe * session.minutes
    if measure == "sessions":
        return 1
    total = 0
    if measure == "sets":
        for ex in session.exercises:
            total += ex.sets or 1
    else:
        for ex in session.exercises:
            if ex.reps:
                total += (ex.sets or 1) * ex.reps
    return total


def measure_part(checker: Any, session: Any, mask: int, bit: int, measure: str) -> float:
    """A week total's part (see :func:`week_totals`): a session's measure when it matches ``bit``, else 0."""
    return session_measure(session, measure) if mask & bit else 0


def week_totals(*totals):
    """Give a kind's ``check`` its ``week_totals(rule)``: the week totals its rules ask for, ``(part, *args)``
    keys (e.g. ``(measure_part, bit, "minutes")``) from each ``totals(rule)``. The checker keeps each as the sum
    (or, when ``part.union``, the OR) of ``part(checker, session, mask, *args)`` over a week's sessions, added
    up for every total at once (once per distinct session, day and week content), read with
    ``WeekIndex.total(key)``."""
    def attach(check):
        check.week_totals = lambda rule: [key for f in totals for key in f(rule)]
        return check

    return attach


def measure_total(rule: Any) -> list[tuple]:
    """The week total of a rule measuring its ``select`` sessions' ``measure`` (see :func:`week_totals`)."""
    return [(measure_part, rule.bits["select"], rule.options.measure)]


def week_measure(wi: Any, bit: int, measure: str) -> float:
    """The measure of the sessions matching ``bit`` in one week (a kept week total, else cached on the week's
    index)."""
    if not wi.any_mask & bit:
        return 0
    total = wi.total((measure_part, bit, measure))
    if total is not None:
        return total
    key = ("measure", bit, measure)
    total = wi.memo.get(key)
    if total is None:
        matching = [s for di in wi.days if di is not None and di.mask & bit
                    for s, m in zip(di.sessions, di.masks) if m & bit]
        if measure == "minutes":
            total = sum([s.minutes for s in matching])
        elif measure == "load":
            total = sum([s.rpe * s.minutes for s in matching])
        elif measure == "sessions":
            total = len(matching)
        else:
            total = sum([session_measure(s, measure) for s in matching])
        wi.memo[key] = total
    return total


def weekly_measures(ctx: Any, bit: int, measure: str) -> list[float | None]:
    """The measure of the sessions matching ``bit`` in each plan week; None for incomplete weeks.

    Cached for the plan being checked (rules measuring the same thing share it)."""
    cache = ctx.__dict__.setdefault("_weekly_measures", {})
    key = ("measure", bit, measure)
    values = cache.get(key)
    if values is None:
        totals = ctx.week_totals((measure_part, bit, measure))
        values = cache[key] = [None if not full else week_measure(wi, bit, measure) if t is None else t
                               for full, wi, t in zip(ctx.complete, ctx.week_indexes, totals)]
    return values


def per_series(rule: Any, values: list, week_on: tuple[bool, ...], judge) -> Any:
    """``judge(rule, values, week_on)``, cached on the compiled rule per weekly ``values`` (see
    :func:`weekly_measures`) and ``week_on``: all that kinds judging a series of weekly measures look at, so
    plans repeating a series (one template for many athletes) are judged once; only messages are written
    per plan."""
    memo = rule.memo.get("series")
    if memo is None or len(memo) >= 4096:
        memo = rule.memo["series"] = {}
    key = (tuple(values), week_on)
    hit = memo.get(key)
    if hit is None:
        hit = memo[key] = judge(rule, values, week_on)
    return hit


def per_shape(ctx: Any, rule: Any, compute) -> Any:
    """``compute()``, cached in ``ctx.shape_memo`` per rule and ``week_on``: for what follows from the plan's
    shape alone (its days' session masks, which days are listed) and where the rule applies, so plans with
    the same shape (one template for many athletes) work it out once."""
    memo = ctx.shape_memo
    key = (rule, ctx.week_on)
    hit = memo.get(key)
    if hit is None:
        if len(memo) >= 4096:
            memo.clear()
        hit = memo[key] = compute()
    return hit


def per_exercises(rule: Any, exercises: tuple, compute, content=None) -> Any:
    """``compute(exercises)``, cached on the compiled rule per exercises tuple (plans reuse them), and, when
    ``content(exercises)`` gives a key of everything ``compute`` looks at, per that content too (fresh plan
    objects repeat the same exercises)."""
    memo = rule.memo
    hit = memo.get(id(exercises))
    if hit is not None and hit[0] is exercises:
        return hit[1]
    key = None
    value = None
    if content is not None:
        key = ("content", content(exercises))
        value = memo.get(key)
    if value is None:
        value = compute(exercises)
    if len(memo) >= 4096:
        memo.clear()
    memo[id(exercises)] = (exercises, value)
    if key is not None:
        memo[key] = value
    return value


def exercise_content(exercises) -> tuple:
    """Everything a prescription looks at in a list of exercises."""
    return tuple([(e.name, e.sets, e.reps, e.hold_seconds, e.load) for e in exercises])


def exercise_names(exercises) -> tuple:
    return tuple([e.name for e in exercises])


def session_problems(ctx: Any, rule: Any, i: int, problems_of) -> list[tuple]:
    """(session, ``problems_of(ctx, rule, session)``) for each session of day ``i`` that the rule's ``select``
    matches and that has problems, in day order."""
    bit = rule.bits["select"]
    if not ctx.day_mask[i] & bit:
        return []
    out = []
    for s, m in zip(ctx.sessions[i], ctx.masks[i]):
        if m & bit:
            problems = problems_of(ctx, rule, s)
            if problems:
                out.append((s, problems))
    return out


def labels(ctx: Any, pairs) -> tuple[str, ...]:
    """``session_label`` for (day number, session) pairs."""
    dates = ctx.dates
    return tuple([session_label(dates[i], s) for i, s in pairs])


def week_label(ctx: Any, w: int) -> str:
    """``the week of Mon 4 Jan``."""
    return f"the week of {day_label(ctx.dates[7 * w])}"


def number(value: float) -> str:
    """Whole numbers without a decimal point, others with one decimal."""
    return f"{value:.0f}" if float(value).is_integer() else f"{value:.1f}"


#: ``memo[rule]`` of a date-free kind whose findings in this week content are not empty: look them up by date.
_DATED = object()


def day_finding(ctx, rule, i: int, message: str, sessions, **extra):
    """``rule``'s finding about day ``i``: its plan week, its date and the ``sessions`` involved, labelled."""
    date = ctx.dates[i]
    return rule.finding(message, week=ctx.week_number(i // 7), dates=(date,),
                        sessions=tuple([session_label(date, s) for s in sessions]), **extra)


def fails_from(problems):
    """A decorator giving a ``day_check`` its ``fails`` (see :func:`per_week`): whether
    ``problems(ctx, rule, i)``, the list the day check writes its findings from, has anything in it."""
    def attach(day_check):
        day_check.fails = lambda ctx, rule, i: bool(problems(ctx, rule, i))
        return day_check

    return attach


def session_fails_from(problems):
    """A decorator giving a ``day_check`` whose findings on a day are those of each matching session alone its
    ``session_fails`` (see :func:`per_week`): whether ``problems(ctx, rule, session)``, the list the day check
    writes a session's findings from, has anything in it for a session matching the rule's ``select``."""
    def attach(day_check):
        day_check.session_fails = lambda ctx, rule, s, m: bool(m & rule.bits["select"] and problems(ctx, rule, s))
        return day_check

    return attach


def _in_week(f: Finding, week: int) -> Finding:
    """``attrs.evolve(f, week=week)``, without its look at the class's fields on every call."""
    return Finding(code=f.code, name=f.name, severity=f.severity, message=f.message, week=week, dates=f.dates,
                   sessions=f.sessions, rationale=f.rationale, source=f.source)


if tuple(a.name for a in attrs.fields(Finding)) != (
        "code", "name", "severity", "message", "week", "dates", "sessions", "rationale", "source"):  # pragma: no cover
    def _in_week(f: Finding, week: int) -> Finding:  # noqa: F811 - a Finding with other fields
        return attrs.evolve(f, week=week)


def per_day(day_check):
    """A ``week_check`` for :func:`per_week` from ``day_check(ctx, rule, i) -> list of findings`` on day ``i``.

    For kinds whose findings on a day depend on that day's sessions alone, and whether there are any not on
    its date (date-free): "no findings" is cached per day content (:class:`runlift.checker.DayIndex`), so a
    week never seen before that is made of days seen before costs a lookup per day. Days without sessions
    are skipped. Findings are cached per day content and date too, when they are in the day's plan week: a
    plan starting on another Monday with that day on the same date gets them with its own week number (so a
    day check's messages may name its date, never its week number).
    """
    def week_check(ctx, rule, w):
        out = []
        base = 7 * w
        week = ctx.week_number(w)
        for d, di in enumerate(ctx.week_indexes[w].days):
            if di is None:
                continue
            memo = di.memo
            if rule in memo:  # no findings on this day content
                continue
            key = (rule, ctx.dates[base + d])
            hit = memo.get(key)
            if hit is not None:
                found = hit[1] if hit[0] == week else [_in_week(f, week) for f in hit[1]]
            else:
                found = day_check(ctx, rule, base + d)
                if not found:
                    memo[rule] = None
                elif all(f.week == week for f in found):
                    if len(memo) >= 4096:
                        memo.clear()
                    memo[key] = (week, found)
            out += found
        return out

    week_check.__doc__ = day_check.__doc__
    week_check.day_check = day_check
    return week_check


def per_week(week_check, *, date_free: bool = False, day_check_for=None, minutes_free: bool = False):
    """Turn ``week_check(ctx, rule, w) -> list of findings`` into a kind's ``check(ctx, rule)``.

    For kinds whose findings in a week depend on that week alone (its sessions, dates and index). Results
    for complete weeks are cached on the week's index (:class:`runlift.checker.WeekIndex`, shared by every
    week with the same content), keyed by the rule and the week's start and number, so checking many plans
    that repeat weeks (a planner's candidates, copies of a plan, a benchmark) re-judges only new weeks.
    Weeks where the rule does not apply (``ctx.week_on``) are skipped.

    ``date_free=True`` also promises that *whether* the week has findings does not depend on its dates or
    number (only the messages do): "no findings" is then cached once per week content, for every date. The
    built-in week-local kinds are date-free; a kind about holidays or race week is not.

    The checker judges date-free kinds together, once per week content (and per day content for those whose
    findings are their days' alone): ``day_check_for(options)`` gives the ``day_check`` of a rule whose
    ``week_check`` is ``per_day(day_check)``, or None. It defaults to ``week_check.day_check`` (set by
    :func:`per_day`). A ``week_check`` (or ``day_check``) may carry ``fails(ctx, rule, w)`` (``i`` for a day):
    whether it would find anything in complete week ``w`` (on day ``i``), without writing the findings; the
    checker asks it of contents in weeks where the rule may not apply. A ``day_check`` whose findings are those
    of each session alone may carry ``session_fails(ctx, rule, session, mask)`` instead (see
    :func:`session_fails_from`), judged once per distinct session. A ``week_check`` whose findings only
    depend on the week's selector masks may carry ``shape_fails(shape, rule)`` instead, judged once per
    :class:`runlift.checker.WeekShape`. One whose ``fails`` only reads one week total (see :func:`week_totals`)
    may carry ``total_key(rule)`` (that total's key) and ``total_fails(rule, total)``, judged once per total.

    ``minutes_free=True`` (with ``date_free``) also promises that whether a week, day or session has findings
    never depends on the sessions' minutes (nor on anything computed from them: load, durations): the checker
    then judges the rule once per week *frame* (:class:`runlift.checker.WeekFrame`: the week's content but
    for minutes), shared by the weeks of a plan that only differ in minutes.
    """
    if day_check_for is None and hasattr(week_check, "day_check"):
        day_check = week_check.day_check

        def day_check_for(options):
            return day_check

    def check(ctx, rule):
        out = []
        week_on = ctx.week_on
        weeks = ctx.weeks
        for w, memo in ctx.complete_memos:
            if week_on[w]:
                found = memo.get(rule)
                if found is None and date_free:  # a week content never judged by this rule
                    found = week_check(ctx, rule, w)
                    if len(memo) >= 4096:
                        memo.clear()
                    if not found:
                        memo[rule] = found
                        continue
                    week = weeks[w]
                    memo[rule] = _DATED
                    memo[(rule, week.start, week.index)] = found
                elif found is None or found is _DATED:
                    week = weeks[w]
                    key = (rule, week.start, week.index)
                    found = memo.get(key)
                    if found is None:
                        found = week_check(ctx, rule, w)
                        if len(memo) >= 4096:
                            memo.clear()
                        memo[key] = found
                if found:
                    out += found
        for w in ctx.partial_weeks:
            if week_on[w]:
                out += week_check(ctx, rule, w)
        return out

    check.__doc__ = week_check.__doc__
    check.week_check = week_check
    check.date_free = date_free
    check.minutes_free = date_free and minutes_free
    check.day_check_for = day_check_for
    return check
