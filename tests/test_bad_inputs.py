"""Every hand-made bad input in tests/bad_inputs gives its exact message, exit code 2 and no traceback.

Cases live in ``tests/bad_inputs/<area>/<case>.<ext>``, one bad input each, run through the CLI with
CliRunner from inside the area's directory (so messages name the file as a user would type it).
Each area has a default command (:data:`AREAS`); a case states what it expects in ``#`` lines, in
the file itself or, for formats that cannot hold comments (JSON, binary garbage, empty files), in a
sidecar file ``<case>.<ext>.expect`` (rosters always use one, so that the line numbers in their messages
do not depend on how many lines the expectation takes):

* ``# expect: <line>``: the exact stderr lines, in order (without the ``runlift: error: `` prefix when
  the line has it: a line starting with ``= `` is compared as is, without the ``= ``).
* ``# args: <command line>``: instead of the area's command; ``{case}`` is the case file and
  ``{out}`` a fresh directory (``{out}`` may appear in expected lines too).
* ``# load: entry-point`` (plugins only): install the case as a real distribution with a ``runlift``
  entry point in a temporary site directory and let runlift discover it; by default the case module
  is imported and passed in with :func:`runlift.testing.plugins_with`.

Files in an area's subdirectories are helpers (parents, athletes) that cases refer to.
"""

from __future__ import annotations

import importlib.metadata
import importlib.util
import shlex
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from runlift.cli import App, cli
from runlift.testing import plugins_with

ROOT = Path(__file__).parent / "bad_inputs"

#: The command each area's cases run by default.
AREAS = {
    "rulesets": "validate {case}",
    "plans": "check {case} --ruleset runna",
    "rosters": "batch {case} --ruleset runna --out {out} --jobs 1",
    "athletes": "plan --ruleset runna --athlete {case} --format json",
    "plugins": "rulesets --format json",
}
PREFIX = "runlift: error: "


def cases() -> list[str]:
    out = []
    for area in AREAS:
        for path in sorted((ROOT / area).iterdir()):
            if path.is_file() and not path.name.endswith(".expect") and not path.name.startswith("_"):
                out.append(f"{area}/{path.name}")
    return out


def directives(path: Path) -> dict[str, list[str]]:
    """The ``# key: value`` lines of the case (or of its sidecar ``.expect`` file), by key."""
    sidecar = path.with_name(path.name + ".expect")
    source = sidecar if sidecar.exists() else path
    found: dict[str, list[str]] = {"expect": [], "args": [], "load": []}
    for line in source.read_text(encoding="utf-8").splitlines():
        for key in found:
            if line.startswith(f"# {key}: "):
                found[key].append(line[len(f"# {key}: "):])
    return found


def expected_stderr(lines: list[str]) -> list[str]:
    return [line[2:] if line.startswith("= ") else PREFIX + line for line in lines]


def load_module(path: Path):
    spec = importlib.util.spec_from_file_location(f"bad_plugin_{path.stem}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def install_as_distribution(path: Path, site: Path, monkeypatch) -> None:
    """The case module as a real installed distribution ``runlift-bad-<case>`` with a ``runlift`` entry
    point, found by :mod:`importlib.metadata` on ``sys.path``; other installed plugins are hidden."""
    module = f"runlift_bad_{path.stem}"
    dist = f"runlift_bad_{path.stem}-0.1.dist-info"
    site.mkdir()
    (site / f"{module}.py").write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    (site / dist).mkdir()
    (site / dist / "METADATA").write_text(f"Metadata-Version: 2.1\nName: runlift-bad-{path.stem}\nVersion: 0.1\n",
                                          encoding="utf-8")
    (site / dist / "entry_points.txt").write_text(f"[runlift]\n{path.stem} = {module}\n", encoding="utf-8")
    monkeypatch.syspath_prepend(str(site))
    monkeypatch.delitem(sys.modules, module, raising=False)
    real = importlib.metadata.entry_points

    def only_this_case(**params):
        return [ep for ep in real(**params) if ep.value == module]

    monkeypatch.setattr(importlib.metadata, "entry_points", only_this_case)
    monkeypatch.delenv("RUNLIFT_DISABLE_PLUGIN_AUTOLOAD", raising=False)


@pytest.mark.parametrize("case", cases())
def test_bad_input(case, tmp_path, monkeypatch):
    area, name = case.split("/")
    path = ROOT / case
    found = directives(path)
    assert found["expect"], f"{case} states no expected message"
    monkeypatch.chdir(path.parent)
    monkeypatch.setenv("RUNLIFT_DISABLE_PLUGIN_AUTOLOAD", "1")
    out = tmp_path / "out"
    command = found["args"][0] if found["args"] else AREAS[area]
    args = [a.format(case=name, out=out) for a in shlex.split(command)]
    obj = None
    if area == "plugins":
        if found["load"] == ["entry-point"]:
            install_as_distribution(path, tmp_path / "site", monkeypatch)
        else:
            obj = App(plugins=plugins_with(load_module(path)))

    result = CliRunner().invoke(cli, args, obj=obj)

    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert "Traceback" not in result.output
    assert result.exit_code == 2, result.output
    expected = [line.replace("{out}", str(out)) for line in expected_stderr(found["expect"])]
    assert result.stderr.splitlines() == expected


def test_at_least_fifty_cases_across_every_area():
    found = cases()
    assert len(found) >= 50
    for area in AREAS:
        assert any(c.startswith(f"{area}/") for c in found), f"no case for {area}"
