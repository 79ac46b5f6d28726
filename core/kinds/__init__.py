"""Built-in rule kinds, one module each; registered by the ``runlift.plugins.rule_kinds`` plugin.

Each module holds a frozen attrs options class (validated when a ruleset loads; TOML keys are the field
names in kebab-case), a ``check(ctx, rule)`` function (see :mod:`runlift.checker`) and a docstring that is
the kind's reference documentation. ``KIND`` is the :class:`~runlift.rulekinds.RuleKind` registered.
"""

from __future__ import annotations

from . import (
    before_event,
    count,
    coverage,
    deload,
    duration,
    max_consecutive,
    metric,
    prescription,
    progression,
    same_day,
    same_day_order,
    session_flow,
    spacing,
)

BUILTIN_KINDS: tuple = (
    count.KIND,
    spacing.KIND,
    same_day_order.KIND,
    same_day.KIND,
    before_event.KIND,
    max_consecutive.KIND,
    duration.KIND,
    prescription.KIND,
    progression.KIND,
    deload.KIND,
    coverage.KIND,
    session_flow.KIND,
    metric.KIND,
)


def reference_markdown(kinds=BUILTIN_KINDS) -> str:
    """The rule-kind reference (``docs/rule-kinds.md``): each kind's docstring under its name, in name order."""
    out = ["# Rule kinds", "",
           "Every rule in a ruleset has a `kind`; its `options` table is checked against the kind's options when",
           "the ruleset loads (keys are kebab-case, unknown keys are errors). Selectors are tables such as",
           '`{ sport = "strength", intensity = "hard" }` or `{ tags = ["quality"] }`. Generated from the kinds\'',
           "docstrings in `runlift.kinds`.", ""]
    for kind in sorted(kinds, key=lambda k: k.name):
        out += [f"## `{kind.name}`", "", kind.reference, ""]
    return "\n".join(out)
