"""Built-in plugin: registers runlift's own rule kinds, exactly as a third-party plugin would."""

from __future__ import annotations

from runlift import hookimpl


@hookimpl
def runlift_register_rule_kinds(register):
    from runlift.kinds import BUILTIN_KINDS

    for kind in BUILTIN_KINDS:
        register(kind)
