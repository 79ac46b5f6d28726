"""Docs are tested against the code: every hook appears in docs/plugins.md with its signature and is tested."""

from __future__ import annotations

import inspect
import re
from pathlib import Path

from runlift import hookspecs

ROOT = Path(__file__).parent.parent
HOOKS = sorted(name for name in dir(hookspecs) if name.startswith("runlift_"))


def test_every_hook_is_documented_with_its_signature():
    doc = (ROOT / "docs" / "plugins.md").read_text(encoding="utf-8")
    for name in HOOKS:
        params = ", ".join(inspect.signature(getattr(hookspecs, name)).parameters)
        assert f"### `{name}({params})`" in doc, f"{name}({params}) is not documented in docs/plugins.md"


def test_every_hook_has_a_test():
    tests = "\n".join(p.read_text(encoding="utf-8") for p in (ROOT / "tests").glob("test_*.py")
                      if p.name != "test_docs.py")
    for name in HOOKS:
        assert re.search(rf"def test_\w*{name}\w*\(", tests), f"no test named after hook {name}"
