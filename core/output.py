"""Shared output helpers for commands: JSON that is byte-stable, and plain text tables."""

from __future__ import annotations

import datetime as dt
from typing import Any

import click

FORMAT_OPTION_HELP = "Output format."


def format_option(*choices: str, default: str = "text"):
    return click.option("--format", "fmt", type=click.Choice(choices), default=default, show_default=True,
                        help=FORMAT_OPTION_HELP)


def _default(value: Any) -> Any:
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, (tuple, frozenset, set)):
        return list(value)
    raise TypeError(f"cannot write {type(value).__name__} as JSON")


def to_json(data: Any) -> str:
    """Deterministic JSON: 2-space indent, keys in the order given, dates as ISO strings, final newline."""
    import json  # here, so that commands that write no JSON (and --help) never import it

    return json.dumps(data, indent=2, ensure_ascii=False, default=_default) + "\n"


def table(headers: list[str], rows: list[list[Any]]) -> str:
    """A plain, left-aligned text table."""
    cells = [[str(c) for c in headers]] + [[("" if c is None else str(c)) for c in row] for row in rows]
    widths = [max(len(r[i]) for r in cells) for i in range(len(headers))]
    lines = ["  ".join(c.ljust(w) for c, w in zip(r, widths)).rstrip() for r in cells]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines) + "\n"
