"""runlift-hills: an example third-party runlift plugin.

It registers a ruleset (``hills``, extending the built-in ``runna``) and a new rule kind, ``share``,
through runlift's entry-point group, exactly as the built-in philosophies do.
"""

from __future__ import annotations

from runlift import hookimpl


@hookimpl
def runlift_register_rule_kinds(register):
    from .share import KIND

    register(KIND)


@hookimpl
def runlift_register_rulesets(register):
    register("hills", resource=("runlift_hills", "hills.toml"))
