"""The direct plan writer (`planio.plan_json`) writes exactly what `to_json(plan_data(plan))` writes."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from hypothesis import given
from runlift.model import Athlete, Day, Exercise, Plan, Race, Session, Week
from runlift.output import to_json
from runlift.planio import dump_plan, plan_data, plan_json
from runlift.planner import Planner
from runlift.plugin_manager import Plugins
from runlift.loader import RulesetLoader
from test_planio import _property, plans


def reference(plan: Plan) -> str:
    return to_json(plan_data(plan))


@_property
@given(plans())
def test_any_plan_is_written_as_the_generic_encoder_writes_it(plan):
    assert plan_json(plan) == reference(plan)
    assert dump_plan(plan, "json") == reference(plan)


def test_awkward_values():
    monday = dt.date(2027, 1, 4)
    session = Session(sport="strength", type="lower", intensity="hard", minutes=45, rpe=8, order=2, time="pm",
                      exercises=(Exercise(name='Zoë\'s "split" squat\n\t\\', sets=3, reps=8, load="😀 heavy"),
                                 Exercise(name="plank", hold_seconds=30)),
                      notes="\u2028 line separator, \x00 nul, \x7f del")
    athlete = Athlete(name="Ünïcode \U0001f3c3", long_run_day=None, rest_days=("fri",), body_mass_kg=68.25,
                      niggles=("knee", "itb"), race=Race(distance="half", date=dt.date(2027, 4, 25)),
                      break_reason="", weeks_off=3)
    plan = Plan(athlete=athlete, weeks=(Week(index=1, phase="base", start=monday,
                                             days=(Day(date=monday), Day(date=monday + dt.timedelta(1),
                                                                         sessions=(session,)))),))
    assert plan_json(plan) == reference(plan)
    assert plan_json(Plan(weeks=())) == reference(Plan(weeks=()))


@pytest.mark.parametrize("name", ["runna", "five-three-two", "pillars", "return-from-break", "periodized"])
def test_planned_plans(name):
    plugins = Plugins.load(load_entrypoints=False)
    planner = Planner(RulesetLoader(plugins).load(name), plugins=plugins)
    plan = planner.plan(Athlete(name="Kim", body_mass_kg=71.5, race=Race(distance="10k",
                                                                          date=dt.date(2027, 4, 25)))).plan
    assert plan_json(plan) == reference(plan)


def test_shared_sessions_are_written_from_the_memo_exactly(monkeypatch):
    """A planner shares Session objects between athletes; their memoised texts stay right across plans, at
    every indent, and when the memo is emptied part-way."""
    import runlift.planio as planio

    plugins = Plugins.load(load_entrypoints=False)
    planner = Planner(RulesetLoader(plugins).load("pillars"), plugins=plugins)
    start = dt.date(2027, 1, 4)
    made = [planner.plan(Athlete(name=f"A{k}", experience=("beginner", "intermediate", "advanced")[k % 3],
                                 race=Race(distance=("5k", "half", "marathon")[k % 3],
                                           date=start + dt.timedelta(weeks=14 + k % 3)),
                                 start=start)).plan for k in range(6)]
    sessions = {id(s) for plan in made for w in plan.weeks for d in w.days for s in d.sessions}
    assert len(sessions) < sum(len(d.sessions) for plan in made for w in plan.weeks for d in w.days)
    monkeypatch.setattr(planio, "SESSION_TEXTS_MAX", 7)
    planio._SESSION_TEXTS.clear()
    planio._DAY_ENDS.clear()
    for plan in made + made[::-1]:
        assert plan_json(plan) == reference(plan)
    one = made[0].weeks[0].days[-1].sessions[0]
    assert plan_json(one) == to_json(plan_data(one))  # the same object at another indent


def test_other_values_are_refused_like_the_generic_encoder():
    @dataclasses.dataclass
    class Thing:
        x: int = 1

    with pytest.raises(TypeError):
        plan_json(Thing())  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        reference(Thing())  # type: ignore[arg-type]
