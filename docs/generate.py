"""Regenerate the docs that are made from the code: ``python docs/generate.py``.

- ``docs/philosophies.md`` from the built-in rulesets;
- ``docs/rule-kinds.md`` from the rule kinds' docstrings.

``--check`` exits 1 (and changes nothing) when a committed file is out of date.
"""

from __future__ import annotations

import sys
from pathlib import Path

BUILTIN_PHILOSOPHIES = ("runna", "five-three-two", "pillars", "return-from-break", "periodized")
DOCS = Path(__file__).parent
TARGET = DOCS / "philosophies.md"


def render() -> str:
    """docs/philosophies.md."""
    from runlift.loader import RulesetLoader
    from runlift.plugin_manager import Plugins
    from runlift.ruleset_view import philosophies_markdown

    loader = RulesetLoader(Plugins.load(load_entrypoints=False))
    return philosophies_markdown([loader.load(name) for name in BUILTIN_PHILOSOPHIES])


def render_kinds() -> str:
    """docs/rule-kinds.md."""
    from runlift.kinds import reference_markdown

    return reference_markdown()


GENERATED = {TARGET: render, DOCS / "rule-kinds.md": render_kinds}


def main(argv: list[str]) -> int:
    stale = 0
    for target, make in GENERATED.items():
        text = make()
        if "--check" in argv:
            if not target.exists() or target.read_text(encoding="utf-8") != text:
                print(f"{target} is out of date: run python docs/generate.py", file=sys.stderr)
                stale = 1
        else:
            target.write_text(text, encoding="utf-8")
            print(f"wrote {target}")
    return stale


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
