"""Regenerate docs/philosophies.md from the built-in rulesets: ``python docs/generate.py``.

``--check`` exits 1 (and changes nothing) when the committed file is out of date.
"""

from __future__ import annotations

import sys
from pathlib import Path

BUILTIN_PHILOSOPHIES = ("runna", "five-three-two", "pillars", "return-from-break", "periodized")
TARGET = Path(__file__).with_name("philosophies.md")


def render() -> str:
    from runlift.loader import RulesetLoader
    from runlift.plugin_manager import Plugins
    from runlift.ruleset_view import philosophies_markdown

    loader = RulesetLoader(Plugins.load(load_entrypoints=False))
    return philosophies_markdown([loader.load(name) for name in BUILTIN_PHILOSOPHIES])


def main(argv: list[str]) -> int:
    text = render()
    if "--check" in argv:
        if TARGET.read_text(encoding="utf-8") != text:
            print(f"{TARGET} is out of date: run python docs/generate.py", file=sys.stderr)
            return 1
        return 0
    TARGET.write_text(text, encoding="utf-8")
    print(f"wrote {TARGET}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
