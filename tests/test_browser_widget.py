"""The web widget in a real browser: headless Chromium (Debian's) driven by Playwright.

Starts the action server, Rasa (socket.io channel, a copy of the model) and the static page server on
free loopback ports, then talks to the assistant through web/index.html like a visitor would.
Needs /usr/bin/chromium (`apt-get install chromium`; .ci/run installs it) and web/node_modules
(`make web`). The screenshot goes to results/browser_widget.png.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from servers import free_port, wait_for

pytestmark = [pytest.mark.browser, pytest.mark.model]

ROOT = Path(__file__).resolve().parent.parent
MODEL = ROOT / "models" / "loancoach.tar.gz"
CHROMIUM = Path("/usr/bin/chromium")
SCREENSHOT = ROOT / "results" / "browser_widget.png"
HAN = re.compile(r"[\u4e00-\u9fff]")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
BIN = Path(sys.executable).parent


@pytest.fixture(scope="module")
def running(tmp_path_factory):
    if not CHROMIUM.exists():
        pytest.skip("/usr/bin/chromium is missing: apt-get install -y chromium (.ci/run does it)")
    pytest.importorskip(
        "playwright", reason="playwright is missing: pip install -c constraints.txt -e '.[dev]'"
    )
    if not (ROOT / "web" / "node_modules" / "rasa-webchat" / "lib" / "index.js").exists():
        pytest.fail("the widget is not installed: run `make web` (npm ci in web/)")
    if not MODEL.exists():
        pytest.fail("no trained model: run `make train` first")

    tmp = tmp_path_factory.mktemp("browser")
    model = tmp / "model.tar.gz"
    shutil.copy(MODEL, model)  # the model may be replaced while the test runs
    rasa_port, actions_port, web_port = free_port(), free_port(), free_port()
    origin = f"http://127.0.0.1:{web_port}"
    (tmp / "endpoints.yml").write_text(
        f'action_endpoint:\n  url: "http://127.0.0.1:{actions_port}/webhook"\n'
        f'tracker_store:\n  type: SQL\n  dialect: "sqlite"\n  db: "{tmp / "tracker.db"}"\n'
    )
    env = {
        **os.environ,
        "RASA_TELEMETRY_ENABLED": "false",
        "SANIC_HOST": "127.0.0.1",
        "DATABASE_URL": f"sqlite:///{tmp / 'loancoach.db'}",
        "CORS_ORIGINS": origin,
    }
    commands = {
        "actions": [str(BIN / "rasa"), "run", "actions", "--actions", "actions", "--port", str(actions_port)],
        "rasa": [
            str(BIN / "rasa"),
            "run",
            "--model",
            str(model),
            "--endpoints",
            str(tmp / "endpoints.yml"),
            "--credentials",
            "credentials.yml",
            "-i",
            "127.0.0.1",
            "--port",
            str(rasa_port),
            "--cors",
            origin,
        ],
        "web": [
            sys.executable,
            "-m",
            "http.server",
            str(web_port),
            "--bind",
            "127.0.0.1",
            "--directory",
            "web",
        ],
    }
    procs, logs = {}, {}
    try:
        for name, cmd in commands.items():
            logs[name] = tmp / f"{name}.log"
            procs[name] = subprocess.Popen(
                cmd, cwd=ROOT, env=env, stdout=logs[name].open("w"), stderr=subprocess.STDOUT
            )
        wait_for(f"http://127.0.0.1:{actions_port}/health", procs["actions"], logs["actions"])
        wait_for(f"http://127.0.0.1:{web_port}/index.html", procs["web"], logs["web"])
        wait_for(f"http://127.0.0.1:{rasa_port}/", procs["rasa"], logs["rasa"])
        yield {"page": f"{origin}/index.html?rasa=http://127.0.0.1:{rasa_port}", "logs": logs}
    finally:
        for proc in procs.values():
            proc.terminate()
        for proc in procs.values():
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                proc.kill()


@pytest.fixture(scope="module")
def browser(running):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


class Widget:
    def __init__(self, page):
        self.page = page

    def open(self):
        launcher = self.page.locator(".rw-launcher")
        launcher.wait_for(timeout=30_000)
        if not self.page.locator(".rw-new-message").is_visible():
            launcher.click()
        self.page.locator(".rw-new-message").wait_for(timeout=10_000)
        self.replies().first.wait_for(timeout=60_000)  # the greeting (or the history after a reload)
        self.page.wait_for_timeout(1000)

    def replies(self):
        return self.page.locator(".rw-response")

    def say(self, text, timeout=60_000):
        before = self.replies().count()
        self.page.fill(".rw-new-message", text)
        self.page.keyboard.press("Enter")
        return self.wait_for_reply(before, timeout)

    def wait_for_reply(self, before, timeout=60_000):
        self.page.wait_for_function(
            "n => document.querySelectorAll('.rw-response').length > n", arg=before, timeout=timeout
        )
        self.page.wait_for_timeout(1500)  # the rest of the turn (several messages, buttons)
        return "\n".join(self.replies().nth(i).inner_text() for i in range(before, self.replies().count()))


def test_chinese_page_question_button_and_history_after_reload(running, browser):
    context = browser.new_context(viewport={"width": 1100, "height": 800}, locale="zh-CN")
    page = context.new_page()
    page.goto(running["page"])
    assert "借款之前" in page.inner_text("h1")
    widget = Widget(page)
    widget.open()
    assert "贷款明白人" in widget.replies().first.inner_text()  # greeted in the page's language

    answer = widget.say("逾期会影响征信吗")
    assert len(HAN.findall(answer)) > 20, answer
    assert "征信" in answer
    # line breaks inside a message are shown as line breaks, not run together
    assert (
        page.locator(".rw-response .rw-markdown p").first.evaluate("e => getComputedStyle(e).whiteSpace")
        == "pre-wrap"
    )

    buttons = page.locator(".rw-replies .rw-reply")
    assert buttons.count() >= 1, "the answer offers related topics as buttons"
    title = buttons.first.inner_text()
    before = widget.replies().count()
    buttons.first.click()
    after_click = widget.wait_for_reply(before)
    assert HAN.search(after_click), after_click
    assert title in page.locator(".rw-client").last.inner_text()  # the chosen button shows as the user's turn

    page.reload()
    widget.open()
    page.locator(".rw-response").first.wait_for(timeout=30_000)
    history = page.locator(".rw-messages-container").inner_text()
    assert "逾期会影响征信吗" in history and answer.splitlines()[0] in history
    SCREENSHOT.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOT))
    context.close()


def test_english_page_sets_the_starting_language_and_words_still_win(running, browser):
    context = browser.new_context(locale="en-US")
    page = context.new_page()
    page.goto(running["page"].replace("index.html?", "index.html?lang=en&"))
    assert "Understand" in page.inner_text("h1")
    widget = Widget(page)
    widget.open()
    assert "LoanCoach" in widget.replies().first.inner_text()  # greeted in the page's language
    first = widget.say("👍")  # no language signal: the page language decides
    assert first.strip() and not HAN.search(first), first
    assert HAN.search(widget.say("你好"))  # the user's own words win over the page
    assert HAN.search(widget.say("OK"))  # and a message without a signal keeps that language
    context.close()
