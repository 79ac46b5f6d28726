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


EXIT_PROBE = """
import atexit, gc, sys
from runlift import entry

def at_exit():
    print("atexit ran", gc.get_threshold() == entry.GC_THRESHOLDS, gc.get_threshold() != (700, 10, 10),
          file=sys.stderr)
    sys.stdout.write("written at exit, not yet flushed")

atexit.register(at_exit)
sys.argv = ["runlift", *sys.argv[1:]]
entry.main()
print("not reached", file=sys.stderr)
"""


def test_commands_run_the_garbage_collector_rarely_and_end_without_the_teardown():
    """A command (anything but the cached help) runs with runlift's collector thresholds, not CPython's, and
    ends without the interpreter's teardown but as ``sys.exit`` would: same status, atexit functions run,
    output flushed."""
    ok = subprocess.run([sys.executable, "-c", EXIT_PROBE, "--version"], capture_output=True, text=True)
    assert ok.returncode == 0
    assert ok.stdout.startswith("runlift, version") and ok.stdout.endswith("written at exit, not yet flushed")
    assert ok.stderr.split() == ["atexit", "ran", "True", "True"]
    bad = subprocess.run([sys.executable, "-c", EXIT_PROBE, "no-such-command"], capture_output=True, text=True)
    assert bad.returncode == 2
    assert "No such command" in bad.stderr and "atexit ran" in bad.stderr and "not reached" not in bad.stderr


def test_exit_now_is_sys_exit_without_the_teardown():
    """``exit_now`` maps codes as ``sys.exit`` does: None is 0, a number is the status, anything else is
    printed to stderr with status 1."""
    probe = "import sys\nfrom runlift.entry import exit_now\nprint('out', end='')\nexit_now({})"
    for code, status, err in (("None", 0, ""), ("3", 3, ""), ("'gave up'", 1, "gave up\n")):
        result = subprocess.run([sys.executable, "-c", probe.format(code)], capture_output=True, text=True)
        assert (result.returncode, result.stdout, result.stderr) == (status, "out", err)
