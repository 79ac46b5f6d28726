# expect: plugin bad_plugin_raises_in_register_rulesets (entry point 'bad_plugin_raises_in_register_rulesets' in distribution (test) 0): raised OSError in runlift_register_rulesets: rulesets.db is locked
"""A plugin whose hook raises: the error names the plugin and the hook."""

from runlift import hookimpl


@hookimpl
def runlift_register_rulesets(register):
    raise OSError("rulesets.db is locked")
