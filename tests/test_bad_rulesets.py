"""Every malformed ruleset in tests/data/bad_rulesets gives its exact message, exit 2, no traceback.

Each case file starts with ``# expect: <line>`` comments: the exact stderr lines, in order.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from runlift.cli import cli

CASES = Path(__file__).parent / "data" / "bad_rulesets"


def expected_lines(path: Path) -> list[str]:
    lines = path.read_text(encoding="utf-8").splitlines()
    return [line[len("# expect: "):] for line in lines if line.startswith("# expect: ")]


@pytest.mark.parametrize("case", sorted(p.name for p in CASES.glob("*.toml")))
def test_bad_ruleset_message(case, monkeypatch):
    monkeypatch.chdir(CASES)
    monkeypatch.setenv("RUNLIFT_DISABLE_PLUGIN_AUTOLOAD", "1")
    result = CliRunner().invoke(cli, ["validate", case])
    expected = [f"runlift: error: {line}" for line in expected_lines(CASES / case)]
    assert expected, f"{case} states no expected message"
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    assert result.stderr.splitlines() == expected


def test_there_are_at_least_fifteen_cases():
    assert len(list(CASES.glob("*.toml"))) >= 15
