"""The planner: build run + strength weeks that obey a ruleset, or explain why none exists.

::

    planner = Planner(ruleset, plugins=plugins)          # compile once
    result = planner.plan(athlete, weeks=16)             # PlanResult: plan, findings, notes, trace
    result = planner.plan(athlete, running_plan=plan)    # overlay: runs kept exactly as given

How a plan is made (``docs/planner.md`` has the long version):

1. **Layout** (:mod:`runlift.phases`): the plan's Monday-Sunday weeks and their phases, back from the
   race or forward from the start.
2. **Targets**: per week, the ``[planner]`` table resolved for the phase, experience, distance, cut-back
   and race week (:mod:`runlift.planner_config`), and the running minutes (:mod:`runlift.volume`). Plugins
   may change them (``runlift_adjust_week_targets``).
3. **Patterns**: the targets become candidate sets of sessions (*tokens*): the target week first, then
   variants with fewer (or, when a count rule asks, more) runs, quality sessions, strength or mobility
   sessions, or lighter strength, each with a deviation cost (``[planner.weights]``).
4. **Search** (:mod:`runlift.search`): each pattern is placed on the days by a branch-and-bound search under
   the ruleset's error-level rules (constraints) and warn-level rules plus the athlete's preferences (soft
   costs); the cheapest week over all patterns wins. Searches are memoised per distinct week (targets,
   the previous week's tail, race window), so a 16-week plan runs a handful of them.
5. **Sessions**: minutes and target RPE for every session; exercises for strength sessions
   (:mod:`runlift.prescribe`), which plugins may adjust (``runlift_compose_session``).
6. **Weekly measures**: progression and deload rules are honoured by lowering a week's minutes or sets.
7. **Verdict**: the finished plan is checked by the real :class:`~runlift.checker.Checker`. A generated plan
   with an error-level finding is a planner bug, reported as such, never hidden.

A ruleset with ``then`` plans its own pre-race phases and hands the rest of the plan to the ``then``
ruleset (:meth:`_Build.segments`, :meth:`_Build.run_segments`): each segment is planned and checked under
its own ruleset, the previous segment's last week as context.

When no pattern of a week can be placed, the planner looks for a minimal set of conflicting rules and
athlete constraints (deletion filter: drop each member in turn, keep it out if the week stays
infeasible), verifies that removing any one member makes the week feasible, and raises
:class:`~runlift.errors.InfeasibleError` naming them.
"""

from __future__ import annotations

import datetime as dt
import math
import operator
from collections.abc import Sequence
from typing import Any

import attrs
from attrs import frozen

from .checker import Checker
from .defaults import DEFAULT_START
from .errors import InfeasibleError, RunliftError
from .findings import Finding
from .model import Athlete, Day, Plan, PlanInputs, RulesetRef, Session, Week
from .phases import Layout, PhaseWeek, layout_phases, monday_of, template_weeks
from .planner_config import (
    DEFAULT_MOBILITY_RPE,
    DEFAULT_RUN_RPE,
    DEFAULT_STRENGTH_RPE,
    PlannerConfig,
    ResolvedWeekPlan,
    planner_config,
    resolve_week_plan,
)
from .prescribe import Composer, DoseBounds, Flow, progressed
from .ruleset import Ruleset
from .segments import check_segments, handover_layouts
from .search import (
    HARD_RUN_TYPES,
    NODE_BUDGET,
    Placement,
    Searcher,
    Token,
    WeekProblem,
    tail_cost,
)
from .vocabulary import WEEKDAY_TITLES, WEEKDAYS
from .volume import WeekVolume, round5, run_volumes
from .weekrules import (
    BeforeEvent,
    Count,
    Duration,
    FastRule,
    Intensity,
    SameDayOrder,
    Slot,
    Spacing,
    compile_rules,
)

#: Nominal race minutes by distance, for the race session's load (runlift's estimate, not a target).
RACE_MINUTES = {"5k": 25, "10k": 55, "half": 115, "marathon": 240, "ultra": 420}
_INTENSITY_STEPS = ("hard", "moderate", "easy")
#: No quality or long run this many days before the race (runlift's race-week convention).
RACE_EVE_DAYS = 2
_RUN_INTENSITY = {"recovery": "easy", "easy": "easy", "strides": "easy", "long": "moderate", "tempo": "hard",
                  "intervals": "hard", "hills": "hard", "race": "hard"}


class PlannerError(RunliftError):
    """The planner made a plan its own ruleset rejects: a bug in the planner, reported, never hidden."""


# --------------------------------------------------------------------------- targets


@frozen(cache_hash=True)
class StrengthTarget:
    """One strength session a week aims for."""

    type: str
    intensity: str
    minutes: int


@frozen(cache_hash=True)
class WeekTargets:
    """What one week aims for, before the search. ``runlift_adjust_week_targets`` may return a changed copy
    (``attrs.evolve(targets, run_days=3)``)."""

    phase: str
    run_minutes: int
    run_days: int
    long_run: bool
    quality: tuple[str, ...]
    strides: bool
    strength: tuple[StrengthTarget, ...]
    mobility: int
    mobility_minutes: int
    mobility_type: str
    rest_days: int
    cutback: bool = False
    why: str = ""


@frozen
class Conflict:
    """A member of an infeasibility explanation: a rule code or an athlete constraint, in words."""

    key: str
    text: str


@frozen
class PlanResult:
    """A plan and what the planner knows about it."""

    plan: Plan
    findings: tuple[Finding, ...]
    layout: Layout
    notes: tuple[str, ...] = ()
    stats: dict = attrs.field(factory=dict, eq=False)
    explainer: Any = attrs.field(default=None, eq=False, repr=False)

    @property
    def errors(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.severity == "error")

    def why(self, key: tuple[dt.date, int]) -> str:
        """Why the planner put the session at ``(date, order)`` there (empty for sessions it did not place)."""
        return self.explainer(key) if self.explainer is not None else ""


# --------------------------------------------------------------------------- the planner


class Planner:
    """A ruleset compiled for planning. ``plugins`` (a :class:`~runlift.plugin_manager.Plugins`) enables the
    planner hooks and plugin exercises; ``catalog`` defaults to the built-in one (plus plugin catalogs)."""

    def __init__(self, ruleset: Ruleset, plugins: Any = None, catalog: Any = None):
        self.ruleset = ruleset
        self.plugins = plugins
        self.config: PlannerConfig = planner_config(ruleset)
        if catalog is None:
            from .catalog import load_catalog

            catalog = load_catalog(plugins.exercise_sources if plugins is not None else ())
        self.catalog = catalog
        self.kinds = dict(plugins.rule_kinds) if plugins is not None else None
        # one checker for every plan: it judges each plan's own athlete and race (see _Build)
        self.checker = Checker(ruleset, catalog=catalog, kinds=self.kinds)
        self._cache: dict[tuple, Any] = {}
        #: solved weeks, shared by every plan this planner makes: a week's problem (its targets, rules,
        #: available days, tail, race window ...) decides its answer, whoever the athlete is
        self.week_memo: dict[tuple, Any] = {}
        #: what is made after the search, shared by every plan the same way (see _Build.week): sessions
        #: (frozen, so one object per value), the exercises and sessions of placed weeks, planned weeks
        #: chained on the week before them, weeks after the weekly measures, and Week objects
        self.session_memo: dict[tuple, Session] = {}
        self.day_memo: dict[tuple, Any] = {}
        self.chain_memo: dict[tuple, _PlannedWeek] = {}
        self.shape_memo: dict[tuple, tuple] = {}
        #: week targets before the plugins (one object per value: memo keys holding them compare by identity)
        self.targets_memo: dict[tuple, WeekTargets] = {}
        #: layouts by all but their dates, and each layout's weekly plans and running volumes (see _Build.layout)
        self.layouts: dict[tuple, tuple] = {}
        self.week_plan_memo: dict[tuple, tuple] = {}
        #: running minutes split per (week minutes, runs, long run, quality runs, race week)
        self.splits: dict[tuple, tuple] = {}
        self.week_objects: dict[tuple, tuple[tuple, Week]] = {}
        #: the seven dates of a week, by its Monday (see _Build._dates), and a rest Day by its date
        self.week_dates: dict[dt.date, tuple[dt.date, ...]] = {}
        self.rest_days: dict[dt.date, Day] = {}
        self._tokens: dict[tuple, object] = {}
        self.rule_infos: dict[int, tuple] = {}
        self.tail_slots: dict[tuple, tuple[Session, Slot]] = {}
        self.seen_slots: dict[tuple, tuple] = {}
        self.frames: dict[tuple, _Frame] = {}
        self.placements: dict[tuple, tuple] = {}
        self._then: Planner | None = None
        self._chain = (ruleset.name,)

    @property
    def then_planner(self) -> Planner | None:
        """The planner of the ruleset this one hands over to (``then``), loaded on first use; None without
        ``then``. Its checker judges the weeks it plans; ``self.checker`` stays this ruleset's."""
        name = self.ruleset.then
        if not name:
            return None
        if self._then is None:
            if name in self._chain:
                raise RunliftError(f"ruleset '{self.ruleset.name}': then = \"{name}\" hands back to a ruleset "
                                   f"already in the chain ({' -> '.join(self._chain)})")
            from .loader import RulesetLoader

            plugins = self.plugins
            if plugins is None:
                from .testing import plugins_with

                plugins = plugins_with()
            nxt = Planner(RulesetLoader(plugins).load(name), plugins=self.plugins, catalog=self.catalog)
            nxt._chain = self._chain + (nxt.ruleset.name,)
            self._then = nxt
        return self._then

    def cached(self, key: tuple, make):
        """A per-planner cache for what is compiled once per ruleset (the fast rules)."""
        hit = self._cache.get(key)
        if hit is None:
            if len(self._cache) > 4096:
                self._cache.clear()
            hit = self._cache[key] = make()
        return hit

    def token(self, key: tuple) -> object:
        """A small object standing for ``key`` in memo keys (hashed and compared by identity): plans with
        equal keys get the same token."""
        hit = self._tokens.get(key)
        if hit is None:
            if len(self._tokens) > 4096:
                self._tokens.clear()  # old tokens stay valid: they only stop being handed out
            hit = self._tokens[key] = object()
        return hit

    # -- public ---------------------------------------------------------------------------------

    def plan(self, athlete: Athlete, *, weeks: int | None = None, running_plan: Plan | None = None,
             race_date: dt.date | None = None, running_label: str | None = None) -> PlanResult:
        """A plan for ``athlete`` (generate), or strength placed around ``running_plan`` (overlay).

        ``race_date`` is a race without a distance (the athlete's race wins); ``running_label`` names the
        running plan's file in the plan's ``inputs``."""
        build = _Build(self, athlete, weeks, running_plan, race_date)
        build.running_label = running_label
        return build.run()


def default_start(ruleset: Ruleset, athlete: Athlete, weeks: int | None = None,
                  race_date: dt.date | None = None, then: Ruleset | None = None) -> dt.date:
    """The plan start when the athlete gives none: back from the race (the template's pre-race weeks, or
    ``weeks`` minus the after-race weeks), else the built-in default start."""
    race = athlete.race.date if athlete.race is not None else race_date
    if race is not None:
        distance = athlete.race.distance if athlete.race is not None else None
        off = athlete.weeks_off
        if weeks is not None:
            post = sum(template_weeks(p, distance, off) for p in ruleset.phases if p.after_race)
            n = max(1, weeks - min(post, weeks - 1))
        else:
            n = sum(template_weeks(p, distance, off) for p in ruleset.phases if not p.after_race) or 16
            if then is not None:  # the follow-on ruleset's weeks come after this one's
                n += sum(template_weeks(p, distance) for p in then.phases if not p.after_race)
        return monday_of(race) - dt.timedelta(weeks=n - 1)
    return DEFAULT_START


class _Build:
    """One planning run (all per-plan state lives here)."""

    def __init__(self, planner: Planner, athlete: Athlete, weeks: int | None, running_plan: Plan | None,
                 race_date: dt.date | None):
        self.pl = planner
        self.rs = planner.ruleset
        self.cfg = planner.config
        self.athlete = athlete
        self.weeks_arg = weeks
        self.running = running_plan
        self.overlay = running_plan is not None
        race = athlete.race
        self.race_date = race.date if race is not None else race_date
        if self.race_date is None and running_plan is not None:
            self.race_date = running_plan.race_date()
        self.distance = race.distance if race is not None else None
        self.checker = planner.checker
        self.compiled = self.checker.rules_for(athlete)
        self.weights = self.cfg.weights
        # one tuple per planner: plans share it, and the memos keyed by its identity (rule infos)
        self.fast = planner.cached(("fast", self.compiled, self.distance),
                                   lambda: tuple(compile_rules(self.compiled, self.distance, self.weights.warn_rule)))
        # the searcher and composer cache pure functions of their inputs (options of a week, catalog picks
        # for an equipment/niggles profile), so they are shared by every plan this planner makes; the
        # composers share one Exercise object per value
        self.searcher = planner.cached(("searcher",), lambda: Searcher(self.checker._mask_of))
        self._cache: dict[tuple, Any] = {}
        self.composer = planner.cached(("composer", athlete.equipment, athlete.niggles),
                                       lambda: Composer(planner.catalog, athlete.equipment, athlete.niggles,
                                                        exercises=planner.cached(("exercises",), dict)))
        self.memo: dict[tuple, tuple] = {}
        #: (week, targets, planned week) per planned week, for --explain (see :meth:`explain`)
        self._planned: list[tuple[PhaseWeek, WeekTargets, _PlannedWeek]] = []
        self._trace: dict[tuple, tuple] | None = None
        self.stats = {"searches": 0, "nodes": 0, "memo_hits": 0}
        self._soft_variants: dict[frozenset, tuple[FastRule, ...]] = {}
        self.running_label: str | None = None
        self._rule_infos: dict[int, tuple] = {}
        self._last_info: tuple = (None, None)
        self._runs_ok = tuple(d in athlete.run_days for d in WEEKDAYS)
        self._long_day = WEEKDAYS.index(athlete.long_run_day) if athlete.long_run_day else None
        self._rest_pref = frozenset(WEEKDAYS.index(d) for d in athlete.rest_days)
        self.hook_adjust = self._has_hook("runlift_adjust_week_targets")
        self.hook_compose = self._has_hook("runlift_compose_session")
        # what the athlete's rules ask of exercises, shared by every plan with the same rules; the token
        # stands for those rules in the planner's memos
        (self.rules_token, self.dose_bounds, self._bounds_cache, self.coverage, self.flows,
         self.flow_bits) = planner.cached(("prescription rules", self.compiled), self._prescription_rules)
        #: week memos keyed by the previous week's planned week (see :meth:`week`): only where nothing but
        #: the planner's inputs shape a week (no overlaid plan, no plugin composing sessions)
        self.chained = not self.overlay and not self.hook_compose
        self._profile: object = None
        #: the index of this build's last week when another ruleset's segment follows it (``then``), and
        #: whether that week is planned as if the next one opened with hard sessions (see :meth:`_ahead`)
        self.handover_at: int | None = None
        self._guard_handover = True
        #: the planner's token for this plan's layout but for its dates (see :meth:`_laid_out`); None when the
        #: layout is not memoised
        self.layout_token: object = None

    def cached(self, key: tuple, make):
        hit = self._cache.get(key)
        if hit is None:
            hit = self._cache[key] = make()
        return hit

    def _has_hook(self, name: str) -> bool:
        plugins = self.pl.plugins
        if plugins is None:
            return False
        return bool(getattr(plugins.pm.hook, name).get_hookimpls())

    # -- layout and targets -----------------------------------------------------------------------

    def layout(self) -> Layout:
        if self.overlay:
            assert self.running is not None
            if not self.running.weeks:
                raise RunliftError("the running plan has no weeks")
            start = self.running.weeks[0].start
            return layout_phases(self.rs.phases, start=start, weeks=len(self.running.weeks),
                                 race_date=self.race_date, distance=self.distance, weeks_off=self.athlete.weeks_off)
        start = self.athlete.start or default_start(self.rs, self.athlete, self.weeks_arg, self.race_date)
        return self._laid_out(start)

    def _laid_out(self, start: dt.date) -> Layout:
        """:func:`layout_phases` of the ruleset's phases from ``start``, memoised on the planner by all but the
        dates (the weeks' phases, titles and places, and the notes depend on the race only through its day
        relative to the first Monday): a hit is the memoised layout moved to this plan's Monday. Sets
        :attr:`layout_token`, one object per memo entry, for the memos of what follows from the layout."""
        monday = monday_of(start)
        phases, race = self.rs.phases, self.race_date
        key = (id(phases), self.weeks_arg, None if race is None else (race - monday).days, self.distance,
               self.athlete.weeks_off)
        memo = self.pl.layouts
        hit = memo.get(key)
        if hit is None or hit[0] is not phases:
            laid = layout_phases(phases, start=start, weeks=self.weeks_arg, race_date=race, distance=self.distance,
                                 weeks_off=self.athlete.weeks_off)
            if len(memo) > 4096:
                memo.clear()
            hit = memo[key] = (phases, laid, object())
        self.layout_token = hit[2]
        laid = hit[1]
        if laid.start == monday and laid.race_date == race:
            return laid
        shift = monday - laid.start
        return Layout(start=monday, weeks=tuple(_moved(w, shift) for w in laid.weeks), race_date=race,
                      notes=laid.notes)

    def segments(self) -> list[tuple[_Build, Layout]] | None:
        """A plan that hands over to the ``then`` ruleset: [(build, layout)] per ruleset, in plan order, or
        None when the plan is one ruleset's (no ``then``, overlay mode, or no week left for the next one).

        This ruleset's own pre-race phases come first, each as long as its template (or its weeks-off
        rule) says, laid forward from the start; the weeks after them, to the race and past it, are laid
        out with the ``then`` ruleset's phases exactly as a plan of that ruleset alone would be."""
        nxt = self.pl.then_planner
        if nxt is None or self.overlay:
            return None
        a = self.athlete
        start = monday_of(a.start or default_start(self.rs, a, None if self.race_date else self.weeks_arg,
                                                   self.race_date, then=nxt.ruleset))
        # None also for a race before the start: the single-ruleset layout reports it
        laid = self._handover_laid(nxt, start)
        if laid is None:
            return None
        (first, second), tokens = laid
        build2 = _Build(nxt, a, None, None, self.race_date)
        self.layout_token, build2.layout_token = tokens
        return [(self, first), (build2, second)]

    def _handover_laid(self, nxt: Planner, start: dt.date) -> tuple | None:
        """:func:`handover_layouts` from Monday ``start`` and a token per layout (see :attr:`layout_token`),
        memoised on the planner by all but the dates, as :meth:`_laid_out` is: a hit is moved to ``start``."""
        phases, race = nxt.ruleset.phases, self.race_date
        key = ("handover", id(phases), self.weeks_arg, None if race is None else (race - start).days, self.distance,
               self.athlete.weeks_off)
        memo = self.pl.layouts
        hit = memo.get(key)
        if hit is None or hit[0] is not phases:
            laid = handover_layouts(self.rs, nxt.ruleset, start, weeks=self.weeks_arg, race_date=race,
                                    distance=self.distance, weeks_off=self.athlete.weeks_off)
            if len(memo) > 4096:
                memo.clear()
            hit = memo[key] = (phases, laid, start, (object(), object()))
        laid, base = hit[1], hit[2]
        if laid is None:
            return None
        if base != start:
            shift = start - base
            laid = tuple(Layout(start=lay.start + shift, weeks=tuple(_moved(w, shift) for w in lay.weeks),
                                race_date=None if lay.race_date is None else lay.race_date + shift, notes=lay.notes)
                         for lay in laid)
        return laid, hit[3]

    def week_plans(self, layout: Layout, baseline: int | None = None) -> tuple[list[ResolvedWeekPlan], list[WeekVolume]]:
        """Each week's resolved targets and running volume; ``baseline`` (a later segment of a plan) is the
        build level to start from instead of the athlete's baseline minutes."""
        token = self.layout_token
        if token is None:
            return self._week_plans(layout, baseline)
        key = (token, self.rules_token, self.athlete.experience, self.athlete.baseline_minutes, baseline)
        memo = self.pl.week_plan_memo
        hit = memo.get(key)
        if hit is None:
            if len(memo) > 4096:
                memo.clear()
            hit = memo[key] = self._week_plans(layout, baseline)
        return list(hit[0]), list(hit[1])

    def _week_plans(self, layout: Layout, baseline: int | None) -> tuple[list[ResolvedWeekPlan], list[WeekVolume]]:
        """:meth:`week_plans`, made (it reads the layout's weeks but not their dates)."""
        exp, dist = self.athlete.experience, self.distance

        def resolve(w: PhaseWeek, cutback: bool) -> ResolvedWeekPlan:
            return self.pl.cached(("plan", w.phase, w.after_race, w.race_week, cutback, exp, dist), lambda: self._shared(
                resolve_week_plan(self.cfg, w.phase, after_race=w.after_race, experience=exp, distance=dist,
                                  cutback=cutback, race_week=w.race_week)))

        plain = [resolve(w, False) for w in layout.weeks]
        every, pct, cap = self.pl.cached(("volume rules", self.rules_token), self._volume_rules)
        volumes = run_volumes(layout.weeks, plain, self.cfg.run, self.athlete.baseline_minutes, start_level=baseline,
                              cutback_every=every, cutback_percent=pct, max_increase_percent=cap)
        plans = [resolve(w, True) if v.cutback else p for w, p, v in zip(layout.weeks, plain, volumes)]
        return plans, volumes

    def _shared(self, plan: ResolvedWeekPlan) -> ResolvedWeekPlan:
        """``plan`` with the planner's one object for its strength table (equal tables of other weeks or
        experience levels are then the same object: memo keys holding it compare by identity)."""
        strength = self.pl.cached(("strength", plan.strength), lambda: plan.strength)
        return plan if strength is plan.strength else attrs.evolve(plan, strength=strength)

    def _run_rule(self, cr) -> bool:
        """Whether a progression/deload/metric rule's selector picks runs (judged on an easy run)."""
        bit = cr.bits.get("select")
        if bit is None:
            return True
        return bool(self.searcher.mask("run", "easy", "easy", "any") & bit)

    def _volume_rules(self) -> tuple[int | None, int | None, float | None]:
        """Cut-back rhythm and ramp cap from the ruleset's deload, progression and metric rules on runs."""
        every = pct = cap = None
        for cr in self.compiled:
            kind = cr.kind.name
            o = cr.options
            if kind == "deload" and o.measure in ("minutes", "load") and self._run_rule(cr):
                every = o.every if every is None else min(every, o.every)
                target = min(o.max_percent - 5, self.cfg.run.cutback_percent)
                pct = target if pct is None else min(pct, target)
            elif kind == "progression" and o.measure in ("minutes", "load") and self._run_rule(cr):
                cap = o.max_increase_percent if cap is None else min(cap, o.max_increase_percent)
            elif kind == "metric" and o.metric in ("ramp-run-minutes", "ramp-load"):
                limit = o.above if o.above is not None else o.at_least
                if limit is not None:
                    limit = max(0.0, limit - 1)
                    cap = limit if cap is None else min(cap, limit)
        if every is not None:
            cfg_every = self.cfg.run.cutback_every
            every = min(every, cfg_every) if cfg_every else every
        return every, (max(pct, 10) if pct is not None else None), cap

    def targets(self, week: PhaseWeek, plan: ResolvedWeekPlan, volume: WeekVolume) -> WeekTargets:
        """The week's targets: the table's (one object per value on the planner, see :meth:`_base_targets`),
        then the plugins' changes (``runlift_adjust_week_targets``)."""
        key = (week.phase, week.title, week.week_in_phase, week.phase_weeks, week.race_week, plan, volume)
        memo = self.pl.targets_memo
        targets = memo.get(key)
        if targets is None:
            if len(memo) > 20000:
                memo.clear()
            targets = memo[key] = self._base_targets(week, plan, volume)
        if self.hook_adjust:
            targets = self.pl.plugins.adjust_week_targets(targets, week, self.athlete, self.rs)
        return targets

    def _base_targets(self, week: PhaseWeek, plan: ResolvedWeekPlan, volume: WeekVolume) -> WeekTargets:
        """The week's targets from the resolved ``[planner]`` table and its running volume (read of the week:
        its phase, title, place in the phase and whether the race is in it)."""
        strength = self.pl.cached(("strength targets", plan.strength), lambda: _strength_targets(plan.strength))
        why = f"{week.title} week {week.week_in_phase + 1}/{week.phase_weeks}: {volume.why}"
        return WeekTargets(
            phase=week.phase, run_minutes=volume.minutes, run_days=plan.run_days,
            long_run=plan.long_run and not week.race_week, quality=plan.quality, strides=plan.strides,
            strength=strength, mobility=plan.mobility_sessions, mobility_minutes=plan.mobility_minutes,
            mobility_type=plan.mobility_type, rest_days=plan.rest_days, cutback=volume.cutback, why=why)

    # -- rules per week -------------------------------------------------------------------------------

    def rules_for_week(self, soft: frozenset[str]) -> tuple[FastRule, ...]:
        """The fast rules, with the codes in ``soft`` demoted to costs (rules the fixed runs already break)."""
        hit = self._soft_variants.get(soft)
        if hit is None:
            if not soft:
                hit = self.fast
            else:
                hit = tuple(compile_rules([c if c.code not in soft else _Demoted(c) for c in self.compiled],
                                          self.distance, self.weights.warn_rule))
            self._soft_variants[soft] = hit
        return hit

    # -- the run ---------------------------------------------------------------------------------------

    def run(self) -> PlanResult:
        segments = self.segments()
        if segments is not None:
            return self.run_segments(segments)
        layout = self.layout()
        if not layout.weeks:
            raise RunliftError("the plan has no weeks")
        self.layout_weeks = layout.weeks
        plans, volumes = self.week_plans(layout)
        self.peak_minutes = max(v.minutes for v in volumes)
        rs = self.cfg.run
        self.longest_run = max(rs.long_run_max_minutes, RACE_MINUTES.get(self.distance or "", 60))
        pre_broken = self._pre_broken(layout) if self.overlay else {}
        planned: list[_PlannedWeek] = []
        prev: _PlannedWeek | None = None
        tail_phase: str | None = None
        for k, (pw, plan, vol) in enumerate(zip(layout.weeks, plans, volumes)):
            targets = self.targets(pw, plan, vol)
            prev = self.week(k, pw, plan, targets, prev, tail_phase, pre_broken.get(pw.index, frozenset()))
            planned.append(prev)
            self._planned.append((pw, targets, prev))
            tail_phase = pw.phase
        plan = self.assemble(layout, self.shape_measures(layout, planned))
        findings = self.checker.check(plan)
        unexpected = [f for f in findings if f.severity == "error" and f.code not in pre_broken.get(f.week, ())]
        if unexpected:
            lines = "; ".join(f"{f.code} week {f.week}: {f.message}" for f in unexpected[:5])
            raise PlannerError(f"the planner made a plan that breaks its own ruleset's error-level rules "
                               f"(a planner bug, please report it): {lines}")
        notes = list(layout.notes)
        if pre_broken:
            for code in sorted({c for codes in pre_broken.values() for c in codes}):
                weeks = ", ".join(str(w) for w in sorted(w for w, codes in pre_broken.items() if code in codes))
                notes.append(f"the running plan's own runs break {code} (week {weeks}); they are kept as given")
        return PlanResult(plan=plan, findings=findings, layout=layout, notes=tuple(notes), stats=dict(self.stats),
                          explainer=self.explain)

    def run_segments(self, segments: list[tuple[_Build, Layout]]) -> PlanResult:
        """A plan made of segments, each planned and checked under its own ruleset (``then``): the weeks of
        a segment get that ruleset's targets, search rules and composer; the previous segment's last week
        is the next one's tail (Sunday -> Monday spacing, streaks and week shape carry over), and the next
        segment's running volume starts from the level the previous one reached. Each segment is checked
        by its own ruleset's checker on the plan's weeks of that segment, with the weeks either side of it
        as context: findings about those weeks are the other ruleset's business and are dropped, but a
        pair of sessions across the handover is judged by the ruleset of the week a finding names. The
        last week before a handover is planned cautiously (see :meth:`_Build._ahead`)."""
        all_weeks = tuple(w for _, lay in segments for w in lay.weeks)
        prev: _PlannedWeek | None = None
        done = 0  # weeks planned so far
        seg_built = []
        level: int | None = None
        stats = self.stats
        for i, (b, lay) in enumerate(segments):
            b.layout_weeks = all_weeks
            b.handover_at = done + len(lay.weeks) - 1 if i + 1 < len(segments) else None
            plans, volumes = b.week_plans(lay, baseline=level)
            level = volumes[-1].level if volumes else level
            b.peak_minutes = max(v.minutes for v in volumes)
            b.longest_run = max(b.cfg.run.long_run_max_minutes, RACE_MINUTES.get(b.distance or "", 60))
            tail_phase = all_weeks[done - 1].phase if done else None
            mine = []
            for pw, plan, vol in zip(lay.weeks, plans, volumes):
                k = pw.index - 1
                targets = b.targets(pw, plan, vol)
                prev = b.week(k, pw, plan, targets, prev, tail_phase, frozenset())
                mine.append(prev)
                b._planned.append((pw, targets, prev))
                tail_phase = pw.phase
                done += 1
            seg_built.append(b.shape_measures(lay, mine))
            if b is not self:
                for key, n in b.stats.items():
                    stats[key] = stats.get(key, 0) + n
        layout = Layout(start=all_weeks[0].start, weeks=all_weeks, race_date=self.race_date,
                        notes=tuple(n for _, lay in segments for n in lay.notes))
        plan = self.assemble(layout, [w for ws in seg_built for w in ws])
        findings = check_segments(plan, [(b.checker, len(lay.weeks)) for b, lay in segments])
        errors = [f for f in findings if f.severity == "error"]
        if errors:
            lines = "; ".join(f"{f.code} week {f.week}: {f.message}" for f in errors[:5])
            raise PlannerError(f"the planner made a plan that breaks its own ruleset's error-level rules "
                               f"(a planner bug, please report it): {lines}")
        notes = list(layout.notes)
        for b, lay in segments[1:]:
            notes.append(f"weeks {lay.weeks[0].index}-{lay.weeks[-1].index} are planned and checked under "
                         f"'{b.rs.name}' (then = \"{b.rs.name}\" after '{self.rs.name}')")
        builds = [b for b, _ in segments]

        def explain(key: tuple) -> str:
            for b in builds:
                text = b.explain(key)
                if text:
                    return text
            return ""

        return PlanResult(plan=plan, findings=tuple(findings), layout=layout, notes=tuple(notes),
                          stats=dict(stats), explainer=explain)

    def _pre_broken(self, layout: Layout) -> dict[int, frozenset[str]]:
        """Overlay: error-level rules the given runs break on their own, by week (they become costs there)."""
        runs_only = self.assemble(layout, [[list(self._fixed_sessions(pw, d)) for d in range(7)]
                                           for pw in layout.weeks])
        out: dict[int, set[str]] = {}
        for f in self.checker.check(runs_only):
            if f.severity == "error" and f.week is not None:
                out.setdefault(f.week, set()).add(f.code)
        return {w: frozenset(c) for w, c in out.items()}

    # -- one week --------------------------------------------------------------------------------------

    def _fixed_sessions(self, pw: PhaseWeek, d: int) -> tuple[Session, ...]:
        date = pw.start + dt.timedelta(days=d)
        if self.overlay:
            return self._overlay_days().get(date, ())
        if self.race_date == date:
            return (self._race_session(),)
        return ()

    def _overlay_days(self) -> dict[dt.date, tuple[Session, ...]]:
        cache = getattr(self, "_overlay_cache", None)
        if cache is None:
            cache = {}
            assert self.running is not None
            for day in self.running.days():
                kept = tuple(s for s in day.sessions if s.sport in ("run", "cross"))
                cache[day.date] = kept
            self._overlay_cache = cache
            dates = [d.date for d in self.running.days()]
            self._overlay_span = (min(dates), max(dates)) if dates else None
        return cache

    def _closed(self, pw: PhaseWeek) -> frozenset[int]:
        if not self.overlay:
            return frozenset()
        self._overlay_days()
        span = self._overlay_span
        if span is None:
            return frozenset(range(7))
        return frozenset(d for d in range(7) if not span[0] <= pw.start + dt.timedelta(days=d) <= span[1])

    def _race_session(self) -> Session:
        minutes = RACE_MINUTES.get(self.distance or "", 60)
        return self.session("run", "race", "hard", minutes, self.rpe_run("race"), 1, "any")

    def rpe_run(self, kind: str) -> int:
        return self.cfg.rpe.run.get(kind, DEFAULT_RUN_RPE.get(kind, 4))

    def rpe_strength(self, intensity: str) -> int:
        return self.cfg.rpe.strength.get(intensity, DEFAULT_STRENGTH_RPE.get(intensity, 6))

    def _race_eve(self, pw: PhaseWeek) -> frozenset[int]:
        """The days of ``pw`` one or two days before the race (no quality run there); none in overlay."""
        if self.race_date is None or self.overlay:
            return frozenset()
        gap = (self.race_date - pw.start).days
        return frozenset(d for d in range(7) if 1 <= gap - d <= RACE_EVE_DAYS)

    def _shape_of(self, days: list[list[Session]]) -> tuple:
        """The previous week's Saturday and Sunday as the week-shape costs see them (WeekProblem.prev_days)."""
        out = []
        for d in (5, 6):
            run = hard = strength = False
            for s in days[d]:
                sport = s.sport
                if sport == "run":
                    run = True
                    hard = hard or s.type in HARD_RUN_TYPES
                elif sport == "strength":
                    strength = True
                    hard = hard or s.intensity == "hard"
            out.append((run, hard, strength, bool(self._runs_ok[d]) and not self.overlay))
        return tuple(out)

    def week(self, k: int, pw: PhaseWeek, plan: ResolvedWeekPlan, targets: WeekTargets, prev: _PlannedWeek | None,
             tail_phase: str | None, soft: frozenset[str]) -> _PlannedWeek:
        """Week ``k`` of the plan (``pw``), after ``prev`` (the week before it, None for the first week).

        A week is a function of its inputs: the build's profile (:meth:`profile`: the athlete's rules,
        days and kit, the race distance, the run minutes the search sees), the week's place (phase, week
        of the phase, days to the race, the next week's phase), its targets and the week before it. So
        planned weeks are memoised on the planner keyed by exactly those, the week before by identity
        (the memo hands out one object per key): a plan made again, or by an athlete with the same
        profile, costs a dictionary look-up per week."""
        key = None
        if self.chained:
            gap = (self.race_date - pw.start).days if self.race_date is not None else None
            weeks = self.layout_weeks
            nxt = weeks[k + 1].phase if k + 1 < len(weeks) else None
            key = (self.profile(), prev, tail_phase, pw.phase, pw.week_in_phase, gap, nxt, plan, targets,
                   self._guarded(k))
            hit = self.pl.chain_memo.get(key)
            if hit is not None:
                self.stats["memo_hits"] += 1
                return hit
        try:
            planned = self._plan_week(k, pw, plan, targets, prev, tail_phase, soft)
        except InfeasibleError:
            if not self._guarded(k):
                raise
            # the cautious handover cannot be met: plan the week as the ruleset alone would
            self._guard_handover = False
            try:
                planned = self._plan_week(k, pw, plan, targets, prev, tail_phase, soft)
            finally:
                self._guard_handover = True
        if key is not None:
            memo = self.pl.chain_memo
            if len(memo) > 20000:
                memo.clear()
            memo[key] = planned
        return planned

    def profile(self) -> object:
        """A token for what, besides its place, targets and the week before, decides a planned week (see
        :meth:`week`). Set once the plan's peak minutes are known."""
        if self._profile is None:
            info = self._rule_info(self.rules_for_week(frozenset()))
            a = self.athlete
            self._profile = self.pl.token((self.rules_token, self.overlay, self.distance, self._runs_ok,
                                           self._long_day, self._rest_pref, a.equipment, a.niggles,
                                           self.longest_run, self._minutes_key(info)))
        return self._profile

    def _minutes_key(self, info: _RuleInfo) -> int:
        """The plan's peak weekly run minutes as the search sees them (0: minutes do not matter)."""
        if not info.minutes_matter:
            return 0
        # only clock hours matter (spacing in hours, gaps within a day): longer sessions only shrink
        # the gaps, so the peak rounded up to a whole 100 minutes is safe and lets athletes with
        # different volumes share searches; duration totals need the exact peak
        return self.peak_minutes if info.totals else -(-self.peak_minutes // 100) * 100

    def _tail_of(self, prev: _PlannedWeek, info: _RuleInfo) -> tuple:
        """The previous week as far as cross-day rules reach back, as the search sees it (kept on the
        planned week, which plans share)."""
        key = ("tail", self.checker, info, self.longest_run)
        hit = prev.derived.get(key)
        if hit is None:
            memo, longest = self.pl.seen_slots, self.longest_run
            out = []
            for day in prev.days[7 - info.reach:]:
                kept = []
                for s in day:
                    seen = memo.get((id(s), longest, id(info)))  # _seen_tail_slot's memo, read here
                    slot = seen[2] if seen is not None and seen[0] is s and seen[1] is info else \
                        self._seen_tail_slot(s, info)
                    if slot is not None:
                        kept.append(slot)
                if kept or out:  # leading empty days are dropped
                    out.append(tuple(kept))
            hit = prev.derived[key] = tuple(out)
        return hit

    def _seen_tail_slot(self, s: Session, info: _RuleInfo) -> Slot | None:
        """A session of the previous week as :meth:`_canonical_tail` keeps it (None: no cross-day rule
        selects it), memoised on the planner per session (sessions are one object per value)."""
        key = (id(s), self.longest_run, id(info))
        memo = self.pl.seen_slots
        hit = memo.get(key)
        if hit is not None and hit[0] is s and hit[1] is info:
            return hit[2]
        sl = self._tail_slot(s)
        relevant, hours = info.relevant, info.hours
        kept = Slot(sl.mask & relevant, sl.order, sl.start if hours else 0.0, sl.end if hours else 0.0,
                    sl.minutes if hours else 0, sl.intensity, None) if sl.mask & relevant else None
        if len(memo) > 50000:
            memo.clear()
        memo[key] = (s, info, kept)
        return kept

    def _weekend_of(self, prev: _PlannedWeek) -> tuple:
        """The previous week's weekend as the week shape sees it (:meth:`_shape_of`, kept on the planned week)."""
        key = ("weekend", self._runs_ok[5:], self.overlay)
        hit = prev.derived.get(key)
        if hit is None:
            hit = prev.derived[key] = self._shape_of(prev.days)
        return hit

    def _plan_week(self, k: int, pw: PhaseWeek, plan: ResolvedWeekPlan, targets: WeekTargets,
                   prev: _PlannedWeek | None, tail_phase: str | None, soft: frozenset[str]) -> _PlannedWeek:
        rules = self.rules_for_week(soft)
        info = self._rule_info(rules)
        frame = self._frame(k, pw, soft, info)
        tail = self._tail_of(prev, info) if prev is not None and info.reach else ()
        prev_days = self._weekend_of(prev) if prev is not None else ()
        minutes_key = self._minutes_key(info)
        tkey = _targets_key(targets)
        # the week's search problem is a function of these (the frame stands for the rules, the race and
        # the run days): a cheap key for the placement, before the problem is built and hashed
        raw_key = None if self.overlay else (frame, pw.phase, tail, tail_phase if tail else None, prev_days,
                                             targets.rest_days, self._long_day, self._rest_pref, tkey, minutes_key)
        hit = self.pl.placements.get(raw_key) if raw_key is not None else None
        if hit is not None:
            self.stats["memo_hits"] += 1
        else:
            hit = self._placement(pw, targets, rules, frame, tail, tail_phase, prev_days, tkey, minutes_key)
            if raw_key is not None:
                memo = self.pl.placements
                if len(memo) > 20000:
                    memo.clear()
                memo[raw_key] = hit
        tokens, placement, _ = hit
        return self.materialize(pw, plan, targets, tokens, placement, frame.fixed_sessions)

    def _placement(self, pw: PhaseWeek, targets: WeekTargets, rules: tuple[FastRule, ...], frame: _Frame,
                   tail: tuple, tail_phase: str | None, prev_days: tuple, tkey: tuple, minutes_key: int) -> tuple:
        """The week's (tokens, placement, why): memoised on the week's search problem."""
        f = frame
        base = WeekProblem(tokens=(), fixed=f.fixed, run_ok=f.run_ok, phase=pw.phase, rules=rules,
                           race_day=f.race_day, rest_pref=self._rest_pref, long_day=self._long_day,
                           after_race=f.after_race, tail=tail, tail_phase=tail_phase if tail else None,
                           rest_target=targets.rest_days, weights=self.weights, closed=f.closed, locked=f.locked,
                           ahead=f.ahead, ahead_phase=f.ahead_phase, prev_days=prev_days, race_eve=f.race_eve)
        final_key = ("week", self.overlay, self.distance, base, tkey, minutes_key)
        hit = self.pl.week_memo.get(final_key)
        if hit is not None:
            self.stats["memo_hits"] += 1
        elif base.tail or base.prev_days:
            # the best week with no tail is still the best when the tail adds nothing to it
            free = _replace(base, tail=(), tail_phase=None, prev_days=())
            hit0 = self._memo_solve((free, tkey, minutes_key), free, targets, minutes_key, pw, quiet=True)
            if hit0 is not None and tail_cost(self.searcher, _replace(base, tokens=hit0[0]), hit0[1]) in self.TAIL_SLACK:
                hit = hit0
                self.stats["memo_hits"] += 1
        if hit is None:
            hit = self._memo_solve((base, tkey, minutes_key), base, targets, minutes_key, pw)
        self.pl.week_memo[final_key] = hit
        return hit

    def _frame(self, k: int, pw: PhaseWeek, soft: frozenset[str], info: _RuleInfo) -> _Frame:
        """What week ``k`` holds before anything is placed. In a generated plan it depends on the week
        only through the race: every week far from it (further than the next week or the rules' reach
        before an event) shares one frame, and plans with the same rules, distance and run days share
        frames (one object per distinct frame, so it can stand for its content in memo keys)."""
        if self.overlay:
            return self._make_frame(k, pw, soft, info)
        gap = (self.race_date - pw.start).days if self.race_date is not None else None
        if gap is not None and 0 <= gap <= 14 + info.event_reach:
            weeks = self.layout_weeks
            near: tuple = (gap, weeks[k + 1].phase if k + 1 < len(weeks) else None)
        else:
            near = ()
        key = (self.rules_token, self.distance, self._runs_ok, soft, near, self._guarded(k))
        memo = self.pl.frames
        hit = memo.get(key)
        if hit is None:
            if len(memo) > 4096:
                memo.clear()
            hit = memo[key] = self._make_frame(k, pw, soft, info)
        return hit

    def _make_frame(self, k: int, pw: PhaseWeek, soft: frozenset[str], info: _RuleInfo) -> _Frame:
        fixed_sessions = self._week_fixed(pw)
        fixed = tuple(tuple(self._fixed_slot(s) for s in ss) if ss else () for ss in fixed_sessions)
        closed = self._closed(pw)
        runs_ok = self._runs_ok
        # overlay: the given plan's runs are the runs; the planner adds none
        run_ok = (False,) * 7 if self.overlay else tuple(runs_ok[d] and not fixed[d] and d not in closed
                                                            for d in range(7))
        race_day = (self.race_date - pw.start).days if self.race_date is not None else None
        after_race = frozenset(range(race_day + 1, 7)) if race_day is not None and 0 <= race_day < 6 else frozenset()
        locked = frozenset(d for d in range(7) if fixed_sessions[d] and any(
            s.sport == "run" and s.type == "race" for s in fixed_sessions[d]))
        if race_day is not None and not (0 <= race_day <= 6 + info.event_reach):
            race_day = None
        ahead, ahead_phase = self._ahead(k, info)
        return _Frame(tuple(fixed_sessions), fixed, run_ok, race_day, after_race, locked, ahead, ahead_phase,
                      self._race_eve(pw), closed)

    def _guarded(self, k: int) -> bool:
        """Whether week ``k`` is the last before another ruleset's segment and planned cautiously."""
        return k == self.handover_at and self._guard_handover

    def _ahead(self, k: int, info: _RuleInfo) -> tuple[tuple, str | None]:
        """The fixed sessions (the race; an overlaid plan's runs) of the next week's first days, as far as
        cross-day rules reach, so this week never ends in a way the next one cannot follow.

        Before a handover to another ruleset (``then``), whose planner knows nothing of this ruleset's
        rules, the next Monday is assumed to open with hard runs and heavy lifting: this week's last days
        then keep this ruleset's spacing and streak rules whatever the next ruleset puts there."""
        weeks = self.layout_weeks
        if not info.reach or k + 1 >= len(weeks):
            return (), None
        nxt = weeks[k + 1]
        fixed = self._week_fixed(nxt)[:info.reach]
        if self._guarded(k):
            fixed[0] = fixed[0] + self._handover_sessions()
        if not any(fixed):
            return (), None
        slots = tuple(tuple(self._fixed_slot(s) for s in day) for day in fixed)
        canon = list(self._canonical_tail(info, slots))
        # _canonical_tail drops leading empty days; here position matters from the start
        pad = len(slots) - len(canon)
        ahead = tuple([()] * pad + canon) if pad >= 0 else tuple(canon)
        while ahead and not ahead[-1]:
            ahead = ahead[:-1]
        if not any(ahead):
            return (), None
        return ahead, nxt.phase

    def _handover_sessions(self) -> tuple[Session, ...]:
        """The sessions assumed on the Monday after a handover (see :meth:`_ahead`)."""
        run = [self.session("run", kind, "hard", 60, self.rpe_run(kind), 1, "any")
               for kind in ("intervals", "tempo", "hills", "long")]
        lift = [self.session("strength", focus, "hard", 45, self.rpe_strength("hard"), 1, "any")
                for focus in ("lower", "full")]
        return tuple(run + lift)

    def _week_fixed(self, pw: PhaseWeek) -> list[tuple[Session, ...]]:
        if self.overlay:
            return [self._fixed_sessions(pw, d) for d in range(7)]
        out: list[tuple[Session, ...]] = [()] * 7
        if self.race_date is not None:
            d = (self.race_date - pw.start).days
            if 0 <= d < 7:
                out[d] = (self._race_session(),)
        return out

    def _rule_info(self, rules: tuple[FastRule, ...]) -> _RuleInfo:
        last = self._last_info
        if last[0] is rules:  # most weeks have the rules of the week before
            return last[1]
        info = self._find_rule_info(rules)
        self._last_info = (rules, info)
        return info

    def _find_rule_info(self, rules: tuple[FastRule, ...]) -> _RuleInfo:
        hit = self._rule_infos.get(id(rules))
        if hit is None or hit[0] is not rules:
            hit = self.pl.rule_infos.get(id(rules))
        if hit is None or hit[0] is not rules:
            run_bits = 0
            for kind in ("easy", "strides", "recovery", "long", "tempo", "intervals", "hills", "race"):
                for time in ("any", "am", "pm"):
                    run_bits |= self.searcher.mask("run", kind, _RUN_INTENSITY.get(kind, "easy"), time)
            info = _RuleInfo(rules, run_bits)
            if len(self.pl.rule_infos) > 256:
                self.pl.rule_infos.clear()
            self._rule_infos[id(rules)] = self.pl.rule_infos[id(rules)] = (rules, info)
            return info
        self._rule_infos[id(rules)] = hit
        return hit[1]

    def _memo_solve(self, key: tuple, base: WeekProblem, targets: WeekTargets, minutes_key: int, pw: PhaseWeek,
                    quiet: bool = False):
        """:meth:`solve` memoised per distinct week; ``quiet``: None instead of InfeasibleError. The search sees
        the plan's peak minutes when minutes matter, so its answer holds for every lighter week."""
        key = (self.overlay, self.distance) + key
        memo = self.pl.week_memo
        if key in memo:
            self.stats["memo_hits"] += 1
            hit = memo[key]
        else:
            search_targets = attrs.evolve(targets, run_minutes=minutes_key) if minutes_key else targets
            if len(memo) > 20000:
                memo.clear()
            hit = memo[key] = self.solve(base, search_targets, pw)
        if hit is None and not quiet:
            raise self.infeasible(base, targets, pw)
        return hit

    @staticmethod
    def _canonical_tail(info: _RuleInfo, tail: tuple) -> tuple:
        """The previous days as far as cross-day rules can see them: only sessions a spacing or streak rule
        selects, with clock hours only when a rule counts hours (so equal tails share one search)."""
        relevant, hours = info.relevant, info.hours
        out = []
        for day in tail:
            kept = []
            for s in day:
                if s.mask & relevant:
                    kept.append(Slot(s.mask & relevant, s.order, s.start if hours else 0.0,
                                     s.end if hours else 0.0, s.minutes if hours else 0, s.intensity, None))
            out.append(tuple(kept))
        while out and not out[0]:
            out.pop(0)
        return tuple(out)

    def _tail_slot(self, s: Session) -> Slot:
        """A session of the previous week as the search sees it: a run lasts as long as the plan's longest
        run may (safe for hour-based spacing, and equal weeks give equal tails)."""
        key = (id(s), self.longest_run)
        hit = self.pl.tail_slots.get(key)
        if hit is not None and hit[0] is s:
            return hit[1]
        slot = self._make_tail_slot(s)
        if len(self.pl.tail_slots) > 50000:
            self.pl.tail_slots.clear()
        self.pl.tail_slots[key] = (s, slot)
        return slot

    def _make_tail_slot(self, s: Session) -> Slot:
        from .weekrules import start_of

        start = start_of(s.time, s.order)
        minutes = max(s.minutes, self.longest_run) if s.sport == "run" else s.minutes
        return Slot(self.checker._mask_of(s), s.order, start, start + minutes / 60.0, minutes, s.intensity, None)

    def _fixed_slot(self, s: Session) -> Slot:
        from .weekrules import start_of

        start = start_of(s.time, s.order)
        return Slot(self.checker._mask_of(s), s.order, start, start + s.minutes / 60.0, s.minutes, s.intensity, s)

    # -- patterns and search ---------------------------------------------------------------------------

    #: Tail costs at which a week's tail-free optimum is kept (0: only when provably still optimal).
    TAIL_SLACK: tuple = (0,)

    def solve(self, base: WeekProblem, targets: WeekTargets, pw: PhaseWeek):
        """The best (tokens, placement, why) over the patterns of ``targets``; None if none fits.

        Patterns are searched cheapest deviation first, each for a placement that beats the best total so
        far (its bound: that total less the pattern's deviation), until a deviation alone costs as much.
        Each search is exact (branch and bound with a transposition table), so the answer is the optimum,
        the first pattern in order among equals; a tight bound ends most searches at the root."""
        best: tuple | None = None
        best_cost = math.inf
        seen: set[tuple] = set()
        for dev, spec in self.patterns(base, targets):
            if dev >= best_cost:
                break
            tokens, counts, why = self.tokens(base, targets, spec)
            if tokens is None or (tokens, counts) in seen:
                continue
            seen.add((tokens, counts))
            self.stats["searches"] += 1
            placement = self.searcher.solve(_replace(base, tokens=tokens), counts, bound=best_cost - dev,
                                            budget=NODE_BUDGET)
            if placement is None:
                continue
            self.stats["nodes"] += placement.nodes
            total = dev + placement.cost
            if total < best_cost:
                best_cost = total
                best = (tokens, placement, why)
        return best

    def patterns(self, base: WeekProblem, t: WeekTargets):
        """(deviation cost, spec) for candidate patterns, cheapest first. A spec is (runs, long, quality,
        strength, cap, mobility)."""
        race_today = base.race_day is not None and 0 <= base.race_day < 7 and not self.overlay
        # shared by every plan of this planner: the key holds all the patterns depend on
        key = ("patterns", _targets_key(t), sum(base.run_ok), race_today, self.overlay)
        return self.pl.cached(key, lambda: self._patterns(base, t, race_today))

    def _patterns(self, base: WeekProblem, t: WeekTargets, race_today: bool):
        w = self.weights
        avail = sum(base.run_ok)
        target_runs = max(0, t.run_days - (1 if race_today else 0))
        run_opts = sorted({min(target_runs, avail) - k for k in range(4)} | {min(avail, target_runs + 1)})
        run_opts = [n for n in run_opts if 0 <= n <= avail]
        if self.overlay:
            target_runs, run_opts = 0, [0]
        n_q = len(t.quality)
        n_s = len(t.strength)
        caps = [None]
        if any(s.intensity == "hard" for s in t.strength):
            caps += ["moderate", "easy"]
        elif any(s.intensity == "moderate" for s in t.strength):
            caps += ["easy"]
        specs = []
        for runs in run_opts:
            dev_runs = w.missing_run * abs(runs - target_runs) + (w.missing_run * (target_runs - avail)
                                                                  if target_runs > avail else 0)
            for long in ([True, False] if t.long_run else [False]):
                if long and runs < 1:
                    continue
                for q in range(min(n_q, max(0, runs - int(long))), -1, -1):
                    dev_q = w.missing_quality * (n_q - q) + (2 * w.missing_quality if t.long_run and not long else 0)
                    for s in range(n_s, -1, -1):
                        for ci, cap in enumerate(caps):
                            if s == 0 and ci:
                                continue
                            for m in range(t.mobility, -1, -1):
                                dev = (dev_runs + dev_q + w.missing_strength * (n_s - s) + 10 * ci * s
                                       + w.missing_mobility * (t.mobility - m))
                                specs.append((dev, (runs, long, q, s, cap, m)))
        specs.sort(key=lambda x: x[0])
        return specs

    def tokens(self, base: WeekProblem, t: WeekTargets, spec) -> tuple[Any, Any, str]:
        """The tokens and counts of one pattern (None when the week's hard rules rule it out)."""
        key = ("tokens", _targets_key(t), t.run_minutes, spec, base.phase, base.rules, base.fixed, base.closed,
               base.race_day is not None and 0 <= base.race_day < 7, self.overlay)
        return self.pl.cached(key, lambda: self._tokens(base, t, spec))  # shared like the patterns

    def _tokens(self, base: WeekProblem, t: WeekTargets, spec) -> tuple[Any, Any, str]:
        runs, long, q, s, cap, m = spec
        race_today = base.race_day is not None and 0 <= base.race_day < 7 and not self.overlay
        minutes = self.run_split(t, runs, long, q, race_today)
        toks: list[Token] = []
        counts: list[int] = []

        def add(tok: Token, n: int = 1) -> None:
            if n <= 0:
                return
            if tok in toks:
                counts[toks.index(tok)] += n
            else:
                toks.append(tok)
                counts.append(n)

        if long:
            add(Token("run", "long", "moderate", minutes["long"], "long", "long run"))
        for kind in t.quality[:q]:
            add(Token("run", kind, _RUN_INTENSITY.get(kind, "hard"), minutes["quality"], "quality", kind))
        easy = runs - int(long) - q
        if easy > 0:
            add(Token("run", "strides" if t.strides else "easy", "easy", minutes["easy"], "easy", "easy run"), easy)
        for st in t.strength[:s]:
            intensity = st.intensity
            if cap is not None and _INTENSITY_STEPS.index(intensity) < _INTENSITY_STEPS.index(cap):
                intensity = cap
            intensity = self._allowed_intensity(base, st.type, intensity)
            if intensity is None:
                return None, None, ""
            add(Token("strength", st.type, intensity, self._strength_minutes(base, st, intensity), "strength",
                      f"{st.type} strength"))
        for _ in range(m):
            add(Token("mobility", t.mobility_type, "easy", t.mobility_minutes, "mobility", "mobility"))
        toks_t, counts_t = self._complete(base, t, toks, counts)
        if toks_t is None:
            return None, None, ""
        return tuple(toks_t), tuple(counts_t), ""

    def run_split(self, t: WeekTargets, runs: int, long: bool, q: int, race_today: bool) -> dict[str, int]:
        """Minutes per run type for a week of ``runs`` runs (long run share, quality share, easy rest)."""
        rs = self.cfg.run
        total = float(t.run_minutes)
        if race_today:
            # the race takes the long run's place: the other runs share what they would have had in a
            # week with a long run (not the week minus the race, which leaves a marathon week nothing)
            total = max(0.0, total * (100 - rs.long_run_share) / 100.0)
        low = rs.min_run_minutes
        long_min = 0
        if long:
            long_min = max(low, min(rs.long_run_max_minutes, round5(total * rs.long_run_share / 100.0)))
        quality_min = max(low, min(90, round5(total * rs.quality_share / 100.0)))
        easy_n = runs - int(long) - q
        rest = total - long_min - quality_min * q
        easy_min = max(low, round5(rest / easy_n)) if easy_n > 0 else low
        if easy_n <= 0 and rest > 0 and long:  # no easy runs: the long run carries what is left
            long_min = max(long_min, min(rs.long_run_max_minutes, round5(long_min + rest)))
        if long and long_min < easy_min:
            long_min = easy_min + 10
        if long:  # an easy run is never longer than the long run
            easy_min = min(easy_min, max(low, long_min))
        return {"long": long_min, "quality": quality_min, "easy": easy_min}

    def _strength_minutes(self, base: WeekProblem, st: StrengthTarget, intensity: str) -> int:
        minutes = st.minutes
        mask = self.searcher.mask("strength", st.type, intensity, "any")
        for r in base.rules:
            if isinstance(r, Duration) and r.per == "session" and r.on(base.phase) and mask & r.bit:
                if r.hi is not None and minutes > r.hi:
                    minutes = r.hi
                if r.lo is not None and minutes < r.lo:
                    minutes = r.lo
        return minutes

    def _allowed_intensity(self, base: WeekProblem, type_: str, intensity: str) -> str | None:
        """The hardest intensity, no harder than wanted, that the week's hard intensity rules allow."""
        start = _INTENSITY_STEPS.index(intensity)
        for level in _INTENSITY_STEPS[start:]:
            mask = self.searcher.mask("strength", type_, level, "any")
            if all(not (r.hard and r.on(base.phase) and mask & r.bit) or level in r.allowed
                   for r in base.rules if isinstance(r, Intensity)):
                return level
        return None

    # pattern completion: make the session counts meet the week's hard count rules when a placement
    # cannot (e.g. the ruleset wants 3 strength sessions and the table says 2)
    def _menu(self, t: WeekTargets) -> list[Token]:
        rs = self.cfg.run
        easy = Token("run", "easy", "easy", rs.min_run_minutes + 10, "easy", "easy run (a count rule)")
        out = [easy]
        for kind in ("tempo", "intervals", "hills"):
            out.append(Token("run", kind, "hard", 40, "quality", f"{kind} (a count rule)"))
        out.append(Token("run", "long", "moderate", 60, "long", "long run (a count rule)"))
        focus = [s.type for s in t.strength] or ["full"]
        for f in dict.fromkeys(focus + ["full", "lower", "upper", "core", "mobility"]):
            for intensity in ("moderate", "easy", "hard"):
                out.append(Token("strength", f, intensity, 30, "strength", f"{f} strength (a count rule)"))
        out.append(Token("mobility", t.mobility_type, "easy", t.mobility_minutes, "mobility", "mobility (a count rule)"))
        if self.overlay:  # an overlaid plan's runs are the runs
            out = [tok for tok in out if not tok.is_run]
        return out

    def _bounds(self, r: Count, toks: Sequence[Token], counts: Sequence[int], base: WeekProblem) -> tuple[int, int]:
        """The least and most a count rule can see for these tokens, whatever the placement."""
        fixed_hits = sum(1 for f in base.fixed for s in f if s.mask & r.bit)
        fixed_days = sum(1 for f in base.fixed if any(s.mask & r.bit for s in f))
        hits = [(t, c) for t, c in zip(toks, counts) if self.searcher.mask(t.sport, t.type, t.intensity, "any") & r.bit]
        n = sum(c for _, c in hits)
        if r.unit == "sessions":
            return n + fixed_hits, n + fixed_hits
        runs = sum(c for t, c in hits if t.is_run)
        strength = sum(c for t, c in hits if t.sport == "strength")
        lo = max(runs, strength, fixed_days)
        hi = min(7, n + fixed_days)
        if r.unit == "days":
            return lo, hi
        open_days = 7 - len(base.closed)
        return open_days - hi, open_days - lo

    def _complete(self, base: WeekProblem, t: WeekTargets, toks: list[Token], counts: list[int]):
        rules = [r for r in base.rules if isinstance(r, Count) and r.hard and r.on(base.phase)]
        if not rules:
            return toks, counts
        if any(self._time_dependent(r) for r in rules):
            return toks, counts
        toks, counts = list(toks), list(counts)
        menu = None
        for _ in range(12):
            bad = None
            for r in rules:
                lo, hi = self._bounds(r, toks, counts, base)
                if r.hi is not None and lo > r.hi:
                    bad = (r, "less")
                    break
                if r.lo is not None and hi < r.lo:
                    bad = (r, "more")
                    break
            if bad is None:
                return toks, counts
            r, want = bad
            more_matching = (want == "more") == (r.unit != "days-without")
            if more_matching:
                menu = menu or self._menu(t)
                pick = next((tok for tok in menu if self.searcher.mask(tok.sport, tok.type, tok.intensity, "any") & r.bit
                             and self._token_ok(base, tok, toks, counts)), None)
                if pick is None:
                    return None, None
                if pick in toks:
                    counts[toks.index(pick)] += 1
                else:
                    toks.append(pick)
                    counts.append(1)
            else:
                # drop the least important matching token: mobility, easy runs, strength, quality, long
                order = {"mobility": 0, "easy": 1, "strength": 2, "quality": 3, "long": 4}
                cands = [i for i, tok in enumerate(toks) if counts[i]
                         and self.searcher.mask(tok.sport, tok.type, tok.intensity, "any") & r.bit]
                if not cands:
                    return None, None
                i = min(cands, key=lambda i: (order.get(toks[i].role, 5), i))
                counts[i] -= 1
        return None, None

    def _token_ok(self, base: WeekProblem, tok: Token, toks, counts) -> bool:
        return not (tok.sport == "strength"
                    and self._allowed_intensity(base, tok.type, tok.intensity) != tok.intensity)

    def _time_dependent(self, r: Count) -> bool:
        """Whether a count rule's selector looks at the time of day (then pattern bounds cannot judge it)."""
        mask = self.searcher.mask
        return self.pl.cached(("time-dependent", r, self.overlay), lambda: any(
            mask(t.sport, t.type, t.intensity, time) & r.bit != mask(t.sport, t.type, t.intensity, "any") & r.bit
            for t in self._menu_cache() for time in ("am", "pm")))

    def _menu_cache(self) -> list[Token]:
        """Every token :meth:`_menu` can offer (shared by the plans of this planner)."""
        return self.pl.cached(("menu", self.overlay), lambda: self._menu(WeekTargets(
            phase="", run_minutes=0, run_days=0, long_run=False, quality=(), strides=False, strength=(), mobility=0,
            mobility_minutes=15, mobility_type="mobility", rest_days=0)))

    # -- infeasibility ---------------------------------------------------------------------------------

    def infeasible(self, base: WeekProblem, targets: WeekTargets, pw: PhaseWeek):
        """A minimal conflict for a week no pattern fits, verified minimal, as an InfeasibleError."""
        from .conflicts import explain

        return explain(self, base, targets, pw)

    def feasible(self, base: WeekProblem, targets: WeekTargets) -> bool:
        """Whether any pattern of ``targets`` can be placed (costs ignored: the first placement wins)."""
        seen: set[tuple] = set()
        for _dev, spec in self.patterns(base, targets):
            tokens, counts, _ = self.tokens(base, targets, spec)
            if tokens is None or (tokens, counts) in seen:
                continue
            seen.add((tokens, counts))
            if self.searcher.solve(_replace(base, tokens=tokens), counts, budget=0) is not None:
                return True
        return False

    # -- sessions ----------------------------------------------------------------------------------------

    def session(self, sport: str, type_: str, intensity: str, minutes: int, rpe: int, order: int, time: str,
                exercises: tuple = ()) -> Session:
        """The session with these values: one object per value on the planner (sessions are frozen)."""
        # exercise tuples are shared objects (the composer caches them): keyed by identity, checked on a hit
        key = (sport, type_, intensity, minutes, rpe, order, time, id(exercises))
        memo = self.pl.session_memo
        s = memo.get(key)
        if s is None or s.exercises is not exercises:
            if len(memo) > 50000:
                memo.clear()
            s = memo[key] = Session(sport=sport, type=type_, intensity=intensity, minutes=minutes, rpe=rpe,
                                    order=order, time=time, exercises=exercises)
        return s

    def materialize(self, pw: PhaseWeek, plan: ResolvedWeekPlan, targets: WeekTargets, tokens: tuple[Token, ...],
                    placement: Placement, fixed_sessions: Sequence[tuple[Session, ...]]) -> _PlannedWeek:
        """The week's sessions. Memoised on the planner in two steps (equal inputs give equal sessions,
        whichever plan asks): the week's :class:`_WeekTemplate` (everything but the running minutes; its
        key holds exactly what :meth:`_template` reads of the week, the rules and the athlete's kit come
        with the build), then per split of the running minutes. A plugin composing sessions turns the
        memo off."""
        race_today = self._race_today(pw)
        dose = progressed(plan.strength, pw.week_in_phase)
        if self.hook_compose:
            template = self._template(pw, plan, dose, tokens, placement, fixed_sessions)
        else:
            key = (self.rules_token, self.overlay, self.athlete.equipment, self.athlete.niggles, pw.phase,
                   dose, plan.strength, race_today, tokens, placement, tuple(fixed_sessions), self._closed(pw))
            memo = self.pl.day_memo
            template = memo.get(key)
            if template is None:
                if len(memo) > 20000:
                    memo.clear()
                template = memo[key] = self._template(pw, plan, dose, tokens, placement, fixed_sessions)
        minutes, split = self._split(targets.run_minutes, template, race_today)
        if self.hook_compose:
            return template.sessions(self, split, pw)
        hit = template.weeks.get(minutes)
        if hit is None:
            if len(template.weeks) > 64:
                template.weeks.clear()
            hit = template.weeks[minutes] = template.sessions(self, split)
        return hit

    def _split(self, run_minutes: int, template: _WeekTemplate, race_today: bool) -> tuple[tuple, dict[str, int]]:
        """(long, quality, easy minutes) and :meth:`run_split` of ``run_minutes`` for the template's runs
        (memoised on the planner: the split reads nothing else of the targets)."""
        key = (run_minutes, template.runs, template.long, template.quality, race_today)
        memo = self.pl.splits
        hit = memo.get(key)
        if hit is None:
            if len(memo) > 20000:
                memo.clear()
            split = self.run_split(_MinutesOnly(run_minutes), template.runs, template.long, template.quality,
                                   race_today)
            hit = memo[key] = ((split["long"], split["quality"], split["easy"]), split)
        return hit

    def _race_today(self, pw: PhaseWeek) -> bool:
        """Whether the race is in week ``pw`` (a generated plan's race session replaces the long run)."""
        return self.race_date is not None and 0 <= (self.race_date - pw.start).days < 7 and not self.overlay

    def _template(self, pw: PhaseWeek, plan: ResolvedWeekPlan, dose: tuple[int, int, int], tokens: tuple[Token, ...],
                  placement: Placement, fixed_sessions: Sequence[tuple[Session, ...]]) -> _WeekTemplate:
        """The week's sessions but for the running minutes (see :class:`_WeekTemplate`); ``dose`` is the
        week's progressed strength dose."""
        runs, long, q, others, where, placed, marks, values = self._skeleton(tokens, placement)
        closed = self._closed(pw)
        if self.hook_compose:
            prescribed = self._prescribe(pw.phase, dose, plan.strength, others)
        else:
            key = ("exercises", self.rules_token, self.athlete.equipment, self.athlete.niggles, pw.phase, dose,
                   plan.strength, where)
            prescribed = self.pl.day_memo.get(key)
            if prescribed is None:
                prescribed = self.pl.day_memo[key] = self._prescribe(pw.phase, dose, plan.strength, others)
        session = self.session
        sessions = []
        for (sport, type_, intensity, minutes, rpe, order, time), exercises in zip(values, prescribed):
            sessions.append(session(sport, type_, intensity, minutes, rpe, order, time, exercises))
        fixed = tuple(() if d in closed else fixed_sessions[d] for d in range(7)) if closed else tuple(fixed_sessions)
        return _WeekTemplate(runs, long, q, placed, fixed, tuple(sessions), marks)

    def _skeleton(self, tokens: tuple[Token, ...], placement: Placement) -> tuple:
        """What a week's template reads of its tokens and placement alone (memoised on the planner): the
        run count, whether a long run, the quality count, the other sessions (strength, mobility) as (day,
        token, order, time), what their exercises depend on of those (the exercises' memo key), per day
        the placed sessions as the template holds them (see :meth:`_placed_entries`), the week's
        (day, order, token) marks and the values of the other sessions' :meth:`session` but for the exercises."""
        key = ("skeleton", self.rules_token, tokens, placement)
        hit = self.pl.day_memo.get(key)
        if hit is None:
            counts = _placed_counts(tokens, placement)
            runs = sum(c for t, c in zip(tokens, counts) if t.is_run)
            long = any(t.role == "long" and c for t, c in zip(tokens, counts))
            q = sum(c for t, c in zip(tokens, counts) if t.role == "quality")
            others = tuple((d, tokens[ti], order, time) for d in range(7) for ti, order, time in placement.days[d]
                           if not tokens[ti].is_run)
            # exercises depend on neither the runs nor the running minutes (shared across volumes), on the
            # day only for mobility and on the time of day only through what the coverage and session-flow
            # rules select (see _prescribe): shared across days and times too
            mask, bits = self.searcher.mask, self.flow_bits
            where = tuple((d if tok.sport == "mobility" else -1, tok,
                           mask(tok.sport, tok.type, tok.intensity, time) & bits) for d, tok, _, time in others)
            placed, marks = self._placed_entries(tokens, placement)
            values = tuple(entry for day in placed for entry in day if len(entry) != 4)
            hit = self.pl.day_memo[key] = (runs, long, q, others, where, placed, marks, values)
        return hit

    def _placed_entries(self, tokens: tuple[Token, ...], placement: Placement) -> tuple[tuple, tuple]:
        """Per day, each placed session in order: a run as ``(token, rpe, order, time)`` (its minutes come
        with the split, see :class:`_WeekTemplate`), a strength or mobility session as the values of its
        :meth:`session` but for the exercises; and (day, order, token) for each."""
        mobility_rpe = self.cfg.rpe.mobility if self.cfg.rpe.mobility is not None else DEFAULT_MOBILITY_RPE
        placed: list[tuple] = []
        marks: list[tuple] = []
        for d in range(7):
            day: list[tuple] = []
            for ti, order, time in placement.days[d]:
                tok = tokens[ti]
                if tok.is_run:
                    day.append((tok, self.rpe_run(tok.type), order, time))
                elif tok.sport == "strength":
                    day.append(("strength", tok.type, tok.intensity, tok.minutes, self.rpe_strength(tok.intensity),
                                order, time))
                else:
                    day.append((tok.sport, tok.type, "easy", tok.minutes, mobility_rpe, order, time))
                marks.append((d, order, tok))
            placed.append(tuple(day))
        return tuple(placed), tuple(marks)

    def _prescribe(self, phase: str, dose: tuple[int, int, int], strength: Any,
                   others: tuple[tuple[int, Token, int, str], ...]) -> tuple[tuple, ...]:
        """The exercises of each of the week's other sessions ``others`` ((day, token, order, time) of its
        strength and mobility sessions, in day order)."""
        variant0 = _phase_ordinal(self.rs, phase)
        # 1. the exercises (picks) of strength and mobility sessions
        items: list[list] = []  # [token, order, time, picks]
        strength_n = 0
        for d, tok, order, time in others:
            picks: tuple = ()
            if tok.sport == "strength":
                picks = self.composer.select(tok.type, tok.intensity, strength, variant0 + strength_n,
                                             self._bounds_for(tok, phase))
                strength_n += 1
            elif tok.sport == "mobility":
                picks = self.composer.select(tok.type, "easy", strength, d, self._bounds_for(tok, phase),
                                             sport="mobility")
            items.append([tok, order, time, picks])
        # 2. the ruleset's coverage and session-flow demands, then the week's dose
        self._cover(phase, strength, items)
        for it in items:
            if it[3]:
                tok = it[0]
                bounds = self._bounds_for(tok, phase)
                if self.flows:
                    flows = self._flows_for(tok, it[2])
                    if flows:
                        it[3] = self.composer.arrange(it[3], flows, strength=strength, bounds=bounds)
                it[3] = self.composer.dose_all(it[3], dose if tok.sport == "strength" else (1, 10, 30),
                                               tok.intensity, strength, bounds)
        return tuple(it[3] for it in items)

    @property
    def trace(self) -> dict[tuple, tuple]:
        """(date, order) -> (week, targets, token, day, the week's sessions) for every session the planner
        placed, made on first use (only ``--explain`` asks)."""
        if self._trace is None:
            trace = {}
            for pw, targets, planned in self._planned:
                days = [list(day) for day in planned.days]
                for d, order, tok in planned.marks:
                    trace[(pw.start + dt.timedelta(days=d), order)] = (pw, targets, tok, d, days)
            self._trace = trace
        return self._trace

    def explain(self, key: tuple) -> str:
        """The "why" of the session at (date, order), in words (``--explain``): the target it serves and
        the error-level rules that keep it off the other days of its week."""
        found = self.trace.get(key)
        if found is None:
            return ""
        pw, targets, tok, d, days = found
        text = self._why(pw, targets, tok, d)
        if tok.sport in ("strength", "run") and tok.role != "easy":
            blocked = self._blocked_days(pw, tok, d, days)
            if blocked:
                text += "; not " + ", ".join(f"{WEEKDAY_TITLES[e]} ({', '.join(codes)})" for e, codes in blocked[:3])
        return text

    def _blocked_days(self, pw: PhaseWeek, tok: Token, d: int, days: list[list[Session]]) -> list:
        """(day, rule codes) for the other days where the session alone would break an error-level rule
        next to that day's sessions (within the day, and spacing with the days around it)."""
        from .weekrules import Slot, start_of

        rules = [r for r in self.fast if r.hard and r.on(pw.phase)]
        week = [[self._fixed_slot(s) for s in day if not (day is days[d] and s.type == tok.type
                                                           and s.sport == tok.sport)] for day in days]
        out = []
        for e in range(7):
            if e == d:
                continue
            order = len(week[e]) + 1
            time = "pm" if week[e] else "any"
            start = start_of(time, order)
            mine = Slot(self.searcher.mask(tok.sport, tok.type, tok.intensity, time), order, start,
                        start + tok.minutes / 60.0, tok.minutes, tok.intensity, None)
            day = tuple(week[e]) + (mine,)
            codes = []
            for r in rules:
                if r.kind in ("count", "max-consecutive", "duration"):
                    continue
                race_day = (self.race_date - pw.start).days if self.race_date is not None else None
                hit = r.day_findings(day, e, race_day) > 0
                if not hit and isinstance(r, Spacing):
                    for f in range(max(0, e - r.reach), min(7, e + r.reach + 1)):
                        if f != e and week[f]:
                            early, late = ((tuple(week[f]), day) if f < e else (day, tuple(week[f])))
                            if r.between(early, late, abs(e - f), True, True):
                                hit = True
                                break
                if hit:
                    codes.append(r.code)
            if codes:
                out.append((e, codes))
        return out

    def _cover(self, phase: str, strength: Any, items: list[list]) -> None:
        for cr in self.coverage:
            if cr.phases is not None and phase not in cr.phases:
                continue
            o = cr.options
            bit = cr.bits["select"]
            matching = [it for it in items
                        if it[3] and self.searcher.mask(it[0].sport, it[0].type, it[0].intensity, it[2]) & bit]
            if not matching:
                continue
            groups = [[it] for it in matching] if o.per == "session" else [matching]
            for group in groups:
                cats, muscles, patterns, single = set(), set(), set(), False
                for it in group:
                    c, m, p, one = self.composer.facts(it[3])
                    cats |= c
                    muscles |= m
                    patterns |= p
                    single = single or one
                missing_c = [c for c in o.categories if c not in cats]
                missing_m = [m for m in o.muscles if m not in muscles]
                missing_p = [p for p in o.patterns if p not in patterns]
                need_single = o.single_leg and not single
                if not (missing_c or missing_m or missing_p or need_single):
                    continue
                target = max(group, key=lambda it: (it[0].sport == "strength", -len(it[3])))
                target[3] = self.composer.cover(
                    target[3], categories=missing_c, muscles=missing_m, patterns=missing_p, single_leg=need_single,
                    intensity=target[0].intensity, strength=strength, bounds=self._bounds_for(target[0], phase))

    def _flows_for(self, tok: Token, time: str) -> tuple[Flow, ...]:
        mask = self.searcher.mask(tok.sport, tok.type, tok.intensity, time)
        return tuple(f for cr, f in self.flows if mask & cr.bits["select"])

    def _why(self, pw: PhaseWeek, t: WeekTargets, tok: Token, d: int) -> str:
        day = WEEKDAY_TITLES[d]
        if tok.role == "long":
            pref = self.athlete.long_run_day
            where = "your long-run day" if pref == WEEKDAYS[d] else \
                f"not {pref or 'a preferred day'}: the rules or other sessions ruled it out"
            return f"long run ({self.cfg.run.long_run_share} % of {t.run_minutes} min) on {day}, {where}"
        if tok.role == "quality":
            return f"{tok.type}: the {pw.phase} phase's quality session ([planner] quality)"
        if tok.role == "easy":
            return f"easy running to reach {t.run_minutes} min on {t.run_days} run days ({t.why})"
        if tok.sport == "strength":
            return (f"{tok.intensity} {tok.type} strength, {len(t.strength)} a week in {pw.phase}"
                    f"{' (cut-back week)' if t.cutback else ''}: {day} breaks no error-level rule and costs least")
        return f"{tok.sport}: {t.mobility} a week in {pw.phase}"

    def _prescription_rules(self) -> tuple:
        coverage = sorted((cr for cr in self.compiled if cr.kind.name == "coverage"),
                          key=lambda c: (c.severity != "error", c.code))
        flows = [(cr, Flow(cr.options.starts_with, cr.options.ends_with, cr.options.sequence))
                 for cr in sorted(self.compiled, key=lambda c: (c.severity != "error", c.code))
                 if cr.kind.name == "session-flow"]
        bounds_cache: dict[tuple, tuple[DoseBounds, ...]] = {}
        # what the coverage and session-flow rules select: all a session's time of day can change for them
        flow_bits = 0
        for cr in coverage + [cr for cr, _ in flows]:
            flow_bits |= cr.bits["select"]
        return object(), self._dose_bounds(), bounds_cache, coverage, flows, flow_bits

    # prescription rules as dose bounds for the composer (warn-level first, so error-level ones win)
    def _dose_bounds(self) -> list[tuple[Any, DoseBounds, Any]]:
        out = []
        for cr in sorted(self.compiled, key=lambda c: (c.severity == "error", c.code)):
            if cr.kind.name != "prescription":
                continue
            o = cr.options
            if not (o.sets or o.reps or o.hold_seconds or o.loads):
                continue
            b = DoseBounds(applies=lambda s, bit=cr.bits["select"]: bool(self.checker._mask_of(s) & bit),
                           sets=(o.sets.min, o.sets.max) if o.sets else (None, None),
                           reps=(o.reps.min, o.reps.max) if o.reps else (None, None),
                           hold_seconds=(o.hold_seconds.min, o.hold_seconds.max) if o.hold_seconds else (None, None),
                           loads=frozenset(o.loads), categories=frozenset(o.categories))
            out.append((cr, b, o))
        return out

    def _bounds_for(self, tok: Token, phase: str) -> tuple[DoseBounds, ...]:
        """The prescription rules that judge ``tok``'s exercises in a week of ``phase`` (a rule's
        ``when.phases`` counts: RB103's bodyweight-only load is for the bodyweight weeks only)."""
        key = (tok.sport, tok.type, tok.intensity, phase)
        hit = self._bounds_cache.get(key)
        if hit is None:
            mask = self.searcher.mask(tok.sport, tok.type, tok.intensity, "any")
            hit = self._bounds_cache[key] = tuple(
                b for cr, b, o in self.dose_bounds
                if mask & cr.bits["select"] and (cr.phases is None or phase in cr.phases))
        return hit

    # -- weekly measures (progression, deload) -------------------------------------------------------------

    def shape_measures(self, layout: Layout, planned: list[_PlannedWeek]) -> list[tuple[tuple[Session, ...], ...]]:
        """Each week's sessions per day after the weekly measures (progression, deload): memoised on the
        planned weeks (one object per distinct week, see :meth:`week`) and their phases."""
        from .shape import shape_weeks

        if not self.chained:
            return _frozen_weeks(shape_weeks(self, layout, [p.days for p in planned]))
        key = (self.rules_token, tuple(planned), tuple(pw.phase for pw in layout.weeks))
        memo = self.pl.shape_memo
        hit = memo.get(key)
        if hit is None:
            if len(memo) > 4096:
                memo.clear()
            shaped = shape_weeks(self, layout, [p.days for p in planned], [p.derived for p in planned])
            # weeks the measures left alone are the planned weeks' own (frozen) days
            hit = memo[key] = tuple(days if days is p.days else _frozen_weeks([days])[0]
                                    for days, p in zip(shaped, planned))
        return list(hit)

    # -- assembly ---------------------------------------------------------------------------------------

    def _dates(self, monday: dt.date) -> tuple[dt.date, ...]:
        """The seven dates of the week starting ``monday`` (memoised on the planner: plans share weeks)."""
        memo = self.pl.week_dates
        hit = memo.get(monday)
        if hit is None:
            if len(memo) > 4096:
                memo.clear()
            hit = memo[monday] = tuple(monday + delta for delta in _DAYS)
        return hit

    def assemble(self, layout: Layout, built: Sequence[Sequence[Sequence[Session]]]) -> Plan:
        weeks = []
        for pw, days in zip(layout.weeks, built):
            if self.chained:  # the same week's sessions on the same dates: the same (frozen) Week object
                key = (pw.index, pw.phase, pw.start, id(days))
                hit = self.pl.week_objects.get(key)
                if hit is not None and hit[0] is days:
                    weeks.append(hit[1])
                    continue
            closed = self._closed(pw)
            start = pw.start
            dates = self._dates(start)
            # positional arguments: the model's constructors run once per day of every plan; a rest day is
            # the planner's one Day object of its date
            rest = self.pl.rest_days
            week_days = []
            for d in range(7):
                if d in closed:
                    continue
                sessions = days[d]
                if sessions:
                    week_days.append(Day(dates[d], tuple(sessions)))
                else:
                    day = rest.get(dates[d])
                    if day is None:
                        if len(rest) > 4096:
                            rest.clear()
                        day = rest[dates[d]] = Day(dates[d], ())
                    week_days.append(day)
            week = Week(pw.index, pw.phase, start, tuple(week_days))
            if self.chained:
                memo = self.pl.week_objects
                if len(memo) > 4096:
                    memo.clear()
                memo[key] = (days, week)
            weeks.append(week)
        inputs = PlanInputs(mode="overlay" if self.overlay else "generate", weeks=len(layout.weeks),
                            running_plan=self.running_label, generator="runlift planner")
        return Plan(ruleset=RulesetRef(self.rs.name, self.rs.version), athlete=self.athlete, inputs=inputs,
                    weeks=tuple(weeks))


class _PlannedWeek:
    """A week as the planner placed it, before the weekly measures: its sessions per day, and (day, order,
    token) for each session it placed (for ``--explain``). Memos hand out one object per distinct week,
    so its identity stands for its content in the keys of the memos after it."""

    __slots__ = ("days", "marks", "derived")

    def __init__(self, days: tuple[tuple[Session, ...], ...], marks: tuple[tuple[int, int, Token], ...]):
        self.days = days
        self.marks = marks
        #: what the next week's planning derives from this one (its tail, its weekend), by what it depends on
        self.derived: dict[tuple, tuple] = {}


class _MinutesOnly:
    """What :meth:`_Build.run_split` reads of a week's targets: its running minutes."""

    __slots__ = ("run_minutes",)

    def __init__(self, run_minutes: int):
        self.run_minutes = run_minutes


class _WeekTemplate:
    """A placed week's sessions but for the running minutes: per day, the fixed sessions (``fixed``) and the
    placed ones as :meth:`_Build._placed_entries` gives them (``placed``: a run as ``(token, rpe, order,
    time)``, its minutes come with the split), the placed strength and mobility sessions in week order
    (``others``); the week's run count, long run and quality count (for the minutes split); (day, order,
    token) per placed session. ``weeks`` memoises the finished weeks by minutes split."""

    __slots__ = ("runs", "long", "quality", "placed", "fixed", "others", "marks", "weeks")

    def __init__(self, runs: int, long: bool, quality: int, placed: tuple, fixed: tuple, others: tuple,
                 marks: tuple):
        self.runs = runs
        self.long = long
        self.quality = quality
        self.placed = placed
        self.fixed = fixed
        self.others = others
        self.marks = marks
        self.weeks: dict[tuple, _PlannedWeek] = {}

    def sessions(self, build: _Build, split: dict[str, int], pw: PhaseWeek | None = None) -> _PlannedWeek:
        """The week with the runs' minutes from ``split``; given ``pw``, each placed session goes through
        the plugins' ``runlift_compose_session``."""
        session = build.session
        others = iter(self.others)
        out = []
        for fixed, entries in zip(self.fixed, self.placed):
            if not entries:
                out.append(fixed)
                continue
            day = list(fixed)
            for entry in entries:
                if len(entry) == 4:
                    tok, rpe, order, time = entry
                    s = session("run", tok.type, tok.intensity, split.get(tok.role, tok.minutes), rpe, order, time)
                else:
                    s = next(others)
                if pw is not None:
                    s = build.pl.plugins.compose_session(s, pw, build.athlete, build.rs, build.pl.catalog)
                day.append(s)
            out.append(tuple(day))
        return _PlannedWeek(tuple(out), self.marks)


class _Frame:
    """What a week holds before anything is placed (see :meth:`_Build._frame`): its fixed sessions (the
    race; an overlaid plan's runs) and slots, the days open for runs, the race day as the search sees it,
    the days after the race, locked days, the next week's first fixed days and its phase, race-eve days,
    closed days."""

    __slots__ = ("fixed_sessions", "fixed", "run_ok", "race_day", "after_race", "locked", "ahead", "ahead_phase",
                 "race_eve", "closed")

    def __init__(self, fixed_sessions, fixed, run_ok, race_day, after_race, locked, ahead, ahead_phase, race_eve,
                 closed):
        self.fixed_sessions = fixed_sessions
        self.fixed = fixed
        self.run_ok = run_ok
        self.race_day = race_day
        self.after_race = after_race
        self.locked = locked
        self.ahead = ahead
        self.ahead_phase = ahead_phase
        self.race_eve = race_eve
        self.closed = closed


def _moved(w: PhaseWeek, shift: dt.timedelta) -> PhaseWeek:
    """``w`` with its Monday moved by ``shift`` (whole weeks)."""
    return PhaseWeek(index=w.index, start=w.start + shift, phase=w.phase, title=w.title,
                     week_in_phase=w.week_in_phase, phase_weeks=w.phase_weeks, after_race=w.after_race,
                     race_week=w.race_week)


def _frozen_weeks(built: Sequence[Sequence[Sequence[Session]]]) -> tuple[tuple[tuple[Session, ...], ...], ...]:
    return tuple(days if type(days) is tuple and all(type(d) is tuple for d in days)
                 else tuple(tuple(d) for d in days) for days in built)


_DAYS = tuple(dt.timedelta(days=d) for d in range(7))


class _RuleInfo:
    """What the week's fast rules imply for the search's inputs (computed once per rule set)."""

    def __init__(self, rules: Sequence[FastRule], run_bits: int = -1):
        reach = 0
        event = 0
        relevant = 0
        hours = False
        minutes = False
        totals = False
        for r in rules:
            if isinstance(r, Spacing):
                reach = max(reach, r.reach)
                relevant |= r.any
                hours = hours or r.hours is not None
                minutes = minutes or r.hours is not None
            elif r.kind == "max-consecutive":
                reach = max(reach, r.max + 1)
                relevant |= r.bit
            elif isinstance(r, BeforeEvent):
                event = max(event, r.window)
            elif isinstance(r, SameDayOrder) and r.gap:
                minutes = True
            elif isinstance(r, Duration) and r.per != "session":
                minutes = True
                totals = totals or bool(r.bit & run_bits)
        self.reach = min(reach, 7)
        self.event_reach = event
        self.relevant = relevant
        self.hours = hours
        self.minutes_matter = minutes
        #: a per-day or per-week duration rule sums run minutes: the search must see the exact peak
        self.totals = totals


class _Demoted:
    """A compiled rule seen as warn-level (overlay: a rule the given runs already break)."""

    def __init__(self, cr):
        self._cr = cr
        self.severity = "warn"

    def __getattr__(self, name):
        return getattr(self._cr, name)


_PROBLEM_FIELDS = tuple(a.name for a in attrs.fields(WeekProblem))
_PROBLEM_INDEX = {name: i for i, name in enumerate(_PROBLEM_FIELDS)}


_PROBLEM_VALUES = operator.attrgetter(*_PROBLEM_FIELDS)


def _replace(p: WeekProblem, **changes: Any) -> WeekProblem:
    """``attrs.evolve`` for the hot path (WeekProblem has no validators): its values in field order, changed."""
    values = list(_PROBLEM_VALUES(p))
    for name, value in changes.items():
        values[_PROBLEM_INDEX[name]] = value
    return WeekProblem(*values)


def _targets_key(t: WeekTargets) -> tuple:
    return (t.phase, t.run_days, t.long_run, t.quality, t.strides, t.strength, t.mobility, t.mobility_minutes,
            t.mobility_type, t.rest_days)


def _strength_targets(s: Any) -> tuple[StrengthTarget, ...]:
    focus = s.focus or ("full",)
    return tuple(StrengthTarget(focus[i % len(focus)], s.intensity, s.minutes) for i in range(s.sessions))


def _placed_counts(tokens: Sequence[Token], placement: Placement) -> list[int]:
    counts = [0] * len(tokens)
    for day in placement.days:
        for ti, _, _ in day:
            counts[ti] += 1
    return counts


def _phase_ordinal(ruleset: Ruleset, phase: str) -> int:
    for i, p in enumerate(ruleset.phases):
        if p.name == phase:
            return i
    return 0


__all__ = ["Conflict", "PlanResult", "Planner", "PlannerError", "StrengthTarget", "WeekTargets", "default_start"]
