"""``runlift explain CODE``: one rule with its rationale and citation, clean errors for unknown codes."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from runlift.cli import App, cli
from runlift.testing import plugins_with

ROOT = Path(__file__).parent.parent
COACH = str(ROOT / "examples" / "rulesets" / "coach.toml")


def run(*args):
    return CliRunner().invoke(cli, list(args), obj=App(plugins=plugins_with()))


def test_explain_finds_a_code_in_any_builtin_ruleset():
    result = run("explain", "RN114")
    assert result.exit_code == 0, result.output
    assert "runna — Runna-style two sessions (rule kind: same-day)" in result.output
    assert "RN114 no-heavy-lift-on-long-run-day [error]" in result.output
    assert "why: The long-run day carries no heavy lifting" in result.output
    assert 'source: "How to balance strength training and running", Anya Culling, section "A sensible way' \
           in result.output


def test_explain_accepts_lower_case_codes_and_rule_names():
    by_code = run("explain", "pl125")
    by_name = run("explain", "no-heavy-lifting-before-the-race")
    assert by_code.exit_code == by_name.exit_code == 0
    assert by_code.output == by_name.output
    assert "PL125 no-heavy-lifting-before-the-race [error]" in by_code.output


def test_explain_json():
    result = run("explain", "PZ106", "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["ruleset"] == "periodized"
    assert data["code"] == "PZ106"
    assert data["kind"] == "same-day-order"
    assert data["severity"] == "warn"
    assert data["options"]["first"] == {"tags": ["strength"]}
    assert data["rationale"]
    assert data["source"].startswith('"Strategies to combine running with strength training')


def test_explain_unknown_code_is_a_clean_error_with_a_suggestion():
    result = run("explain", "RN14")
    assert result.exit_code == 2
    assert "Traceback" not in result.output
    assert "runlift: error: no rule 'RN14' in any registered ruleset; did you mean 'RN114'?" in result.output


def test_explain_in_one_ruleset_only():
    result = run("explain", "PL101", "--ruleset", "runna")
    assert result.exit_code == 2
    assert "no rule 'PL101' in ruleset 'runna'; did you mean 'RN101'?" in result.output
    assert run("explain", "PL101", "--ruleset", "pillars").exit_code == 0


def test_explain_a_rule_a_ruleset_file_overrides():
    result = run("explain", "RN105", "--ruleset", COACH, "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["ruleset"] == "coach-sam"
    assert data["options"]["max"] == 40
    assert "busy gym" in data["rationale"]


def test_explain_unknown_ruleset_is_a_clean_error():
    result = run("explain", "RN101", "--ruleset", "runa")
    assert result.exit_code == 2
    assert "unknown ruleset 'runa'; did you mean 'runna'?" in result.output
