"""The plugin system: every hook exercised through a real plugin object, and every failure named."""

from __future__ import annotations

import attrs
import click
import pluggy
import pytest
from click.testing import CliRunner

from runlift import hookimpl
from runlift.cli import App, cli
from runlift.errors import ConfigError, PluginError
from runlift.loader import RulesetLoader
from runlift.plugin_manager import DEFAULT_PLUGINS, Plugins, get_plugin_manager
from runlift.rulekinds import RuleKind
from runlift.selectors import Selector
from runlift.testing import load_ruleset, plugins_with


@attrs.frozen
class WindowOptions:
    """Test kind: at most ``max`` sessions matching ``select``."""

    select: Selector
    max: int = attrs.field(default=1, validator=attrs.validators.ge(0))


WINDOW = RuleKind(name="window", options=WindowOptions, check=lambda context, rule: ())

RULESET = """
name = "test-philosophy"
title = "A philosophy for tests"
version = "2.1"
prefix = "TP"

[[sources]]
id = "t"
title = "Test article"
author = "A. Coach"

[[rules]]
code = "TP101"
name = "few-heavy"
kind = "window"
severity = "error"
rationale = "Not too heavy."
source = { ref = "t", section = "Heavy" }
options = { select = { tags = ["heavy"] }, max = 2 }

[[rules]]
code = "TP102"
name = "few-fartleks"
kind = "window"
severity = "warn"
options = { select = { type = "fartlek" }, max = 1 }
"""


class KindsPlugin:
    @hookimpl
    def runlift_register_rule_kinds(self, register):
        register(WINDOW)


class RulesetPlugin:
    @hookimpl
    def runlift_register_rulesets(self, register):
        register("test-philosophy", text=RULESET)


class VocabularyPlugin:
    @hookimpl
    def runlift_register_vocabulary(self, register):
        register.type("run", "fartlek")
        register.tag("heavy-upper", {"sport": "strength", "intensity": "hard", "type": "upper"})


class ExercisesPlugin:
    @hookimpl
    def runlift_register_exercises(self, register):
        register("sled.toml", '[[exercises]]\nid = "sled-push"\n')


@click.command("hello")
def hello():
    """Say hello from a plugin."""
    click.echo("hello from a plugin")


class CommandsPlugin:
    @hookimpl
    def runlift_register_commands(self, cli):
        cli.add_command(hello)


def test_runlift_register_rule_kinds_adds_a_kind():
    plugins = plugins_with(KindsPlugin())
    assert plugins.rule_kinds["window"] is WINDOW


def test_runlift_register_rulesets_and_load_by_name():
    rs = load_ruleset("test-philosophy", KindsPlugin(), RulesetPlugin(), VocabularyPlugin())
    assert (rs.name, rs.title, rs.version) == ("test-philosophy", "A philosophy for tests", "2.1")
    rule = rs.rule("TP101")
    assert rule.options == WindowOptions(select=Selector(tags=("heavy",)), max=2)
    assert rs.cite(rule) == '"Test article", A. Coach, section "Heavy"'
    assert rs.rule("few-fartleks").code == "TP102"


def test_runlift_register_vocabulary_types_and_tags():
    plugins = plugins_with(VocabularyPlugin())
    assert "fartlek" in plugins.vocabulary.types["run"]
    assert plugins.vocabulary.tags["heavy-upper"] == Selector(sport=("strength",), intensity=("hard",), type=("upper",))


def test_unknown_session_type_without_the_vocabulary_plugin_is_reported():
    with pytest.raises(ConfigError) as info:
        load_ruleset("test-philosophy", KindsPlugin(), RulesetPlugin())
    assert info.value.messages() == (
        "<test-philosophy from RulesetPlugin>: rules[1].options.select.type[0]: unknown type 'fartlek'",
    )


def test_runlift_register_exercises_collects_sources():
    plugins = plugins_with(ExercisesPlugin())
    (label, text), = plugins.exercise_sources
    assert label.startswith("sled.toml (from ") and "sled-push" in text


def test_runlift_register_commands_adds_a_cli_command():
    app = App(plugins=plugins_with(CommandsPlugin()))
    result = CliRunner().invoke(cli, ["hello"], obj=app)
    assert result.exit_code == 0, result.output
    assert result.output == "hello from a plugin\n"


def test_builtins_are_registered_like_plugins():
    pm, infos = get_plugin_manager(load_entrypoints=False)
    assert [i.module for i in infos.values()] == list(DEFAULT_PLUGINS)
    assert all(pm.get_plugin(name) is not None for name in infos)


def test_blocking_a_builtin_plugin():
    pm, infos = get_plugin_manager(load_entrypoints=False, blocked=["rule_kinds"])
    assert "rule_kinds" not in infos
    assert Plugins(pm, infos).rule_kinds == {}


def test_a_plugin_raising_in_a_hook_is_named():
    class Crashing:
        @hookimpl
        def runlift_register_rulesets(self, register):
            raise RuntimeError("database on fire")

    with pytest.raises(PluginError) as info:
        plugins_with(Crashing()).rulesets
    assert str(info.value).endswith("raised RuntimeError in runlift_register_rulesets: database on fire")
    assert "Crashing" in str(info.value)


def test_duplicate_rule_kind_is_rejected_naming_both():
    with pytest.raises(PluginError) as info:
        plugins_with(KindsPlugin(), KindsPlugin()).rule_kinds
    assert "rule kind 'window' is already registered" in str(info.value)


def test_duplicate_ruleset_name_is_rejected():
    with pytest.raises(PluginError) as info:
        plugins_with(RulesetPlugin(), RulesetPlugin()).rulesets
    assert "ruleset 'test-philosophy' is already registered" in str(info.value)


def test_misspelled_hook_fails_loudly():
    class Typo:
        @hookimpl
        def runlift_register_rulesetz(self, register):
            pass

    with pytest.raises(pluggy.PluginValidationError):
        plugins_with(Typo())


def test_settings_only_a_severity_keeps_inherited_options(tmp_path):
    child = tmp_path / "coach.toml"
    child.write_text('name = "coach"\nextends = ["test-philosophy"]\n\n'
                     '[[rules]]\ncode = "TP101"\nseverity = "warn"\n\n'
                     '[[rules]]\ncode = "TP102"\noptions = { max = 3 }\n', encoding="utf-8")
    plugins = plugins_with(KindsPlugin(), RulesetPlugin(), VocabularyPlugin())
    rs = RulesetLoader(plugins).load(str(child))
    assert rs.rule("TP101").severity == "warn"
    assert rs.rule("TP101").options.max == 2
    assert rs.rule("TP102").options == WindowOptions(select=Selector(type=("fartlek",)), max=3)
    assert rs.rule("TP101").origin == str(child)


def test_select_and_ignore_by_longest_prefix(tmp_path):
    child = tmp_path / "picky.toml"
    child.write_text('name = "picky"\nextends = ["test-philosophy"]\nignore = ["TP"]\nextend-select = ["TP10"]\n'
                     'ignore-me = 1\n', encoding="utf-8")
    plugins = plugins_with(KindsPlugin(), RulesetPlugin(), VocabularyPlugin())
    with pytest.raises(ConfigError) as info:
        RulesetLoader(plugins).load(str(child))
    assert info.value.messages() == (f"{child}: unknown key 'ignore-me'; did you mean 'ignore'? (known keys: name, "
                                     "title, version, summary, prefix, extends, then, select, extend-select, ignore, "
                                     "sources, omissions, phases, tags, rules, planner)",)
    child.write_text('name = "picky"\nextends = ["test-philosophy"]\nignore = ["TP"]\nextend-select = ["TP10"]\n',
                     encoding="utf-8")
    rs = RulesetLoader(plugins).load(str(child))
    assert [r.active for r in rs.rules] == [True, True]
    child.write_text('name = "picky"\nextends = ["test-philosophy"]\nignore = ["TP102"]\n', encoding="utf-8")
    rs = RulesetLoader(plugins).load(str(child))
    assert [(r.code, r.runs) for r in rs.rules] == [("TP101", True), ("TP102", False)]
