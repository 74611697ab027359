"""Teach, retrain, prove: a borrower's message the current model misreads goes through a real conversation
(the trained agent in-process, the project's masking SQLite tracker store, a real action server); then
`loancoach teach SENDER --assign INTENT` writes it into a copy of the training inputs (never the repo's
data/); `rasa train nlu` on that copy; the new model reads the message, and a typo of it, as the taught
intent; and `loancoach report` says so in "Taught since the last report". Last, `teach` interactively
on another copy: a message said twice is asked about once.

The messages use a loan-app nickname and a slang word made up for this test, so no model has seen them.
The test checks that the current model misreads them before it teaches them (else there is nothing to
prove). Training is timed (`rasa train nlu`, LogisticRegression pipeline; see TRAIN_WALL_BUDGET_S).

Needs `models/loancoach.tar.gz` (make train); the model is copied first so a retrain cannot swap it.
"""

from __future__ import annotations

import difflib
import io
import os
import resource
import shutil
import subprocess
import sys
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Dict

import pytest
import servers

from loancoach.cli import teach as teach_command
from loancoach.cli.app import build_parser, main
from loancoach.cli.teach import LOW_CONFIDENCE
from loancoach.records.tracker_db import load_conversations

pytestmark = pytest.mark.model

ROOT = Path(__file__).resolve().parent.parent
MODEL = ROOT / "models" / "loancoach.tar.gz"
INTENT = "ask_extension"
# Aim: a retrain within the two minutes of `make train` (issue: <= 120 s). With the glued character
# n-grams (config.yml) `rasa train nlu` measured 68 s wall / 95 s of CPU on a quiet 2-core machine (43-65 s
# of CPU before them). A budget of 120 s of CPU caught OpenBLAS's spinning second thread once the
# long-message examples came (2026-12-05: 185 s of CPU for 116 s wall; 88 s for 89 s with one thread,
# components/__init__.py).
# Since the one-vs-rest fit runs on both cores (components/one_vs_rest.py) CPU exceeds wall: 82 s wall /
# 118 s CPU at 15:25, 91 s / 131 s with the 577 examples of 17:25, 106 s / 150 s in a clean clone's CI at
# 19:10 when the machine ran ~10% slower (CPU 1.42-1.46 x wall each time). A CPU budget in seconds flips
# with the machine's speed, so the test checks the wall clock (<= 120 s; DIET took ~450 s) and
# CPU against wall: a spinning BLAS thread doubles the CPU of the single-core phases (1.6 x wall when the
# fit used one core), so more than 1.7 x wall fails.
TRAIN_WALL_BUDGET_S = 120
TRAIN_CPU_PER_WALL = 1.7
# Requests to postpone a repayment ("展期"), said with a made-up nickname for a loan app and made-up slang
# ("续杯" refill, "冬眠" hibernate, "躺平" lie flat), each with a typo a borrower might make.
CANDIDATES = [
    ("嘀嗒钱包那笔能给我续杯吗", "滴答钱包那笔能给我续杯吗"),  # 嘀嗒 -> 滴答
    ("橙子贷的钱能先冬眠俩月吗", "橙子贷的钱能先东眠俩月吗"),  # 冬 -> 东
    ("小蜜罐那笔能先躺平俩月吗", "小蜜罐那笔能先躺平两月吗"),  # 俩 -> 两
]


def _snapshot(folder: Path) -> Dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def _misread(parsed: dict) -> bool:
    """The current model does not give INTENT, and `teach` would list the message (fallback or unsure)."""
    intent = parsed.get("intent") or {}
    return intent.get("name") != INTENT and (
        intent.get("name") == "nlu_fallback" or float(intent.get("confidence") or 0) < LOW_CONFIDENCE
    )


def _training_copy(target: Path) -> Path:
    """What `rasa train nlu` reads: config.yml (and domain.yml), data/nlu, the jieba dictionary;
    components/ is importable from the venv."""
    target.mkdir()
    for name in ("config.yml", "domain.yml"):
        shutil.copy2(ROOT / name, target / name)
    for name in ("nlu", "jieba"):
        shutil.copytree(ROOT / "data" / name, target / "data" / name)
    return target


def test_teach_then_retrain_understands_the_message(tmp_path, loop, monkeypatch, capsys):
    if not MODEL.exists():
        pytest.fail("no trained model: run `make train` first")
    from rasa.core.agent import load_agent
    from rasa.core.channels.channel import CollectingOutputChannel, UserMessage
    from rasa.core.utils import AvailableEndpoints
    from rasa.utils.endpoints import EndpointConfig

    timings: Dict[str, float] = {}
    started = time.monotonic()
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu_at_start = time.process_time() + children.ru_utime + children.ru_stime
    records = f"sqlite:///{tmp_path / 'loancoach.db'}"
    tracker_db = tmp_path / "rasa_tracker.db"
    monkeypatch.setenv("DATABASE_URL", records)  # teach records what it taught there; the report reads it
    model = shutil.copy(MODEL, tmp_path / "current.tar.gz")
    actions_port = servers.free_port()

    # 1. The current model, in a real conversation (real tracker store, real action server).
    with ThreadPoolExecutor(1) as pool:
        starting = pool.submit(servers.start_actions, actions_port, records, tmp_path / "actions.log")
        endpoints = AvailableEndpoints(
            action=EndpointConfig(f"http://127.0.0.1:{actions_port}/webhook"),
            tracker_store=EndpointConfig(
                type="components.masking_tracker_store.MaskingTrackerStore",
                dialect="sqlite",
                db=str(tracker_db),
            ),
        )
        try:
            agent = loop.run_until_complete(load_agent(str(model), endpoints=endpoints))
        except BaseException:
            servers.stop(starting.result())
            raise
        actions = starting.result()
    try:
        readings = {
            text: loop.run_until_complete(agent.parse_message(text)) for pair in CANDIDATES for text in pair
        }
        # Messages (and their typos) the current model does not read as INTENT: that is what teaching fixes.
        chosen = [pair for pair in CANDIDATES if _misread(readings[pair[0]]) and _misread(readings[pair[1]])]
        assert len(chosen) >= 2, (
            f"the current model already reads these as {INTENT}; invent new slang: "
            + str(
                {t: (r["intent"]["name"], round(r["intent"]["confidence"], 2)) for t, r in readings.items()}
            )
        )
        (first, first_typo), (second, second_typo) = chosen[:2]
        sender = f"teach-{uuid.uuid4().hex[:8]}"
        # Not in sorted order, and one said twice: `teach` must sort them and write each once.
        said = ["你好", max(first, second), min(first, second), max(first, second)]
        for text in said:
            channel = CollectingOutputChannel()
            loop.run_until_complete(agent.handle_message(UserMessage(text, channel, sender)))
            assert channel.messages, f"no reply to {text!r}"
        timings["current model: load + conversation"] = time.monotonic() - started
    finally:
        servers.stop(actions)

    stored = load_conversations(str(tracker_db), sender_id=sender)[0].user_messages
    assert [m.text for m in stored] == said
    for message in stored[1:]:
        assert message.intent != INTENT and message.not_understood(LOW_CONFIDENCE), message
        assert message.language == "zh"

    # 2. `teach --assign` writes the two messages once each, sorted, into one zh file holding INTENT.
    project = _training_copy(tmp_path / "project")
    before = _snapshot(project)
    teach = ["teach", sender, "--db", str(tracker_db), "--root", str(project), "--assign", INTENT]
    assert main(teach) == 0
    printed = capsys.readouterr().out
    after = _snapshot(project)
    changed = {name for name in after if after[name] != before.get(name)}
    assert len(changed) == 1 and set(after) == set(before), (changed, printed)
    (name,) = changed
    holding = {
        f"data/nlu/{p.name}"
        for p in (project / "data" / "nlu").glob("*_zh.yml")
        if f"- intent: {INTENT}\n" in p.read_text("utf-8")
    }
    assert name in holding, (name, holding)
    old, new = before[name].decode().splitlines(), after[name].decode().splitlines()
    edits = [
        op for op in difflib.SequenceMatcher(None, old, new, autojunk=False).get_opcodes() if op[0] != "equal"
    ]
    assert len(edits) == 1 and edits[0][0] == "insert", edits
    _, at, _, j1, j2 = edits[0]
    assert new[j1:j2] == [f"    - {text}" for text in sorted({first, second})]
    block = next(line for line in reversed(old[:at]) if line.startswith("- intent:"))
    assert block == f"- intent: {INTENT}" and old[at - 1].startswith("    - ")  # at the end of its examples
    assert printed.count(f"added to {name} as {INTENT}") == 2
    assert main(teach) == 0  # again: both already there, nothing written
    assert capsys.readouterr().out.count(f"already in the training data as {INTENT}") == 2
    assert _snapshot(project) == after
    repo_nlu = "".join(p.read_text("utf-8") for p in (ROOT / "data" / "nlu").glob("*.yml"))
    assert first not in repo_nlu and second not in repo_nlu  # the repo's data/ was not touched

    # 3. Retrain the NLU on the copy (its own, empty Rasa cache: the data changed, so nothing would hit).
    env = {
        **os.environ,
        "RASA_TELEMETRY_ENABLED": "false",
        "RASA_CACHE_DIRECTORY": str(tmp_path / "rasa-cache"),
        "TF_CPP_MIN_LOG_LEVEL": "3",
    }
    cpu_before = resource.getrusage(resource.RUSAGE_CHILDREN)
    clock = time.monotonic()
    with (tmp_path / "train.log").open("w") as log:
        trained = subprocess.run(
            [
                str(Path(sys.executable).parent / "rasa"),
                "train",
                "nlu",
                "--config",
                "config.yml",
                "--nlu",
                "data/nlu",
                "--out",
                "models",
                "--fixed-model-name",
                "nlu",
            ],
            cwd=project,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            timeout=600,
        )
    cpu_after = resource.getrusage(resource.RUSAGE_CHILDREN)
    timings["rasa train nlu (wall)"] = time.monotonic() - clock
    timings["rasa train nlu (CPU)"] = (cpu_after.ru_utime + cpu_after.ru_stime) - (
        cpu_before.ru_utime + cpu_before.ru_stime
    )
    assert trained.returncode == 0, (tmp_path / "train.log").read_text()[-3000:]
    new_model = project / "models" / "nlu.tar.gz"
    assert new_model.is_file()
    assert timings["rasa train nlu (wall)"] <= TRAIN_WALL_BUDGET_S, timings
    assert timings["rasa train nlu (CPU)"] <= TRAIN_CPU_PER_WALL * timings["rasa train nlu (wall)"], timings

    # 4. The new model reads both taught messages, and a typo of each (not taught), as INTENT.
    from components.nlu_check import parse_all

    clock = time.monotonic()
    texts = [first, second, first_typo, second_typo]
    readings_after = dict(zip(texts, parse_all(str(new_model), texts), strict=True))
    timings["new model: load + 4 parses"] = time.monotonic() - clock
    assert {t: r["intent"] for t, r in readings_after.items()} == dict.fromkeys(texts, INTENT), readings_after

    # 5. The report's "Taught since the last report", read with the new model: both understood.
    clock = time.monotonic()
    out = tmp_path / "report"
    code = main(["report", "--db", str(tracker_db), "--out", str(out), "--model", str(new_model)])
    assert code == 0, capsys.readouterr().err
    timings["report"] = time.monotonic() - clock
    section = (out / "report.md").read_text("utf-8").split("## Taught since the last report")[1]
    assert "The current model reads 2 of 2 taught message(s) as the intent they were given." in section
    for text in (first, second):
        assert f"| {text} | `{INTENT}` | ✓ `{INTENT}` |" in section

    # 6. Interactively (on another copy): a message said twice is asked about once; "s" skips one.
    other = _training_copy(tmp_path / "interactive")
    before = _snapshot(other)
    args = build_parser().parse_args(["teach", sender, "--db", str(tracker_db), "--root", str(other)])
    screen = io.StringIO()
    assert teach_command.run(args, stdin=io.StringIO(f"{INTENT}\ns\n"), out=screen) == 0
    assert screen.getvalue().count("intent> ") == 2, screen.getvalue()
    assert f"said again, answered once ({INTENT})" in screen.getvalue()
    after = _snapshot(other)
    assert {n for n in after if after[n] != before[n]} == {name}
    added = [
        line for line in after[name].decode().splitlines() if line not in before[name].decode().splitlines()
    ]
    assert added == [f"    - {max(first, second)}"]  # the first one asked (said first); the other skipped
    timings["total"] = time.monotonic() - started
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    timings["total CPU (test + servers + training)"] = (
        time.process_time() + children.ru_utime + children.ru_stime - cpu_at_start
    )
    print("\nteach -> retrain -> prove:", {k: round(v, 1) for k, v in timings.items()})
