"""Every command the README or `make help` shows exists and runs with the documented flags.

`loancoach` commands from the README run for real (against an empty database in a temporary folder);
every make target shown is checked to exist (`make -n`), and the cheap ones run. The servers that
`make run`, `make shell` and `make bench` start are exercised by their own tests
(test_server_faults.py, test_shell.py, the CI run of `make test`).
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess

import pytest
from conftest import PROJECT_ROOT

README = re.sub(r"\\\n\s*", "", (PROJECT_ROOT / "README.md").read_text("utf-8"))  # join continued lines
# The commands shown in the README's code blocks (inline mentions name a command, not a full call).
BLOCKS = "\n".join(re.findall(r"```[a-z]*\n(.*?)```", README, flags=re.S))
LOANCOACH = sorted({c.strip() for c in re.findall(r"(?m)^\s*(loancoach [^\n#]*)", BLOCKS)})
HELP = subprocess.run(["make", "help"], cwd=PROJECT_ROOT, capture_output=True, text=True).stdout
HELP_TARGETS = sorted(set(re.findall(r"(?m)^\s+(?:\x1b\[36m)?([a-z][a-z-]*)", HELP)))
README_MAKE = sorted({c.strip() for c in re.findall(r"(?m)(?:^|`)\s*(make [^`\n#]*)", README)})


def runnable(command: str) -> bool:
    # Placeholders such as SENDER_ID or <host> stand for the reader's own values.
    return not re.search(
        r"<|\.\.\.|[A-Z]{3,}_?[A-Z]*\b(?!=)", command.split(" ", 2)[-1] if " " in command else ""
    )


def tracker_store(path, sender="abc123"):
    """A Rasa SQL tracker store holding one short conversation (the README's examples name abc123)."""
    import asyncio

    from rasa.core.tracker_store import SQLTrackerStore
    from rasa.shared.core.domain import Domain
    from rasa.shared.core.events import ActionExecuted, BotUttered, SessionStarted, SlotSet, UserUttered
    from rasa.shared.core.trackers import DialogueStateTracker

    domain = Domain.load(str(PROJECT_ROOT / "domain.yml"))
    store = SQLTrackerStore(domain, dialect="sqlite", db=str(path))
    events = [
        ActionExecuted("action_session_start"),
        SessionStarted(),
        ActionExecuted("action_listen"),
        UserUttered("你好", {"name": "greet", "confidence": 0.9}),
        SlotSet("language", "zh"),
        ActionExecuted("utter_greet"),
        BotUttered("您好！"),
        ActionExecuted("action_listen"),
    ]
    asyncio.run(store.save(DialogueStateTracker.from_events(sender, events, domain.slots)))


@pytest.mark.parametrize("command", [c for c in LOANCOACH if runnable(c)])
def test_documented_loancoach_commands_run(command, tmp_path):
    env = dict(
        os.environ, LOANCOACH_VAR_DIR=str(tmp_path), DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite'}"
    )
    env["TRACKER_DB_URL"] = f"sqlite:///{tmp_path / 'tracker.db'}"
    env["PATH"] = f"{PROJECT_ROOT / '.venv' / 'bin'}:{env['PATH']}"
    tracker_store(tmp_path / "tracker.db")
    # A copy of the project's Rasa files: `teach` writes into data/nlu, `export-story` loads components/.
    shutil.copytree(PROJECT_ROOT / "data", tmp_path / "data")
    shutil.copy(PROJECT_ROOT / "domain.yml", tmp_path / "domain.yml")
    (tmp_path / "components").symlink_to(PROJECT_ROOT / "components")
    if "H000012" in command:  # the README's examples name the twelfth handoff
        from loancoach.records.store import record_handoff

        for _ in range(12):
            record_handoff(sender_id="abc123", language="zh", reason="user asked", url=env["DATABASE_URL"])
    (tmp_path / "tests" / "conversations").mkdir(parents=True)
    done = subprocess.run(
        ["bash", "-c", command], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, f"{command}\n{done.stdout}\n{done.stderr}"
    assert "Traceback" not in done.stderr


def test_make_help_lists_targets():
    assert {"run", "test", "train", "shell", "bench", "lint", "validate"} <= set(HELP_TARGETS)


@pytest.mark.parametrize("command", README_MAKE + [f"make {t}" for t in HELP_TARGETS])
def test_documented_make_commands_exist(command):
    done = subprocess.run(
        ["make", "-n", *shlex.split(command)[1:]],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, f"{command}: {done.stderr}"


def test_make_lint_and_validate_pass():
    for target in ("lint", "validate"):
        done = subprocess.run(["make", target], cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=600)
        assert done.returncode == 0, f"make {target}\n{done.stdout[-2000:]}\n{done.stderr[-2000:]}"
