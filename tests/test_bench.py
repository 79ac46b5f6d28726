"""Smoke test of the benchmark script: it runs in --quick mode and prints its table. No timing assertions."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parent.parent / "bench" / "run.py"


def test_bench_quick_prints_the_table(tmp_path):
    out = tmp_path / "results.md"
    proc = subprocess.run([sys.executable, str(BENCH), "--quick", "--date", "2000-01-01", "--write", str(out)],
                          capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr[-3000:]
    header = proc.stdout.splitlines()[0]
    for column in ("section", "measurement", "runlift", "peer", "peer value", "ratio", "target", "reps"):
        assert f" {column} " in header
    sections = {line.split("|")[1].strip() for line in proc.stdout.splitlines()[2:] if line.startswith("|")}
    assert sections == {"plan", "check", "cli", "batch", "scale"}
    text = out.read_text(encoding="utf-8")
    assert "* date: 2000-01-01" in text and "* CPU: " in text and "* Python: " in text
