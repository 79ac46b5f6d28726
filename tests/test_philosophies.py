"""The five built-in philosophies: they load, every rule is traced to its article, they really differ where
the articles differ, the generated docs match them, and the coach's example ruleset extends one."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from plan_builders import plan
from runlift.checker import Checker
from runlift.cli import App, cli
from runlift.model import Athlete
from runlift.plugin_manager import DEFAULT_PLUGINS
from runlift.ruleset_view import philosophies_markdown
from runlift.testing import load_ruleset, plugins_with

ROOT = Path(__file__).parent.parent
COACH = ROOT / "examples" / "rulesets" / "coach.toml"
SEEDS = ROOT.parent / "shared" / "seeds"

#: name -> (code prefix, plugin module, seed file of the article it encodes)
PHILOSOPHIES = {
    "runna": ("RN", "runna", "003_f3b4b264a454bad0.txt"),
    "five-three-two": ("FT", "five_three_two", "004_d30c71082c0400b3.txt"),
    "pillars": ("PL", "pillars", "002_fad0c57153f2b03c.txt"),
    "return-from-break": ("RB", "return_from_break", "000_7cece40c94c4f222.txt"),
    "periodized": ("PZ", "periodized", "001_4f63045714cffa63.txt"),
}


@pytest.fixture(scope="module")
def rulesets():
    from runlift.loader import RulesetLoader

    loader = RulesetLoader(plugins_with())
    return {name: loader.load(name) for name in PHILOSOPHIES}


def invoke(*args):
    return CliRunner().invoke(cli, list(args), obj=App(plugins=plugins_with()))


# --------------------------------------------------------------------------- registration


def test_builtin_plugins_in_order():
    assert DEFAULT_PLUGINS == ("runlift.plugins.rule_kinds", "runlift.plugins.runna",
                               "runlift.plugins.five_three_two", "runlift.plugins.pillars",
                               "runlift.plugins.return_from_break", "runlift.plugins.periodized")


def test_each_philosophy_is_registered_by_its_own_plugin():
    sources = plugins_with().rulesets
    for name, (_, module, _) in PHILOSOPHIES.items():
        assert sources[name].plugin == module
        assert sources[name].resource == ("runlift.rulesets", f"{name}.toml")


def test_runlift_rulesets_lists_all_five():
    result = invoke("rulesets", "--format", "json")
    assert result.exit_code == 0, result.output
    rows = {r["name"]: r for r in json.loads(result.output)}
    assert set(PHILOSOPHIES) <= set(rows)
    for name, (_, module, _) in PHILOSOPHIES.items():
        assert rows[name]["plugin"] == f"{module} (built-in)"
        assert rows[name]["rules"] >= 10


def test_validate_every_ruleset_file():
    paths = [str(ROOT / "rulesets" / f"{name}.toml") for name in PHILOSOPHIES]
    result = invoke("validate", *paths)
    assert result.exit_code == 0, result.output
    assert result.output.count("ok: ") == 5


@pytest.mark.parametrize("name", list(PHILOSOPHIES))
def test_show_renders_each_ruleset(name):
    result = invoke("show", name)
    assert result.exit_code == 0, result.output
    assert "Rules of kind" in result.output and "Deliberately left out:" in result.output


# --------------------------------------------------------------------------- tracing to the articles


@pytest.mark.parametrize("name", list(PHILOSOPHIES))
def test_every_rule_has_a_rationale_and_a_cited_section(name, rulesets):
    rs = rulesets[name]
    assert rs.sources, "a philosophy names the article it encodes"
    for src in rs.sources:
        assert src.title and src.author
    for rule in rs.rules:
        assert len(rule.rationale) >= 40, f"{rule.code} needs a rationale"
        assert rule.source is not None and rule.source.section, f"{rule.code} needs a source section"
        assert rs.source(rule.source.ref) is not None
        assert rs.cite(rule).startswith('"')


@pytest.mark.parametrize("name", list(PHILOSOPHIES))
def test_codes_carry_the_philosophy_prefix_and_names_are_kebab_case(name, rulesets):
    prefix = PHILOSOPHIES[name][0]
    for rule in rulesets[name].rules:
        assert re.fullmatch(rf"{prefix}1\d\d", rule.code), rule.code
        assert re.fullmatch(r"[a-z][a-z0-9]*(-[a-z0-9]+)*", rule.name), rule.name


def test_codes_and_names_are_unique_across_philosophies(rulesets):
    codes = [r.code for rs in rulesets.values() for r in rs.rules]
    assert len(codes) == len(set(codes))
    for rs in rulesets.values():
        names = [r.name for r in rs.rules]
        assert len(names) == len(set(names))


@pytest.mark.parametrize("name", list(PHILOSOPHIES))
def test_deliberate_omissions_are_listed_with_reasons(name, rulesets):
    omissions = rulesets[name].omissions
    assert len(omissions) >= 5
    for text in omissions:
        assert ":" in text and len(text) > 60, f"an omission says what and why: {text!r}"


@pytest.mark.parametrize("name", list(PHILOSOPHIES))
def test_section_citations_exist_in_the_article(name, rulesets):
    seed = SEEDS / PHILOSOPHIES[name][2]
    if not seed.exists():
        pytest.skip("the source articles are not available here")
    text = _norm(seed.read_text(encoding="utf-8"))
    for rule in rulesets[name].rules:
        section = rule.source.section
        if section.startswith("opening paragraphs"):
            continue
        assert _norm(section) in text, f"{rule.code}: section {section!r} is not a heading of the article"


@pytest.mark.parametrize("name", list(PHILOSOPHIES))
def test_rationales_are_not_copied_from_the_article(name, rulesets):
    """No rationale or omission shares a run of eight words with its article (paraphrase, never copy)."""
    seed = SEEDS / PHILOSOPHIES[name][2]
    if not seed.exists():
        pytest.skip("the source articles are not available here")
    article = _ngrams(seed.read_text(encoding="utf-8"), 8)
    rs = rulesets[name]
    for label, text in [(r.code, r.rationale) for r in rs.rules] + [("omission", o) for o in rs.omissions]:
        shared = _ngrams(text, 8) & article
        assert not shared, f"{label} repeats the article word for word: {' '.join(sorted(shared)[0])!r}"


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("’", "'").replace("“", '"').replace("”", '"')).lower()


def _ngrams(text: str, n: int) -> set[tuple[str, ...]]:
    words = re.findall(r"[a-z0-9]+", _norm(text))
    return {tuple(words[i:i + n]) for i in range(len(words) - n + 1)}


# --------------------------------------------------------------------------- what each philosophy says


def _codes(ruleset, *days, athlete=None, phase=None):
    p = plan(*days, phases=[phase or ruleset.phases[-1].name] * (len(days) // 7))
    return {f.code: f.severity for f in Checker(ruleset, athlete=athlete or Athlete()).check(p)}


#: Monday: a moderate lower-body lift first, then the tempo run (the periodized article's example).
LIFT_THEN_TEMPO = ["strength lower moderate 30 | run tempo hard 45", "run easy 40", "", "run easy 40", "",
                   "run easy 40", "run long moderate 90"]
#: The same day the other way round: run first, lift later.
TEMPO_THEN_LIFT = ["run tempo hard 45 am | strength lower moderate 30 pm"] + LIFT_THEN_TEMPO[1:]


def test_lift_first_on_a_speed_day_divides_the_philosophies(rulesets):
    """runna, 5-3-2 and pillars run first on quality days; the periodized article lifts earlier."""
    lift_first = {name: _codes(rs, *LIFT_THEN_TEMPO) for name, rs in rulesets.items()}
    assert lift_first["runna"]["RN111"] == "error"
    assert lift_first["pillars"]["PL122"] == "error"
    assert lift_first["five-three-two"]["FT117"] == "warn"
    assert not any(code.startswith("PZ106") for code in lift_first["periodized"])
    run_first = {name: _codes(rs, *TEMPO_THEN_LIFT) for name, rs in rulesets.items()}
    assert "RN111" not in run_first["runna"] and "PL122" not in run_first["pillars"]
    assert run_first["periodized"]["PZ106"] == "warn"


def test_heavy_lifting_on_the_long_run_day(rulesets):
    days = ["run easy 40", "run tempo hard 45", "", "run easy 40", "", "run easy 40",
            "run long moderate 90 am | strength lower hard 30 pm"]
    assert _codes(rulesets["runna"], *days)["RN114"] == "error"


def test_heavy_legs_the_day_before_intervals(rulesets):
    days = ["strength lower hard 40", "run intervals hard 45", "", "run easy 40", "", "run easy 40",
            "run long moderate 90"]
    assert _codes(rulesets["runna"], *days)["RN109"] == "error"
    assert _codes(rulesets["five-three-two"], *days)["FT112"] == "error"
    assert _codes(rulesets["pillars"], *days, phase="build")["PL123"] == "error"
    assert _codes(rulesets["periodized"], *days)["PZ104"] == "error"


def test_the_article_example_week_of_the_5_3_2_rule_passes(rulesets):
    example = ["run easy 40", "run tempo hard 45 am | strength upper moderate 30 pm",
               "run easy 30 | strength lower moderate 30", "", "run intervals hard 45", "run long moderate 90",
               "strength full moderate 30"]
    found = _codes(rulesets["five-three-two"], *example)
    assert not [c for c, sev in found.items() if sev == "error"], found


def test_runna_sample_week_passes(rulesets):
    sample = ["run intervals hard 45 am | strength lower moderate 30 pm", "run easy 40", "",
              "run easy 40 | strength full moderate 25", "", "", "run long moderate 90"]
    found = _codes(rulesets["runna"], *sample)
    assert not [c for c, sev in found.items() if sev == "error"], found


def test_three_sessions_only_for_experienced_runners(rulesets):
    days = ["run easy 40 | strength lower moderate 25", "run tempo hard 45", "strength upper moderate 25",
            "run easy 40", "strength full moderate 25", "", "run long moderate 90"]
    rs = rulesets["runna"]
    assert _codes(rs, *days, athlete=Athlete(experience="intermediate"))["RN101"] == "error"
    assert "RN102" not in _codes(rs, *days, athlete=Athlete(experience="advanced"))


def test_pillars_marathon_taper_window(rulesets):
    from runlift.model import Race
    import datetime as dt

    race = Race(distance="marathon", date=dt.date(2027, 1, 24))  # Sunday of week 3
    days = ["run easy 40"] * 14 + ["strength lower hard 30", "run easy 40", "", "", "", "", "run race hard 240"]
    # a heavy lift on Mon 18 Jan is 6 days before the marathon: inside the 10-day window
    found = _codes(rulesets["pillars"], *days, athlete=Athlete(race=race), phase="race")
    assert found["PL125"] == "error"


def test_return_from_break_keeps_runs_easy_on_lifting_days(rulesets):
    days = ["run tempo hard 45 | strength full easy 20", "", "run easy 30", "", "", "", "run long moderate 70"]
    found = _codes(rulesets["return-from-break"], *days, phase="reactivate")
    assert found["RB108"] == "error"
    assert "RB108" not in _codes(rulesets["return-from-break"], *days, phase="handover")


def test_return_from_break_hands_over_to_runna(rulesets):
    assert rulesets["return-from-break"].then == "runna"


# --------------------------------------------------------------------------- docs and the coach example


def test_docs_philosophies_md_is_generated_from_the_rulesets(rulesets):
    committed = (ROOT / "docs" / "philosophies.md").read_text(encoding="utf-8")
    generated = philosophies_markdown([rulesets[name] for name in PHILOSOPHIES])
    assert committed == generated, "docs/philosophies.md is out of date: run python docs/generate.py"


def test_docs_generate_script_check_mode():
    result = subprocess.run([sys.executable, str(ROOT / "docs" / "generate.py"), "--check"],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_coach_example_extends_runna():
    coach = load_ruleset(str(COACH))
    runna = load_ruleset("runna")
    assert coach.name == "coach-sam" and coach.extends == ("runna",)
    # changes an option, keeping the rest of the rule
    assert coach.rule("RN105").options.max == 40
    assert coach.rule("RN105").options.min == runna.rule("RN105").options.min == 20
    assert runna.rule("RN105").options.max == 30
    # raises a severity, keeping the options
    assert runna.rule("RN112").severity == "warn"
    assert coach.rule("RN112").severity == "error"
    assert coach.rule("RN112").options == runna.rule("RN112").options
    # ignores a rule
    assert runna.rule("RN120").runs and not coach.rule("RN120").runs
    # inherits everything else
    assert {r.code for r in coach.rules} == {r.code for r in runna.rules}
    assert coach.rule("RN114") == runna.rule("RN114")


def test_coach_example_checks_differently_from_runna():
    coach = load_ruleset(str(COACH))
    runna = load_ruleset("runna")
    week = ["run intervals hard 45 am | strength lower moderate 35 am", "run easy 40", "", "run easy 40", "", "",
            "run long moderate 90"]
    under_runna, under_coach = _codes(runna, *week), _codes(coach, *week)
    assert under_runna["RN105"] == "warn" and "RN105" not in under_coach       # 35 minutes is fine for Sam
    assert under_runna["RN112"] == "warn" and under_coach["RN112"] == "error"  # same-day gap is a hard rule


def test_coach_example_through_the_cli():
    result = invoke("validate", str(COACH))
    assert result.exit_code == 0, result.output
    result = invoke("show", str(COACH), "--format", "json")
    data = json.loads(result.output)
    rules = {r["code"]: r for r in data["rules"]}
    assert rules["RN120"]["active"] is False
    assert rules["RN112"]["severity"] == "error"


# --------------------------------------------------------------------------- the pillars plugin's planner hook


def _targets(phase, strength, cutback=False):
    from runlift.planner import StrengthTarget, WeekTargets

    return WeekTargets(phase=phase, run_minutes=200, run_days=5, long_run=True, quality=(), strides=False,
                       strength=tuple(StrengthTarget(*s) for s in strength), mobility=1, mobility_minutes=20,
                       mobility_type="mobility", rest_days=1, cutback=cutback)


def test_pillars_runlift_adjust_week_targets_home_and_gym_templates(rulesets):
    from runlift.plugins import pillars

    gym_base = _targets("base", [("lower", "hard", 35), ("upper", "hard", 35), ("full", "hard", 35)])
    rs = rulesets["pillars"]
    # gym: the optional third day is the moderate full-body reset day
    out = pillars.runlift_adjust_week_targets(gym_base, None, Athlete(equipment="gym"), rs)
    assert [(s.type, s.intensity, s.minutes) for s in out.strength] == [
        ("lower", "hard", 35), ("upper", "hard", 35), ("full", "moderate", 30)]
    # home: two 30-minute circuits
    out = pillars.runlift_adjust_week_targets(gym_base, None, Athlete(equipment="home"), rs)
    assert [(s.type, s.intensity, s.minutes) for s in out.strength] == [("circuit", "moderate", 30)] * 2
    # not in the build, not in a cut-back week, not for other philosophies
    build = _targets("build", [("plyometric", "moderate", 30), ("lower", "moderate", 30)])
    assert pillars.runlift_adjust_week_targets(build, None, Athlete(equipment="home"), rs) is None
    cut = _targets("base", [("isometric", "easy", 30)], cutback=True)
    assert pillars.runlift_adjust_week_targets(cut, None, Athlete(equipment="home"), rs) is None
    runna_week = _targets("training", [("lower", "moderate", 30)] * 3)
    assert pillars.runlift_adjust_week_targets(runna_week, None, Athlete(equipment="home"),
                                               rulesets["runna"]) is None


def test_pillars_home_template_in_a_plan(rulesets):
    from runlift.planner import Planner

    athlete = Athlete(equipment="home", start=__import__("datetime").date(2027, 1, 4))
    result = Planner(rulesets["pillars"], plugins=plugins_with()).plan(athlete, weeks=16)
    base = [s for d in result.plan.weeks[0].days for s in d.sessions if s.sport == "strength"]
    assert [(s.type, s.minutes) for s in base] == [("circuit", 30), ("circuit", 30)]
    assert not [f for f in result.findings if f.severity == "error"]
