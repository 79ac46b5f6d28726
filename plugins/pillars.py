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
    import attrs

    from runlift.planner import StrengthTarget

    if athlete.equipment == "home":
        intensity = "moderate" if targets.strength[0].intensity == "hard" else targets.strength[0].intensity
        circuits = tuple(StrengthTarget("circuit", intensity, 30) for _ in range(min(2, len(targets.strength))))
        return attrs.evolve(targets, strength=circuits)
    if len(targets.strength) >= 3:
        third = targets.strength[2]
        reset = StrengthTarget("full", "moderate" if third.intensity == "hard" else third.intensity, 30)
        return attrs.evolve(targets, strength=(*targets.strength[:2], reset, *targets.strength[3:]))
    return None
