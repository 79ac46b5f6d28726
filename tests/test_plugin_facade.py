"""The typed facade's pipelines: every implementation, in registration order, as registered now."""

from __future__ import annotations

from runlift import hookimpl
from runlift.testing import plugins_with


class AddOne:
    @hookimpl
    def runlift_adjust_week_targets(self, targets, week, athlete, ruleset):
        return targets + 1


class Double:
    """Takes only some of the arguments (pluggy allows it)."""

    @hookimpl
    def runlift_adjust_week_targets(self, targets):
        return targets * 2


class Keep:
    @hookimpl
    def runlift_adjust_week_targets(self, targets, ruleset):
        assert ruleset == "rs"
        return None


def test_pipeline_passes_the_value_through_every_implementation_in_order():
    plugins = plugins_with(AddOne(), Double(), Keep(), builtins=False)
    assert plugins.adjust_week_targets(3, None, None, "rs") == 8
    assert plugins.adjust_week_targets(0, None, None, "rs") == 2


def test_pipeline_follows_registrations_made_after_a_call():
    plugins = plugins_with(AddOne(), builtins=False)
    assert plugins.adjust_week_targets(3, None, None, "rs") == 4
    plugins.pm.register(Double(), name="double")
    assert plugins.adjust_week_targets(3, None, None, "rs") == 8
    plugins.pm.unregister(name="double")
    assert plugins.adjust_week_targets(3, None, None, "rs") == 4
