"""`runlift --help` stays fast: it imports neither cattrs nor tomllib nor any plugin."""

from __future__ import annotations

import json
import subprocess
import sys

PROBE = """
import json, sys
from runlift.cli import cli
try:
    cli.main(["--help"], prog_name="runlift")
except SystemExit:
    pass
heavy = ("cattrs", "tomllib", "pluggy", "rich", "icalendar", "runlift.plugins.runna", "runlift.planner",
         "runlift.checker", "runlift.loader")
print(json.dumps(sorted(m for m in heavy if m in sys.modules)), file=sys.stderr)
"""


def test_help_imports_nothing_heavy():
    result = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True, check=True)
    assert "Commands:" in result.stdout and "compare" in result.stdout
    assert json.loads(result.stderr.strip().splitlines()[-1]) == []


def test_version():
    result = subprocess.run([sys.executable, "-m", "runlift", "--version"], capture_output=True, text=True)
    from runlift import __version__

    assert result.returncode == 0 and result.stdout == f"runlift, version {__version__}\n"


GC_PROBE = """
import gc, sys
from runlift import entry
sys.argv = ["runlift", "--version"]
try:
    entry.main()
except SystemExit:
    pass
print(gc.get_threshold() == entry.GC_THRESHOLDS, gc.get_threshold() != (700, 10, 10), file=sys.stderr)
print(gc.get_freeze_count() > 10_000, file=sys.stderr)  # what is left for the shutdown is frozen
"""


def test_commands_run_the_garbage_collector_rarely_and_not_at_exit():
    """A command (anything but the cached help) runs with runlift's collector thresholds, not CPython's, and
    leaves its objects frozen, out of the collections of the interpreter's shutdown."""
    result = subprocess.run([sys.executable, "-c", GC_PROBE], capture_output=True, text=True, check=True)
    assert result.stdout.startswith("runlift, version")
    assert result.stderr.split() == ["True", "True", "True"]
