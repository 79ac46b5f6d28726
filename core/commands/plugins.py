"""``runlift plugins``: the installed plugins as JSON."""

from __future__ import annotations

import click

from ..output import to_json


@click.command()
@click.option("--all", "show_all", is_flag=True, help="Include the built-in plugins.")
@click.option("--hook", metavar="NAME", help="Only plugins implementing this hook.")
@click.pass_obj
def plugins(app, show_all, hook):
    """List installed plugins and the hooks they implement (JSON)."""
    entries = [e for e in app.plugins.describe() if show_all or not e["builtin"]]
    if hook:
        known = [h for h in dir(app.plugins.pm.hook) if h.startswith("runlift_")]
        if hook not in known:
            raise click.BadParameter(f"unknown hook {hook!r} (hooks: {', '.join(sorted(known))})", param_hint="--hook")
        entries = [e for e in entries if hook in e["hooks"]]
    click.echo(to_json(entries), nl=False)
