"""``runlift explain``: one rule, with its rationale and the article it comes from."""

from __future__ import annotations

import click

from ..output import format_option, to_json


@click.command()
@click.argument("code", metavar="CODE")
@click.option("--ruleset", "ref", metavar="NAME|PATH",
              help="Look in this ruleset only (default: every registered ruleset).")
@format_option("text", "json")
@click.pass_obj
def explain(app, code, ref, fmt):
    """Explain one rule: what it checks, why, and the article it encodes.

    CODE is a rule code such as RN103 (any case) or a rule name such as no-heavy-lift-on-long-run-day.
    """
    from ..ruleset_view import rule_dict, rule_text

    ruleset, rule = find_rule(app, code, ref)
    if fmt == "json":
        click.echo(to_json({"ruleset": ruleset.name, **rule_dict(ruleset, rule)}), nl=False)
        return
    click.echo(f"{ruleset.name} — {ruleset.title} (rule kind: {rule.kind})")
    click.echo(rule_text(ruleset, rule))
    if rule.source is not None:
        src = ruleset.source(rule.source.ref)
        if src is not None and src.url:
            click.echo(f"  read: {src.url}")


def find_rule(app, code: str, ref: str | None):
    """(ruleset, rule) for a code or rule name; a ConfigError with a did-you-mean when there is none.

    Without ``ref`` every registered ruleset is searched, in name order. A code that several rulesets share
    (one extends another) is explained from the ruleset that defines it, not from one that inherits it.
    """
    from ..converter import did_you_mean
    from ..errors import ConfigError

    wanted = code.strip()
    broken: list[ConfigError] = []
    if ref is not None:
        candidates = [app.loader.load(ref)]
    else:
        candidates = []
        for name in sorted(app.plugins.rulesets):
            try:
                candidates.append(app.loader.load(name))
            except ConfigError as exc:
                broken.append(exc)
    hits = []
    for rs in candidates:
        rule = rs.rule(wanted) or rs.rule(wanted.upper())
        if rule is not None:
            hits.append((rs, rule))
    if hits:
        own = [(rs, r) for rs, r in hits if r.origin == _own_label(app, rs)]
        return (own or hits)[0]
    known = {r.code for rs in candidates for r in rs.rules} | {r.name for rs in candidates for r in rs.rules}
    where = f"ruleset '{candidates[0].name}'" if ref is not None else "any registered ruleset"
    hint = did_you_mean(wanted.upper(), known) or did_you_mean(wanted, known)
    lines = [f"no rule '{wanted}' in {where}{hint}"]
    lines += [f"(not searched, it does not load) {m}" for exc in broken for m in exc.messages()]
    raise ConfigError(wanted, lines)


def _own_label(app, ruleset) -> str | None:
    """The label the loader gives the rules a registered ruleset defines itself (its TOML's file name)."""
    src = app.plugins.rulesets.get(ruleset.name)
    return src.label if src is not None else None
