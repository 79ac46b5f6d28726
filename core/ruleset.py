"""Rulesets as written in TOML (:class:`RulesetFile`) and as resolved for use (:class:`Ruleset`).

A file is structured with the shared strict converter; then its ``extends`` chain is resolved
(later wins, rule by rule, keyed by code) and a semantic pass checks what the structure cannot:
unknown rule kinds, bad options, duplicate codes, unknown phases, tags and sources. Every problem
is collected into one :class:`~runlift.errors.ConfigError`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any, Literal

from attrs import field, frozen

from .selectors import Selector

Severity = Literal["off", "warn", "error"]
SEVERITIES: tuple[str, ...] = ("off", "warn", "error")
_SEVERITY_ALIASES = {0: "off", 1: "warn", 2: "error", "warning": "warn"}

CODE_RE = re.compile(r"^[A-Z]{1,4}[0-9]{2,4}$")
NAME_RE = re.compile(r"^[a-z][a-z0-9]*(-[a-z0-9]+)*$")


def normalize_severity(value: Any) -> Any:
    """The one place severities are normalized: ``2``/``"error"`` -> ``"error"``, ``1``/``"warning"`` -> ``"warn"``."""
    if isinstance(value, bool) or not isinstance(value, (int, str)):  # lists, tables, 1.0: reported as they are
        return value
    return _SEVERITY_ALIASES.get(value, value)


@frozen
class Source:
    """An article a ruleset encodes."""

    id: str
    title: str
    author: str
    url: str | None = None
    published: str | None = None


@frozen
class Citation:
    """Where in a source a rule comes from."""

    ref: str
    section: str | None = None


@frozen
class Conditions:
    """When a rule applies: every non-empty field must match (phase, and athlete facts)."""

    phases: tuple[str, ...] = ()
    experience: tuple[Literal["beginner", "intermediate", "advanced"], ...] = ()
    distance: tuple[Literal["5k", "10k", "half", "marathon", "ultra"], ...] = ()
    equipment: tuple[Literal["home", "gym", "hybrid"], ...] = ()
    niggles: tuple[Literal["itb", "knee", "shins", "plantar", "achilles", "hamstring", "hip"], ...] = ()
    returning: bool | None = None

    def describe(self) -> str:
        parts = []
        for label, values in (("phase", self.phases), ("experience", self.experience),
                              ("distance", self.distance), ("equipment", self.equipment),
                              ("niggle", self.niggles)):
            if values:
                parts.append(f"{label} {'/'.join(values)}")
        if self.returning is not None:
            parts.append("returning from a break" if self.returning else "not returning from a break")
        return ", ".join(parts)


@frozen
class Phase:
    """A named block of weeks. ``weeks`` is the template length, scaled to the plan (see :mod:`runlift.phases`).

    ``weeks_per_week_off`` makes the length follow the athlete's break instead: ``weeks-off × it``, rounded
    half up, kept within ``min-weeks`` (at least 1) and ``max-weeks``, and not scaled with the rest of the
    plan. An athlete with no weeks off gets the template ``weeks``."""

    name: str
    weeks: int = field(validator=lambda i, a, v: _positive(a, v))
    title: str | None = None
    min_weeks: int = 0
    max_weeks: int | None = field(default=None, validator=lambda i, a, v: v is None or _positive(a, v))
    weeks_per_week_off: float | None = field(
        default=None, validator=lambda i, a, v: v is None or _non_negative(a, v))
    after_race: bool = False
    weeks_by_distance: dict[str, int] = field(factory=dict)


def _non_negative(attribute, value) -> None:
    if value < 0 or value > 52:
        raise ValueError(f"'{attribute.name}' must be between 0 and 52: {value}")


def _positive(attribute, value) -> None:
    if value < 1:
        raise ValueError(f"'{attribute.name}' must be at least 1: {value}")


@frozen
class RuleEntry:
    """A rule as written in one file. In a ruleset that extends another, only ``code`` is required:
    the other fields override the inherited rule of that code (``options`` key by key)."""

    code: str
    name: str | None = None
    kind: str | None = None
    severity: Severity | None = None
    options: dict[str, Any] = field(factory=dict)
    when: Conditions | None = None
    rationale: str | None = None
    source: Citation | None = None


@frozen
class RulesetFile:
    """One ruleset TOML file, structured but not yet resolved."""

    name: str
    title: str | None = None
    version: str = "0"
    summary: str = ""
    prefix: str | None = None
    extends: tuple[str, ...] = ()
    then: str | None = None
    select: tuple[str, ...] | None = None
    extend_select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    sources: tuple[Source, ...] = ()
    omissions: tuple[str, ...] = ()
    phases: tuple[Phase, ...] | None = None
    tags: dict[str, Selector] = field(factory=dict)
    rules: tuple[RuleEntry, ...] = ()
    planner: dict[str, Any] = field(factory=dict)


@frozen
class Rule:
    """A resolved rule: complete, with options structured by its kind's options class."""

    code: str
    name: str
    kind: str
    severity: Severity
    options: Any
    when: Conditions = Conditions()
    rationale: str = ""
    source: Citation | None = None
    origin: str = ""
    active: bool = True

    @property
    def runs(self) -> bool:
        """Whether the checker runs it: active (select/ignore) and not ``off``."""
        return self.active and self.severity != "off"


@frozen
class Ruleset:
    """A resolved ruleset, ready for the checker and the planner."""

    name: str
    title: str
    version: str
    summary: str
    origin: str
    extends: tuple[str, ...]
    then: str | None
    sources: tuple[Source, ...]
    omissions: tuple[str, ...]
    phases: tuple[Phase, ...]
    tags: Mapping[str, Selector]
    rules: tuple[Rule, ...]
    planner: Mapping[str, Any]
    #: each rule by its code and by its name (the first rule with either): plugins look rules up every week
    _by_key: dict[str, Rule] = field(init=False, eq=False, repr=False)

    def __attrs_post_init__(self) -> None:
        by_key: dict[str, Rule] = {}
        for rule in self.rules:
            by_key.setdefault(rule.code, rule)
            by_key.setdefault(rule.name, rule)
        object.__setattr__(self, "_by_key", by_key)

    def rule(self, code_or_name: str) -> Rule | None:
        """The first rule whose code or name is ``code_or_name``, or None."""
        return self._by_key.get(code_or_name)

    def source(self, ref: str) -> Source | None:
        return next((s for s in self.sources if s.id == ref), None)

    def cite(self, rule: Rule) -> str:
        """``"Title", Author, section "X"`` for a rule's source, or an empty string."""
        if rule.source is None:
            return ""
        src = self.source(rule.source.ref)
        if src is None:
            return rule.source.ref
        text = f'"{src.title}", {src.author}'
        return text + (f', section "{rule.source.section}"' if rule.source.section else "")


def code_enabled(code: str, select: tuple[str, ...] | None, extend_select: tuple[str, ...],
                 ignore: tuple[str, ...]) -> bool:
    """flake8/ruff-style selection: the longest matching prefix wins; on a tie ``ignore`` wins.

    With no ``select`` at all every code starts enabled."""
    best_len, best = -1, select is None
    for prefixes, enabled in (((select or ()) + extend_select, True), (ignore, False)):
        for prefix in prefixes:
            if code.startswith(prefix) and len(prefix) >= best_len:
                if len(prefix) > best_len or not enabled:
                    best_len, best = len(prefix), enabled
    return best
