"""The words runlift plans with, defined once: sports, session types, intensities, tags.

Plugins extend the vocabulary through the ``runlift_register_vocabulary`` hook; the
core never hard-codes a type name outside this module.
"""

from __future__ import annotations

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
WEEKDAY_TITLES = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")

SPORTS = ("run", "strength", "mobility", "cross", "rest")
INTENSITIES = ("easy", "moderate", "hard")
TIMES_OF_DAY = ("am", "pm", "any")
EXPERIENCE_LEVELS = ("beginner", "intermediate", "advanced")
EQUIPMENT_ACCESS = ("home", "gym", "hybrid")
RACE_DISTANCES = ("5k", "10k", "half", "marathon", "ultra")
NIGGLES = ("itb", "knee", "shins", "plantar", "achilles", "hamstring", "hip")

#: Session types per sport. A plugin may add types with ``register_type``.
RUN_TYPES = ("recovery", "easy", "long", "tempo", "intervals", "hills", "strides", "race")
STRENGTH_TYPES = (
    "lower", "upper", "full", "core", "isometric", "plyometric", "mobility", "prehab", "circuit",
)
DEFAULT_TYPES: dict[str, tuple[str, ...]] = {
    "run": RUN_TYPES,
    "strength": STRENGTH_TYPES,
    "mobility": ("mobility", "activation", "stretch", "foam-roll", "yoga"),
    "cross": ("bike", "swim", "walk", "elliptical", "other"),
    "rest": ("rest", "active-recovery"),
}

#: Run types that count as "hard" / "quality" days.
QUALITY_RUN_TYPES = frozenset({"tempo", "intervals", "hills", "long", "race"})
#: Run types that count as speed work (high-intensity running).
SPEED_RUN_TYPES = frozenset({"tempo", "intervals", "hills", "race"})
#: Strength types that load the legs.
LOWER_BODY_STRENGTH_TYPES = frozenset({"lower", "full", "plyometric", "circuit"})
