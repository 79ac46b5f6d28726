# args: validate runna
# expect: plugin bad_plugin_duplicate_rule_kind (entry point 'bad_plugin_duplicate_rule_kind' in distribution (test) 0): raised ValueError in runlift_register_rule_kinds: rule kind 'count' is already registered by rule_kinds
"""A plugin that registers a rule kind under a name a built-in plugin already uses."""

from runlift import hookimpl
from runlift.rulekinds import RuleKind
from runlift.kinds.count import CountOptions


@hookimpl
def runlift_register_rule_kinds(register):
    register(RuleKind(name="count", options=CountOptions, check=lambda context, rule: ()))
