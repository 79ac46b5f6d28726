"""The ``[planner]`` table of a ruleset: what a week *should* hold, phase by phase (attrs schema).

Rules say what a plan must not do; the ``[planner]`` table says what the planner aims for: running volume,
run days, quality sessions, strength sessions with their focus, intensity and dose, mobility and rest. It
is validated with the shared strict converter when the ruleset loads (so ``planner.phases.build.strength
.sessions: expected int, got 'two'`` is reported like any other config error), then resolved per week by
:func:`resolve_week_plan`: runlift's built-in defaults, then ``[planner.defaults]``, then (for a phase after
the race) runlift's built-in post-race defaults, (in the race week) runlift's built-in race week (70 % volume,
no ramp), then the phase's own table, each overridden by its ``by-distance`` and ``by-experience`` tables, then ``[planner.cutback]`` in a
cut-back week and ``[planner.race-week]`` in the week of the race. Every key is optional; a key left out is
inherited from the layer below. The reference is ``docs/planner.md``; the tests check that every field
below is documented there.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal

import attrs
from attrs import field, frozen
from attrs import validators as v

from .converter import did_you_mean, structure

Experience = Literal["beginner", "intermediate", "advanced"]
Distance = Literal["5k", "10k", "half", "marathon", "ultra"]
Intensity = Literal["easy", "moderate", "hard"]


def _opt_range(low: int, high: int):
    return v.optional(v.and_(v.ge(low), v.le(high)))


def _doc(text: str) -> dict[str, str]:
    return {"doc": text}


@frozen(cache_hash=True)
class Progression:
    """How a strength dose grows week by week inside a phase: one step every ``every`` weeks."""

    every: int = field(default=1, validator=v.and_(v.ge(1), v.le(52)), metadata=_doc(
        "weeks between two steps (1 = every week)"))
    reps: int = field(default=1, validator=v.and_(v.ge(0), v.le(10)), metadata=_doc(
        "reps added per step to rep exercises"))
    sets: int = field(default=0, validator=v.and_(v.ge(0), v.le(2)), metadata=_doc(
        "sets added per step (at most 1-2: never double the volume)"))
    hold_seconds: int = field(default=5, validator=v.and_(v.ge(0), v.le(60)), metadata=_doc(
        "seconds added per step to holds"))
    max_reps: int = field(default=12, validator=v.and_(v.ge(1), v.le(100)), metadata=_doc(
        "reps never grow past this"))
    max_sets: int = field(default=4, validator=v.and_(v.ge(1), v.le(20)), metadata=_doc(
        "sets never grow past this"))
    max_hold_seconds: int = field(default=60, validator=v.and_(v.ge(1), v.le(600)), metadata=_doc(
        "holds never grow past this"))


@frozen
class StrengthPlan:
    """Strength sessions of a week. Any key may be left out (inherited)."""

    sessions: int | None = field(default=None, validator=_opt_range(0, 7), metadata=_doc(
        "strength sessions per week"))
    focus: tuple[str, ...] | None = field(default=None, metadata=_doc(
        "strength types for sessions 1, 2, 3 ... (repeated when there are more sessions), e.g. "
        "[\"lower\", \"upper\", \"full\"]"))
    intensity: Intensity | None = field(default=None, metadata=_doc("easy, moderate or hard"))
    minutes: int | None = field(default=None, validator=_opt_range(5, 180), metadata=_doc(
        "minutes per session"))
    sets: int | None = field(default=None, validator=_opt_range(1, 20), metadata=_doc(
        "sets per exercise in the phase's first week"))
    reps: int | None = field(default=None, validator=_opt_range(1, 100), metadata=_doc(
        "reps per set for rep exercises in the phase's first week"))
    hold_seconds: int | None = field(default=None, validator=_opt_range(1, 600), metadata=_doc(
        "seconds per hold for isometric exercises in the phase's first week"))
    exercises: int | None = field(default=None, validator=_opt_range(1, 12), metadata=_doc(
        "exercises per session, warm-up included"))
    load: str | None = field(default=None, metadata=_doc(
        "load note written on loaded exercises, e.g. \"bodyweight\", \"light\", \"heavy, 2 reps in reserve\""))
    bodyweight_only: bool | None = field(default=None, metadata=_doc(
        "only exercises that need no equipment (bodyweight, band, box)"))
    warm_up: bool | None = field(default=None, metadata=_doc(
        "open every session with a mobility/activation exercise"))
    progression: Progression | None = field(default=None, metadata=_doc(
        "week-to-week growth inside the phase (a table, see below)"))


@frozen
class MobilityPlan:
    """Stand-alone mobility sessions (warm-ups inside strength sessions are ``strength.warm-up``)."""

    sessions: int | None = field(default=None, validator=_opt_range(0, 7), metadata=_doc(
        "mobility sessions per week"))
    minutes: int | None = field(default=None, validator=_opt_range(5, 120), metadata=_doc(
        "minutes per session"))
    type: str | None = field(default=None, metadata=_doc("mobility type, e.g. mobility, yoga, stretch"))


@frozen
class WeekPlan:
    """What a week of one phase aims for. Every key is optional and inherited when left out."""

    volume_percent: int | None = field(default=None, validator=_opt_range(0, 300), metadata=_doc(
        "weekly running minutes as a % of the build level (100 while building, less to taper)"))
    ramp: bool | None = field(default=None, metadata=_doc(
        "whether the build level grows during this phase (see [planner.run] ramp-percent)"))
    run_days: int | None = field(default=None, validator=_opt_range(0, 7), metadata=_doc(
        "days with a run"))
    long_run: bool | None = field(default=None, metadata=_doc("one long run a week"))
    quality: tuple[str, ...] | None = field(default=None, metadata=_doc(
        "quality run types, one session each, e.g. [\"tempo\", \"intervals\"]; [] for none"))
    strides: bool | None = field(default=None, metadata=_doc(
        "easy runs are written as \"strides\" runs (easy run with strides)"))
    rest_days: int | None = field(default=None, validator=_opt_range(0, 7), metadata=_doc(
        "full rest days (no session at all) the week aims for"))
    strength: StrengthPlan | None = field(default=None, metadata=_doc("strength sessions (a table)"))
    mobility: MobilityPlan | None = field(default=None, metadata=_doc("mobility sessions (a table)"))


@frozen
class PhasePlan(WeekPlan):
    """A phase's (or the defaults') week plan, with overrides by race distance and by experience."""

    by_distance: dict[Distance, WeekPlan] = field(factory=dict, metadata=_doc(
        "overrides when the athlete's race is this distance, e.g. [planner.phases.base.by-distance.marathon]"))
    by_experience: dict[Experience, WeekPlan] = field(factory=dict, metadata=_doc(
        "overrides for this experience level, e.g. [planner.phases.race.by-experience.advanced]"))


@frozen
class RunSettings:
    """Plan-wide running volume settings (``[planner.run]``)."""

    ramp_percent: int = field(default=8, validator=v.and_(v.ge(0), v.le(50)), metadata=_doc(
        "a build week grows the running minutes by this % of the previous build week"))
    peak_percent: int = field(default=150, validator=v.and_(v.ge(50), v.le(400)), metadata=_doc(
        "the build level never passes this % of the athlete's baseline minutes"))
    cutback_every: int = field(default=4, validator=v.and_(v.ge(0), v.le(52)), metadata=_doc(
        "every Nth week of the plan is a cut-back week (0 = none; a deload rule may set its own rhythm)"))
    cutback_percent: int = field(default=75, validator=v.and_(v.ge(10), v.le(100)), metadata=_doc(
        "a cut-back week's running minutes as a % of the build level"))
    long_run_share: int = field(default=30, validator=v.and_(v.ge(5), v.le(80)), metadata=_doc(
        "% of the week's running minutes in the long run"))
    long_run_max_minutes: int = field(default=180, validator=v.and_(v.ge(20), v.le(600)), metadata=_doc(
        "the long run never passes this"))
    quality_share: int = field(default=18, validator=v.and_(v.ge(5), v.le(60)), metadata=_doc(
        "% of the week's running minutes in each quality session"))
    min_run_minutes: int = field(default=20, validator=v.and_(v.ge(5), v.le(120)), metadata=_doc(
        "the shortest run the planner writes"))


def _rpe_table(instance: Any, attribute: Any, value: Mapping[str, int]) -> None:
    for key, rpe in value.items():
        if not 0 <= rpe <= 10:
            raise ValueError(f"'{attribute.name}' RPE for {key!r} must be 0-10, got {rpe}")


@frozen
class RpeSettings:
    """Target RPE (0-10) per run type and per strength intensity, over runlift's defaults."""

    run: dict[str, int] = field(factory=dict, validator=_rpe_table, metadata=_doc(
        "run type -> RPE, e.g. { tempo = 7, long = 5 }"))
    strength: dict[Intensity, int] = field(factory=dict, validator=_rpe_table, metadata=_doc(
        "strength intensity -> RPE, e.g. { hard = 8 }"))
    mobility: int | None = field(default=None, validator=_opt_range(0, 10), metadata=_doc("RPE of mobility sessions"))


@frozen(cache_hash=True)
class Weights:
    """Soft-cost weights the search minimises (higher = more important)."""

    warn_rule: int = field(default=6, validator=v.and_(v.ge(0), v.le(1000)), metadata=_doc(
        "each warn-level rule violation"))
    rest_day: int = field(default=8, validator=v.and_(v.ge(0), v.le(1000)), metadata=_doc(
        "a session on one of the athlete's preferred rest days"))
    long_run_day: int = field(default=10, validator=v.and_(v.ge(0), v.le(1000)), metadata=_doc(
        "the long run away from the athlete's long-run day"))
    missing_strength: int = field(default=40, validator=v.and_(v.ge(0), v.le(1000)), metadata=_doc(
        "each strength session fewer than the target"))
    missing_run: int = field(default=25, validator=v.and_(v.ge(0), v.le(1000)), metadata=_doc(
        "each run day fewer (or more) than the target"))
    missing_quality: int = field(default=30, validator=v.and_(v.ge(0), v.le(1000)), metadata=_doc(
        "each quality run fewer than the target (the long run counts double)"))
    missing_rest: int = field(default=12, validator=v.and_(v.ge(0), v.le(1000)), metadata=_doc(
        "each full rest day fewer than the target"))
    missing_mobility: int = field(default=4, validator=v.and_(v.ge(0), v.le(1000)), metadata=_doc(
        "each mobility session fewer than the target"))
    bunched_rest: int = field(default=5, validator=v.and_(v.ge(0), v.le(1000)), metadata=_doc(
        "each two days in a row without a run, both days the athlete can run on (the week seen as a cycle: "
        "Sunday-Monday counts)"))
    bunched_runs: int = field(default=3, validator=v.and_(v.ge(0), v.le(1000)), metadata=_doc(
        "each run day that is the third (or later) run day in a row (cyclic)"))
    back_to_back_hard: int = field(default=8, validator=v.and_(v.ge(0), v.le(1000)), metadata=_doc(
        "each two hard days in a row: a quality run, the long run, the race or heavy lifting (cyclic)"))
    long_run_day_strength: int = field(default=8, validator=v.and_(v.ge(0), v.le(1000)), metadata=_doc(
        "a strength session on the same day as the long run"))


@frozen
class PlannerConfig:
    """The whole ``[planner]`` table."""

    run: RunSettings = field(factory=RunSettings, metadata=_doc("[planner.run]: running volume"))
    rpe: RpeSettings = field(factory=RpeSettings, metadata=_doc("[planner.rpe]: target RPEs"))
    weights: Weights = field(factory=Weights, metadata=_doc("[planner.weights]: soft-cost weights"))
    defaults: PhasePlan = field(factory=PhasePlan, metadata=_doc(
        "[planner.defaults]: the week plan of every phase, before the phase's own table"))
    phases: dict[str, PhasePlan] = field(factory=dict, metadata=_doc(
        "[planner.phases.NAME]: one table per phase of the ruleset"))
    cutback: WeekPlan | None = field(default=None, metadata=_doc(
        "[planner.cutback]: overrides in a cut-back (deload) week"))
    race_week: WeekPlan | None = field(default=None, metadata=_doc(
        "[planner.race-week]: overrides in the week of the race"))


# --- built-in defaults -------------------------------------------------------------------------------

#: runlift's own targets under every ruleset's ``[planner]`` table (not from any article).
BUILTIN_WEEK = WeekPlan(
    volume_percent=100, ramp=True, run_days=4, long_run=True, quality=("tempo",), strides=False, rest_days=1,
    strength=StrengthPlan(sessions=2, focus=("lower", "full"), intensity="moderate", minutes=30, sets=2, reps=10,
                          hold_seconds=30, exercises=5, load=None, bodyweight_only=False, warm_up=True,
                          progression=Progression()),
    mobility=MobilityPlan(sessions=0, minutes=15, type="mobility"),
)
#: Extra built-in defaults for phases after the race (``after-race = true``): easy running, light strength.
BUILTIN_AFTER_RACE = WeekPlan(
    volume_percent=50, ramp=False, run_days=3, long_run=False, quality=(), rest_days=2,
    strength=StrengthPlan(sessions=1, focus=("mobility",), intensity="easy", minutes=20),
    mobility=MobilityPlan(sessions=1),
)

#: runlift's race week, under the phase's own table: the running minutes step down to 70 % of the build
#: level (the race then takes the long run's place; see docs/planner.md, "Race week").
BUILTIN_RACE_WEEK = WeekPlan(volume_percent=70, ramp=False)

DEFAULT_RUN_RPE: dict[str, int] = {
    "recovery": 2, "easy": 3, "strides": 4, "long": 4, "tempo": 7, "intervals": 8, "hills": 8, "race": 9,
}
DEFAULT_STRENGTH_RPE: dict[str, int] = {"easy": 4, "moderate": 6, "hard": 8}
DEFAULT_MOBILITY_RPE = 2


@frozen(cache_hash=True)
class ResolvedStrength:
    sessions: int
    focus: tuple[str, ...]
    intensity: str
    minutes: int
    sets: int
    reps: int
    hold_seconds: int
    exercises: int
    load: str | None
    bodyweight_only: bool
    warm_up: bool
    progression: Progression


@frozen(cache_hash=True)
class ResolvedWeekPlan:
    """A week's targets with every key filled in (the result of the layering above)."""

    volume_percent: int
    ramp: bool
    run_days: int
    long_run: bool
    quality: tuple[str, ...]
    strides: bool
    rest_days: int
    strength: ResolvedStrength
    mobility_sessions: int
    mobility_minutes: int
    mobility_type: str


def _merge_sub(base: Any, top: Any) -> Any:
    if top is None:
        return base
    if base is None:
        return top
    changes = {a.name: getattr(top, a.name) for a in attrs.fields(type(top)) if getattr(top, a.name) is not None}
    return attrs.evolve(base, **changes)


def merge_week(base: WeekPlan, top: WeekPlan | None) -> WeekPlan:
    """``top`` over ``base``, key by key (``strength`` and ``mobility`` key by key too)."""
    if top is None:
        return base
    changes: dict[str, Any] = {}
    for a in attrs.fields(WeekPlan):
        value = getattr(top, a.name)
        if value is None:
            continue
        if a.name in ("strength", "mobility"):
            value = _merge_sub(getattr(base, a.name), value)
        changes[a.name] = value
    plain = WeekPlan(**{a.name: getattr(base, a.name) for a in attrs.fields(WeekPlan)})
    return attrs.evolve(plain, **changes)


def _layers(plan: PhasePlan | None, distance: str | None, experience: str) -> list[WeekPlan | None]:
    if plan is None:
        return []
    return [plan, plan.by_distance.get(distance) if distance else None, plan.by_experience.get(experience)]


def resolve_week_plan(config: PlannerConfig, phase: str, *, after_race: bool, experience: str,
                      distance: str | None, cutback: bool = False, race_week: bool = False) -> ResolvedWeekPlan:
    """The complete targets of one week (see the module docstring for the order of the layers)."""
    week = BUILTIN_WEEK
    layers: list[WeekPlan | None] = _layers(config.defaults, distance, experience)
    if after_race:
        layers.append(BUILTIN_AFTER_RACE)
    if race_week:
        layers.append(BUILTIN_RACE_WEEK)
    layers += _layers(config.phases.get(phase), distance, experience)
    if cutback:
        layers.append(config.cutback)
    if race_week:
        layers.append(config.race_week)
    for layer in layers:
        week = merge_week(week, layer)
    s = week.strength
    m = week.mobility
    assert s is not None and m is not None
    strength = ResolvedStrength(
        sessions=s.sessions, focus=s.focus or ("full",), intensity=s.intensity, minutes=s.minutes, sets=s.sets,
        reps=s.reps, hold_seconds=s.hold_seconds, exercises=s.exercises, load=s.load,
        bodyweight_only=bool(s.bodyweight_only), warm_up=bool(s.warm_up), progression=s.progression or Progression())
    return ResolvedWeekPlan(
        volume_percent=week.volume_percent, ramp=week.ramp, run_days=week.run_days, long_run=week.long_run,
        quality=week.quality, strides=bool(week.strides), rest_days=week.rest_days, strength=strength,
        mobility_sessions=m.sessions, mobility_minutes=m.minutes, mobility_type=m.type or "mobility")


# --- loading and the semantic pass ----------------------------------------------------------------------

_CACHE: dict[int, tuple[Any, PlannerConfig]] = {}


def structure_planner(data: Mapping[str, Any], label: str) -> PlannerConfig:
    """Structure a raw ``[planner]`` table; ConfigError paths start with ``planner.``."""
    return structure(dict(data), PlannerConfig, label, "planner")


def planner_problems(config: PlannerConfig, phase_names: list[str], types: Mapping[str, tuple[str, ...]],
                     label: str) -> list[str]:
    """What the structure cannot see: unknown phase names and session types in the table."""
    problems: list[str] = []

    def check_week(week: WeekPlan | None, where: str) -> None:
        if week is None:
            return
        for i, name in enumerate(week.quality or ()):
            if name not in types.get("run", ()) or name in ("race",):
                problems.append(f"{label}: {where}.quality[{i}]: unknown quality run type '{name}'"
                                f"{did_you_mean(name, types.get('run', ()))}")
        if week.strength is not None:
            for i, name in enumerate(week.strength.focus or ()):
                if name not in types.get("strength", ()):
                    problems.append(f"{label}: {where}.strength.focus[{i}]: unknown strength type '{name}'"
                                    f"{did_you_mean(name, types.get('strength', ()))}")
            if week.strength.focus == ():
                problems.append(f"{label}: {where}.strength.focus: must name at least one strength type")
        if week.mobility is not None and week.mobility.type is not None \
                and week.mobility.type not in types.get("mobility", ()):
            problems.append(f"{label}: {where}.mobility.type: unknown mobility type '{week.mobility.type}'"
                            f"{did_you_mean(week.mobility.type, types.get('mobility', ()))}")

    def check_phase(plan: PhasePlan, where: str) -> None:
        check_week(plan, where)
        for key, table in (("by-distance", plan.by_distance), ("by-experience", plan.by_experience)):
            for name, week in table.items():
                check_week(week, f"{where}.{key}.{name}")

    check_phase(config.defaults, "planner.defaults")
    for name, plan in config.phases.items():
        if name not in phase_names:
            problems.append(f"{label}: planner.phases.{name}: unknown phase '{name}'"
                            f"{did_you_mean(name, phase_names)} (phases: {', '.join(phase_names) or 'none'})")
        check_phase(plan, f"planner.phases.{name}")
    check_week(config.cutback, "planner.cutback")
    check_week(config.race_week, "planner.race-week")
    for key in config.rpe.run:
        if key not in types.get("run", ()):
            problems.append(f"{label}: planner.rpe.run.{key}: unknown run type '{key}'"
                            f"{did_you_mean(key, types.get('run', ()))}")
    return problems


def planner_config(ruleset: Any) -> PlannerConfig:
    """The structured ``[planner]`` table of a resolved ruleset (validated by the loader; cached)."""
    hit = _CACHE.get(id(ruleset))
    if hit is not None and hit[0] is ruleset:
        return hit[1]
    config = structure_planner(ruleset.planner, ruleset.origin or ruleset.name)
    if len(_CACHE) > 64:
        _CACHE.clear()
    _CACHE[id(ruleset)] = (ruleset, config)
    return config


def remember_planner_config(ruleset: Any, config: PlannerConfig) -> None:
    """Seed :func:`planner_config`'s cache (used when a ruleset comes from the on-disk cache)."""
    if len(_CACHE) > 64:
        _CACHE.clear()
    _CACHE[id(ruleset)] = (ruleset, config)
