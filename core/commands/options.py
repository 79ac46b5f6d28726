"""Options several commands share: dates, the athlete flags of ``plan`` and ``compare``, and the CPU count."""

from __future__ import annotations

import datetime as dt
import os

import click

from ..vocabulary import EQUIPMENT_ACCESS, EXPERIENCE_LEVELS, RACE_DISTANCES


def available_cpus() -> int:
    """The CPUs this process may run on (a container's limit, not the host's count)."""
    try:
        return len(os.sched_getaffinity(0)) or 1
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def parse_date(ctx, param, value) -> dt.date | None:
    """Click callback: an ISO date, or a clean usage error."""
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"expected a date like 2027-04-25, got {value!r}") from None


def athlete_options(what: str = "plan"):
    """The athlete flags: ``--athlete FILE`` and the overrides ``--start``, ``--race-date``, ``--distance``,
    ``--weeks``, ``--experience``, ``--equipment`` (flags win over the file)."""
    options = [
        click.option("--athlete", "athlete_path", metavar="FILE.toml",
                     help="The athlete (TOML, the athlete keys of the plan format). Default: the built-in athlete."),
        click.option("--start", callback=parse_date, metavar="DATE",
                     help=f"First day of the {what} (its week's Monday)."),
        click.option("--race-date", callback=parse_date, metavar="DATE", help="The goal race date."),
        click.option("--distance", type=click.Choice(RACE_DISTANCES), help="The goal race distance."),
        click.option("--weeks", type=click.IntRange(1, 104), help="Plan length in weeks."),
        click.option("--experience", type=click.Choice(EXPERIENCE_LEVELS), help="Override the athlete's experience."),
        click.option("--equipment", type=click.Choice(EQUIPMENT_ACCESS), help="Override the athlete's equipment."),
    ]

    def decorate(command):
        for option in reversed(options):
            command = option(command)
        return command

    return decorate


def resolve_athlete(path, start, race_date, distance, experience, equipment, weeks):
    """The athlete after the flags, and a race date given without a distance (or None)."""
    from ..athletes import read_athlete, with_overrides
    from ..defaults import DEFAULT_ATHLETE
    from ..model import Race

    athlete = read_athlete(path) if path else DEFAULT_ATHLETE
    race = athlete.race
    race_only = None
    if race_date is not None or distance is not None:
        if race_date is not None and distance is not None:
            race = Race(distance=distance, date=race_date)
        elif race is not None:
            race = Race(distance=distance or race.distance, date=race_date or race.date)
        elif race_date is not None:
            race_only = race_date
        else:
            raise click.UsageError("--distance needs a race: give --race-date too")
    athlete = with_overrides(athlete, race=race, experience=experience, equipment=equipment, start=start)
    if start is None and path is None and (race_date is not None or weeks is not None) and race is not None:
        # the built-in athlete's start is only a default: a race given here anchors the plan instead
        import attrs

        athlete = attrs.evolve(athlete, start=None)
    return athlete, race_only
