"""Compare philosophies for one athlete: a plan under each, their load, and where they disagree.

:func:`compare` plans the same athlete under every ruleset given, measures each plan in one unit of load
(session-RPE, :mod:`runlift.metrics`), and checks every plan against every other ruleset's rules (the
cross-check matrix). A ruleset that cannot plan for the athlete is reported with its conflict explanation,
never as a crash. Renderers live in :mod:`runlift.compare_view`.
"""

from __future__ import annotations

import datetime as dt
import os
from collections import Counter
from collections.abc import Callable, Collection, Iterable, Sequence
from typing import Any, TypeVar

from attrs import frozen

from .errors import InfeasibleError
from .findings import Finding
from .metrics import WeekMetrics, week_metrics_and_acwr
from .model import Athlete, Day, Plan, Week
from .ruleset import Ruleset
from .selectors import DEFAULT_TAGS, compile_selector

T = TypeVar("T")

_QUALITY = compile_selector(DEFAULT_TAGS["quality"], DEFAULT_TAGS)


def is_hard_session(session: Any) -> bool:
    """A hard session: a quality run (tempo, intervals, hills, long, race) or heavy lifting."""
    return _QUALITY(session) or (session.sport == "strength" and session.intensity == "hard")


@frozen
class WeekSummary:
    """The comparison table's numbers for one plan week."""

    index: int
    phase: str
    strength_sessions: int
    run_days: int
    rest_days: int
    hard_days: int
    heavy_days: int
    run_minutes: int
    strength_minutes: int
    load: float
    monotony: float | None
    strain: float | None


@frozen
class CrossCheck:
    """The plan made under ``plan_of`` judged by ``judged_by``'s rules."""

    plan_of: str
    judged_by: str
    errors: int
    warnings: int
    top_code: str | None = None
    top_name: str | None = None
    top_count: int = 0
    top_example: str | None = None

    @property
    def disagreement(self) -> str:
        """The most frequent objection in words, e.g. ``RN111 run-first-on-quality-days ×12: ...``."""
        if self.top_code is None:
            return ""
        return f"{self.top_code} {self.top_name} ×{self.top_count}: {self.top_example}"


@frozen
class Entry:
    """One philosophy's column: its plan and numbers, or why it could not plan."""

    name: str
    title: str
    version: str
    plan: Plan | None
    findings: tuple[Finding, ...] = ()
    weeks: tuple[WeekSummary, ...] = ()
    metrics: tuple[WeekMetrics, ...] = ()
    peak_acwr: float | None = None
    longest_hard_streak: int = 0
    infeasible: str | None = None
    conflict: tuple[str, ...] = ()

    @property
    def feasible(self) -> bool:
        return self.plan is not None

    def week(self, index: int) -> Week | None:
        if self.plan is None:
            return None
        return next((w for w in self.plan.weeks if w.index == index), None)

    def summary(self, index: int) -> WeekSummary | None:
        return next((s for s in self.weeks if s.index == index), None)


@frozen
class Comparison:
    athlete: Athlete
    entries: tuple[Entry, ...]
    weeks: tuple[int, ...]
    matrix: tuple[CrossCheck, ...]

    def cross(self, plan_of: str, judged_by: str) -> CrossCheck | None:
        return next((c for c in self.matrix if c.plan_of == plan_of and c.judged_by == judged_by), None)


def summarize_week(week: Week, metrics: WeekMetrics, hard_dates: Collection[dt.date] | None = None) -> WeekSummary:
    """The table's numbers for ``week``; ``hard_dates`` (:func:`hard_days`) when the caller has them."""
    if hard_dates is None:
        hard_dates = hard_days(week.days)
    strength = run_days = rest = hard = heavy = 0
    for day in week.days:
        resting, running, heavy_day = True, False, False
        for s in day.sessions:
            sport = s.sport
            if sport == "run":
                resting, running = False, True
            elif sport == "strength":
                resting = False
                strength += 1
                heavy_day = heavy_day or s.intensity == "hard"
            elif sport != "rest":
                resting = False
        rest += resting  # no session, or rest only
        run_days += running
        heavy += heavy_day
        hard += day.date in hard_dates
    return WeekSummary(index=week.index, phase=week.phase, strength_sessions=strength, run_days=run_days,
                       rest_days=rest, hard_days=hard, heavy_days=heavy, run_minutes=metrics.run_minutes,
                       strength_minutes=metrics.strength_minutes, load=metrics.load, monotony=metrics.monotony,
                       strain=metrics.strain)


def hard_days(days: Iterable[Day]) -> set[dt.date]:
    """The dates of the days among ``days`` that hold a hard session (:func:`is_hard_session`)."""
    return {day.date for day in days if any(is_hard_session(s) for s in day.sessions)}


def longest_hard_streak(plan: Plan, hard_dates: Collection[dt.date] | None = None) -> int:
    """The most consecutive calendar days that each hold a hard session, across week boundaries."""
    if hard_dates is None:
        hard_dates = hard_days(plan.days())
    best = run = 0
    previous: dt.date | None = None
    for day in plan.days():
        if day.date in hard_dates:
            run = run + 1 if previous is not None and (day.date - previous).days == 1 else 1
            previous = day.date
            best = max(best, run)
        else:
            run, previous = 0, None
    return best


def default_week(plan: Plan, race_date: dt.date | None) -> int:
    """The week to show when none is asked for: six weeks before race week (deep in the build, before the
    taper), else the middle of the plan; clamped to the plan."""
    n = len(plan.weeks)
    if race_date is not None:
        race_week = next((w.index for w in plan.weeks if w.start <= race_date <= w.start + dt.timedelta(6)), n)
        return max(1, min(n, race_week - 6))
    return max(1, (n + 1) // 2)


def make_entry(ruleset: Ruleset, plan: Plan, findings: Sequence[Finding]) -> Entry:
    metrics, daily_acwr = week_metrics_and_acwr(plan)
    ratios = [r for r in daily_acwr if r is not None]
    hard = hard_days(plan.days())
    return Entry(name=ruleset.name, title=ruleset.title, version=ruleset.version, plan=plan,
                 findings=tuple(findings),
                 weeks=tuple(summarize_week(w, m, hard) for w, m in zip(plan.weeks, metrics)), metrics=metrics,
                 peak_acwr=max(ratios) if ratios else None, longest_hard_streak=longest_hard_streak(plan, hard))


def cross_check(name: str, checker: Any, other: Entry) -> CrossCheck:
    findings = checker.check(other.plan)
    errors = sum(1 for f in findings if f.severity == "error")
    if not findings:
        return CrossCheck(plan_of=other.name, judged_by=name, errors=0, warnings=0)
    # the most frequent objection, errors before warnings, then by code for a stable tie-break
    counts = Counter((f.severity != "error", f.code) for f in findings)
    (_, code), count = min(counts.items(), key=lambda kv: (kv[0][0], -kv[1], kv[0][1]))
    first = next(f for f in findings if f.code == code)
    return CrossCheck(plan_of=other.name, judged_by=name, errors=errors, warnings=len(findings) - errors,
                      top_code=code, top_name=first.name, top_count=count, top_example=first.message)


def compare(rulesets: Sequence[Ruleset], athlete: Athlete, *, plugins: Any = None,
            weeks: Sequence[int] | None = None, all_weeks: bool = False, jobs: int = 1) -> Comparison:
    """Plan ``athlete`` under each ruleset, summarize, and cross-check every plan with every ruleset.

    With ``jobs`` > 1 the rulesets are shared out to that many processes (see :func:`run_shared`); the
    comparison is the same whatever ``jobs`` is."""
    from .planner import Planner

    planners = [Planner(ruleset, plugins=plugins) for ruleset in rulesets]
    judges = {ruleset.name: planner for ruleset, planner in zip(rulesets, planners)}  # a repeated name: the last

    def plan_and_judge(i: int) -> tuple[Entry, tuple[CrossCheck, ...]]:
        """Ruleset i's column, and its plan judged by every ruleset (in the order of ``rulesets``)."""
        ruleset = rulesets[i]
        try:
            result = planners[i].plan(athlete)
        except InfeasibleError as exc:
            return Entry(name=ruleset.name, title=ruleset.title, version=ruleset.version, plan=None,
                         infeasible=str(exc), conflict=exc.conflict), ()
        entry = make_entry(ruleset, result.plan, result.findings)
        return entry, tuple(cross_check(judge.name, judges[judge.name].checker, entry) for judge in rulesets)

    done = run_shared(plan_and_judge, len(rulesets), jobs)
    entries = [entry for entry, _ in done]
    feasible = [e for e in entries if e.plan is not None]
    if all_weeks:
        shown = tuple(sorted({w.index for e in feasible for w in e.plan.weeks}))
    elif weeks:
        shown = tuple(weeks)
    elif feasible:
        race = athlete.race.date if athlete.race is not None else None
        shown = (default_week(feasible[0].plan, race),)
    else:
        shown = ()
    # judge by judge, each feasible plan in turn
    matrix = [row[j] for j in range(len(rulesets)) for entry, row in done if entry.plan is not None]
    return Comparison(athlete=athlete, entries=tuple(entries), weeks=shown, matrix=tuple(matrix))


def run_shared(work: Callable[[int], T], n: int, jobs: int) -> list[T]:
    """``[work(0), ..., work(n - 1)]``, computed by up to ``jobs`` processes: this one and forked workers.

    Every process takes the next index from a shared pipe when it is free (one byte per index), so a slow
    item does not hold up the rest; a worker sends its results back pickled when no index is left. Where
    ``os.fork`` is missing, with one job or one item, this process computes everything, as it does any
    index a worker took but did not deliver (it failed): the result never depends on ``jobs``."""
    results: dict[int, T] = {}
    jobs = min(jobs, n)
    if jobs > 1 and n < 256 and hasattr(os, "fork"):
        results = _run_forked(work, n, jobs)
    return [results[i] if i in results else work(i) for i in range(n)]


def _take(tokens: int):
    while index := os.read(tokens, 1):
        yield index[0]


def _take_and_work(work: Callable[[int], T], tokens: int) -> dict[int, T]:
    """Take indices and work on them until none is left, or until one fails: the failing index is then left to
    :func:`run_shared`, which computes every missing index in order, so that the first failure in index
    order is the one raised, as when one process does all the work."""
    done: dict[int, T] = {}
    for i in _take(tokens):
        try:
            done[i] = work(i)
        except Exception:
            break
    return done


def _run_forked(work: Callable[[int], T], n: int, jobs: int) -> dict[int, T]:
    import gc
    import pickle

    gc.freeze()  # the objects made so far stay out of the workers' collections (no copy-on-write of them)
    tokens, fill = os.pipe()
    os.write(fill, bytes(range(n)))
    os.close(fill)  # once the indices are taken, reading gives end-of-file
    workers: list[tuple[int, int]] = []
    results: dict[int, T] = {}
    try:
        for _ in range(jobs - 1):
            out, into = os.pipe()
            pid = os.fork()
            if pid == 0:  # the worker: never returns
                status = 1
                try:
                    os.close(out)
                    done = _take_and_work(work, tokens)
                    with os.fdopen(into, "wb") as fh:
                        pickle.dump(done, fh, protocol=pickle.HIGHEST_PROTOCOL)
                    status = 0
                finally:
                    os._exit(status)
            os.close(into)
            workers.append((pid, out))
        results.update(_take_and_work(work, tokens))
        for _, out in workers:
            with os.fdopen(out, "rb", closefd=False) as fh:
                data = fh.read()
            try:
                results.update(pickle.loads(data))
            except Exception:  # the worker failed: its indices are computed here
                pass
    finally:
        gc.unfreeze()
        os.close(tokens)
        for pid, out in workers:
            os.close(out)
            os.waitpid(pid, 0)
    return results
