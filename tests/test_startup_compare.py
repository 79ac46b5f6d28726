"""`runlift compare` start-up: what a warm run does not import, and planning in forked workers."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from runlift.commands.compare import builtin_rulesets
from runlift.compare import compare, run_shared
from runlift.compare_view import to_data, to_text
from runlift.defaults import DEFAULT_ATHLETE
from runlift.loader import RulesetLoader
from runlift.plugin_manager import Plugins, may_declare_entry_points

PROBE = """
import io, json, sys
already = set(sys.modules)  # what the interpreter's site set-up imported (e.g. for an editable install)
from runlift.cli import cli
sys.stdout = io.StringIO()
try:
    cli.main(["compare"], prog_name="runlift")
except SystemExit:
    pass
heavy = ("cattrs", "tomllib", "importlib.metadata", "importlib.resources", "email", "difflib", "rich")
print(json.dumps(sorted(m for m in heavy if m in sys.modules and m not in already)), file=sys.stderr)
"""


def test_a_warm_compare_reads_the_cache_without_the_config_machinery(tmp_path):
    env = {**os.environ, "RUNLIFT_CACHE_DIR": str(tmp_path / "cache"), "RUNLIFT_DISABLE_PLUGIN_AUTOLOAD": "1"}
    env.pop("RUNLIFT_NO_CACHE", None)
    for _ in range(2):  # the first run fills the cache
        result = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True, env=env, check=True)
    assert json.loads(result.stderr.strip().splitlines()[-1]) == []


@pytest.fixture(scope="module")
def setup():
    plugins = Plugins.load(load_entrypoints=False)
    loader = RulesetLoader(plugins)
    return plugins, [loader.load(name) for name in builtin_rulesets(plugins)]


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs os.fork")
def test_the_comparison_is_the_same_whatever_the_number_of_processes(setup):
    plugins, rulesets = setup
    serial = compare(rulesets, DEFAULT_ATHLETE, plugins=plugins, jobs=1)
    for jobs in (2, 5):
        shared = compare(rulesets, DEFAULT_ATHLETE, plugins=plugins, jobs=jobs)
        assert shared == serial
        assert to_text(shared) == to_text(serial)
        assert to_data(shared) == to_data(serial)


def test_run_shared_keeps_the_order_and_covers_every_index():
    assert run_shared(lambda i: i * i, 7, 1) == [i * i for i in range(7)]
    assert run_shared(lambda i: i * i, 7, 3) == [i * i for i in range(7)]
    assert run_shared(lambda i: i, 1, 4) == [0]
    assert run_shared(lambda i: i, 0, 4) == []


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs os.fork")
def test_what_a_failing_worker_took_is_computed_here():
    parent = os.getpid()

    def work(i):
        if os.getpid() != parent:
            raise RuntimeError("a worker that fails")
        return -i

    assert run_shared(work, 6, 2) == [-i for i in range(6)]


@pytest.mark.parametrize("jobs", [1, 2, 3])
def test_the_first_failure_in_index_order_is_raised_whatever_the_number_of_processes(jobs):
    def work(i):
        if i in (2, 4):
            raise ValueError(f"item {i}")
        return i

    with pytest.raises(ValueError, match="item 2"):
        run_shared(work, 6, jobs)


def test_entry_point_groups_are_found_without_importlib_metadata(tmp_path, monkeypatch):
    site = tmp_path / "site"
    (site / "runlift_x-1.0.dist-info").mkdir(parents=True)
    (site / "runlift_x-1.0.dist-info" / "entry_points.txt").write_text(
        "[console_scripts]\nx = runlift_x:main\n\n[ runlift ]\nx = runlift_x\n", encoding="utf-8")
    (site / "other-2.0.dist-info").mkdir()
    (site / "other-2.0.dist-info" / "entry_points.txt").write_text("[pytest11]\nrunlift = other\n",
                                                                    encoding="utf-8")
    monkeypatch.setattr(sys, "path", [str(tmp_path / "missing"), str(site)])
    assert may_declare_entry_points("runlift")
    assert may_declare_entry_points("pytest11")
    assert not may_declare_entry_points("runlift.extra")
    zipped = tmp_path / "lib.zip"
    zipped.write_bytes(b"")
    monkeypatch.setattr(sys, "path", [str(zipped)])
    assert may_declare_entry_points("anything")  # not looked into: importlib.metadata decides
