# args: plan --ruleset runna --format json
# expect: plugin bad_plugin_raises_in_adjust_week_targets (entry point 'bad_plugin_raises_in_adjust_week_targets' in distribution (test) 0): raised ZeroDivisionError in runlift_adjust_week_targets: division by zero
"""A plugin that raises while the planner asks it to adjust a week."""

from runlift import hookimpl


@hookimpl
def runlift_adjust_week_targets(targets, week, athlete, ruleset):
    return {"run_minutes": 1 / 0}
