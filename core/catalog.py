"""The exercise catalog: what each exercise trains, what it needs, and which niggles it helps or aggravates.

The built-in catalog is ``runlift/data/exercises.toml`` (package data, read with
:func:`runlift.diskcache.read_package_text`); plugins add entries as extra TOML texts with the same
``[[exercises]]`` layout. :func:`load_catalog` validates every source and reports all problems at once as
one :class:`~runlift.errors.ConfigError`.

Equipment access (``select(equipment_access=...)``, the athlete's ``equipment`` setting):

* ``home``: bodyweight, band, dumbbell, kettlebell and box. Never barbell or machine work: an exercise is
  offered at home only if at least one of its equipment options is home equipment.
* ``gym`` and ``hybrid``: every kind of equipment (a hybrid athlete can always take the session to the gym).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Iterator
from typing import Any, Literal, get_args

from attrs import field, frozen, validators as v

from .converter import parse_toml, structure
from .errors import ConfigError
from .model import Niggle, _unique
from .vocabulary import EQUIPMENT_ACCESS, NIGGLES

Pattern = Literal[
    "squat", "hinge", "lunge", "step-up", "push", "pull", "carry", "core", "calf", "isometric",
    "plyometric", "mobility",
]
Muscle = Literal["glutes", "hamstrings", "quads", "calves", "core", "upper-body", "hips", "feet", "shins"]
Equipment = Literal["bodyweight", "band", "dumbbell", "kettlebell", "barbell", "machine", "box"]
Category = Literal["compound", "isometric", "mobility", "plyometric", "prehab"]

PATTERNS: tuple[str, ...] = get_args(Pattern)
MUSCLES: tuple[str, ...] = get_args(Muscle)
EQUIPMENT: tuple[str, ...] = get_args(Equipment)
CATEGORIES: tuple[str, ...] = get_args(Category)

HOME_EQUIPMENT = frozenset({"bodyweight", "band", "dumbbell", "kettlebell", "box"})
#: Equipment each ``EQUIPMENT_ACCESS`` value can use (see the module docstring).
EQUIPMENT_BY_ACCESS: dict[str, frozenset[str]] = {
    "home": HOME_EQUIPMENT,
    "gym": frozenset(EQUIPMENT),
    "hybrid": frozenset(EQUIPMENT),
}

BUILTIN_LABEL = "exercises.toml"
_ID = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


def _kebab_id(instance: Any, attribute: Any, value: str) -> None:
    if not _ID.fullmatch(value):
        raise ValueError(f"'{attribute.name}' must be kebab-case (a-z, 0-9 and single hyphens), got {value!r}")


def _not_empty(instance: Any, attribute: Any, value: Any) -> None:
    if not value:
        raise ValueError(f"'{attribute.name}' must not be empty")


def _reps_or_hold(instance: Prescription, attribute: Any, value: int | None) -> None:
    if (instance.reps is None) == (value is None):
        raise ValueError("expected exactly one of reps or hold-seconds")


def _count(low: int, high: int):
    return v.optional(v.and_(v.ge(low), v.le(high)))


@frozen
class Prescription:
    """A starting dose: ``sets`` × ``reps``, or ``sets`` × ``hold_seconds`` (holds and timed carries)."""

    sets: int = field(validator=v.and_(v.ge(1), v.le(20)))
    reps: int | None = field(default=None, validator=_count(1, 100))
    hold_seconds: int | None = field(default=None, validator=[_count(1, 600), _reps_or_hold])


@frozen
class CatalogExercise:
    """One catalog entry. For a unilateral exercise the prescription is per side."""

    id: str = field(validator=_kebab_id)
    name: str = field(validator=_not_empty)
    pattern: Pattern
    muscles: tuple[Muscle, ...] = field(validator=[_not_empty, _unique])
    equipment: tuple[Equipment, ...] = field(validator=[_not_empty, _unique])
    category: Category
    default: Prescription
    aliases: tuple[str, ...] = field(default=(), validator=_unique)
    unilateral: bool = False
    prehab: tuple[Niggle, ...] = field(default=(), validator=_unique)
    avoid: tuple[Niggle, ...] = field(default=(), validator=_unique)

    @property
    def names(self) -> tuple[str, ...]:
        """Every name that identifies this exercise: id, display name and aliases."""
        return (self.id, self.name, *self.aliases)

    def available_with(self, equipment_access: str) -> bool:
        """Whether an athlete with this equipment access can do it (any one equipment option suffices)."""
        return not EQUIPMENT_BY_ACCESS[equipment_access].isdisjoint(self.equipment)


@frozen
class _CatalogFile:
    exercises: tuple[CatalogExercise, ...]


# --- name matching -----------------------------------------------------------------------------------

#: Load and implement words dropped from a plan's name when it does not match as written.
_QUALIFIERS = frozenset({
    "barbell", "bb", "dumbbell", "dumbbells", "db", "kettlebell", "kb", "banded", "band", "weighted",
    "bodyweight", "bw", "loaded", "cable", "machine", "slow", "tempo", "light", "heavy",
})


def _singular(word: str) -> str:
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("sses", "ches", "shes", "xes")):
        return word[:-2]
    if word.endswith("s") and not word.endswith(("ss", "us")) and len(word) > 2:
        return word[:-1]
    return word


def _words(name: str) -> list[str]:
    """Lower-case words, apostrophes dropped, each made singular ("Farmer's Carries" → farmer, carry)."""
    return [_singular(w) for w in re.findall(r"[a-z0-9]+", name.lower().replace("'", "").replace("’", ""))]


def name_key(name: str) -> str:
    """The form names are compared in: case, spaces, hyphens, punctuation and plural endings ignored.

    ``"Romanian-Deadlifts"``, ``"romanian deadlift"`` and ``"RomanianDeadlift"`` share one key.
    """
    return "".join(_words(name))


def _loose_key(name: str) -> str:
    """The key after dropping parenthesised notes and load words (``"DB RDL (slow)"`` → ``rdl``)."""
    return "".join(w for w in _words(re.sub(r"\([^)]*\)", " ", name)) if w not in _QUALIFIERS)


# --- the catalog -------------------------------------------------------------------------------------


def _choices(value: str | Iterable[str] | None, allowed: tuple[str, ...], what: str) -> frozenset[str] | None:
    if value is None:
        return None
    chosen = frozenset((value,) if isinstance(value, str) else value)
    unknown = sorted(chosen.difference(allowed))
    if unknown:
        raise ValueError(f"unknown {what} {', '.join(map(repr, unknown))}; expected one of {', '.join(allowed)}")
    return chosen


@frozen
class Catalog:
    """The exercises runlift knows, in catalog order, with lookup by id and by free-form name."""

    entries: tuple[CatalogExercise, ...] = field(repr=lambda entries: f"<{len(entries)} exercises>")
    _by_id: dict[str, CatalogExercise] = field(init=False, repr=False, eq=False)
    _by_key: dict[str, CatalogExercise] = field(init=False, repr=False, eq=False)

    def __attrs_post_init__(self) -> None:
        by_id: dict[str, CatalogExercise] = {}
        by_key: dict[str, CatalogExercise] = {}
        for entry in self.entries:
            if entry.id in by_id:
                raise ValueError(f"duplicate exercise id {entry.id!r}")
            by_id[entry.id] = entry
            for name in entry.names:
                if key := name_key(name):
                    by_key.setdefault(key, entry)
        object.__setattr__(self, "_by_id", by_id)
        object.__setattr__(self, "_by_key", by_key)

    def __len__(self) -> int:
        return len(self.entries)

    def __iter__(self) -> Iterator[CatalogExercise]:
        return iter(self.entries)

    def __contains__(self, exercise_id: object) -> bool:
        return exercise_id in self._by_id

    def get(self, exercise_id: str) -> CatalogExercise:
        """The entry with this exact id; ``KeyError`` if there is none."""
        try:
            return self._by_id[exercise_id]
        except KeyError:
            raise KeyError(f"no exercise with id {exercise_id!r}") from None

    def match(self, name: str) -> CatalogExercise | None:
        """The entry a free-form name from a plan refers to, or None.

        Compares :func:`name_key` forms of the id, the display name and the aliases; if nothing matches, tries
        again without parenthesised notes and load words such as "dumbbell" or "banded".
        """
        for key in (name_key(name), _loose_key(name)):
            if key in self._by_key:
                return self._by_key[key]
        return None

    def select(
        self,
        pattern: str | Iterable[str] | None = None,
        category: str | Iterable[str] | None = None,
        equipment_access: str = "hybrid",
        muscles: str | Iterable[str] | None = None,
        niggles: str | Iterable[str] | None = None,
        prehab: str | Iterable[str] | None = None,
    ) -> tuple[CatalogExercise, ...]:
        """Entries that fit every given filter, in catalog order.

        ``pattern`` / ``category`` / ``muscles``: keep entries with any of the given values.
        ``equipment_access``: home, gym or hybrid (see the module docstring); home never yields barbell- or
        machine-only work. ``niggles``: the athlete's niggles; entries to avoid for any of them are dropped.
        ``prehab``: keep only entries that address at least one of these niggles.
        Unknown values raise ``ValueError`` rather than silently selecting nothing.
        """
        if equipment_access not in EQUIPMENT_ACCESS:
            raise ValueError(f"unknown equipment access {equipment_access!r}; expected one of "
                             f"{', '.join(EQUIPMENT_ACCESS)}")
        patterns = _choices(pattern, PATTERNS, "pattern")
        categories = _choices(category, CATEGORIES, "category")
        wanted_muscles = _choices(muscles, MUSCLES, "muscle")
        athlete_niggles = _choices(niggles, NIGGLES, "niggle") or frozenset()
        prehab_for = _choices(prehab, NIGGLES, "niggle")
        return tuple(
            e for e in self.entries
            if (patterns is None or e.pattern in patterns)
            and (categories is None or e.category in categories)
            and e.available_with(equipment_access)
            and (wanted_muscles is None or not wanted_muscles.isdisjoint(e.muscles))
            and athlete_niggles.isdisjoint(e.avoid)
            and (prehab_for is None or not prehab_for.isdisjoint(e.prehab))
        )


# --- loading -----------------------------------------------------------------------------------------


def _read_builtin() -> str:
    from .diskcache import read_package_text

    return read_package_text("runlift.data", "exercises.toml")


def _check_source(
    label: str, text: str, where: dict[str, str], owners: dict[str, tuple[str, str]],
) -> tuple[list[CatalogExercise], list[str]]:
    """Parse and validate one source against the ids and names seen so far (both updated in place)."""
    try:
        data = parse_toml(text, label)
    except ConfigError as exc:
        return [], list(exc.messages())
    problems: list[str] = []
    try:
        parsed: _CatalogFile | None = structure(data, _CatalogFile, label)
    except ConfigError as exc:
        problems.extend(exc.messages())
        parsed = None

    # Duplicate ids are checked on the raw tables, so they are reported even beside structural errors.
    duplicates: set[int] = set()
    raw = data.get("exercises")
    for i, item in enumerate(raw if isinstance(raw, list) else ()):
        ident = item.get("id") if isinstance(item, dict) else None
        if not isinstance(ident, str):
            continue
        if ident in where:
            problems.append(f"{label}: exercises[{i}].id: duplicate id {ident!r}, "
                            f"already defined at {where[ident]}")
            duplicates.add(i)
        else:
            where[ident] = f"{label}: exercises[{i}]"
    if parsed is None:
        return [], problems

    for i, entry in enumerate(parsed.exercises):
        if i in duplicates:
            continue
        paths = ["id", "name", *(f"aliases[{k}]" for k in range(len(entry.aliases)))]
        for path, name in zip(paths, entry.names):
            key = name_key(name)
            if not key:
                problems.append(f"{label}: exercises[{i}].{path}: {name!r} has no letters or digits to match on")
                continue
            owner = owners.setdefault(key, (entry.id, f"{label}: exercises[{i}].{path}"))
            if owner[0] != entry.id:
                problems.append(f"{label}: exercises[{i}].{path}: {name!r} already names exercise "
                                f"{owner[0]!r} ({owner[1]})")
        both = [n for n in entry.prehab if n in entry.avoid]
        if both:
            problems.append(f"{label}: exercises[{i}]: {', '.join(both)} listed in both prehab and avoid")
    return list(parsed.exercises), problems


def _build(sources: Iterable[tuple[str, str]], base: Catalog | None = None) -> Catalog:
    entries: list[CatalogExercise] = []
    where: dict[str, str] = {}
    owners: dict[str, tuple[str, str]] = {}
    if base is not None:
        where.update((e.id, f"{BUILTIN_LABEL}: exercises[{i}]") for i, e in enumerate(base.entries))
        owners.update((key, (e.id, where[e.id])) for key, e in base._by_key.items())
        entries.extend(base.entries)
    problems: list[str] = []
    first_bad: str | None = None
    for label, text in sources:
        found, source_problems = _check_source(label, text, where, owners)
        if source_problems and first_bad is None:
            first_bad = label
        problems.extend(source_problems)
        entries.extend(found)
    if first_bad is not None:
        raise ConfigError(first_bad, problems)
    return Catalog(tuple(entries))


@functools.lru_cache(maxsize=1)
def _builtin_catalog() -> Catalog:
    """The built-in catalog, from the on-disk cache (:mod:`runlift.diskcache`) while its TOML is unchanged."""
    from .diskcache import DiskCache, digest

    text = _read_builtin()
    cache = DiskCache()
    hit = cache.get("catalog", BUILTIN_LABEL, lambda name: digest(text))
    if hit is not None:
        return hit
    catalog = _build([(BUILTIN_LABEL, text)])
    cache.put("catalog", BUILTIN_LABEL, {BUILTIN_LABEL: digest(text)}, catalog)
    return catalog


def load_catalog(extra_sources: Iterable[tuple[str, str]] = ()) -> Catalog:
    """The built-in catalog plus plugin catalogs, each an ``(origin_label, toml_text)`` pair.

    Raises one :class:`ConfigError` listing every problem in every source, each line prefixed with its
    label: unknown keys, wrong types, unknown values, duplicate ids, names shared by two exercises, TOML
    syntax errors (with line and column). The built-in catalog alone is cached.
    """
    extra = tuple(extra_sources)
    if not extra:
        return _builtin_catalog()
    return _build(extra, base=_builtin_catalog())
