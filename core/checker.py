"""The checker: compile a ruleset once, then judge plans against it fast.

::

    checker = Checker(ruleset, athlete=athlete)          # compile once
    findings = checker.check(plan)                       # tuple[Finding, ...], sorted
    check_plan(plan, ruleset, select=("RN1",))           # one-off convenience

What is compiled once, in :class:`Checker`:

* the rules that run: ``rule.runs`` (active under the ruleset's own select/ignore, severity not ``off``),
  then narrowed by the checker's own ``select`` / ``ignore`` code prefixes (longest prefix wins, a tie goes
  to ignore, like :func:`runlift.ruleset.code_enabled`). They can only narrow: a rule the ruleset switched
  off is not switched back on;
* every selector in every rule's options, compiled with the ruleset's tags and given one bit;
* each rule's athlete conditions (``when.experience``, ``distance``, ``equipment``, ``niggles``,
  ``returning``), resolved against the athlete. The athlete is the one given to the checker, else the plan's
  own ``athlete``, else ``runlift.model.Athlete()`` defaults (an intermediate runner, no niggles, no break,
  no race). ``returning`` means ``weeks_off > 0``. ``distance`` comes from the race (below); a rule that
  names distances does not apply when no distance is known.

What is built once per plan, in :class:`Context`: a compact calendar index (day number from the first
week's Monday → that day's sessions, their selector bitmasks and the day's OR-ed mask), reused by every rule.
Week-level parts of the index (:class:`WeekIndex`), and the findings of week-local kinds (count, same-day,
same-day-order, duration, prescription, session-flow, coverage) in complete weeks, are cached per week
*content*: the value of every session on each weekday and which days are listed, whatever the dates.
Weeks are frozen, so the content is read once per ``Week`` object (then found by identity); a week made of
new objects (a plan read from a file, a copy, another athlete on the same template) costs one pass over
its values and a dictionary lookup. "No findings" is shared by every week with that content; findings
(which carry dates) are cached per week start and number too. A planner that checks many candidate plans
sharing most of their Week objects pays only for the weeks that changed. Equal sessions share one
canonical Session object in the index, so per-session results (exercise facts, prescriptions, session
flow) are computed once per distinct session value. Selector masks are cached per session signature
(sport, type, intensity, time).

Besides :meth:`Checker.check`: :meth:`Checker.first_error` (a fast pass/fail), :meth:`Checker.race_for`
and :meth:`Checker.phases_for` (what the checker assumed), :meth:`Checker.rules_for` (the rules that apply
to an athlete) and :meth:`Checker.context` (the index, for planners and tests).

Calendar conventions every kind follows:

* A day between the plan's first and last listed day is *in the plan*; if its week does not list it, it is
  a rest day (imported CSV/ICS plans list only days with sessions). Days before the first or after the last
  listed day are *outside* the plan.
* A week is *complete* when all seven of its days are in the plan. Minimum checks (at least N sessions, at
  least N minutes, coverage, a deload within N weeks, ...) only judge complete weeks and complete windows,
  so a plan prefix (the planner's first k weeks) or a CSV that starts on a Wednesday is never blamed for
  what it has not reached yet. Maximum checks run on every week: more days can only add sessions.
* Sequences run on the calendar, across week boundaries (Sunday → Monday spacing, streaks).

Phases: each rule's ``when.phases`` is matched against ``Week.phase``. A week with an empty phase (plans
imported from CSV/ICS) gets the phase :func:`runlift.phases.layout_phases` gives it from the ruleset's
phases, the plan's first Monday, its length and the race (see below). When the layout cannot place the plan
(a race before the start), the phase stays unknown and matches no ``when.phases`` condition; rules without
a phase condition still apply.

The race: the ``race`` given to the checker (a :class:`~runlift.model.Race` or a bare date), else the
athlete's race, else :meth:`Plan.race_date` (a session of type ``race``).

Rule kinds get the :class:`Context` and their :class:`CompiledRule`: ``kind.check(ctx, rule)`` returns an
iterable of :class:`~runlift.findings.Finding` (``rule.finding(...)`` builds one). ``ctx.week_on[w]`` says
whether the current rule applies in week position ``w`` (its phase condition).
"""

from __future__ import annotations

import datetime as dt
import functools
import itertools
import operator
from collections.abc import Iterable, Mapping
from typing import Any

import attrs

from .findings import Finding
from .model import Athlete, Exercise, Plan, Race, Session
from .rulekinds import RuleKind
from .ruleset import Rule, Ruleset, code_enabled
from .selectors import Selector, compile_selector

#: ``when.returning`` is true for an athlete with at least this many weeks off before the plan.
RETURNING_MIN_WEEKS_OFF = 1

_CACHE_LIMIT = 4096
#: Distinct session values (and session objects) remembered before the session tables start again.
_SESSION_LIMIT = 16384

#: A session's value without its exercises, and an exercise's value, as flat tuples of every attrs field
#: (one C call each). Built from the model's fields so a field added to the model joins the key by itself.
_SESSION_FIELDS = tuple(a.name for a in attrs.fields(Session) if a.name != "exercises")
_session_value = operator.attrgetter(*_SESSION_FIELDS)
_exercise_value = operator.attrgetter(*(a.name for a in attrs.fields(Exercise)))
#: Serial numbers of distinct day contents, shared by every checker and never reused, so a week's content
#: key (built from them) can never mean two different weeks.
_DAY_SERIALS = itertools.count(1)


# --------------------------------------------------------------------------- compiled rules


class CompiledRule:
    """A rule ready to run: its options, selector bits and citation, resolved once.

    ``bits[field]`` is the bitmask of the Selector in options field ``field`` (a tuple of bitmasks for a
    tuple of selectors). A session matches that selector when ``session_mask & bit``.
    """

    __slots__ = ("rule", "kind", "code", "name", "severity", "options", "bits", "phases", "rationale",
                 "source", "check", "memo", "_week_on")

    def __init__(self, rule: Rule, kind: RuleKind, bits: dict[str, Any], source: str):
        self.rule = rule
        self.kind = kind
        self.code = rule.code
        self.name = rule.name
        self.severity = rule.severity
        self.options = rule.options
        self.bits = bits
        self.phases = frozenset(rule.when.phases) if rule.when.phases else None
        self.rationale = rule.rationale
        self.source = source
        self.check = kind.check
        #: Per-rule results a kind may cache across checks (see ``memo_get``).
        self.memo: dict = {}
        self._week_on: dict[tuple[str, ...], tuple[bool, ...]] = {}

    def week_on(self, phases: tuple[str, ...]) -> tuple[bool, ...]:
        hit = self._week_on.get(phases)
        if hit is None:
            if len(self._week_on) > 256:
                self._week_on.clear()
            hit = self._week_on[phases] = tuple(p in self.phases for p in phases)  # type: ignore[operator]
        return hit

    def finding(self, message: str, *, week: int | None = None, dates: Iterable[dt.date] = (),
                sessions: Iterable[str] = (), severity: str | None = None) -> Finding:
        """A finding of this rule. ``severity`` may lower the rule's own (``should`` rules cap at warn)."""
        sev = self.severity
        if severity == "warn":
            sev = "warn"
        return Finding(code=self.code, name=self.name, severity=sev, message=message, week=week,
                       dates=tuple(dates), sessions=tuple(sessions), rationale=self.rationale,
                       source=self.source)

    def __repr__(self) -> str:
        return f"<CompiledRule {self.code} {self.name} ({self.kind.name})>"


def _selector_fields(options: Any) -> Iterable[tuple[str, Any]]:
    """(field name, Selector or tuple of Selectors) for every selector directly in an options class."""
    for a in attrs.fields(type(options)):
        value = getattr(options, a.name)
        if isinstance(value, Selector):
            yield a.name, value
        elif isinstance(value, tuple) and value and all(isinstance(x, Selector) for x in value):
            yield a.name, value


def _applies(rule: Rule, athlete: Athlete, distance: str | None) -> bool:
    """Whether a rule's athlete conditions (everything in ``when`` but phases) hold."""
    when = rule.when
    if when.experience and athlete.experience not in when.experience:
        return False
    if when.distance and distance not in when.distance:
        return False
    if when.equipment and athlete.equipment not in when.equipment:
        return False
    if when.niggles and not set(when.niggles) & set(athlete.niggles):
        return False
    if when.returning is not None and (athlete.weeks_off >= RETURNING_MIN_WEEKS_OFF) != when.returning:
        return False
    return True


# --------------------------------------------------------------------------- the per-week index


class DayIndex:
    """One day's content: its sessions (canonical objects) and their selector masks, whatever the date.

    Shared by every day with equal sessions; ``memo`` holds day-local results keyed by what they depend on."""

    __slots__ = ("serial", "sessions", "masks", "mask", "counts", "memo")

    def __init__(self, sessions: tuple, masks: tuple):
        self.serial = next(_DAY_SERIALS) << 3
        self.sessions = sessions
        self.masks = masks
        mask = 0
        counts: dict[int, int] = {}
        for m in masks:
            mask |= m
            counts[m] = counts.get(m, 0) + 1
        self.mask = mask
        #: selector mask -> number of the day's sessions with exactly that mask
        self.counts = counts
        self.memo: dict = {}


class WeekIndex:
    """One week's sessions with their selector masks, independent of where the week sits in a plan.

    Built from the week's *content* (which sessions, by value, on which weekdays, and which days are listed),
    not its dates: weeks with the same content share one index, whichever plan, date or Week object they
    come from (a roster of athletes on the same template, fresh copies of a plan). So ``sessions`` and
    ``flat`` hold the checker's canonical Session objects (the first seen with each value; equal to the
    plan's own), and ``memo`` may only hold what follows from the content; anything that depends on the
    week's dates or number must be keyed by them too (see :func:`runlift.kinds.common.per_week`).
    ``week`` is the first Week seen with this content (use ``ctx.weeks[w]`` for the plan's own);
    ``days[d]`` the :class:`DayIndex` of weekday ``d`` (None for a day without sessions).
    """

    __slots__ = ("week", "sessions", "masks", "day_masks", "listed", "mask_counts", "any_mask", "flat", "memo",
                 "days")

    def __init__(self, week, days: list[tuple[int, DayIndex]], listed: int):
        """``days``: (weekday, its DayIndex) for each day with sessions, in weekday order."""
        sessions: list[tuple] = [()] * 7
        masks: list[tuple] = [()] * 7
        day_masks = [0] * 7
        by_day: list[DayIndex | None] = [None] * 7
        any_mask = 0
        counts: dict[int, int] = {}
        flat: list[tuple] = []
        for wd, di in days:
            by_day[wd] = di
            sessions[wd] = di.sessions
            masks[wd] = di.masks
            day_masks[wd] = di.mask
            any_mask |= di.mask
            for m, c in di.counts.items():
                counts[m] = counts.get(m, 0) + c
            flat += [(s, m, wd) for s, m in zip(di.sessions, di.masks)]
        self.week = week
        self.sessions = sessions
        self.masks = masks
        self.day_masks = day_masks
        self.days = by_day
        self.listed = listed
        self.mask_counts = counts
        #: Every session of the week as (session, mask, weekday 0-6), in date and day order.
        self.flat = flat
        self.any_mask = any_mask
        #: Week-local results kinds derive from this week's content, keyed by what they depend on
        #: (e.g. ``("measure", bit, "minutes")``); date-dependent results keyed by the dates too.
        self.memo: dict = {}

    def count(self, bit: int) -> int:
        """The number of sessions matching ``bit``."""
        if not self.any_mask & bit:
            return 0
        key = ("count", bit)
        n = self.memo.get(key)
        if n is None:
            n = self.memo[key] = sum([c for m, c in self.mask_counts.items() if m & bit])
        return n

    def day_bits(self, bit: int) -> int:
        """The weekdays (bit d = weekday d, Monday 0) with a session matching ``bit``."""
        key = ("days", bit)
        x = self.memo.get(key)
        if x is None:
            x = 0
            for d, dm in enumerate(self.day_masks):
                if dm & bit:
                    x |= 1 << d
            self.memo[key] = x
        return x

    def daily_loads(self) -> list[float]:
        """Session-RPE load (RPE × minutes) of each of the 7 days; 0 for rest or unlisted days."""
        loads = self.memo.get("daily-loads")
        if loads is None:
            loads = [0.0] * 7
            for ses, _, d in self.flat:
                loads[d] += ses.rpe * ses.minutes
            self.memo["daily-loads"] = loads
        return loads

    def run_minutes(self) -> int:
        """Minutes of running in the week."""
        n = self.memo.get("run-minutes")
        if n is None:
            n = self.memo["run-minutes"] = sum(s.minutes for ss in self.sessions for s in ss if s.sport == "run")
        return n


# --------------------------------------------------------------------------- the per-plan context


class Context:
    """What rule kinds see: the plan and its calendar index, built once per :meth:`Checker.check`.

    Day numbers ``i`` count from the Monday of the first plan week (``0 .. n_days - 1``); week positions
    ``w = i // 7`` count plan weeks from 0 (``week_number(w)`` is the plan's own ``Week.index``).

    * ``sessions[i]`` / ``masks[i]``: the day's sessions and their selector masks, in order; ``day_mask[i]``
      is the OR of the day's masks (``day_mask[i] & bit`` = "some session that day matches");
      ``dates[i]`` its date;
    * ``days_with(bit)``: the days with a matching session as one int bitset (bit ``i`` = day ``i``), for
      shift-and-mask searches; ``in_plan_bits`` and ``active_bits()`` to combine with it;
    * ``week_indexes[w]``: week ``w``'s :class:`WeekIndex` (``flat`` sessions, ``day_bits``, ``memo`` for
      week-local results; see :func:`runlift.kinds.common.per_week`);
    * ``first`` / ``last``: the first and last day numbers in the plan (see the module docstring);
      ``in_plan(i)``; ``complete[w]``: whether week ``w`` has all seven days in the plan;
    * ``week_on[w]``: whether the current rule applies in week ``w`` (its ``when.phases``);
    * ``phases[w]``: week ``w``'s phase name ("" when unknown);
    * ``athlete``, ``race_date``, ``race_day`` (its day number, or None), ``distance``;
    * ``catalog``, ``daily_loads``, ``week_metrics``, ``exercise_facts(session)``: computed only when a rule
      asks.
    """

    def __init__(self, checker: Checker, plan: Plan, athlete: Athlete, weeks: list[WeekIndex]):
        self.checker = checker
        self.plan = plan
        self.athlete = athlete
        self.weeks = plan.weeks
        self.week_indexes = weeks
        self.n_weeks = len(weeks)
        self.n_days = 7 * len(weeks)
        self.start = plan.weeks[0].start
        sessions: list[tuple] = []
        masks: list[tuple] = []
        day_mask: list[int] = []
        first = last = -1
        for w, wi in enumerate(weeks):
            sessions += wi.sessions
            masks += wi.masks
            day_mask += wi.day_masks
            if wi.listed:
                if first < 0:
                    first = 7 * w + (wi.listed & -wi.listed).bit_length() - 1
                last = 7 * w + wi.listed.bit_length() - 1
        self.sessions = sessions
        self.masks = masks
        self.day_mask = day_mask
        self.first = first
        self.last = last
        self.complete = [first <= 7 * w and last >= 7 * w + 6 for w in range(len(weeks))] if first >= 0 \
            else [False] * len(weeks)
        #: (week position, that week's memo) for the complete weeks; positions of the others
        self.complete_memos = [(w, weeks[w].memo) for w, full in enumerate(self.complete) if full]
        self.partial_weeks = [w for w, full in enumerate(self.complete) if not full]
        self.phases = checker._phases(plan)
        self.dates = checker._calendar(self.start, self.n_days)
        self._days_with: dict[int, int] = {}
        self.week_on: tuple[bool, ...] = ()

    # -- day bitsets ------------------------------------------------------------------------------

    def days_with(self, bit: int) -> int:
        """The plan days with a session matching ``bit``, as an int whose bit ``i`` is day number ``i``.

        Kinds combine these with shifts and masks to find candidate days without walking the calendar, e.g.
        ``F & (T >> 1)``: days with a ``first`` session followed the next day by a ``then`` session."""
        x = self._days_with.get(bit)
        if x is None:
            x = 0
            for w, wi in enumerate(self.week_indexes):
                if wi.any_mask & bit:
                    x |= wi.day_bits(bit) << (7 * w)
            self._days_with[bit] = x
        return x

    @property
    def in_plan_bits(self) -> int:
        """Day numbers ``first .. last`` as a bitset."""
        if self.first < 0:
            return 0
        return ((1 << (self.last + 1)) - 1) & ~((1 << self.first) - 1)

    def active_bits(self) -> int:
        """The days of the weeks where the current rule applies (``week_on``), as a bitset."""
        return self.checker._active_bits(self.week_on)

    # -- calendar ---------------------------------------------------------------------------------

    def date(self, i: int) -> dt.date:
        """The date of day number ``i`` (also ``dates[i]``)."""
        return self.dates[i]

    def day_number(self, date: dt.date) -> int:
        return (date - self.start).days

    def in_plan(self, i: int) -> bool:
        return self.first <= i <= self.last and self.first >= 0

    def week_number(self, w: int) -> int:
        """The plan's own index (``Week.index``) of week position ``w``."""
        return self.weeks[w].index

    # -- race -------------------------------------------------------------------------------------

    @functools.cached_property
    def _race(self) -> tuple[dt.date | None, str | None]:
        return self.checker._race_for(self.plan, self.athlete)

    @property
    def race_date(self) -> dt.date | None:
        return self._race[0]

    @property
    def distance(self) -> str | None:
        return self._race[1]

    @property
    def race_day(self) -> int | None:
        """The race's day number (may lie outside the plan), or None when no race is known."""
        date = self._race[0]
        return None if date is None else (date - self.start).days

    # -- lazily computed extras ------------------------------------------------------------------------

    @functools.cached_property
    def daily_loads(self) -> list[float]:
        """The plan's daily session-RPE loads from the first Monday (the series :mod:`runlift.metrics` takes)."""
        out: list[float] = []
        for wi in self.week_indexes:
            out += wi.daily_loads()
        return out

    @functools.cached_property
    def week_metrics(self):
        """:func:`runlift.metrics.week_metrics` of the plan (computed only when a rule asks)."""
        from .metrics import week_metrics

        return week_metrics(self.plan)

    @property
    def catalog(self):
        return self.checker.catalog

    def exercise_facts(self, session) -> ExerciseFacts:
        return self.checker.exercise_facts(session)


@attrs.frozen
class ExerciseFacts:
    """What a session trains, from its exercises via the catalog, or from its type when it lists none.

    ``categories`` in order of first appearance (for session-flow rules); ``detailed`` is False for the
    type fallback (no exercises listed)."""

    categories: tuple[str, ...] = ()
    muscles: frozenset[str] = frozenset()
    patterns: frozenset[str] = frozenset()
    unilateral: bool = False
    sequence: tuple[str | None, ...] = ()
    detailed: bool = False

    #: Everything covered as one bitmask over :data:`FACT_BITS` (``category:compound``, ``muscle:glutes``,
    #: ``pattern:squat``, ``single-leg``, ``detailed``), so kinds can union and compare coverage fast.
    bits: int = attrs.field(init=False, eq=False, repr=False)

    def __attrs_post_init__(self) -> None:
        bits = 0
        for c in self.categories:
            bits |= FACT_BITS.get("category:" + c, 0)
        for m in self.muscles:
            bits |= FACT_BITS.get("muscle:" + m, 0)
        for p in self.patterns:
            bits |= FACT_BITS.get("pattern:" + p, 0)
        if self.unilateral:
            bits |= FACT_BITS["single-leg"]
        if self.detailed:
            bits |= FACT_BITS["detailed"]
        object.__setattr__(self, "bits", bits)


def _fact_universe() -> dict[str, int]:
    from .catalog import CATEGORIES, MUSCLES, PATTERNS

    words = ([f"category:{c}" for c in CATEGORIES] + [f"muscle:{m}" for m in MUSCLES]
             + [f"pattern:{p}" for p in PATTERNS] + ["single-leg", "detailed"])
    return {w: 1 << k for k, w in enumerate(words)}


#: One bit per thing a session can cover (see :attr:`ExerciseFacts.bits`).
FACT_BITS: dict[str, int] = _fact_universe()


# --------------------------------------------------------------------------- the checker


class Checker:
    """A ruleset compiled for checking. See the module docstring.

    ``race`` may be a :class:`Race` or a date; ``catalog`` is loaded with
    :func:`runlift.catalog.load_catalog` on first use when not given; ``kinds`` maps kind names to
    :class:`RuleKind` (default: the built-in kinds, then every installed plugin's).
    """

    def __init__(self, ruleset: Ruleset, athlete: Athlete | None = None, race: Race | dt.date | None = None,
                 catalog: Any = None, *, select: Iterable[str] | None = None, ignore: Iterable[str] = (),
                 kinds: Mapping[str, RuleKind] | None = None):
        self.ruleset = ruleset
        self.athlete = athlete
        self.race = race
        self._catalog = catalog
        self.select = tuple(select) if select is not None else None
        self.ignore = tuple(ignore)
        kinds = dict(kinds) if kinds is not None else _default_kinds(ruleset)

        self.rules: tuple[Rule, ...] = tuple(
            r for r in ruleset.rules if r.runs and code_enabled(r.code, self.select, (), self.ignore))
        selectors: dict[Selector, int] = {}
        predicates: list = []
        compiled: list[CompiledRule] = []
        for rule in self.rules:
            if rule.kind not in kinds:
                from .errors import ConfigError

                raise ConfigError(ruleset.origin, [f"{ruleset.origin}: rule {rule.code}: unknown rule kind "
                                                   f"'{rule.kind}' (no installed plugin registers it)"])
            bits: dict[str, Any] = {}
            for name, value in _selector_fields(rule.options):
                group = value if isinstance(value, tuple) else (value,)
                masks = []
                for sel in group:
                    if sel not in selectors:
                        selectors[sel] = 1 << len(predicates)
                        predicates.append(compile_selector(sel, ruleset.tags))
                    masks.append(selectors[sel])
                bits[name] = tuple(masks) if isinstance(value, tuple) else masks[0]
            compiled.append(CompiledRule(rule, kinds[rule.kind], bits, ruleset.cite(rule)))
        self.compiled: tuple[CompiledRule, ...] = tuple(compiled)
        self._predicates = tuple(enumerate(predicates))
        self._signature_masks: dict[tuple, int] = {}
        #: id(Week) -> (that Week, its index): the fast path for weeks checked before (planner candidates)
        self._week_cache: dict[int, tuple[Any, WeekIndex]] = {}
        #: day content (its sessions' values) -> DayIndex; week content (day serials by weekday, the listed
        #: days) -> WeekIndex; session value -> (canonical session: the first seen with that value, its mask)
        self._days: dict[tuple, DayIndex] = {}
        self._contents: dict[tuple, WeekIndex] = {}
        self._session_values: dict[tuple, tuple] = {}
        self._applicable: dict[tuple, tuple[CompiledRule, ...]] = {}
        self._facts: dict[int, tuple[Any, ExerciseFacts]] = {}
        self._facts_by_names: dict[tuple[str, ...], ExerciseFacts] = {}
        self._entries: dict[str, Any] = {}
        self._layouts: dict[tuple, tuple[str, ...] | None] = {}
        self._dates: dict[dt.date, list[dt.date]] = {}
        self._active: dict[tuple[bool, ...], int] = {}
        self._last_athlete: Athlete | None = None
        self._last_rules: tuple[CompiledRule, ...] = ()

    # -- compiled pieces ---------------------------------------------------------------------------

    def _mask_of(self, session) -> int:
        """The selector bitmask of a session. Selectors only look at sport, type, intensity and time,
        so masks are cached by that signature."""
        key = (session.sport, session.type, session.intensity, session.time)
        mask = self._signature_masks.get(key)
        if mask is None:
            mask = 0
            for i, pred in self._predicates:
                if pred(session):
                    mask |= 1 << i
            self._signature_masks[key] = mask
        return mask

    def _week_index(self, week) -> WeekIndex:
        hit = self._week_cache.get(id(week))
        if hit is not None and hit[0] is week:
            return hit[1]
        # the week's content: each listed day's sessions by value (a DayIndex), and which days are listed
        get_day = self._days.get
        days: list[tuple[int, DayIndex]] = []
        codes: list[int] = []
        listed = 0
        for day in week.days:
            wd = day.date.weekday()  # weeks start on a Monday (checked by the model)
            listed |= 1 << wd
            ss = day.sessions
            if ss:
                content = tuple([(_session_value(s), tuple(map(_exercise_value, s.exercises)) if s.exercises
                                  else ()) for s in ss])
                di = get_day(content)
                if di is None:
                    di = self._new_day(content, ss)
                codes.append(di.serial | wd)
                days.append((wd, di))
        codes.append(-listed)
        key = tuple(codes)
        wi = self._contents.get(key)
        if wi is None:
            if len(self._contents) >= _CACHE_LIMIT:
                self._contents.clear()
            wi = self._contents[key] = WeekIndex(week, days, listed)
        if len(self._week_cache) >= _CACHE_LIMIT:
            self._week_cache.clear()
        self._week_cache[id(week)] = (week, wi)
        return wi

    def _new_day(self, content: tuple, sessions: tuple) -> DayIndex:
        """The DayIndex of a day content not seen before (sessions made canonical: one object per value)."""
        if len(self._days) >= _SESSION_LIMIT:
            self._days.clear()
        if len(self._session_values) >= _SESSION_LIMIT:
            self._session_values.clear()
        canon, masks = [], []
        for value, s in zip(content, sessions):
            c = self._session_values.get(value)
            if c is None:
                c = self._session_values[value] = (s, self._mask_of(s))
            canon.append(c[0])
            masks.append(c[1])
        own = all([a is b for a, b in zip(canon, sessions)])
        di = self._days[content] = DayIndex(sessions if own else tuple(canon), tuple(masks))
        return di

    def _active_bits(self, week_on: tuple[bool, ...]) -> int:
        x = self._active.get(week_on)
        if x is None:
            x = 0
            for w, on in enumerate(week_on):
                if on:
                    x |= 0x7F << (7 * w)
            if len(self._active) > 256:
                self._active.clear()
            self._active[week_on] = x
        return x

    def _calendar(self, start: dt.date, n_days: int) -> list[dt.date]:
        dates = self._dates.get(start)
        if dates is None or len(dates) < n_days:
            if len(self._dates) > 256:
                self._dates.clear()
            dates = self._dates[start] = _dates_from(start, max(n_days, 7 * 26))
        return dates

    def _distance(self, athlete: Athlete) -> str | None:
        if isinstance(self.race, Race):
            return self.race.distance
        return athlete.race.distance if athlete.race is not None else None

    def rules_for(self, athlete: Athlete) -> tuple[CompiledRule, ...]:
        """The compiled rules whose athlete conditions hold for ``athlete``."""
        if athlete is self._last_athlete:
            return self._last_rules
        key = (athlete, self._distance(athlete))
        hit = self._applicable.get(key)
        if hit is None:
            if len(self._applicable) > 64:
                self._applicable.clear()
            hit = self._applicable[key] = tuple(cr for cr in self.compiled if _applies(cr.rule, athlete, key[1]))
        self._last_athlete, self._last_rules = athlete, hit
        return hit

    def race_for(self, plan: Plan) -> tuple[dt.date | None, str | None]:
        """(race date, distance) this checker uses for ``plan`` (either may be None)."""
        return self._race_for(plan, self.athlete or plan.athlete or _DEFAULT_ATHLETE)

    def _race_for(self, plan: Plan, athlete: Athlete) -> tuple[dt.date | None, str | None]:
        race = self.race
        if isinstance(race, Race):
            return race.date, race.distance
        distance = athlete.race.distance if athlete.race is not None else None
        if isinstance(race, dt.date):
            return race, distance
        if athlete.race is not None:
            return athlete.race.date, distance
        return plan.race_date(), distance

    def phases_for(self, plan: Plan) -> tuple[str, ...]:
        """Each plan week's phase as the checker sees it ("" when unknown; see the module docstring)."""
        return self._phases(plan) if plan.weeks else ()

    def _phases(self, plan: Plan) -> tuple[str, ...]:
        """Each week's phase; weeks without one get the ruleset's layout (cached per plan shape)."""
        phases = tuple([w.phase for w in plan.weeks])
        if all(phases):
            return phases
        athlete = self.athlete or plan.athlete or _DEFAULT_ATHLETE
        race_date, distance = self._race_for(plan, athlete)
        key = (plan.weeks[0].start, len(phases), race_date, distance)
        laid = self._layouts.get(key)
        if laid is None:
            laid = self._layouts[key] = self._layout(key)
        if laid is None:
            return phases
        return tuple([p or q for p, q in zip(phases, laid)])

    def _layout(self, key) -> tuple[str, ...] | None:
        start, n_weeks, race_date, distance = key
        try:
            from .phases import layout_phases
        except ImportError:  # pragma: no cover - a checkout without the planner's phases module
            return None
        try:
            layout = layout_phases(self.ruleset.phases, start=start, weeks=n_weeks, race_date=race_date,
                                   distance=distance)
        except Exception:  # a plan the layout cannot place (race before the start) keeps unknown phases
            return None
        names = tuple(w.phase for w in layout.weeks)
        return names if len(names) == n_weeks else None

    @property
    def catalog(self):
        if self._catalog is None:
            from .catalog import load_catalog

            self._catalog = load_catalog()
        return self._catalog

    def exercise_facts(self, session) -> ExerciseFacts:
        """Categories, muscles and patterns a session covers.

        Cached per exercises tuple (plans share them) and per list of exercise names (facts depend on the
        names alone), so fresh plan objects with familiar exercises cost one lookup."""
        exercises = session.exercises
        if not exercises:
            return _type_facts(session.sport, session.type)
        hit = self._facts.get(id(exercises))
        if hit is not None and hit[0] is exercises:
            return hit[1]
        names = tuple([ex.name for ex in exercises])
        facts = self._facts_by_names.get(names)
        if facts is None:
            facts = self._facts_from_names(names)
            if len(self._facts_by_names) >= _CACHE_LIMIT:
                self._facts_by_names.clear()
            self._facts_by_names[names] = facts
        if len(self._facts) >= _CACHE_LIMIT:
            self._facts.clear()
        self._facts[id(exercises)] = (exercises, facts)
        return facts

    def _facts_from_names(self, names: tuple[str, ...]) -> ExerciseFacts:
        categories: list[str] = []
        sequence: list[str | None] = []
        muscles: set[str] = set()
        patterns: set[str] = set()
        unilateral = False
        for name in names:
            entry = self.entry(name)
            if entry is None:
                sequence.append(None)
                continue
            sequence.append(entry.category)
            if entry.category not in categories:
                categories.append(entry.category)
            muscles.update(entry.muscles)
            patterns.add(entry.pattern)
            unilateral = unilateral or entry.unilateral
        return ExerciseFacts(tuple(categories), frozenset(muscles), frozenset(patterns), unilateral,
                             tuple(sequence), True)

    def entry(self, name: str):
        """The catalog entry for an exercise name from a plan, or None (cached)."""
        try:
            return self._entries[name]
        except KeyError:
            entry = self._entries[name] = self.catalog.match(name)
            return entry

    # -- checking ----------------------------------------------------------------------------------

    def context(self, plan: Plan) -> Context:
        athlete = self.athlete or plan.athlete or _DEFAULT_ATHLETE
        return Context(self, plan, athlete, [self._week_index(w) for w in plan.weeks])

    def check(self, plan: Plan) -> tuple[Finding, ...]:
        """Every finding for ``plan``, sorted by :attr:`Finding.sort_key`."""
        if not plan.weeks:
            return ()
        ctx = self.context(plan)
        if ctx.first < 0:
            return ()
        all_on = (True,) * ctx.n_weeks
        out: list[Finding] = []
        for cr in self.rules_for(ctx.athlete):
            if cr.phases is None:
                ctx.week_on = all_on
            else:
                ctx.week_on = cr.week_on(ctx.phases)
                if True not in ctx.week_on:
                    continue
            found = cr.check(ctx, cr)
            if found:
                out.extend(found)
        if len(out) > 1:
            out.sort(key=_sort_key)
        return tuple(out)

    def first_error(self, plan: Plan) -> Finding | None:
        """The first error-level finding met (rules in code order), or None: a fast pass/fail for planners."""
        if not plan.weeks:
            return None
        ctx = self.context(plan)
        if ctx.first < 0:
            return None
        all_on = (True,) * ctx.n_weeks
        for cr in self.rules_for(ctx.athlete):
            if cr.severity != "error":
                continue
            if cr.phases is None:
                ctx.week_on = all_on
            else:
                ctx.week_on = cr.week_on(ctx.phases)
                if True not in ctx.week_on:
                    continue
            for f in cr.check(ctx, cr) or ():
                if f.severity == "error":
                    return f
        return None


#: (ordinal of the first date, consecutive dates): one shared calendar that plans' date lists are sliced from
_CALENDAR: tuple[int, list[dt.date]] = (0, [])


def _dates_from(start: dt.date, n: int) -> list[dt.date]:
    """``n`` consecutive dates from ``start``, sliced from a shared calendar (grown a year at a time)."""
    global _CALENDAR
    first, days = _CALENDAR
    o = start.toordinal()
    if not days or o < first or o + n > first + len(days):
        lo = min(o, first) if days else o
        hi = max(o + n, first + len(days)) if days else o + n
        if hi - lo > 20 * 366:  # plans far apart: start again around this one
            lo, hi = o, o + n
        lo, hi = max(1, lo - 366), hi + 366
        days = [dt.date.fromordinal(k) for k in range(lo, min(hi, dt.date.max.toordinal() + 1))]
        first = lo
        _CALENDAR = (first, days)
    return days[o - first:o - first + n]


def _sort_key(f: Finding) -> tuple:
    return f.sort_key


_DEFAULT_ATHLETE = Athlete()


def check_plan(plan: Plan, ruleset: Ruleset, **kw: Any) -> tuple[Finding, ...]:
    """``Checker(ruleset, **kw).check(plan)``: for one-off checks (compile once when checking many)."""
    return Checker(ruleset, **kw).check(plan)


@functools.cache
def _builtin_kinds() -> dict[str, RuleKind]:
    from .kinds import BUILTIN_KINDS

    return {k.name: k for k in BUILTIN_KINDS}


@functools.cache
def _installed_kinds() -> dict[str, RuleKind]:
    from .plugin_manager import Plugins

    return dict(Plugins.load().rule_kinds)


def _default_kinds(ruleset: Ruleset) -> dict[str, RuleKind]:
    kinds = _builtin_kinds()
    if all(r.kind in kinds for r in ruleset.rules if r.runs):
        return kinds
    return {**_installed_kinds(), **kinds}


# --------------------------------------------------------------------------- type fallback

#: What a session covers when it lists no exercises, by (sport, type): (categories, muscles, patterns).
#: Lower/full/circuit strength counts as compound leg work, upper as compound upper-body work; isometric,
#: plyometric, mobility and prehab sessions count as their own category; a mobility-sport session
#: counts as mobility. Runs, cross-training and rest cover nothing.
TYPE_FALLBACK: dict[tuple[str, str], tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]] = {
    ("strength", "lower"): (("compound",), ("quads", "glutes", "hamstrings", "calves"), ("squat", "hinge")),
    ("strength", "full"): (("compound",), ("quads", "glutes", "hamstrings", "calves", "core", "upper-body"),
                           ("squat", "hinge", "push", "pull")),
    ("strength", "upper"): (("compound",), ("upper-body", "core"), ("push", "pull")),
    ("strength", "circuit"): (("compound",), ("quads", "glutes", "core", "upper-body"), ("squat", "push")),
    ("strength", "core"): ((), ("core",), ("core",)),
    ("strength", "isometric"): (("isometric",), ("quads", "glutes", "core"), ("isometric",)),
    ("strength", "plyometric"): (("plyometric",), ("quads", "glutes", "calves"), ("plyometric",)),
    ("strength", "mobility"): (("mobility",), (), ("mobility",)),
    ("strength", "prehab"): (("prehab",), (), ()),
}


@functools.cache
def _type_facts(sport: str, type_: str) -> ExerciseFacts:
    if sport == "mobility":
        cats, muscles, patterns = ("mobility",), (), ("mobility",)
    else:
        cats, muscles, patterns = TYPE_FALLBACK.get((sport, type_), ((), (), ()))
    return ExerciseFacts(cats, frozenset(muscles), frozenset(patterns), False, (), False)
