"""``runlift check``: judge a plan against a philosophy and say where it breaks it."""

from __future__ import annotations

import datetime as dt
import re

import click

from ..output import format_option, to_json
from ..vocabulary import RACE_DISTANCES
from .options import parse_date

_CODE_PREFIX = re.compile(r"^[A-Z]{1,4}[0-9]{0,4}$")


def _codes(ctx, param, values) -> tuple[str, ...] | None:
    """``--select RN1,FT101 --select DV`` -> ("RN1", "FT101", "DV"); None when not given."""
    if not values:
        return None
    out = []
    for value in values:
        for part in value.split(","):
            code = part.strip().upper()
            if not code:
                continue
            if not _CODE_PREFIX.match(code):
                raise click.BadParameter(f"expected rule codes or code prefixes like RN1 or RN102, got {part!r}")
            out.append(code)
    return tuple(out)


@click.command()
@click.argument("plan_path", metavar="PLAN")
@click.option("--ruleset", "-r", "ruleset_ref", metavar="NAME|PATH",
              help="The philosophy to check against: a ruleset name or a TOML path "
                   "(default: the ruleset the plan names).")
@click.option("--select", multiple=True, callback=_codes, metavar="CODES",
              help="Only run these rule codes or prefixes (comma-separated, repeatable), e.g. RN1,FT101.")
@click.option("--ignore", multiple=True, callback=_codes, metavar="CODES",
              help="Skip these rule codes or prefixes (comma-separated, repeatable).")
@click.option("--race-date", callback=parse_date, metavar="DATE",
              help="The goal race date (default: the plan's athlete race, or a session of type race).")
@click.option("--distance", type=click.Choice(RACE_DISTANCES), help="The goal race distance.")
@click.option("--athlete", "athlete_path", metavar="FILE.toml",
              help="Who the plan is for (TOML, the athlete keys of the plan format): rules with athlete "
                   "conditions and the laid-out phases follow it. Default: the plan's own athlete, else an "
                   "intermediate runner with no break.")
@click.option("-v", "--verbose", is_flag=True, help="Also list the sessions behind each finding.")
@format_option("text", "json")
@click.pass_obj
def check(app, plan_path, ruleset_ref, select, ignore, race_date, distance, athlete_path, verbose, fmt):
    """Check PLAN (runlift JSON/TOML, CSV or iCalendar) against a coaching philosophy.

    Prints every place the plan breaks a rule, week by week, with why and where the rule comes from.

    Exit codes: 0 no error-level findings (warnings allowed), 1 at least one error, 2 bad input.
    """
    from ..checker import Checker
    from ..model import Race
    from ..planio import read_plan
    from ..segments import chain_phases, check_segments, split_weeks, then_chain, with_phases

    plan = read_plan(plan_path, app.plugins.vocabulary.types)
    athlete = None
    if athlete_path is not None:
        from ..athletes import read_athlete

        athlete = read_athlete(athlete_path)
    if ruleset_ref is None:
        if plan.ruleset is None:
            raise click.UsageError("give --ruleset NAME|PATH (the plan does not name its ruleset)")
        ruleset_ref = plan.ruleset.name
    ruleset = app.loader.load(ruleset_ref)

    race = None
    if race_date is not None:
        race = Race(distance=distance, date=race_date) if distance else race_date
    elif distance is not None:
        known = athlete.race.date if athlete is not None and athlete.race is not None else plan.race_date()
        if known is None:
            raise click.UsageError("--distance needs a race: give --race-date too (the plan has no race)")
        race = Race(distance=distance, date=known)

    catalog = None
    if app.plugins.exercise_sources:
        from ..catalog import load_catalog

        catalog = load_catalog(app.plugins.exercise_sources)
    chain = then_chain(ruleset, app.loader.load)
    checkers = [Checker(r, athlete=athlete, race=race, catalog=catalog, select=select, ignore=ignore or (),
                        kinds=app.plugins.rule_kinds) for r in chain]
    checker = checkers[0]
    ctx_race = checker.race_for(plan)
    whose = athlete or plan.athlete
    laid = chain_phases(plan, chain, race_date=ctx_race[0], distance=ctx_race[1],
                        weeks_off=whose.weeks_off if whose is not None else 0)
    if laid is not None:  # a plan without phases, judged as the planner would have laid it out
        plan = with_phases(plan, laid)
    segments = [(c, n) for c, n in zip(checkers, split_weeks(plan, chain)) if n]
    findings = checker.check(plan) if len(segments) < 2 else check_segments(plan, segments)
    errors = sum(f.severity == "error" for f in findings)
    warnings = len(findings) - errors
    handovers = handover_notes(plan, ruleset, segments)

    if fmt == "json":
        click.echo(to_json({
            "plan": plan_path,
            "ruleset": {"name": ruleset.name, "version": ruleset.version},
            "rules": len(checker.compiled),
            "segments": [{"ruleset": {"name": c.ruleset.name, "version": c.ruleset.version},
                          "rules": len(c.compiled), "weeks": [first, last]} for c, first, last in handovers],
            "race": None if ctx_race[0] is None else {"date": ctx_race[0].isoformat(), "distance": ctx_race[1]},
            "summary": {"errors": errors, "warnings": warnings},
            "findings": [f.to_dict() for f in findings],
        }), nl=False)
    else:
        click.echo(render_text(plan, plan_path, ruleset, checker, findings, ctx_race, verbose, handovers), nl=False)
    if errors:
        raise SystemExit(1)


def handover_notes(plan, ruleset, segments) -> list[tuple]:
    """(checker, first week, last week) of each segment after the first (``then``), in plan order."""
    out = []
    done = segments[0][1] if segments else 0
    for checker, n in segments[1:]:
        out.append((checker, plan.weeks[done].index, plan.weeks[done + n - 1].index))
        done += n
    return out


def render_text(plan, plan_path, ruleset, checker, findings, race, verbose: bool = False,
                handovers: list[tuple] = ()) -> str:
    """Findings grouped by week, each on one line, then why each broken rule matters, then the tally."""
    from ..findings import day_label, plural

    lines = []
    race_text = ""
    if race[0] is not None:
        race_text = f"; race {day_label(race[0])} {race[0].year}" + (f" ({race[1]})" if race[1] else "")
    lines.append(f"{plan_path}: checked against {ruleset.name} {ruleset.version} "
                 f"({plural(len(checker.compiled), 'rule')}{race_text})")
    prev = ruleset.name
    for other, first, last in handovers:
        lines.append(f"  weeks {first}-{last}: checked against {other.ruleset.name} {other.ruleset.version} "
                     f"({plural(len(other.compiled), 'rule')}; then = \"{other.ruleset.name}\" after '{prev}')")
        prev = other.ruleset.name
    weeks = {w.index: w for w in plan.weeks}
    phases = dict(zip((w.index for w in plan.weeks), checker.phases_for(plan)))
    current = object()
    for f in findings:
        if f.week != current:
            current = f.week
            lines.append("")
            week = weeks.get(f.week)
            if week is None:
                lines.append("Whole plan")
            else:
                phase = f" ({phases[week.index]})" if phases.get(week.index) else ""
                lines.append(f"Week {week.index}{phase}, {day_label(week.start)} - "
                             f"{day_label(week.start + dt.timedelta(days=6))}")
        when = f"{day_label(f.dates[0])}: " if f.dates else ""
        lines.append(f"  {f.severity:<5} {f.code} {f.name}  {when}{f.message}")
        if verbose:
            lines += [f"        - {s}" for s in f.sessions]
    fired = {}
    for f in findings:
        fired.setdefault(f.code, f)
    if fired:
        lines += ["", "Why:"]
        for code in sorted(fired):
            f = fired[code]
            lines.append(f"  {code} {f.name}: {f.rationale or '(no rationale given)'}")
            if f.source:
                lines.append(f"        source: {f.source}")
    errors = sum(f.severity == "error" for f in findings)
    lines += ["", f"{plural(errors, 'error')}, {plural(len(findings) - errors, 'warning')}"]
    return "\n".join(lines) + "\n"
