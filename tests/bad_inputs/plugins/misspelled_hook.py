# load: entry-point
# expect: plugin misspelled_hook (entry point 'misspelled_hook' in distribution runlift-bad-misspelled_hook 0.1): implements a hook runlift does not know: runlift_register_rulesetz; did you mean 'runlift_register_rulesets'?
"""A plugin that implements a hook runlift does not have (a typo): it must fail loudly, by name."""

from runlift import hookimpl


@hookimpl
def runlift_register_rulesetz(register):
    register("typo", text='name = "typo"\n')
