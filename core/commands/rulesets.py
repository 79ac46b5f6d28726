"""``runlift rulesets``: list every registered ruleset."""

from __future__ import annotations

import click

from ..output import format_option, table, to_json


@click.command()
@format_option("text", "json")
@click.pass_obj
def rulesets(app, fmt):
    """List the rulesets the installed plugins provide."""
    from ..errors import ConfigError

    rows, problems = [], []
    for name in sorted(app.plugins.rulesets):
        try:
            rs = app.loader.load(name)
            rows.append({"name": rs.name, "title": rs.title, "version": rs.version,
                         "plugin": app.plugins.label(app.plugins.rulesets[name].plugin), "rules": len(rs.rules)})
        except ConfigError as exc:
            problems.append(exc)
    if fmt == "json":
        click.echo(to_json(rows), nl=False)
    else:
        click.echo(table(["name", "title", "version", "rules", "plugin"],
                         [[r["name"], r["title"], r["version"], r["rules"], r["plugin"]] for r in rows]), nl=False)
    if problems:
        from ..cli import report

        for exc in problems:
            report(exc)
        raise SystemExit(2)
