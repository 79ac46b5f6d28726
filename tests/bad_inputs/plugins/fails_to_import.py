# load: entry-point
# expect: plugin fails_to_import (entry point 'fails_to_import' in distribution runlift-bad-fails_to_import 0.1): failed to import: ModuleNotFoundError: No module named 'runlift_no_such_dependency'
"""A plugin whose dependency is not installed: importing it fails."""

import runlift_no_such_dependency  # noqa: F401

from runlift import hookimpl


@hookimpl
def runlift_register_rulesets(register):
    register("never", text='name = "never"\n')
