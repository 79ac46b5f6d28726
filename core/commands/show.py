"""``runlift show``: one ruleset, readably."""

from __future__ import annotations

import click

from ..output import format_option, to_json


@click.command()
@click.argument("ruleset", metavar="NAME|PATH")
@format_option("text", "json")
@click.pass_obj
def show(app, ruleset, fmt):
    """Show a ruleset: metadata, phases, and its rules grouped by kind."""
    from ..ruleset_view import ruleset_dict, ruleset_text

    rs = app.loader.load(ruleset)
    click.echo(to_json(ruleset_dict(rs)) if fmt == "json" else ruleset_text(rs), nl=False)
