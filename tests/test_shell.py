"""`make shell` as a counselor uses it, in a pseudo-terminal (pexpect): while something else holds the
Rasa port it starts its own server on a free port instead of failing with "address already in use",
greets in Chinese, shows the buttons as numbered choices and "1" clicks the first one; the documented
flags work and no dependency warning is printed before the prompt.

Stores, logs and records go to a temporary folder (ENDPOINTS, LOG_DIR, DATABASE_URL), never to var/.
Needs `models/loancoach.tar.gz` (make train); `make -o train` keeps the test from retraining.
"""

from __future__ import annotations

import os
import shutil
import socket
import sqlite3
from pathlib import Path

import pytest
import servers

pytestmark = pytest.mark.model

ROOT = Path(__file__).resolve().parent.parent
MODEL = ROOT / "models" / "loancoach.tar.gz"


@pytest.fixture()
def held_port():
    """A port something else listens on, as 5005 is while `make run` is up (not a Rasa server)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        sock.listen()
        yield sock.getsockname()[1]


def test_make_shell_with_the_port_taken_numbered_buttons_and_debug_intents(tmp_path, held_port):
    import pexpect

    if not MODEL.exists():
        pytest.fail("no trained model: run `make train` first")
    model = shutil.copy(MODEL, tmp_path / "model.tar.gz")
    tracker = tmp_path / "rasa_tracker.db"
    actions_port = servers.free_port()
    endpoints = tmp_path / "endpoints.yml"
    endpoints.write_text(
        f'action_endpoint:\n  url: "http://127.0.0.1:{actions_port}/webhook"\n'
        f'tracker_store:\n  type: SQL\n  dialect: "sqlite"\n  db: "{tracker}"\n'
    )
    env = {
        **os.environ,
        "RASA_PORT": str(held_port),
        "ACTIONS_PORT": str(actions_port),
        "MODEL": str(model),
        "ENDPOINTS": str(endpoints),
        "LOG_DIR": str(tmp_path),
        "TRACKER_DB_URL": f"sqlite:///{tracker}",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'loancoach.db'}",
        "RATE_LIMIT_PER_MINUTE": "0",
    }
    env.pop("PYTHONWARNINGS", None)  # what a counselor's terminal has: the Makefile must do the filtering
    sender = "counselor-shell-test"
    child = pexpect.spawn(
        "make",
        ["-o", "train", "shell", f"ARGS=--sender-id {sender} --debug-intents"],
        cwd=str(ROOT),
        env=env,
        encoding="utf-8",
        timeout=300,
        dimensions=(50, 200),
    )
    try:
        child.expect("Type a message")
        before_prompt = child.before
        assert "Warning" not in before_prompt and "Traceback" not in before_prompt, before_prompt
        assert "address already in use" not in before_prompt.lower()
        child.expect("You: ")
        child.sendline("你好")
        child.expect(r"· \[zh\] greet")
        child.expect(r"Bot: ")
        child.expect(r"1\) (.+?)\r\n")
        first_button = child.match.group(1).strip()
        child.expect("You: ")
        child.sendline("1")
        child.expect(rf"\(button: {first_button} → /")
        child.expect("Bot: ")
        child.expect("You: ")
        assert "no reply" not in child.before
        child.sendline("/quit")
        child.expect(pexpect.EOF, timeout=60)
    finally:
        child.close(force=True)
    assert child.exitstatus == 0, child.before
    with sqlite3.connect(tracker) as db:
        senders = {row[0] for row in db.execute("SELECT DISTINCT sender_id FROM events")}
        clicked = db.execute(
            "SELECT COUNT(*) FROM events WHERE sender_id = ? AND type_name = 'user' AND data LIKE '%\"text\": \"/%'",
            (sender,),
        ).fetchone()[0]
    assert senders == {sender} and clicked == 1
    assert not (ROOT / "var" / f"rasa-shell-{held_port}.log").exists()


def test_make_shell_talks_to_the_rasa_server_already_running(tmp_path, rasa_server):
    """With `make run` up, `make shell` uses that server instead of starting a second one on its port."""
    import pexpect

    # the run's shared action server and `rasa run` (conftest.py) play the part of `make run`
    tracker, rasa_port = rasa_server.tracker_db, rasa_server.port
    env = {
        **os.environ,
        "RASA_PORT": str(rasa_port),
        "LOG_DIR": str(tmp_path),
        "TRACKER_DB_URL": str(tracker),
    }
    child = pexpect.spawn(
        "make",
        ["-o", "train", "shell", "ARGS=--sender counselor-running --debug-intents"],
        cwd=str(ROOT),
        env=env,
        encoding="utf-8",
        timeout=120,
    )
    try:
        child.expect(f"Using the Rasa server running on :{rasa_port}")
        child.expect("You: ")
        child.sendline("hello")
        child.expect(r"· \[en\] greet")
        child.expect(r"1\) ")
        child.expect("You: ")
        child.sendline("/quit")
        child.expect(pexpect.EOF)
    finally:
        child.close(force=True)
    assert child.exitstatus == 0
    assert not list(tmp_path.glob("rasa-shell-*.log"))  # no second server was started
