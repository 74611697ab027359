"""Handoff lifecycle for counselors: `loancoach handoffs claim/close`, the list with status and age,
and the report's time to close."""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone

from loancoach.cli.app import main
from loancoach.counsel.reporting import handoff_closing, store_figures
from loancoach.records.store import HandoffRequest, record_handoff, session_scope


def _listing(capsys, *args) -> list:
    assert main(["handoffs", "--json", *args]) == 0
    return [json.loads(line) for line in capsys.readouterr().out.splitlines()]


def test_claim_then_close_with_a_masked_note(db_url, monkeypatch, capsys):
    monkeypatch.setenv("DATABASE_URL", db_url)
    first = record_handoff("a", "zh", "user_request", ["转人工"], url=db_url)
    record_handoff("b", "en", "fallback", ["help"], url=db_url)

    assert main(["handoffs", "claim", first.reference, "--by", "Wang Fang"]) == 0
    assert f"{first.reference} claimed by Wang Fang" in capsys.readouterr().out
    assert [h["status"] for h in _listing(capsys)] == ["claimed", "open"]
    assert [h["reference"] for h in _listing(capsys, "--status", "open")] == ["H000002"]

    assert main(["handoffs", "close", "h1", "--note", "回电13812345678，已解释协商还款"]) == 0
    assert "closed after 0m" in capsys.readouterr().out
    [closed] = _listing(capsys, "--status", "closed")
    assert closed["claimed_by"] == "Wang Fang" and closed["closed_at"]
    assert "13812345678" not in closed["note"] and "协商还款" in closed["note"]

    assert main(["handoffs"]) == 0
    out = capsys.readouterr().out
    assert "closed after 0m" in out and "0m old" in out and "open" in out


def test_claiming_or_closing_what_is_not_there_is_a_clear_error(db_url, monkeypatch, capsys):
    monkeypatch.setenv("DATABASE_URL", db_url)
    assert main(["handoffs", "claim", "H000099", "--by", "Li"]) == 2
    assert "no handoff request H000099" in capsys.readouterr().err
    ticket = record_handoff("a", "zh", "user_request", url=db_url)
    assert main(["handoffs", "close", ticket.reference]) == 0
    assert main(["handoffs", "close", ticket.reference]) == 2
    assert "already closed" in capsys.readouterr().err
    assert main(["handoffs", "claim", ticket.reference, "--by", "Li"]) == 2


def test_ages_and_the_reports_time_to_close(db_url, monkeypatch, capsys):
    monkeypatch.setenv("DATABASE_URL", db_url)
    now = datetime.now(timezone.utc)
    for sender in "abc":
        record_handoff(sender, "zh", "user_request", url=db_url)
    with session_scope(db_url) as session:
        for row, (age_h, closed_after_h) in zip(
            session.query(HandoffRequest).order_by(HandoffRequest.id),
            [(50, 2), (30, 6), (5, None)],
            strict=True,
        ):
            row.created_at = now - timedelta(hours=age_h)
            if closed_after_h is not None:
                row.status, row.closed_at = "closed", row.created_at + timedelta(hours=closed_after_h)

    assert [h["age"] for h in _listing(capsys)] == ["2d", "30h", "5h"]
    figures = store_figures(url=db_url)
    assert handoff_closing(figures.handoffs) == "2 of 3 closed, median time to close 4h 0m (longest 6h 0m)"
