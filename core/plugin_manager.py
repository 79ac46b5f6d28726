"""The plugin manager factory and the typed facade the rest of runlift calls instead of ``pm.hook``.

Built-in plugins are listed in :data:`DEFAULT_PLUGINS` and registered exactly like entry-point
plugins. ``RUNLIFT_DISABLE_PLUGIN_AUTOLOAD=1`` skips entry points; ``runlift -p no:NAME`` blocks one
plugin. A plugin that fails to import or raises in a hook is named in a :class:`PluginError`.
"""

from __future__ import annotations

import functools
import importlib
import os
import sys
from collections.abc import Iterable
from typing import Any

import pluggy
from attrs import frozen

from . import hookspecs
from .errors import PluginError, RunliftError
from .rulekinds import RuleKind

ENTRYPOINT_GROUP = "runlift"
DISABLE_AUTOLOAD_ENV = "RUNLIFT_DISABLE_PLUGIN_AUTOLOAD"

#: Built-in plugins, registered like third-party ones under the name after the last dot.
DEFAULT_PLUGINS: tuple[str, ...] = (
    "runlift.plugins.rule_kinds",
    "runlift.plugins.runna",
    "runlift.plugins.five_three_two",
    "runlift.plugins.pillars",
    "runlift.plugins.return_from_break",
    "runlift.plugins.periodized",
)


@frozen
class PluginInfo:
    name: str
    module: str
    builtin: bool
    distribution: str | None = None
    version: str | None = None
    entry_point: str | None = None

    @property
    def label(self) -> str:
        if self.builtin:
            return f"{self.name} (built-in)"
        return f"{self.name} (entry point '{self.entry_point}' in distribution {self.distribution} {self.version})"


def get_plugin_manager(load_entrypoints: bool = True, blocked: Iterable[str] = ()) -> tuple[pluggy.PluginManager, dict[str, PluginInfo]]:
    """A fresh manager with the built-ins and (unless disabled) the entry-point plugins."""
    blocked = set(blocked)
    pm = pluggy.PluginManager("runlift")
    pm.add_hookspecs(hookspecs)
    infos: dict[str, PluginInfo] = {}
    for module_name in DEFAULT_PLUGINS:
        name = module_name.rsplit(".", 1)[-1]
        if name in blocked:
            continue
        info = PluginInfo(name=name, module=module_name, builtin=True)
        _register(pm, infos, info, lambda m=module_name: importlib.import_module(m))
    if (load_entrypoints and os.environ.get(DISABLE_AUTOLOAD_ENV, "") not in ("1", "true", "yes")
            and may_declare_entry_points(ENTRYPOINT_GROUP)):
        from importlib.metadata import entry_points

        for ep in sorted(entry_points(group=ENTRYPOINT_GROUP), key=lambda e: e.name):
            if ep.name in blocked or ep.name in infos:
                continue
            dist = ep.dist
            info = PluginInfo(name=ep.name, module=ep.value, builtin=False,
                              distribution=dist.metadata["Name"] if dist else "?",
                              version=dist.version if dist else "?", entry_point=ep.name)
            _register(pm, infos, info, ep.load)
    try:
        pm.check_pending()
    except pluggy.PluginValidationError as exc:  # carries the plugin object, not its name
        name = pm.get_name(exc.plugin) or repr(exc.plugin)
        raise PluginError(infos[name].label if name in infos else name,
                          f"implements a hook runlift does not know: {_unknown_hooks(pm, exc)}") from None
    return pm, infos


def may_declare_entry_points(group: str) -> bool:
    """Whether an installed distribution may declare entry points in ``group``.

    A cheap look at the ``entry_points.txt`` of every ``*.dist-info`` and ``*.egg-info`` directory on
    ``sys.path`` (where :mod:`importlib.metadata` finds them) for a ``[group]`` section. Without third-party
    plugins, the usual case, importlib.metadata (and the email, zipfile and csv modules it needs, tens of
    milliseconds) is then never imported. Whatever this look cannot see, a zip file or an egg on
    ``sys.path`` or a custom finder of distributions, answers True and importlib.metadata decides."""
    from importlib.machinery import PathFinder

    if any(f is not PathFinder and hasattr(f, "find_distributions") for f in sys.meta_path):
        return True
    for entry in sys.path:
        root = entry or "."
        if root.endswith(".egg"):
            return True
        try:
            names = os.listdir(root)
        except NotADirectoryError:  # a zip file
            return True
        except OSError:  # missing or unreadable: importlib.metadata finds nothing there either
            continue
        for name in names:
            if not name.lower().endswith((".dist-info", ".egg-info")):
                continue
            try:
                with open(os.path.join(root, name, "entry_points.txt"), encoding="utf-8") as fh:
                    text = fh.read()
            except OSError:  # none (or an egg-info file): no entry points
                continue
            except UnicodeDecodeError:
                return True
            for line in text.splitlines():
                line = line.strip()
                if line.startswith("[") and line.endswith("]") and line.strip("[]").strip() == group:
                    return True
    return False


def _unknown_hooks(pm: pluggy.PluginManager, exc: pluggy.PluginValidationError) -> str:
    """``runlift_register_rulesetz; did you mean 'runlift_register_rulesets'?`` for the plugin in ``exc``."""
    from .converter import did_you_mean

    known = [n for n in dir(hookspecs) if n.startswith("runlift_")]
    unknown = sorted(n for n, caller in vars(pm.hook).items()
                     if isinstance(caller, pluggy.HookCaller) and caller.spec is None
                     and any(impl.plugin is exc.plugin for impl in caller.get_hookimpls()))
    if not unknown:
        return str(exc)
    return ", ".join(f"{n}{did_you_mean(n, known)}" for n in unknown)


def _register(pm: pluggy.PluginManager, infos: dict[str, PluginInfo], info: PluginInfo, load) -> None:
    try:
        module = load()
    except Exception as exc:
        raise PluginError(info.label, f"failed to import: {type(exc).__name__}: {exc}") from None
    try:
        pm.register(module, name=info.name)
    except (pluggy.PluginValidationError, ValueError) as exc:
        raise PluginError(info.label, f"could not be registered: {exc}") from None
    infos[info.name] = info


@frozen
class RulesetSource:
    """Where a registered ruleset's TOML comes from."""

    name: str
    plugin: str
    label: str
    text: str | None = None
    resource: tuple[str, str] | None = None
    path: str | None = None

    def read_text(self) -> str:
        if self.text is not None:
            return self.text
        if self.resource is not None:
            from .diskcache import read_package_text

            return read_package_text(*self.resource)
        with open(self.path, encoding="utf-8") as fh:  # type: ignore[arg-type]
            return fh.read()


class Vocabulary:
    """Session types per sport and named tags (selectors), core defaults plus plugin additions."""

    def __init__(self) -> None:
        from .selectors import DEFAULT_TAGS
        from .vocabulary import DEFAULT_TYPES

        self.types: dict[str, tuple[str, ...]] = dict(DEFAULT_TYPES)
        self.tags: dict[str, Any] = dict(DEFAULT_TAGS)

    def type(self, sport: str, name: str) -> None:
        if sport not in self.types:
            raise ValueError(f"unknown sport '{sport}' (expected one of {', '.join(self.types)})")
        if name not in self.types[sport]:
            self.types[sport] = (*self.types[sport], name)

    def tag(self, name: str, selector: Any) -> None:
        from .converter import structure
        from .selectors import Selector, normalize_selector_data

        if name in self.tags:
            raise ValueError(f"tag '{name}' is already defined")
        if not isinstance(selector, Selector):
            selector = structure(normalize_selector_data(selector), Selector, f"tag {name}")
        self.tags[name] = selector


class Plugins:
    """The typed facade over ``pm.hook``: each collection is gathered once, per plugin, with blame."""

    def __init__(self, pm: pluggy.PluginManager, infos: dict[str, PluginInfo]):
        self.pm = pm
        self.infos = infos
        #: per hook name: (its implementations, each with the argument names it takes), see _callers
        self._caller_cache: dict[str, tuple[list, tuple]] = {}

    @classmethod
    def load(cls, load_entrypoints: bool = True, blocked: Iterable[str] = ()) -> Plugins:
        return cls(*get_plugin_manager(load_entrypoints=load_entrypoints, blocked=blocked))

    def label(self, plugin_name: str) -> str:
        info = self.infos.get(plugin_name)
        return info.label if info else plugin_name

    def _each(self, hook_name: str, make_register):
        """Call every implementation of a register-style hook in registration order, naming the culprit."""
        hook = getattr(self.pm.hook, hook_name)
        for impl in hook.get_hookimpls():
            register = make_register(impl.plugin_name)
            try:
                impl.function(register)
            except RunliftError as exc:
                raise PluginError(self.label(impl.plugin_name), f"in {hook_name}: {exc}") from None
            except Exception as exc:
                raise PluginError(self.label(impl.plugin_name),
                                  f"raised {type(exc).__name__} in {hook_name}: {exc}") from None

    @functools.cached_property
    def rule_kinds(self) -> dict[str, RuleKind]:
        kinds: dict[str, RuleKind] = {}
        self.kind_origin: dict[str, str] = {}

        def make(plugin):
            def register(kind: RuleKind) -> None:
                if not isinstance(kind, RuleKind):
                    raise TypeError(f"register() takes a runlift.rulekinds.RuleKind, got {kind!r}")
                if kind.name in kinds:
                    raise ValueError(f"rule kind '{kind.name}' is already registered by {self.kind_origin[kind.name]}")
                kinds[kind.name] = kind
                self.kind_origin[kind.name] = plugin
            return register

        self._each("runlift_register_rule_kinds", make)
        return kinds

    @functools.cached_property
    def rulesets(self) -> dict[str, RulesetSource]:
        found: dict[str, RulesetSource] = {}

        def make(plugin):
            def register(name: str, *, text: str | None = None, resource: tuple[str, str] | None = None,
                         path: str | None = None) -> None:
                if sum(x is not None for x in (text, resource, path)) != 1:
                    raise TypeError("register() takes exactly one of text=, resource= or path=")
                if name in found:
                    raise ValueError(f"ruleset '{name}' is already registered by {self.label(found[name].plugin)}")
                label = f"{resource[1]}" if resource else (path or f"<{name} from {plugin}>")
                found[name] = RulesetSource(name=name, plugin=plugin, label=label, text=text,
                                            resource=tuple(resource) if resource else None, path=path)
            return register

        self._each("runlift_register_rulesets", make)
        return found

    @functools.cached_property
    def vocabulary(self) -> Vocabulary:
        vocab = Vocabulary()
        self._each("runlift_register_vocabulary", lambda plugin: vocab)
        return vocab

    @functools.cached_property
    def exercise_sources(self) -> tuple[tuple[str, str], ...]:
        found: list[tuple[str, str]] = []

        def make(plugin):
            def register(label: str, text: str) -> None:
                found.append((f"{label} (from {plugin})", text))
            return register

        self._each("runlift_register_exercises", make)
        return tuple(found)

    def _pipeline(self, hook_name: str, first: str, expected: type, kwargs: dict[str, Any]) -> Any:
        """Pass ``kwargs[first]`` through every implementation of a return-value hook, in registration order.

        Each implementation returns a replacement of type ``expected`` or None to keep the value it got;
        anything else, or an exception, is reported as that plugin's error."""
        for impl, takes in self._callers(hook_name):
            call = kwargs if kwargs.keys() <= takes else {name: kwargs[name] for name in impl.argnames
                                                          if name in kwargs}
            try:
                result = impl.function(**call)
            except RunliftError as exc:
                raise PluginError(self.label(impl.plugin_name), f"in {hook_name}: {exc}") from None
            except Exception as exc:
                raise PluginError(self.label(impl.plugin_name),
                                  f"raised {type(exc).__name__} in {hook_name}: {exc}") from None
            if result is None:
                continue
            if not isinstance(result, expected):
                raise PluginError(self.label(impl.plugin_name), f"{hook_name} returned {type(result).__name__}, "
                                  f"expected {expected.__name__} or None")
            kwargs[first] = result
        return kwargs[first]

    def _callers(self, hook_name: str) -> tuple[tuple[Any, frozenset[str]], ...]:
        """Each implementation of ``hook_name`` in registration order with the argument names it takes (a set,
        so a call can tell at once whether it takes every argument); kept until the registrations change."""
        impls = getattr(self.pm.hook, hook_name).get_hookimpls()
        cache = self._caller_cache
        hit = cache.get(hook_name)
        if hit is None or hit[0] != impls:
            hit = cache[hook_name] = (impls, tuple((impl, frozenset(impl.argnames)) for impl in impls))
        return hit[1]

    def adjust_week_targets(self, targets: Any, week: Any, athlete: Any, ruleset: Any) -> Any:
        """``runlift_adjust_week_targets`` as a pipeline: the week's targets after every plugin."""
        return self._pipeline("runlift_adjust_week_targets", "targets", type(targets),
                              {"targets": targets, "week": week, "athlete": athlete, "ruleset": ruleset})

    def compose_session(self, session: Any, week: Any, athlete: Any, ruleset: Any, catalog: Any) -> Any:
        """``runlift_compose_session`` as a pipeline: the session after every plugin."""
        return self._pipeline("runlift_compose_session", "session", type(session),
                              {"session": session, "week": week, "athlete": athlete, "ruleset": ruleset,
                               "catalog": catalog})

    def add_commands(self, cli: Any) -> None:
        self._each("runlift_register_commands", lambda plugin: cli)

    def hooks_of(self, plugin_name: str) -> list[str]:
        plugin = self.pm.get_plugin(plugin_name)
        return sorted(h.name for h in (self.pm.get_hookcallers(plugin) or ()))

    def describe(self) -> list[dict[str, Any]]:
        """One JSON-ready entry per plugin, built-ins first, then by name."""
        out = []
        for info in sorted(self.infos.values(), key=lambda i: (not i.builtin, i.name)):
            entry = {"name": info.name, "module": info.module, "builtin": info.builtin,
                     "hooks": self.hooks_of(info.name)}
            if not info.builtin:
                entry.update(distribution=info.distribution, version=info.version)
            out.append(entry)
        return out
