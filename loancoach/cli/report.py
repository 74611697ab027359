"""``loancoach report``: the counselors' report, Markdown and HTML, with charts.

    loancoach report --since 7d --out var/report   # report.md, report.html (self-contained), PNG charts

Conversations come from Rasa's tracker store (``--db``); handoffs, calculations and ad checks from
LoanCoach's records (``DATABASE_URL``). Borrowers only: counselors' own command-line runs (rows with
source "cli") and console conversations (``counselor-…`` ids, ``make shell``) are counted apart unless
``--include-counselors``. With ``--since``, every figure is compared with the period of the same length
before it. Messages taught since the last report are read with the current model (``--model``) to show
whether it now understands them. Message texts are masked.
"""

from __future__ import annotations

import json
import sys
from datetime import datetime, timezone
from pathlib import Path

from loancoach.cli.errors import UsageError
from loancoach.cli.transcripts import add_source_arguments, read_conversations, since_arg
from loancoach.records.settings import var_dir

COUNSELOR_PREFIX = "counselor-"
STATE_FILE = "report.json"


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "report",
        help="report (Markdown + HTML, charts): messages, fallbacks, handoffs, red flags, trends, taught",
        description="Write DIR/report.md, DIR/report.html and PNG charts: conversations, messages per day, "
        "languages, top intents and topics, fallback rate, handoffs, calculator verdicts, red flags, the "
        "messages the assistant could not answer (grouped), trends against the period before, and whether "
        "messages taught since the last report are now understood. Personal data is masked.",
    )
    add_source_arguments(parser)
    parser.add_argument("--out", metavar="DIR", help="output directory (default var/report)")
    parser.add_argument(
        "--include-counselors",
        action="store_true",
        help="count counselors' command-line runs and console conversations with the borrowers'",
    )
    parser.add_argument(
        "--model",
        metavar="FILE",
        default="models/loancoach.tar.gz",
        help="model used to check taught messages (default models/loancoach.tar.gz)",
    )
    parser.add_argument("--no-model-check", action="store_true", help="do not check the taught messages")
    parser.set_defaults(func=run)


def _is_counselor(conversation) -> bool:
    return conversation.sender_id.startswith(COUNSELOR_PREFIX)


def _taught_check(args, last_report):
    """(rows or None, note): taught messages since ``last_report`` with the model's reading."""
    from loancoach.records.review import taught_since

    taught = taught_since(last_report)
    if not taught:
        return [], ""
    if args.no_model_check:
        return None, "--no-model-check was given."
    if not Path(args.model).is_file():
        return None, f"no model at {args.model} (make train)."
    if str(Path.cwd()) not in sys.path:
        sys.path.insert(0, str(Path.cwd()))
    try:
        from components.nlu_check import parse_all
    except ImportError as exc:
        return None, f"Rasa is not installed here ({exc.name})."
    readings = parse_all(args.model, [t["text"] for t in taught])
    rows = []
    for item, reading in zip(taught, readings, strict=True):
        rows.append(
            {
                **item,
                "predicted": reading["intent"],
                "confidence": reading["confidence"],
                "understood": reading["intent"] == item["intent"],
            }
        )
    return rows, f"Model: {args.model}."


def _review_lines(conversations) -> list:
    """Counselors' review of this period's conversations: how many done, tags by count."""
    from collections import Counter

    from loancoach.records.review import reviews_for

    reviews = reviews_for([c.sender_id for c in conversations])
    tags = Counter(tag for review in reviews.values() for tag in review["tags"])
    done = sum(review["done"] for review in reviews.values())
    listed = ", ".join(f"{tag} {n}" for tag, n in tags.most_common()) or "none"
    return [
        f"Reviewed (loancoach review): {done} of {len(conversations)} conversations done; tags: {listed}.",
        "",
    ]


def run(args) -> int:
    from sqlalchemy.exc import SQLAlchemyError

    from loancoach.counsel import charts, html_report, reporting, trends
    from loancoach.records.tracker_db import shown_url, tracker_url

    since = since_arg(args)
    now = datetime.now().astimezone()
    previous = since - (now - since) if since else None
    conversations = read_conversations(args.db, previous)
    counselors = [c for c in conversations if _is_counselor(c)]
    if not args.include_counselors:
        conversations = [c for c in conversations if not _is_counselor(c)]
    if since:
        before = [c for c in conversations if (c.started or 0) < since.timestamp()]
        conversations = [c for c in conversations if (c.started or 0) >= since.timestamp()]
        counselors = [c for c in counselors if (c.started or 0) >= since.timestamp()]
    out = Path(args.out) if args.out else var_dir() / "report"
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise UsageError(f"--out: cannot create {out}: {exc.strerror}") from None
    state_path = out / STATE_FILE
    try:
        last_report = datetime.fromisoformat(json.loads(state_path.read_text("utf-8"))["generated_at"])
    except (OSError, ValueError, KeyError):
        last_report = None
    try:
        store = reporting.store_figures(since, include_cli=args.include_counselors)
        store_before = (
            reporting.store_figures(previous, until=since, include_cli=args.include_counselors)
            if since
            else None
        )
        taught, taught_note = _taught_check(args, last_report)
    except SQLAlchemyError as exc:
        raise UsageError(f"cannot read LoanCoach's records (DATABASE_URL): {type(exc).__name__}") from None
    areas = reporting.topic_areas()
    tracker = reporting.tracker_figures(conversations, areas)
    unanswered = reporting.unanswered_groups(tracker.not_understood)
    files = charts.write_charts(tracker, areas, out)
    source = shown_url(tracker_url(args.db))
    text = reporting.render_markdown(tracker, store, unanswered, files, since, source, areas)
    who = (
        "Borrowers' and counselors' conversations together (--include-counselors)."
        if args.include_counselors
        else f"Borrowers' conversations only; counselors' console conversations ({len(counselors)}) and "
        "command-line runs are counted apart."
    )
    extra = [who, "", *_review_lines(conversations)]
    if since:
        tracker_before = reporting.tracker_figures(before, areas)
        rows = trends.compare(tracker, tracker_before, store, store_before)
        extra += trends.markdown(
            rows, unanswered, reporting.unanswered_groups(tracker_before.not_understood), taught, taught_note
        )
    else:
        extra += ["_Give --since (e.g. 7d) to compare with the period before._", ""]
        extra += trends.taught_markdown(taught, taught_note)
    text = text.replace("## Messages per day", "\n".join(extra) + "\n\n## Messages per day", 1)
    report = out / "report.md"
    report.write_text(text, encoding="utf-8")
    page = html_report.write_html(text, out)
    state_path.write_text(
        json.dumps({"generated_at": datetime.now(timezone.utc).isoformat()}, indent=2), encoding="utf-8"
    )
    print(
        f"wrote {report}, {page} and {len(files)} charts ({tracker.conversations} conversations)",
        file=sys.stderr,
    )
    print(page.resolve())
    return 0
