"""The checker engine: compiling, selection, athlete and race resolution, phases, ordering, plan prefixes."""

from __future__ import annotations

import datetime as dt

import attrs
import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from plan_builders import EASY_WEEK, MON, RULESETS, marathoner, one_rule, plan, ruleset_from, weeks
from runlift import timing
from runlift.checker import Checker, check_plan
from runlift.findings import Finding, day_label, session_label, session_phrase
from runlift.model import Athlete, Day, Plan, Race, Session, Week
from runlift.rulekinds import RuleKind
from runlift.selectors import Selector
from runlift.testing import load_ruleset


@pytest.fixture(scope="module")
def warnings_ruleset():
    return load_ruleset(str(RULESETS / "article-warnings.toml"))


BAD = weeks(["strength lower hard 30 pm", "run intervals hard 50 am", "", "strength full hard 30",
             "run tempo hard 40", "run easy 30", "run long 90 | strength lower hard 30"])


# --------------------------------------------------------------------------- findings and text


def test_finding_fields_order_and_dict():
    f = Finding(code="RN102", name="no-heavy-lift-on-long-run-day", severity="error", message="m", week=2,
                dates=(dt.date(2027, 1, 17),), sessions=("Sun 17 Jan: heavy lower-body lifting (30 min)",),
                rationale="r", source='"T", A')
    assert f.to_dict() == {"code": "RN102", "name": "no-heavy-lift-on-long-run-day", "severity": "error", "week": 2,
                           "dates": ["2027-01-17"], "sessions": ["Sun 17 Jan: heavy lower-body lifting (30 min)"],
                           "message": "m", "rationale": "r", "source": '"T", A'}
    later = attrs.evolve(f, week=3, dates=(dt.date(2027, 1, 18),))
    other_code = attrs.evolve(f, code="RN101")
    plan_wide = attrs.evolve(f, week=None, dates=())
    assert sorted([later, f, other_code, plan_wide], key=lambda x: x.sort_key) == [plan_wide, other_code, f, later]
    with pytest.raises(ValueError):
        Finding(code="X", name="x", severity="off", message="m")


def test_text_helpers():
    assert day_label(dt.date(2027, 1, 12)) == "Tue 12 Jan"
    s = Session(sport="strength", type="lower", intensity="hard", minutes=45)
    assert session_phrase(s) == "heavy lower-body lifting"
    assert session_label(dt.date(2027, 1, 12), s) == "Tue 12 Jan: heavy lower-body lifting (45 min)"
    assert session_phrase(Session(sport="run", type="long")) == "long run"
    assert session_phrase(Session(sport="run", type="fartlek")) == "fartlek run"
    assert session_phrase(Session(sport="mobility", type="yoga")) == "yoga (mobility)"


def test_timing_is_the_documented_convention():
    am = Session(sport="run", type="easy", time="am", minutes=60)
    pm = Session(sport="strength", type="lower", time="pm", minutes=30, order=2)
    third = Session(sport="mobility", type="yoga", order=3, minutes=15)
    assert (timing.start_hour(am), timing.end_hour(am)) == (7, 8)
    assert (timing.start_hour(pm), timing.end_hour(pm)) == (18, 18.5)
    assert timing.start_hour(third) == 17
    assert timing.gap_hours(0, pm, 1, am) == pytest.approx(12.5)


# --------------------------------------------------------------------------- compile and select


def test_check_plan_and_sorted_deterministic_output(warnings_ruleset):
    found = check_plan(BAD, warnings_ruleset)
    assert found == Checker(warnings_ruleset).check(BAD)
    assert list(found) == sorted(found, key=lambda f: f.sort_key)
    assert {"TW101", "TW102", "TW117", "TW118"} <= {f.code for f in found}
    assert all(f.source.startswith('"') for f in found)


def test_select_and_ignore_use_longest_prefix(warnings_ruleset):
    def run(**kw):
        return {f.code for f in Checker(warnings_ruleset, **kw).check(BAD)}

    everything = run()
    assert run(select=("TW10",)) == {c for c in everything if c.startswith("TW10")}
    assert run(select=("TW1",), ignore=("TW10",)) == {c for c in everything if not c.startswith("TW10")}
    assert run(select=("TW101",), ignore=("TW10",)) == {"TW101"}  # the longer prefix wins
    assert run(ignore=("TW",)) == set()
    assert len(Checker(warnings_ruleset, select=("TW102",)).compiled) == 1


def test_off_and_deselected_rules_never_run(tmp_path):
    text = (RULESETS / "article-warnings.toml").read_text(encoding="utf-8")
    child = ruleset_from(f'name = "child"\nextends = ["{RULESETS / "article-warnings.toml"}"]\nignore = ["TW101"]\n'
                         '[[rules]]\ncode = "TW102"\nseverity = "off"\n', tmp_path)
    assert "TW101" in text
    codes = {f.code for f in Checker(child).check(BAD)}
    assert "TW101" not in codes and "TW102" not in codes
    # the checker's own select cannot switch a ruleset-deselected rule back on
    assert Checker(child, select=("TW101",)).check(BAD) == ()


def test_selectors_are_compiled_once_and_shared(warnings_ruleset):
    checker = Checker(warnings_ruleset)
    n_selectors = len(checker._predicates)
    fields = sum(len(cr.bits) for cr in checker.compiled)
    assert n_selectors < fields  # several rules share e.g. {tags = ["strength-work"]}
    first = checker.check(BAD)
    assert checker.check(BAD) == first
    assert len(checker._predicates) == n_selectors


# --------------------------------------------------------------------------- athlete, race, phases


def test_athlete_from_checker_then_plan_then_defaults(tmp_path):
    rs = one_rule("count", '{ select = { sport = "strength" }, max = 2 }', tmp_path,
                  when='{ experience = ["beginner"] }')
    three = ["strength full 20"] * 3 + [""] * 4
    assert Checker(rs).check(plan(*three)) == ()  # default Athlete(): intermediate
    beginner_plan = plan(*three, athlete=Athlete(experience="beginner"))
    assert len(Checker(rs).check(beginner_plan)) == 1
    assert Checker(rs, athlete=Athlete(experience="advanced")).check(beginner_plan) == ()


def test_distance_conditions_follow_the_race(tmp_path):
    rs = one_rule("count", '{ select = { sport = "strength" }, max = 0 }', tmp_path, when='{ distance = ["marathon"] }')
    p = plan("strength full 20", *[""] * 6)
    assert Checker(rs).check(p) == ()  # no race, no distance: the rule does not apply
    assert len(Checker(rs, race=Race(distance="marathon", date=MON + dt.timedelta(30))).check(p)) == 1
    p_marathon = plan("strength full 20", *[""] * 6, athlete=marathoner(MON + dt.timedelta(60)))
    assert len(Checker(rs).check(p_marathon)) == 1
    assert Checker(rs, race=Race(distance="5k", date=MON)).check(p_marathon) == ()


def test_race_precedence(tmp_path):
    rs = one_rule("before-event", '{ select = { tags = ["heavy"] }, days = 3 }', tmp_path)
    p = plan("strength full hard 30", *[""] * 5, "run race hard 30", athlete=marathoner(MON + dt.timedelta(2)))
    checker = Checker(rs)
    assert checker.race_for(p) == (MON + dt.timedelta(2), "marathon")  # the athlete's race first
    assert len(checker.check(p)) == 1
    other = Checker(rs, race=MON + dt.timedelta(20))
    assert other.race_for(p) == (MON + dt.timedelta(20), "marathon") and other.check(p) == ()
    no_athlete = plan("strength full hard 30", *[""] * 5, "run race hard 30")
    assert Checker(rs).race_for(no_athlete) == (MON + dt.timedelta(6), None)  # the race session


def test_phases_from_weeks_or_laid_out_from_the_ruleset(tmp_path):
    extra = '[[phases]]\nname = "base"\nweeks = 2\n[[phases]]\nname = "race"\nweeks = 1\n'
    rs = one_rule("count", '{ select = { sport = "strength" }, min = 1 }', tmp_path, when='{ phases = ["race"] }',
                  extra=extra)
    empty = [""] * 7
    explicit = weeks(empty, empty, empty, phases=["base", "base", "race"])
    assert [f.week for f in Checker(rs).check(explicit)] == [3]
    imported = weeks(empty, empty, empty, phases=["", "", ""])  # CSV/ICS plans carry no phases
    assert [f.week for f in Checker(rs).check(imported)] == [3]  # laid out: base, base, race
    # a race before the plan starts cannot be laid out: phases stay unknown and match no when.phases
    assert Checker(rs, race=MON - dt.timedelta(30)).check(imported) == ()


# --------------------------------------------------------------------------- calendar conventions


def test_weeks_are_complete_only_with_all_seven_days(tmp_path):
    rs = one_rule("count", '{ select = { tags = ["training"] }, unit = "days-without", min = 1 }', tmp_path)
    wed = MON + dt.timedelta(days=2)
    days = tuple(Day(date=wed + dt.timedelta(k), sessions=(Session(sport="run", type="easy", minutes=30),))
                 for k in range(12))
    p = Plan(weeks=(Week(index=1, phase="base", start=MON, days=days[:5]),
                    Week(index=2, phase="base", start=MON + dt.timedelta(7), days=days[5:])))
    ctx = Checker(rs).context(p)
    assert ctx.complete == [False, True] and ctx.first == 2 and ctx.last == 13
    assert [f.week for f in Checker(rs).check(p)] == [2]  # week 1 starts on a Wednesday: not judged


def test_unlisted_days_inside_the_plan_are_rest_days(tmp_path):
    rs = one_rule("count", '{ select = { tags = ["training"] }, unit = "days-without", min = 1 }', tmp_path)
    runs = tuple(Day(date=MON + dt.timedelta(k), sessions=(Session(sport="run", type="easy", minutes=30),))
                 for k in (0, 1, 2, 4, 5, 6))  # Thursday not listed
    assert Checker(rs).check(Plan(weeks=(Week(index=1, phase="base", start=MON, days=runs),))) == ()


def test_the_same_week_object_in_different_plans(warnings_ruleset):
    p = weeks(EASY_WEEK, EASY_WEEK, EASY_WEEK, ["run easy 30"] * 7)
    checker = Checker(warnings_ruleset)
    full = checker.check(p)
    tail = Plan(weeks=p.weeks[2:])
    assert checker.check(tail) == Checker(warnings_ruleset).check(tail)
    assert {(f.code, f.week) for f in checker.check(tail)} <= {(f.code, f.week) for f in full}
    assert checker.check(p) == full  # cached week results stay right


def test_first_error(warnings_ruleset):
    checker = Checker(warnings_ruleset)
    first = checker.first_error(BAD)
    assert first is not None and first.severity == "error"
    assert first.code == min(f.code for f in checker.check(BAD) if f.severity == "error")
    assert checker.first_error(weeks(EASY_WEEK)) is None


# --------------------------------------------------------------------------- plan prefixes (the planner's view)


SESSIONS = ["run easy 30", "run easy 45", "run intervals hard 50 am", "run tempo hard 40 pm", "run long 90",
            "strength lower hard 30 pm", "strength full moderate 25", "strength upper easy 20",
            "strength isometric easy 15", "mobility mobility 15", "rest rest 0"]
day_text = st.lists(st.sampled_from(SESSIONS), max_size=3).map(" | ".join)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.lists(day_text, min_size=7, max_size=7), min_size=2, max_size=6))
def test_prefixes_never_report_what_the_full_plan_does_not(warnings_ruleset, week_days):
    """A rule must not fire on an incomplete window: every finding on the first k weeks (by rule and week) is
    also a finding on the whole plan, so a planner can judge a plan week by week."""
    p = weeks(*week_days, phases=["base", "build", "race", "race", "race", "race"][:len(week_days)],
              athlete=marathoner(MON + dt.timedelta(days=7 * len(week_days) + 3)))
    checker = Checker(warnings_ruleset)
    full = {(f.code, f.week) for f in checker.check(p)}
    for k in range(1, len(p.weeks)):
        prefix = Plan(weeks=p.weeks[:k], athlete=p.athlete)
        assert {(f.code, f.week) for f in checker.check(prefix)} <= full


# --------------------------------------------------------------------------- third-party kinds


@attrs.frozen
class AnyOfOptions:
    """Test kind: days with a session matching any of ``select``."""

    select: tuple[Selector, ...]
    max: int = 0


def _any_of(ctx, rule):
    mask = 0
    for bit in rule.bits["select"]:
        mask |= bit
    return [rule.finding(f"matched on {day_label(ctx.dates[i])}", week=ctx.week_number(i // 7), dates=(ctx.dates[i],))
            for i in range(ctx.first, ctx.last + 1) if ctx.day_mask[i] & mask and ctx.week_on[i // 7]]


def test_a_plugin_kind_gets_tuple_selector_bits_and_the_context(tmp_path):
    kind = RuleKind(name="any-of", options=AnyOfOptions, check=_any_of)

    class Plugin:
        from runlift import hookimpl

        @hookimpl
        def runlift_register_rule_kinds(self, register):
            register(kind)

    path = tmp_path / "p.toml"
    path.write_text('name = "p"\n[[rules]]\ncode = "PK101"\nname = "hard-or-long"\nkind = "any-of"\n'
                    'severity = "warn"\noptions = { select = [{ tags = ["speed"] }, { type = "long" }] }\n')
    rs = load_ruleset(str(path), Plugin())
    found = Checker(rs, kinds={"any-of": kind}).check(plan("run tempo hard 40", "run easy 30", "run long 90",
                                                             *[""] * 4))
    assert [f.message for f in found] == ["matched on Mon 4 Jan", "matched on Wed 6 Jan"]
