# args: check ../plans/_clean_week.csv --ruleset runna
# expect: plugin bad_plugin_vocabulary_unknown_sport (entry point 'bad_plugin_vocabulary_unknown_sport' in distribution (test) 0): raised ValueError in runlift_register_vocabulary: unknown sport 'climbing' (expected one of run, strength, mobility, cross, rest)
"""A plugin that adds a session type to a sport runlift does not have."""

from runlift import hookimpl


@hookimpl
def runlift_register_vocabulary(register):
    register.type("climbing", "bouldering")
