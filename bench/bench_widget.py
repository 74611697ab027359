"""The chat widget: bundle size, page load → widget ready, send → answer visible (headless Chromium).

Starts its own action server, Rasa (socket.io channel, a copy of models/loancoach.tar.gz) and two static
servers on loopback (the widget host serving web/dist, and a page host on another origin whose page holds
only the script tag). Needs `make web` and /usr/bin/chromium. Prints a Markdown table and writes
results/bench_widget.json.

    .venv/bin/python bench/bench_widget.py [--loads 10] [--messages 10]
"""

from __future__ import annotations

import argparse
import gzip
import json
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

from processes import BenchError, Processes, free_port, wait_for

ROOT = Path(__file__).resolve().parent.parent
BUNDLE = ROOT / "web" / "dist" / "loancoach-widget.js"
MODEL = ROOT / "models" / "loancoach.tar.gz"
CHROMIUM = Path("/usr/bin/chromium")
OUT = ROOT / "results" / "bench_widget.json"
BIN = Path(sys.executable).parent
SHADOW = "document.querySelector('#loancoach-widget').shadowRoot"
MESSAGES = ["逾期会影响征信吗", "利率是什么", "你好", "hello", "What is an APR?", "征信修复靠谱吗"]
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def start_servers(procs: Processes, tmp: Path) -> dict:
    rasa_port, actions_port, widget_port, page_port = (free_port() for _ in range(4))
    page_origin = f"http://localhost:{page_port}"
    rasa = f"http://127.0.0.1:{rasa_port}"
    pages = tmp / "pages"
    pages.mkdir()
    (pages / "bare.html").write_text(
        f'<script src="http://127.0.0.1:{widget_port}/loancoach-widget.js" data-server="{rasa}" '
        'data-lang="zh" async></script>\n'
    )
    shutil.copy(MODEL, tmp / "model.tar.gz")
    (tmp / "endpoints.yml").write_text(
        f'action_endpoint:\n  url: "http://127.0.0.1:{actions_port}/webhook"\n'
        f'tracker_store:\n  type: SQL\n  dialect: "sqlite"\n  db: "{tmp / "tracker.db"}"\n'
    )
    env = {"DATABASE_URL": f"sqlite:///{tmp / 'loancoach.db'}", "CORS_ORIGINS": page_origin}
    serve = [sys.executable, "-m", "http.server", "--bind", "127.0.0.1"]
    for name, port, directory in (("widget", widget_port, BUNDLE.parent), ("pages", page_port, pages)):
        proc = procs.start(
            name, [*serve, str(port), "--directory", str(directory)], ROOT, tmp / f"{name}.log"
        )
        wait_for(f"http://127.0.0.1:{port}/", proc, tmp / f"{name}.log", 30)
    actions = [str(BIN / "rasa"), "run", "actions", "--actions", "actions", "--port", str(actions_port)]
    proc = procs.start("actions", actions, ROOT, tmp / "actions.log", env)
    wait_for(f"http://127.0.0.1:{actions_port}/health", proc, tmp / "actions.log")
    rasa_cmd = [
        *(str(BIN / "rasa"), "run", "--model", str(tmp / "model.tar.gz")),
        *("--endpoints", str(tmp / "endpoints.yml"), "--credentials", "credentials.yml"),
        *("-i", "127.0.0.1", "--port", str(rasa_port), "--cors", page_origin),
    ]
    proc = procs.start("rasa", rasa_cmd, ROOT, tmp / "rasa.log", env)
    wait_for(f"{rasa}/", proc, tmp / "rasa.log")
    return {"page": f"{page_origin}/bare.html"}


def measure(page_url: str, loads: int, messages: int) -> dict:
    from playwright.sync_api import sync_playwright

    ready, answers = [], []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        for _ in range(loads):  # a fresh visitor each time (empty cache and storage)
            context = browser.new_context()
            page = context.new_page()
            page.goto(page_url)
            page.wait_for_function("window.LoanCoach && window.LoanCoach.ready", timeout=30_000)
            ready.append(page.evaluate("LoanCoach.readyAt"))
            context.close()
        context = browser.new_context()
        page = context.new_page()
        page.goto(page_url)
        page.locator(".lc-launcher").click()
        page.locator(".lc-bot").first.wait_for(timeout=60_000)  # the greeting
        page.wait_for_function(f"{SHADOW}.querySelector('.lc-typing').hidden", timeout=60_000)
        for i in range(messages):
            before = page.locator(".lc-bot").count()
            page.fill(".lc-input", MESSAGES[i % len(MESSAGES)])
            started = time.perf_counter()
            page.keyboard.press("Enter")
            page.wait_for_function(
                f"n => {SHADOW}.querySelectorAll('.lc-bot').length > n",
                arg=before,
                timeout=60_000,
                polling=10,
            )
            answers.append((time.perf_counter() - started) * 1000)
            page.wait_for_function(f"{SHADOW}.querySelector('.lc-typing').hidden", timeout=60_000)
        browser.close()
    return {"ready_ms": ready, "answer_ms": answers}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--loads", type=int, default=10, help="page loads measured (fresh visitor each)")
    parser.add_argument("--messages", type=int, default=10, help="messages sent, one at a time")
    args = parser.parse_args()
    if not BUNDLE.exists():
        print("the widget is not built: run `make web`", file=sys.stderr)
        return 2
    raw = BUNDLE.read_bytes()
    result = {"bundle_bytes": len(raw), "bundle_gzip_bytes": len(gzip.compress(raw, 9))}
    if not CHROMIUM.exists() or not MODEL.exists():
        print("needs /usr/bin/chromium and models/loancoach.tar.gz for the timings", file=sys.stderr)
        return 2
    procs = Processes()
    try:
        with tempfile.TemporaryDirectory(prefix="bench_widget_") as tmp:
            urls = start_servers(procs, Path(tmp))
            result.update(measure(urls["page"], args.loads, args.messages))
    except BenchError as e:
        print(e, file=sys.stderr)
        return 1
    finally:
        procs.stop_all()
    rows = [
        ("bundle (raw)", f"{result['bundle_bytes'] / 1024:.1f} KB"),
        ("bundle (gzip -9)", f"{result['bundle_gzip_bytes'] / 1024:.1f} KB (limit 60 KB)"),
        ("page load → widget ready, median", f"{statistics.median(result['ready_ms']):.0f} ms"),
        ("send → first answer visible, median", f"{statistics.median(result['answer_ms']):.0f} ms"),
        ("send → first answer visible, max", f"{max(result['answer_ms']):.0f} ms"),
    ]
    print("| widget | value |\n|---|---|")
    for name, value in rows:
        print(f"| {name} | {value} |")
    OUT.parent.mkdir(exist_ok=True)
    OUT.write_text(json.dumps(result, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
