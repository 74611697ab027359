"""The two servers under test: LoanCoach (Rasa + action server) and the `rasa init` baseline.

Both use the same tracker store, Rasa's SQLTrackerStore on a SQLite file in the run's temp dir, and
listen on loopback ports chosen at run time. Nothing is written inside the repository.
"""

from __future__ import annotations

import shutil
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, List, Optional, Tuple

import yaml
from processes import BenchError, Processes, RssSampler, free_port, listens_on, log_tail, wait_for

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
WEBHOOK = "/webhooks/rest/webhook"


@dataclass
class Stack:
    name: str
    port: int
    tracker_db: Path
    rasa_log: Path
    processes: List[str]  # names in Processes and RssSampler: the Rasa server first
    started: float = field(default_factory=time.perf_counter)
    health: List[Tuple[str, str, Path]] = field(default_factory=list)  # (process name, URL, log) to wait for
    startup_s: Dict[str, float] = field(default_factory=dict)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}{WEBHOOK}"

    def wait_ready(self, procs: Processes) -> None:
        """Return once every server of the stack answers; record how long each took from launch."""
        for name, url, log in self.health:
            proc = procs.get(name)
            wait_for(url, proc, log)
            port = int(url.split(":")[2].split("/")[0])
            if not listens_on(proc.pid, port):  # another program took the port between choice and bind
                raise BenchError(f"{url} answered, but not from {name} (pid {proc.pid}):\n{log_tail(log)}")
            self.startup_s[name] = round(time.perf_counter() - self.started, 1)


def write_endpoints(
    path: Path, tracker_db: Path, actions_port: Optional[int] = None, store_type: str = "SQL"
) -> Path:
    """endpoints.yml with a SQLite tracker store of ``store_type`` (LoanCoach: the type in the
    project's endpoints.yml, e.g. its masking store; the baseline: Rasa's SQL store) and the actions."""
    text = f'tracker_store:\n  type: {store_type}\n  dialect: "sqlite"\n  db: "{tracker_db}"\n'
    if actions_port is not None:
        text = f'action_endpoint:\n  url: "http://127.0.0.1:{actions_port}/webhook"\n' + text
    path.write_text(text)
    return path


def launch_loancoach(procs: Processes, sampler: RssSampler, tmp: Path, model: Path) -> Stack:
    """Start the action server (own records DB) and `rasa run` with a copy of ``model``; see wait_ready."""
    work = tmp / "loancoach"
    work.mkdir()
    model_copy = Path(shutil.copy2(model, work / "model.tar.gz"))
    actions_port, rasa_port = free_port(), free_port()
    stack = Stack(
        "loancoach",
        rasa_port,
        work / "tracker.db",
        work / "rasa.log",
        ["loancoach.rasa", "loancoach.actions"],
    )
    actions_log = work / "actions.log"
    actions = procs.start(
        "loancoach.actions",
        [str(BIN / "rasa"), "run", "actions", "--actions", "actions", "--port", str(actions_port)],
        cwd=ROOT,
        log=actions_log,
        env={"DATABASE_URL": f"sqlite:///{work / 'loancoach.db'}"},
    )
    sampler.watch("loancoach.actions", actions.pid)
    ours = yaml.safe_load((ROOT / "endpoints.yml").read_text("utf-8"))["tracker_store"]["type"]
    endpoints = write_endpoints(work / "endpoints.yml", stack.tracker_db, actions_port, ours)
    rasa = procs.start(
        "loancoach.rasa",
        [
            str(BIN / "rasa"),
            "run",
            "--model",
            str(model_copy),
            "--endpoints",
            str(endpoints),
            "--credentials",
            str(ROOT / "credentials.yml"),
            "-i",
            "127.0.0.1",
            "--port",
            str(rasa_port),
        ],
        cwd=ROOT,
        log=stack.rasa_log,
        # The virtual users all come from one loopback address: that is load, not a flood.
        env={"RATE_LIMIT_PER_MINUTE": "0"},
    )
    sampler.watch("loancoach.rasa", rasa.pid)
    stack.health = [
        ("loancoach.actions", f"http://127.0.0.1:{actions_port}/health", actions_log),
        ("loancoach.rasa", f"http://127.0.0.1:{rasa_port}/", stack.rasa_log),
    ]
    return stack


def launch_baseline(procs: Processes, sampler: RssSampler, project: Path, model: Path) -> Stack:
    """Start `rasa run` for the `rasa init` project in ``project`` (no custom actions, no action server)."""
    port = free_port()
    stack = Stack("baseline", port, project / "tracker.db", project / "rasa_run.log", ["baseline.rasa"])
    endpoints = write_endpoints(project / "bench_endpoints.yml", stack.tracker_db)
    rasa = procs.start(
        "baseline.rasa",
        [
            str(BIN / "rasa"),
            "run",
            "--model",
            str(model),
            "--endpoints",
            str(endpoints),
            "--credentials",
            str(project / "credentials.yml"),
            "-i",
            "127.0.0.1",
            "--port",
            str(port),
        ],
        cwd=project,
        log=stack.rasa_log,
    )
    sampler.watch("baseline.rasa", rasa.pid)
    stack.health = [("baseline.rasa", f"http://127.0.0.1:{port}/", stack.rasa_log)]
    return stack


def stop_stack(procs: Processes, sampler: RssSampler, stack: Stack) -> None:
    for name in stack.processes:
        sampler.unwatch(name)
        procs.stop(name)


def train_baseline(procs: Processes, tmp: Path) -> Dict[str, object]:
    """`rasa init --no-prompt` (scaffold + training with a cold cache) in ``tmp``; its wall time.

    Returns the project dir, the trained model and the seconds, measured like scripts/train_if_changed.sh
    measures ours: the whole command, Python start-up included.
    """
    project = tmp / "baseline"
    project.mkdir()
    log = tmp / "baseline_init.log"
    seconds = procs.run(
        "baseline.init",
        [str(BIN / "rasa"), "init", "--no-prompt", "--init-dir", str(project)],
        cwd=tmp,
        log=log,
        env={"RASA_CACHE_DIRECTORY": str(tmp / "rasa_cache")},
    )
    models = sorted((project / "models").glob("*.tar.gz"))
    if not models:
        raise BenchError(f"rasa init trained no model in {project / 'models'}")
    return {"project": project, "model": models[-1], "seconds": round(seconds, 1)}
