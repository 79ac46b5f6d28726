"""Every built-in rule kind: options validated when a ruleset loads, and a passing and a failing plan."""

from __future__ import annotations

import datetime as dt
import re
import textwrap

import pytest

from plan_builders import MON, RULESETS, ex, marathoner, one_rule, plan, ruleset_from, session, weeks
from runlift.checker import Checker
from runlift.errors import ConfigError
from runlift.kinds import BUILTIN_KINDS
from runlift.model import Athlete, Race
from runlift.testing import load_ruleset

KIND_NAMES = sorted(k.name for k in BUILTIN_KINDS)


def run(rs, p, **kw):
    return Checker(rs, **kw).check(p)


def codes(findings):
    return [f.code for f in findings]


# --------------------------------------------------------------------------- options validation


BAD_OPTIONS = [
    "rules[0].options.max: must be at least 'min' (3), got 2",
    "rules[1].options: set 'days' or 'hours' (exactly one of them)",
    "rules[2].options.min-gap-hours: expected at least 0, got -2",
    "rules[3].options.mode: expected one of must, should, must-not, got 'mustnt'; did you mean 'must-not'?",
    "rules[4].options.days-by-distance.marathn: expected one of 5k, 10k, half, marathon, ultra, got 'marathn'; "
    "did you mean 'marathon'?",
    "rules[5].options.max: expected at least 1, got 0",
    "rules[6].options.max: expected int, got 'thirty'",
    "rules[7].options.reps.max: must be at least 'min' (12), got 5",
    "rules[8].options.max-increase-percent: required key missing",
    "rules[8].options.measure: expected one of minutes, load, sets, volume, sessions, got 'weight'",
    "rules[9].options.every: expected at least 2, got 1",
    "rules[10].options.categories[0]: expected one of compound, isometric, mobility, plyometric, prehab, "
    "got 'compund'; did you mean 'compound'?",
    "rules[11].options.sequence: lists a category twice: ['mobility', 'compound', 'mobility']",
    "rules[12].options: set 'above', 'at-least' or 'below' (this rule would check nothing)",
    "rules[13].options: unknown key 'minimum'; did you mean 'min'? (known keys: select, min, max, unit, label)",
    "rules[14].options.first.tags[0]: unknown tag 'heavy-legs'; did you mean 'heavy-lower'?",
    "rules[14].options.then.type[0]: unknown type 'tmepo'; did you mean 'tempo'?",
]


def test_bad_options_are_all_reported_with_their_paths():
    path = str(RULESETS / "bad-options.toml")
    with pytest.raises(ConfigError) as info:
        load_ruleset(path)
    assert list(info.value.messages()) == [f"{path}: {m}" for m in BAD_OPTIONS]


def test_the_bad_options_file_covers_every_kind():
    text = (RULESETS / "bad-options.toml").read_text(encoding="utf-8")
    assert sorted(set(re.findall(r'^kind = "([a-z-]+)"', text, re.M))) == KIND_NAMES


def test_the_test_ruleset_uses_every_kind():
    rs = load_ruleset(str(RULESETS / "article-warnings.toml"))
    assert sorted({r.kind for r in rs.rules}) == KIND_NAMES


@pytest.mark.parametrize("kind", BUILTIN_KINDS, ids=lambda k: k.name)
def test_kind_docs_have_a_summary_and_examples_that_load(kind, tmp_path):
    assert kind.summary and not kind.summary.startswith(kind.name)
    doc = kind.reference
    assert "Options:" in doc
    blocks = re.findall(r"Examples?::\n\n((?:    .*\n|\n)+)", doc + "\n")
    assert blocks, f"{kind.name} has no example"
    text = textwrap.dedent(blocks[0])
    rs = ruleset_from('name = "doc"\n' + text, tmp_path)
    assert {r.kind for r in rs.rules} == {kind.name}


# --------------------------------------------------------------------------- count


def test_count_sessions_max_and_min(tmp_path):
    rs = one_rule("count", '{ select = { sport = "strength" }, min = 2, max = 3 }', tmp_path)
    ok = plan("strength lower 30", "", "strength upper 25", "", "", "", "run long 90")
    assert run(rs, ok) == ()
    four = plan(*["strength full 30"] * 4, "", "", "")
    (f,) = run(rs, four)
    assert f.message == "4 strength sessions (Mon, Tue, Wed, Thu) in the week of Mon 4 Jan: at most 3"
    assert f.week == 1 and f.severity == "error" and len(f.sessions) == 4 and f.rationale == "Because."
    one = plan("strength full 30", "", "", "", "", "", "")
    assert run(rs, one)[0].message == "1 strength session in the week of Mon 4 Jan: at least 2 wanted"


def test_count_min_skips_incomplete_weeks_but_max_does_not(tmp_path):
    rs = one_rule("count", '{ select = { sport = "strength" }, min = 2, max = 3 }', tmp_path)
    wed = MON + dt.timedelta(days=2)
    partial = plan("", "", "", "strength full 30", *[""] * 3, start=MON)
    # make the week partial: drop Monday and Tuesday from the plan
    from runlift.model import Plan, Week

    week = partial.weeks[0]
    short = Plan(weeks=(Week(index=1, phase="base", start=MON, days=tuple(d for d in week.days if d.date >= wed)),))
    assert run(rs, short) == ()
    crowded = Plan(weeks=(Week(index=1, phase="base", start=MON, days=tuple(
        plan(*[""] * 3, *["strength full 20"] * 4).weeks[0].days[3:])),))
    assert codes(run(rs, crowded)) == ["XX101"]


def test_count_days_without_training_is_full_rest_days(tmp_path):
    rs = one_rule("count", '{ select = { tags = ["training"] }, unit = "days-without", min = 1, label = "training" }',
                  tmp_path)
    assert run(rs, plan(*["run easy 30"] * 6, "")) == ()
    rest_session = plan(*["run easy 30"] * 6, "rest rest 0")  # a logged rest "session" is still a rest day
    assert run(rs, rest_session) == ()
    (f,) = run(rs, plan(*["run easy 30"] * 7))
    assert f.message == "no days without training in the week of Mon 4 Jan: at least 1 wanted"


def test_count_days_counts_a_day_once(tmp_path):
    rs = one_rule("count", '{ select = { sport = "run" }, unit = "days", max = 2 }', tmp_path)
    assert run(rs, plan("run easy 30 | run easy 20", "run easy 30", "", "", "", "", "")) == ()
    assert run(rs, plan("run easy 30", "run easy 30", "run easy 30", "", "", "", ""))[0].message.startswith(
        "3 days with run (Mon, Tue, Wed)")


# --------------------------------------------------------------------------- spacing


def test_spacing_days_after(tmp_path):
    rs = one_rule("spacing", '{ first = { tags = ["heavy-lower"] }, then = { tags = ["speed"] }, days = 1 }', tmp_path)
    good = plan("strength lower hard 30", "run easy 30", "run intervals hard 50", "", "", "", "")
    assert run(rs, good) == ()
    bad = plan("", "strength lower hard 30", "run intervals hard 50", "", "", "", "")
    (f,) = run(rs, bad)
    assert f.message == "heavy lower-body lifting on Tue 5 Jan, the day before intervals"
    assert f.dates == (dt.date(2027, 1, 5), dt.date(2027, 1, 6))
    assert f.sessions == ("Tue 5 Jan: heavy lower-body lifting (30 min)", "Wed 6 Jan: intervals (50 min)")
    # intervals the day BEFORE heavy legs is fine for direction = after
    assert run(rs, plan("run intervals hard 50", "strength lower hard 30", "", "", "", "", "")) == ()


def test_spacing_same_day_counts_only_when_later(tmp_path):
    rs = one_rule("spacing", '{ first = { tags = ["heavy-lower"] }, then = { tags = ["speed"] }, days = 1 }', tmp_path)
    before = plan("strength lower hard 30 | run tempo hard 40", *[""] * 6)
    assert run(rs, before)[0].message == "heavy lower-body lifting before tempo run on the same day, Mon 4 Jan"
    after = plan("run tempo hard 40 | strength lower hard 30", *[""] * 6)
    assert run(rs, after) == ()


def test_spacing_crosses_week_boundaries(tmp_path):
    rs = one_rule("spacing", '{ first = { tags = ["heavy-lower"] }, then = { tags = ["speed"] }, days = 1 }', tmp_path)
    p = plan(*[""] * 6, "strength lower hard 30", "run intervals hard 50", *[""] * 6)
    (f,) = run(rs, p)
    assert f.week == 1 and f.message == "heavy lower-body lifting on Sun 10 Jan, the day before intervals"


def test_spacing_hours_both_directions(tmp_path):
    rs = one_rule("spacing", '{ first = { tags = ["speed"] }, then = { tags = ["intense-strength"] }, hours = 24, '
                  'direction = "both" }', tmp_path)
    # lifting Monday 18:00 for 60 min ends 19:00; intervals Wednesday 07:00 = 36 h later: fine
    assert run(rs, plan("strength lower hard 60 pm", "", "run intervals hard 50 am", *[""] * 4)) == ()
    # lifting Monday evening, intervals Tuesday morning: 12 h
    (f,) = run(rs, plan("strength lower hard 60 pm", "run intervals hard 50 am", *[""] * 5))
    assert f.message == ("heavy lower-body lifting on Mon 4 Jan ends 12 h before intervals on Tue 5 Jan: "
                         "at least 24 h wanted")
    # intervals Monday morning, moderate lifting Tuesday 18:00: 07:50 -> 42:00 = 34.2 h: fine
    assert run(rs, plan("run intervals hard 50 am", "strength full moderate 30 pm", *[""] * 5)) == ()
    # the same day, in the other order
    (f,) = run(rs, plan("run intervals hard 50 am | strength full moderate 30 pm", *[""] * 6))
    assert "intervals on Mon 4 Jan ends 10.2 h before moderate full-body lifting starts" in f.message


def test_spacing_before_direction_and_pairs_reported_once(tmp_path):
    rs = one_rule("spacing", '{ first = { tags = ["hard"] }, then = { tags = ["hard"] }, days = 1, '
                  'direction = "both" }', tmp_path)
    (f,) = run(rs, plan("run tempo hard 40", "run intervals hard 40", *[""] * 5))
    assert f.message == "tempo run on Mon 4 Jan, the day before intervals"
    rs = one_rule("spacing", '{ first = { tags = ["heavy"] }, then = { tags = ["long-run"] }, days = 2, '
                  'direction = "before" }', tmp_path)
    (f,) = run(rs, plan("", "", "", "", "", "run long 90", "strength full hard 30"))
    assert f.message == "long run on Sat 9 Jan, the day before heavy full-body lifting"
    assert run(rs, plan("", "", "", "", "", "strength full hard 30", "run long 90")) == ()


# --------------------------------------------------------------------------- same-day-order


def test_same_day_order(tmp_path):
    rs = one_rule("same-day-order", '{ first = { tags = ["quality"] }, then = { sport = "strength" } }', tmp_path)
    assert run(rs, plan("run tempo hard 40 | strength lower moderate 30", *[""] * 6)) == ()
    (f,) = run(rs, plan("strength lower moderate 30 | run tempo hard 40", *[""] * 6))
    assert f.message == "moderate lower-body lifting before tempo run on Mon 4 Jan: tempo run should come first"
    # different days are not this rule's business
    assert run(rs, plan("strength lower moderate 30", "run tempo hard 40", *[""] * 5)) == ()


def test_same_day_order_min_gap(tmp_path):
    rs = one_rule("same-day-order", '{ first = { tags = ["quality"] }, then = { sport = "strength" }, '
                  'min-gap-hours = 3 }', tmp_path)
    assert run(rs, plan("run tempo hard 40 am | strength lower moderate 30 pm", *[""] * 6)) == ()
    (f,) = run(rs, plan("run tempo hard 60 pm | strength lower moderate 30 pm", *[""] * 6))
    assert f.message == "only 0 h between tempo run and moderate lower-body lifting on Mon 4 Jan: at least 3 h wanted"
    tight = plan([session("run tempo hard 60", 1), session("strength lower moderate 30", 2)], *[""] * 6)
    assert run(rs, tight) == ()  # 08:00 -> 12:00 = 4 h
    rs5 = one_rule("same-day-order", '{ first = { tags = ["quality"] }, then = { sport = "strength" }, '
                   'min-gap-hours = 5 }', tmp_path)
    (f,) = run(rs5, tight)
    assert f.message == "only 4 h between tempo run and moderate lower-body lifting on Mon 4 Jan: at least 5 h wanted"


# --------------------------------------------------------------------------- same-day


def test_same_day_must_not(tmp_path):
    rs = one_rule("same-day", '{ select = { tags = ["heavy"] }, with = { tags = ["long-run"] }, mode = "must-not" }',
                  tmp_path)
    assert run(rs, plan(*[""] * 5, "strength lower hard 30", "run long 90")) == ()
    (f,) = run(rs, plan(*[""] * 6, "run long 90 | strength lower hard 30"))
    assert f.message == "heavy lower-body lifting on Sun 10 Jan, the same day as the long run"


def test_same_day_must_and_should(tmp_path):
    must = one_rule("same-day", '{ select = { sport = "strength" }, with = { tags = ["quality"] }, mode = "must", '
                    'label = "a quality run" }', tmp_path)
    assert run(must, plan("run tempo hard 40 | strength lower 30", *[""] * 6)) == ()
    (f,) = run(must, plan("run easy 40 | strength lower 30", *[""] * 6))
    assert f.severity == "error"
    assert f.message == "light lower-body lifting on Mon 4 Jan is not on a day with a quality run"
    should = one_rule("same-day", '{ select = { sport = "strength" }, with = { tags = ["quality"] }, mode = "should" }',
                      tmp_path)
    (f,) = run(should, plan("run easy 40 | strength lower 30", *[""] * 6))
    assert f.severity == "warn"  # a preference never fails a plan


# --------------------------------------------------------------------------- before-event


def test_before_event_days_by_distance_and_race_day(tmp_path):
    rs = one_rule("before-event", '{ select = { tags = ["heavy"] }, days = 5, days-by-distance = { marathon = 10 } }',
                  tmp_path)
    race = MON + dt.timedelta(days=20)  # Sun 24 Jan
    days = [""] * 21
    days[20 - 11] = "strength full hard 30"  # 11 days before: fine
    assert run(rs, plan(*days, athlete=marathoner(race))) == ()
    days[20 - 3] = "strength full hard 30"  # Thu 21 Jan, 3 days before a marathon
    (f,) = run(rs, plan(*days, athlete=marathoner(race)))
    assert f.message == "heavy full-body lifting on Thu 21 Jan, 3 days before the marathon: none in the last 10 days"
    assert f.week == 3
    # for a 10K the default 5 days applies: 6 days before is fine, 3 is not
    ten_k = marathoner(race, "10k")
    days = [""] * 21
    days[20 - 6] = "strength full hard 30"
    assert run(rs, plan(*days, athlete=ten_k)) == ()
    days[20] = "strength full hard 30"
    assert run(rs, plan(*days, athlete=ten_k))[0].message.endswith("on race day: none in the last 5 days")


def test_before_event_race_from_checker_or_plan(tmp_path):
    rs = one_rule("before-event", '{ select = { tags = ["heavy"] }, days = 2, include-race-day = false }', tmp_path)
    p = plan("strength full hard 30", "", "run race hard 30", *[""] * 4)
    (f,) = run(rs, p)  # the race session dates the race
    assert f.message == "heavy full-body lifting on Mon 4 Jan, 2 days before the race: none in the last 2 days"
    assert run(rs, plan("strength full hard 30", *[""] * 6)) == ()  # no race known: nothing to check
    (f,) = run(rs, plan("strength full hard 30", *[""] * 6), race=Race(distance="half", date=MON + dt.timedelta(1)))
    assert "the day before the half marathon" in f.message
    assert run(rs, plan("strength full hard 30", *[""] * 6), race=MON) == ()  # race day left out


# --------------------------------------------------------------------------- max-consecutive


def test_max_consecutive_across_weeks(tmp_path):
    rs = one_rule("max-consecutive", '{ select = { tags = ["quality"] }, max = 2, label = "hard runs" }', tmp_path)
    assert run(rs, plan("run tempo hard 40", "run intervals hard 40", "", "run tempo hard 40",
                        "run hills hard 40", "", "run long 90")) == ()
    p = plan(*[""] * 5, "run tempo hard 40", "run long 90", "run intervals hard 40", *[""] * 6)
    (f,) = run(rs, p)
    assert f.message == "3 days in a row with hard runs, Sat 9 Jan to Mon 11 Jan: at most 2"
    assert f.week == 2 and len(f.dates) == 3


def test_max_consecutive_respects_phases(tmp_path):
    extra = '[[phases]]\nname = "base"\nweeks = 1\n[[phases]]\nname = "race"\nweeks = 1\n'
    rs = one_rule("max-consecutive", '{ select = { sport = "run" }, max = 3 }', tmp_path, when='{ phases = ["race"] }',
                  extra=extra)
    runs = ["run easy 30"] * 14
    assert codes(run(rs, plan(*runs, phases=["base", "race"]))) == ["XX101"]
    assert run(rs, plan(*runs, phases=["base", "base"])) == ()


# --------------------------------------------------------------------------- duration


def test_duration_per_session(tmp_path):
    rs = one_rule("duration", '{ select = { sport = "strength" }, min = 20, max = 30 }', tmp_path, severity="warn")
    assert run(rs, plan("strength lower 25", "strength upper 30", *[""] * 5)) == ()
    (f,) = run(rs, plan("strength lower 50", *[""] * 6))
    assert f.message == "light lower-body lifting on Mon 4 Jan lasts 50 min: 20-30 min wanted"
    assert f.severity == "warn"


def test_duration_per_week(tmp_path):
    rs = one_rule("duration", '{ select = { sport = "strength" }, per = "week", min = 40, label = "strength" }',
                  tmp_path)
    assert run(rs, plan("strength lower 25", "strength upper 20", *[""] * 5)) == ()
    (f,) = run(rs, plan(*["run easy 30"] * 7))
    assert f.message == "0 min of strength in the week of Mon 4 Jan: at least 40 min wanted"


# --------------------------------------------------------------------------- prescription


def test_prescription_sets_reps_and_categories(tmp_path):
    rs = one_rule("prescription", '{ select = { sport = "strength" }, categories = ["compound"], '
                  'sets = { min = 3, max = 3 }, reps = { min = 5, max = 12 } }', tmp_path)
    good = [ex("hip airplane", 1, 20), ex("back squat", 3, 6), ex("romanian deadlift", 3, 8)]
    assert run(rs, plan([session("strength lower moderate 30", exercises=good)], *[""] * 6)) == ()
    bad = [ex("back squat", 5, 20)]
    (f,) = run(rs, plan([session("strength lower moderate 30", exercises=bad)], *[""] * 6))
    assert f.message == ("back squat 5×20 in moderate lower-body lifting on Mon 4 Jan: 5 sets, exactly 3 wanted; "
                         "20 reps, 5-12 wanted")


def test_prescription_holds_loads_and_intensity(tmp_path):
    rs = one_rule("prescription", '{ select = { sport = "strength" }, hold-seconds = { min = 20, max = 60 }, '
                  'intensity = ["easy", "moderate"], loads = ["bodyweight"] }', tmp_path)
    good = [ex("wall sit", 2, hold=45), ex("bodyweight squat", 2, 10, load="Bodyweight")]
    assert run(rs, plan([session("strength isometric 20", exercises=good)], *[""] * 6)) == ()
    bad = [ex("wall sit", 2, hold=90, load="20 kg vest")]
    found = run(rs, plan([session("strength isometric hard 20", exercises=bad)], *[""] * 6))
    assert [f.message for f in found] == [
        "heavy isometric holds on Mon 4 Jan is hard: easy or moderate wanted",
        "wall sit 2×90 s in heavy isometric holds on Mon 4 Jan: 90 s holds, 20-60 s wanted; "
        "load '20 kg vest', bodyweight wanted",
    ]


# --------------------------------------------------------------------------- progression


def test_progression_percent_allowance_and_lookback(tmp_path):
    rs = one_rule("progression", '{ select = { sport = "strength" }, measure = "minutes", '
                  'max-increase-percent = 10, allowance = 5, lookback = 2 }', tmp_path)

    def week(minutes):
        return [f"strength full {minutes}", *[""] * 6]

    assert run(rs, weeks(week(60), week(66), week(71))) == ()  # +10 %, then +5 min
    (f,) = run(rs, weeks(week(60), week(90)))
    assert f.message == ("strength minutes up from 60 to 90 (+50 %) in the week of Mon 11 Jan: "
                         "at most +10 % or +5 a week")
    assert f.week == 2
    # back from a lighter week to the level before it: compared with the best of the last two weeks
    assert run(rs, weeks(week(60), week(40), week(64))) == ()


def test_progression_ignores_tiny_bases_and_sets_measure(tmp_path):
    rs = one_rule("progression", '{ select = { sport = "strength" }, measure = "sets", max-increase-percent = 5, '
                  'allowance = 1, label = "strength" }', tmp_path)

    def week(sets):
        return [[session("strength full 30", exercises=[ex("back squat", s, 5) for s in sets])], *[""] * 6]

    assert run(rs, weeks(week([3, 3]), week([3, 3, 1]))) == ()  # from 6 sets: +5 % or one more set
    (f,) = run(rs, weeks(week([3, 3]), week([3, 3, 3, 3])))
    assert f.message == "strength sets up from 6 to 12 (+100 %) in the week of Mon 11 Jan: at most +5 % or +1 a week"
    assert run(rs, weeks(week([1]), week([3, 3]))) == ()  # from 1 set (below min-base 6): ignored


# --------------------------------------------------------------------------- deload


def test_deload_every_n_weeks_only_complete_windows(tmp_path):
    rs = one_rule("deload", '{ select = { sport = "strength" }, every = 4, max-percent = 70, label = "strength" }',
                  tmp_path, severity="warn")

    def week(minutes):
        return [f"strength full {minutes}", *[""] * 6]

    assert run(rs, weeks(week(60), week(60), week(60), week(40), week(60), week(60))) == ()
    six = weeks(*[week(60)] * 6)
    (f,) = run(rs, six)
    assert f.week == 4
    assert f.message == ("no lighter week in 4 weeks, Mon 4 Jan to Sun 31 Jan: strength minutes should drop to "
                         "70 % of the week before at least every 4 weeks")
    assert run(rs, weeks(*[week(60)] * 3)) == ()  # a 3-week prefix is not blamed yet


# --------------------------------------------------------------------------- coverage


def test_coverage_week_from_types_and_exercises(tmp_path):
    rs = one_rule("coverage", '{ select = { sport = ["strength", "mobility"] }, '
                  'categories = ["compound", "isometric", "mobility"] }', tmp_path, severity="warn")
    by_type = plan("strength lower 30", "mobility mobility 15", "strength isometric 20", *[""] * 4)
    assert run(rs, by_type) == ()
    (f,) = run(rs, plan("strength lower 30", "strength upper 30", *[""] * 5))
    assert f.message == "the week of Mon 4 Jan has no isometric or mobility work"
    with_exercises = [session("strength full 30", exercises=[ex("world's greatest stretch", 1, 5),
                                                            ex("wall sit", 2, hold=45), ex("back squat", 3, 5)])]
    assert run(rs, plan(with_exercises, *[""] * 6)) == ()


def test_coverage_muscles_single_leg_per_session(tmp_path):
    rs = one_rule("coverage", '{ select = { sport = "strength", type = ["lower", "full"] }, '
                  'muscles = ["glutes", "hamstrings", "calves"], single-leg = true, per = "session" }', tmp_path)
    good = [ex("bulgarian split squat", 3, 8), ex("romanian deadlift", 3, 8), ex("calf raise", 3, 12)]
    assert run(rs, plan([session("strength lower 30", exercises=good)], *[""] * 6)) == ()
    assert run(rs, plan("strength lower 30", *[""] * 6)) == ()  # no exercises: by type, single-leg unknown
    (f,) = run(rs, plan([session("strength lower 30", exercises=[ex("back squat", 3, 5)])], *[""] * 6))
    assert f.message == "light lower-body lifting on Mon 4 Jan has nothing for calves; no single-leg exercise"


# --------------------------------------------------------------------------- session-flow


def test_session_flow(tmp_path):
    rs = one_rule("session-flow", '{ select = { sport = "strength" }, starts-with = ["mobility"], '
                  'sequence = ["mobility", "isometric", "compound"] }', tmp_path, severity="warn")
    good = [ex("world's greatest stretch", 1, 5), ex("glute bridge hold", 2, hold=30), ex("back squat", 3, 5),
            ex("wall sit", 1, hold=60)]
    assert run(rs, plan([session("strength full 30", exercises=good)], *[""] * 6)) == ()
    bad = [ex("back squat", 3, 5), ex("world's greatest stretch", 1, 5), ex("glute bridge hold", 2, hold=30)]
    (f,) = run(rs, plan([session("strength full 30", exercises=bad)], *[""] * 6))
    assert f.message == ("light full-body lifting on Mon 4 Jan starts with back squat (compound), not mobility; "
                         "compound work before mobility work (wanted mobility → isometric → compound)")
    assert run(rs, plan("strength full 30", *[""] * 6)) == ()  # no exercises, no order to judge


# --------------------------------------------------------------------------- metric


def test_metric_monotony_and_equivalence_with_metrics_module(tmp_path):
    from runlift.kinds.metric import value_of
    from runlift.metrics import week_metrics

    rs = one_rule("metric", '{ metric = "monotony", above = 2.0 }', tmp_path, severity="warn")
    varied = plan("run easy 30", "run intervals hard 50", "", "run easy 40", "", "run tempo hard 45", "run long 90")
    assert run(rs, varied) == ()
    samey = plan(*["run easy 40 rpe=5"] * 6, "run easy 44 rpe=5")
    (f,) = run(rs, samey)
    assert f.message.startswith("training monotony ") and f.message.endswith("in the week of Mon 4 Jan: above 2.00")

    p = weeks(*[["run easy 40", "run intervals hard 50 | strength lower moderate 30", "", "run easy 30",
                 "strength full 30", "run tempo hard 45", f"run long {80 + 10 * w}"] for w in range(6)])
    checker = Checker(rs)
    ctx = checker.context(p)
    for w, wm in enumerate(week_metrics(p)):
        for metric in ("monotony", "strain", "acwr-coupled", "acwr-uncoupled", "acwr-ewma", "ramp-run-minutes",
                       "ramp-load", "load"):
            expected = getattr(wm, metric.replace("-", "_"))
            got = value_of(ctx, metric, w)
            assert got == pytest.approx(expected) if expected is not None else got is None, (metric, w)


def test_metric_acwr_at_least(tmp_path):
    rs = one_rule("metric", '{ metric = "acwr-coupled", at-least = 1.5 }', tmp_path, severity="warn")
    steady = weeks(*[["run easy 40"] * 7] * 5)
    assert run(rs, steady) == ()
    spike = weeks(*[["run easy 40"] * 7] * 4, ["run easy 120"] * 7)
    (f,) = run(rs, spike)
    assert f.week == 5 and "acute:chronic load ratio" in f.message and "at or above 1.50" in f.message


# --------------------------------------------------------------------------- when conditions


def test_conditions_experience_and_returning(tmp_path):
    rs = one_rule("count", '{ select = { sport = "strength" }, max = 2 }', tmp_path,
                  when='{ experience = ["beginner"] }')
    three = plan("strength full 20", "strength full 20", "strength full 20", *[""] * 4)
    assert run(rs, three) == ()  # default athlete: intermediate
    assert codes(run(rs, three, athlete=Athlete(experience="beginner"))) == ["XX101"]
    rs = one_rule("count", '{ select = { sport = "strength" }, max = 2 }', tmp_path, when="{ returning = true }")
    assert run(rs, three) == ()
    assert codes(run(rs, three, athlete=Athlete(weeks_off=6))) == ["XX101"]


@pytest.mark.parametrize("kind", KIND_NAMES)
def test_each_kind_has_a_test_here(kind):
    text = open(__file__, encoding="utf-8").read()
    assert f'one_rule("{kind}"' in text


@pytest.mark.parametrize("kind", BUILTIN_KINDS, ids=lambda k: k.name)
def test_every_option_is_documented(kind):
    import attrs

    from runlift.converter import kebab

    for a in attrs.fields(kind.options):
        if a.init:
            assert f"``{kebab(a.name)}``" in kind.reference, f"{kind.name}: option {kebab(a.name)} is not documented"


def test_reference_markdown_lists_every_kind():
    from runlift.kinds import reference_markdown

    text = reference_markdown()
    assert all(f"## `{name}`" in text for name in KIND_NAMES)
