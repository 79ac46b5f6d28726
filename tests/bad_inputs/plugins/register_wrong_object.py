# args: show runna
# expect: plugin bad_plugin_register_wrong_object (entry point 'bad_plugin_register_wrong_object' in distribution (test) 0): raised TypeError in runlift_register_rule_kinds: register() takes a runlift.rulekinds.RuleKind, got {'name': 'window'}
"""A plugin that registers something that is not a RuleKind."""

from runlift import hookimpl


@hookimpl
def runlift_register_rule_kinds(register):
    register({"name": "window"})
