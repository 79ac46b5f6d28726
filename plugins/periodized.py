"""Built-in plugin: the ``periodized`` philosophy: periodized balance ("Strategies to combine running with
strength training without compromising speed or aerobic gains").

Its rules, phases and planner targets are data in ``runlift/rulesets/periodized.toml``; this module registers
that file exactly as a third-party plugin would register its own.
"""

from __future__ import annotations

from runlift import hookimpl


@hookimpl
def runlift_register_rulesets(register):
    register("periodized", resource=("runlift.rulesets", "periodized.toml"))

