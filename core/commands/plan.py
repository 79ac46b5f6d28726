"""``runlift plan``: build run + strength weeks under a philosophy, or explain why none exist."""

from __future__ import annotations

import click

from ..output import format_option
from .options import athlete_options, resolve_athlete


@click.command()
@click.option("--ruleset", "-r", "ruleset_ref", required=True, metavar="NAME|PATH",
              help="The philosophy to plan under: a ruleset name or a TOML path.")
@athlete_options("plan")
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

    athlete, race_date_only = resolve_athlete(athlete_path, start, race_date, distance, experience, equipment, weeks)
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
