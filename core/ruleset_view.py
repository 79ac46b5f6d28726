"""Readable and JSON views of a resolved ruleset, used by ``show``, ``explain`` and the generated docs."""

from __future__ import annotations

from typing import Any

from .converter import unstructure
from .ruleset import Rule, Ruleset


def rule_dict(ruleset: Ruleset, rule: Rule) -> dict[str, Any]:
    return {
        "code": rule.code, "name": rule.name, "kind": rule.kind, "severity": rule.severity,
        "active": rule.active, "options": unstructure(rule.options), "when": unstructure(rule.when),
        "rationale": rule.rationale, "source": ruleset.cite(rule), "origin": rule.origin,
    }


def ruleset_dict(ruleset: Ruleset) -> dict[str, Any]:
    return {
        "name": ruleset.name, "title": ruleset.title, "version": ruleset.version, "summary": ruleset.summary,
        "origin": ruleset.origin, "extends": list(ruleset.extends), "then": ruleset.then,
        "sources": [unstructure(s) for s in ruleset.sources],
        "phases": [unstructure(p) for p in ruleset.phases],
        "rules": [rule_dict(ruleset, r) for r in ruleset.rules],
        "omissions": list(ruleset.omissions),
    }


def _options_text(rule: Rule) -> str:
    data = unstructure(rule.options)
    return ", ".join(f"{k}={_short(v)}" for k, v in data.items())


def _short(value: Any) -> str:
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}={_short(v)}" for k, v in value.items()) + "}"
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(_short(v) for v in value) + "]"
    return str(value)


def rule_text(ruleset: Ruleset, rule: Rule, indent: str = "  ") -> str:
    state = rule.severity if rule.active else f"{rule.severity}, not selected"
    lines = [f"{rule.code} {rule.name} [{state}]"]
    if rule.when.describe():
        lines.append(f"{indent}when: {rule.when.describe()}")
    lines.append(f"{indent}options: {_options_text(rule)}")
    if rule.rationale:
        lines.append(f"{indent}why: {rule.rationale}")
    if rule.source is not None:
        lines.append(f"{indent}source: {ruleset.cite(rule)}")
    return "\n".join(lines)


def ruleset_text(ruleset: Ruleset) -> str:
    out = [f"{ruleset.name} {ruleset.version} — {ruleset.title}", f"origin: {ruleset.origin}"]
    if ruleset.extends:
        out.append(f"extends: {', '.join(ruleset.extends)}")
    if ruleset.then:
        out.append(f"then: {ruleset.then}")
    if ruleset.summary:
        out += ["", ruleset.summary.strip()]
    if ruleset.sources:
        out += ["", "Sources:"]
        out += [f"  [{s.id}] \"{s.title}\", {s.author}" + (f", {s.published}" if s.published else "")
                + (f" <{s.url}>" if s.url else "") for s in ruleset.sources]
    if ruleset.phases:
        out += ["", "Phases:"]
        for p in ruleset.phases:
            extra = " (after the race)" if p.after_race else ""
            out.append(f"  {p.name}: {p.weeks} week{'s' if p.weeks != 1 else ''}{extra}"
                       + (f" — {p.title}" if p.title else ""))
    by_kind: dict[str, list[Rule]] = {}
    for rule in ruleset.rules:
        by_kind.setdefault(rule.kind, []).append(rule)
    for kind in sorted(by_kind):
        out += ["", f"Rules of kind {kind}:"]
        out += ["  " + rule_text(ruleset, r, indent="    ").replace("\n", "\n  ") for r in by_kind[kind]]
    if ruleset.omissions:
        out += ["", "Deliberately left out:"] + [f"  - {o}" for o in ruleset.omissions]
    return "\n".join(out) + "\n"


# --------------------------------------------------------------------------- docs/philosophies.md

def _md_cell(text: str) -> str:
    return " ".join(str(text).split()).replace("|", "\\|")


def ruleset_markdown(ruleset: Ruleset) -> str:
    """One philosophy as a Markdown section: sources, phases, rules by kind, deliberate omissions."""
    out = [f"## `{ruleset.name}` — {ruleset.title}", ""]
    if ruleset.summary:
        out += [" ".join(ruleset.summary.split()), ""]
    facts = [f"version {ruleset.version}"]
    if ruleset.extends:
        facts.append("extends " + ", ".join(f"`{e}`" for e in ruleset.extends))
    if ruleset.then:
        facts.append(f"then hands over to `{ruleset.then}`")
    out += ["*" + "; ".join(facts) + "*", ""]
    if ruleset.sources:
        out += ["**Sources**", ""]
        for s in ruleset.sources:
            line = f"- `{s.id}`: \"{s.title}\", {s.author}"
            line += f", {s.published}" if s.published else ""
            line += f" — <{s.url}>" if s.url else ""
            out.append(line)
        out.append("")
    if ruleset.phases:
        out += ["**Phases**", "", "| phase | template weeks | notes |", "| --- | --- | --- |"]
        for p in ruleset.phases:
            notes = []
            if p.title:
                notes.append(p.title)
            if p.min_weeks:
                notes.append(f"at least {p.min_weeks} week{'s' if p.min_weeks != 1 else ''}")
            if p.after_race:
                notes.append("after the race")
            if p.weeks_by_distance:
                notes.append("by distance: " + ", ".join(f"{d} {n}" for d, n in p.weeks_by_distance.items()))
            out.append(f"| {p.name} | {p.weeks} | {_md_cell('; '.join(notes))} |")
        out.append("")
    by_kind: dict[str, list[Rule]] = {}
    for rule in ruleset.rules:
        by_kind.setdefault(rule.kind, []).append(rule)
    out += ["**Rules**", ""]
    for kind in sorted(by_kind):
        out += [f"*{kind}*", "", "| code | name | severity | when | options | why | source |",
                "| --- | --- | --- | --- | --- | --- | --- |"]
        for r in by_kind[kind]:
            section = r.source.section if r.source is not None and r.source.section else ""
            ref = f"`{r.source.ref}`" + (f", \"{section}\"" if section else "") if r.source is not None else ""
            out.append(f"| {r.code} | `{r.name}` | {r.severity} | {_md_cell(r.when.describe())} | "
                       f"{_md_cell(_options_text(r))} | {_md_cell(r.rationale)} | {_md_cell(ref)} |")
        out.append("")
    if ruleset.omissions:
        out += ["**Deliberately left out**", ""] + [f"- {_md_cell(o)}" for o in ruleset.omissions] + [""]
    return "\n".join(out)


PHILOSOPHIES_HEADER = """\
# The coaching philosophies

<!-- GENERATED by `python docs/generate.py` from the built-in rulesets; do not edit by hand.
     tests/test_philosophies.py fails when this file and the rulesets disagree. -->

runlift ships five philosophies, each a TOML ruleset in `rulesets/` registered by a plugin module in
`plugins/`. Every rule names the article it encodes (title, author, section) and says why in runlift's own
words; each ruleset also lists what it deliberately leaves out. `runlift show NAME` prints one ruleset,
`runlift explain CODE` one rule.
"""


def philosophies_markdown(rulesets) -> str:
    """The whole of ``docs/philosophies.md`` for the given resolved rulesets, in the given order."""
    parts = [PHILOSOPHIES_HEADER]
    parts += ["| name | title | rules |", "| --- | --- | --- |"]
    parts += [f"| [`{rs.name}`](#{_anchor(rs)}) | {_md_cell(rs.title)} | {len(rs.rules)} |" for rs in rulesets]
    parts.append("")
    parts += [ruleset_markdown(rs) for rs in rulesets]
    return "\n".join(parts).rstrip("\n") + "\n"


def _anchor(ruleset: Ruleset) -> str:
    """GitHub's heading anchor for ``## `name` — title``."""
    text = f"{ruleset.name} — {ruleset.title}".lower()
    kept = "".join(c for c in text if c.isalnum() or c in " -_")
    return kept.replace(" ", "-")
