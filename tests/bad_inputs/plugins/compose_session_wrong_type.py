# args: plan --ruleset runna --format json
# expect: plugin bad_plugin_compose_session_wrong_type (entry point 'bad_plugin_compose_session_wrong_type' in distribution (test) 0): runlift_compose_session returned str, expected Session or None
"""A plugin whose runlift_compose_session returns something that is not a session."""

from runlift import hookimpl


@hookimpl
def runlift_compose_session(session, week, athlete, ruleset, catalog):
    return "a heavy squat session"
