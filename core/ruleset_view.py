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
