# args: validate tempo-twice
# expect: <tempo-twice from bad_plugin_duplicate_rule_code>: rules[1].code: duplicate code TT101 (also rules[0])
"""A plugin whose ruleset defines the same rule code twice."""

from runlift import hookimpl

RULESET = """
name = "tempo-twice"
prefix = "TT"

[[rules]]
code = "TT101"
name = "one-tempo"
kind = "count"
severity = "warn"
options = { select = { type = "tempo" }, max = 1 }

[[rules]]
code = "TT101"
name = "two-tempo"
kind = "count"
severity = "warn"
options = { select = { type = "tempo" }, max = 2 }
"""


@hookimpl
def runlift_register_rulesets(register):
    register("tempo-twice", text=RULESET)
