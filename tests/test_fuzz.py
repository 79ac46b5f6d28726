"""Random rulesets and plans, valid and not, never make runlift raise anything but its documented errors.

Rulesets are random dicts shaped like the TOML (real keys and words mixed with junk, random nesting),
written with tomli_w and loaded by :class:`~runlift.loader.RulesetLoader`; the ones that load are then
used to check a real plan. Plans are random dicts shaped like ``runlift.plan/1``, written as JSON or
TOML, read with :func:`~runlift.planio.parse_plan` and checked under every built-in ruleset. The only
exceptions allowed are :class:`~runlift.errors.RunliftError` subclasses (ConfigError for bad input).

Marked ``slow``: the normal test run uses Hypothesis' default number of examples; the ``slow`` profile
(tests/conftest.py) runs 10,000 of each: ``python -m pytest --hypothesis-profile=slow -m slow``.
"""

from __future__ import annotations

import copy
import datetime as dt
import functools
import json
import tempfile
import tomllib
from pathlib import Path

import attrs
import pytest
import tomli_w
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from runlift.checker import Checker
from runlift.converter import kebab
from runlift.defaults import DEFAULT_ATHLETE
from runlift.errors import RunliftError
from runlift.loader import RulesetLoader
from runlift.model import Race
from runlift.planio import parse_plan
from runlift.planner import Planner
from runlift.planner_config import PlannerConfig
from runlift.testing import plugins_with
from runlift.vocabulary import (
    DEFAULT_TYPES,
    EQUIPMENT_ACCESS,
    EXPERIENCE_LEVELS,
    INTENSITIES,
    NIGGLES,
    RACE_DISTANCES,
    SPORTS,
    TIMES_OF_DAY,
)
from tree_paths import tree_paths

pytestmark = pytest.mark.slow

BUILTIN_RULESETS = ("runna", "five-three-two", "pillars", "return-from-break", "periodized")
fuzz_settings = settings(deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                                               HealthCheck.filter_too_much])


@functools.cache
def plugins():
    return plugins_with()


@functools.cache
def sample_plan():
    """A real generated plan, to check with every random ruleset that loads."""
    plugs = plugins()
    return Planner(RulesetLoader(plugs).load("runna"), plugins=plugs).plan(DEFAULT_ATHLETE, weeks=6).plan


@functools.cache
def workdir() -> Path:
    return Path(tempfile.mkdtemp(prefix="runlift-fuzz-"))


# --------------------------------------------------------------------------- building blocks

JUNK_WORDS = ("", " ", "none", "RN", "x" * 80, "ñandú", "tempo ", "Run", "0", "-1", "true", "🏃")
ALL_TYPES = tuple(t for types in DEFAULT_TYPES.values() for t in types)


def words(*groups):
    """Mostly a real word of the given vocabularies, sometimes junk or random text."""
    real = st.sampled_from(tuple(w for g in groups for w in g))
    return st.one_of(real, real, real, real, st.sampled_from(JUNK_WORDS), st.text(max_size=8))


def one_or_list(strategy):
    return st.one_of(strategy, st.lists(strategy, max_size=3))


# Every value TOML can hold (NaN and infinities included), not None.
scalars = st.one_of(
    st.text(max_size=10), st.integers(), st.integers(-3, 30), st.booleans(), st.floats(),
    st.dates(dt.date(1900, 1, 1), dt.date(2200, 12, 31)),
    st.datetimes(dt.datetime(1990, 1, 1), dt.datetime(2100, 1, 1)),
)
keys = st.one_of(st.text(min_size=1, max_size=10), st.sampled_from(("name", "rules", "max", "select", "code")))
anything = st.recursive(scalars, lambda inner: st.one_of(st.lists(inner, max_size=4),
                                                         st.dictionaries(keys, inner, max_size=4)), max_leaves=12)


def sometimes(strategy):
    """The strategy, or any random value in its place."""
    return st.one_of(strategy, strategy, strategy, anything)


def with_junk(dicts):
    """A dict from ``dicts``, sometimes with an extra random key."""
    return st.one_of(dicts, st.tuples(dicts, keys, anything).map(lambda t: {**t[0], t[1]: t[2]}))


selectors = st.deferred(lambda: with_junk(st.fixed_dictionaries({}, optional={
    "sport": sometimes(one_or_list(words(SPORTS))),
    "type": sometimes(one_or_list(words(ALL_TYPES))),
    "intensity": sometimes(one_or_list(words(INTENSITIES))),
    "time": one_or_list(words(TIMES_OF_DAY)),
    "tags": one_or_list(words(("quality", "heavy-lower", "strength", "speed", "hard-day"))),
    "not": selectors,
})))


@functools.cache
def option_keys() -> tuple[str, ...]:
    return tuple(sorted({kebab(a.name) for k in plugins().rule_kinds.values() for a in attrs.fields(k.options)}))


@functools.cache
def kind_names() -> tuple[str, ...]:
    return tuple(sorted(plugins().rule_kinds))


def option_tables():
    value = st.one_of(selectors, st.lists(selectors, max_size=3), st.integers(-2, 200), st.floats(-1, 500),
                      st.booleans(), words(("sessions", "days", "days-without", "week", "minutes", "load", "both")),
                      anything)
    return st.dictionaries(st.one_of(st.sampled_from(option_keys()), keys), value, max_size=5)


codes = st.one_of(st.sampled_from(("FZ101", "FZ102", "FZ2001", "RN101", "RN102", "XX10", "rn1", "FZ", "")),
                  st.from_regex(r"[A-Z]{1,4}[0-9]{2,4}", fullmatch=True))
rule_names = st.one_of(st.sampled_from(("few-runs", "few-runs", "Bad Name", "x")),
                       st.from_regex(r"[a-z]{1,6}(-[a-z]{1,6}){0,2}", fullmatch=True))


def rules():
    return with_junk(st.fixed_dictionaries({"code": sometimes(codes)}, optional={
        "name": sometimes(rule_names),
        "kind": sometimes(words(kind_names())),
        "severity": st.one_of(words(("off", "warn", "error")), st.integers(-1, 3)),
        "options": sometimes(option_tables()),
        "when": sometimes(with_junk(st.fixed_dictionaries({}, optional={
            "phases": st.lists(words(("base", "build", "intro", "training")), max_size=2),
            "experience": st.lists(words(EXPERIENCE_LEVELS), max_size=2),
            "distance": st.lists(words(RACE_DISTANCES), max_size=2),
            "equipment": st.lists(words(EQUIPMENT_ACCESS), max_size=2),
            "niggles": st.lists(words(NIGGLES), max_size=2),
            "returning": st.booleans()}))),
        "rationale": st.text(max_size=20),
        "source": sometimes(st.fixed_dictionaries({"ref": words(("fz", "nope"))},
                                                  optional={"section": st.text(max_size=5)})),
    }))


phases = with_junk(st.fixed_dictionaries({"name": sometimes(words(("base", "build", "intro", "training"))),
                                          "weeks": sometimes(st.integers(-1, 60))}, optional={
    "title": st.text(max_size=10), "min-weeks": st.integers(-1, 10), "max-weeks": st.integers(-1, 60),
    "weeks-per-week-off": st.floats(-1, 5), "after-race": st.booleans(),
    "weeks-by-distance": st.dictionaries(words(RACE_DISTANCES), st.integers(-1, 30), max_size=3),
}))

planner_tables = st.dictionaries(
    st.one_of(st.sampled_from(tuple(kebab(a.name) for a in attrs.fields(PlannerConfig))), keys),
    st.one_of(st.dictionaries(st.one_of(keys, st.sampled_from(("run-days", "long-run", "sessions", "minutes",
                                                               "quality", "strength", "mobility"))),
                              anything, max_size=4), anything),
    max_size=3)

ruleset_dicts = with_junk(st.fixed_dictionaries({"name": sometimes(st.just("fz"))}, optional={
    "title": st.text(max_size=10),
    "version": sometimes(st.text(max_size=4)),
    "summary": st.text(max_size=10),
    "prefix": sometimes(st.sampled_from(("FZ", "RN", "fz", ""))),
    "extends": sometimes(st.lists(st.sampled_from((*BUILTIN_RULESETS, "nope", "missing.toml", "fuzz.toml")),
                                  max_size=2)),
    "then": words(BUILTIN_RULESETS),
    "select": st.lists(words(("FZ", "RN1", "RN")), max_size=2),
    "extend-select": st.lists(words(("FZ1", "RN")), max_size=2),
    "ignore": st.lists(words(("FZ", "RN2")), max_size=2),
    "sources": st.lists(with_junk(st.fixed_dictionaries({"id": words(("fz",)), "title": st.text(max_size=5),
                                                         "author": st.text(max_size=5)})), max_size=2),
    "omissions": st.lists(st.text(max_size=5), max_size=2),
    "phases": sometimes(st.lists(phases, max_size=4)),
    "tags": sometimes(st.dictionaries(words(("mine", "quality", "heavy")), selectors, max_size=3)),
    "rules": sometimes(st.lists(rules(), max_size=5)),
    "planner": sometimes(planner_tables),
}))


# --------------------------------------------------------------------------- mutating real data


def _nudged(value):
    """Values near ``value`` of the same type (the edges validators care about)."""
    if isinstance(value, bool):
        return st.just(not value)
    if isinstance(value, int):
        return st.sampled_from((value + 1, value - 1, 0, -1, -value, value * 1000, 2**63))
    if isinstance(value, float):
        return st.sampled_from((value + 0.5, -value, 0.0, float("inf"), float("nan"), 1e300))
    if isinstance(value, str):
        return st.sampled_from((value.upper(), value + "x", value[:-1], "", value.replace("-", "_")))
    if isinstance(value, dt.datetime):
        return st.sampled_from((value.date(), value.isoformat()))
    if isinstance(value, dt.date):
        near = [value + dt.timedelta(days=d) for d in (1, -7) if dt.date(1, 1, 8) <= value < dt.date.max]
        return st.sampled_from((*near, dt.date(1, 1, 1), dt.date(9999, 12, 31), value.isoformat()))
    return anything


@st.composite
def mutated(draw, base):
    """``base`` (deep-copied) with 0-4 random changes: a value nudged or replaced, a key or item dropped,
    a junk key added, an item duplicated. Without changes the data stays valid."""
    data = copy.deepcopy(base)
    for _ in range(draw(st.sampled_from((0, 0, 1, 1, 1, 2, 3, 4)))):
        places = [p for p in tree_paths(data) if p]
        if not places:
            break
        # about uniform: sampled_from favours the start of a list, and integers their bounds (shifted here)
        path = places[(draw(st.integers(0, 2**31)) + 7919) % len(places)]
        parent = data
        for part in path[:-1]:
            parent = parent[part]
        last = path[-1]
        op = draw(st.integers(0, 5))
        if op == 0:
            del parent[last]
        elif op == 1 and isinstance(parent[last], dict):
            parent[last][draw(keys)] = draw(anything)
        elif op == 2 and isinstance(parent[last], list) and parent[last]:
            parent[last].append(copy.deepcopy(draw(st.sampled_from(parent[last]))))
        elif op == 3:
            parent[last] = draw(anything)
        else:
            parent[last] = draw(_nudged(parent[last]))
    return data


@functools.cache
def builtin_ruleset_data() -> tuple[dict, ...]:
    """The built-in rulesets' TOML as data, renamed so they load from a file of their own."""
    from importlib.resources import files

    out = []
    for name in BUILTIN_RULESETS:
        data = tomllib.loads((files("runlift.rulesets") / f"{name}.toml").read_text(encoding="utf-8"))
        out.append({**data, "name": "fz"})
    return tuple(out)


@st.composite
def real_rulesets(draw):
    """A built-in ruleset, sometimes with rules of another one mixed in, then mutated."""
    pool = builtin_ruleset_data()
    data = copy.deepcopy(draw(st.sampled_from(pool)))
    if draw(st.integers(0, 5)) == 0:
        other = draw(st.sampled_from(pool))
        data["rules"] = data.get("rules", []) + draw(st.lists(st.sampled_from(other.get("rules", [{}])), max_size=3))
    if draw(st.integers(0, 5)) == 0:
        data["extends"] = [draw(st.sampled_from(BUILTIN_RULESETS))]
    return draw(mutated(data))


# --------------------------------------------------------------------------- rulesets


def load_ruleset_text(text: str):
    path = workdir() / "fuzz.toml"
    path.write_text(text, encoding="utf-8")
    return RulesetLoader(plugins()).load(str(path))


@fuzz_settings
@given(st.one_of(real_rulesets(), real_rulesets(), real_rulesets(), ruleset_dicts,
                 st.dictionaries(keys, anything, max_size=6)))
def test_random_rulesets_load_or_raise_a_config_error(data):
    try:
        text = tomli_w.dumps(data)
    except Exception:  # not representable in TOML: nothing to test
        return
    try:
        ruleset = load_ruleset_text(text)
    except RunliftError:
        event("ruleset refused")
        return
    event(f"ruleset loaded with {min(len(ruleset.rules), 3)}{'+' if len(ruleset.rules) >= 3 else ''} rules")
    try:
        Checker(ruleset, kinds=plugins().rule_kinds).check(sample_plan())
    except RunliftError:
        event("checker refused the ruleset")


@fuzz_settings
@given(st.text(max_size=200))
def test_random_text_as_a_ruleset(text):
    try:
        load_ruleset_text(text)
    except RunliftError:
        pass


# --------------------------------------------------------------------------- plans

exercises = with_junk(st.fixed_dictionaries({"name": st.text(max_size=8)}, optional={
    "sets": st.integers(0, 25), "reps": st.integers(0, 120), "hold-seconds": st.integers(0, 700),
    "load": st.text(max_size=4)}))
sessions = with_junk(st.fixed_dictionaries({"sport": sometimes(words(SPORTS)), "type": sometimes(words(ALL_TYPES))},
                                           optional={
    "intensity": words(INTENSITIES), "minutes": sometimes(st.integers(-5, 1500)), "rpe": st.integers(-1, 11),
    "order": st.integers(0, 10), "time": words(TIMES_OF_DAY), "notes": st.text(max_size=5),
    "exercises": st.lists(exercises, max_size=2)}))
athletes = with_junk(st.fixed_dictionaries({}, optional={
    "name": st.text(max_size=5), "experience": words(EXPERIENCE_LEVELS),
    "run-days": st.lists(words(("mon", "tue", "wed", "sat", "sun")), max_size=4),
    "long-run-day": words(("sun", "none", "sat")), "equipment": words(EQUIPMENT_ACCESS),
    "baseline-minutes": st.integers(-1, 4000), "weeks-off": st.integers(-1, 600),
    "niggles": st.lists(words(NIGGLES), max_size=2),
    "race": with_junk(st.fixed_dictionaries({"distance": words(RACE_DISTANCES)}, optional={
        "date": st.dates(dt.date(2026, 1, 1), dt.date(2028, 1, 1))})),
}))
ruleset_refs = with_junk(st.fixed_dictionaries({"name": words(BUILTIN_RULESETS)}))
MONDAY = dt.date(2027, 1, 4)


@st.composite
def plan_dicts(draw):
    """Plan-shaped dicts: mostly well-formed weeks and days with random sessions, sometimes broken anywhere."""
    first = draw(st.integers(0, 2))
    weeks = []
    for w in range(draw(st.integers(0, 3))):
        start = MONDAY + dt.timedelta(days=7 * w + draw(st.sampled_from((0, 0, 0, 1, -7))))
        days = []
        for d in sorted(draw(st.sets(st.integers(-1, 7), max_size=5))):
            day_sessions = draw(st.lists(sessions, max_size=2))
            if draw(st.booleans()):
                for i, s in enumerate(day_sessions):
                    s.setdefault("order", i + 1)
            days.append({"date": start + dt.timedelta(days=d), "sessions": day_sessions})
        week = {"index": w + 1 + first, "phase": draw(words(("base", "build", ""))), "start": start, "days": days}
        if draw(st.integers(0, 9)) == 0:
            week[draw(keys)] = draw(anything)
        weeks.append(week)
    data = {"schema": draw(st.sampled_from(("runlift.plan/1",) * 6 + ("runlift.plan/2", ""))), "weeks": weeks}
    if draw(st.booleans()):
        data["athlete"] = draw(athletes)
    if draw(st.booleans()):
        data["ruleset"] = draw(ruleset_refs)
    if draw(st.integers(0, 9)) == 0:
        data = draw(anything) if draw(st.booleans()) else {**data, "weeks": draw(anything)}
    return data


def _json_default(value):
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    raise TypeError


def plan_text(data, fmt: str) -> str | None:
    """TOML or JSON text for ``data`` (JSON keeps NaN and Infinity, which runlift must refuse cleanly)."""
    try:
        return tomli_w.dumps(data) if fmt == "toml" else json.dumps(data, default=_json_default)
    except Exception:  # not representable in that format (tomli_w needs a table at the top, ...)
        return None


@functools.cache
def real_plan_data() -> tuple[dict, ...]:
    """Real generated plans as data: different rulesets, athletes and lengths."""
    from runlift.planio import plan_data

    plugs = plugins()
    loader = RulesetLoader(plugs)
    beginner = attrs.evolve(DEFAULT_ATHLETE, experience="beginner", run_days=("mon", "wed", "sat"),
                             long_run_day="sat", niggles=("knee",), equipment="home")
    out = []
    for ref, athlete, weeks in (("runna", DEFAULT_ATHLETE, 3), ("pillars", beginner, 4),
                                ("five-three-two", DEFAULT_ATHLETE, 2), ("return-from-break", beginner, 3)):
        plan = Planner(loader.load(ref), plugins=plugs).plan(athlete, weeks=weeks).plan
        out.append(plan_data(plan))
    return tuple(out)


@st.composite
def real_plans(draw):
    return draw(mutated(draw(st.sampled_from(real_plan_data()))))


@functools.cache
def builtin_rulesets():
    loader = RulesetLoader(plugins())
    return tuple(loader.load(name) for name in BUILTIN_RULESETS)


@fuzz_settings
@given(st.one_of(real_plans(), real_plans(), plan_dicts()), st.sampled_from(("json", "toml")),
       st.integers(0, len(BUILTIN_RULESETS) - 1),
       st.one_of(st.none(), st.dates(dt.date(2026, 6, 1), dt.date(2027, 6, 1))))
def test_random_plans_parse_and_check_or_raise_a_config_error(data, fmt, which, race_date):
    text = plan_text(data, fmt)
    if text is None:
        return
    try:
        plan = parse_plan(text, f"fuzz.{fmt}", fmt, plugins().vocabulary.types)
    except RunliftError:
        event("plan refused")
        return
    event(f"plan read with {len(plan.weeks)} weeks")
    race = None if race_date is None else Race(distance="half", date=race_date)
    try:
        Checker(builtin_rulesets()[which], race=race, kinds=plugins().rule_kinds).check(plan)
    except RunliftError:
        event("checker refused the plan")


@fuzz_settings
@given(st.sampled_from(("json", "toml", "csv", "ics")), st.text(max_size=300))
def test_random_text_as_a_plan(fmt, text):
    try:
        parse_plan(text, f"fuzz.{fmt}", fmt)
    except RunliftError:
        pass
