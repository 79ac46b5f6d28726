"""What a rule kind is: a name, an attrs options class validated when a ruleset loads, and a check.

Kinds are registered through ``runlift_register_rule_kinds``; the built-in ones live in
:mod:`runlift.kinds` and are registered by the ``rule_kinds`` built-in plugin, like any third party's.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from typing import Any

import attrs
from attrs import frozen, field

KIND_NAME_CHARS = set("abcdefghijklmnopqrstuvwxyz0123456789-")


def _kind_name(instance, attribute, value: str) -> None:
    if not value or not set(value) <= KIND_NAME_CHARS or value[0] == "-":
        raise ValueError(f"rule kind name must be kebab-case, got {value!r}")


def _attrs_class(instance, attribute, value) -> None:
    if not (isinstance(value, type) and attrs.has(value)):
        raise TypeError(f"rule kind options must be an attrs class, got {value!r}")


@frozen
class RuleKind:
    """A kind of rule. ``check(context, rule)`` yields findings (see :mod:`runlift.checker`)."""

    name: str = field(validator=_kind_name)
    options: type = field(validator=_attrs_class)
    check: Callable[..., Any]
    doc: str = ""

    @property
    def summary(self) -> str:
        """First line of the kind's documentation."""
        text = self.doc or inspect.getdoc(self.check) or inspect.getdoc(self.options) or ""
        return text.strip().splitlines()[0] if text.strip() else ""

    @property
    def reference(self) -> str:
        """The full reference text: the kind's doc, else its options class docstring."""
        return inspect.cleandoc(self.doc or inspect.getdoc(self.options) or "")
