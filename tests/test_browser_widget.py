"""The embeddable chat widget (web/dist/loancoach-widget.js) in a real browser: Debian's Chromium, Playwright.

One set of servers for the module, all on loopback: the action server, Rasa (socket.io channel, a copy of
the model), the widget host (serves web/dist, like `make run`) and two page hosts on other origins that
serve pages holding only the one script tag — one origin is in CORS_ORIGINS, the other is not.
Needs /usr/bin/chromium (.ci/run installs it) and the built widget (`make web`). Screenshots of the open
panel go to results/widget_{phone,desktop}_{zh,en}.png.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from servers import (
    free_port,
    sqlite_endpoints,
    start_actions,
    start_rasa,
    start_together,
    stop,
    stop_all,
    wait_for,
)

pytestmark = [pytest.mark.browser, pytest.mark.model]

ROOT = Path(__file__).resolve().parent.parent
MODEL = ROOT / "models" / "loancoach.tar.gz"
DIST = ROOT / "web" / "dist"
AXE = ROOT / "web" / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM = Path("/usr/bin/chromium")
RESULTS = ROOT / "results"
HAN = re.compile(r"[\u4e00-\u9fff]")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
WECHAT_UA = (
    "Mozilla/5.0 (Linux; Android 12; V2118A Build/SP1A.210812.003; wv) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Version/4.0 Chrome/107.0.5304.141 Mobile Safari/537.36 XWEB/5061 MMWEBSDK/20230405 MMWEBID/1234 "
    "MicroMessenger/8.0.35.2360(0x28002339) WeChat/arm64 Weixin NetType/WIFI Language/zh_CN ABI/arm64"
)
PHONE = {
    "viewport": {"width": 360, "height": 640},
    "device_scale_factor": 2,
    "is_mobile": True,
    "has_touch": True,
    "user_agent": WECHAT_UA,
}
DESKTOP = {"viewport": {"width": 1280, "height": 800}}
QUESTION = {"zh": "逾期会影响征信吗", "en": "Will a late payment hurt my credit report?"}
SHADOW = "document.querySelector('#loancoach-widget').shadowRoot"


def static_server(directory: Path, port: int, log: Path) -> subprocess.Popen:
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "http.server",
            str(port),
            "--bind",
            "127.0.0.1",
            "--directory",
            str(directory),
        ],
        stdout=log.open("w"),
        stderr=subprocess.STDOUT,
    )
    wait_for(f"http://127.0.0.1:{port}/", proc, log, seconds=30)
    return proc


@pytest.fixture(scope="module")
def servers(tmp_path_factory):
    if not CHROMIUM.exists():
        pytest.skip("/usr/bin/chromium is missing: apt-get install -y chromium (.ci/run does it)")
    pytest.importorskip(
        "playwright", reason="playwright is missing: pip install -c constraints.txt -e '.[dev]'"
    )
    if not (DIST / "loancoach-widget.js").exists() or not AXE.exists():
        pytest.fail("the widget is not built: run `make web` (npm ci and esbuild in web/)")
    if not MODEL.exists():
        pytest.fail("no trained model: run `make train` first")

    tmp = tmp_path_factory.mktemp("widget")
    model = tmp / "model.tar.gz"
    shutil.copy(MODEL, model)  # the model may be replaced while the test runs
    rasa_port, actions_port, widget_port, page_port, other_port = (free_port() for _ in range(5))
    widget_host = f"http://127.0.0.1:{widget_port}"
    rasa = f"http://127.0.0.1:{rasa_port}"
    page_origin = f"http://localhost:{page_port}"  # another origin than the widget's and Rasa's
    pages = tmp / "pages"
    pages.mkdir()
    for lang in ("zh", "en"):
        tag = f'<script src="{widget_host}/loancoach-widget.js" data-server="{rasa}" data-lang="{lang}" async></script>'
        (pages / f"bare_{lang}.html").write_text(tag + "\n")
        # a lender's page with the CSP the README asks for: script-src and connect-src for the one host
        csp = (
            f"default-src 'self'; script-src {widget_host}; style-src 'self'; "
            f"connect-src {rasa} ws://127.0.0.1:{rasa_port}"
        )
        lang_attr = "zh-CN" if lang == "zh" else "en"
        (pages / f"lender_{lang}.html").write_text(
            f'<!doctype html><html lang="{lang_attr}"><head><meta charset="utf-8">'
            '<meta name="viewport" content="width=device-width, initial-scale=1">'
            f'<meta http-equiv="Content-Security-Policy" content="{csp}"><title>Lender</title></head>'
            "<body><h1>安心借 SafeLoan</h1><p>"
            + "借款之前，先弄明白。Understand it before you borrow. " * 20
            + "</p>"
            + f'<script src="{widget_host}/loancoach-widget.js" data-server="{rasa}" async></script>'
            + "</body></html>"
        )
    (pages / "blank.html").write_text("<!doctype html><title>blank</title>\n")
    endpoints = sqlite_endpoints(tmp / "endpoints.yml", actions_port, tmp / "tracker.db")
    env = {"DATABASE_URL": f"sqlite:///{tmp / 'loancoach.db'}", "CORS_ORIGINS": page_origin}
    procs = {}
    try:

        def start():
            procs["rasa"] = start_rasa(
                model, endpoints, rasa_port, tmp / "rasa.log", env=env, cors=page_origin
            )
            return procs["rasa"]

        # all at once: each server starts on its own, Rasa loading the model takes longest
        procs["widget"], procs["pages"], procs["other"], procs["actions"], _ = start_together(
            lambda: static_server(DIST, widget_port, tmp / "widget.log"),
            lambda: static_server(pages, page_port, tmp / "pages.log"),
            lambda: static_server(pages, other_port, tmp / "other.log"),
            lambda: start_actions(actions_port, env["DATABASE_URL"], tmp / "actions.log"),
            start,
        )
        yield {
            "page": page_origin,
            "other": f"http://127.0.0.1:{other_port}",
            "widget": widget_host,
            "restart": start,
            "stop": lambda: stop(procs["rasa"]),
        }
    finally:
        stop_all(*procs.values())


@pytest.fixture(scope="module")
def browser(servers):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


class Chat:
    """The widget on one page, used like a visitor would (Playwright's CSS selectors enter the shadow root)."""

    def __init__(self, page, touch=False):
        self.page = page
        self.touch = touch

    def bots(self):
        return self.page.locator(".lc-bot")

    def open(self):
        launcher = self.page.locator(".lc-launcher")
        launcher.wait_for(timeout=30_000)
        if launcher.get_attribute("aria-expanded") != "true":
            launcher.tap() if self.touch else launcher.click()
        self.page.locator(".lc-panel").wait_for(state="visible", timeout=10_000)
        self.bots().first.wait_for(timeout=60_000)  # the greeting, or the history after a reload
        self.wait_turn()

    def wait_turn(self, before=0, timeout=60_000):
        """Wait until there are more than ``before`` bot messages and the typing dots are gone."""
        self.page.wait_for_function(
            f"n => {SHADOW}.querySelectorAll('.lc-bot').length > n && {SHADOW}.querySelector('.lc-typing').hidden",
            arg=before,
            timeout=timeout,
        )
        count = self.bots().count()
        return "\n".join(self.bots().nth(i).inner_text() for i in range(before, count))

    def say(self, text, timeout=60_000):
        before = self.bots().count()
        self.page.fill(".lc-input", text)
        self.page.keyboard.press("Enter")
        return self.wait_turn(before, timeout)

    def status(self):
        return self.page.locator(".lc-status").inner_text()


def test_bare_page_on_another_origin_answers_zh_and_en_and_adds_one_global(servers, browser):
    for lang, words in (("zh", "你好"), ("en", "hello")):
        context = browser.new_context()  # a new visitor: one site's tabs share one conversation
        page = context.new_page()
        page.goto(f"{servers['page']}/blank.html")
        blank_globals = set(page.evaluate("Object.keys(window)"))
        page.goto(f"{servers['page']}/bare_{lang}.html")
        chat = Chat(page)
        chat.open()
        greeting = chat.bots().first.inner_text()
        assert (
            ("贷款明白人" in greeting)
            if lang == "zh"
            else ("LoanCoach" in greeting and not HAN.search(greeting))
        )
        answer = chat.say(words)
        assert answer.strip()
        assert bool(HAN.search(answer)) == (lang == "zh"), answer
        assert set(page.evaluate("Object.keys(window)")) - blank_globals == {"LoanCoach"}
        assert page.locator("body > *:not(script)").count() == 1  # only the widget's host element
        context.close()


def test_page_whose_origin_is_not_allowed_is_refused(servers, browser):
    context = browser.new_context()
    page = context.new_page()
    page.goto(f"{servers['other']}/bare_zh.html")
    page.locator(".lc-launcher").click()
    page.wait_for_function(f"{SHADOW}.querySelector('.lc-status').textContent.length > 0", timeout=20_000)
    assert "没有获准" in Chat(page).status()
    page.fill(".lc-input", "你好")
    page.keyboard.press("Enter")
    page.wait_for_timeout(3000)
    assert Chat(page).bots().count() == 0  # no answer reaches a page the server does not allow
    context.close()


@pytest.mark.parametrize("device", ["phone", "desktop"])
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_knowledge_answer_with_buttons_on_phone_and_desktop(servers, browser, device, lang):
    phone = device == "phone"
    context = browser.new_context(
        **(PHONE if phone else DESKTOP), locale="zh-CN" if lang == "zh" else "en-US"
    )
    page = context.new_page()
    page.goto(f"{servers['page']}/lender_{lang}.html")
    chat = Chat(page, touch=phone)
    chat.open()
    answer = chat.say(QUESTION[lang])
    assert ("征信" in answer) if lang == "zh" else ("credit" in answer.lower() and not HAN.search(answer))
    replies = page.locator(".lc-reply")
    assert replies.count() >= 1, "the answer offers related topics as buttons"
    # the panel was styled under the page's strict CSP (no 'unsafe-inline')
    assert page.locator(".lc-launcher").evaluate("e => getComputedStyle(e).position") == "fixed"
    panel = page.locator(".lc-panel").bounding_box()
    if phone:
        assert panel == {"x": 0, "y": 0, "width": 360, "height": 640}, panel  # fills the screen
        small = [
            (sel, i, box)
            for sel in (".lc-reply", ".lc-send", ".lc-close", ".lc-input")
            for i in range(page.locator(sel).count())
            if (box := page.locator(sel).nth(i).bounding_box())["height"] < 44
            or (sel != ".lc-input" and box["width"] < 44)
        ]
        assert not small, f"tap targets under 44 px: {small}"
    else:
        assert panel["width"] < 500 and panel["x"] + panel["width"] > 1200, panel  # a panel at the right
        assert page.locator("h1").is_visible()
    page.wait_for_timeout(300)
    RESULTS.mkdir(exist_ok=True)
    page.screenshot(path=str(RESULTS / f"widget_{device}_{lang}.png"))

    title = replies.first.inner_text()
    before = chat.bots().count()
    replies.first.tap() if phone else replies.first.click()
    after = chat.wait_turn(before)
    assert after.strip()
    assert page.locator(".lc-user").last.inner_text().endswith(title)  # the title shows as the user's turn

    if phone:
        # the on-screen keyboard takes the lower part of the screen: the field stays above it
        page.set_viewport_size({"width": 360, "height": 330})
        page.wait_for_timeout(300)
        box = page.locator(".lc-input").bounding_box()
        assert box["y"] + box["height"] <= 330, box
    context.close()


def test_keyboard_only_flow(servers, browser):
    context = browser.new_context(**DESKTOP)
    page = context.new_page()
    page.goto(f"{servers['page']}/bare_zh.html")
    page.locator(".lc-launcher").wait_for()
    page.keyboard.press("Tab")
    focused = f"{SHADOW}.activeElement && {SHADOW}.activeElement.className"
    assert page.evaluate(focused) == "lc-launcher"
    page.keyboard.press("Enter")
    page.wait_for_function(f"{SHADOW}.activeElement && {SHADOW}.activeElement.id === 'lc-input'")
    chat = Chat(page)
    chat.wait_turn(0)
    page.keyboard.type("逾期会影响征信吗")
    before = chat.bots().count()
    page.keyboard.press("Enter")
    chat.wait_turn(before)
    # from the field, Shift+Tab reaches the last suggested reply
    page.keyboard.press("Shift+Tab")
    assert page.evaluate(focused) == "lc-reply"
    title = page.evaluate(f"{SHADOW}.activeElement.textContent")
    before = chat.bots().count()
    page.keyboard.press("Enter")
    chat.wait_turn(before)
    assert page.locator(".lc-user").last.inner_text().endswith(title)
    assert page.evaluate(f"{SHADOW}.activeElement.id") == "lc-input"  # back in the field
    page.keyboard.press("Escape")
    assert not page.locator(".lc-panel").is_visible()
    assert page.evaluate(focused) == "lc-launcher"  # focus returns to the launcher
    assert page.locator(".lc-launcher").get_attribute("aria-expanded") == "false"
    context.close()


def test_axe_finds_no_serious_or_critical_violations(servers, browser):
    context = browser.new_context(**DESKTOP, bypass_csp=True)  # the test injects axe-core into the page
    page = context.new_page()
    page.goto(f"{servers['page']}/lender_en.html")
    chat = Chat(page)
    page.locator(".lc-launcher").wait_for()
    page.add_script_tag(path=str(AXE))
    closed = page.evaluate("async () => (await axe.run(document)).violations")
    chat.open()
    chat.say(QUESTION["en"])
    opened = page.evaluate("async () => (await axe.run(document)).violations")
    bad = [
        (v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3])
        for v in closed + opened
        if v["impact"] in ("serious", "critical")
    ]
    assert not bad, bad
    log = page.locator(".lc-log")
    assert log.get_attribute("aria-live") == "polite" and log.get_attribute("role") == "log"
    context.close()


def test_history_survives_reload_is_shared_by_tabs_and_the_page_language_is_followed(servers, browser):
    context = browser.new_context(**DESKTOP)
    first = context.new_page()
    first.goto(f"{servers['page']}/lender_zh.html")
    chat = Chat(first)
    chat.open()
    answer = chat.say("利率是什么")
    first.reload()
    Chat(first).open()  # still open after the reload
    history = first.locator(".lc-log").inner_text()
    assert "利率是什么" in history and answer.splitlines()[0] in history

    second = context.new_page()  # a second tab of the same site shows the same conversation
    second.goto(f"{servers['page']}/lender_zh.html")
    other = Chat(second)
    other.open()
    assert "利率是什么" in second.locator(".lc-log").inner_text()
    before = chat.bots().count()
    other.say("你好")
    first.wait_for_function(  # and the first tab sees the second tab's turn
        f"n => {SHADOW}.querySelectorAll('.lc-bot').length > n", arg=before, timeout=30_000
    )
    assert first.locator(".lc-bot").count() == second.locator(".lc-bot").count()

    # the page switches to English: the widget follows, and a message without words answers in English
    second.evaluate("document.documentElement.lang = 'en'")
    second.wait_for_function(f"{SHADOW}.querySelector('.lc-input').placeholder.startsWith('Type')")
    reply = other.say("👍")
    assert reply.strip() and not HAN.search(reply), reply
    context.close()


def test_server_restart_the_chat_continues(servers, browser):
    context = browser.new_context(**DESKTOP)
    page = context.new_page()
    page.goto(f"{servers['page']}/bare_zh.html")
    chat = Chat(page)
    chat.open()
    chat.say("逾期会影响征信吗")
    shown = chat.bots().count()
    servers["stop"]()
    page.wait_for_function(f"{SHADOW}.querySelector('.lc-status').textContent.length > 0", timeout=20_000)
    assert "连不上" in chat.status()  # a clear message while the server is away
    servers["restart"]()
    page.wait_for_function(f"{SHADOW}.querySelector('.lc-status').textContent === ''", timeout=30_000)
    assert chat.bots().count() == shown and "逾期会影响征信吗" in page.locator(".lc-log").inner_text()
    answer = chat.say("你好")
    assert HAN.search(answer), answer
    context.close()
