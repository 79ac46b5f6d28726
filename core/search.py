"""The week search: place a week's sessions on Monday..Sunday under hard rules, minimising soft costs.

Input (:class:`WeekProblem`): the *tokens* to place (sessions without a day: a long run, a tempo run, three
easy runs, two strength sessions ...) with their counts, the sessions fixed on given days (the race, or
every run of an overlaid running plan), the days the athlete can run, the preferences, the tail of the
previous week (for Sunday → Monday spacing and streaks) and the week's rules in their fast form
(:mod:`runlift.weekrules`).

Method: a depth-first branch-and-bound search over the days Monday → Sunday. Each day takes one *day
option*: nothing, a run, a strength session, a mobility session, a run with a strength session (run first or
lifting first, am/pm), or a run with mobility after it; days with fixed sessions only take one more session
after them. Every option's within-day rules (same-day, same-day-order, before-event, duration, intensity) are
judged once per day; cross-day rules (spacing, max-consecutive) are judged against the days already placed;
counts are pruned as soon as they cannot end in range. Soft costs (warn-level rules, preferences) are added
as they become known, and a partial week whose cost plus a lower bound on what is still to come reaches the
best complete week is abandoned.

The lower bound: each session left costs at least its share of the cheapest option that could still hold it
(an option's cost split between its sessions), except the runs, whose bound is exact for a relaxed problem
(:meth:`_Run.run_bound`: where the runs left can go, what each day costs them, bunched rest and bunched runs);
plus the rest days that can no longer be had and the hard runs that can no longer be kept apart. A day's
options are tried in the order of that bound and judged only when their turn comes.

A transposition table keeps, per search *state* (the day, the sessions left, the streaks, the counted days,
the rest days so far, and what the next days' costs can see of the days before: :meth:`_Run.context`), the
exact best completion, or a lower bound when none beat the bound it was searched with: other orders of
placing the same sessions reuse it. From the day on which the previous week no longer reaches, a state's
completions (and the cross-day costs of its options) do not depend on the tail, so searches of the same
week with different tails share those entries. Among equal weeks the first found wins, so answers are
deterministic, and do not depend on the bound: exact answers are memoised per week as the search sees it
(:meth:`Searcher.view`), so weeks that differ only in what no rule or cost reads (a phase's name, minutes no
rule counts, an intensity every rule allows) are searched once. Weeks that differ only in the race window and
the preferred days share their day options (``_Kit``), and days that look alike to the within-day costs
(in the week, or in other athletes' weeks) share their costed options and bounds (``_DayOpts``).

Week shape: besides rules and preferences, the search prices how the week looks (``[planner.weights]``
``bunched-rest``, ``bunched-runs``, ``back-to-back-hard``, ``long-run-day-strength``): pairs of days
side by side are judged as each day is placed, and the previous week's Saturday and Sunday
(``WeekProblem.prev_days``) count for Monday. Days one or two before the race (``race_eve``) take no quality
or long run.

The search is exact up to a node budget (:data:`NODE_BUDGET`, far above what real weeks need); past it, the
best week found so far is returned. A week is declared infeasible only after an exhaustive search.
"""

from __future__ import annotations

from collections.abc import Sequence
from operator import add
from typing import Any, NamedTuple

from attrs import frozen

from .weekrules import (
    BeforeEvent,
    Count,
    Duration,
    FastRule,
    Intensity,
    MaxConsecutive,
    SameDayOrder,
    Slot,
    Spacing,
    start_of,
)

NODE_BUDGET = 5000
#: The bound of a token with no day left to take it: finite, so bounds can be added and subtracted.
NO_DAY = 1e9
PROOF_BUDGET = 2_000_000
#: Bits per token in the search's packed counts (more when a count needs them).
COUNT_BITS = 4
INF = float("inf")
_UNSET = object()  # a cached value not computed yet

#: Small costs that shape a sensible week when no rule speaks (not from any article): strength sessions
#: spread out rather than on consecutive days. The week-shape costs (bunched rest and runs, back-to-back
#: hard days, lifting on the long-run day) are ``[planner.weights]``.
ADJACENT_STRENGTH_COST = 1
AFTER_RACE_COST = 15
#: Run types that make a day hard (with heavy lifting): see ``[planner.weights] back-to-back-hard``.
HARD_RUN_TYPES = frozenset({"tempo", "intervals", "hills", "long", "race"})


@frozen(cache_hash=True)
class Token:
    """A session still to be placed."""

    sport: str
    type: str
    intensity: str
    minutes: int
    role: str  # long, quality, easy, strength, mobility
    why: str = ""

    @property
    def is_run(self) -> bool:
        return self.sport == "run"


class Opt:
    """A day option: the day's sessions (fixed ones first) as Slots, and the tokens it uses."""

    __slots__ = (
        "cid",
        "code",
        "cost",
        "count_hits",
        "dmask",
        "hard",
        "hard_runs",
        "longs",
        "nonempty",
        "other_runs",
        "others",
        "placed",
        "quality",
        "rid",
        "run_day",
        "runs",
        "shape",
        "sid",
        "slots",
        "streak_hits",
        "strength",
        "use_bits",
        "uses",
        "wk",
    )

    def __init__(self, uses, slots, placed, runs, others, quality, strength, run_day=False, hard=False):
        self.uses = uses  # tuple of token indices
        self.slots = slots
        self.placed = placed  # tuple of (token index, order, time) for new sessions
        self.runs = runs
        self.others = others
        self.quality = quality
        self.strength = strength
        self.run_day = bool(runs) or run_day  # a run this day (new or fixed)
        self.hard = quality or hard  # a hard day: quality/long run, race, heavy lifting
        self.hard_runs = 1 if quality and runs else 0  # a new quality or long run
        dm = 0
        for s in slots:
            dm |= s.mask
        self.dmask = dm
        self.cost = 0
        # the tokens it uses, one bit each: an option never uses a token twice (a run and another session)
        self.use_bits = 0
        for ti in uses:
            self.use_bits |= 1 << ti
        assert len(set(uses)) == len(uses), uses
        self.count_hits: tuple = ()
        self.streak_hits: tuple = ()
        self.wk: tuple = ()  # per weekly rule counted day by day, what this day adds (see _Run._vectors)
        # context ids: the option as the next days' costs see it (see _Run.context)
        self.cid = self.rid = self.sid = 0
        self.code = 0  # what it takes off the packed counts (see _Run.pack)
        self.longs = self.other_runs = 0  # its new long runs and other runs (see _Run.run_bound)
        self.shape: tuple = ()  # what _Run._runs_after reads of it (see _Run._opt_vectors)
        self.nonempty = 1 if slots else 0


class _Kit:
    """What the preparation of a week shares with weeks that differ from it only in the race window and the
    athlete's preferred days (see ``_Run``): the day options (None: those of the days without fixed
    sessions; -1: those of them without runs), with their vectors and context ids, and what their
    within-day costs owe to no day."""

    __slots__ = ("options", "traits", "ids", "done", "days")

    def __init__(self):
        self.options: dict[int | None, list[Opt]] = {}
        self.traits: dict[int, tuple] = {}
        self.ids: dict[tuple, int] = {}
        self.done: set[int] = set()  # the options whose vectors are made
        #: a day's options with their static costs, and what the bounds read of them, by what they depend
        #: on of the day (see _Run._all_opts): days alike in the week, or in weeks of other athletes, share them
        self.days: dict[tuple, _DayOpts] = {}


class _DayOpts:
    """A day's options that break no hard within-day rule as (static cost, option), cheapest first; the least
    share of that cost each token can take there (``best``); the tokens that can share the day with another
    session (``shared``); the earliest start and latest end of the options' sessions; the candidate rows."""

    __slots__ = ("opts", "best", "shared", "min_start", "max_end", "rows")

    def __init__(self, opts: list[tuple[float, Opt]], n_tokens: int):
        self.opts = opts
        best = [NO_DAY] * n_tokens
        shared = [False] * n_tokens
        start, end = 24.0, 0.0
        for c, opt in opts:
            for sl in opt.slots:
                if sl.start < start:
                    start = sl.start
                if sl.end > end:
                    end = sl.end
            uses = opt.uses
            if uses:
                share = c / len(uses)
                for ti in uses:
                    if share < best[ti]:
                        best[ti] = share
                if len(opt.slots) >= 2:
                    for ti in uses:
                        shared[ti] = True
        self.best = best
        self.shared = shared
        self.min_start, self.max_end = start, end
        #: what _Run._candidates reads of the options, by the bounds after the day (see _Run._vectors)
        self.rows: dict[tuple, list] = {}


class MaskFn(NamedTuple):
    sport: str
    type: str
    intensity: str
    time: str


@frozen(cache_hash=True)
class WeekProblem:
    """One week to place (see the module docstring). Day indices are 0 = Monday .. 6 = Sunday."""

    tokens: tuple[Token, ...]
    fixed: tuple[tuple[Slot, ...], ...]  # per day, fixed sessions as Slots (ref = the Session)
    run_ok: tuple[bool, ...]
    phase: str
    rules: tuple[FastRule, ...]
    race_day: int | None = None
    rest_pref: frozenset[int] = frozenset()
    long_day: int | None = None
    after_race: frozenset[int] = frozenset()
    tail: tuple[tuple[Slot, ...], ...] = ()  # previous days, oldest first
    tail_phase: str | None = None
    ahead: tuple[tuple[Slot, ...], ...] = ()  # the next week's first days: only its fixed sessions
    ahead_phase: str | None = None
    rest_target: int = 0
    weights: Any = None
    closed: frozenset[int] = frozenset()  # days outside the plan (overlay): nothing may go there
    locked: frozenset[int] = frozenset()  # days whose fixed sessions take nothing more (race day)
    #: the previous week's Saturday and Sunday as the week-shape costs see them: (a run, hard, strength,
    #: the athlete could have run) each; () for the first week
    prev_days: tuple = ()
    #: days of this week one or two days before the race: no quality or long run there (runlift's
    #: race-week convention, whatever the ruleset)
    race_eve: frozenset[int] = frozenset()


@frozen(cache_hash=True)
class Placement:
    """A solved week: per day the new sessions as (token index, order, time), and the total soft cost."""

    days: tuple[tuple[tuple[int, int, str], ...], ...]
    cost: int
    counts: tuple[int, ...]
    nodes: int


class Searcher:
    """Solves :class:`WeekProblem` s; ``mask(sport, type, intensity, time)`` gives selector masks."""

    def __init__(self, mask_of):
        self.mask_of = mask_of
        self._mask: dict[tuple, int] = {}
        self._opt_cache: dict[tuple, list] = {}
        self._kits: dict[tuple, _Kit] = {}
        self._token_masks: dict[Token, tuple[int, int, int]] = {}
        self._rule_lists: dict[tuple, tuple] = {}
        self._run_memos: dict[tuple, dict] = {}
        self._solved: dict[tuple, tuple] = {}
        self._views: dict[tuple, Any] = {}  # what view() reads of rules, phases and tokens
        self._placed: dict[int, tuple] = {}  # placed_days by placement
        self._slots: dict[tuple, Slot] = {}
        self._last_seen: tuple = (None, None)  # (problem, seen(problem))

    def token_masks(self, tok: Token) -> tuple[int, int, int]:
        """A token's selector masks at the times any, am and pm."""
        hit = self._token_masks.get(tok)
        if hit is None:
            hit = self._token_masks[tok] = tuple(self.mask(tok.sport, tok.type, tok.intensity, t)
                                                 for t in ("any", "am", "pm"))
        return hit

    def mask(self, sport: str, type_: str, intensity: str, time: str) -> int:
        key = (sport, type_, intensity, time)
        m = self._mask.get(key)
        if m is None:
            m = self._mask[key] = self.mask_of(MaskFn(sport, type_, intensity, time))
        return m

    def slot(self, tok: Token, ti: int, order: int, time: str) -> Slot:
        """Token ``ti`` placed ``order``-th in its day at ``time`` (one object per value: Slots are frozen)."""
        key = (tok, ti, order, time)
        hit = self._slots.get(key)
        if hit is None:
            start = start_of(time, order)
            if len(self._slots) > 50000:
                self._slots.clear()
            hit = self._slots[key] = Slot(self.mask(tok.sport, tok.type, tok.intensity, time), order, start,
                                          start + tok.minutes / 60.0, tok.minutes, tok.intensity, ti)
        return hit

    def placed_days(self, p: WeekProblem, placement: Placement) -> tuple[tuple[Slot, ...], ...]:
        """Per day, the fixed sessions and those ``placement`` places as Slots (cached per placement, with
        the tokens and fixed sessions it was made for)."""
        hit = self._placed.get(id(placement))
        if hit is not None and hit[0] is placement and hit[1] is p.tokens and hit[2] is p.fixed:
            return hit[3]
        days = []
        for d in range(7):
            slots = list(p.fixed[d])
            for ti, order, time in placement.days[d]:
                slots.append(self.slot(p.tokens[ti], ti, order, time))
            days.append(tuple(slots))
        if len(self._placed) > 4096:
            self._placed.clear()
        self._placed[id(placement)] = (placement, p.tokens, p.fixed, tuple(days))
        return tuple(days)

    # -- options -----------------------------------------------------------------------------------

    def options(self, p: WeekProblem, counts: Sequence[int], day: int, free: bool = False) -> list[Opt]:
        """The options of ``day``; ``free`` = as if the day had no fixed session and allowed runs."""
        toks = p.tokens
        runs = [i for i, t in enumerate(toks) if t.is_run and counts[i]]
        strength = [i for i, t in enumerate(toks) if t.sport == "strength" and counts[i]]
        others = [i for i, t in enumerate(toks) if t.sport not in ("run", "strength") and counts[i]]
        fixed = () if free else p.fixed[day]
        fixed_run = fixed_hard = False
        for sl in fixed:
            ref = sl.ref
            if ref is not None and not isinstance(ref, int) and ref.sport == "run":
                fixed_run = True
                fixed_hard = fixed_hard or ref.type in HARD_RUN_TYPES
            elif ref is not None and not isinstance(ref, int) and ref.sport == "strength":
                fixed_hard = fixed_hard or ref.intensity == "hard"
        out: list[Opt] = [Opt((), fixed, (), 0, 0, False, False, fixed_run, fixed_hard)]
        if not free and (day in p.closed or day in p.locked):
            return out
        heavy = [toks[i].sport == "strength" and toks[i].intensity == "hard" for i in range(len(toks))]
        if fixed:
            last = fixed[-1]
            order = last.order + 1
            time = "pm"
            for i in strength + others:
                s = self.slot(toks[i], i, order, time)
                out.append(Opt((i,), fixed + (s,), ((i, order, time),), 0, 1, False, toks[i].sport == "strength",
                               fixed_run, fixed_hard or heavy[i]))
            return out
        can_run = free or p.run_ok[day]
        for i in (runs if can_run else ()):
            q = toks[i].role in ("quality", "long")
            out.append(Opt((i,), (self.slot(toks[i], i, 1, "any"),), ((i, 1, "any"),), 1, 0, q, False))
        for i in strength + others:
            out.append(Opt((i,), (self.slot(toks[i], i, 1, "any"),), ((i, 1, "any"),), 0, 1, False,
                           toks[i].sport == "strength", False, heavy[i]))
        if can_run:
            for r in runs:
                q = toks[r].role in ("quality", "long")
                for i in strength:
                    a, b = self.slot(toks[r], r, 1, "am"), self.slot(toks[i], i, 2, "pm")
                    out.append(Opt((r, i), (a, b), ((r, 1, "am"), (i, 2, "pm")), 1, 1, q, True, False, heavy[i]))
                    a, b = self.slot(toks[i], i, 1, "am"), self.slot(toks[r], r, 2, "pm")
                    out.append(Opt((i, r), (a, b), ((i, 1, "am"), (r, 2, "pm")), 1, 1, q, True, False, heavy[i]))
                for i in others:
                    a, b = self.slot(toks[r], r, 1, "am"), self.slot(toks[i], i, 2, "pm")
                    out.append(Opt((r, i), (a, b), ((r, 1, "am"), (i, 2, "pm")), 1, 1, q, False))
        return out

    # -- the search ----------------------------------------------------------------------------------

    def solve(self, p: WeekProblem, counts: Sequence[int], bound: float = float("inf"),
              budget: int = NODE_BUDGET, exhaust: bool = True) -> Placement | None:
        """The cheapest placement of ``counts`` of each token under ``bound`` (or None).

        After ``budget`` nodes the best placement so far is returned; with none found yet the search goes on
        to :data:`PROOF_BUDGET` when ``exhaust`` (so "None" means "none exists"), else it gives up.

        Exact answers are memoised on what the search sees of the week (:meth:`view`) whatever the bound
        (the optimum, and the first among equal ones, does not depend on it): weeks that differ only in
        what no rule or cost looks at share one search. A placement from the memo reports no nodes."""
        counts = tuple(counts)
        if budget < NODE_BUDGET or not exhaust:
            return _Run(self, p, counts, bound, budget, exhaust).go()
        key = (self.view(p), counts)
        hit = self._solved.get(key)
        if hit is not None:
            placement, searched = hit
            if placement is not None:
                if placement.cost >= bound:
                    return None
                return Placement(placement.days, placement.cost, placement.counts, 0)
            if bound <= searched:
                return None
        run = _Run(self, p, counts, bound, budget, exhaust)
        placement = run.go()
        if not run.stop:  # within the node budget: exact
            if len(self._solved) > 4096:
                self._solved.clear()
            self._solved[key] = (placement, bound)
        return placement

    def view(self, p: WeekProblem) -> tuple:
        """The week as the search sees it: each token as what the rules and costs read of it (its minutes
        only as far as a rule reads minutes or clock hours: :meth:`_minutes_seen`), each phase as the rules
        it turns on (the tail's and the next week's as far as cross-day rules go), and no intensity rule
        that no session of the week can break."""
        rules, phase = p.rules, p.phase
        seen, dead = self.seen(p)
        return (seen, p.fixed, p.run_ok, rules, self.rules_on(rules, phase, dead), p.race_day, p.rest_pref,
                p.long_day, p.after_race, p.tail, self._cross_on(rules, p.tail_phase), p.ahead,
                self._cross_on(rules, p.ahead_phase), p.rest_target, p.weights, p.closed, p.locked, p.prev_days,
                p.race_eve)

    def seen(self, p: WeekProblem) -> tuple:
        """(each token of ``p`` as the search sees it, the intensity rules no session of the week can break);
        the last answer is kept, as a search asks for it again."""
        last = self._last_seen
        if last[0] is p:
            return last[1]
        rules, phase = p.rules, p.phase
        intensity, timed, spans = self._cached(("rules", rules, phase), lambda: (
            tuple(r for r in rules if isinstance(r, Intensity) and r.on(phase)),
            any(isinstance(r, Duration) or (isinstance(r, SameDayOrder) and r.gap)
                or (isinstance(r, Spacing) and r.hours is not None) for r in rules),
            _spans(rules)))
        dead = tuple(r for r in intensity if not self._can_break(r, p))
        live = tuple(r for r in intensity if r not in dead)
        starts = None
        if timed and spans and spans[1]:  # the starts of every session of the week, its tail and next days
            starts = self._cached(("starts", p.fixed, p.tail, p.ahead), lambda: _starts(p))
        # one object for what the tokens are seen in: cheap to hash in the tokens' keys
        ctx = self._cached(("seen", live, timed, spans, starts), object)
        seen = tuple(self._cached(("token", t, ctx), lambda t=t: (
            t.sport, t.role, self._minutes_seen(t, timed, spans, starts, ctx), t.intensity == "hard",
            t.type == "mobility", self.token_masks(t), tuple(t.intensity in r.allowed for r in live)))
            for t in p.tokens)
        self._last_seen = (p, (seen, dead))
        return seen, dead

    def _minutes_seen(self, t: Token, timed: bool, spans: tuple | None, starts: tuple | None, ctx: object) -> Any:
        """What the search sees of a token's minutes (see :meth:`view`): none when no rule reads minutes or
        clock hours; when only spacing rules in hours do (``spans``), whether each gap its sessions can
        leave before a later session is short of the rule's hours (cached per ``ctx`` and minutes); else
        the minutes."""
        if not timed:
            return 0
        if spans is None or any(m & spans[0] for m in self.token_masks(t)):
            return t.minutes
        minutes = t.minutes
        return self._cached(("gaps", ctx, minutes), lambda: tuple(
            24.0 * d + b - (a + minutes / 60.0) < hours
            for hours, reach in spans[1] for d in range(reach + 1) for a in _TOKEN_STARTS for b in starts))

    def rules_on(self, rules: tuple[FastRule, ...], phase: str, off: tuple = ()) -> tuple[bool, ...]:
        """Which of ``rules`` ``phase`` turns on, but for those in ``off`` (cached)."""
        return self._cached(("on", rules, phase, off), lambda: tuple(r.on(phase) and r not in off for r in rules))

    def _cross_on(self, rules: tuple[FastRule, ...], phase: str | None) -> tuple | None:
        """Which cross-day rules (spacing, max-consecutive) ``phase`` turns on (None: no phase; cached)."""
        if phase is None:
            return None
        return self._cached(("cross", rules, phase), lambda: tuple(r.on(phase) for r in rules if r.cross))

    def _cached(self, key: tuple, make):
        hit = self._views.get(key)
        if hit is None:
            if len(self._views) > 4096:
                self._views.clear()
            hit = self._views[key] = make()
        return hit

    def _can_break(self, r: Intensity, p: WeekProblem) -> bool:
        """Whether a token or fixed session of ``p`` that ``r`` selects has an intensity it does not allow."""
        for t in p.tokens:
            if t.intensity not in r.allowed and any(m & r.bit for m in self.token_masks(t)):
                return True
        return any(sl.mask & r.bit and sl.intensity not in r.allowed for day in p.fixed for sl in day)


#: The starts a placed session can have (see :meth:`Searcher.options`: alone, first or second of a day).
_TOKEN_STARTS = tuple(sorted({start_of("any", 1), start_of("am", 1), start_of("pm", 2)}))


def _spans(rules: Sequence[FastRule]) -> tuple | None:
    """When clock hours matter to ``rules`` only through spacing rules in hours: (the selector bits of rules
    that read a session's minutes, (hours, reach) per spacing rule in hours); else None."""
    if any(isinstance(r, SameDayOrder) and r.gap for r in rules):
        return None
    bits = 0
    for r in rules:
        if isinstance(r, Duration):
            bits |= r.bit
    return bits, tuple((r.hours, r.reach) for r in rules if isinstance(r, Spacing) and r.hours is not None)


def _starts(p: WeekProblem) -> tuple:
    """Every start a session of ``p``'s week, tail or next days can have (sorted)."""
    found = set(_TOKEN_STARTS)
    for days in (p.fixed, p.tail, p.ahead):
        for day in days:
            found.update(sl.start for sl in day)
    return tuple(sorted(found))


def _rule_lists(rules: Sequence[FastRule], cur: str, prev: str | None) -> tuple:
    """The week's rules sorted by how the search uses them (computed once per rule set and phases)."""
    # within-day rules, and the same-day pairs of spacing rules
    day_rules = [r for r in rules if r.on(cur) and not r.weekly and not isinstance(r, MaxConsecutive)]
    spacing = [r for r in rules if isinstance(r, Spacing) and (r.on(cur) or (prev is not None and r.on(prev)))]
    streaks = [r for r in rules if isinstance(r, MaxConsecutive) and r.on(cur)]
    spacing_cur = [r for r in rules if isinstance(r, Spacing) and r.on(cur)]
    weekly = [r for r in rules if r.weekly and r.on(cur)]
    counts_hard = [r for r in weekly if isinstance(r, Count) and r.hard]
    day_free = [r for r in day_rules if not isinstance(r, BeforeEvent)]
    events = [r for r in day_rules if isinstance(r, BeforeEvent)]
    return day_rules, spacing, streaks, spacing_cur, weekly, counts_hard, day_free, events


class _Run:
    """One branch-and-bound search over the days, with a transposition table (see :meth:`dfs`)."""

    def __init__(self, searcher: Searcher, p: WeekProblem, counts: tuple[int, ...], bound: float,
                 budget: int, exhaust: bool = True):
        self.s = searcher
        self.p = p
        self.full_counts = tuple(counts)
        self.bound = bound
        self.budget = budget
        self.limit = PROOF_BUDGET if exhaust else budget
        self.nodes = 0
        self.stop = False
        self.found = False
        w = p.weights
        self.w_rest = w.rest_day if w else 8
        self.w_long = w.long_run_day if w else 10
        self.w_rest_target = w.missing_rest if w else 12
        self.w_bunch_rest = w.bunched_rest if w else 5
        self.w_bunch_runs = w.bunched_runs if w else 3
        self.w_hard = w.back_to_back_hard if w else 8
        self.w_long_lift = w.long_run_day_strength if w else 8
        cur, prev = p.phase, p.tail_phase
        lists = searcher._rule_lists.get((p.rules, cur, prev))
        if lists is None:
            lists = searcher._rule_lists[(p.rules, cur, prev)] = _rule_lists(p.rules, cur, prev)
        (self.day_rules, self.spacing, self.streaks, self.spacing_cur, self.weekly, self.counts_hard,
         self.day_free_rules, event_rules) = lists
        self.event_rules = event_rules if p.race_day is not None else []
        self.tail = list(p.tail)
        self.T = len(self.tail)
        self.placed: list[Opt | None] = [None] * 7
        #: bits per token in the packed counts (see :meth:`pack`)
        self.width = max([COUNT_BITS] + [c.bit_length() for c in counts])
        # what the preparation depends on; the phase only through the rules it turns on, so phases with the
        # same rules share it (and the transposition table of the days the tail does not reach)
        # the tokens as the search sees them: weeks whose minutes differ only where no rule can tell share it
        kit_key = (searcher.seen(p), p.fixed, p.run_ok, searcher.rules_on(p.rules, cur), p.rules, p.closed,
                   p.locked, tuple(c > 0 for c in counts), self.width)
        p_key = kit_key + (p.race_day, p.rest_pref, p.long_day, p.after_race, p.race_eve, p.weights)
        self._split_weekly()
        #: the weekly rules the tokens alone decide (None: a hard one fails); a week they already make as
        #: costly as the bound is not searched (nor prepared)
        self.decided = self._decided()
        if self.decided is None or self.decided >= bound:
            return
        prepared = searcher._opt_cache.get(p_key)
        if prepared is None:
            kit = searcher._kits.get(kit_key)
            if kit is None:
                if len(searcher._kits) > 1024:
                    searcher._kits.clear()
                kit = searcher._kits[kit_key] = _Kit()
            prepared = self._prepare(kit)
            if len(searcher._opt_cache) > 1024:  # each holds its tables too: keep memory bounded
                searcher._opt_cache.clear()
            searcher._opt_cache[p_key] = prepared
        self.__dict__.update(prepared)
        self._tail_context()
        # the transposition table and the cross-day costs (see dfs): from the day on which neither the tail
        # nor the previous week's last days reach any more, a state's completions and an option's costs are
        # the same for every tail, so those are shared by the searches of this week with the same next-week
        # sessions and rest target
        self.tt: dict[tuple, tuple] = {}
        self.rows: dict[tuple, list] = {}
        self.deep_from = max(2, self.reach)
        deep_key = (p.ahead, p.ahead_phase, p.rest_target, self.reach)  # the reach shapes the context
        deep = self.deep_tts.get(deep_key)
        if deep is None or len(deep[0]) > 50_000:
            deep = self.deep_tts[deep_key] = ({}, {})
        self.deep_tt, self.deep_rows = deep
        self.leaves: dict[tuple, int | None] = {}
        self.toks_run = [t.is_run for t in p.tokens]
        self.rests: dict[int, float | None] = {}
        # rest_bound is 0 from this many days free on
        self.rest_free = max([p.rest_target] + [r.lo for r in self.rest_rules])
        self.prev_run0 = bool(p.prev_days) and p.prev_days[-1][0]

    # -- preparation (cached on the searcher for equal weeks: the tail plays no part here) ------------

    def _prepare(self, kit: _Kit) -> dict[str, Any]:
        """What depends on the week but not on its tail: the options of each day (from ``kit``) and their
        vectors."""
        self.kit = kit
        self._traits = kit.traits
        self.all_opts = self._all_opts()
        self._shape_bounds()
        self._lower_bounds()
        self._vectors()
        #: the counting states (streaks, counted days, weekly counts) by id, and per (day, state) what each
        #: option of the day makes of it (see :meth:`step`)
        self.states: list[tuple] = []
        self.state_ids: dict[tuple, int] = {}
        self.steps: dict[tuple, list] = {}
        names = ("all_opts", "lb", "solo", "fixed_after", "open_days", "rest_rules", "restable",
                 "hard_room", "hard_tokens", "run_days_after", "open_after", "min_start", "max_end", "long_tokens", "long_cost", "run_cost", "fixed_run",
                 "run_memo", "cand_rows", "cands", "deep_tts", "states", "state_ids", "steps")
        return {name: getattr(self, name) for name in names}

    def _shape_bounds(self) -> None:
        """The static parts of the week-shape bounds (see :meth:`_candidates`)."""
        p = self.p
        (self.restable, self.hard_room, self.run_days_after, self.open_after, self.fixed_after,
         self.fixed_run) = self.s._cached(
            ("days", p.run_ok, p.after_race, p.fixed, p.closed), lambda: _day_tables(p))
        self.hard_tokens = [i for i, t in enumerate(p.tokens) if t.is_run and t.role in ("quality", "long")]

    def _tail_context(self) -> None:
        """Per run: the tail's masks, streaks carried in, the spacing rules' real reach and the streaks that
        run on into the next week."""
        p = self.p
        prev, nxt = p.tail_phase, p.ahead_phase
        self.tail_masks = []
        for day_slots in self.tail:
            m = 0
            for sl in day_slots:
                m |= sl.mask
            self.tail_masks.append(m)
        self.streak0 = []
        for r in self.streaks:
            n = 0
            if prev is not None and r.on(prev):
                for day in reversed(self.tail):
                    if any(s.mask & r.bit for s in day):
                        n += 1
                    else:
                        break
            self.streak0.append(min(n, r.max + 2))
        self.spacing_ahead = self.spacing_cur if p.ahead else []
        self.ahead_streaks = []
        if p.ahead and nxt is not None:
            for j, r in enumerate(self.streaks):
                if not r.on(nxt):
                    continue
                lead = 0
                for day in p.ahead:
                    if any(sl.mask & r.bit for sl in day):
                        lead += 1
                    else:
                        break
                if lead:
                    self.ahead_streaks.append((j, r, lead))
        # how far back a spacing rule can really reach: an hour gap can only be broken between days whose
        # sessions end late enough and start early enough
        max_end = max([self.max_end] + [sl.end for day in self.tail for sl in day])
        min_start = min([self.min_start] + [sl.start for day in p.ahead for sl in day])
        self.spacing_reach = []
        for r in self.spacing:
            reach = r.reach
            if r.hours is not None:
                while reach > 0 and 24.0 * reach + min_start - max_end >= r.hours:
                    reach -= 1
            self.spacing_reach.append((r, reach))
        self.reach = max([reach for _, reach in self.spacing_reach] + [0])

    def _static(self, opts: list[Opt], day: int, free: bool) -> list[tuple]:
        """(within-day cost, -sessions, index, option) of each of ``opts`` on ``day`` that breaks no hard rule.
        The day-free part of the cost (every within-day rule but before-event) and what the preferences look
        at are worked out once per option; the day part adds before-event rules and the preferences."""
        p = self.p
        traits_of, day_free, events = self._traits, self.day_free_rules, self.event_rules
        eve, rest, after = day in p.race_eve, day in p.rest_pref, day in p.after_race
        far = p.long_day is not None and day != p.long_day  # a long run here is away from the long-run day
        long_cost = self.w_long + abs(day - p.long_day) if far else 0
        found = []
        for k, opt in enumerate(opts):
            traits = traits_of.get(id(opt))
            if traits is None:
                base = self._rules_cost(opt, day, day_free) if free else None
                traits = traits_of[id(opt)] = (base,) + self._prefs_of(opt)
            base, eve_bad, n_mob, n_other, n_long, lift = traits
            if not free:
                base = self._rules_cost(opt, day, day_free)
            if base is None or (eve_bad and eve):
                continue
            cost = base
            if events:
                extra = self._rules_cost(opt, day, events)
                if extra is None:
                    continue
                cost += extra
            if rest:
                cost += n_mob + n_other * self.w_rest
            if n_long and far:
                cost += n_long * long_cost
            if after:
                cost += 3 * n_mob + AFTER_RACE_COST * n_other
            if n_long and lift:
                cost += self.w_long_lift
            found.append((cost, -len(opt.placed), k, opt))
        return found

    def _prefs_of(self, opt: Opt) -> tuple:
        """What the preferences see of an option's new sessions: a quality or long run (none the days
        before the race), mobility and other sessions (rest days, after the race), long runs and lifting."""
        eve_bad = lift = False
        n_mob = n_other = n_long = 0
        for ti, _, _ in opt.placed:
            tok = self.p.tokens[ti]
            eve_bad = eve_bad or (tok.is_run and tok.role in ("quality", "long"))
            if tok.sport == "mobility":
                n_mob += 1
            else:
                n_other += 1
            if tok.role == "long":
                n_long += 1
            elif tok.sport == "strength" and tok.type != "mobility":
                lift = True
        return eve_bad, n_mob, n_other, n_long, lift

    def _rules_cost(self, opt: Opt, day: int, rules) -> int | None:
        cost = 0
        slots = opt.slots
        race_day = self.p.race_day
        for r in rules:
            n = r.day_findings(slots, day, race_day)
            if n:
                if r.hard:
                    return None
                cost += n * r.weight
        return cost

    def _split_weekly(self) -> None:
        """Weekly rules whose verdict the tokens alone decide (sessions counted, minutes summed, whatever the
        days) are judged once per search (:meth:`_decided`); the others are counted day by day."""
        masks = [self.s.token_masks(t) for t in self.p.tokens]
        self.decided_rules = []
        self.weekly_left = []
        for r in self.weekly:
            whole = (isinstance(r, Count) and r.unit == "sessions") or (isinstance(r, Duration) and r.weekly)
            bit = r.bit
            if whole and not any(m[1] & bit != m[0] & bit or m[2] & bit != m[0] & bit for m in masks):
                self.decided_rules.append(r)
            else:
                self.weekly_left.append(r)  # the days, or the time of day, matter to this rule

    def _vectors(self) -> None:
        """Per option (once per Opt, whatever the day): what the count, streak and weekly rules see, its
        context ids (what the next days' costs see of it) and its runs. Per day, what :meth:`_candidates`
        reads of each option: with its tokens' share of the bounds after it."""
        p = self.p
        # what spacing rules can see of a day: the masks of its sessions, with clock hours only when a
        # rule counts hours (days-based rules look at the day alone)
        rel, hours = self.s._cached(("spacing", p.rules), lambda: _spacing_seen(p.rules))
        self._hours = hours
        ids, done = self.kit.ids, self.kit.done
        long_tokens = set(self.long_tokens)
        self.cand_rows = []
        toks_run = [t.is_run for t in p.tokens]
        for day in range(7):
            lb_next, solo_next = self.lb[day + 1], self.solo[day + 1]
            # the row depends on the day's options and the bounds after it alone: kept with the options
            rows = self.day_opts[day].rows
            key = (tuple(lb_next), tuple(solo_next))
            row = rows.get(key)
            if row is None:
                if len(rows) > 256:
                    rows.clear()
                row = rows[key] = []
                for k, (c0, opt) in enumerate(self.all_opts[day]):
                    if id(opt) not in done:
                        done.add(id(opt))
                        self._opt_vectors(opt, rel, ids, long_tokens)
                    h = 0.0
                    n = 0
                    for ti in opt.uses:
                        if not toks_run[ti]:
                            h += lb_next[ti]
                        if solo_next[ti]:
                            n += 1
                    row.append((k, c0, opt, opt.use_bits, opt.runs, opt.others, h, opt.shape, n, opt.nonempty))
            self.cand_rows.append(row)
        self.min_start = min(d.min_start for d in self.day_opts)
        self.max_end = max(d.max_end for d in self.day_opts)

    def _opt_vectors(self, opt: Opt, rel: int, ids: dict[tuple, int], long_tokens: set[int]) -> None:
        opt.count_hits = tuple(
            (sum(1 for sl in opt.slots if sl.mask & r.bit) if r.hi is not None else 0)
            if r.unit == "sessions" else (1 if opt.dmask & r.bit else 0)
            for r in self.counts_hard)
        opt.streak_hits = tuple(bool(opt.dmask & r.bit) for r in self.streaks)
        opt.wk = tuple(_weekly_share(r, opt) for r in self.weekly_left)
        if self._hours:
            sig = tuple(sorted((sl.mask & rel, sl.start, sl.end) for sl in opt.slots if sl.mask & rel))
        else:
            sig = tuple(sorted(sl.mask & rel for sl in opt.slots if sl.mask & rel))
        opt.sid = ids.setdefault(sig, len(ids))
        opt.rid = ids.setdefault((opt.run_day, sig), len(ids))
        opt.cid = ids.setdefault((opt.run_day, opt.hard, opt.strength, sig), len(ids))
        opt.code = sum(1 << (self.width * ti) for ti in opt.uses)
        opt.longs = sum(1 for ti in opt.uses if ti in long_tokens)
        opt.other_runs = opt.runs - opt.longs
        opt.shape = (opt.longs, opt.other_runs, opt.run_day, opt.hard_runs)

    def _all_opts(self) -> list[list[tuple[int, Opt]]]:
        """Every option of each day that breaks no hard within-day rule, cheapest first (counts are checked
        when an option is tried)."""
        p = self.p
        days = self.kit.days
        out = []
        self.day_opts = []
        n = len(p.tokens)
        for day in range(7):
            free = not p.fixed[day] and day not in p.closed
            key = self._day_key(day, free)
            hit = days.get(key)
            if hit is None:
                if free:
                    opts = self._options(None, day) if p.run_ok[day] else self._options_without_runs()
                else:
                    opts = self._options(day, day)
                found = self._static(opts, day, free)
                found.sort()  # by cost, more sessions first, then as made (k is unique: options never compared)
                hit = days[key] = _DayOpts([(c, o) for c, _, _, o in found], n)
            self.day_opts.append(hit)
            out.append(hit.opts)
        return out

    def _day_key(self, day: int, free: bool) -> tuple:
        """What :meth:`_static` reads of ``day`` besides the kit: a day without fixed sessions is known by
        whether it allows runs, the others by their index; then the race eve, rest and after-race days, the
        long-run day's cost, the day and the race day when a before-event rule judges it (the race day for a
        fixed day too), and the weights. Days with equal keys share their options' costs, so whatever
        :meth:`_static` comes to read of a day must be added here."""
        p = self.p
        far = p.long_day is not None and day != p.long_day
        return (p.run_ok[day] if free else -1 - day, day in p.race_eve, day in p.rest_pref, day in p.after_race,
                self.w_long + abs(day - p.long_day) if far else 0, day if self.event_rules else None,
                p.race_day if self.event_rules or not free else None, self.w_rest, self.w_long_lift)

    def _options(self, which: int | None, day: int) -> list[Opt]:
        """The options of day ``which`` (None: of every day without fixed sessions, as on ``day``), made once
        per kit."""
        opts = self.kit.options.get(which)
        if opts is None:
            opts = self.kit.options[which] = self.s.options(self.p, self.full_counts, day, free=which is None)
        return opts

    def _options_without_runs(self) -> list[Opt]:
        """The options of a day without fixed sessions where the athlete does not run (made once per kit)."""
        opts = self.kit.options.get(-1)
        if opts is None:
            opts = self.kit.options[-1] = [o for o in self._options(None, 0) if not o.runs]
        return opts

    def _lower_bounds(self) -> None:
        """``self.lb[d][i]``: the least static cost token ``i`` can add on day ``d`` or later (an option's cost
        shared between its tokens), infinity when no day is left for it: a bound on the cost still to come."""
        n = len(self.p.tokens)
        inf = NO_DAY
        per_day = [d.best for d in self.day_opts]
        lb = [[inf] * n for _ in range(8)]
        for day in range(6, -1, -1):
            lb[day] = [min(a, b) for a, b in zip(per_day[day], lb[day + 1])]
        self.lb = lb
        # per day, the least share a long run or another run can take there (for :meth:`run_bound`)
        toks = self.p.tokens
        self.long_tokens = [i for i, t in enumerate(toks) if t.is_run and t.role == "long"]
        other_runs = [i for i, t in enumerate(toks) if t.is_run and t.role != "long"]
        self.long_cost = [min([per_day[d][i] for i in self.long_tokens] + [inf]) for d in range(7)]
        self.run_cost = [min([per_day[d][i] for i in other_runs] + [inf]) for d in range(7)]
        # run_bound depends on these alone: weeks (patterns) with equal ones share its table
        run_key = (tuple(self.long_cost), tuple(self.run_cost), tuple(self.fixed_run), self.p.run_ok, self.restable,
                   self.w_bunch_rest, self.w_bunch_runs)
        self.run_memo = self.s._run_memos.get(run_key)
        if self.run_memo is None:
            if len(self.s._run_memos) > 4096:
                self.s._run_memos.clear()
            self.run_memo = self.s._run_memos[run_key] = {}
        #: _candidates per (day, counts, prev_run), shared by the searches of this week
        self.cands: dict[tuple, tuple] = {}
        self.deep_tts: dict[tuple, tuple] = {}
        # tokens that can share a day from day d on (with a run or a fixed session), for the rest-day bound
        shares = [[False] * n for _ in range(8)]
        for day in range(6, -1, -1):
            shares[day] = [a or b for a, b in zip(shares[day + 1], self.day_opts[day].shared)]
        p = self.p
        runs = [t.is_run for t in p.tokens]
        self.solo = [[not shares[d][i] and not runs[i] for i in range(n)] for d in range(8)]
        self.open_days = 7 - len(p.closed)
        # weekly "days without X" rules where X is every session: bounded by the days still free
        self.rest_rules = []
        for r in self.weekly:
            if isinstance(r, Count) and r.unit == "days-without" and r.lo is not None and \
                    all(self.s.token_masks(t)[0] & r.bit for t in p.tokens) and \
                    all(sl.mask & r.bit for f in p.fixed for sl in f):
                self.rest_rules.append(r)

    # -- costs -----------------------------------------------------------------------------------------

    def cross_cost(self, day: int, opt: Opt) -> int | None:
        """Spacing findings between ``opt`` and the days before it (and the next week's fixed days), and the
        week-shape costs of it next to the day before; None when a hard rule breaks. A function of the day,
        the option and the context ids of the days before (see :meth:`context`)."""
        cost = 0
        p = self.p
        cur, prev = p.phase, p.tail_phase
        dmask = opt.dmask
        late = opt.slots
        tail_masks, T, placed = self.tail_masks, self.T, self.placed
        for r, reach in self.spacing_reach:
            if not dmask & r.any:
                continue
            on_late = r.on(cur)
            late_f = dmask & r.f
            late_t = dmask & r.t
            for e in range(max(-T, day - reach), day):
                if e < 0:
                    em = tail_masks[T + e]
                    on_early = prev is not None and r.on(prev)
                else:
                    em = placed[e].dmask
                    on_early = on_late
                # a pair needs a "first" session before a "then" one (or the other way round)
                if not ((r.after and on_early and em & r.f and late_t)
                        or (r.before and on_late and em & r.t and late_f)):
                    continue
                early = self.tail[T + e] if e < 0 else placed[e].slots
                n = r.between(early, late, day - e, on_early, on_late)
                if n:
                    if r.hard:
                        return None
                    cost += n * r.weight
        ahead = p.ahead
        if ahead:
            nxt = p.ahead_phase
            for r in self.spacing_ahead:
                if not dmask & r.any:
                    continue
                for a in range(len(ahead)):
                    distance = 7 + a - day
                    if distance > r.reach:
                        break
                    later = ahead[a]
                    if later:
                        n = r.between(late, later, distance, r.on(cur), r.on(nxt))
                        if n:
                            if r.hard:
                                return None
                            cost += n * r.weight
        if day > 0:
            before = placed[day - 1]
            cost += self._pair_cost(before, opt, day - 1, day)
            if day >= 2 and opt.run_day and before.run_day and placed[day - 2].run_day:
                cost += self.w_bunch_runs
        elif p.prev_days:
            cost += boundary_cost(p, self.restable[0], opt.run_day, opt.hard, opt.strength)
        if day == 1 and p.prev_days and opt.run_day and placed[0].run_day and p.prev_days[-1][0]:
            cost += self.w_bunch_runs
        return cost

    def _pair_cost(self, x: Opt, y: Opt, a: int, b: int) -> int:
        """The week-shape cost of days ``a`` and ``b`` side by side (see ``[planner.weights]``)."""
        cost = 0
        if x.hard and y.hard:
            cost += self.w_hard
        if x.strength and y.strength:
            cost += ADJACENT_STRENGTH_COST
        if not x.run_day and not y.run_day and self.restable[a] and self.restable[b]:
            cost += self.w_bunch_rest
        return cost

    def _decided(self) -> int | None:
        """The cost of the weekly rules the tokens alone decide (:meth:`_split_weekly`), or None when a hard
        one already fails."""
        p = self.p
        cost = 0
        masks = [self.s.token_masks(t) for t in p.tokens]
        for r in self.decided_rules:
            bit = r.bit
            fixed = [sl for f in p.fixed for sl in f if sl.mask & bit]
            hits = [(t, c) for t, c, m in zip(p.tokens, self.full_counts, masks) if c and m[0] & bit]
            if isinstance(r, Count):
                n = len(fixed) + sum(c for _, c in hits)
            else:
                n = sum(sl.minutes for sl in fixed) + sum(t.minutes * c for t, c in hits)
            if (r.hi is not None and n > r.hi) or (r.lo is not None and n < r.lo):
                if r.hard:
                    return None
                cost += r.weight
        return cost

    def leaf_cost(self, streaks: tuple, wk: tuple, occupied: int) -> int | None:
        """What a complete week adds at its end: streaks running on into the next week, the weekly rules
        counted day by day, missing rest days (None when a hard rule breaks)."""
        cost = 0
        for j, r, lead in self.ahead_streaks:
            n = streaks[j]
            if n and n <= r.max < n + lead:
                if r.hard:
                    return None
                cost += r.weight
        for r, n in zip(self.weekly_left, wk):
            if isinstance(r, Count) and r.unit == "days-without":
                n = 7 - n
            if (r.hi is not None and n > r.hi) or (r.lo is not None and n < r.lo):
                if r.hard:
                    return None
                cost += r.weight
        rest = 7 - occupied
        if rest < self.p.rest_target:
            cost += (self.p.rest_target - rest) * self.w_rest_target
        return cost

    # -- the search ------------------------------------------------------------------------------------

    def go(self) -> Placement | None:
        decided = self.decided
        if decided is None or decided >= self.bound:
            return None
        start = self.state_of((tuple(self.streak0), (0,) * len(self.counts_hard), (0,) * len(self.weekly_left)))
        value, comp = self.dfs(0, self.bound - decided, start, 0, self.pack(self.full_counts))
        if comp is None:
            return None
        days = []
        while comp:
            opt, comp = comp
            days.append(opt.placed)
        return Placement(days=tuple(days), cost=decided + value, counts=self.full_counts, nodes=self.nodes)

    def pack(self, counts: Sequence[int]) -> int:
        """Token counts as one int, :attr:`width` bits each (an option takes its ``code`` off it)."""
        return sum(c << (self.width * i) for i, c in enumerate(counts))

    def unpack(self, left: int) -> list[int]:
        """The token counts packed in ``left`` (see :meth:`pack`)."""
        w = self.width
        mask = (1 << w) - 1
        return [(left >> (w * i)) & mask for i in range(len(self.full_counts))]

    def context(self, day: int) -> tuple:
        """What the costs of day ``day`` and later see of the days placed before it: the day before in full
        (week shape and spacing), the one before that (runs, spacing), earlier ones as far as spacing reaches."""
        placed = self.placed
        if day == 0:
            return ()
        if day == 1:
            return (placed[0].cid,)
        before2 = placed[day - 2]
        out = [placed[day - 1].cid, before2.rid if self.reach >= 2 else before2.run_day]
        for j in range(3, min(self.reach, day) + 1):
            out.append(placed[day - j].sid)
        return tuple(out)

    def dfs(self, day: int, bound: float, state: int, occupied: int, left: int) -> tuple:
        """The cheapest completion of the week from day ``day`` on, if one costs less than ``bound``.

        ``state`` is the id of the counting state (:meth:`state_of`), ``occupied`` the days taken so far,
        ``left`` the packed counts of the tokens left (:meth:`pack`). Returns (cost, completion) with the
        completion as nested (option, rest) pairs, or (lower bound, None) when none is below ``bound``. Both
        are kept per state in a transposition table: the state is everything later costs depend on (tokens
        left, streaks, counted days, the context of the days before), so other orders of placing the same
        sessions reuse it. The day's options are tried in the order of a lower bound on their whole cost
        (:meth:`_candidates`), each judged only when its turn comes: once that bound reaches the best so
        far, the rest are cut unseen."""
        if day == 7:
            return self.leaf(bound, state, occupied, left)
        ctx = self.context(day)
        key = (day, left, state, occupied, ctx)
        deep = day >= self.deep_from
        tt = self.deep_tt if deep else self.tt
        hit = tt.get(key)
        if hit is not None:
            value, comp = hit
            if comp is not None:
                if value < bound:
                    self.found = True
                    return hit
                return value, None
            if value >= bound:
                return hit
        self.nodes += 1
        if self.nodes > self.budget and (self.found or self.nodes > self.limit):
            self.stop = True
            return bound, None
        placed = self.placed
        prev_run = placed[day - 1].run_day if day else self.prev_run0
        ckey = (day, left, prev_run)
        cands = self.cands.get(ckey)
        if cands is None:
            cands = self.cands[ckey] = self._candidates(day, prev_run, left)
        need, opts = cands
        free = self.open_days - occupied
        rest_free = self.rest_free
        if free - need < rest_free and self.rest_cost(free - need) is None:
            tt[key] = result = (INF, None)
            return result
        rows = self.deep_rows if deep else self.rows
        row = rows.get((day, ctx))
        if row is None:
            row = rows[(day, ctx)] = [_UNSET] * len(self.all_opts[day])
        steps = self.steps.get((day, state))
        if steps is None:
            steps = self.steps[(day, state)] = [_UNSET] * len(self.all_opts[day])
        best, comp, lb = bound, None, INF
        for f0, c0, k, opt, taken in opts:
            if f0 >= best:
                lb = min(lb, f0)
                break
            f = f0
            if free - taken < rest_free:
                rest = self.rest_cost(free - taken)
                if rest is None:
                    continue
                f += rest
            cc = row[k]
            if cc is _UNSET:
                cc = row[k] = self.cross_cost(day, opt)
            if cc is None:
                continue
            step = steps[k]
            if step is _UNSET:
                step = steps[k] = self.step(day, state, opt)
            if step is None:
                continue
            child, extra = step
            local = c0 + cc + extra
            f += cc + extra
            if f >= best:
                lb = min(lb, f)
                continue
            if child is None:
                continue
            placed[day] = opt
            value, sub = self.dfs(day + 1, best - local, child, occupied + opt.nonempty, left - opt.code)
            if sub is not None:
                best = local + value
                comp = (opt, sub)
            elif local + value < lb:
                lb = local + value
            if self.stop:
                break
        result = (best, comp) if comp is not None else (lb, None)
        if not self.stop:
            tt[key] = result
        return result

    def state_of(self, state: tuple) -> int:
        """The id of a counting state (streaks, counted days, weekly counts), shared by the searches of
        this week (see :meth:`dfs`)."""
        sid = self.state_ids.get(state)
        if sid is None:
            sid = self.state_ids[state] = len(self.states)
            self.states.append(state)
        return sid

    def step(self, day: int, state: int, opt: Opt) -> tuple | None:
        """(the state after ``opt`` on day ``day``, what its streaks cost); None when a hard streak rule
        breaks, a state of None when a hard count rule can no longer be met."""
        streaks, days_with, wk = self.states[state]
        cost = 0
        if self.streaks:
            after = self.streak_step(streaks, opt.streak_hits)
            if after is None:
                return None
            streaks, cost = after
        if self.counts_hard:
            days_with = self.count_step(day, days_with, opt.count_hits)
            if days_with is None:
                return None, cost
        if wk:
            wk = tuple(map(add, wk, opt.wk))
        return self.state_of((streaks, days_with, wk)), cost

    def streak_step(self, streaks: tuple, hits: tuple) -> tuple | None:
        """The streaks after a day with ``hits``, and their cost (None when a hard one breaks)."""
        step, cost = [], 0
        for j, r in enumerate(self.streaks):
            n = streaks[j] + 1 if hits[j] else 0
            if n == r.max + 1:
                if r.hard:
                    return None
                cost += r.weight
            step.append(min(n, r.max + 2))  # longer streaks cost nothing more
        return tuple(step), cost

    def count_step(self, day: int, days_with: tuple, hits: tuple) -> tuple | None:
        """The hard count rules' counters after day ``day`` adds ``hits`` (None when one can no longer be
        met)."""
        step = []
        left = 6 - day
        for j, r in enumerate(self.counts_hard):
            n = days_with[j] + hits[j]
            step.append(n)
            if r.unit == "sessions":
                broken = r.hi is not None and n > r.hi
            elif r.unit == "days":
                broken = (r.hi is not None and n > r.hi) or (r.lo is not None and n + left < r.lo)
            else:
                without = day + 1 - n
                broken = (r.hi is not None and without > r.hi) or (r.lo is not None and without + left < r.lo)
            if broken:
                return None
        return tuple(step)

    def rest_cost(self, rest_max: int) -> float | None:
        """:meth:`rest_bound`, cached."""
        hit = self.rests.get(rest_max, _UNSET)
        if hit is _UNSET:
            hit = self.rests[rest_max] = self.rest_bound(rest_max)
        return hit

    def leaf(self, bound: float, state: int, occupied: int, left: int) -> tuple:
        if left:
            return INF, None
        key = (state, occupied)
        if key in self.leaves:
            cost = self.leaves[key]
        else:
            streaks, _, wk = self.states[state]
            cost = self.leaves[key] = self.leaf_cost(streaks, wk, occupied)
        if cost is None:
            return INF, None
        if cost < bound:
            self.found = True
            return cost, ()
        return cost, None

    def _candidates(self, day: int, prev_run: bool, left: int) -> tuple:
        """What the tokens ``left`` (packed counts) decide at day ``day``, cached per (day, counts, whether the
        day before is a run day): the days the sessions left still need, and the options that fit as
        (bound, static cost, index, option, days its child takes or still needs), sorted by the bound: the
        option's static cost plus a lower bound on what the tokens left after it will cost (the other
        sessions' static shares, :meth:`run_bound` for the runs, back-to-back hard runs)."""
        counts = self.unpack(left)
        solo, solo_next = self.solo[day], self.solo[day + 1]
        lb_next = self.lb[day + 1]
        solo_left = solo_next_left = 0
        H = 0.0
        for i, c in enumerate(counts):
            if c:
                if solo[i]:
                    solo_left += c
                if solo_next[i]:
                    solo_next_left += c
                if not self.toks_run[i]:
                    H += c * lb_next[i]
        left_runs = sum(c for c, run in zip(counts, self.toks_run) if run)
        left_other = sum(counts) - left_runs
        need = max(self.fixed_after[day] + left_runs + solo_left, left_other)
        hard_left = 0
        for i in self.hard_tokens:
            hard_left += counts[i]
        longs = 0
        for i in self.long_tokens:
            longs += counts[i]
        runs = left_runs - longs
        fixed_next = self.fixed_after[day + 1]
        run_cap, other_cap = self.run_days_after[day], self.open_after[day]
        runs_after: dict[tuple, float] = {}
        out = []
        gone = 0  # the tokens none of which is left
        for i, c in enumerate(counts):
            if not c:
                gone |= 1 << i
        for k, c0, opt, use_bits, o_runs, o_others, hsub, shape, ssub, nonempty in self.cand_rows[day]:
            if use_bits & gone or left_runs - o_runs > run_cap or left_other - o_others > other_cap:
                continue
            h = H - hsub
            if h >= NO_DAY:
                continue
            after = runs_after.get(shape)
            if after is None:
                o_longs, o_other_runs, run_day, o_hard = shape
                after = runs_after[shape] = self._runs_after(day, longs - o_longs, runs - o_other_runs, run_day,
                                                             prev_run, hard_left - o_hard)
            h += after
            if h >= NO_DAY:
                continue
            need_child = fixed_next + left_runs - o_runs + solo_next_left - ssub
            if need_child < left_other - o_others:
                need_child = left_other - o_others
            out.append((c0 + h, c0, k, opt, nonempty + need_child))
        out.sort()  # by bound, static cost, index (unique: the options are never compared)
        return need, out

    def _runs_after(self, day: int, longs: int, runs: int, run_day: bool, prev_run: bool, hard_left: int) -> float:
        """A lower bound on what the runs left after day ``day`` will cost: :meth:`run_bound`, and back-to-back
        hard runs when more are left than the days after can keep apart."""
        bound = 0.0
        if day < 6:
            bound = self.run_bound(day + 1, longs, runs, run_day, prev_run)
        elif longs or runs:
            return NO_DAY
        over = hard_left - self.hard_room[day + 1]
        if over > 0:
            bound += over * self.w_hard
        return bound

    def run_bound(self, day: int, longs: int, runs: int, prev_run: bool, prev2: bool) -> float:
        """The least cost of the runs still to place on days ``day``.. Sunday: their static shares, bunched
        rest and bunched runs, exact for that relaxed problem (the day before ``day`` a run day or not, and
        the one before that). Cached per week (it depends on neither the tail nor the other sessions)."""
        key = (day, longs, runs, prev_run, prev2)
        hit = self.run_memo.get(key)
        if hit is not None:
            return hit
        if day == 7:
            best = 0 if not longs and not runs else NO_DAY
        else:
            if self.fixed_run[day]:
                choices = [(0, longs, runs, True)]
            else:
                choices = [(0, longs, runs, False)]
                if self.p.run_ok[day]:
                    if longs:
                        choices.append((self.long_cost[day], longs - 1, runs, True))
                    if runs:
                        choices.append((self.run_cost[day], longs, runs - 1, True))
            best = NO_DAY
            restable = self.restable
            for c, l2, r2, run in choices:
                if c >= NO_DAY:
                    continue
                if not prev_run and not run and restable[day - 1] and restable[day]:
                    c += self.w_bunch_rest
                if prev2 and prev_run and run:
                    c += self.w_bunch_runs
                best = min(best, c + self.run_bound(day + 1, l2, r2, run, prev_run))
        self.run_memo[key] = best
        return best

    def rest_bound(self, rest_max: int) -> float | None:
        """A lower bound on the rest-day costs still to come when at most ``rest_max`` days can stay free;
        None when a hard rule cannot be met."""
        extra = 0.0
        if rest_max < self.p.rest_target:
            extra += (self.p.rest_target - rest_max) * self.w_rest_target
        for r in self.rest_rules:
            if rest_max < r.lo:
                if r.hard:
                    return None
                extra += r.weight
        return extra


def _spacing_seen(rules: Sequence[FastRule]) -> tuple[int, bool]:
    """The selector bits spacing rules look at, and whether one counts clock hours."""
    rel = 0
    hours = False
    for r in rules:
        if isinstance(r, Spacing):
            rel |= r.any
            hours = hours or r.hours is not None
    return rel, hours


def _day_tables(p: WeekProblem) -> tuple:
    """What the week-shape bounds read of the days alone (see :meth:`_Run._shape_bounds`)."""
    # days where two in a row without a run are "bunched rest": the athlete could run on both
    restable = tuple(p.run_ok[d] and d not in p.after_race for d in range(7))
    # H hard runs (one a day) in a stretch of L days that could hold runs put at least H - ceil(L / 2)
    # pairs side by side: the room for hard runs from day d on
    hard_room = []
    for d in range(8):
        room = seg = 0
        for e in range(d, 8):
            if e < 7 and restable[e]:
                seg += 1
                continue
            room += (seg + 1) // 2
            seg = 0
        hard_room.append(room)
    run_days_after = [sum(1 for e in range(d + 1, 7) if p.run_ok[e] and not p.fixed[e]) for d in range(7)]
    open_after = [sum(1 for e in range(d + 1, 7) if e not in p.closed) for d in range(7)]
    fixed_after = [sum(1 for e in range(d, 7) if p.fixed[e] and e not in p.closed) for d in range(8)]
    fixed_run = [any(sl.ref is not None and not isinstance(sl.ref, int) and sl.ref.sport == "run" for sl in p.fixed[d])
                 for d in range(7)]
    return restable, hard_room, run_days_after, open_after, fixed_after, fixed_run


def _weekly_share(r: FastRule, opt: Opt) -> int:
    """What one day (option) adds to a weekly rule's count: sessions, a day with (or without), minutes."""
    bit = r.bit
    if isinstance(r, Count):
        if r.unit == "sessions":
            return sum(1 for sl in opt.slots if sl.mask & bit)
        return 1 if opt.dmask & bit else 0
    return sum(sl.minutes for sl in opt.slots if sl.mask & bit)


def boundary_cost(p: WeekProblem, restable0: bool, run: bool, hard: bool, strength: bool) -> int:
    """The week-shape cost of Monday (its flags) next to the previous week's last days (``p.prev_days``)."""
    if not p.prev_days:
        return 0
    w = p.weights
    sat, sun = p.prev_days[-2], p.prev_days[-1]
    prev_run, prev_hard, prev_strength, prev_restable = sun
    cost = 0
    if prev_hard and hard:
        cost += w.back_to_back_hard if w is not None else 8
    if prev_strength and strength:
        cost += ADJACENT_STRENGTH_COST
    if not prev_run and not run and prev_restable and restable0:
        cost += w.bunched_rest if w is not None else 5
    if run and prev_run and sat[0]:
        cost += w.bunched_runs if w is not None else 3
    return cost


def _day_flags(p: WeekProblem, d: int, placed: tuple) -> tuple[bool, bool, bool]:
    """(a run, hard, strength) of day ``d`` with the new sessions ``placed`` (token index, order, time)."""
    run = hard = strength = False
    for sl in p.fixed[d]:
        ref = sl.ref
        if ref is not None and not isinstance(ref, int):
            if ref.sport == "run":
                run = True
                hard = hard or ref.type in HARD_RUN_TYPES
            elif ref.sport == "strength":
                strength = True
                hard = hard or ref.intensity == "hard"
    for ti, _, _ in placed:
        tok = p.tokens[ti]
        if tok.is_run:
            run = True
            hard = hard or tok.role in ("quality", "long")
        elif tok.sport == "strength":
            strength = True
            hard = hard or tok.intensity == "hard"
    return run, hard, strength


def tail_cost(searcher: Searcher, p: WeekProblem, placement: Placement) -> int | None:
    """What the previous week's tail adds to a placement made without it: spacing pairs reaching back
    into the tail and streaks carried over (None when a hard rule breaks). 0 means the tail-free optimum
    is still optimal with this tail."""
    if not p.tail and not p.prev_days:
        return 0
    days = searcher.placed_days(p, placement)
    cur, prev = p.phase, p.tail_phase
    tail = p.tail
    T = len(tail)
    cost = 0
    if p.prev_days:
        run0, hard0, strength0 = _day_flags(p, 0, placement.days[0])
        restable0 = p.run_ok[0] and 0 not in p.after_race
        cost += boundary_cost(p, restable0, run0, hard0, strength0)
        if run0 and _day_flags(p, 1, placement.days[1])[0] and p.prev_days[-1][0]:
            cost += p.weights.bunched_runs if p.weights is not None else 3
    for r in p.rules:
        if isinstance(r, Spacing):
            if not (r.on(cur) or (prev is not None and r.on(prev))):
                continue
            for d in range(min(7, r.reach)):
                late = days[d]
                if not late:
                    continue
                for e in range(max(-T, d - r.reach), 0):
                    early = tail[T + e]
                    n = r.between(early, late, d - e, prev is not None and r.on(prev), r.on(cur))
                    if n:
                        if r.hard:
                            return None
                        cost += n * r.weight
        elif isinstance(r, MaxConsecutive) and r.on(cur) and prev is not None and r.on(prev):
            n = 0
            for day in reversed(tail):
                if any(sl.mask & r.bit for sl in day):
                    n += 1
                else:
                    break
            if n == 0:
                continue
            for d in range(7):
                if any(sl.mask & r.bit for sl in days[d]):
                    n += 1
                    if n == r.max + 1:
                        if r.hard:
                            return None
                        cost += r.weight
                else:
                    break
    return cost


__all__ = ["BeforeEvent", "Placement", "Searcher", "Token", "WeekProblem"]
