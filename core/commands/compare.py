"""``runlift compare``: the same athlete under every philosophy, side by side, in one unit of load."""

from __future__ import annotations

import sys

import click

from ..output import format_option, to_json
from .options import athlete_options, available_cpus, resolve_athlete


@click.command()
@click.argument("rulesets", nargs=-1, metavar="[NAME|PATH]...")
@athlete_options("plans")
@click.option("--week", "week_numbers", type=click.IntRange(1, 104), multiple=True, metavar="N",
              help="Show plan week N (repeatable). Default: six weeks before race week.")
@click.option("--all-weeks", is_flag=True, help="Show every week.")
@format_option("text", "md", "json")
@click.pass_obj
def compare(app, rulesets, athlete_path, start, race_date, distance, weeks, experience, equipment, week_numbers,
            all_weeks, fmt):
    """Compare coaching philosophies for one athlete, side by side.

    With no NAME, every built-in philosophy and the built-in default athlete (an intermediate runner,
    16 weeks to a half marathon, hybrid equipment). Shows a Monday-Sunday grid per philosophy for the
    chosen week, a load summary (session-RPE load, monotony, strain, ACWR), and a cross-check matrix:
    each philosophy's plan judged by every other philosophy's rules.
    """
    from ..compare import compare as run_compare
    from ..compare_view import print_rich, to_data, to_markdown, to_text, use_rich

    if week_numbers and all_weeks:
        raise click.UsageError("--week and --all-weeks exclude each other")
    athlete, race_only = resolve_athlete(athlete_path, start, race_date, distance, experience, equipment, weeks)
    if race_only is not None:
        raise click.UsageError("--race-date needs --distance when the athlete has no race")
    names = rulesets or builtin_rulesets(app.plugins)
    loaded = [app.loader.load(name) for name in names]
    comparison = run_compare(loaded, athlete, plugins=app.plugins, weeks=week_numbers, all_weeks=all_weeks,
                             jobs=available_cpus())
    for index in comparison.weeks:
        if not any(e.week(index) for e in comparison.entries):
            raise click.BadParameter(f"the plans have no week {index}", param_hint="--week")
    if fmt == "json":
        click.echo(to_json(to_data(comparison)), nl=False)
    elif fmt == "md":
        click.echo(to_markdown(comparison), nl=False)
    elif use_rich(sys.stdout):
        print_rich(comparison)
    else:
        click.echo(to_text(comparison), nl=False)


def builtin_rulesets(plugins) -> list[str]:
    """The rulesets of built-in plugins, in the order the plugins are listed."""
    order = {name: i for i, name in enumerate(plugins.infos)}
    found = [(order.get(src.plugin, len(order)), name) for name, src in plugins.rulesets.items()
             if plugins.infos.get(src.plugin) is not None and plugins.infos[src.plugin].builtin]
    return [name for _, name in sorted(found)]
