"""Built-in plugin: the ``pillars`` philosophy: David's three pillars and strength by season (a runner-coach's
guide to compound lifts, isometrics and mobility across base, build, race and post-race).

The rules, phases and planner targets are data in ``runlift/rulesets/pillars.toml``; this module registers
that file exactly as a third-party plugin would register its own, and adjusts the planner's weekly targets
where the guide's templates need more than the ``[planner]`` table can say (it varies targets by phase,
race distance and experience, but not by equipment or session by session):

* **home template** ("The Home Plan: 2 Days, 30 Minutes"): an athlete who trains at home gets two 30-minute
  full-body circuits in the base weeks instead of the gym split;
* **gym template** ("Gym Plan: 2-3 Days a Week, Split Format"): when a base week holds three sessions, the
  third is the optional full-body power/reset day, kept moderate rather than heavy.

Neither touches a cut-back week (the recovery template). Both apply only when the ruleset being planned
has the pillars base rules (PL109) for that week's phase, so a coach's ruleset that extends ``pillars``
keeps them and nothing changes for other philosophies.
"""

from __future__ import annotations

import functools

import attrs

from runlift import hookimpl

BASE_RULE = "PL109"


@hookimpl
def runlift_register_rulesets(register):
    register("pillars", resource=("runlift.rulesets", "pillars.toml"))


@hookimpl
def runlift_adjust_week_targets(targets, week, athlete, ruleset):
    """The home and gym templates of the guide's weekly strength plans (see the module docstring)."""
    rule = ruleset.rule(BASE_RULE)
    if rule is None or not rule.runs or targets.phase not in rule.when.phases or not targets.strength \
            or targets.cutback:
        return None
    strength = _template_strength(targets.strength, athlete.equipment == "home")
    return None if strength is None else attrs.evolve(targets, strength=strength)


@functools.lru_cache(maxsize=256)
def _template_strength(strength, home):
    """The week's strength targets under the home or gym template (None: unchanged); one tuple per value."""
    from runlift.planner import StrengthTarget

    if home:
        intensity = "moderate" if strength[0].intensity == "hard" else strength[0].intensity
        return tuple(StrengthTarget("circuit", intensity, 30) for _ in range(min(2, len(strength))))
    if len(strength) >= 3:
        third = strength[2]
        reset = StrengthTarget("full", "moderate" if third.intensity == "hard" else third.intensity, 30)
        return (*strength[:2], reset, *strength[3:])
    return None
