"""Built-in plugin: the ``return-from-break`` philosophy: rebuilding strength after a break ("Getting back into
strength training without being too sore to run").

Its rules, phases and planner targets are data in ``runlift/rulesets/return-from-break.toml``; this module
registers that file exactly as a third-party plugin would register its own.
"""

from __future__ import annotations

from runlift import hookimpl


@hookimpl
def runlift_register_rulesets(register):
    register("return-from-break", resource=("runlift.rulesets", "return-from-break.toml"))

