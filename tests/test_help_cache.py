"""``runlift --help`` served from the on-disk cache is byte for byte what Click prints, at every width."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

CLICK_HELP = "from runlift.cli import cli\ncli(['--help'], prog_name='runlift')"
ENTRY_HELP = """
import json, sys
sys.argv = ['runlift', FLAG]
from runlift.entry import main
main()
print(json.dumps(sorted(m for m in ('click', 'runlift.cli') if m in sys.modules)), file=sys.stderr)
"""


def run(code: str, cache_dir, **env) -> subprocess.CompletedProcess:
    environ = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "RUNLIFT_NO_CACHE")}
    environ.update(RUNLIFT_CACHE_DIR=str(cache_dir), **env)
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=environ, check=True)


def entry_help(cache_dir, flag="--help", **env) -> tuple[str, list[str]]:
    result = run(ENTRY_HELP.replace("FLAG", repr(flag)), cache_dir, **env)
    return result.stdout, json.loads(result.stderr.strip().splitlines()[-1])


@pytest.mark.parametrize("columns", [None, "60", "200", "20"])
def test_cached_help_is_clicks_help(tmp_path, columns):
    env = {"COLUMNS": columns} if columns else {}
    clicks = run(CLICK_HELP, tmp_path / "unused", **env).stdout
    first, first_imports = entry_help(tmp_path, **env)
    second, second_imports = entry_help(tmp_path, "-h", **env)
    assert first == second == clicks
    assert "Commands:" in clicks and "compare" in clicks
    assert first_imports == ["click", "runlift.cli"]  # rendered by Click and stored
    assert second_imports == []  # printed from the cache, Click never imported


def test_each_width_has_its_own_entry(tmp_path):
    narrow, _ = entry_help(tmp_path, COLUMNS="56")
    wide, imports = entry_help(tmp_path, COLUMNS="100")
    assert imports == ["click", "runlift.cli"]  # not the 56-column text
    assert max(map(len, narrow.splitlines())) <= 54 < max(map(len, wide.splitlines()))


def test_no_cache_renders_every_time(tmp_path):
    entry_help(tmp_path)
    text, imports = entry_help(tmp_path, RUNLIFT_NO_CACHE="1")
    assert imports == ["click", "runlift.cli"] and "Commands:" in text


def test_python_m_runlift_and_other_arguments_go_to_click(tmp_path):
    result = subprocess.run([sys.executable, "-m", "runlift", "rulesets", "--help"], capture_output=True,
                            text=True, env={**os.environ, "RUNLIFT_CACHE_DIR": str(tmp_path)})
    assert result.returncode == 0 and result.stdout.startswith("Usage: runlift rulesets")
