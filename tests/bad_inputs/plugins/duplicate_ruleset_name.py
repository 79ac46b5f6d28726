# expect: plugin bad_plugin_duplicate_ruleset_name (entry point 'bad_plugin_duplicate_ruleset_name' in distribution (test) 0): raised ValueError in runlift_register_rulesets: ruleset 'runna' is already registered by runna (built-in)
"""A plugin that registers a ruleset under the name of a built-in one."""

from runlift import hookimpl


@hookimpl
def runlift_register_rulesets(register):
    register("runna", text='name = "runna"\n')
