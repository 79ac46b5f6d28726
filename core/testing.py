"""Test helpers for plugin authors: build runlift's plugin host with your plugin, load rulesets.

    from runlift.testing import plugins_with, load_ruleset

    def test_my_ruleset():
        rs = load_ruleset("my-ruleset", my_plugin_module)
        assert rs.rule("MY101").severity == "error"

No entry points are read, so tests see exactly the plugins they name.
"""

from __future__ import annotations

from typing import Any

from .loader import RulesetLoader
from .plugin_manager import PluginInfo, Plugins, get_plugin_manager
from .ruleset import Ruleset


def plugins_with(*plugins: Any, builtins: bool = True) -> Plugins:
    """A plugin host with runlift's built-ins (optionally) and the given plugin objects or modules."""
    pm, infos = get_plugin_manager(load_entrypoints=False)
    if not builtins:
        for name in list(infos):
            pm.unregister(name=name)
            del infos[name]
    for i, plugin in enumerate(plugins):
        name = getattr(plugin, "__name__", None) or type(plugin).__name__
        if name in infos:
            name = f"{name}-{i}"
        pm.register(plugin, name=name)
        infos[name] = PluginInfo(name=name, module=name, builtin=False, distribution="(test)", version="0",
                                 entry_point=name)
    pm.check_pending()
    return Plugins(pm, infos)


def load_ruleset(ref: str, *plugins: Any, builtins: bool = True) -> Ruleset:
    """Resolve a ruleset by name or path with the given plugins installed."""
    return RulesetLoader(plugins_with(*plugins, builtins=builtins)).load(ref)
