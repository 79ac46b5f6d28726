"""Load a ruleset by registered name or file path, resolve ``extends``, and validate it all at once.

Inheritance: the parents in ``extends`` are resolved in order, then the file itself; later wins.
Rules are merged by code, field by field; ``options`` merge key by key, so setting only a
severity keeps the inherited options. Sources and tags accumulate; ``phases`` and ``planner``
settings are replaced (``planner`` table by table). ``select``/``extend-select``/``ignore`` follow
flake8/ruff: the longest matching code prefix wins.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Any

import attrs

from .converter import did_you_mean, format_problems, parse_toml, structure
from .errors import ConfigError
from .plugin_manager import Plugins
from .ruleset import (
    CODE_RE,
    NAME_RE,
    Conditions,
    Phase,
    Rule,
    Ruleset,
    RulesetFile,
    Source,
    code_enabled,
    normalize_severity,
)
from .selectors import Selector, normalize_selector_data, selector_problems
from .textfiles import read_text_file


def is_path(ref: str) -> bool:
    """A ruleset reference is a file path when it has a directory part or ends in ``.toml``."""
    return ref.endswith(".toml") or os.sep in ref or "/" in ref


def _normalize_file_data(data: dict) -> dict:
    """Accept the friendly forms a coach writes: one-string selectors and numeric severities."""
    if isinstance(data.get("tags"), Mapping):
        data = {**data, "tags": {k: normalize_selector_data(v) for k, v in data["tags"].items()}}
    rules = data.get("rules")
    if isinstance(rules, list):
        data = {**data, "rules": [
            {**r, "severity": normalize_severity(r["severity"])} if isinstance(r, Mapping) and "severity" in r else r
            for r in rules]}
    return data


def read_ruleset_file(text: str, label: str) -> RulesetFile:
    data = _normalize_file_data(parse_toml(text, label))
    return structure(data, RulesetFile, label)


@attrs.define
class _Merged:
    """A ruleset being resolved: the parents merged so far, then the file itself."""

    sources: dict[str, Source] = attrs.Factory(dict)
    tags: dict[str, Selector] = attrs.Factory(dict)
    phases: tuple[Phase, ...] = ()
    phases_origin: str = ""
    rules: dict[str, dict[str, Any]] = attrs.Factory(dict)  # code -> merged fields + origins
    select: tuple[str, ...] | None = None
    extend_select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    planner: dict[str, Any] = attrs.Factory(dict)
    omissions: tuple[str, ...] = ()
    then: str | None = None
    prefixes: dict[str, str] = attrs.Factory(dict)  # code prefix -> ruleset that owns it


class RulesetLoader:
    """Loads rulesets for one set of plugins; caches each resolved ruleset by reference."""

    def __init__(self, plugins: Plugins):
        self.plugins = plugins
        self._files: dict[str, tuple[RulesetFile, str, str | None]] = {}
        self._resolved: dict[str, Ruleset] = {}

    # -- reading -------------------------------------------------------------------------------

    def _read(self, ref: str, base_dir: str | None) -> tuple[str, RulesetFile, str, str | None]:
        """(key, file, label, directory) for a name or a path (relative to the extending file)."""
        if is_path(ref):
            path = os.path.normpath(os.path.join(base_dir, ref)) if base_dir and not os.path.isabs(ref) else ref
            key = "path:" + os.path.abspath(path)
            if key not in self._files:
                text = read_text_file(path, "ruleset")
                self._files[key] = (read_ruleset_file(text, path), path, os.path.dirname(path))
        else:
            key = "name:" + ref
            if key not in self._files:
                sources = self.plugins.rulesets
                if ref not in sources:
                    hint = did_you_mean(ref, sources)
                    raise ConfigError(ref, [f"unknown ruleset '{ref}'{hint} (known: {', '.join(sorted(sources))})"])
                src = sources[ref]
                parsed = read_ruleset_file(src.read_text(), src.label)
                if parsed.name != ref:
                    raise ConfigError(src.label, [f"{src.label}: name: registered as '{ref}' but the file says "
                                                  f"'{parsed.name}'"])
                self._files[key] = (parsed, src.label, os.path.dirname(src.path) if src.path else None)
        parsed, label, directory = self._files[key]
        if hasattr(self, "_visited"):
            self._visited.add(key)
        return key, parsed, label, directory

    def origin(self, ref: str) -> str:
        if is_path(ref):
            return ref
        src = self.plugins.rulesets.get(ref)
        return self.plugins.label(src.plugin) if src else ref

    # -- resolving -----------------------------------------------------------------------------

    def load(self, ref: str) -> Ruleset:
        """The resolved ruleset for a registered name or a TOML path; ConfigError lists every problem.

        A valid result is kept in the on-disk cache (:mod:`runlift.diskcache`) with the hash of every file of
        its ``extends`` chain, and reused while none of them (nor runlift or a plugin module) has changed."""
        if ref not in self._resolved:
            cache = self._disk_cache()
            cache_key = "path:" + os.path.abspath(ref) if is_path(ref) else "name:" + ref
            hit = cache.get("rulesets", cache_key, self._input_hash) if cache.enabled else None
            if hit is not None:
                from .planner_config import remember_planner_config

                ruleset, config = hit
                remember_planner_config(ruleset, config)
            else:
                self._visited: set[str] = set()
                key, parsed, label, directory = self._read(ref, None)
                merged = self._merge_chain(key, parsed, label, directory, ())
                ruleset = self._finish(parsed, label, merged, ref)
                if cache.enabled:
                    from .planner_config import planner_config

                    cache.put("rulesets", cache_key, {k: self._input_hash(k) for k in sorted(self._visited)},
                              (ruleset, planner_config(ruleset)))
            self._resolved[ref] = ruleset
        return self._resolved[ref]

    def _disk_cache(self):
        from .diskcache import DiskCache

        if not hasattr(self, "_cache"):
            self._cache = DiskCache(self.plugins.pm.get_plugin(name) for name in self.plugins.infos)
        return self._cache

    def _input_hash(self, key: str) -> str:
        """The hash of one input of a resolved ruleset: a registered ruleset's text or a file's bytes."""
        from .diskcache import digest

        kind, ref = key.split(":", 1)
        if kind == "name":
            src = self.plugins.rulesets.get(ref)
            return digest(src.plugin, src.read_text()) if src is not None else ""
        try:
            with open(ref, "rb") as fh:
                return digest(fh.read())
        except OSError:
            return ""

    @staticmethod
    def _shown(key: str) -> str:
        """A chain member for messages: a name, or a path relative to the working directory."""
        kind, ref = key.split(":", 1)
        return os.path.relpath(ref) if kind == "path" else ref

    def _merge_chain(self, key: str, parsed: RulesetFile, label: str, directory: str | None,
                     stack: tuple[str, ...]) -> _Merged:
        merged = _Merged()
        for i, parent in enumerate(parsed.extends):
            try:
                pkey, pfile, plabel, pdir = self._read(parent, directory)
            except ConfigError as exc:
                if exc.path == parent and not is_path(parent):
                    raise ConfigError(label, [f"{label}: extends[{i}]: {exc.messages()[0]}"]) from None
                if "no such ruleset file" in str(exc):
                    raise ConfigError(label, [f"{label}: extends[{i}]: no such ruleset file: {parent}"]) from None
                raise
            if pkey in (*stack, key):
                chain = [self._shown(k) for k in (*stack, key, pkey)]
                raise ConfigError(label, [f"{label}: extends[{i}]: cycle {' -> '.join(chain)}"])
            self._overlay(merged, self._merge_chain(pkey, pfile, plabel, pdir, (*stack, key)))
        self._apply_file(merged, parsed, label)
        return merged

    @staticmethod
    def _overlay(base: _Merged, top: _Merged) -> None:
        base.sources.update(top.sources)
        base.tags.update(top.tags)
        if top.phases:
            base.phases, base.phases_origin = top.phases, top.phases_origin
        for code, fields in top.rules.items():
            if code in base.rules:
                old = base.rules[code]
                base.rules[code] = {**old, **{k: v for k, v in fields.items() if k != "options"},
                                    "options": {**old["options"], **fields["options"]}}
            else:
                base.rules[code] = dict(fields)
        if top.select is not None:
            base.select = top.select
        base.extend_select += top.extend_select
        base.ignore += top.ignore
        base.planner = {**base.planner, **top.planner}
        base.omissions += top.omissions
        base.then = top.then or base.then
        base.prefixes.update(top.prefixes)

    def _apply_file(self, merged: _Merged, parsed: RulesetFile, label: str) -> None:
        own = _Merged(sources={s.id: s for s in parsed.sources}, tags=dict(parsed.tags),
                      phases=parsed.phases or (), phases_origin=label if parsed.phases else "",
                      select=parsed.select, extend_select=parsed.extend_select, ignore=parsed.ignore,
                      planner=dict(parsed.planner), omissions=parsed.omissions, then=parsed.then,
                      prefixes={parsed.prefix: parsed.name} if parsed.prefix else {})
        problems: list[str] = []
        seen: dict[str, int] = {}
        for i, entry in enumerate(parsed.rules):
            where = f"rules[{i}]"
            if entry.code in seen:
                problems.append(f"{label}: {where}.code: duplicate code {entry.code} (also rules[{seen[entry.code]}])")
                continue
            seen[entry.code] = i
            if not CODE_RE.match(entry.code):
                problems.append(f"{label}: {where}.code: expected a code like RN101 (1-4 capital letters, "
                                f"2-4 digits), got {entry.code!r}")
            elif entry.code not in merged.rules:
                owner = next(((p, n) for p, n in merged.prefixes.items()
                              if entry.code.startswith(p) and p != parsed.prefix), None)
                if owner is not None:
                    problems.append(f"{label}: {where}.code: {entry.code} is a new rule, but prefix {owner[0]} "
                                    f"belongs to ruleset '{owner[1]}'; give new rules a prefix of your own")
                elif parsed.prefix and not entry.code.startswith(parsed.prefix):
                    problems.append(f"{label}: {where}.code: {entry.code} does not start with this ruleset's "
                                    f"prefix {parsed.prefix}")
            if entry.name is not None and not NAME_RE.match(entry.name):
                problems.append(f"{label}: {where}.name: expected a kebab-case name like no-heavy-lift, "
                                f"got {entry.name!r}")
            fields = {k: getattr(entry, k) for k in ("name", "kind", "severity", "when", "rationale", "source")
                      if getattr(entry, k) is not None}
            fields["options"] = dict(entry.options)
            fields["origin"] = label
            fields["where"] = where
            if entry.options:
                fields["options_where"] = (label, where)
            own.rules[entry.code] = fields
        if problems:
            raise ConfigError(label, problems)
        self._overlay(merged, own)

    def _finish(self, parsed: RulesetFile, label: str, merged: _Merged, ref: str) -> Ruleset:
        vocab = self.plugins.vocabulary
        kinds = self.plugins.rule_kinds
        tags = {**vocab.tags, **merged.tags}
        phase_names = [p.name for p in merged.phases]
        problems: list[str] = []

        for name, selector in merged.tags.items():
            problems += format_problems(label, ((f"tags.{name}.{p}", m)
                                                for p, m in selector_problems(selector, vocab.types, tags)))
        for i, name in enumerate(phase_names):
            if name in phase_names[:i]:
                problems.append(f"{merged.phases_origin}: phases[{i}].name: phase '{name}' is already defined "
                                f"(phases[{phase_names.index(name)}])")
        problems += self._planner_problems(merged, phase_names, vocab.types, label)
        if merged.then is not None and merged.then not in self.plugins.rulesets and not is_path(merged.then):
            problems.append(f"{label}: then: unknown ruleset '{merged.then}'{did_you_mean(merged.then, self.plugins.rulesets)}")

        rules: list[Rule] = []
        names: dict[str, str] = {}
        for code, fields in merged.rules.items():
            origin, where = fields["origin"], fields["where"]
            missing = [k for k in ("name", "kind", "severity") if k not in fields]
            if missing:
                problems.append(f"{origin}: {where}: rule {code} needs {', '.join(missing)} "
                                f"(it is not defined in any ruleset this one extends)")
                continue
            if fields["name"] in names and names[fields["name"]] != code:
                problems.append(f"{origin}: {where}.name: '{fields['name']}' is already the name of {names[fields['name']]}")
            names[fields["name"]] = code
            kind = kinds.get(fields["kind"])
            if kind is None:
                problems.append(f"{origin}: {where}.kind: unknown rule kind '{fields['kind']}'"
                                f"{did_you_mean(fields['kind'], kinds)} (known: {', '.join(sorted(kinds))})")
                continue
            opt_label, opt_where = fields.get("options_where", (origin, where))
            try:
                options = structure(fields["options"], kind.options, opt_label, f"{opt_where}.options")
            except ConfigError as exc:
                problems += exc.messages()
                continue
            problems += format_problems(opt_label, ((f"{opt_where}.options.{p}", m)
                                                    for p, m in self._selector_problems(options, vocab.types, tags)))
            when: Conditions = fields.get("when") or Conditions()
            for i, phase in enumerate(when.phases):
                if phase not in phase_names:
                    problems.append(f"{origin}: {where}.when.phases[{i}]: unknown phase '{phase}'"
                                    f"{did_you_mean(phase, phase_names)} (phases: {', '.join(phase_names) or 'none'})")
            source = fields.get("source")
            if source is not None and source.ref not in merged.sources:
                problems.append(f"{origin}: {where}.source.ref: unknown source '{source.ref}' "
                                f"(sources: {', '.join(merged.sources) or 'none'})")
            active = code_enabled(code, merged.select, merged.extend_select, merged.ignore)
            rules.append(Rule(code=code, name=fields["name"], kind=fields["kind"], severity=fields["severity"],
                              options=options, when=when, rationale=fields.get("rationale", ""), source=source,
                              origin=origin, active=active))
        if problems:
            raise ConfigError(label, problems)
        rules.sort(key=lambda r: r.code)
        return Ruleset(name=parsed.name, title=parsed.title or parsed.name, version=parsed.version,
                       summary=parsed.summary, origin=self.origin(ref), extends=parsed.extends,
                       then=merged.then, sources=tuple(merged.sources.values()), omissions=merged.omissions,
                       phases=merged.phases, tags=tags, rules=tuple(rules), planner=merged.planner)

    @staticmethod
    def _planner_problems(merged: _Merged, phase_names: list[str], types, label: str) -> list[str]:
        """The ``[planner]`` table, structured and checked like the rest (see :mod:`runlift.planner_config`)."""
        from .planner_config import planner_problems, structure_planner

        try:
            config = structure_planner(merged.planner, label)
        except ConfigError as exc:
            return list(exc.messages())
        return planner_problems(config, phase_names, types, label)

    @staticmethod
    def _selector_problems(options: Any, types, tags) -> list[tuple[str, str]]:
        """Unknown words in every selector inside a rule's options (found by walking the attrs fields)."""
        out: list[tuple[str, str]] = []
        for a in attrs.fields(type(options)):
            value = getattr(options, a.name)
            key = a.name.rstrip("_").replace("_", "-")
            if isinstance(value, Selector):
                out += [(f"{key}.{p}", m) for p, m in selector_problems(value, types, tags)]
            elif attrs.has(type(value)):
                out += [(f"{key}.{p}", m) for p, m in RulesetLoader._selector_problems(value, types, tags)]
            elif isinstance(value, tuple):
                for i, item in enumerate(value):
                    if isinstance(item, Selector):
                        out += [(f"{key}[{i}].{p}", m) for p, m in selector_problems(item, types, tags)]
                    elif attrs.has(type(item)):
                        out += [(f"{key}[{i}].{p}", m)
                                for p, m in RulesetLoader._selector_problems(item, types, tags)]
        return out
