"""``runlift plan``: build run + strength weeks under a philosophy, or explain why none exist."""

from __future__ import annotations

import datetime as dt

import click

from ..output import format_option
from ..vocabulary import EQUIPMENT_ACCESS, EXPERIENCE_LEVELS, RACE_DISTANCES


def _date(ctx, param, value) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"expected a date like 2027-04-25, got {value!r}") from None


@click.command()
@click.option("--ruleset", "-r", "ruleset_ref", required=True, metavar="NAME|PATH",
              help="The philosophy to plan under: a ruleset name or a TOML path.")
@click.option("--athlete", "athlete_path", metavar="FILE.toml",
              help="The athlete (TOML, the athlete keys of the plan format). Default: the built-in athlete.")
@click.option("--start", callback=_date, metavar="DATE", help="First day of the plan (its week's Monday).")
@click.option("--race-date", callback=_date, metavar="DATE", help="The goal race date.")
@click.option("--distance", type=click.Choice(RACE_DISTANCES), help="The goal race distance.")
@click.option("--weeks", type=click.IntRange(1, 104), help="Plan length in weeks.")
@click.option("--experience", type=click.Choice(EXPERIENCE_LEVELS), help="Override the athlete's experience.")
@click.option("--equipment", type=click.Choice(EQUIPMENT_ACCESS), help="Override the athlete's equipment.")
@click.option("--running-plan", metavar="FILE",
              help="Keep this running plan (runlift JSON/TOML, CSV or iCalendar) exactly and fit strength, "
                   "mobility and rest around it.")
@format_option("text", "json", "toml", "md")
@click.option("-o", "--output", metavar="FILE", help="Write the plan here (atomically) instead of stdout.")
@click.option("--explain", is_flag=True, help="Add a short 'why' to every session the planner placed.")
@click.pass_obj
def plan(app, ruleset_ref, athlete_path, start, race_date, distance, weeks, experience, equipment, running_plan,
         fmt, output, explain):
    """Build a periodized running + strength plan that obeys a coaching philosophy.

    Without --athlete the built-in default athlete is used (an intermediate runner, 16 weeks from Mon
    2027-01-04 to a half marathon). Flags override the athlete file. With --weeks and a race but no start,
    the plan is laid out back from the race.

    With --running-plan, every run of the given plan is kept exactly as written and strength, mobility
    and rest are placed around it.

    Exit codes: 0 ok, 1 the plan breaks an error-level rule (only possible when a given running plan
    already does), 2 bad input or no week can satisfy the rules (the conflicting rules are named).
    """
    from ..plan_view import markdown_view, text_view
    from ..planio import dump_plan, read_plan, write_atomic
    from ..planner import Planner

    athlete, race_date_only = _athlete(athlete_path, start, race_date, distance, experience, equipment, weeks)
    ruleset = app.loader.load(ruleset_ref)
    running = read_plan(running_plan, app.plugins.vocabulary.types) if running_plan else None
    planner = Planner(ruleset, plugins=app.plugins)
    result = planner.plan(athlete, weeks=weeks if running is None else None, running_plan=running,
                          race_date=race_date_only, running_label=running_plan)
    if fmt in ("json", "toml"):
        text = dump_plan(result.plan, fmt)
    else:
        title = (f"runlift plan: {ruleset.title} ({ruleset.name} {ruleset.version}) for {athlete.name}, "
                 f"{len(result.plan.weeks)} weeks from {result.plan.weeks[0].start.isoformat()}")
        view = markdown_view if fmt == "md" else text_view
        text = view(result.plan, title=title, notes=result.notes, findings=result.findings,
                    why=result.why if explain else None)
    if output:
        write_atomic(output, text)
        click.echo(f"wrote {output}: {len(result.plan.weeks)} weeks, "
                   f"{len(result.errors)} error(s), {len(result.findings) - len(result.errors)} warning(s)",
                   err=True)
    else:
        click.echo(text, nl=False)
    if result.errors:
        raise SystemExit(1)


def _athlete(path, start, race_date, distance, experience, equipment, weeks):
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
