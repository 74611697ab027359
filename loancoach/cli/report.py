"""``loancoach report``: a Markdown summary with PNG charts for counselors.

    loancoach report --since 7d --out var/report   # var/report/report.md + messages_per_day.png, ...

Conversations come from Rasa's tracker store (``--db``); handoffs, calculations and ad checks from
LoanCoach's records (``DATABASE_URL``). Message texts are masked.
"""

from __future__ import annotations

import sys
from pathlib import Path

from loancoach.cli.errors import UsageError
from loancoach.cli.transcripts import add_source_arguments, read_conversations, since_arg
from loancoach.records.settings import var_dir


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "report",
        help="Markdown summary with charts: messages, languages, topics, fallbacks, handoffs, red flags",
        description="Write DIR/report.md and PNG charts: conversations, messages per day, languages, top "
        "intents and topics, fallback rate, handoffs, calculator verdicts, red flags and the messages the "
        "assistant could not answer, grouped by similarity. Personal data is masked.",
    )
    add_source_arguments(parser)
    parser.add_argument("--out", metavar="DIR", help="output directory (default var/report)")
    parser.set_defaults(func=run)


def run(args) -> int:
    from sqlalchemy.exc import SQLAlchemyError

    from loancoach.counsel import charts, reporting
    from loancoach.records.tracker_db import shown_url, tracker_url

    since = since_arg(args)
    conversations = read_conversations(args.db, since)
    out = Path(args.out) if args.out else var_dir() / "report"
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise UsageError(f"--out: cannot create {out}: {exc.strerror}") from None
    try:
        store = reporting.store_figures(since)
    except SQLAlchemyError as exc:
        raise UsageError(f"cannot read LoanCoach's records (DATABASE_URL): {type(exc).__name__}") from None
    areas = reporting.topic_areas()
    tracker = reporting.tracker_figures(conversations, areas)
    unanswered = reporting.unanswered_groups(tracker.not_understood)
    files = charts.write_charts(tracker, areas, out)
    source = shown_url(tracker_url(args.db))
    text = reporting.render_markdown(tracker, store, unanswered, files, since, source, areas)
    report = out / "report.md"
    report.write_text(text, encoding="utf-8")
    print(f"wrote {report} and {len(files)} charts ({tracker.conversations} conversations)", file=sys.stderr)
    return 0
