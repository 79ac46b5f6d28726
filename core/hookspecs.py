"""The hooks a runlift plugin can implement. Every name is prefixed ``runlift_``.

Register-style hooks receive a ``register`` callable: plugins call it and never touch runlift's
internal structures. Implement them with ``from runlift import hookimpl``.
"""

from __future__ import annotations

from typing import Any

import pluggy

hookspec = pluggy.HookspecMarker("runlift")


@hookspec
def runlift_register_rule_kinds(register: Any) -> None:
    """Register rule kinds: ``register(RuleKind(name, options, check))``."""


@hookspec
def runlift_register_rulesets(register: Any) -> None:
    """Register rulesets: ``register(name, resource=(package, filename))``, ``text=...`` or ``path=...``."""


@hookspec
def runlift_register_vocabulary(register: Any) -> None:
    """Extend the vocabulary: ``register.type(sport, name)`` and ``register.tag(name, selector_table)``."""


@hookspec
def runlift_register_exercises(register: Any) -> None:
    """Add exercises to the catalog: ``register(label, toml_text)`` in the catalog's TOML format."""


@hookspec
def runlift_register_commands(cli: Any) -> None:
    """Add Click commands to the ``runlift`` group: ``cli.add_command(command)``."""


@hookspec
def runlift_adjust_week_targets(targets: Any, week: Any, athlete: Any, ruleset: Any) -> Any:
    """Change a week's targets before the planner's search: return a new ``WeekTargets`` (e.g.
    ``attrs.evolve(targets, run_days=3)``) or None to keep them. Implementations run in registration order,
    each seeing the previous one's result."""


@hookspec
def runlift_compose_session(session: Any, week: Any, athlete: Any, ruleset: Any, catalog: Any) -> Any:
    """Change a session the planner has composed (exercises, minutes, notes): return a new ``Session`` or
    None to keep it. Runs after the search, in registration order, each seeing the previous result."""
