"""``runlift validate``: check ruleset files without running them."""

from __future__ import annotations

import click

from ..output import format_option, to_json


@click.command()
@click.argument("paths", nargs=-1, required=True, metavar="PATH...")
@format_option("text", "json")
@click.pass_obj
def validate(app, paths, fmt):
    """Validate ruleset files (and what they extend). Exit 2 if any is invalid."""
    from ..cli import report
    from ..errors import ConfigError

    results, failed = [], False
    for path in paths:
        try:
            rs = app.loader.load(path)
            results.append({"path": path, "ok": True, "name": rs.name, "rules": len(rs.rules), "errors": []})
        except ConfigError as exc:
            failed = True
            results.append({"path": path, "ok": False, "errors": list(exc.messages())})
    if fmt == "json":
        click.echo(to_json(results), nl=False)
    else:
        for r in results:
            if r["ok"]:
                click.echo(f"ok: {r['path']} ({r['name']}, {r['rules']} rules)")
    for r in results:
        if not r["ok"] and fmt == "text":
            for line in r["errors"]:
                report(ConfigError(r["path"], [line]))
    if failed:
        raise SystemExit(2)
