"""The week search: place a week's sessions on Monday..Sunday under hard rules, minimising soft costs.

Input (:class:`WeekProblem`): the *tokens* to place (sessions without a day: a long run, a tempo run, three
easy runs, two strength sessions ...) with their counts, the sessions fixed on given days (the race, or
every run of an overlaid running plan), the days the athlete can run, the preferences, the tail of the
previous week (for Sunday → Monday spacing and streaks) and the week's rules in their fast form
(:mod:`runlift.weekrules`).

Method: a depth-first search over the days Monday → Sunday. Each day takes one *day option*: nothing, a run,
a strength session, a mobility session, a run with a strength session (run first or lifting first, am/pm),
or a run with mobility after it; days with fixed sessions only take one more session after them. Every
option's within-day rules (same-day, same-day-order, before-event, duration, intensity) are judged once per
day; cross-day rules (spacing, max-consecutive) are judged against the days already placed; counts are
pruned as soon as they cannot end in range. Soft costs (warn-level rules, preferences) are added as they
become known, and the search is branch-and-bound: a partial week that already costs as much as the best
complete week is abandoned. Options are tried cheapest first, so the first complete week is usually good
and most of the tree is cut.

Week shape: besides rules and preferences, the search prices how the week looks (``[planner.weights]``
``bunched-rest``, ``bunched-runs``, ``back-to-back-hard``, ``long-run-day-strength``): pairs of days
side by side are judged as each day is placed, and the previous week's Saturday and Sunday
(``WeekProblem.prev_days``) count for Monday. The bound includes what a partial week can no longer avoid
(too few runs left to break up the days off; too many hard runs for the days left). Days one or two
before the race (``race_eve``) take no quality or long run. The node budget is shared out over the
Monday options so that one unlucky Monday cannot use it all.

The search is exact up to a node budget (:data:`NODE_BUDGET`); past it, the best week found so far is
returned (deterministically: the node order never changes). A week is declared infeasible only after an
exhaustive search.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any, NamedTuple

from attrs import frozen

from .weekrules import (
    BeforeEvent,
    Count,
    Duration,
    FastRule,
    MaxConsecutive,
    Slot,
    Spacing,
    start_of,
)

NODE_BUDGET = 600
#: The bound of a token with no day left to take it: finite, so bounds can be added and subtracted.
NO_DAY = 1e9
PROOF_BUDGET = 2_000_000

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
        "cost",
        "count_hits",
        "dmask",
        "hard",
        "hard_runs",
        "need",
        "nonempty",
        "others",
        "placed",
        "quality",
        "run_day",
        "runs",
        "slots",
        "streak_hits",
        "strength",
        "uses",
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
        need: dict[int, int] = {}
        for ti in uses:
            need[ti] = need.get(ti, 0) + 1
        self.need = tuple(need.items())
        self.count_hits: tuple = ()
        self.streak_hits: tuple = ()
        self.nonempty = 1 if slots else 0


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
        self._token_masks: dict[Token, tuple[int, int, int]] = {}
        self._rule_lists: dict[tuple, tuple] = {}

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
        start = start_of(time, order)
        return Slot(self.mask(tok.sport, tok.type, tok.intensity, time), order, start, start + tok.minutes / 60.0,
                    tok.minutes, tok.intensity, ti)

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
              banned: Iterable[tuple] = (), budget: int = NODE_BUDGET, exhaust: bool = True) -> Placement | None:
        """The cheapest placement of ``counts`` of each token under ``bound`` (or None).

        After ``budget`` nodes the best placement so far is returned; with none found yet the search goes on
        to :data:`PROOF_BUDGET` when ``exhaust`` (so "None" means "none exists"), else it gives up."""
        return _Run(self, p, tuple(counts), bound, frozenset(banned), budget, exhaust).go()


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


def _first_two(c: tuple) -> tuple:
    return c[0], c[1]


class _Run:
    """One depth-first search (state kept on the instance to keep the recursion light)."""

    def __init__(self, searcher: Searcher, p: WeekProblem, counts: tuple[int, ...], bound: float,
                 banned: frozenset, budget: int, exhaust: bool = True):
        self.s = searcher
        self.p = p
        self.counts = list(counts)
        self.best_cost = bound
        self.best: tuple | None = None
        self.banned = banned
        self.budget = budget
        self.limit = PROOF_BUDGET if exhaust else budget
        self.nodes = 0
        self.root_budget = budget
        self.stop = False
        w = p.weights
        self.w_rest = w.rest_day if w else 8
        self.w_long = w.long_run_day if w else 10
        self.w_rest_target = w.missing_rest if w else 12
        self.w_bunch_rest = w.bunched_rest if w else 5
        self.w_bunch_runs = w.bunched_runs if w else 3
        self.w_hard = w.back_to_back_hard if w else 8
        self.w_long_lift = w.long_run_day_strength if w else 8
        # days where two in a row without a run are "bunched rest": the athlete could run on both
        self.restable = tuple(p.run_ok[d] and d not in p.after_race for d in range(7))
        # lower bounds on the shape costs still to come from day d on (see dfs): in a stretch of L days
        # that could hold runs, R runs leave at least L - 2R - 1 pairs of days without a run side by side;
        # H hard runs (one a day) in a stretch of L days put at least H - ceil(L / 2) pairs side by side
        self.rest_slack = []
        self.hard_room = []
        for d in range(8):
            slack = room = 0
            seg = 0
            for e in range(d, 8):
                if e < 7 and self.restable[e]:
                    seg += 1
                    continue
                if seg:
                    slack += seg - 1
                    room += (seg + 1) // 2
                seg = 0
            self.rest_slack.append(slack)
            self.hard_room.append(room)
        self.hard_tokens = [i for i, t in enumerate(p.tokens) if t.is_run and t.role in ("quality", "long")]
        cur, prev = p.phase, p.tail_phase
        lists = searcher._rule_lists.get((p.rules, cur, prev))
        if lists is None:
            lists = searcher._rule_lists[(p.rules, cur, prev)] = _rule_lists(p.rules, cur, prev)
        (self.day_rules, self.spacing, self.streaks, self.spacing_cur, self.weekly, self.counts_hard,
         self.day_free_rules, event_rules) = lists
        nxt = p.ahead_phase
        self.spacing_ahead = self.spacing_cur if p.ahead else []
        # streaks that would run on into the next week's fixed sessions
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
        self.tail = list(p.tail)
        self.T = len(self.tail)
        self.tail_masks = []
        for day_slots in self.tail:
            m = 0
            for sl in day_slots:
                m |= sl.mask
            self.tail_masks.append(m)
        self.placed: list[Opt | None] = [None] * 7
        n_runs = sum(c for c, t in zip(counts, p.tokens) if t.is_run)
        n_other = sum(c for c, t in zip(counts, p.tokens) if not t.is_run)
        self.left_runs = n_runs
        self.left_other = n_other
        self.run_days_after = [sum(1 for e in range(d + 1, 7) if p.run_ok[e] and not p.fixed[e]) for d in range(7)]
        self.open_after = [sum(1 for e in range(d + 1, 7) if e not in p.closed) for d in range(7)]
        # streak lengths carried in from the previous week
        self.streak0 = []
        for r in self.streaks:
            n = 0
            if prev is not None and r.on(prev):
                for day in reversed(self.tail):
                    if any(s.mask & r.bit for s in day):
                        n += 1
                    else:
                        break
            self.streak0.append(n)
        self.event_rules = event_rules if p.race_day is not None else []
        self._static: dict[tuple, int | None] = {}
        self.full_counts = tuple(counts)
        p_key = (p.tokens, p.fixed, p.run_ok, p.phase, p.rules, p.race_day, p.rest_pref, p.long_day, p.after_race,
                 p.weights, p.closed, p.locked, tuple(c > 0 for c in counts))
        prepared = searcher._opt_cache.get(p_key)
        if prepared is None:
            self.all_opts = self._all_opts()
            self._lower_bounds()
            self._vectors()
            prepared = (self.all_opts, self.lb, self.solo, self.fixed_after, self.open_days, self.rest_rules,
                        self.hsub)
            if len(searcher._opt_cache) > 4096:
                searcher._opt_cache.clear()
            searcher._opt_cache[p_key] = prepared
        (self.all_opts, self.lb, self.solo, self.fixed_after, self.open_days, self.rest_rules,
         self.hsub) = prepared

    # static cost of an option; None = breaks a hard rule. The day-free part (every within-day rule but
    # before-event) is cached per option; the day part adds before-event rules and the preferences.
    def static(self, opt: Opt, day: int, free: bool) -> int | None:
        p = self.p
        cost = 0
        if free:
            key = opt.placed
            if key in self._static:
                base = self._static[key]
            else:
                base = self._static[key] = self._rules_cost(opt, day, self.day_free_rules)
            if base is None:
                return None
            cost = base
        else:
            base = self._rules_cost(opt, day, self.day_free_rules)
            if base is None:
                return None
            cost = base
        if self.event_rules:
            extra = self._rules_cost(opt, day, self.event_rules)
            if extra is None:
                return None
            cost += extra
        long = lift = False
        eve = day in p.race_eve
        for ti, _, _ in opt.placed:
            tok = p.tokens[ti]
            if eve and tok.is_run and tok.role in ("quality", "long"):
                return None
            if day in p.rest_pref:
                cost += 1 if tok.sport == "mobility" else self.w_rest
            if tok.role == "long":
                long = True
                if p.long_day is not None and day != p.long_day:
                    cost += self.w_long + abs(day - p.long_day)
            elif tok.sport == "strength" and tok.type != "mobility":
                lift = True
            if day in p.after_race:
                cost += 3 if tok.sport == "mobility" else AFTER_RACE_COST
        if long and lift:
            cost += self.w_long_lift
        return cost

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

    def _vectors(self) -> None:
        """Per option, what the count and streak rules see, and its tokens' share of the next day's bound."""
        self.hsub = []
        for day in range(7):
            lb_next = self.lb[day + 1]
            row = []
            for _, opt in self.all_opts[day]:
                opt.count_hits = tuple(
                    sum(1 for sl in opt.slots if sl.mask & r.bit) if r.unit == "sessions" else (1 if opt.dmask & r.bit else 0)
                    for r in self.counts_hard)
                opt.streak_hits = tuple(bool(opt.dmask & r.bit) for r in self.streaks)
                row.append(sum(lb_next[ti] for ti in opt.uses))
            self.hsub.append(row)

    def _all_opts(self) -> list[list[tuple[int, Opt]]]:
        """Every option of each day that breaks no hard within-day rule, cheapest first (counts are checked
        when an option is tried). Cached on the searcher for equal weeks (the tail plays no part here)."""
        p = self.p
        out = []
        free_opts = None
        for day in range(7):
            free = not p.fixed[day] and day not in p.closed
            if free:
                if free_opts is None:
                    free_opts = self.s.options(p, self.full_counts, day, free=True)
                opts = free_opts if p.run_ok[day] else [o for o in free_opts if not o.runs]
            else:
                opts = self.s.options(p, self.full_counts, day)
            found = []
            for k, opt in enumerate(opts):
                c = self.static(opt, day, free)
                if c is not None:
                    found.append((c, -len(opt.placed), k, opt))
            found.sort(key=lambda t: (t[0], t[1], t[2]))
            out.append([(c, o) for c, _, _, o in found])
        return out

    def _lower_bounds(self) -> None:
        """``self.lb[d][i]``: the least static cost token ``i`` can add on day ``d`` or later (an option's cost
        shared between its tokens), infinity when no day is left for it: a bound on the cost still to come."""
        n = len(self.p.tokens)
        inf = NO_DAY
        per_day = []
        for day in range(7):
            best = [inf] * n
            for c, opt in self.all_opts[day]:
                share = c / len(opt.uses) if opt.uses else 0
                for ti in opt.uses:
                    best[ti] = min(best[ti], share)
            per_day.append(best)
        lb = [[inf] * n for _ in range(8)]
        for day in range(6, -1, -1):
            lb[day] = [min(a, b) for a, b in zip(per_day[day], lb[day + 1])]
        self.lb = lb
        # tokens that can share a day from day d on (with a run or a fixed session), for the rest-day bound
        shares = [[False] * n for _ in range(8)]
        for day in range(6, -1, -1):
            row = list(shares[day + 1])
            for _, opt in self.all_opts[day]:
                if len(opt.slots) >= 2:
                    for ti in opt.uses:
                        row[ti] = True
            shares[day] = row
        p = self.p
        self.solo = [[not shares[d][i] and not p.tokens[i].is_run for i in range(n)] for d in range(8)]
        self.fixed_after = [sum(1 for e in range(d, 7) if p.fixed[e] and e not in p.closed) for d in range(8)]
        self.open_days = 7 - len(p.closed)
        # weekly "days without X" rules where X is every session: bounded by the days still free
        self.rest_rules = []
        for r in self.weekly:
            if isinstance(r, Count) and r.unit == "days-without" and r.lo is not None and \
                    all(self.s.mask(t.sport, t.type, t.intensity, "any") & r.bit for t in p.tokens) and \
                    all(sl.mask & r.bit for f in p.fixed for sl in f):
                self.rest_rules.append(r)

    def rest_bound(self, day: int, occupied: int) -> float | None:
        """A lower bound on the rest-day costs still to come; None when a hard rule cannot be met."""
        counts = self.counts
        solo = self.solo[day]
        solo_left = 0
        for i, c in enumerate(counts):
            if c and solo[i]:
                solo_left += c
        fixed = self.fixed_after[day]
        need = max(fixed + self.left_runs + solo_left, self.left_other)
        rest_max = self.open_days - occupied - need
        extra = 0.0
        if rest_max < self.p.rest_target:
            extra += (self.p.rest_target - rest_max) * self.w_rest_target
        for r in self.rest_rules:
            if rest_max < r.lo:
                if r.hard:
                    return None
                extra += r.weight
        return extra

    def slots_of(self, e: int):
        return self.tail[self.T + e] if e < 0 else self.placed[e].slots

    def cross_cost(self, day: int, opt: Opt) -> int | None:
        """Spacing findings between ``opt`` and the days before it; None when a hard rule breaks."""
        cost = 0
        p = self.p
        cur, prev = p.phase, p.tail_phase
        dmask = opt.dmask
        late = opt.slots
        tail_masks, T, placed = self.tail_masks, self.T, self.placed
        for r in self.spacing:
            if not dmask & r.any:
                continue
            on_late = r.on(cur)
            late_f = dmask & r.f
            late_t = dmask & r.t
            for e in range(max(-T, day - r.reach), day):
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
        """Weekly rules whose verdict the tokens alone decide (sessions counted, minutes summed, whatever
        the days): judged now, left out of the leaves. Their cost, or None when a hard one already fails."""
        p = self.p
        cost = 0
        left = []
        masks = [self.s.token_masks(t) for t in p.tokens]
        for r in self.weekly:
            if not ((isinstance(r, Count) and r.unit == "sessions") or (isinstance(r, Duration) and r.weekly)):
                left.append(r)
                continue
            bit = r.bit
            if any(m[1] & bit != m[0] & bit or m[2] & bit != m[0] & bit for m in masks):
                left.append(r)  # the time of day matters to this selector
                continue
            fixed = [sl for f in p.fixed for sl in f if sl.mask & bit]
            hits = [(t, c) for t, c, m in zip(p.tokens, self.full_counts, masks) if c and m[0] & bit]
            if isinstance(r, Count):
                n = len(fixed) + sum(c for _, c in hits)
            else:
                n = sum(sl.minutes for sl in fixed) + sum(t.minutes * c for t, c in hits)
            broken = (r.hi is not None and n > r.hi) or (r.lo is not None and n < r.lo)
            if broken:
                if r.hard:
                    return None
                cost += r.weight
        self.weekly = left
        return cost

    def go(self) -> Placement | None:
        streaks = list(self.streak0)
        self.days_with = [0] * len(self.counts_hard)
        decided = self._decided()
        if decided is None or decided >= self.best_cost:
            return None
        self.dfs(0, decided, streaks, 0)
        if self.best is None:
            return None
        days, cost, _ = self.best
        return Placement(days=days, cost=cost, counts=tuple(self.counts), nodes=self.nodes)

    def dfs(self, day: int, cost: int, streaks: list[int], occupied: int) -> None:
        """Place day ``day``. Children are judged first (hard rules, cost so far, and a lower bound on what
        the remaining tokens will cost), then explored cheapest bound first."""
        if day == 7:
            self.leaf(cost, streaks)
            return
        self.nodes += 1
        if self.nodes > self.budget and (self.best is not None or self.nodes > self.limit):
            self.stop = True
            return
        if day == 1 and self.nodes > self.root_budget and self.best is not None:
            return  # this Monday has had its share of the budget: try the next one (see below)
        counts = self.counts
        days_bound = self.rest_bound(day, occupied)
        if days_bound is None:
            return
        short = self.rest_slack[day] - 2 * self.left_runs
        if short > 0:
            days_bound += short * self.w_bunch_rest
        hard_left = 0
        for i in self.hard_tokens:
            hard_left += counts[i]
        if hard_left > self.hard_room[day]:
            days_bound += (hard_left - self.hard_room[day]) * self.w_hard
        lb_next = self.lb[day + 1]
        run_cap = self.run_days_after[day]
        other_cap = self.open_after[day]
        H = 0.0
        for i, c in enumerate(counts):
            if c:
                H += c * lb_next[i]
        hsub = self.hsub[day]
        best = self.best_cost
        left_runs, left_other = self.left_runs, self.left_other
        streak_rules, counts_hard = self.streaks, self.counts_hard
        saved = self.days_with
        children = []
        for k, (c0, opt) in enumerate(self.all_opts[day]):
            g = cost + c0
            if g + days_bound >= best:
                break  # options are sorted by static cost
            if left_runs - opt.runs > run_cap or left_other - opt.others > other_cap:
                continue
            fits = True
            for ti, n in opt.need:
                if counts[ti] < n:
                    fits = False
                    break
            if not fits:
                continue
            h = H - hsub[k]
            if g + h >= best or h >= NO_DAY:
                continue
            cc = self.cross_cost(day, opt)
            if cc is None:
                continue
            g += cc
            new_streaks = streaks
            if streak_rules:
                new_streaks = []
                for j, r in enumerate(streak_rules):
                    n = streaks[j] + 1 if opt.streak_hits[j] else 0
                    if n == r.max + 1:
                        if r.hard:
                            fits = False
                            break
                        g += r.weight
                    new_streaks.append(n)
                if not fits:
                    continue
            days_with = None
            if counts_hard:
                days_with = list(saved)
                left = 6 - day
                for j, r in enumerate(counts_hard):
                    n = days_with[j] = days_with[j] + opt.count_hits[j]
                    if r.unit == "sessions":
                        if r.hi is not None and n > r.hi:
                            fits = False
                            break
                    elif r.unit == "days":
                        if (r.hi is not None and n > r.hi) or (r.lo is not None and n + left < r.lo):
                            fits = False
                            break
                    else:
                        without = day + 1 - n
                        if (r.hi is not None and without > r.hi) or (r.lo is not None and without + left < r.lo):
                            fits = False
                            break
                if not fits:
                    continue
            # the shape costs the child cannot avoid any more (bunched rest, back-to-back hard runs)
            short = self.rest_slack[day + 1] - 2 * (left_runs - opt.runs)
            if short > 0:
                h += short * self.w_bunch_rest
            over = hard_left - opt.hard_runs - self.hard_room[day + 1]
            if over > 0:
                h += over * self.w_hard
            if g + h < best:
                children.append((g + h, k, g, opt, new_streaks, days_with))
        children.sort(key=_first_two)
        share = self.budget // max(1, len(children)) if day == 0 else 0
        for j, (f, _, g, opt, new_streaks, days_with) in enumerate(children):
            if self.stop or f >= self.best_cost:
                return
            if day == 0:
                # every Monday gets a share of the node budget: the best Monday is often not the one that
                # looks cheapest on its own, and a depth-first search would spend the whole budget under it
                self.root_budget = self.nodes + max(share, 12)
            for ti in opt.uses:
                counts[ti] -= 1
            if days_with is not None:
                self.days_with = days_with
            self.placed[day] = opt
            self.left_runs -= opt.runs
            self.left_other -= opt.others
            self.dfs(day + 1, g, new_streaks, occupied + opt.nonempty)
            self.left_runs += opt.runs
            self.left_other += opt.others
            self.placed[day] = None
            self.days_with = saved
            for ti in opt.uses:
                counts[ti] += 1

    def leaf(self, cost: int, streaks: list[int]) -> None:
        if any(self.counts):
            return
        if self.ahead_streaks:
            for j, r, lead in self.ahead_streaks:
                n = streaks[j]
                if n and n <= r.max < n + lead:
                    if r.hard:
                        return
                    cost += r.weight
        days = [o.slots for o in self.placed]  # type: ignore[union-attr]
        for r in self.weekly:
            n = r.week_findings(days)
            if n:
                if r.hard:
                    return
                cost += n * r.weight
        rest = sum(1 for d in days if not d)
        if rest < self.p.rest_target:
            cost += (self.p.rest_target - rest) * self.w_rest_target
        if cost >= self.best_cost:
            return
        placed = tuple(o.placed for o in self.placed)  # type: ignore[union-attr]
        if placed in self.banned:
            return
        self.best_cost = cost
        self.best = (placed, cost, self.nodes)
        if cost == 0:
            self.stop = True


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
    days = []
    for d in range(7):
        slots = list(p.fixed[d])
        for ti, order, time in placement.days[d]:
            slots.append(searcher.slot(p.tokens[ti], ti, order, time))
        days.append(tuple(slots))
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


def week_findings_total(rules: Sequence[FastRule], phase: str, days: Sequence[Sequence[Slot]]) -> dict[str, int]:
    """Findings per rule code of a complete week judged alone (for explanations)."""
    out: dict[str, int] = {}
    for r in rules:
        if not r.on(phase):
            continue
        n = 0
        if isinstance(r, (Count,)) or (isinstance(r, Duration) and r.weekly):
            n = r.week_findings(days)
        elif not r.cross:
            n = sum(r.day_findings(day, d, None) for d, day in enumerate(days))
        if n:
            out[r.code] = n
    return out


__all__ = ["BeforeEvent", "Placement", "Searcher", "Token", "WeekProblem"]
