"""Views of a :class:`~runlift.compare.Comparison`: JSON, Markdown, plain text and rich terminal tables.

Every view shows the same things: a Monday-Sunday grid per shown week (days as rows, philosophies as
columns, sessions in their order within the day), a summary table, the cross-check matrix with the most
frequent disagreement of each pair, and infeasible philosophies with their conflict explanation.
Plain text fits 100 columns; ``rich`` is imported only for a colour terminal.
"""

from __future__ import annotations

import datetime as dt
import textwrap
from collections.abc import Callable, Sequence
from typing import Any

from .compare import Comparison, Entry, WeekSummary
from .converter import unstructure
from .model import Session
from .vocabulary import WEEKDAY_TITLES

WIDTH = 100
_INTENSITY = {"easy": "E", "moderate": "M", "hard": "H"}


def session_cell(s: Session) -> str:
    """A compact session for a grid cell: ``am tempo 45'`` / ``pm lift lower H 30'``."""
    when = f"{s.time} " if s.time != "any" else ""
    if s.sport == "run":
        what = "RACE" if s.type == "race" else s.type
    elif s.sport == "strength":
        what = f"lift {s.type} {_INTENSITY[s.intensity]}"
    elif s.sport == "rest":
        return "rest"
    else:
        what = s.type if s.sport == "mobility" else f"{s.sport} {s.type}"
    return f"{when}{what} {s.minutes}'"


def _fmt(value: float | None, digits: int = 2) -> str:
    return "–" if value is None else f"{value:.{digits}f}"


#: The summary table's rows: label and how to read it from a week summary and entry.
SUMMARY_ROWS: tuple[tuple[str, Callable[[WeekSummary, Entry], str]], ...] = (
    ("phase", lambda s, e: s.phase),
    ("strength sessions", lambda s, e: str(s.strength_sessions)),
    ("run days", lambda s, e: str(s.run_days)),
    ("full rest days", lambda s, e: str(s.rest_days)),
    ("hard days", lambda s, e: str(s.hard_days)),
    ("heavy-lifting days", lambda s, e: str(s.heavy_days)),
    ("running min", lambda s, e: str(s.run_minutes)),
    ("strength min", lambda s, e: str(s.strength_minutes)),
    ("weekly load (AU)", lambda s, e: f"{s.load:.0f}"),
    ("monotony", lambda s, e: _fmt(s.monotony)),
    ("strain", lambda s, e: _fmt(s.strain, 0)),
    ("peak ACWR (EWMA, plan)", lambda s, e: _fmt(e.peak_acwr)),
    ("longest hard streak (plan)", lambda s, e: f"{e.longest_hard_streak} d"),
)


def grid_rows(comparison: Comparison, index: int) -> tuple[list[str], list[list[str]]]:
    """Headers and rows (day, then one multi-line cell per feasible philosophy) for one week."""
    entries = [e for e in comparison.entries if e.feasible]
    headers = ["day", *[e.name for e in entries]]
    weeks = [e.week(index) for e in entries]
    start = next((w.start for w in weeks if w is not None), None)
    rows = []
    for d in range(7):
        date = start + dt.timedelta(days=d) if start else None
        cells = [f"{WEEKDAY_TITLES[d]} {date.day}" if date else WEEKDAY_TITLES[d]]
        for week in weeks:
            day = next((x for x in week.days if x.date == date), None) if week else None
            cells.append("\n".join(session_cell(s) for s in day.sessions) if day and day.sessions else "rest")
        rows.append(cells)
    return headers, rows


def summary_rows(comparison: Comparison, index: int) -> tuple[list[str], list[list[str]]]:
    entries = [e for e in comparison.entries if e.feasible]
    headers = ["", *[e.name for e in entries]]
    rows = []
    for label, read in SUMMARY_ROWS:
        row = [label]
        for e in entries:
            s = e.summary(index)
            row.append(read(s, e) if s is not None else "–")
        rows.append(row)
    return headers, rows


def matrix_rows(comparison: Comparison) -> tuple[list[str], list[list[str]]]:
    """Rows: the plan made under A; columns: judged by B's rules; cells ``errors E / warnings W``."""
    judges = [e.name for e in comparison.entries]
    headers = ["plan of ↓ / rules of →", *judges]
    rows = []
    for e in comparison.entries:
        if not e.feasible:
            continue
        row = [e.name]
        for judge in judges:
            c = comparison.cross(e.name, judge)
            row.append("–" if c is None else f"{c.errors}E {c.warnings}W")
        rows.append(row)
    return headers, rows


def disagreements(comparison: Comparison) -> list[str]:
    """One line per pair whose rules object to the other's plan: the most frequent objection."""
    out = []
    for c in comparison.matrix:
        if c.plan_of != c.judged_by and c.errors:
            out.append(f"{c.judged_by} on {c.plan_of}'s plan: {c.disagreement}")
    return out


def infeasible_lines(comparison: Comparison) -> list[str]:
    return [f"{e.name}: cannot plan for this athlete: {e.infeasible}" for e in comparison.entries if not e.feasible]


def _heading(comparison: Comparison) -> str:
    a = comparison.athlete
    race = f", {a.race.distance} on {a.race.date.isoformat()}" if a.race else ""
    return f"runlift compare: {a.name} ({a.experience}, {a.equipment}{race})"


# --- JSON ------------------------------------------------------------------------------------------


def to_data(comparison: Comparison) -> dict[str, Any]:
    """Everything the tables show, as JSON-ready data."""
    from .planio import plan_data

    entries = []
    for e in comparison.entries:
        item: dict[str, Any] = {"name": e.name, "title": e.title, "version": e.version, "feasible": e.feasible}
        if not e.feasible:
            item.update(infeasible=e.infeasible, conflict=list(e.conflict))
        else:
            item["findings"] = {"errors": sum(f.severity == "error" for f in e.findings),
                                "warnings": sum(f.severity == "warn" for f in e.findings)}
            item["peak-acwr"] = e.peak_acwr
            item["longest-hard-streak"] = e.longest_hard_streak
            item["weeks"] = [
                {"summary": unstructure(e.summary(i)), "metrics": unstructure(e.metrics[i - 1]),
                 "days": plan_data(e.plan)["weeks"][i - 1]["days"]}
                for i in comparison.weeks if e.summary(i) is not None]
        entries.append(item)
    return {
        "schema": "runlift.compare/1",
        "athlete": unstructure(comparison.athlete),
        "weeks": list(comparison.weeks),
        "philosophies": entries,
        "matrix": [{"plan-of": c.plan_of, "judged-by": c.judged_by, "errors": c.errors, "warnings": c.warnings,
                    "top": ({"code": c.top_code, "name": c.top_name, "count": c.top_count,
                             "example": c.top_example} if c.top_code else None)}
                   for c in comparison.matrix],
    }


# --- plain text and Markdown ----------------------------------------------------------------------------


def _column_widths(headers: Sequence[str], rows: Sequence[Sequence[str]], width: int) -> list[int]:
    natural = [max(len(line) for cell in col for line in (cell.split("\n") or [""])) for col in zip(headers, *rows)]
    first = natural[0]
    rest = len(natural) - 1
    if rest == 0:
        return natural
    budget = width - first - 3 * rest
    each = max(8, budget // rest)
    return [first] + [min(n, each) for n in natural[1:]]


def plain_table(headers: Sequence[str], rows: Sequence[Sequence[str]], width: int = WIDTH) -> str:
    """A text table with multi-line cells, wrapped to fit ``width`` columns."""
    widths = _column_widths(headers, rows, width)

    def lines_of(cell: str, w: int) -> list[str]:
        out = []
        for part in cell.split("\n"):
            out += textwrap.wrap(part, w, subsequent_indent=" ") or [""]
        return out

    def render(row: Sequence[str]) -> list[str]:
        cells = [lines_of(c, w) for c, w in zip(row, widths)]
        height = max(len(c) for c in cells)
        return [" | ".join((c[i] if i < len(c) else "").ljust(w) for c, w in zip(cells, widths)).rstrip()
                for i in range(height)]

    rule = "-+-".join("-" * w for w in widths)
    out = render(headers) + [rule]
    for i, row in enumerate(rows):
        out += render(row)
        if i < len(rows) - 1 and any("\n" in c for c in row):
            out.append(rule)
    return "\n".join(out)


def to_text(comparison: Comparison) -> str:
    out = [_heading(comparison), ""]
    for index in comparison.weeks:
        out += [f"Week {index}", plain_table(*grid_rows(comparison, index)), ""]
        out += [f"Summary, week {index}", plain_table(*summary_rows(comparison, index)), ""]
    if comparison.matrix:
        out += ["Cross-check: each plan judged by each philosophy's rules (E errors, W warnings)",
                plain_table(*matrix_rows(comparison)), ""]
    lines = disagreements(comparison)
    if lines:
        out += ["Most frequent disagreement per pair:"]
        out += [textwrap.fill(line, WIDTH, initial_indent="- ", subsequent_indent="  ") for line in lines]
        out.append("")
    for line in infeasible_lines(comparison):
        out.append(textwrap.fill(line, WIDTH))
    return "\n".join(out).rstrip() + "\n"


def _md_table(headers: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    def cell(text: str) -> str:
        return text.replace("|", "\\|").replace("\n", "<br>")

    lines = ["| " + " | ".join(cell(h) for h in headers) + " |", "|" + "---|" * len(headers)]
    lines += ["| " + " | ".join(cell(c) for c in row) + " |" for row in rows]
    return "\n".join(lines)


def to_markdown(comparison: Comparison) -> str:
    out = [f"# {_heading(comparison)}", ""]
    for index in comparison.weeks:
        out += [f"## Week {index}", "", _md_table(*grid_rows(comparison, index)), "",
                f"### Summary, week {index}", "", _md_table(*summary_rows(comparison, index)), ""]
    if comparison.matrix:
        out += ["## Cross-check", "", "Each plan judged by each philosophy's rules (E errors, W warnings).", "",
                _md_table(*matrix_rows(comparison)), ""]
    out += [f"- {line}" for line in disagreements(comparison)]
    out += ["", *[f"- {line}" for line in infeasible_lines(comparison)]]
    return "\n".join(out).rstrip() + "\n"


# --- rich ----------------------------------------------------------------------------------------------


def print_rich(comparison: Comparison, console: Any = None) -> None:
    """Coloured tables for a terminal (``rich`` imported here only)."""
    from rich import box
    from rich.console import Console
    from rich.table import Table

    console = console or Console(width=min(WIDTH, Console().width))

    def table(title: str, headers: Sequence[str], rows: Sequence[Sequence[str]], lines: bool = False):
        t = Table(title=title, box=box.SIMPLE_HEAVY, title_justify="left", show_lines=lines, expand=False)
        for i, h in enumerate(headers):
            t.add_column(h, style="bold" if i == 0 else None, overflow="fold")
        for row in rows:
            t.add_row(*(_style(c) for c in row))
        return t

    console.print(f"[bold]{_heading(comparison)}[/bold]")
    for index in comparison.weeks:
        console.print(table(f"Week {index}", *grid_rows(comparison, index), lines=True))
        console.print(table(f"Summary, week {index}", *summary_rows(comparison, index)))
    if comparison.matrix:
        console.print(table("Cross-check: each plan judged by each philosophy's rules", *matrix_rows(comparison)))
    for line in disagreements(comparison):
        console.print(f"• {line}", highlight=False)
    for line in infeasible_lines(comparison):
        console.print(f"[red]{line}[/red]", highlight=False)


def _style(cell: str) -> str:
    from rich.markup import escape

    lines = []
    for line in cell.split("\n"):
        text = escape(line)
        if " H " in f" {line} " or line.endswith(" H"):
            text = f"[red]{text}[/red]"
        elif any(w in line for w in ("tempo", "intervals", "hills", "long", "RACE")):
            text = f"[yellow]{text}[/yellow]"
        elif line.startswith(("E ", "0E")) or line == "rest":
            text = f"[dim]{text}[/dim]"
        lines.append(text)
    return "\n".join(lines)


def use_rich(stream: Any) -> bool:
    """Colour tables only on a terminal, and never when ``NO_COLOR`` is set (https://no-color.org)."""
    import os

    return bool(getattr(stream, "isatty", lambda: False)()) and not os.environ.get("NO_COLOR")

