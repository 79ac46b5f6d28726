# args: validate runna-plus
# expect: <runna-plus from bad_plugin_duplicate_prefix_code>: rules[0].code: RN199 is a new rule, but prefix RN belongs to ruleset 'runna'; give new rules a prefix of your own
"""A plugin whose ruleset extends runna and adds a new rule with a code in runna's RN prefix."""

from runlift import hookimpl

RULESET = """
name = "runna-plus"
extends = ["runna"]

[[rules]]
code = "RN199"
name = "extra-mobility"
kind = "count"
severity = "warn"
options = { select = { sport = "mobility" }, min = 1 }
"""


@hookimpl
def runlift_register_rulesets(register):
    register("runna-plus", text=RULESET)
