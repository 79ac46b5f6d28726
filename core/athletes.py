"""Athlete files: the :class:`~runlift.model.Athlete` model's kebab-case keys in TOML, strictly checked.

::

    name = "Ian"
    experience = "intermediate"          # beginner | intermediate | advanced
    run-days = ["mon", "tue", "thu", "sat", "sun"]
    long-run-day = "sun"                 # or "none"
    rest-days = ["fri"]
    equipment = "gym"                    # home | gym | hybrid
    baseline-minutes = 210               # running minutes a week now
    start = 2027-01-04
    race = { distance = "half", date = 2027-03-28 }
    weeks-off = 0                        # weeks without training before the plan
    niggles = ["knee"]                   # itb | knee | shins | plantar | achilles | hamstring | hip

Every key is optional (the model's defaults apply). Structured with the shared converter, so a typo or a
wrong type is a :class:`~runlift.errors.ConfigError` naming the file and key path
(``me.toml: run-days[2]: expected one of mon, tue, ...``).
"""

from __future__ import annotations

import os
from typing import Any

from .converter import parse_toml, structure
from .errors import ConfigError
from .model import Athlete

#: How a file says "no value" for a key whose default is not empty (``long-run-day = "none"``).
NONE = "none"


def parse_athlete(text: str, label: str) -> Athlete:
    data = parse_toml(text, label)
    if data.get("long-run-day") == NONE:
        data = {**data, "long-run-day": None}
    return structure(data, Athlete, label)


def read_athlete(path: str | os.PathLike) -> Athlete:
    """The athlete in a TOML file; ConfigError for a missing, unreadable or invalid file."""
    from .textfiles import read_text_file

    return parse_athlete(read_text_file(path, "athlete"), os.fspath(path))


def with_overrides(athlete: Athlete, **changes: Any) -> Athlete:
    """``athlete`` with the given fields replaced (None = keep), validated like a file would be."""
    import attrs

    changes = {k: v for k, v in changes.items() if v is not None}
    if not changes:
        return athlete
    try:
        return attrs.evolve(athlete, **changes)
    except (TypeError, ValueError) as exc:
        raise ConfigError("athlete", [f"athlete: {exc}"]) from None
