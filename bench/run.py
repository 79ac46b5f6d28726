"""runlift benchmarks: one table of medians, each beside a peer measured in the same run.

    python bench/run.py                              # full run (a few minutes), prints the table
    python bench/run.py --quick                      # few repetitions, small inputs (the smoke test)
    python bench/run.py --write bench/results.md     # also write the results file (machine described)
    python bench/run.py --date 2026-11-22 --write bench/results.md

Sections: planning (ms per plan, per built-in ruleset and for the bench-week problem against OR-Tools CP-SAT
and python-constraint2), checking (16-week plans per second on new plans, on fresh copies of one plan and
re-checking one plan object, against hand-written predicates and rule-engine), CLI cold start through the
installed console script (against ``python -c pass``), both in this environment and (full runs) in a new
venv made by ``pip install .`` as the README installs it, batch throughput and how time grows with plan
length and roster size.

Method: every number is the median over the stated repetitions (never the best run). Each repetition
starts after ``gc.collect()`` with its inputs frozen (``gc.freeze()``), so it pays for the garbage its own
work makes and not for the benchmark's stored inputs; the ratio column compares two medians of the same
run. Peers are bench-only dependencies (``pip install -e '.[bench]'``); a missing peer is reported as not
measured, never silently skipped.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import os
import platform
import shutil
import statistics
import subprocess
import sys
import sysconfig
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from workload import BUILTIN_RULESETS, default_athlete, fresh_copy, roster  # noqa: E402

WEEK_RULESET = str(HERE / "week.toml")
HEADERS = ("section", "measurement", "runlift", "peer", "peer value", "ratio", "target", "reps")


# --------------------------------------------------------------------------- settings


@dataclass(frozen=True)
class Settings:
    quick: bool
    reps: int  # repetitions of in-process measurements
    cli_reps: int  # repetitions of subprocess measurements
    roster: int  # athletes in "new plans" checking and roster scaling
    copies: int  # fresh copies checked per repetition
    batch_sizes: tuple[int, ...]
    roster_sizes: tuple[int, ...]
    lengths: tuple[int, ...]
    clean_venv: bool = False  # also time the CLI in a new venv with a regular install
    big_batch: int = 0  # athletes in the batch target run (one timed run; 0 = skipped)

    @staticmethod
    def make(quick: bool) -> Settings:
        if quick:
            return Settings(True, reps=2, cli_reps=2, roster=4, copies=4, batch_sizes=(3,), roster_sizes=(1, 3),
                            lengths=(4, 16))
        return Settings(False, reps=11, cli_reps=15, roster=60, copies=60, batch_sizes=(10, 40),
                        roster_sizes=(1, 10, 100), lengths=(4, 16, 52), clean_venv=True,
                        big_batch=10_000)


# --------------------------------------------------------------------------- rows and timing


@dataclass
class Row:
    section: str
    what: str
    value: float | None  # seconds for times, per-second for rates
    unit: str  # "ms", "/s"
    peer: str = ""
    peer_value: float | None = None
    target: str = ""
    reps: str = ""
    note: str = ""  # replaces the value when nothing was measured

    def cells(self) -> tuple[str, ...]:
        return (self.section, self.what, self.note or fmt(self.value, self.unit), self.peer,
                fmt(self.peer_value, self.unit) if self.peer else "", ratio(self.value, self.peer_value, self.unit),
                verdict(self.target, self.value, self.unit), self.reps)


#: Targets from the issue: text -> (floor, goal) in the row's unit (seconds, or per second).
TARGETS = {
    "≤ 5 ms (goal 1 ms)": (0.005, 0.001),
    "≥ 2,000/s (goal 5,000)": (2000, 5000),
    "≤ 60 ms (goal 50)": (0.060, 0.050),
    "≤ 300 ms (goal 150)": (0.300, 0.150),
    "≤ 30 s (goal 10 s)": (30.0, 10.0),
}


def verdict(target: str, value: float | None, unit: str) -> str:
    """The target with "met", "goal met" or "missed"."""
    if not target or value is None or target not in TARGETS:
        return target
    floor, goal = TARGETS[target]
    better = (lambda a, b: a <= b) if unit == "ms" else (lambda a, b: a >= b)
    word = "goal met" if better(value, goal) else "met" if better(value, floor) else "missed"
    return f"{target}: {word}"


def fmt(value: float | None, unit: str) -> str:
    if value is None:
        return "—"
    if unit == "ms":
        ms = value * 1000
        if ms >= 10_000:
            return f"{value:.1f} s"
        return f"{ms:,.0f} ms" if ms >= 100 else f"{ms:.1f} ms" if ms >= 1 else f"{ms:.2f} ms"
    if unit == "x":
        return f"{value:.2f}×"
    return f"{value:,.0f}/s" if value >= 10 else f"{value:.1f}/s"


def ratio(ours: float | None, theirs: float | None, unit: str) -> str:
    """runlift's speed relative to the peer: "3.1× faster" or "2.0× slower"."""
    if not ours or not theirs:
        return ""
    if unit == "x":
        return f"{ours / theirs:.2f}×"
    speed = theirs / ours if unit == "ms" else ours / theirs
    return f"{speed:.1f}× faster" if speed >= 1 else f"{1 / speed:.1f}× slower"


def median_time(fn: Callable[[], object], reps: int, *, per: int = 1, setup: Callable[[], object] | None = None
                ) -> float:
    """Median seconds per item over ``reps`` repetitions; ``setup()`` (untimed) gives each repetition's input."""
    times = []
    for _ in range(reps):
        arg = setup() if setup is not None else None
        gc.collect()
        gc.freeze()
        try:
            t = time.perf_counter()
            fn(arg) if setup is not None else fn()
            times.append((time.perf_counter() - t) / per)
        finally:
            gc.unfreeze()
    return statistics.median(times)


def run_cli(argv: Sequence[str], reps: int, ok=(0,), env: dict[str, str] | None = None) -> float:
    """Median wall seconds of a subprocess (after one untimed warm-up run), with ``env`` added to the
    environment."""
    times = []
    environ = {**os.environ, **(env or {})}
    for k in range(reps + 1):
        t = time.perf_counter()
        proc = subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL,
                              env=environ)
        elapsed = time.perf_counter() - t
        if proc.returncode not in ok:
            raise RuntimeError(f"{' '.join(argv)} exited {proc.returncode}: {proc.stderr.decode()[-500:]}")
        if k:
            times.append(elapsed)
    return statistics.median(times)


# --------------------------------------------------------------------------- runlift pieces


class Runlift:
    def __init__(self):
        from runlift.loader import RulesetLoader
        from runlift.plugin_manager import Plugins

        self.plugins = Plugins.load()
        self.loader = RulesetLoader(self.plugins)
        self._rulesets: dict[str, object] = {}

    def ruleset(self, name: str):
        if name not in self._rulesets:
            self._rulesets[name] = self.loader.load(name)
        return self._rulesets[name]

    def planner(self, name: str):
        from runlift.planner import Planner

        return Planner(self.ruleset(name), plugins=self.plugins)

    def checker(self, name: str):
        from runlift.checker import Checker

        return Checker(self.ruleset(name))


def week_athlete(k: int = 0, weeks: int = 16):
    """An athlete for the bench-week problem: no race, rest day preferred on Friday (others in a roster)."""
    from runlift.model import Athlete

    return Athlete(name=f"bench {k}", long_run_day="sun", rest_days=(("fri",), ("wed",), ("mon",))[k % 3],
                   start=dt.date(2027, 1, 4) + dt.timedelta(weeks=k))


def peer_module(name: str):
    """A peer module, or the reason it cannot be imported (the bench extra is not installed)."""
    try:
        if name == "cpsat":
            from peers import cpsat as mod
        elif name == "csp":
            from peers import csp as mod
        else:
            from peers import rules as mod
            if name == "rule-engine":
                mod.RuleEngineChecker()
        return mod, ""
    except ImportError as exc:
        return None, f"not measured: {exc.name or exc} not installed (pip install -e '.[bench]')"


# --------------------------------------------------------------------------- sections


def planning(rl: Runlift, s: Settings) -> list[Row]:
    from runlift.planner import Planner

    rows: list[Row] = []
    reps = f"{s.reps}"
    cpsat, why = peer_module("cpsat")
    csp, why_csp = peer_module("csp")
    problem = None
    if cpsat is not None or csp is not None:
        from peers import problem
    peer_16 = median_time(lambda: cpsat.solve(16), s.reps) if cpsat else None
    check_week = rl.checker(WEEK_RULESET)
    for name, mod in (("CP-SAT", cpsat), ("python-constraint2", csp)):
        if mod is not None:  # the peers' answers must pass the same rules
            for weeks in (1, 16):
                found = check_week.check(problem.to_plan(mod.solve(weeks), weeks))
                assert not found, f"{name}'s {weeks}-week solution breaks bench/week.toml: {found[0].message}"
    target = "≤ 5 ms (goal 1 ms)"
    roster_athletes = roster(max(s.reps, 8))
    for name in BUILTIN_RULESETS:
        ruleset = rl.ruleset(name)
        athlete = default_athlete()
        fresh = median_time(lambda: Planner(ruleset, plugins=rl.plugins).plan(athlete), s.reps)
        warm_planner = Planner(ruleset, plugins=rl.plugins)
        warm_planner.plan(athlete)
        warm = median_time(lambda: warm_planner.plan(athlete), s.reps)
        others = iter(roster_athletes * 2)
        warm_planner.plan(roster_athletes[-1])
        new = median_time(lambda a: warm_planner.plan(a), s.reps, setup=lambda: next(others))
        peer = ("CP-SAT bench-week 16 wk", peer_16) if cpsat else ("", None)
        rows += [
            Row("plan", f"{name}: 16 wk, fresh Planner per plan", fresh, "ms", *peer, target, reps),
            Row("plan", f"{name}: 16 wk, warm Planner, same athlete", warm, "ms", *peer, target, reps),
            Row("plan", f"{name}: 16 wk, warm Planner, new athlete each plan", new, "ms", *peer, target, reps),
        ]
    # the bench-week problem, solved by runlift and by each peer
    week_rs = rl.ruleset(WEEK_RULESET)
    for weeks in (1, 16):
        athlete = week_athlete()
        ours_fresh = median_time(lambda: Planner(week_rs, plugins=rl.plugins).plan(athlete, weeks=weeks), s.reps)
        planner = Planner(week_rs, plugins=rl.plugins)
        result = planner.plan(athlete, weeks=weeks)
        assert not result.errors, result.errors
        ours = median_time(lambda: planner.plan(athlete, weeks=weeks), s.reps)
        for label, mod, reason in (("CP-SAT (optimal, 1 worker)", cpsat, why),
                                   ("python-constraint2 (first solution)", csp, why_csp)):
            value = median_time(lambda: mod.solve(weeks), s.reps) if mod else None
            for what, mine in (("fresh Planner", ours_fresh), ("warm Planner", ours)):
                rows.append(Row("plan", f"bench-week {weeks} wk: runlift, {what}", mine, "ms", label, value,
                                target if weeks == 16 else "", reps))
            if mod is None:
                rows.append(Row("plan", f"bench-week {weeks} wk: {label}", None, "ms", note=reason))
    return rows


def checking(rl: Runlift, s: Settings) -> list[Row]:
    from runlift.checker import Checker
    from runlift.planio import dump_plan, parse_plan

    rows: list[Row] = []
    reps = f"{s.reps}"
    rules, why = peer_module("rules")
    engine_mod, why_engine = peer_module("rule-engine")
    target = "≥ 2,000/s (goal 5,000)"
    athletes = roster(s.roster)
    for name in BUILTIN_RULESETS:
        planner = rl.planner(name)
        ruleset = rl.ruleset(name)
        plans = [planner.plan(a).plan for a in athletes]
        one = planner.plan(default_athlete()).plan
        n = len(plans)

        def new_plans():  # a new checker (compiled, untimed) and new objects: first sight of every plan
            checker = Checker(ruleset)
            return checker, [fresh_copy(p) for p in plans]

        def check_all(arg):
            checker, batch = arg
            for p in batch:
                checker.check(p)

        t_new = median_time(check_all, s.reps, per=n, setup=new_plans)

        warm = Checker(ruleset)
        warm.check(one)

        def copies():
            return warm, [fresh_copy(one) for _ in range(s.copies)]

        t_copies = median_time(check_all, s.reps, per=s.copies, setup=copies)
        text = dump_plan(one, "json")

        def from_json():
            return warm, [parse_plan(text, "plan.json") for _ in range(s.copies)]

        t_json = median_time(check_all, s.reps, per=s.copies, setup=from_json)
        t_same = median_time(lambda: [warm.check(one) for _ in range(s.copies)], s.reps, per=s.copies)
        peer = ("", None)
        if rules is not None:
            t_hand = median_time(lambda batch: [rules.check_hand_written(p) for p in batch], s.reps, per=n,
                                 setup=lambda: [fresh_copy(p) for p in plans])
            peer = ("hand-written, 5 bench rules", 1 / t_hand)
        rows += [
            Row("check", f"{name}: new plans ({n} athletes, new Checker)", 1 / t_new, "/s", *peer, target, reps),
            Row("check", f"{name}: fresh copies of one plan (warm Checker)", 1 / t_copies, "/s", *peer, target,
                reps),
            Row("check", f"{name}: one plan read from JSON again and again (warm Checker)", 1 / t_json, "/s",
                *peer, target, reps),
            Row("check", f"{name}: the same plan object again", 1 / t_same, "/s", *peer, "", reps),
        ]
    # the same five rules three ways, on the same fresh plans
    planner = rl.planner(WEEK_RULESET)
    plans = [planner.plan(week_athlete(k), weeks=16).plan for k in range(max(3, s.roster // 2))]
    ruleset = rl.ruleset(WEEK_RULESET)
    n = len(plans)

    def new_week_plans():
        return Checker(ruleset), [fresh_copy(p) for p in plans]

    def check_all(arg):
        checker, batch = arg
        for p in batch:
            checker.check(p)

    ours = 1 / median_time(check_all, s.reps, per=n, setup=new_week_plans)
    if rules is None:
        rows.append(Row("check", "bench-week: hand-written predicates", None, "/s", note=why))
    else:
        hand = 1 / median_time(lambda batch: [rules.check_hand_written(p) for p in batch], s.reps, per=n,
                               setup=lambda: [fresh_copy(p) for p in plans])
        rows.append(Row("check", f"bench-week: runlift, new plans ({n}, new Checker)", ours, "/s",
                        "hand-written predicates (floor)", hand, target, reps))
    if engine_mod is None:
        rows.append(Row("check", "bench-week: rule-engine", None, "/s", note=why_engine))
    else:
        engine = engine_mod.RuleEngineChecker()
        few = plans[: max(2, min(len(plans), 5))]
        slow = 1 / median_time(lambda batch: [engine.check(p) for p in batch], max(2, s.reps // 3), per=len(few),
                               setup=lambda: [fresh_copy(p) for p in few])
        rows.append(Row("check", f"bench-week: runlift, new plans ({n}, new Checker)", ours, "/s",
                        "rule-engine", slow, target, f"{s.reps} / {max(2, s.reps // 3)}"))
    return rows


def console_script() -> str | None:
    """The ``runlift`` console script of this interpreter's environment (not a pyenv shim)."""
    for scripts in (sysconfig.get_path("scripts"), os.path.dirname(os.path.realpath(sys.executable))):
        found = shutil.which("runlift", path=scripts)
        if found:
            return found
    return None


def clean_venv(tmp: str) -> tuple[str | None, str]:
    """A new virtual environment in ``tmp`` with runlift installed as the README says (``pip install .``):
    its python and console script directory, or None and the reason it could not be made."""
    venv = os.path.join(tmp, "venv")
    bindir = os.path.join(venv, "Scripts" if os.name == "nt" else "bin")
    steps = ([os.path.realpath(sys.executable), "-m", "venv", venv],
             [os.path.join(bindir, "python"), "-m", "pip", "install", "-q", "--disable-pip-version-check",
              str(HERE.parent)])
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    for argv in steps:
        proc = subprocess.run(argv, capture_output=True, text=True, env=env)
        if proc.returncode:
            return None, f"not measured: {' '.join(argv[-2:])} failed: {proc.stderr.strip()[-200:]}"
    return bindir, ""


def cli_rows(python: str, script: str, plan_path: str, where: str, s: Settings) -> list[Row]:
    """Wall times of ``runlift --help``, ``compare`` and ``check`` beside ``python -c pass``, one environment."""
    reps = f"{s.cli_reps}"
    baseline = run_cli([python, "-c", "pass"], s.cli_reps)
    rows = []
    no_cache = {"RUNLIFT_NO_CACHE": "1"}
    for argv, what, target, ok, env in (
        ([script, "--help"], "runlift --help", "≤ 60 ms (goal 50)", (0,), None),
        ([script, "--help"], "runlift --help, caches off", "", (0,), no_cache),
        ([script, "compare"], "runlift compare", "≤ 300 ms (goal 150)", (0,), None),
        ([script, "compare"], "runlift compare, caches off", "", (0,), no_cache),
        ([script, "check", plan_path, "--ruleset", "runna"], "runlift check plan.json --ruleset runna", "",
         (0, 1), None),
    ):
        value = run_cli(argv, s.cli_reps, ok, env)
        rows.append(Row("cli", f"{what} ({where})", value, "ms", "python -c pass", baseline, target, reps))
    return rows


def cli(rl: Runlift, s: Settings) -> list[Row]:
    script = console_script()
    if script is None:
        return [Row("cli", "runlift console script", None, "ms", note="not measured: no runlift script in "
                    f"{sysconfig.get_path('scripts')} (pip install -e .)")]
    from runlift.planio import dump_plan, write_atomic

    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        plan = rl.planner("runna").plan(default_athlete()).plan
        path = os.path.join(tmp, "plan.json")
        write_atomic(path, dump_plan(plan, "json"))
        rows += cli_rows(os.path.realpath(sys.executable), script, path, "this environment", s)
        if s.clean_venv:
            bindir, why = clean_venv(tmp)
            if bindir is None:
                rows.append(Row("cli", "runlift in a new venv (pip install .)", None, "ms", note=why))
            else:
                rows += cli_rows(os.path.join(bindir, "python"), os.path.join(bindir, "runlift"), path,
                                 "new venv, pip install .", s)
    return rows


def batch_and_scaling(rl: Runlift, s: Settings) -> list[Row]:
    from runlift.planner import Planner

    rows: list[Row] = []
    reps = f"{s.reps}"
    script = console_script()
    try:
        import runlift.batch  # noqa: F401
        import runlift.commands.batch  # noqa: F401
        present = True
    except ImportError:
        present = False
    ruleset = rl.ruleset("runna")
    if not present:
        rows.append(Row("batch", "runlift batch", None, "/s", note="not measured: batch not present"))
    elif script is None:
        rows.append(Row("batch", "runlift batch", None, "/s", note="not measured: no runlift console script"))
    else:
        for n in s.batch_sizes:
            athletes = roster(n)
            with tempfile.TemporaryDirectory() as tmp:
                csv_path = os.path.join(tmp, "roster.csv")
                write_roster(athletes, csv_path)

                def plan_roster():
                    p = Planner(ruleset, plugins=rl.plugins)
                    for a in athletes:
                        p.plan(a)

                in_process = median_time(plan_roster, max(2, s.reps // 3))
                for jobs in ("1", "0"):
                    out = os.path.join(tmp, f"out{jobs}")
                    wall = run_cli([script, "batch", csv_path, "--ruleset", "runna", "--out", out, "--jobs", jobs],
                                   max(2, s.cli_reps // 3), ok=(0, 1))
                    label = "1 process" if jobs == "1" else f"--jobs 0 ({os.cpu_count()} CPUs)"
                    rows.append(Row("batch", f"runlift batch, {n} athletes, {label}: athletes/s (wall)", n / wall,
                                    "/s", "in-process plan loop, 1 Planner", n / in_process, "",
                                    f"{max(2, s.cli_reps // 3)}"))
    if present and script is not None and s.big_batch:
        rows += big_batch(script, s.big_batch)
    # plan length: planning and checking a runna plan of 4, 16 and 52 weeks
    athlete = default_athlete()
    planner = Planner(ruleset, plugins=rl.plugins)
    cpsat, _ = peer_module("cpsat")
    base_check = None
    for weeks in s.lengths:
        planner.plan(athlete, weeks=weeks)
        t_plan = median_time(lambda: planner.plan(athlete, weeks=weeks), s.reps)
        plan = planner.plan(athlete, weeks=weeks).plan
        checker = rl.checker("runna")
        checker.check(plan)
        t_check = median_time(lambda batch: [checker.check(p) for p in batch], s.reps, per=s.copies,
                              setup=lambda: [fresh_copy(plan) for _ in range(s.copies)])
        peer_t = median_time(lambda: cpsat.solve(weeks), max(2, s.reps // 2)) if cpsat else None
        rows.append(Row("scale", f"runna plan, {weeks} wk (warm Planner)", t_plan, "ms",
                        f"CP-SAT bench-week {weeks} wk" if cpsat else "", peer_t, "", reps))
        if weeks == 16:
            base_check = t_check
        rows.append(Row("scale", f"runna check, {weeks} wk (fresh copies, warm Checker)", 1 / t_check, "/s",
                        "", None, "", reps))
    for row in rows:  # growth relative to 16 weeks, as the peer column
        if row.section == "scale" and row.unit == "/s" and base_check:
            row.peer, row.peer_value = "runna check, 16 wk", 1 / base_check
    # roster size: plan and check every athlete with one Planner
    base = None
    for n in s.roster_sizes:
        athletes = roster(n)

        def plan_and_check():
            p = Planner(ruleset, plugins=rl.plugins)
            for a in athletes:
                p.checker.check(p.plan(a).plan)

        per_athlete = median_time(plan_and_check, max(2, s.reps // 3), per=n)
        if base is None:
            base = per_athlete
        rows.append(Row("scale", f"runna roster of {n}: plan + check, per athlete (1 Planner)", per_athlete, "ms",
                        f"roster of {s.roster_sizes[0]}", base, "", f"{max(2, s.reps // 3)}"))
    return rows


def big_batch(script: str, n: int) -> list[Row]:
    """The issue's batch target: ``n`` athletes x 16 weeks, ``--jobs 0`` (one worker per CPU), one timed run
    through the console script (wall time, and the CPU time of every process it ran)."""
    import resource

    with tempfile.TemporaryDirectory() as tmp:
        csv_path = os.path.join(tmp, "roster.csv")
        write_roster(roster(n), csv_path)
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        t = time.perf_counter()
        proc = subprocess.run([script, "batch", csv_path, "--ruleset", "runna", "--out", os.path.join(tmp, "out"),
                               "--jobs", "0"], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        wall = time.perf_counter() - t
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        if proc.returncode not in (0, 1):
            raise RuntimeError(f"runlift batch exited {proc.returncode}: {proc.stderr.decode()[-500:]}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    cpus = f"{os.cpu_count()} CPUs"
    return [Row("batch", f"runlift batch, {n:,} athletes × 16 wk, --jobs 0 ({cpus}): wall", wall, "ms",
                target="≤ 30 s (goal 10 s)", reps="1"),
            Row("batch", f"runlift batch, {n:,} athletes: CPU per athlete, all processes", cpu / n, "ms", reps="1")]


def write_roster(athletes, path: str) -> None:
    lines = ["name,experience,run-days,long-run-day,rest-days,equipment,baseline-minutes,race-distance,race-date,start"]
    for a in athletes:
        lines.append(",".join([a.name, a.experience, " ".join(a.run_days), a.long_run_day or "none",
                               " ".join(a.rest_days), a.equipment, str(a.baseline_minutes),
                               a.race.distance if a.race else "", a.race.date.isoformat() if a.race else "",
                               a.start.isoformat() if a.start else ""]))
    Path(path).write_text("\n".join(lines) + "\n", encoding="utf-8")


# --------------------------------------------------------------------------- output


def machine(date: str) -> list[tuple[str, str]]:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    try:
        usable = len(os.sched_getaffinity(0))
    except AttributeError:
        usable = os.cpu_count()
    load = os.getloadavg() if hasattr(os, "getloadavg") else None
    import runlift

    return [
        ("date", date),
        ("CPU", cpu),
        ("cores", f"{os.cpu_count()} ({usable} usable)"),
        ("Python", f"{platform.python_implementation()} {platform.python_version()} "
                   f"({platform.python_compiler()})"),  # no paths: the results file is committed
        ("OS", platform.platform()),
        ("runlift", getattr(runlift, "__version__", "?")),
        ("load average at start", " ".join(f"{x:.2f}" for x in load) if load else "?"),
    ]


def table(rows: list[Row]) -> list[str]:
    cells = [HEADERS] + [r.cells() for r in rows]
    widths = [max(len(c[k]) for c in cells) for k in range(len(HEADERS))]
    out = ["| " + " | ".join(c.ljust(w) for c, w in zip(cells[0], widths)) + " |",
           "|" + "|".join("-" * (w + 2) for w in widths) + "|"]
    out += ["| " + " | ".join(c.ljust(w) for c, w in zip(row, widths)) + " |" for row in cells[1:]]
    return out


NOTES = """\
How to read it: **runlift** is the median over **reps** repetitions; **peer value** is the peer's median from the
same run; **ratio** is runlift's speed relative to the peer (for the scale rows: relative to the baseline size).
Times are per plan (ms), rates are 16-week plans per second unless the row says otherwise.

* *fresh Planner per plan*: builds the Planner (compiles the ruleset's rules, loads the catalog) and plans;
  *warm Planner*: one Planner reused, as `runlift batch` and `runlift compare` do.
* *new plans*: plans for different athletes (different starts, experience, distances, rest days), unpickled so
  every object is new, checked by a new Checker: the first sight of each plan. *fresh copies of one plan*:
  new objects (a pickle round trip, which keeps objects shared inside the plan shared), equal values, checked
  by a Checker that has seen the plan once. *read from JSON*: the same, parsed from `runlift.plan/1` JSON, so
  no two sessions share an object. *the same plan object*: the per-object (per-Week) cache.
* The bench-week problem (`bench/week.toml`, modelled in `bench/peers/`): five runs, two heavy lifts and a rest
  day per week under five rules; every peer's solution is checked against the same ruleset before timing.
  CP-SAT proves optimality with one worker; python-constraint2 stops at its first solution (no objective).
* The hand-written predicates and rule-engine check only the five bench rules on complete weeks: a floor
  for the cost of reading a plan in Python, not a rival checker. The built-in rulesets have 9-20 rules.
* CLI rows are wall times of a new process through the installed console script, after one untimed warm-up
  (which also fills runlift's on-disk cache: validated rulesets and catalog, the rendered top-level
  help, see `runlift.entry`, and the methods attrs compiles, see `runlift.codecache`; a class whose hash
  salt, random per process, has a length not seen yet is compiled and added, so the first timed runs still
  compile a few classes); the *caches off* rows set `RUNLIFT_NO_CACHE=1`, so every run parses the
  TOML, renders the help with Click and compiles attrs' methods again. Process start-up varies a lot between machines (the
  issue quotes ~11 ms for `python -c pass` on a quiet one): read them beside the `python -c pass` row.
  *this environment* is the interpreter running the bench (an editable install's import hook and any
  `.pth` files of its site-packages slow every process start, `python -c pass` included); *new venv, pip
  install .* is a virtual environment made for the run with a regular install, as a user gets it.
* The 10,000-athlete batch row (full runs only) is one timed run of `runlift batch` on
  `bench/workload.roster(10000)` (experience, distance, rest and long-run days, equipment, baseline
  minutes and start date vary from row to row), `--ruleset runna --jobs 0`, files written to a temporary
  directory; its CPU row adds up every process the command ran.
* The targets are the issue's: checking ≥ 2,000 16-week plans/s (goal 5,000), planning ≤ 5 ms per 16-week
  plan (goal 1 ms), `runlift compare` ≤ 300 ms (goal 150), `runlift --help` ≤ 60 ms (goal 50); "met" is
  judged on this run's median. The load average above says how busy the machine was.
"""


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--quick", action="store_true", help="few repetitions and small inputs (a smoke test)")
    ap.add_argument("--write", metavar="PATH", help="also write the results (markdown, machine described)")
    ap.add_argument("--date", help="the date to record (default: today)")
    ap.add_argument("--no-venv", action="store_true",
                    help="time the CLI only in this environment, not also in a new venv made by pip install .")
    ap.add_argument("--only", choices=("plan", "check", "cli", "batch"), action="append",
                    help="run only these sections (repeatable)")
    args = ap.parse_args(argv)
    settings = Settings.make(args.quick)
    if args.no_venv:
        settings = replace(settings, clean_venv=False)
    date = args.date or dt.date.today().isoformat()
    about = machine(date)
    started = time.perf_counter()
    rl = Runlift()
    sections = (("plan", planning), ("check", checking), ("cli", cli), ("batch", batch_and_scaling))
    rows: list[Row] = []
    for key, fn in sections:
        if args.only and key not in args.only:
            continue
        print(f"# {key} ...", file=sys.stderr, flush=True)
        rows += fn(rl, settings)
    lines = table(rows)
    print("\n".join(lines))
    elapsed = time.perf_counter() - started
    load = os.getloadavg() if hasattr(os, "getloadavg") else None
    if args.write:
        text = ["# runlift benchmark results", "",
                f"Generated by `python bench/run.py{' --quick' if args.quick else ''} --write {args.write}"
                f"{' --date ' + args.date if args.date else ''}` in {elapsed:.0f} s.", "",
                "## Machine", ""]
        text += [f"* {k}: {v}" for k, v in about]
        if load:
            text.append(f"* load average at end: {' '.join(f'{x:.2f}' for x in load)}")
        text += ["", "## Results", "", *lines, "", "## Notes", "", NOTES]
        Path(args.write).write_text("\n".join(text), encoding="utf-8")
        print(f"wrote {args.write}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
