"""``loancoach check-ad``: in-process through ``loancoach.cli.main`` and once as a real subprocess."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest

from loancoach.cli.app import main
from loancoach.records.store import AdCheck, session_scope
from loancoach.redflags import load

SCAM_ZH = "您的贷款已审核通过，放款前需缴纳5000元保证金。100%必过！"
SCAM_EN = "Guaranteed approval! Pay a processing fee before the loan is released."
SAFE_ZH = "放款前不收取任何费用，具体以审核为准，年化利率7.2%起。"


@pytest.fixture(scope="module", autouse=True)
def pipelines():
    load()


@pytest.fixture()
def db(tmp_path, monkeypatch):
    url = f"sqlite:///{tmp_path / 'checks.db'}"
    monkeypatch.setenv("DATABASE_URL", url)
    return url


def rows(url):
    with session_scope(url) as session:
        return [
            (r.source, r.language, r.verdict, r.categories, r.conversation) for r in session.query(AdCheck)
        ]


def feed_stdin(monkeypatch, data: bytes):
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data), encoding="utf-8"))


def display_width(line: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1 for ch in line)


def test_json_output_has_verdict_and_explained_flags(db, capsys):
    assert main(["check-ad", SCAM_ZH, "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["verdict"] == "misleading"
    categories = {f["category"] for f in out["flags"]}
    assert {"fee_before_disbursement", "guaranteed_approval"} <= categories
    for flag in out["flags"]:
        assert flag["evidence"] == SCAM_ZH[flag["start"] : flag["end"]]
        assert "来源" in flag["why"]
    assert out["language"] == "zh" and out["recorded"] is True


def test_each_check_is_recorded_anonymised(db, capsys):
    main(["check-ad", SCAM_ZH, "--json"])
    main(["check-ad", SAFE_ZH, "--json"])
    stored = rows(db)
    assert [(r[0], r[1], r[2]) for r in stored] == [("cli", "zh", "misleading"), ("cli", "zh", "ok")]
    assert stored[0][3] == "fee_before_disbursement,guaranteed_approval"  # sorted, comma-separated
    assert stored[0][4] is None  # no sender on the command line
    with session_scope(db) as session:  # the text itself is stored nowhere
        dump = "".join(str(v) for r in session.query(AdCheck) for v in vars(r).values())
    assert "保证金" not in dump and "5000" not in dump


def test_no_record_stores_nothing(db, capsys):
    assert main(["check-ad", SCAM_ZH, "--json", "--no-record"]) == 0
    assert json.loads(capsys.readouterr().out)["recorded"] is False
    assert rows(db) == []


def test_lang_option_chooses_the_explanation_language(db, capsys):
    main(["check-ad", SCAM_ZH, "--json", "--lang", "en"])
    out = json.loads(capsys.readouterr().out)
    assert out["language"] == "en"
    assert all("Source:" in f["why"] for f in out["flags"])
    main(["check-ad", SCAM_EN, "--json"])
    assert json.loads(capsys.readouterr().out)["language"] == "en"


def test_readable_output_fits_a_phone_screen(db, capsys):
    assert main(["check-ad", SCAM_ZH]) == 0
    text = capsys.readouterr().out
    assert text.startswith("✖ 误导")
    assert "放款前收费" in text and "“放款前需缴纳5000元保证金”" in text and "96110" in text
    assert max(display_width(line) for line in text.splitlines()) <= 42
    main(["check-ad", SCAM_EN])
    text = capsys.readouterr().out
    assert "MISLEADING" in text and "What to do:" in text
    assert max(display_width(line) for line in text.splitlines()) <= 42


def test_readable_output_for_a_safe_text_says_what_was_set_aside(db, capsys):
    main(["check-ad", "本平台不会以任何名义收取保证金，秒批以审核为准"])
    text = capsys.readouterr().out
    assert text.startswith("未发现常见警示信号")
    assert "没有发现" not in text.splitlines()[0]
    assert "付任何钱" in text and "书面" in text  # the two questions
    assert "已排除" in text and "否定说法" in text


def test_dash_reads_stdin(db, capsys, monkeypatch):
    feed_stdin(monkeypatch, "\ufeff".encode() + SCAM_EN.encode())
    assert main(["check-ad", "-", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["verdict"] == "misleading" and out["language"] == "en"


@pytest.mark.parametrize(
    "argv,stdin,message",
    [
        (["check-ad", ""], None, "empty"),
        (["check-ad", "   \n\t "], None, "empty"),
        (["check-ad", "-"], b"", "empty"),
        (["check-ad", "-"], b"  \n  ", "empty"),
        (["check-ad", "-"], "必过\x00".encode(), "NUL"),
        (["check-ad", "-"], b"\xff\xfe\xfa\x00\x01\x02", "NUL"),
        (["check-ad", "-"], b"\x89PNG\r\n\x1a\n\xde\xad\xbe\xef", "UTF-8"),
        (["check-ad", "-"], b"ok \x07\x08\x1b[0m text", "binary"),
        (["check-ad", "a\x00b"], None, "NUL"),
        (["check-ad", "x" * 20_001], None, "too long"),
    ],
)
def test_bad_input_exits_2_with_one_line(db, capsys, monkeypatch, argv, stdin, message):
    if stdin is not None:
        feed_stdin(monkeypatch, stdin)
    assert main(argv + ["--json"]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    lines = captured.err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("loancoach check-ad: error:") and message in lines[0]
    assert rows(db) == []


def test_bad_option_exits_2(db, capsys):
    with pytest.raises(SystemExit) as exc:
        main(["check-ad", SCAM_ZH, "--lang", "fr"])
    assert exc.value.code == 2
    assert len(capsys.readouterr().err.strip().splitlines()) == 1


def test_console_script_reads_stdin_and_prints_json(tmp_path):
    script = Path(sys.executable).with_name("loancoach")
    env = dict(os.environ, DATABASE_URL=f"sqlite:///{tmp_path / 'cli.db'}", TF_CPP_MIN_LOG_LEVEL="3")
    proc = subprocess.run(
        [str(script), "check-ad", "-", "--json"],
        input="黑户可贷，不看征信，先交保证金再放款。".encode(),
        capture_output=True,
        env=env,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr.decode("utf-8", "replace")
    out = json.loads(proc.stdout.decode("utf-8"))
    assert out["verdict"] == "misleading"
    assert {"no_credit_check", "fee_before_disbursement"} <= {f["category"] for f in out["flags"]}
    assert rows(f"sqlite:///{tmp_path / 'cli.db'}")[0][:3] == ("cli", "zh", "misleading")


# --------------------------------------------------------------------------- cold start: import only what is needed

# Heavy modules that check-ad does not need: the figure reader (cn2an), Alembic (only when the database
# is behind), the tracker-store reader, the reporting package, the other commands' modules.
NOT_FOR_CHECK_AD = {
    "cn2an",
    "alembic",
    "loancoach.calculator.figures",
    "loancoach.records.tracker_db",
    "loancoach.counsel",
    "loancoach.cli.afford",
    "loancoach.cli.transcripts",
    "loancoach.cli.console",
}


def imported_modules(code: str, env=None) -> set:
    """The modules loaded after running ``code`` in a new interpreter."""
    proc = subprocess.run(
        [sys.executable, "-c", f"{code}\nimport json, sys\nprint(json.dumps(sorted(sys.modules)))"],
        capture_output=True,
        env=env,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr.decode("utf-8", "replace")
    return set(json.loads(proc.stdout.decode("utf-8").splitlines()[-1]))


def test_the_entry_point_imports_no_sub_command():
    loaded = imported_modules("import loancoach.cli.app")
    heavy = NOT_FOR_CHECK_AD | {
        "sqlalchemy",
        "spacy",
        "jieba",
        "loancoach.redflags",
        "loancoach.cli.check_ad",
    }
    assert not loaded & heavy


def test_check_ad_imports_only_its_own_command_and_skips_alembic_on_a_current_database(tmp_path):
    url = f"sqlite:///{tmp_path / 'current.db'}"
    rows(url)  # creates the database at the newest revision
    env = dict(os.environ, DATABASE_URL=url, TF_CPP_MIN_LOG_LEVEL="3")
    code = f"from loancoach.cli.app import main\nassert main(['check-ad', {SCAM_ZH!r}, '--json']) == 0"
    loaded = imported_modules(code, env)
    assert "loancoach.cli.check_ad" in loaded and "sqlalchemy" in loaded  # it did check and store
    assert not loaded & NOT_FOR_CHECK_AD
    assert [r[:3] for r in rows(url)] == [("cli", "zh", "misleading")]


def test_newest_revision_read_without_alembic_is_alembics():
    from loancoach.records.migrate import head_revision, script_head

    assert script_head() == head_revision()


def test_help_lists_every_command_with_the_help_its_module_registers(capsys):
    import pkgutil

    import loancoach.cli
    from loancoach.cli.app import COMMANDS, build_parser

    modules = {m.name for m in pkgutil.iter_modules(loancoach.cli.__path__)} - {"app", "errors"}
    assert {module for module, _ in COMMANDS.values()} == modules
    with pytest.raises(SystemExit) as exc:
        main(["--help"])
    assert exc.value.code == 0
    assert capsys.readouterr().out == build_parser().format_help()  # every module imported and registered
