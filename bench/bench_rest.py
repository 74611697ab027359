"""LoanCoach through its REST webhook against a plain `rasa init` bot, under 1, 10 and 50 users.

In one run, on loopback, with Rasa's SQLite tracker store for both bots:

1. trains the baseline: `rasa init --no-prompt` in a temp dir (timed; LoanCoach's training time is
   read from models/loancoach.train.json, written by `make train` — the model is not retrained here);
2. starts LoanCoach (action server + `rasa run` on a copy of models/loancoach.tar.gz) and the
   baseline (`rasa run` only: it has no custom actions), warms both up;
3. runs 1, 10 and 50 virtual users (bench/load.py, scripts in bench/conversations.py) against
   LoanCoach and then the baseline at each level, and checks the SQLite tracker store of each after
   each level (loancoach/records/tracker_integrity.py);
4. samples the peak RSS of every server (with children) every 100 ms throughout;
5. writes results/bench.json and results/bench.md, prints the table and the target verdicts.

Every level runs --repeats times per bot (default 3), interleaved and in alternating order; figures
are medians over the repeats and the targets are median ratios to the baseline with their min-max.
Prints PASS/FAIL for each target. Exits 1 only for a real failure (errors, lost messages, failed
action calls), 2 if the benchmark could not run; a missed speed target is reported, not an exit code.
Usage: .venv/bin/python bench/bench_rest.py [--messages 40,200,500] [--max-seconds 120] [--repeats 3]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import shutil
import signal
import sys
import tempfile
import time
from datetime import datetime, timezone
from importlib.metadata import version
from pathlib import Path
from typing import Dict, FrozenSet, List, Optional, Tuple

import yaml
from conversations import BASELINE_SCRIPTS, BASELINE_WARM_UP, SCRIPTS, WARM_UP
from load import run_level, warm_up
from processes import BenchError, Processes, RssSampler, cpu_seconds
from report import USERS, failures, markdown, metric_rows, targets
from stacks import ROOT, Stack, launch_baseline, launch_loancoach, stop_stack, train_baseline

from loancoach.records.tracker_integrity import check as check_tracker

MODEL = ROOT / "models" / "loancoach.tar.gz"
TRAIN_RECORD = ROOT / "models" / "loancoach.train.json"
# The replies that mean "it failed, try again": an action that failed, the action server unreachable.
APOLOGIES = ("utter_action_error", "utter_service_unavailable")
ACTION_FAILURE = "Encountered an exception while running action"  # Rasa's log line when an action call fails
NOT_RECORDED = "not recorded: run `make train` after deleting models/loancoach.inputs.sha256"


def parse_args(argv: List[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--messages",
        default="40,200,500",
        help="message budget of the 1-, 10- and 50-user levels (default 40,200,500)",
    )
    parser.add_argument("--max-seconds", type=float, default=120.0, help="wall-time bound of each level")
    parser.add_argument(
        "--repeats", type=int, default=3, help="runs of every level per bot, interleaved (default 3)"
    )
    parser.add_argument("--timeout", type=float, default=30.0, help="per-request timeout in seconds")
    parser.add_argument("--out", type=Path, default=ROOT / "results", help="where bench.json and bench.md go")
    parser.add_argument(
        "--keep-tmp", action="store_true", help="keep the temp dir (server logs, tracker DBs)"
    )
    args = parser.parse_args(argv)
    try:
        budgets = [int(n) for n in args.messages.split(",")]
    except ValueError:
        budgets = []
    if len(budgets) != len(USERS) or min(budgets) < 1:
        parser.error(f"--messages needs {len(USERS)} positive counts, one per level {USERS}")
    args.budgets = dict(zip(USERS, budgets, strict=False))
    return args


def apology_texts() -> FrozenSet[str]:
    """The assistant's "something went wrong" replies (APOLOGIES in domain.yml), every language."""
    texts = set()
    for path in [ROOT / "domain.yml"]:
        responses = (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("responses") or {}
        for name in APOLOGIES:
            texts.update(v["text"] for v in responses.get(name, []) if v.get("text"))
    if not texts:
        raise BenchError(f"none of {APOLOGIES} found in domain.yml: cannot recognise apologies")
    return frozenset(texts)


def our_training() -> Dict[str, object]:
    if not TRAIN_RECORD.exists():
        return {"seconds": None, "note": NOT_RECORDED}
    record = json.loads(TRAIN_RECORD.read_text())
    return {
        "seconds": record.get("seconds"),
        "finished": record.get("finished"),
        "cores": record.get("cores"),
        "source": str(TRAIN_RECORD.relative_to(ROOT)),
    }


def warm(stack: Stack, args: argparse.Namespace, run_id: str) -> List[str]:
    """Send the warm-up messages (not measured); return those that got no proper reply."""
    texts = BASELINE_WARM_UP if stack.name == "baseline" else WARM_UP
    exchanges = asyncio.run(warm_up(stack.url, f"warmup-{stack.name}-{run_id}", texts, args.timeout))
    errors = [f"{e.text!r}: {e.error}" for e in exchanges if e.error]
    print(
        f">> {stack.name}: warmed up with {len(exchanges)} messages"
        + (f" ({len(errors)} without a proper reply: {errors[:3]})" if errors else ""),
        flush=True,
    )
    return errors


def measure_level(
    stack: Stack,
    procs: Processes,
    users: int,
    args: argparse.Namespace,
    run_id: str,
    apologies: FrozenSet[str],
) -> Tuple[Dict, Dict]:
    """One load level on ``stack``, then the tracker-store check of the senders it used."""
    log_start = stack.rasa_log.stat().st_size
    pids = {name: procs.get(name).pid for name in stack.processes}
    cpu_start = {name: cpu_seconds(pid) for name, pid in pids.items()}
    level = asyncio.run(
        run_level(
            stack.url,
            users,
            args.budgets[users],
            args.max_seconds,
            args.timeout,
            f"bench-{stack.name}-{users}u-{run_id}",
            apologies,
            BASELINE_SCRIPTS if stack.name == "baseline" else SCRIPTS,
        )
    )
    summary = level.summary()
    # CPU time each server used per message sent: where the capacity goes (2 cores in all)
    summary["cpu_ms_per_message"] = {
        name.split(".")[1]: round(
            (cpu_seconds(pid) - cpu_start[name]) * 1000 / max(1, summary["messages_sent"]), 1
        )
        for name, pid in pids.items()
    }
    with stack.rasa_log.open("rb") as log:
        log.seek(log_start)
        summary["action_failures_in_log"] = log.read().decode(errors="replace").count(ACTION_FAILURE)
    checked = check_tracker(level.sent, str(stack.tracker_db))
    print(
        f">> {stack.name:9s} {users:>2} users: {summary['messages_sent']} messages in {summary['elapsed_s']} s "
        f"(stopped by {summary['stopped_by']}), p50 {summary['p50_ms']} ms, p99 {summary['p99_ms']} ms, "
        f"{summary['msg_per_s']} msg/s, errors {summary['errors']} {summary['errors_by_kind'] or ''}, failed action calls "
        f"{summary['action_failures_in_log']}, CPU ms/message {summary['cpu_ms_per_message']}, "
        f"tracker lost {checked['lost']} "
        f"out-of-order {checked['out_of_order']}",
        flush=True,
    )
    return summary, checked


def machine_info() -> Dict[str, object]:
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor(),
    )
    return {
        "cores": os.cpu_count(),
        "cpu": cpu,
        "python": platform.python_version(),
        "rasa": version("rasa"),
        "rasa_sdk": version("rasa-sdk"),
        "platform": platform.platform(),
        "load_average_start": [round(x, 2) for x in os.getloadavg()],
    }


def run_bench(args: argparse.Namespace, procs: Processes, sampler: RssSampler, tmp: Path) -> Dict:
    if not MODEL.exists():
        raise BenchError(f"{MODEL} not found: run `make train` first")
    results: Dict = {
        "date": datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "machine": machine_info(),
        "notes": [],
    }
    run_id = f"{int(time.time()):x}"
    apologies = apology_texts()
    started = time.perf_counter()

    print(">> baseline: rasa init --no-prompt (scaffold + training, timed)", flush=True)
    baseline = train_baseline(procs, tmp)
    print(f">> baseline trained in {baseline['seconds']} s", flush=True)

    print(">> starting LoanCoach (action server + Rasa) and the baseline (Rasa)", flush=True)
    stacks = [
        launch_loancoach(procs, sampler, tmp, MODEL),
        launch_baseline(procs, sampler, baseline["project"], baseline["model"]),
    ]
    ours = stacks[0]
    try:
        for stack in stacks:
            stack.wait_ready(procs)
            results[stack.name] = {"repeats": [], "startup_s": stack.startup_s}
        for stack in stacks:
            results[stack.name]["warm_up_errors"] = warm(stack, args, run_id)
        # Every level runs --repeats times per bot, interleaved and in alternating order (LoanCoach
        # first in odd repeats, the baseline first in even ones), so that other work on the machine
        # changes both sides alike; the idle server waits without using the CPU.
        for repeat in range(args.repeats):
            order = stacks if repeat % 2 == 0 else stacks[::-1]
            runs = {stack.name: {"levels": {}, "tracker_check": {}} for stack in stacks}
            for users in USERS:
                for stack in order:
                    summary, checked = measure_level(
                        stack, procs, users, args, f"{run_id}r{repeat}", apologies
                    )
                    runs[stack.name]["levels"][str(users)] = summary
                    runs[stack.name]["tracker_check"][str(users)] = checked
            for stack in stacks:
                results[stack.name]["repeats"].append(runs[stack.name])
        for stack in stacks:
            results[stack.name].update(median_run(results[stack.name]["repeats"]))
    finally:
        for stack in stacks:
            stop_stack(procs, sampler, stack)

    rasa, actions, base_rasa = (
        sampler.peak_mb(n) for n in ("loancoach.rasa", "loancoach.actions", "baseline.rasa")
    )
    results["loancoach"]["peak_rss_mb"] = {
        "rasa": rasa,
        "actions": actions,
        "total": _add(rasa, actions),
        "samples": {n: sampler.samples.get(n) for n in ours.processes},
    }
    results["baseline"]["peak_rss_mb"] = {
        "rasa": base_rasa,
        "actions": None,
        "total": base_rasa,
        "samples": {"baseline.rasa": sampler.samples.get("baseline.rasa")},
    }
    results["loancoach"]["training"] = our_training()
    results["baseline"]["training"] = {
        "seconds": baseline["seconds"],
        "what": "wall time of `rasa init --no-prompt` (scaffold + training), cold Rasa cache in a temp dir",
    }
    results["settings"] = {
        "repeats": args.repeats,
        "messages": {str(u): n for u, n in args.budgets.items()},
        "max_seconds": args.max_seconds,
        "timeout_s": args.timeout,
        "warm_up_messages": len(WARM_UP),
        "rss_sample_interval_s": sampler.interval,
        "tracker_store": "SQL (sqlite) in a temp dir, both bots",
    }
    results["machine"]["load_average_end"] = [round(x, 2) for x in os.getloadavg()]
    results["bench_seconds"] = round(time.perf_counter() - started, 1)
    results["notes"] += notes(results)
    results["rows"] = metric_rows(results)
    results["targets"] = targets(results)
    results["passed"] = all(t["pass"] for t in results["targets"])
    # A failure is what no noise explains: errors, lost messages, failed action calls at any level.
    results["failures"] = failures(results)
    return results


def median_run(repeats: List[Dict]) -> Dict:
    """One level summary per level: the median of each figure over the repeats; counts of errors,
    lost messages and failed action calls added up (one is a failure whichever repeat had it)."""
    import statistics

    levels, checks = {}, {}
    for users in USERS:
        key = str(users)
        runs = [r["levels"][key] for r in repeats]
        merged = dict(runs[0])
        for name, value in runs[0].items():
            values = [r.get(name) for r in runs]
            if name in (
                "errors",
                "action_failures_in_log",
                "messages_sent",
                "messages_answered",
                "messages_completed",
            ):
                merged[name] = sum(values)
            elif isinstance(value, (int, float)) and not isinstance(value, bool) and None not in values:
                merged[name] = round(statistics.median(values), 3)
        levels[key] = merged
        tracked = [r["tracker_check"][key] for r in repeats]
        check = dict(tracked[0])
        for name in (
            "messages_sent",
            "lost",
            "out_of_order",
            "unexpected",
            "without_bot_reply",
            "events_stored",
        ):
            check[name] = sum(t[name] for t in tracked)
        check["ok"] = all(t["ok"] for t in tracked)
        check["events_per_message"] = (
            round(check["events_stored"] / check["messages_sent"], 2) if check["messages_sent"] else None
        )
        checks[key] = check
    return {"levels": levels, "tracker_check": checks}


def _add(a: Optional[float], b: Optional[float]) -> Optional[float]:
    return None if a is None or b is None else round(a + b, 1)


def notes(results: Dict) -> List[str]:
    out = []
    training = results["loancoach"]["training"]
    if training["seconds"] is None:
        out.append(f"LoanCoach training time {training['note']}.")
    else:
        out.append(
            f"LoanCoach training: `rasa train` wall time recorded by scripts/train_if_changed.sh at "
            f"{training.get('finished')} on {training.get('cores')} cores (with whatever Rasa's training "
            "cache held then); baseline: `rasa init --no-prompt` timed in this run with an empty cache."
        )
    out += [
        "Errors: non-200, exception or timeout, an empty reply list, or one of LoanCoach's apologies "
        f"({', '.join(APOLOGIES)} in domain.yml, the texts it sends when an action fails or the action server "
        "is unreachable). Action calls that failed in Rasa "
        f'(log line "{ACTION_FAILURE}", e.g. action server unreachable) are counted separately per level.',
        "Latency covers every request (timeouts at the timeout); msg/s = completed messages (status 200 "
        "within the timeout, whatever the reply) / level wall time; 'answered' = completed without an error.",
        "p99 of the 1-user level comes from few samples (interpolated between the slowest requests).",
        "Peak RSS: each server process with its children, sampled every 100 ms from start to stop; "
        "'all servers' adds the two peaks.",
    ]
    empty = {
        u: level["errors_by_kind"].get("empty reply", 0) for u, level in results["baseline"]["levels"].items()
    }
    if any(empty.values()):
        examples = sorted(
            {
                e.split(": ", 1)[1].rsplit(" -> ", 1)[0]
                for level in results["baseline"]["levels"].values()
                for e in level["error_examples"]
                if e.endswith("empty reply")
            }
        )
        out.append(
            f"The `rasa init` bot (trained afresh in each run, without a fixed seed) answered some messages "
            f"with nothing: {', '.join(f'{n} at {u} users' for u, n in empty.items() if n)} (e.g. "
            f"{', '.join(examples[:4])}); its model predicted no response for them. They count as "
            "errors (empty reply) and as completed messages."
        )
    return out


def write(results: Dict, out: Path) -> str:
    out.mkdir(parents=True, exist_ok=True)
    text = markdown(results)
    (out / "bench.json").write_text(json.dumps(results, ensure_ascii=False, indent=2, default=str) + "\n")
    (out / "bench.md").write_text(text, encoding="utf-8")
    return text


def _exit_on_signal(signum, _frame):
    raise SystemExit(128 + signum)


def main(argv: List[str]) -> int:
    args = parse_args(argv)
    for sig in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(sig, _exit_on_signal)
    tmp = Path(tempfile.mkdtemp(prefix="loancoach-bench-"))
    procs, sampler = Processes(), RssSampler()
    sampler.start()
    try:
        results = run_bench(args, procs, sampler, tmp)
    except BenchError as exc:
        print(f"bench_rest: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("bench_rest: interrupted; the servers it started are stopped", file=sys.stderr)
        return 130
    finally:
        procs.stop_all()
        sampler.stop()
        if args.keep_tmp:
            print(f">> kept {tmp}")
        else:
            shutil.rmtree(tmp, ignore_errors=True)
    print(write(results, args.out))
    print(f">> wrote {args.out / 'bench.json'} and {args.out / 'bench.md'} ({results['bench_seconds']} s)")
    for target in results["targets"]:
        print(f"{'PASS' if target['pass'] else 'FAIL'}  {target['target']}: {target['value']}")
    if results["failures"]:
        print("bench_rest: " + "; ".join(results["failures"]), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
