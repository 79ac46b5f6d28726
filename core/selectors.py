"""Selectors: declarative tables that pick sessions (``{sport = "strength", intensity = "hard"}``).

A selector matches a session when every field it sets matches (a list means any of its values).
``tags`` names other selectors that must all match as well; ``not`` is a selector that must not
match. Tags are named selectors: the core defines the common ones (``quality``, ``heavy-lower`` ...),
plugins and rulesets add more. Selectors are data, never evaluated code.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from attrs import frozen

from .vocabulary import INTENSITIES, LOWER_BODY_STRENGTH_TYPES, QUALITY_RUN_TYPES, SPEED_RUN_TYPES, SPORTS, TIMES_OF_DAY


def _as_tuple(value: Any) -> Any:
    return (value,) if isinstance(value, str) else value


@frozen
class Selector:
    """Which sessions a rule talks about. Every set field must match; ``not`` must not."""

    sport: tuple[str, ...] = ()
    type: tuple[str, ...] = ()
    intensity: tuple[str, ...] = ()
    time: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    not_: Selector | None = None

    def describe(self) -> str:
        parts = [",".join(v) for v in (self.intensity, self.type, self.sport, self.time) if v]
        parts += [f"#{t}" for t in self.tags]
        if self.not_ is not None:
            parts.append(f"not({self.not_.describe()})")
        return " ".join(parts) or "any session"


SELECTOR_KEYS = ("sport", "type", "intensity", "time", "tags", "not")


def normalize_selector_data(data: Any) -> Any:
    """Let a single string stand for a one-item list (``sport = "run"``), recursively for ``not``."""
    if not isinstance(data, Mapping):
        return data
    out = {k: _as_tuple(v) if k in SELECTOR_KEYS and k != "not" else v for k, v in data.items()}
    if "not" in out:
        out["not"] = normalize_selector_data(out["not"])
    return out


#: Tags every ruleset can use. Plugins add more with ``runlift_register_vocabulary``.
DEFAULT_TAGS: dict[str, Selector] = {
    "quality": Selector(sport=("run",), type=tuple(sorted(QUALITY_RUN_TYPES))),
    "hard": Selector(sport=("run",), type=tuple(sorted(QUALITY_RUN_TYPES))),
    "key": Selector(sport=("run",), type=tuple(sorted(QUALITY_RUN_TYPES))),
    "speed": Selector(sport=("run",), type=tuple(sorted(SPEED_RUN_TYPES))),
    "easy-run": Selector(sport=("run",), type=("recovery", "easy", "strides")),
    "long-run": Selector(sport=("run",), type=("long",)),
    "race": Selector(sport=("run",), type=("race",)),
    "heavy": Selector(sport=("strength",), intensity=("hard",)),
    "heavy-lower": Selector(sport=("strength",), intensity=("hard",), type=tuple(sorted(LOWER_BODY_STRENGTH_TYPES))),
    "lower-strength": Selector(sport=("strength",), type=tuple(sorted(LOWER_BODY_STRENGTH_TYPES))),
    "intense-strength": Selector(sport=("strength",), intensity=("moderate", "hard")),
    "light-strength": Selector(sport=("strength",), intensity=("easy",)),
    "plyometric": Selector(sport=("strength",), type=("plyometric",)),
    "training": Selector(not_=Selector(sport=("rest",))),
}


def selector_problems(selector: Selector, types: Mapping[str, tuple[str, ...]], tags: Mapping[str, Any]) -> list[tuple[str, str]]:
    """(path, message) for every unknown sport, type, intensity, time or tag in ``selector``."""
    problems: list[tuple[str, str]] = []
    from .converter import did_you_mean

    known_types = sorted({t for ts in types.values() for t in ts})
    for key, values, known in (
        ("sport", selector.sport, SPORTS),
        ("type", selector.type, known_types),
        ("intensity", selector.intensity, INTENSITIES),
        ("time", selector.time, TIMES_OF_DAY),
        ("tags", selector.tags, sorted(tags)),
    ):
        for i, value in enumerate(values):
            if value not in known:
                problems.append((f"{key}[{i}]", f"unknown {key.rstrip('s')} '{value}'{did_you_mean(value, known)}"))
    if selector.not_ is not None:
        problems += [(f"not.{p}", m) for p, m in selector_problems(selector.not_, types, tags)]
    return problems


Predicate = Callable[[Any], bool]


def compile_selector(selector: Selector, tags: Mapping[str, Selector], _stack: tuple[str, ...] = ()) -> Predicate:
    """A fast predicate over sessions. Tags are resolved now; a tag that refers to itself is an error."""
    checks: list[Predicate] = []
    if selector.sport:
        sports = frozenset(selector.sport)
        checks.append(lambda s: s.sport in sports)
    if selector.type:
        types = frozenset(selector.type)
        checks.append(lambda s: s.type in types)
    if selector.intensity:
        intensities = frozenset(selector.intensity)
        checks.append(lambda s: s.intensity in intensities)
    if selector.time:
        times = frozenset(selector.time)
        checks.append(lambda s: s.time in times)
    for tag in selector.tags:
        if tag in _stack:
            raise ValueError(f"tag '{tag}' refers to itself through {' -> '.join((*_stack, tag))}")
        checks.append(compile_selector(tags[tag], tags, (*_stack, tag)))
    if selector.not_ is not None:
        inner = compile_selector(selector.not_, tags, _stack)
        checks.append(lambda s: not inner(s))
    if not checks:
        return lambda s: True
    if len(checks) == 1:
        return checks[0]
    return lambda s: all(check(s) for check in checks)
