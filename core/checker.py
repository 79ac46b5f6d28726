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
Week-level parts of the index (:class:`WeekIndex`) are cached per week *content*: the value of every session
(every field, its exercises' too) on each listed day, whatever the dates. Weeks are frozen, so a ``Week``
object seen before is found by identity; the weeks of a plan not seen before are read in one pass, each
distinct session object once (a copy shares them between days), its value looked up in a table of serial
numbers; the week's key is then a tuple of small ints. Each distinct session value has one
:class:`SessionIndex` (its canonical Session object: equal sessions share it, so per-session results such as
exercise facts are computed once per value), each distinct day content one :class:`DayIndex`; a week never
seen before is mostly made of days seen before (minutes and exercises change from week to week, and days
repeat), so everything the checker can judge or add up per session or per day is kept there. Selector masks
are cached per session signature (sport, type, intensity, time), and what only depends on them (``count``
rules) per week *shape* (:class:`WeekShape`: which selectors match on which days), of which there are far
fewer than contents. Each week content also has a :class:`WeekFrame`: its content but for minutes (each day's
:class:`DayFrame`, each session's :class:`SessionFrame`), shared by the weeks of a plan that only differ in
minutes (most new weeks).

The date-free week-local kinds (count, same-day, same-day-order, duration, prescription, session-flow,
coverage) are judged together: for each complete week, the rules that apply in its phase (a
:class:`RuleSet`) are asked once per content whether they find anything, without writing findings when the
kind can say so: per distinct session for rules whose findings are each session's own (prescription,
session-flow, coverage per session), per day content for the other day-local rules, per shape for
``count``, each verdict a bit (``CompiledRule.bit``) so that a week's verdict is the OR of its days' and its
shape's; rules on week totals (coverage and duration per week, and progression and deload across weeks)
read them from sums (and unions) of per-session parts kept packed in one int per session, day and week, so
a new week adds up every total at once; a rule judged on one total alone (its kind's ``total_fails``) is
judged once per total value, and a week keeps the union of its days' verdicts, so a new week made of days
seen before is judged without walking its days. Rules whose kind is ``minutes_free`` (see
:func:`runlift.kinds.common.per_week`) are judged once per frame instead (per DayFrame, SessionFrame). Only
the rules that find something are run for their findings, which are cached per week start and number (and a
day-local rule's per day content and date). A planner that checks many candidate plans sharing most of their
weeks pays only for the weeks that changed. When every rule is a built-in kind, the whole result is also
remembered per plan content, first Monday and week number, phases, rules and race: a plan read again from a
file costs one pass over its values.

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
phases, the plan's first Monday, its length, the race (see below) and the athlete's weeks off. When the layout
cannot place the plan (a race before the start), the phase stays unknown and matches no ``when.phases``
condition; rules without a phase condition still apply.

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
#: The package of the built-in rule kinds (see ``RuleGroup.pure``).
_KINDS_PACKAGE = __package__ + ".kinds."
#: Distinct session values (and session objects) remembered before the session tables start again.
_SESSION_LIMIT = 16384

#: A session's value: every attrs field, its exercises' too (a tuple of each exercise's fields).
_SESSION_FIELDS = tuple(a.name for a in attrs.fields(Session) if a.name != "exercises")
_EXERCISE_FIELDS = tuple(a.name for a in attrs.fields(Exercise))


def _values(sessions) -> list[tuple]:
    """Each session's value as a flat tuple (exercises as a tuple of tuples), read in one loop with plain
    attribute access (which Python 3.11 specialises for slots: several times cheaper than
    ``operator.attrgetter``)."""
    return [(s.sport, s.type, s.intensity, s.minutes, s.rpe, s.order, s.time, s.notes,
             tuple([(e.name, e.sets, e.reps, e.hold_seconds, e.load) for e in s.exercises]) if s.exercises else ())
            for s in sessions]


if (_SESSION_FIELDS != ("sport", "type", "intensity", "minutes", "rpe", "order", "time", "notes")
        or _EXERCISE_FIELDS != ("name", "sets", "reps", "hold_seconds", "load")):  # pragma: no cover
    # the model has other fields than _values reads: read them all, by name
    _session_fields = operator.attrgetter(*_SESSION_FIELDS)
    _exercise_fields = operator.attrgetter(*_EXERCISE_FIELDS)

    def _values(sessions) -> list[tuple]:
        return [_session_fields(s) + (tuple(map(_exercise_fields, s.exercises)),) for s in sessions]


#: Where minutes sit in a session's value (see ``_new_session``).
_MINUTES = _SESSION_FIELDS.index("minutes")


def _flat(sequences) -> list:
    """The items of ``sequences`` in one new list (extending it by each: faster than ``itertools.chain``)."""
    return functools.reduce(operator.iadd, sequences, [])


#: Week totals are kept packed, one field of this many bits per total (see ``Checker._fields``); a session's
#: part of a sum must be an int below ``_PART_LIMIT`` so that a week's sum (of at most 63 sessions: 9 a day)
#: stays within its field.
_FIELD_BITS = 64
_FIELD_MASK = (1 << _FIELD_BITS) - 1
_PART_LIMIT = 1 << (_FIELD_BITS - 8)

#: Serial numbers of distinct session values, shared by every checker and never reused, so a day's or week's
#: content key (built from them) can never mean two different contents, even after the tables start again.
_SERIALS = itertools.count(1)


# --------------------------------------------------------------------------- compiled rules


class CompiledRule:
    """A rule ready to run: its options, selector bits and citation, resolved once.

    ``bits[field]`` is the bitmask of the Selector in options field ``field`` (a tuple of bitmasks for a
    tuple of selectors). A session matches that selector when ``session_mask & bit``.
    """

    __slots__ = ("rule", "kind", "code", "name", "severity", "options", "bits", "phases", "rationale",
                 "source", "check", "week_check", "day_check", "week_fails", "day_fails", "session_fails",
                 "shape_fails", "total_fails", "total_key", "verdicts", "memo", "bit", "minutes_free", "_week_on")

    def __init__(self, rule: Rule, kind: RuleKind, bits: dict[str, Any], source: str, bit: int = 0):
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
        #: For a date-free week-local kind (:func:`runlift.kinds.common.per_week`): its ``week_check``, and
        #: its ``day_check`` when the rule's findings in a week are those of its days alone; ``week_fails`` /
        #: ``day_fails`` say whether those find anything without writing findings (their ``fails``, or None).
        #: The checker judges such rules together, once per week (or day) content (see :meth:`Checker.check`).
        check = kind.check
        self.week_check = getattr(check, "week_check", None) if getattr(check, "date_free", False) else None
        day_check_for = getattr(check, "day_check_for", None)
        self.day_check = day_check_for(rule.options) if self.week_check and day_check_for else None
        self.week_fails = getattr(self.week_check, "fails", None)
        self.day_fails = getattr(self.day_check, "fails", None)
        #: ``session_fails(ctx, rule, session, mask)``: whether one session has findings, for a ``day_check`` whose
        #: findings on a day are those of each session alone (judged once per distinct session), or None
        self.session_fails = getattr(self.day_check, "session_fails", None)
        #: ``shape_fails(shape, rule)``: whether a complete week of that :class:`WeekShape` breaks the rule,
        #: for kinds that only look at selector masks (a ``week_check``'s ``shape_fails``, or None)
        self.shape_fails = getattr(self.week_check, "shape_fails", None) if self.day_check is None else None
        #: ``total_fails(rule, total)``: whether a complete week breaks the rule, from its week total
        #: ``total_key(rule)`` alone (a ``week_check``'s, for rules judged on a week total; or None), and those
        #: verdicts per total (see ``Checker._total_rules``)
        self.total_fails = getattr(self.week_check, "total_fails", None) if self.week_fails is not None else None
        self.total_key = getattr(self.week_check, "total_key", None) if self.total_fails is not None else None
        self.verdicts: dict[int, bool] = {}
        #: Per-rule results a kind may cache across checks (see ``memo_get``).
        self.memo: dict = {}
        #: this rule's bit among the checker's rules (verdicts on day contents and shapes are bitsets)
        self.bit = bit
        #: whether the rule's verdicts on a week, day or session never depend on minutes (its kind's
        #: ``check.minutes_free``, see ``per_week``): judged once per WeekFrame, DayFrame and SessionFrame
        self.minutes_free = self.week_check is not None and bool(getattr(check, "minutes_free", False))
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


class RuleGroup:
    """The rules that apply to one kind of athlete, split by how the checker runs them.

    ``local``: date-free week-local rules (``week_check`` set), judged per week content: ``day_rules`` (those
    with a ``day_check``) per day content, ``shape_rules`` (with a ``shape_fails``) per week shape, the other
    ``week_rules`` on the whole week. ``others`` run on the whole plan through their kind's ``check``."""

    __slots__ = ("rules", "local", "day_rules", "shape_rules", "week_rules", "others", "pure", "reads_race")

    def __init__(self, rules: tuple[CompiledRule, ...]):
        self.rules = rules
        self.local = tuple([cr for cr in rules if cr.week_check is not None])
        self.day_rules = tuple([cr for cr in self.local if cr.day_check is not None])
        self.shape_rules = tuple([cr for cr in self.local if cr.day_check is None and cr.shape_fails is not None])
        self.week_rules = tuple([cr for cr in self.local if cr.day_check is None and cr.shape_fails is None])
        self.others = tuple([cr for cr in rules if cr.week_check is None])
        #: whether every rule is of a built-in kind, whose findings only depend on the plan's content, dates,
        #: week numbers, phases and race (so :meth:`Checker.check` may remember them); whether one reads the race
        self.pure = all(cr.kind.check.__module__.startswith(_KINDS_PACKAGE) for cr in rules)
        self.reads_race = any(getattr(cr.kind.check, "reads_race", False) for cr in rules)


class RuleSet:
    """The local rules of a RuleGroup that apply in one phase, split like the group's: what a complete week
    content in that phase is judged by (``failing[rule_set]`` on its WeekIndex; ``day_bits`` and
    ``shape_bits`` select the verdicts kept as bits on its DayIndexes and WeekShape)."""

    __slots__ = ("rules", "day_rules", "session_rules", "shape_rules", "week_rules", "day_bits", "session_bits",
                 "shape_bits", "free_day_bits", "exact_day_bits", "total_rules", "other_week_rules", "frame_totals",
                 "frame_week_rules")

    def __init__(self, group: RuleGroup, phase: str):
        def on(cr: CompiledRule) -> bool:
            return cr.phases is None or phase in cr.phases

        self.rules = tuple([cr for cr in group.local if on(cr)])
        self.day_rules = tuple([cr for cr in group.day_rules if on(cr)])
        self.shape_rules = tuple([cr for cr in group.shape_rules if on(cr)])
        self.week_rules = tuple([cr for cr in group.week_rules if on(cr)])
        #: the day rules judged per session (with a ``session_fails``)
        self.session_rules = tuple([cr for cr in self.day_rules if cr.session_fails is not None])
        #: the bits of the day rules, of those judged per session and of the shape rules
        self.day_bits = _bits(self.day_rules)
        self.session_bits = _bits(self.session_rules)
        self.shape_bits = _bits(self.shape_rules)
        #: the bits of the day rules whose verdicts are minutes-free (judged on DayFrames) and of the others (on
        #: DayIndexes)
        self.free_day_bits = _bits([cr for cr in self.day_rules if cr.minutes_free])
        self.exact_day_bits = self.day_bits & ~self.free_day_bits
        #: the week rules judged on a kept week total: (rule, whether the total is a union, its shift), and the
        #: other week rules, each for the minutes-free rules (``frame_totals``, ``frame_week_rules``: judged once
        #: per WeekFrame) and the others (set by ``Checker._total_rules``, which knows the totals kept)
        self.total_rules: tuple[tuple[CompiledRule, bool, int], ...] = ()
        self.other_week_rules = self.week_rules
        self.frame_totals: tuple[tuple[CompiledRule, bool, int], ...] = ()
        self.frame_week_rules: tuple[CompiledRule, ...] = ()


def _bits(rules: Iterable[CompiledRule]) -> int:
    """The OR of the rules' bits."""
    x = 0
    for cr in rules:
        x |= cr.bit
    return x


def _total_fields(compiled: Iterable[CompiledRule]) -> dict[tuple, tuple[bool, int]]:
    """The week totals the rules ask for (their kind's ``week_totals(rule)``: keys ``(part, *args)``, a week's
    total being the sum of ``part(checker, session, mask, *args)`` over its sessions, or their union (OR) when
    ``part.union``), each with where it is packed: key -> (union, bit shift)."""
    fields: dict[tuple, tuple[bool, int]] = {}
    counts = [0, 0]
    for cr in compiled:
        totals = getattr(cr.check, "week_totals", None)
        for key in totals(cr) if totals is not None else ():
            if key not in fields:
                union = getattr(key[0], "union", False)
                fields[key] = (union, _FIELD_BITS * counts[union])
                counts[union] += 1
    return fields


def _athlete_key(athlete: Athlete, distance: str | None) -> tuple:
    """Everything :func:`_applies` reads of an athlete (athletes that differ elsewhere share rules)."""
    return (athlete.experience, distance, athlete.equipment, athlete.niggles,
            athlete.weeks_off >= RETURNING_MIN_WEEKS_OFF)


# --------------------------------------------------------------------------- the per-week index


class SessionIndex:
    """One distinct session value: its canonical Session object (the first seen with that value), its selector
    mask, the bits of the per-session rules judged on it (``judged``) and with findings (``fails``), and its
    parts of the week totals, packed (``sums``, ``unions``: see ``Checker._session_totals``)."""

    __slots__ = ("session", "mask", "judged", "fails", "sums", "unions", "frame")

    def __init__(self, session, mask: int, frame: SessionFrame | None = None):
        self.session = session
        self.mask = mask
        self.judged = 0
        self.fails = 0
        self.sums: int | None = 0
        self.unions: int | None = 0
        #: its SessionFrame (shared by the session values that only differ in minutes)
        self.frame = frame


class SessionFrame:
    """One distinct session value but for its minutes: a session of that value (the first seen) and its mask,
    and the bits of the minutes-free per-session rules judged on it (``judged``) and with findings (``fails``)."""

    __slots__ = ("session", "mask", "judged", "fails")

    def __init__(self, session, mask: int):
        self.session = session
        self.mask = mask
        self.judged = 0
        self.fails = 0


def _masks_and_union(records) -> tuple[tuple[int, ...], int]:
    """The selector masks of a day's session records, in order, and their union."""
    masks = tuple([r.mask for r in records])
    mask = 0
    for m in masks:
        mask |= m
    return masks, mask


class DayFrame:
    """One day's content but for minutes (its sessions' :class:`SessionFrame`, in order): the verdicts of the
    minutes-free day rules, kept as a DayIndex keeps the others' (``judged``, ``fails``; ``memo``)."""

    __slots__ = ("records", "masks", "mask", "memo", "judged", "fails")

    def __init__(self, records: tuple[SessionFrame, ...]):
        self.records = records
        self.masks, self.mask = _masks_and_union(records)
        self.memo: dict = {}
        self.judged = 0
        self.fails = 0


class WeekFrame:
    """One week's content but for minutes: the :class:`DayFrame` of each weekday (None for a day without
    sessions), its :class:`WeekShape` and, per RuleSet, the bits of the minutes-free rules with findings in a
    complete week of this frame (``failing``). Shared by the week contents that only differ in minutes (most
    new weeks of a plan)."""

    __slots__ = ("days", "shape", "failing")

    def __init__(self, days: list[DayFrame | None], shape: WeekShape):
        self.days = days
        self.shape = shape
        self.failing: dict[RuleSet, int] = {}


class DayIndex:
    """One day's content: its sessions (canonical objects) and their selector masks, whatever the date.

    Shared by every day with equal sessions; ``memo`` holds day-local results keyed by what they depend on."""

    __slots__ = ("records", "sessions", "masks", "mask", "memo", "judged", "fails", "sums", "unions", "frame")

    def __init__(self, records: tuple[SessionIndex, ...], frame: DayFrame | None = None):
        #: the SessionIndex of each session, in order
        self.records = records
        self.sessions = tuple([r.session for r in records])
        self.masks, self.mask = _masks_and_union(records)
        self.memo: dict = {}
        #: the bits of the day rules judged on this content, and of those with findings here (those known to
        #: have none are also keys of ``memo``, as ``per_day`` leaves them); minutes-free ones are on its DayFrame
        self.judged = 0
        self.fails = 0
        #: its sessions' parts of the week totals, packed (None: not packable)
        self.sums, self.unions = _combine(records)
        #: its DayFrame (shared by the day contents that only differ in minutes)
        self.frame = frame

    def load(self) -> float:
        """Session-RPE load (RPE × minutes) of the day's sessions."""
        load = self.memo.get("load")
        if load is None:
            load = 0.0
            for s in self.sessions:
                load += s.rpe * s.minutes
            self.memo["load"] = load
        return load


def _combine(parts) -> tuple[int | None, int | None]:
    """The packed week totals of the ``parts`` together (their ``sums`` added up, their ``unions`` OR-ed; None
    when one is None)."""
    sums: int | None = 0
    unions: int | None = 0
    for x in parts:
        sums = None if sums is None or x.sums is None else sums + x.sums
        unions = None if unions is None or x.unions is None else unions | x.unions
    return sums, unions


class WeekShape:
    """Which selectors a week's sessions match, on which weekdays, and which days are listed.

    All that mask-only rules (``count``) look at, so their verdicts are cached here (``memo``, and as bits
    like a DayIndex's: ``judged``, ``fails``)
    and shared by every week content with the same shape: far fewer than contents (minutes, exercises and
    sets change from week to week; which selectors match on which days rarely does)."""

    __slots__ = ("masks", "day_masks", "listed", "mask_counts", "any_mask", "memo", "days", "judged", "fails")

    def __init__(self, days: list[DayIndex | None], listed: int):
        """``days``: the DayFrame (or DayIndex) of each weekday (None for a day without sessions)."""
        day_masks = [0] * 7
        any_mask = 0
        counts: dict[int, int] = {}
        for wd, di in enumerate(days):
            if di is not None:
                day_masks[wd] = di.mask
                any_mask |= di.mask
                for m in di.masks:
                    counts[m] = counts.get(m, 0) + 1
        #: each weekday's session masks, in order
        self.masks = [() if di is None else di.masks for di in days]
        self.day_masks = day_masks
        self.listed = listed
        #: selector mask -> number of the week's sessions with exactly that mask
        self.mask_counts = counts
        self.any_mask = any_mask
        self.memo: dict = {}
        #: selector bit -> the weekdays with a session matching it (see ``day_bits``)
        self.days: dict[int, int] = {}
        #: the bits of the shape rules judged on a complete week of this shape, and of those it breaks
        self.judged = 0
        self.fails = 0

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
        x = self.days.get(bit)
        if x is None:
            x = 0
            for d, dm in enumerate(self.day_masks):
                if dm & bit:
                    x |= 1 << d
            self.days[bit] = x
        return x


def _listed_days(days) -> int:
    """The weekdays listed in a week (bit d = weekday d)."""
    listed = 0
    for day in days:
        listed |= 1 << day.date.weekday()
    return listed


class WeekIndex:
    """One week's sessions with their selector masks, independent of where the week sits in a plan.

    Built from the week's *content* (which sessions, by value, on which weekdays, and which days are listed),
    not its dates: weeks with the same content share one index, whichever plan, date or Week object they
    come from (a roster of athletes on the same template, fresh copies of a plan). So ``sessions`` holds the
    checker's canonical Session objects (the first seen with each value; equal to the plan's own), and
    ``memo`` may only hold what follows from the content; anything that depends on the week's dates or
    number must be keyed by them too (see :func:`runlift.kinds.common.per_week`).
    ``week`` is the first Week seen with this content (use ``ctx.weeks[w]`` for the plan's own);
    ``days[d]`` the :class:`DayIndex` of weekday ``d`` (None for a day without sessions); ``shape`` its
    :class:`WeekShape` (``masks``, ``day_masks``, ``listed``, ``mask_counts`` and ``any_mask`` are the
    shape's).
    """

    __slots__ = ("week", "sessions", "masks", "day_masks", "listed", "mask_counts", "any_mask", "memo", "days",
                 "failing", "frame", "shape", "fields", "sums", "unions", "day_judged", "day_fails")

    def __init__(self, week, days: list[DayIndex | None], frame: WeekFrame, fields: dict, sessions: list[tuple],
                 sums: int | None, unions: int | None, day_judged: int = 0, day_fails: int = 0):
        self.week = week
        #: its WeekFrame (shared by the week contents that only differ in minutes), which holds its shape
        self.frame = frame
        shape = frame.shape
        #: the day rules judged on every one of its days (AND of their ``judged``: may lag behind them) and the
        #: OR of their ``fails`` (exact for those rules: a day's verdict never changes once judged)
        self.day_judged = day_judged
        self.day_fails = day_fails
        self.days = days
        #: each weekday's sessions
        self.sessions = sessions
        #: the checker's week totals (key -> field) and their values, packed (None: not packable)
        self.fields = fields
        self.sums = sums
        self.unions = unions
        self.shape = shape
        self.masks = shape.masks
        self.day_masks = shape.day_masks
        self.listed = shape.listed
        self.mask_counts = shape.mask_counts
        self.any_mask = shape.any_mask
        #: Week-local results kinds derive from this week's content, keyed by what they depend on
        #: (e.g. ``("measure", bit, "minutes")``); date-dependent results keyed by the dates too.
        self.memo: dict = {}
        #: RuleSet -> its rules with findings in this content as a complete week
        self.failing: dict = {}

    def total(self, key: tuple) -> int | None:
        """The week's total ``key`` when the checker keeps it (see ``Checker._fields``), else None."""
        field = self.fields.get(key)
        if field is None:
            return None
        union, shift = field
        packed = self.unions if union else self.sums
        return None if packed is None else (packed >> shift) & _FIELD_MASK

    @property
    def flat(self) -> list[tuple]:
        """Every session of the week as (session, mask, weekday 0-6), in date and day order."""
        return [(s, m, wd) for wd, di in enumerate(self.days) if di is not None
                for s, m in zip(di.sessions, di.masks)]

    def count(self, bit: int) -> int:
        """The number of sessions matching ``bit``."""
        return self.shape.count(bit)

    def day_bits(self, bit: int) -> int:
        """The weekdays (bit d = weekday d, Monday 0) with a session matching ``bit``."""
        return self.shape.day_bits(bit)

    def daily_loads(self) -> list[float]:
        """Session-RPE load (RPE × minutes) of each of the 7 days; 0 for rest or unlisted days."""
        loads = self.memo.get("daily-loads")
        if loads is None:
            loads = self.memo["daily-loads"] = [0.0 if di is None else di.load() for di in self.days]
        return loads

    def run_minutes(self) -> int:
        """Minutes of running in the week."""
        n = self.memo.get("run-minutes")
        if n is None:
            n = self.memo["run-minutes"] = sum(s.minutes for ss in self.sessions for s in ss if s.sport == "run")
        return n


# --------------------------------------------------------------------------- the per-plan context


class PlanShape:
    """What a plan's calendar index takes from its weeks' shapes alone, shared by the plans whose weeks have
    the same :class:`WeekShape` (read-only): each day's session masks (``masks``) and their OR (``day_mask``),
    the first and last listed day numbers (-1 when none), whether each week is complete, the
    ``Context.days_with`` results (``days_with``: bit -> days) and what kinds derive from these alone
    (``memo``, as ``Context.shape_memo``)."""

    __slots__ = ("masks", "day_mask", "first", "last", "complete", "days_with", "memo")

    def __init__(self, shapes: tuple[WeekShape, ...]):
        self.masks: list[tuple] = _flat([shape.masks for shape in shapes])
        self.day_mask: list[int] = _flat([shape.day_masks for shape in shapes])
        listed = [shape.listed for shape in shapes]
        n = len(shapes)
        if n and listed.count(0x7F) == n:  # every day listed (plans written by the planner)
            first, last = 0, 7 * n - 1
            self.complete = [True] * n
        else:
            first = last = -1
            for w, days in enumerate(listed):
                if days:
                    if first < 0:
                        first = 7 * w + (days & -days).bit_length() - 1
                    last = 7 * w + days.bit_length() - 1
            self.complete = [first <= 7 * w and last >= 7 * w + 6 for w in range(n)] if first >= 0 else [False] * n
        self.first = first
        self.last = last
        self.days_with: dict[int, int] = {}
        self.memo: dict = {}


class Context:
    """What rule kinds see: the plan and its calendar index, built once per :meth:`Checker.check`.

    Day numbers ``i`` count from the Monday of the first plan week (``0 .. n_days - 1``); week positions
    ``w = i // 7`` count plan weeks from 0 (``week_number(w)`` is the plan's own ``Week.index``).

    * ``sessions[i]`` / ``masks[i]``: the day's sessions and their selector masks, in order; ``day_mask[i]``
      is the OR of the day's masks (``day_mask[i] & bit`` = "some session that day matches");
      ``dates[i]`` its date; ``day_frames[i]`` its :class:`DayFrame` (None for a day without sessions: its
      content but minutes, a key for results cached across plans);
    * ``days_with(bit)``: the days with a matching session as one int bitset (bit ``i`` = day ``i``), for
      shift-and-mask searches; ``in_plan_bits`` and ``active_bits()`` to combine with it; ``shape_memo`` for
      results derived from these alone (shared by the plans whose weeks have the same shapes);
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

    def __init__(self, checker: Checker, plan: Plan, athlete: Athlete, weeks: list[WeekIndex],
                 phases: tuple[str, ...] | None = None):
        self.checker = checker
        self.plan = plan
        self.athlete = athlete
        self.weeks = plan.weeks
        self.week_indexes = weeks
        self.n_weeks = len(weeks)
        self.n_days = 7 * len(weeks)
        self.start = plan.weeks[0].start
        self.sessions: list[tuple] = _flat([wi.sessions for wi in weeks])
        layout = checker._plan_shape(weeks)
        self.masks: list[tuple] = layout.masks
        self.day_mask: list[int] = layout.day_mask
        self.complete: list[bool] = layout.complete
        self.first = first = layout.first
        self.last = last = layout.last
        n = len(weeks)
        #: (week position, its WeekIndex) for the complete weeks
        if first == 0 and last == 7 * n - 1:  # every week complete
            self.complete_weeks = list(enumerate(weeks))
            self.partial_weeks: list[int] = []
        else:
            self.complete_weeks = [(w, weeks[w]) for w, full in enumerate(self.complete) if full]
            self.partial_weeks = [w for w, full in enumerate(self.complete) if not full]
        #: (week position, that week's memo) for the complete weeks; positions of the others
        self.complete_memos = [(w, wi.memo) for w, wi in self.complete_weeks]
        self.phases = checker._phases(plan) if phases is None else phases
        self.dates = checker._calendar(self.start, self.n_days)
        #: bit -> ``days_with(bit)``, shared by the plans whose weeks have the same shapes
        self._days_with: dict[int, int] = layout.days_with
        #: results kinds derive from the plan's shape alone (its days' session masks, which days are listed),
        #: keyed by what else they depend on (e.g. the rule and ``week_on``), shared like ``days_with``
        self.shape_memo: dict = layout.memo
        self.week_on: tuple[bool, ...] = ()
        #: ``week_on`` for a rule that applies in every week
        self.all_on = (True,) * self.n_weeks

    # -- day bitsets ------------------------------------------------------------------------------

    def week_totals(self, key: tuple) -> list[int | None]:
        """Each week's total ``key`` (see :meth:`WeekIndex.total`), None where it is not kept."""
        field = self.checker._fields.get(key)
        if field is None:
            return [None] * self.n_weeks
        union, shift = field
        packed = [wi.unions for wi in self.week_indexes] if union else [wi.sums for wi in self.week_indexes]
        return [None if p is None else (p >> shift) & _FIELD_MASK for p in packed]

    def days_with(self, bit: int) -> int:
        """The plan days with a session matching ``bit``, as an int whose bit ``i`` is day number ``i``.

        Kinds combine these with shifts and masks to find candidate days without walking the calendar, e.g.
        ``F & (T >> 1)``: days with a ``first`` session followed the next day by a ``then`` session."""
        table = self._days_with
        x = table.get(bit)
        if x is None:
            x = 0
            for w, wi in enumerate(self.week_indexes):
                if wi.any_mask & bit:
                    shape = wi.shape
                    days = shape.days.get(bit)
                    x |= (shape.day_bits(bit) if days is None else days) << (7 * w)
            table[bit] = x
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
    def day_frames(self) -> list[DayFrame | None]:
        """Each day's :class:`DayFrame` (None for a day without sessions)."""
        return _flat([wi.frame.days for wi in self.week_indexes])

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
            compiled.append(CompiledRule(rule, kinds[rule.kind], bits, ruleset.cite(rule), 1 << len(compiled)))
        self.compiled: tuple[CompiledRule, ...] = tuple(compiled)
        self._fields = _total_fields(self.compiled)
        self._predicates = tuple(enumerate(predicates))
        self._signature_masks: dict[tuple, int] = {}
        #: id(Week) -> (that Week, its index): the fast path for weeks checked before (planner candidates)
        self._week_cache: dict[int, tuple[Any, WeekIndex]] = {}
        #: day content (its sessions' serials) -> DayIndex; week content (session serials, sessions per listed
        #: day, the listed days) -> WeekIndex; session value (its fields but exercises, and the serial of its
        #: exercises' values) -> serial; exercises' values -> serial
        self._days: dict[tuple, DayIndex] = {}
        self._contents: dict[tuple, WeekIndex] = {}
        #: week shape (session masks with their weekday, the listed days) -> WeekShape
        self._shapes: dict[tuple, WeekShape] = {}
        #: a session value but for minutes -> SessionFrame; a day's SessionFrames -> DayFrame; each weekday's
        #: DayFrame (None without sessions) and the listed days -> WeekFrame (frame keys hold the frame
        #: objects themselves, so they never mean two contents even after the tables start again)
        self._session_frames: dict[tuple, SessionFrame] = {}
        self._day_frames: dict[tuple, DayFrame] = {}
        self._week_frames: dict[tuple, WeekFrame] = {}
        #: each week's WeekShape -> PlanShape (see ``Context``)
        self._plan_shapes: dict[tuple, PlanShape] = {}
        #: (week indexes, first Monday, first week number, phases, RuleGroup, race) -> findings (see ``check``)
        self._results: dict[tuple, tuple[Finding, ...]] = {}
        #: (phases of a plan's weeks, RuleGroup) -> each week's RuleSet
        self._rule_sets: dict[tuple, list[RuleSet]] = {}
        #: a RuleSet's rules -> the RuleSet; (RuleGroup, phase) -> its RuleSet (see ``_rule_set``)
        self._rule_set_objects: dict[tuple, RuleSet] = {}
        self._phase_sets: dict[tuple, RuleSet] = {}
        self._session_values: dict[tuple, int] = {}
        #: session serial -> its SessionIndex
        self._canon: dict[int, SessionIndex] = {}
        self._applicable: dict[tuple, RuleGroup] = {}
        #: a bitset of rules' bits -> those rules (see ``_rules_of``)
        self._rules_by_bits: dict[int, tuple[CompiledRule, ...]] = {0: ()}
        self._facts: dict[int, tuple[Any, ExerciseFacts]] = {}
        #: exercise name -> catalog entry, exercise names -> ExerciseFacts: shared by the checkers using the
        #: same catalog (see ``_catalog_tables``)
        self._entries: dict[str, Any] | None = None
        self._facts_by_names: dict[tuple[str, ...], ExerciseFacts] | None = None
        self._layouts: dict[tuple, tuple[str, ...] | None] = {}
        self._dates: dict[dt.date, list[dt.date]] = {}
        self._active: dict[tuple[bool, ...], int] = {}
        self._last_athlete: Athlete | None = None
        self._last_group: RuleGroup | None = None

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

    def _week_indexes(self, weeks: tuple) -> list[WeekIndex]:
        """The index of each week: by identity for a Week seen before, else by content (its sessions' values).

        The weeks not seen before are read in one pass: their days' session tuples, then the serials of the
        sessions' values (:meth:`_serials`)."""
        cache = self._week_cache
        out: list = []
        todo: list = []
        for week in weeks:
            hit = cache.get(id(week))
            if hit is not None and hit[0] is week:
                out.append(hit[1])
            else:
                out.append(None)
                todo.append(week)
        if not todo:
            return out
        per_day = [d.sessions for week in todo for d in week.days]
        lens = tuple(map(len, per_day))
        serials = tuple(self._serials(_flat(per_day)))
        # a week's content key: its sessions' serials, the number of sessions of each listed day, the listed days
        # (weeks start on a Monday and list each date once, in order: checked by the model)
        contents = self._contents
        if len(cache) + len(todo) > _CACHE_LIMIT:
            cache.clear()
        k = n = 0  # position in per_day, in serials
        it = iter(todo)
        for w, wi in enumerate(out):
            if wi is None:
                week = next(it)
                days = week.days
                nd = k + len(days)
                day_lens = lens[k:nd]
                ns = n + sum(day_lens)
                key = (serials[n:ns], day_lens, 0x7F if nd - k == 7 else _listed_days(days))
                k, n = nd, ns
                wi = contents.get(key)
                if wi is None:
                    if len(contents) >= _CACHE_LIMIT:
                        contents.clear()
                    wi = contents[key] = self._new_week(week, key)
                cache[id(week)] = (week, wi)
                out[w] = wi
        return out

    def _serials(self, sessions: list) -> list[int]:
        """The serial of each session's value: every field, its exercises' too.

        Each distinct session object is read once (plans share them between days); the first session seen
        with a value becomes its canonical object (``_canon``)."""
        ids = list(map(id, sessions))
        objects = dict(zip(ids, sessions))  # id -> session, in order of first appearance
        values = _values(objects.values())
        serials = list(map(self._session_values.get, values))
        if None in serials:
            self._new_sessions(list(objects.values()), values, serials)
        return list(map(dict(zip(objects, serials)).__getitem__, ids))

    def _new_sessions(self, sessions: list, values: list[tuple], serials: list) -> None:
        """Give the values not seen before (None in ``serials``) a serial, in place."""
        table = self._session_values
        for k, serial in enumerate(serials):
            if serial is None:
                serial = table.get(values[k])  # an equal session earlier in this plan
                if serial is None:
                    s = sessions[k]
                    serial = table[values[k]] = next(_SERIALS)
                    rec = self._canon[serial] = self._new_session(s, values[k])
                    if self._fields:
                        self._session_totals(rec)
                serials[k] = serial

    def _new_session(self, s, value: tuple) -> SessionIndex:
        """The SessionIndex of a session value not seen before, with its SessionFrame (found by the value but
        for minutes)."""
        mask = self._mask_of(s)
        key = value[:_MINUTES] + value[_MINUTES + 1:]
        frame = self._session_frames.get(key)
        if frame is None:
            frame = self._session_frames[key] = SessionFrame(s, mask)
        return SessionIndex(s, mask, frame)

    def _new_week(self, week, key: tuple) -> WeekIndex:
        """The WeekIndex of a week content not seen before, from its key (see :meth:`_week_indexes`), with its
        WeekFrame (found by its days' DayFrames)."""
        serials, lens, listed = key
        weekdays = range(7) if listed == 0x7F else [d.date.weekday() for d in week.days]
        days: list[DayIndex | None] = [None] * 7
        sessions: list[tuple] = [(), (), (), (), (), (), ()]
        frames: list = [None, None, None, None, None, None, None, listed]  # each weekday's DayFrame, the listed days
        sums: int | None = 0  # the days' packed totals, added up
        unions: int | None = 0
        judged = -1  # the day rules judged on every day, and the union of the days' verdicts
        fails = 0
        packed = True
        table = self._days
        pos = 0
        for wd, n in zip(weekdays, lens):
            if n:
                day = serials[pos:pos + n]
                pos += n
                di = days[wd] = table.get(day) or self._new_day(day)
                frames[wd] = di.frame
                sessions[wd] = di.sessions
                judged &= di.judged
                fails |= di.fails
                try:
                    sums += di.sums
                    unions |= di.unions
                except TypeError:  # a day's totals do not pack (None)
                    packed = False
        if not packed:
            sums, unions = _combine(filter(None, days))
        frame_key = tuple(frames)
        frame = self._week_frames.get(frame_key) or self._new_frame(frame_key)
        return WeekIndex(week, days, frame, self._fields, sessions, sums, unions, judged, fails)

    def _new_frame(self, key: tuple) -> WeekFrame:
        """The WeekFrame of a week frame (each weekday's DayFrame, the listed days) not seen before, with its
        WeekShape (cached per each weekday's session masks and the listed days)."""
        days = list(key[:7])
        shape_key = tuple([() if df is None else df.masks for df in days]) + key[7:]
        shape = self._shapes.get(shape_key)
        if shape is None:
            if len(self._shapes) >= _CACHE_LIMIT:
                self._shapes.clear()
            shape = self._shapes[shape_key] = WeekShape(days, key[7])
        if len(self._week_frames) >= _CACHE_LIMIT:
            self._week_frames.clear()
        frame = self._week_frames[key] = WeekFrame(days, shape)
        return frame

    def _new_day(self, serials: tuple[int, ...]) -> DayIndex:
        """The DayIndex of a day content (session serials) not seen before, holding canonical sessions, with its
        DayFrame (found by its sessions' SessionFrames)."""
        canon = self._canon
        records = tuple([canon[k] for k in serials])
        key = tuple([r.frame for r in records])
        frame = self._day_frames.get(key) or self._new_day_frame(key)
        di = self._days[serials] = DayIndex(records, frame)
        return di

    def _new_day_frame(self, frames: tuple[SessionFrame, ...]) -> DayFrame:
        """The DayFrame of a day's SessionFrames not seen before."""
        df = self._day_frames[frames] = DayFrame(frames)
        return df

    def _session_totals(self, rec: SessionIndex) -> None:
        """Pack a session's part of each week total into its ``sums`` and ``unions`` (each None when a part does
        not fit: not an int in ``[0, _PART_LIMIT)``, or wider than a field for a union)."""
        sums: int | None = 0
        unions: int | None = 0
        for key, (union, shift) in self._fields.items():
            x = key[0](self, rec.session, rec.mask, *key[1:])
            if type(x) is not int or x < 0 or x > (_FIELD_MASK if union else _PART_LIMIT - 1):
                if union:
                    unions = None
                else:
                    sums = None
            elif union:
                unions = None if unions is None else unions | x << shift
            elif sums is not None:
                sums += x << shift
        rec.sums, rec.unions = sums, unions

    def _trim_tables(self) -> None:
        """Start the session and day tables again when they grow too big (only between checks: a check's
        session serials must stay resolvable until its index is built)."""
        if max(len(self._session_values), len(self._days)) >= _SESSION_LIMIT:
            self._session_values.clear()
            self._canon.clear()
            self._days.clear()
            self._session_frames.clear()
            self._day_frames.clear()

    def _plan_shape(self, weeks: list[WeekIndex]) -> PlanShape:
        """The PlanShape of a plan of these weeks (cached per their WeekShapes)."""
        key = tuple([wi.shape for wi in weeks])
        layout = self._plan_shapes.get(key)
        if layout is None:
            if len(self._plan_shapes) >= _CACHE_LIMIT:
                self._plan_shapes.clear()
            layout = self._plan_shapes[key] = PlanShape(key)
        return layout

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
        return self._group_for(athlete).rules

    def _group_for(self, athlete: Athlete) -> RuleGroup:
        """The RuleGroup of the rules that apply to ``athlete`` (cached per what the conditions read)."""
        if athlete is self._last_athlete:
            return self._last_group
        distance = self._distance(athlete)
        key = _athlete_key(athlete, distance)
        group = self._applicable.get(key)
        if group is None:
            if len(self._applicable) > 64:
                self._applicable.clear()
            group = self._applicable[key] = RuleGroup(
                tuple([cr for cr in self.compiled if _applies(cr.rule, athlete, distance)]))
        self._last_athlete, self._last_group = athlete, group
        return group

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
        key = (plan.weeks[0].start, len(phases), race_date, distance, athlete.weeks_off)
        laid = self._layouts.get(key)
        if laid is None:
            laid = self._layouts[key] = self._layout(key)
        if laid is None:
            return phases
        return tuple([p or q for p, q in zip(phases, laid)])

    def _layout(self, key) -> tuple[str, ...] | None:
        start, n_weeks, race_date, distance, weeks_off = key
        try:
            from .phases import layout_phases
        except ImportError:  # pragma: no cover - a checkout without the planner's phases module
            return None
        try:
            layout = layout_phases(self.ruleset.phases, start=start, weeks=n_weeks, race_date=race_date,
                                   distance=distance, weeks_off=weeks_off)
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
        by_names = self._facts_by_names
        if by_names is None:
            by_names = self._catalog_tables()[1]
        facts = by_names.get(names)
        if facts is None:
            facts = self._facts_from_names(names)
            if len(by_names) >= _CACHE_LIMIT:
                by_names.clear()
            by_names[names] = facts
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
        entries = self._entries
        if entries is None:
            entries = self._catalog_tables()[0]
        try:
            return entries[name]
        except KeyError:
            entry = entries[name] = self.catalog.match(name)
            return entry

    def _catalog_tables(self) -> tuple[dict, dict]:
        """The catalog's entry and facts tables (``_entries``, ``_facts_by_names``), shared by every checker
        using that catalog object: they depend on nothing else."""
        catalog = self.catalog
        hit = _CATALOG_TABLES.get(id(catalog))
        if hit is None or hit[0] is not catalog:
            if len(_CATALOG_TABLES) >= 16:
                _CATALOG_TABLES.clear()
            hit = _CATALOG_TABLES[id(catalog)] = (catalog, {}, {})
        self._entries, self._facts_by_names = hit[1], hit[2]
        return hit[1], hit[2]

    # -- checking ----------------------------------------------------------------------------------

    def context(self, plan: Plan) -> Context:
        athlete = self.athlete or plan.athlete or _DEFAULT_ATHLETE
        self._trim_tables()
        return Context(self, plan, athlete, self._week_indexes(plan.weeks))

    def check(self, plan: Plan) -> tuple[Finding, ...]:
        """Every finding for ``plan``, sorted by :attr:`Finding.sort_key`.

        Local rules are judged per week content (:meth:`_local_findings`), the others one by one. Findings
        are sorted by (week, first date, code, message), and the sort is stable, so this order of work gives
        the same result as running every rule in turn: ties only arise within one rule and one week.

        When every rule is a built-in kind, the findings are also remembered for the plan's content
        (its weeks' indexes), first Monday and week number, phases, rules and race: all they depend on."""
        if not plan.weeks:
            return ()
        athlete = self.athlete or plan.athlete or _DEFAULT_ATHLETE
        self._trim_tables()
        weeks = self._week_indexes(plan.weeks)
        group = self._group_for(athlete)
        phases = self._phases(plan)
        key = None
        if group.pure:
            first = plan.weeks[0]
            race = self._race_for(plan, athlete) if group.reads_race else None
            key = (tuple(weeks), first.start, first.index, phases, group, race)
            hit = self._results.get(key)
            if hit is not None:
                return hit
        ctx = Context(self, plan, athlete, weeks, phases)
        out = self._findings(ctx, group) if ctx.first >= 0 else ()
        if key is not None:
            if len(self._results) >= _CACHE_LIMIT:
                self._results.clear()
            self._results[key] = out
        return out

    def _findings(self, ctx: Context, group: RuleGroup) -> tuple[Finding, ...]:
        out: list[Finding] = []
        if group.local:
            self._local_findings(ctx, group, out)
        for cr in group.others:
            if cr.phases is None:
                ctx.week_on = ctx.all_on
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
        group = self._group_for(ctx.athlete)
        candidates = self._local_candidates(ctx, group) if group.local else frozenset()
        for cr in group.rules:
            if cr.severity != "error" or (cr.week_check is not None and cr not in candidates):
                continue
            if cr.phases is None:
                ctx.week_on = ctx.all_on
            else:
                ctx.week_on = cr.week_on(ctx.phases)
                if True not in ctx.week_on:
                    continue
            for f in cr.check(ctx, cr) or ():
                if f.severity == "error":
                    return f
        return None

    # -- local rules, judged per week content -------------------------------------------------------

    def _local_findings(self, ctx: Context, group: RuleGroup, out: list) -> None:
        """Append the findings of the group's local rules: in each complete week those of the rules that apply
        in its phase and that its content fails (judged once per content and RuleSet), their findings cached
        per week start and number; in partial weeks all of them."""
        weeks, phases = ctx.weeks, ctx.phases
        sets = self._sets_for(phases, group)
        for w, wi in ctx.complete_weeks:
            fails = wi.failing.get(sets[w])
            if fails is None:
                fails = self._week_failing(ctx, w, wi, sets[w])
            if not fails:
                continue
            memo = wi.memo
            week = weeks[w]
            for cr in fails:
                key = (cr, week.start, week.index)
                found = memo.get(key)
                if found is None:
                    ctx.week_on = ctx.all_on if cr.phases is None else cr.week_on(phases)
                    found = cr.week_check(ctx, cr, w)
                    _remember(memo, key, found)
                out += found
        on: dict[CompiledRule, tuple[bool, ...]] = {}
        for w in ctx.partial_weeks:
            for cr in group.local:
                week_on = on.get(cr) or self._rule_on(ctx, cr, on)
                if week_on[w]:
                    ctx.week_on = week_on
                    out += cr.week_check(ctx, cr, w)

    def _local_candidates(self, ctx: Context, group: RuleGroup) -> set[CompiledRule]:
        """The group's local rules that may have findings in ``ctx``'s plan: failing in a complete week where
        they apply, or applying in a partial week."""
        on: dict[CompiledRule, tuple[bool, ...]] = {}
        out: set[CompiledRule] = set()
        sets = self._sets_for(ctx.phases, group)
        for w, wi in ctx.complete_weeks:
            fails = wi.failing.get(sets[w])
            out.update(self._week_failing(ctx, w, wi, sets[w]) if fails is None else fails)
        for w in ctx.partial_weeks:
            out.update([cr for cr in group.local if (on.get(cr) or self._rule_on(ctx, cr, on))[w]])
        return out

    def _sets_for(self, phases: tuple[str, ...], group: RuleGroup) -> list[RuleSet]:
        """The RuleSet of each week (by its phase), cached per plan phases and group."""
        key = (phases, group)
        sets = self._rule_sets.get(key)
        if sets is None:
            if len(self._rule_sets) >= 256:
                self._rule_sets.clear()
            by_phase = {p: self._rule_set(group, p) for p in set(phases)}
            sets = self._rule_sets[key] = [by_phase[p] for p in phases]
        return sets

    def _rule_set(self, group: RuleGroup, phase: str) -> RuleSet:
        """The RuleSet of ``group`` in ``phase``: one object per distinct set of rules, so that phases whose
        rules are the same share what is judged (cached per group and phase)."""
        rs = self._phase_sets.get((group, phase))
        if rs is None:
            if len(self._phase_sets) >= 256:
                self._phase_sets.clear()
            rs = RuleSet(group, phase)
            rs = self._rule_set_objects.get(rs.rules) or self._total_rules(rs)
            self._rule_set_objects[rs.rules] = self._phase_sets[(group, phase)] = rs
        return rs

    def _total_rules(self, rs: RuleSet) -> RuleSet:
        """Split ``rs``'s week rules into those judged on a week total this checker keeps (``total_rules``,
        ``frame_totals`` for the minutes-free ones) and the others (``other_week_rules``, ``frame_week_rules``);
        return ``rs``."""
        totals: tuple[list, list] = ([], [])
        others: tuple[list, list] = ([], [])
        for cr in rs.week_rules:
            field = self._fields.get(cr.total_key(cr)) if cr.total_key is not None else None
            if field is None:
                others[cr.minutes_free and cr.week_fails is not None].append(cr)
            else:
                totals[cr.minutes_free].append((cr, *field))
        rs.total_rules, rs.frame_totals = tuple(totals[0]), tuple(totals[1])
        rs.other_week_rules, rs.frame_week_rules = tuple(others[0]), tuple(others[1])
        return rs

    @staticmethod
    def _rule_on(ctx: Context, cr: CompiledRule, on: dict) -> tuple[bool, ...]:
        """Whether ``cr`` applies in each plan week (its phases), remembered in ``on`` for this plan."""
        week_on = on[cr] = ctx.all_on if cr.phases is None else cr.week_on(ctx.phases)
        return week_on

    def _week_failing(self, ctx: Context, w: int, wi: WeekIndex, rs: RuleSet) -> tuple[CompiledRule, ...]:
        """The rules of ``rs`` with findings in week ``w``'s content as a complete week (cached on its index,
        whatever the dates). Minutes-free rules are judged once per week frame (:meth:`_frame_failing`); the
        other day rules per day content (as bitsets); a week rule without ``week_fails`` leaves the findings it
        found for the week's start and number."""
        ctx.week_on = ctx.all_on
        bad = wi.frame.failing.get(rs)
        if bad is None:
            bad = self._frame_failing(ctx, w, wi, rs)
        need = rs.exact_day_bits
        if need:
            if need & ~wi.day_judged:  # refresh the week's summary of its days' verdicts
                wi.day_judged, wi.day_fails = self._judge_days(ctx, w, wi.days, rs, need)
            bad |= wi.day_fails & need
        if rs.total_rules:
            bad |= self._totals_failing(ctx, w, wi, rs.total_rules)
        week = ctx.weeks[w]
        for cr in rs.other_week_rules:
            if cr.week_fails is not None:
                if cr.week_fails(ctx, cr, w):
                    bad |= cr.bit
                continue
            found = cr.week_check(ctx, cr, w)
            if found:
                bad |= cr.bit
                _remember(wi.memo, (cr, week.start, week.index), found)
        # in no particular order: findings are sorted by code, and no two rules share one
        fails = wi.failing[rs] = self._rules_of(bad)
        return fails

    def _frame_failing(self, ctx: Context, w: int, wi: WeekIndex, rs: RuleSet) -> int:
        """The bits of the minutes-free rules of ``rs`` with findings in week ``w`` as a complete week, cached on
        its WeekFrame: day rules judged per DayFrame, shape rules per WeekShape, week rules on the week."""
        frame = wi.frame
        bad = 0
        need = rs.free_day_bits
        if need:
            bad = self._judge_days(ctx, w, frame.days, rs, need)[1] & need
        need = rs.shape_bits
        if need:
            shape = frame.shape
            if need & ~shape.judged:
                self._judge_shape(shape, rs.shape_rules)
            bad |= shape.fails & need
        if rs.frame_totals:
            bad |= self._totals_failing(ctx, w, wi, rs.frame_totals)
        for cr in rs.frame_week_rules:
            if cr.week_fails(ctx, cr, w):
                bad |= cr.bit
        frame.failing[rs] = bad
        return bad

    @staticmethod
    def _totals_failing(ctx: Context, w: int, wi: WeekIndex, rules: tuple) -> int:
        """The bits of the ``rules`` (rule, union, shift: see ``RuleSet.total_rules``) that week ``w`` breaks,
        judged from its kept totals (once per total value), or by ``week_fails`` when they do not pack."""
        bad = 0
        for cr, union, shift in rules:
            packed = wi.unions if union else wi.sums
            if packed is None:
                failed = cr.week_fails(ctx, cr, w)
            else:
                total = (packed >> shift) & _FIELD_MASK
                failed = cr.verdicts.get(total)
                if failed is None:
                    if len(cr.verdicts) >= _CACHE_LIMIT:
                        cr.verdicts.clear()
                    failed = cr.verdicts[total] = bool(cr.total_fails(cr, total))
            if failed:
                bad |= cr.bit
        return bad

    def _judge_days(self, ctx: Context, w: int, days: list, rs: RuleSet, need: int) -> tuple[int, int]:
        """Judge the day rules of ``rs`` in ``need`` on week ``w``'s ``days`` (DayIndexes, or DayFrames for the
        minutes-free rules; None for a day without sessions) not judged yet; return the bits judged on every
        day and the union of the days' ``fails``."""
        judged = -1
        fails = 0
        d = 7 * w
        for di in days:
            if di is not None:
                if need & ~di.judged:
                    self._judge_day(ctx, d, di, rs, need & ~di.judged)
                judged &= di.judged
                fails |= di.fails
            d += 1
        return judged, fails

    def _rules_of(self, bits: int) -> tuple[CompiledRule, ...]:
        """The compiled rules whose bits are set in ``bits`` (cached per bitset)."""
        rules = self._rules_by_bits.get(bits)
        if rules is None:
            out = []
            compiled = self.compiled
            x = bits
            while x:
                low = x & -x
                out.append(compiled[low.bit_length() - 1])
                x ^= low
            if len(self._rules_by_bits) >= _CACHE_LIMIT:
                self._rules_by_bits.clear()
            rules = self._rules_by_bits[bits] = tuple(out)
        return rules

    @staticmethod
    def _judge_day(ctx: Context, i: int, di: DayIndex | DayFrame, rs: RuleSet, todo: int) -> None:
        """Judge the day rules of ``rs`` whose bits are in ``todo`` on day ``i``'s content (or frame, for
        minutes-free rules), into its ``judged`` and ``fails`` bits: those judged per session on each of its
        sessions (or SessionFrames; the day's verdict is their union), the others on the day (one with no
        findings there is also a key of its ``memo``, as :func:`runlift.kinds.common.per_day` leaves it)."""
        per_session = todo & rs.session_bits
        if per_session:
            for rec in di.records:
                if per_session & ~rec.judged:
                    _judge_session(ctx, rec, rs.session_rules, per_session)
                di.fails |= rec.fails & per_session
        rest = todo & ~per_session
        if rest:
            memo = di.memo
            for cr in rs.day_rules:
                if rest & cr.bit and cr not in memo:
                    if cr.day_fails(ctx, cr, i) if cr.day_fails is not None else cr.day_check(ctx, cr, i):
                        di.fails |= cr.bit
                    else:
                        memo[cr] = None
        di.judged |= todo

    @staticmethod
    def _judge_shape(shape: WeekShape, rules: tuple[CompiledRule, ...]) -> None:
        """Judge the shape ``rules`` not judged yet on a complete week of ``shape``, into its bits."""
        for cr in rules:
            if not shape.judged & cr.bit:
                shape.judged |= cr.bit
                if cr.shape_fails(shape, cr):
                    shape.fails |= cr.bit


def _judge_session(ctx: Context, rec: SessionIndex | SessionFrame, rules: tuple[CompiledRule, ...],
                   todo: int) -> None:
    """Judge the per-session ``rules`` in ``todo`` not judged yet on one distinct session (or SessionFrame),
    into its bits."""
    for cr in rules:
        if todo & cr.bit and not rec.judged & cr.bit:
            rec.judged |= cr.bit
            if cr.session_fails(ctx, cr, rec.session, rec.mask):
                rec.fails |= cr.bit


def _remember(memo: dict, key: Any, value: Any) -> None:
    """``memo[key] = value``, starting the memo again when it grows too big."""
    if len(memo) >= _CACHE_LIMIT:
        memo.clear()
    memo[key] = value


#: id(catalog) -> (that catalog, its entry table, its facts table) (see ``Checker._catalog_tables``)
_CATALOG_TABLES: dict[int, tuple[Any, dict, dict]] = {}

#: (ordinal of the first date, consecutive dates): one shared calendar that plans' date lists are sliced from
_CALENDAR: tuple[int, list[dt.date]] = (0, [])


def _dates_from(start: dt.date, n: int) -> list[dt.date]:
    """``n`` consecutive dates from ``start``, sliced from a shared calendar.

    The calendar grows a year at a time towards plans near it (up to :data:`_CALENDAR_DAYS`); the dates of a
    plan far from it are made on their own, so plans met in any order of their dates cost at most their own
    dates (a roster sorted by something else than start date jumps back and forth across decades)."""
    global _CALENDAR
    first, days = _CALENDAR
    o = start.toordinal()
    end = o + n
    last = first + len(days)
    if days and first <= o and end <= last:
        return days[o - first:o - first + n]
    if days and len(days) < _CALENDAR_DAYS and first - 366 <= o and end <= last + 366:
        lo = max(1, o - 366) if o < first else first
        hi = min(end + 366, _MAX_ORDINAL + 1) if end > last else last
        days = _date_range(lo, first) + days + _date_range(last, hi)
        _CALENDAR = (lo, days)
        return days[o - lo:o - lo + n]
    if days:  # far from the calendar
        return _date_range(o, end)
    _CALENDAR = (max(1, o - 366), _date_range(max(1, o - 366), min(end + 366, _MAX_ORDINAL + 1)))
    return _dates_from(start, n)


#: The most days the shared calendar grows to (about twenty years).
_CALENDAR_DAYS = 20 * 366
_MAX_ORDINAL = dt.date.max.toordinal()


def _date_range(lo: int, hi: int) -> list[dt.date]:
    """The dates of ordinals ``lo .. hi - 1``."""
    return [dt.date.fromordinal(k) for k in range(lo, hi)]


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
