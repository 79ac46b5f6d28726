"""Readable views of a plan: a Monday-Sunday grid per week, as plain text or Markdown.

Each week shows its phase, running minutes, strength sessions and load; each day its sessions in order
(minutes, target RPE, time of day) and the exercises of strength and mobility sessions. With ``why`` (a
function of ``(date, order)``), every session the planner placed gets a one-line reason.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence

from .findings import Finding, day_label
from .model import Exercise, Plan, Session, Week
from .vocabulary import WEEKDAY_TITLES

Why = Callable[[tuple[dt.date, int]], str] | None


def exercise_text(ex: Exercise) -> str:
    if ex.sets and ex.reps:
        dose = f"{ex.sets}×{ex.reps}"
    elif ex.sets and ex.hold_seconds:
        dose = f"{ex.sets}×{ex.hold_seconds}s"
    else:
        dose = ""
    load = f" ({ex.load})" if ex.load else ""
    return f"{ex.name} {dose}{load}".strip()


def session_text(s: Session) -> str:
    """``tempo 45 min RPE 7 am`` / ``strength lower, moderate, 30 min RPE 6 pm``."""
    when = "" if s.time == "any" else f" {s.time}"
    if s.sport == "run":
        what = f"{s.type} run" if s.type not in ("long", "race") else ("long run" if s.type == "long" else "RACE")
        return f"{what} {s.minutes} min RPE {s.rpe}{when}"
    if s.sport == "strength":
        return f"strength {s.type}, {s.intensity}, {s.minutes} min RPE {s.rpe}{when}"
    return f"{s.sport} {s.type} {s.minutes} min{when}"


def week_summary(week: Week) -> str:
    run = sum(s.minutes for d in week.days for s in d.sessions if s.sport == "run")
    strength = [s for d in week.days for s in d.sessions if s.sport == "strength"]
    load = sum(s.rpe * s.minutes for d in week.days for s in d.sessions)
    rest = sum(1 for d in week.days if not d.sessions)
    return (f"run {run} min · strength {len(strength)}× ({sum(s.minutes for s in strength)} min) · "
            f"{rest} rest day{'s' if rest != 1 else ''} · load {load}")


def text_view(plan: Plan, *, title: str, notes: Sequence[str] = (), findings: Sequence[Finding] = (),
              why: Why = None) -> str:
    lines = [title]
    lines += [f"note: {n}" for n in notes]
    for week in plan.weeks:
        lines.append("")
        lines.append(f"Week {week.index} · {week.phase} · from {day_label(week.start)} · {week_summary(week)}")
        for day in week.days:
            label = WEEKDAY_TITLES[day.date.weekday()]
            if not day.sessions:
                lines.append(f"  {label}  rest")
                continue
            for k, s in enumerate(day.sessions):
                lines.append(f"  {label if k == 0 else '   '}  {session_text(s)}")
                if s.exercises:
                    lines.append("         " + "; ".join(exercise_text(e) for e in s.exercises))
                if why is not None:
                    reason = why((day.date, s.order))
                    if reason:
                        lines.append(f"         why: {reason}")
    lines += _findings_lines(findings)
    return "\n".join(lines) + "\n"


def markdown_view(plan: Plan, *, title: str, notes: Sequence[str] = (), findings: Sequence[Finding] = (),
                  why: Why = None) -> str:
    lines = [f"# {title}", ""]
    lines += [f"> {n}" for n in notes]
    for week in plan.weeks:
        lines += ["", f"## Week {week.index}: {week.phase} (from {day_label(week.start)})", "",
                  week_summary(week), "", "| Day | Sessions |", "| --- | --- |"]
        for day in week.days:
            label = WEEKDAY_TITLES[day.date.weekday()]
            cells = []
            for s in day.sessions:
                cell = session_text(s)
                if s.exercises:
                    cell += ": " + "; ".join(exercise_text(e) for e in s.exercises)
                if why is not None and why((day.date, s.order)):
                    cell += f" *(why: {why((day.date, s.order))})*"
                cells.append(cell.replace("|", "/"))
            lines.append(f"| {label} | {'<br>'.join(cells) or 'rest'} |")
    found = _findings_lines(findings)
    if found:
        lines += ["", "## Findings", ""] + [f"- {line.strip()}" for line in found[2:]]
    return "\n".join(lines) + "\n"


def _findings_lines(findings: Sequence[Finding]) -> list[str]:
    if not findings:
        return []
    errors = sum(1 for f in findings if f.severity == "error")
    out = ["", f"{len(findings)} finding(s) from the ruleset ({errors} error, {len(findings) - errors} warning):"]
    for f in findings:
        out.append(f"  {f.severity:5s} {f.code} week {f.week}: {f.message}")
    return out
