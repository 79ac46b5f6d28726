"""Built-in rule kinds, one module each; registered by the ``runlift.plugins.rule_kinds`` plugin."""

from __future__ import annotations

BUILTIN_KINDS: tuple = ()
