"""The bad-week corpus: weeks the articles warn against, each caught by the rule that encodes the warning.

Every file in ``tests/data/weeks/`` is a real plan file (CSV or runlift JSON), read with the same reader
``runlift check`` uses and checked against ``tests/data/rulesets/article-warnings.toml``. A ``bad-*`` week
must be flagged by its expected rule (and for error rules, at error level); its matching ``good-*`` week
fixes the problem the way the article says and has no error-level finding at all.
"""

from __future__ import annotations

import pytest

from plan_builders import DATA, RULESETS
from runlift.checker import Checker
from runlift.planio import read_plan
from runlift.testing import load_ruleset

WEEKS = DATA / "weeks"

#: bad week -> (expected rule, what the message must say, the matching good week)
CORPUS = {
    # Runna: "avoid heavy leg lifting close to high-intensity running"
    "bad-heavy-squats-before-intervals.csv": (
        "TW101", "heavy lower-body lifting on Wed 6 Jan, the day before intervals",
        "good-leg-lifting-after-intervals.csv"),
    # Runna: "when the run matters, run first and lift afterwards"
    "bad-lifting-before-tempo.csv": (
        "TW103", "moderate upper-body lifting before tempo run on Fri 8 Jan: tempo run should come first",
        "good-tempo-then-lifting.csv"),
    # Runna: "avoid hard workouts on consecutive days"
    "bad-three-hard-days-in-a-row.csv": (
        "TW104", "3 days in a row with hard sessions, Fri 8 Jan to Sun 10 Jan: at most 2",
        "good-balanced-week.csv"),
    # David: "no heavy lifting within 10 days of a marathon"
    "bad-heavy-lifting-three-days-before-marathon.json": (
        "TW105", "heavy lower-body lifting on Thu 7 Jan, 3 days before the marathon: none in the last 10 days",
        "good-race-week-mobility-only.json"),
    # Kissane (5-3-2): "at least one rest day a week"
    "bad-no-rest-day.csv": (
        "TW106", "no days without training in the week of Mon 4 Jan: at least 1 wanted",
        "good-balanced-week.csv"),
    # David: race phase is maintenance, not nothing
    "bad-strength-skipped-in-race-season.json": (
        "TW107", "no strength sessions in the week of Mon 4 Jan: at least 1 wanted",
        "good-strength-kept-in-race-season.json"),
    # Runna: "no heavy lifting on the long-run day"
    "bad-heavy-lifting-on-long-run-day.csv": (
        "TW102", "heavy full-body lifting on Sun 10 Jan, the same day as the long run",
        "good-balanced-week.csv"),
    # Runna: two sessions a week, three at most
    "bad-four-strength-sessions.csv": (
        "TW108", "4 strength sessions (Wed, Thu, Fri, Sat) in the week of Mon 4 Jan: at most 3",
        "good-balanced-week.csv"),
    # Runna: beginners bring strength in gradually
    "bad-four-strength-sessions-for-a-beginner.json": (
        "TW109", "4 strength sessions (Wed, Thu, Fri, Sat) in the week of Mon 4 Jan: at most 2",
        "good-two-strength-sessions-for-a-beginner.json"),
    # Kissane / Runna: 20-30 minutes per session
    "bad-fifty-minute-strength-session.csv": (
        "TW110", "moderate lower-body lifting on Wed 6 Jan lasts 50 min: 20-30 min wanted",
        "good-balanced-week.csv"),
    # Kissane: 3 sets of 5-12 reps
    "bad-five-by-twenty-reps.json": (
        "TW111", "goblet squat 5×20 in moderate lower-body lifting on Wed 6 Jan: 5 sets, exactly 3 wanted; "
                 "20 reps, 5-12 wanted",
        "good-three-by-ten-reps.json"),
    # Periodized: a little more each week, never double
    "bad-strength-volume-doubles.json": (
        "TW112", "strength volume (sets × reps) up from 77 to 149 (+94 %) in the week of Mon 11 Jan: "
                 "at most +50 % or +30 a week",
        "good-strength-volume-grows-slowly.json"),
    # Periodized: planned lighter weeks
    "bad-no-deload-in-six-weeks.csv": (
        "TW113", "no lighter week in 4 weeks, Mon 4 Jan to Sun 31 Jan: strength minutes should drop to 70 % of "
                 "the week before at least every 4 weeks",
        "good-lighter-fourth-week.csv"),
    # David: the three pillars every week
    "bad-missing-isometric-and-mobility.csv": (
        "TW114", "the week of Mon 4 Jan has no isometric or mobility work",
        "good-balanced-week.csv"),
    # David: mobility, then activation, then the compound lifts
    "bad-squats-before-warm-up.json": (
        "TW115", "moderate lower-body lifting on Wed 6 Jan starts with goblet squat (compound), not mobility; "
                 "compound work before mobility work (wanted mobility → isometric → compound)",
        "good-warm-up-then-squats.json"),
    # Runna: hard days hard, easy days easy (monotony as the proxy)
    "bad-same-load-every-day.json": (
        "TW116", "training monotony 2.45 in the week of Mon 4 Jan: above 2.00",
        "good-hard-and-easy-days.json"),
    # Periodized: 24 h between high-intensity running and intense lifting
    "bad-lifting-evening-before-intervals.csv": (
        "TW117", "heavy upper-body lifting on Mon 4 Jan ends 12.5 h before intervals on Tue 5 Jan: "
                 "at least 24 h wanted",
        "good-balanced-week.csv"),
    # Runna: several hours between the run and the lift
    "bad-lifting-straight-after-tempo.csv": (
        "TW119", "only 0 h between tempo run and light upper-body lifting on Fri 8 Jan: at least 3 h wanted",
        "good-tempo-then-lifting.csv"),
    # Periodized: running rises about 10 % a week at most
    "bad-running-minutes-jump.csv": (
        "TW120", "running minutes up from 295 to 442 (+50 %) in the week of Mon 11 Jan: at most +10 % a week",
        "good-running-minutes-creep-up.csv"),
}


@pytest.fixture(scope="module")
def checker():
    return Checker(load_ruleset(str(RULESETS / "article-warnings.toml")))


def findings(checker, name):
    return checker.check(read_plan(WEEKS / name))


def test_the_corpus_is_big_enough_and_complete():
    assert len(CORPUS) >= 12
    files = {p.name for p in WEEKS.iterdir()}
    named = set(CORPUS) | {good for _, _, good in CORPUS.values()}
    assert files == named, "every file in tests/data/weeks is in the corpus table, and every named file exists"
    assert {p.suffix for p in WEEKS.iterdir()} == {".csv", ".json"}


@pytest.mark.parametrize("bad", sorted(CORPUS))
def test_bad_week_is_flagged_by_its_rule(checker, bad):
    code, message, _ = CORPUS[bad]
    found = findings(checker, bad)
    mine = [f for f in found if f.code == code]
    assert mine, f"{bad}: {code} did not fire; got {[(f.code, f.message) for f in found]}"
    assert message in [f.message for f in mine]
    rule = checker.ruleset.rule(code)
    assert all(f.severity == ("warn" if rule.options.__class__.__name__ == "SameDayOptions"
                              and rule.options.mode == "should" else rule.severity) for f in mine)
    assert all(f.rationale == rule.rationale and f.source for f in mine)


@pytest.mark.parametrize("bad", sorted(CORPUS))
def test_matching_good_week_passes(checker, bad):
    code, _, good = CORPUS[bad]
    found = findings(checker, good)
    assert [f for f in found if f.severity == "error"] == []
    assert code not in {f.code for f in found}


def test_the_balanced_week_is_clean(checker):
    assert findings(checker, "good-balanced-week.csv") == ()


def test_every_rule_of_the_test_ruleset_is_exercised(checker):
    fired = {code for code, _, _ in CORPUS.values()}
    rules = {r.code for r in checker.ruleset.rules}
    assert rules - fired == {"TW118"}  # the "should" preference: see test_should_rule_only_warns


def test_should_rule_only_warns(checker):
    found = [f for f in findings(checker, "bad-lifting-evening-before-intervals.csv") if f.code == "TW118"]
    assert [(f.severity, f.message) for f in found] == [
        ("warn", "heavy upper-body lifting on Mon 4 Jan is not on a day with a quality run")]
