"""The counselors' workbench on real conversations: a real Rasa server (REST channel, the project's masking
SQLite tracker store) and a real action server, started once for the module; then `loancoach
conversations` with every filter, `review` round trips, `teach --assign` and the console with numbered
buttons.

Needs `models/loancoach.tar.gz` (make train); the model is copied first so a retrain cannot swap it.
"""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
import servers

from loancoach.cli.app import build_parser, main

pytestmark = pytest.mark.model

ROOT = Path(__file__).resolve().parent.parent
MODEL = ROOT / "models" / "loancoach.tar.gz"
RUN = uuid.uuid4().hex[:6]
SENDERS = {
    "calc": f"calc-{RUN}",  # zh: calculation with a high income, a handoff
    "ad": f"ad-{RUN}",  # en: an ad with red flags, "not helpful"
    "lost": f"lost-{RUN}",  # en: a message nobody understands
    "poor": f"poor-{RUN}",  # zh: an unaffordable calculation
}
TURNS = {
    "calc": ["你好", "借5万，年化18%，分24期", "月薪8千", "没有", "转人工"],
    "ad": [
        "hello",
        "is this legit: guaranteed approval, no credit check, pay a fee first",
        "/feedback_not_helpful",
    ],
    "lost": ["hello", "asdkjh qwezx"],
    "poor": ["借5万，年化18%，分24期", "月薪3千", "没有"],
}


@pytest.fixture(scope="module")
def workdir(tmp_path_factory):
    return tmp_path_factory.mktemp("workbench")


@pytest.fixture(scope="module")
def stores(workdir):
    return {"tracker": workdir / "rasa_tracker.db", "records": f"sqlite:///{workdir / 'loancoach.db'}"}


@pytest.fixture(scope="module")
def server(workdir, stores):
    """Action server + Rasa server on free ports; yields the Rasa base URL."""
    if not MODEL.exists():
        pytest.fail("no trained model: run `make train` first")
    model = shutil.copy(MODEL, workdir / "model.tar.gz")
    actions_port, rasa_port = servers.free_port(), servers.free_port()
    endpoints = workdir / "endpoints.yml"
    endpoints.write_text(
        f'action_endpoint:\n  url: "http://127.0.0.1:{actions_port}/webhook"\n'
        "tracker_store:\n  type: components.masking_tracker_store.MaskingTrackerStore\n"
        f'  dialect: "sqlite"\n  db: "{stores["tracker"]}"\n'
    )
    env = {"DATABASE_URL": stores["records"], "RATE_LIMIT_PER_MINUTE": "0"}
    actions, rasa = servers.start_together(  # both at once: each loads on its own
        lambda: servers.start_actions(actions_port, stores["records"], workdir / "actions.log"),
        lambda: servers.start_rasa(Path(model), endpoints, rasa_port, workdir / "rasa.log", env=env),
    )
    try:
        yield f"http://127.0.0.1:{rasa_port}"
    finally:
        servers.stop_all(rasa, actions)


@pytest.fixture(scope="module")
def chats(server):
    from loancoach.cli.console import send

    for key, turns in TURNS.items():
        for text in turns:
            assert send(server, SENDERS[key], text) is not None
    return SENDERS


@pytest.fixture()
def records(monkeypatch, stores):
    monkeypatch.setenv("DATABASE_URL", stores["records"])


def listed(capsys, stores, *argv):
    code = main(["conversations", "--db", str(stores["tracker"]), "--show-ids", "--format", "json", *argv])
    out, err = capsys.readouterr()
    assert code == 0, err
    return [item["conversation"] for item in json.loads(out)]


def ours(found):
    return {name for name, sender in SENDERS.items() if sender in found}


@pytest.mark.parametrize(
    "argv, expected",
    [
        ([], {"calc", "ad", "lost", "poor"}),
        (["--fallback"], {"lost"}),
        (["--handoff"], {"calc"}),
        (["--red-flag"], {"ad"}),
        (["--verdict", "unaffordable"], {"poor"}),
        (["--verdict", "affordable"], {"calc"}),
        (["--feedback", "not-helpful"], {"ad"}),
        (["--channel", "rest"], {"calc", "ad", "lost", "poor"}),
        (["--channel", "socketio"], set()),
        (["--lang", "en"], {"ad", "lost"}),
        (["--lang", "zh", "--handoff"], {"calc"}),
        (["--text", "月薪3千"], {"poor"}),
        (["--text", "GUARANTEED"], {"ad"}),
        (["--intent", "greet"], {"calc", "ad", "lost"}),
        (["--since", "1d"], {"calc", "ad", "lost", "poor"}),
        (["--until", "2000-01-01"], set()),
    ],
)
def test_every_filter_finds_exactly_its_conversations(capsys, records, chats, stores, argv, expected):
    assert ours(listed(capsys, stores, *argv)) == expected


def test_list_is_newest_first_masked_and_one_line_each(capsys, records, chats, stores):
    code = main(["conversations", "--db", str(stores["tracker"])])
    out, _ = capsys.readouterr()
    assert code == 0
    lines = [line for line in out.splitlines() if RUN in line]
    assert [line.split()[2] for line in lines][:1] == [SENDERS["poor"]]  # the last one said
    calc = next(line for line in lines if SENDERS["calc"] in line)
    assert " zh " in calc and "5 turns" in calc and "handoff" in calc and "calculation: affordable" in calc
    code = main(["conversations", "--db", str(stores["tracker"]), "--format", "csv", "--red-flag"])
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr()[0])))
    assert [r["conversation"] for r in rows] == [SENDERS["ad"]] and "guaranteed_approval" in rows[0][
        "happened"
    ]


def test_review_round_trip_tags_notes_done(capsys, records, chats, stores):
    db = ["--db", str(stores["tracker"])]
    assert main(["review", SENDERS["lost"], *db, "--tag", "New topic", "--note", "call me 13812345678"]) == 0
    capsys.readouterr()
    assert ours(listed(capsys, stores, "--tag", "new topic")) == {"lost"}
    assert "lost" in ours(listed(capsys, stores, "--todo"))
    assert main(["review", SENDERS["lost"], *db, "--done", "--format", "json"]) == 0
    review = json.loads(capsys.readouterr()[0])
    assert review["done"] and review["tags"] == ["new topic"]
    assert "13812345678" not in review["notes"][0] and "call me" in review["notes"][0]
    assert "lost" not in ours(listed(capsys, stores, "--todo"))
    code = main(["conversations", *db, "--tag", "new topic"])
    assert code == 0 and "[new topic] ✓ done" in capsys.readouterr()[0]
    assert main(["review", "no-such-sender", *db, "--tag", "x"]) == 2


def test_teach_assign_writes_only_the_right_file(capsys, records, chats, stores, tmp_path):
    shutil.copytree(ROOT / "data" / "nlu", tmp_path / "data" / "nlu")
    before = {p.name: p.read_text("utf-8") for p in (tmp_path / "data" / "nlu").glob("*.yml")}
    argv = ["teach", SENDERS["lost"], "--db", str(stores["tracker"]), "--root", str(tmp_path)]
    assert main([*argv, "--assign", "greet"]) == 0
    assert "added to data/nlu/core_en.yml as greet" in capsys.readouterr()[0]
    after = {p.name: p.read_text("utf-8") for p in (tmp_path / "data" / "nlu").glob("*.yml")}
    assert {name for name in after if after[name] != before[name]} == {"core_en.yml"}
    assert "    - asdkjh qwezx\n" in after["core_en.yml"]
    assert main([*argv, "--assign", "greet"]) == 0  # the second time: already there, nothing written
    assert "already in the training data as greet" in capsys.readouterr()[0]
    assert (tmp_path / "data" / "nlu" / "core_en.yml").read_text("utf-8") == after["core_en.yml"]
    assert main([*argv, "--assign", "greet", "--hold-out"]) == 0
    holdout = (tmp_path / "tests" / "nlu_holdout_own_words" / "taught.yml").read_text("utf-8")
    assert holdout.startswith('version: "3.1"\nnlu:\n- intent: greet\n') and "    - asdkjh qwezx" in holdout
    assert main([*argv, "--assign", "no_such_intent"]) == 2


def test_console_numbers_the_buttons_and_1_clicks_the_first(capsys, records, server, chats, stores):
    from loancoach.cli import console

    sender = f"counselor-{RUN}"
    args = build_parser().parse_args(
        ["console", "--url", server, "--sender", sender, "--debug-intents", "--db", str(stores["tracker"])]
    )
    out = io.StringIO()
    assert console.run(args, stdin=io.StringIO("你好\n1\n/quit\n"), out=out) == 0
    text = out.getvalue()
    first_reply = text.split("You: ")[1]
    assert "1) " in first_reply and "· [zh] greet" in first_reply
    title = first_reply.split("1) ")[1].splitlines()[0].strip()
    assert f"(button: {title} → /" in text
    after_click = text.split(f"(button: {title}")[1]
    assert "Bot: " in after_click and "(no reply)" not in after_click
    # --sender of an existing conversation shows it first and carries on in it
    args = build_parser().parse_args(
        ["console", "--url", server, "--sender", SENDERS["lost"], "--db", str(stores["tracker"])]
    )
    out = io.StringIO()
    assert console.run(args, stdin=io.StringIO(""), out=out) == 0
    assert "continuing conversation" in out.getvalue() and "User: asdkjh qwezx" in out.getvalue()


def test_exported_stories_pass_rasa_test(capsys, records, chats, stores, workdir, tmp_path):
    """`export-story` (Rasa's YAMLStoryWriter) then `rasa test core --fail-on-prediction-errors` on them:
    what `make test` does with tests/conversations/exported/."""
    stories = tmp_path / "stories"
    stories.mkdir()
    for key in ("calc", "ad", "lost"):
        out = stories / f"test_{key}.yml"
        assert main(["export-story", SENDERS[key], "--db", str(stores["tracker"]), "--out", str(out)]) == 0
        assert "version: " in out.read_text("utf-8")
    capsys.readouterr()
    result = subprocess.run(
        [
            str(Path(sys.executable).parent / "rasa"),
            "test",
            "core",
            "--model",
            str(workdir / "model.tar.gz"),
            "--stories",
            str(stories),
            "--out",
            str(tmp_path / "results"),
            "--fail-on-prediction-errors",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
        env={**os.environ, "RASA_TELEMETRY_ENABLED": "false"},
    )
    assert result.returncode == 0, (result.stdout + result.stderr)[-3000:]
    assert not (tmp_path / "results" / "failed_test_stories.yml").read_text("utf-8").count("- story:")


def test_report_counts_borrowers_apart_from_counselors_shows_trends_taught_and_renders(
    capsys, records, server, chats, stores, tmp_path
):
    """The report on the module's conversations: counselors' `check-ad` run and console conversation are
    counted apart, trends against the week before, the taught message checked with the model, and the
    HTML page (charts inline, sortable tables) rendered in headless Chromium with a screenshot."""
    from loancoach.cli import console

    console.run(
        build_parser().parse_args(
            ["console", "--url", server, "--sender", f"counselor-r{RUN}", "--db", str(stores["tracker"])]
        ),
        stdin=io.StringIO("hello\n/quit\n"),
        out=io.StringIO(),
    )
    assert main(["check-ad", "100%必过，放款前交保证金"]) == 0  # a counselor's own run: source "cli"
    shutil.copytree(ROOT / "data" / "nlu", tmp_path / "root" / "data" / "nlu")
    teach = ["teach", SENDERS["lost"], "--db", str(stores["tracker"]), "--root", str(tmp_path / "root")]
    assert main([*teach, "--assign", "greet"]) == 0
    out = tmp_path / "report"
    model = str(stores["tracker"].parent / "model.tar.gz")
    capsys.readouterr()
    code = main(
        ["report", "--db", str(stores["tracker"]), "--since", "7d", "--out", str(out), "--model", model]
    )
    printed, err = capsys.readouterr()
    assert code == 0, err
    assert printed.strip() == str((out / "report.html").resolve())
    text = (out / "report.md").read_text("utf-8")
    ours_only = text.split("| Conversations | ")[1].split(" |")[0]
    assert int(ours_only) >= 4  # the borrowers' four (other modules' runs use other stores)
    assert "| Ad checks | 1 (misleading 1) |" in text  # the borrower's; not the counselor's run
    assert "| Counselors' own command-line uses (not counted above) | ad_checks 1 |" in text
    console_count = text.split("counselors' console conversations (")[1].split(")")[0]
    assert int(console_count) >= 1  # this test's (and the console test's, when run before)
    assert "## This period against the one before" in text and "| Handoffs | 0 | 1 | +1 |" in text
    assert "| Calculations: unaffordable | 0 | 1 | +1 |" in text
    assert "| asdkjh qwezx | `greet` | ✗ `nlu_fallback`" in text  # taught, not retrained yet
    assert main(["review", SENDERS["poor"], "--db", str(stores["tracker"]), "--tag", "scam seen"]) == 0
    capsys.readouterr()
    code = main(
        ["report", "--db", str(stores["tracker"]), "--since", "7d", "--out", str(out), "--model", model]
    )
    text = (out / "report.md").read_text("utf-8")
    assert code == 0 and "scam seen 1" in text.split("Reviewed (loancoach review):")[1].splitlines()[0]
    assert "_No message was taught since the last report" in text  # the last report checked them
    _render_in_chromium(out / "report.html")


def _render_in_chromium(page_path: Path) -> None:
    chromium = Path("/usr/bin/chromium")
    if not chromium.exists():
        pytest.skip("/usr/bin/chromium is missing: apt-get install -y chromium (.ci/run does it)")
    from playwright.sync_api import sync_playwright

    results = ROOT / "results"
    results.mkdir(exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(chromium), args=["--no-sandbox"], headless=True)
        try:
            page = browser.new_page(viewport={"width": 1200, "height": 900})
            requests = []
            page.on("request", lambda r: requests.append(r.url))
            page.goto(page_path.as_uri())
            images = page.locator("img")
            assert images.count() == 3
            for i in range(3):
                assert images.nth(i).evaluate("img => img.complete && img.naturalWidth > 300")
            assert all(url.startswith(("file:", "data:")) for url in requests)  # no server, no network
            table = page.locator("table").filter(has_text="day")
            first_cells = lambda: table.locator("tbody tr td:first-child").all_inner_texts()  # noqa: E731
            header = table.locator("th").first
            header.click()
            ascending = first_cells()
            header.click()
            assert first_cells() == sorted(ascending, reverse=True) and ascending == sorted(ascending)
            page.emulate_media(media="print")
            assert page.locator("body").evaluate("b => getComputedStyle(b).maxWidth") == "none"
            page.emulate_media(media="screen")
            page.screenshot(path=str(results / "report_html.png"), full_page=True)
        finally:
            browser.close()
    assert (results / "report_html.png").stat().st_size > 20_000


def test_every_filter_on_a_postgresql_tracker_store(capsys, records, chats, stores, loop):
    """The same conversations in a PostgreSQL tracker store (a throwaway cluster), written by Rasa's own
    SQLTrackerStore: the filters give the same answers there."""
    from rasa.core.tracker_store import SQLTrackerStore
    from rasa.shared.core.domain import Domain
    from stores import postgres_cluster

    domain = Domain.load(str(ROOT / "domain.yml"))
    source = SQLTrackerStore(domain=domain, dialect="sqlite", db=str(stores["tracker"]))
    with postgres_cluster() as pg:
        target = SQLTrackerStore(
            domain=domain,
            dialect="postgresql",
            host=pg.host,
            port=pg.port,
            db=pg.database,
            username=pg.user,
            password=pg.password,
        )
        for sender in SENDERS.values():
            tracker = loop.run_until_complete(source.retrieve_full_tracker(sender))
            loop.run_until_complete(target.save(tracker))
        target.engine.dispose()
        pg_stores = {**stores, "tracker": pg.url}
        for argv, expected in [
            ([], {"calc", "ad", "lost", "poor"}),
            (["--fallback"], {"lost"}),
            (["--handoff", "--lang", "zh"], {"calc"}),
            (["--red-flag"], {"ad"}),
            (["--verdict", "unaffordable"], {"poor"}),
            (["--feedback", "not-helpful", "--channel", "rest"], {"ad"}),
            (["--text", "月薪3千"], {"poor"}),
            (["--text", "guaranteed"], {"ad"}),
            (["--intent", "greet", "--since", "1d"], {"calc", "ad", "lost"}),
        ]:
            assert ours(listed(capsys, pg_stores, *argv)) == expected, argv
