"""Built-in plugin: the ``five-three-two`` philosophy: the 5-3-2 rule (Katie Kissane, "Enhance Your Running with
Strength Training").

Its rules, phases and planner targets are data in ``runlift/rulesets/five-three-two.toml``; this module
registers that file exactly as a third-party plugin would register its own.
"""

from __future__ import annotations

from runlift import hookimpl


@hookimpl
def runlift_register_rulesets(register):
    register("five-three-two", resource=("runlift.rulesets", "five-three-two.toml"))

