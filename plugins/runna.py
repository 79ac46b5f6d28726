"""Built-in plugin: the ``runna`` philosophy: Runna-style two sessions (Anya Culling, "How to balance strength
training and running").

Its rules, phases and planner targets are data in ``runlift/rulesets/runna.toml``; this module registers that
file exactly as a third-party plugin would register its own.
"""

from __future__ import annotations

from runlift import hookimpl


@hookimpl
def runlift_register_rulesets(register):
    register("runna", resource=("runlift.rulesets", "runna.toml"))
