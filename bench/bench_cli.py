"""Cold start of ``loancoach check-ad TEXT --json``: a new process per run, as a counselor or a script
calls it.

Runs the venv's ``loancoach`` command as a subprocess from an empty folder (its records go to a fresh
``LOANCOACH_VAR_DIR``): once to create the database (reported apart: migrations run only then), then
REPEATS times, alternating with a reference measured in the same run, the bare interpreter start of the
same venv (``python -c pass``), so that a loaded machine shows as a slow reference too. Each run is
timed by wall clock and by the CPU time (user + system) of the child; ``--no-record`` runs (no
database) are timed too, to show what storing the check costs.

Prints medians with min-max, the ratio to the interpreter start, and PASS/FAIL against the issue's
target (under 1.5 s wall clock from a cold start on the 2-core machine); the verdict is informational.
Exits 1 only when the command fails or gives a wrong answer. Writes results/bench_cli.json.
Run: .venv/bin/python bench/bench_cli.py
"""

from __future__ import annotations

import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Dict, List, Tuple

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "results" / "bench_cli.json"
TEXT = "不看征信，先交保证金"
REPEATS = 5
TARGET_S = 1.5


def loancoach_command() -> List[str]:
    script = Path(sys.executable).with_name("loancoach")
    return [str(script)] if script.exists() else [sys.executable, "-m", "loancoach.cli.app"]


def timed(cmd: List[str], cwd: str, env: Dict[str, str]) -> Tuple[float, float, str]:
    """(wall seconds, CPU seconds of the child, stdout) of one run; raises if the command fails."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True, timeout=120)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd[-4:])} exited {done.returncode}: {done.stderr.strip()[-500:]}")
    return wall, cpu, done.stdout


def checked(stdout: str, recorded: bool) -> None:
    """The answer must be the verdict the checker gives this text (and say whether it was stored)."""
    answer = json.loads(stdout)
    categories = set(answer["categories"])
    if answer["verdict"] != "misleading" or not {"fee_before_disbursement", "no_credit_check"} <= categories:
        raise RuntimeError(f"wrong answer: {answer['verdict']} {sorted(categories)}")
    if answer["recorded"] is not recorded:
        raise RuntimeError(f"recorded is {answer['recorded']}, expected {recorded}")


def spread(values: List[float]) -> Dict[str, float]:
    return {"median": statistics.median(values), "min": min(values), "max": max(values)}


def show(name: str, walls: List[float], cpus: List[float]) -> str:
    w, c = spread(walls), spread(cpus)
    return (
        f"{name}: median {w['median']:.2f} s wall (min {w['min']:.2f}, max {w['max']:.2f}), "
        f"CPU {c['median']:.2f} s (min {c['min']:.2f}, max {c['max']:.2f})"
    )


def main() -> int:
    check_ad = [*loancoach_command(), "check-ad", TEXT, "--json"]
    interpreter = [sys.executable, "-c", "pass"]
    runs: Dict[str, Dict[str, List[float]]] = {
        key: {"wall": [], "cpu": []} for key in ("check_ad", "check_ad_no_record", "interpreter")
    }
    with tempfile.TemporaryDirectory(prefix="bench_cli_") as folder:
        env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "LOANCOACH_VAR_DIR")}
        env["LOANCOACH_VAR_DIR"] = str(Path(folder) / "var")
        try:
            first_wall, first_cpu, stdout = timed(check_ad, folder, env)  # creates and migrates the database
            checked(stdout, recorded=True)
            for _ in range(REPEATS):  # alternate, so that load on the machine hits all alike
                for key, cmd, recorded in (
                    ("check_ad", check_ad, True),
                    ("check_ad_no_record", [*check_ad, "--no-record"], False),
                    ("interpreter", interpreter, None),
                ):
                    wall, cpu, stdout = timed(cmd, folder, env)
                    if recorded is not None:
                        checked(stdout, recorded)
                    runs[key]["wall"].append(wall)
                    runs[key]["cpu"].append(cpu)
        except (RuntimeError, ValueError, KeyError, subprocess.TimeoutExpired) as exc:
            print(f"bench_cli: {exc}", file=sys.stderr)
            return 1
    ours, base = runs["check_ad"], runs["interpreter"]
    ratios = sorted(o / b for o, b in zip(ours["wall"], base["wall"], strict=True))
    median = statistics.median(ours["wall"])
    print(f'loancoach check-ad "{TEXT}" --json, a new process each time, {REPEATS} runs:')
    print(f"first run (creates the database): {first_wall:.2f} s wall, CPU {first_cpu:.2f} s")
    print(show("check-ad", ours["wall"], ours["cpu"]))
    print(show("check-ad --no-record", runs["check_ad_no_record"]["wall"], runs["check_ad_no_record"]["cpu"]))
    print(show("reference: python -c pass", base["wall"], base["cpu"]))
    print(
        f"check-ad / interpreter start = {statistics.median(ratios):.1f} (min {ratios[0]:.1f}, max {ratios[-1]:.1f}); "
        f"check-ad minus interpreter start {median - statistics.median(base['wall']):.2f} s"
    )
    verdict = "PASS" if median <= TARGET_S else "FAIL"
    print(f"target under {TARGET_S} s from a cold start: {verdict} (median {median:.2f} s; informational)")
    OUT.parent.mkdir(parents=True, exist_ok=True)
    result = {
        "command": f'loancoach check-ad "{TEXT}" --json',
        "repeats": REPEATS,
        "first_run": {"wall_s": first_wall, "cpu_s": first_cpu},
        **{key: {**values, "wall_s": spread(values["wall"])} for key, values in runs.items()},
        "ratio_to_interpreter": spread(ratios),
        "target_s": TARGET_S,
        "verdict": verdict,
    }
    OUT.write_text(json.dumps(result, indent=2) + "\n")
    print(f"written {OUT.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
