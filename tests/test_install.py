"""Install runlift's wheel and the example plugin into a fresh virtual environment and run them.

This catches missing package data (rulesets, catalog) and exercises real entry-point loading.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import venv
from pathlib import Path

import pytest

ROOT = Path(__file__).parent.parent
EXAMPLE = ROOT / "examples" / "runlift-hills"


@pytest.fixture(scope="session")
def installed(tmp_path_factory):
    """A fresh venv with the runlift wheel and the runlift-hills wheel installed (deps from the index)."""
    base = tmp_path_factory.mktemp("install")
    dist = base / "dist"
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "-w", str(dist), str(ROOT),
                    str(EXAMPLE)], check=True)
    env_dir = base / "venv"
    venv.create(env_dir, with_pip=True)
    bindir = env_dir / ("Scripts" if os.name == "nt" else "bin")
    wheels = sorted(str(p) for p in dist.glob("*.whl"))
    assert len(wheels) == 2, wheels
    subprocess.run([str(bindir / "python"), "-m", "pip", "install", "--quiet", *wheels], check=True)
    return bindir


def run(bindir, *args, env_extra=None):
    env = {k: v for k, v in os.environ.items() if not k.startswith("RUNLIFT_")}
    env.update(env_extra or {})
    return subprocess.run([str(bindir / "runlift"), *args], capture_output=True, text=True, env=env,
                          cwd=bindir.parent)


def test_wheel_ships_package_data_and_lists_rulesets(installed):
    result = run(installed, "rulesets", "--format", "json")
    assert result.returncode == 0, result.stderr
    names = {r["name"] for r in json.loads(result.stdout)}
    assert "hills" in names
    assert {"runna", "five-three-two", "pillars", "return-from-break", "periodized"} <= names


def test_entry_point_plugin_is_listed_with_its_distribution(installed):
    result = run(installed, "plugins")
    assert result.returncode == 0, result.stderr
    (entry,) = json.loads(result.stdout)
    assert entry["name"] == "hills"
    assert entry["distribution"] == "runlift-hills" and entry["version"] == "1.0.0"
    assert "runlift_register_rulesets" in entry["hooks"] and "runlift_register_rule_kinds" in entry["hooks"]


def test_autoload_can_be_disabled_and_a_plugin_blocked(installed):
    for result in (run(installed, "rulesets", env_extra={"RUNLIFT_DISABLE_PLUGIN_AUTOLOAD": "1"}),
                   run(installed, "-p", "no:hills", "rulesets")):
        assert result.returncode == 0, result.stderr
        assert "hills" not in result.stdout and "runna" in result.stdout


def test_example_ruleset_extends_a_builtin_and_uses_its_own_kind(installed):
    result = run(installed, "show", "hills", "--format", "json")
    assert result.returncode == 0, result.stderr
    shown = json.loads(result.stdout)
    assert shown["extends"] == ["runna"]
    kinds = {r["code"]: r["kind"] for r in shown["rules"]}
    assert kinds["HL101"] == "share"
    assert any(code.startswith("RN") for code in kinds)
