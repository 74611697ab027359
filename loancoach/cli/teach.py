"""``loancoach teach``: turn misunderstood messages into training data without editing YAML by hand.

    loancoach teach abc123                          # each misunderstood message: pick the intent
    loancoach teach --latest 10                     # the latest fallbacks of conversations not yet done
    loancoach teach abc123 --assign ask_upfront_fee # scripts: every misunderstood message -> that intent
    loancoach teach abc123 --assign greet --hold-out

A message goes into the ``data/nlu/`` file that already holds its intent (the file of the message's
language when the intent is in both ``*_zh.yml`` and ``*_en.yml``), at the end of the intent's examples
(a run's new examples sorted, each once; a message said twice is asked about once); no other file changes. An example already in any NLU file is not added twice. ``hold-out`` writes it to
``tests/nlu_holdout_own_words/taught.yml`` instead (a test the model must pass, never training data).
Messages with masked personal data are skipped (the mask is not something borrowers type).
"""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import Dict, List, Optional, Sequence, Tuple

from loancoach.cli.errors import UsageError
from loancoach.cli.transcripts import add_source_arguments
from loancoach.records.tracker_db import TrackerDBError, UserMessage, load_conversations
from loancoach.text.privacy import CARD_MASK, EMAIL_MASK, ID_MASK, PHONE_MASK, redact

LOW_CONFIDENCE = 0.6
NLU_DIR = Path("data/nlu")
HOLDOUT_FILE = Path("tests/nlu_holdout_own_words/taught.yml")
_INTENT = re.compile(r"^- intent: *(\S+) *$")
_MASKS = (CARD_MASK, EMAIL_MASK, ID_MASK, PHONE_MASK)


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "teach",
        help="assign misunderstood messages to the right intent (appends to data/nlu/ or the hold-out)",
        description="Show each message the assistant did not understand (fallback or confidence below "
        f"{LOW_CONFIDENCE}) with its top intents and write the intent you pick into data/nlu/.",
    )
    parser.add_argument("sender_id", nargs="?", metavar="SENDER_ID", help="the conversation (sender id)")
    parser.add_argument(
        "--latest", type=int, metavar="N", help="the N latest fallbacks of unreviewed conversations"
    )
    parser.add_argument("--assign", metavar="INTENT", help="no questions: assign every message to INTENT")
    parser.add_argument(
        "--hold-out", action="store_true", help="with --assign: write to the hold-out instead"
    )
    parser.add_argument("--root", metavar="DIR", default=".", help="project folder (default: current)")
    add_source_arguments(parser, since=False)
    parser.set_defaults(func=run)


# --------------------------------------------------------------------------- NLU files


def normalised(text: str) -> str:
    return " ".join(text.split()).casefold()


def intent_files(nlu_dir: Path) -> Dict[str, List[Path]]:
    """intent -> the data/nlu files holding an ``- intent:`` block of it."""
    found: Dict[str, List[Path]] = {}
    for path in sorted(nlu_dir.glob("*.yml")):
        for line in path.read_text("utf-8").splitlines():
            match = _INTENT.match(line)
            if match:
                found.setdefault(match.group(1), []).append(path)
    return found


def known_examples(nlu_dir: Path) -> Dict[str, str]:
    """normalised example -> intent, over every data/nlu file."""
    known: Dict[str, str] = {}
    for path in sorted(nlu_dir.glob("*.yml")):
        intent = None
        for line in path.read_text("utf-8").splitlines():
            match = _INTENT.match(line)
            if match:
                intent = match.group(1)
            elif intent and line.startswith("    - "):
                known[normalised(line[6:])] = intent
    return known


def file_for(intent: str, language: Optional[str], nlu_dir: Path) -> Path:
    files = intent_files(nlu_dir).get(intent)
    if not files:
        raise UsageError(f"no intent {intent!r} in {nlu_dir}/ (see domain.yml for the names)")
    same_language = [p for p in files if language and p.stem.endswith(f"_{language}")]
    return (same_language or files)[0]


def add_examples(path: Path, intent: str, texts: Sequence[str]) -> List[str]:
    """Append ``texts`` (sorted, without repeats) at the end of ``intent``'s examples in ``path``; creates
    the block (or the file) when missing. Returns the texts added."""
    lines = path.read_text("utf-8").splitlines() if path.exists() else ['version: "3.1"', "nlu:"]
    start = next(
        (i for i, line in enumerate(lines) if _INTENT.match(line) and _INTENT.match(line).group(1) == intent),
        None,
    )
    if start is None:
        lines += [f"- intent: {intent}", "  examples: |"]
        start = len(lines) - 2
    end = start + 1
    while end < len(lines) and not lines[end].startswith("- "):
        end += 1
    while end - 1 > start and not lines[end - 1].strip():
        end -= 1  # before the blank lines that close the block
    present = {normalised(line[6:]) for line in lines[start:end] if line.startswith("    - ")}
    new: List[str] = []
    for text in sorted({" ".join(t.split()) for t in texts}):
        if text and normalised(text) not in present:
            new.append(text)
            present.add(normalised(text))
    if new:
        lines[end:end] = [f"    - {text}" for text in new]
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return new


# --------------------------------------------------------------------------- messages


def misunderstood(messages: Sequence[UserMessage]) -> List[UserMessage]:
    return [m for m in messages if not m.is_payload and m.text.strip() and m.not_understood(LOW_CONFIDENCE)]


def _messages(args) -> List[Tuple[str, UserMessage]]:
    try:
        if args.sender_id:
            conversations = load_conversations(args.db, sender_id=args.sender_id)
            if not conversations:
                raise UsageError(f"no conversation with sender id {redact(args.sender_id)!r}")
            return [(args.sender_id, m) for m in misunderstood(conversations[0].user_messages)]
        from loancoach.records.review import reviewed_keys
        from loancoach.records.store import conversation_key

        done = reviewed_keys()
        found = [
            (c.sender_id, m)
            for c in load_conversations(args.db)
            if conversation_key(c.sender_id) not in done
            for m in misunderstood(c.user_messages)
        ]
        return sorted(found, key=lambda item: -item[1].timestamp)[: args.latest]
    except TrackerDBError as exc:
        raise UsageError(str(exc)) from None


def _ask(message: UserMessage, intents: List[str], stdin, out) -> Tuple[Optional[str], bool]:
    """(intent, hold_out) chosen for ``message``; (None, False) to skip."""
    guesses = [g for g in dict.fromkeys([message.intent, message.best_guess]) if g and g != "nlu_fallback"]
    confidence = "" if message.confidence is None else f" {message.confidence:.2f}"
    out.write(f"\n“{message.text}”  [{message.language or '?'}] read as {message.intent}{confidence}\n")
    for number, guess in enumerate(guesses, 1):
        out.write(f"  {number}) {guess}\n")
    out.write("  h) hold-out (then the intent)   s) skip   or type an intent name\n")
    hold_out = False
    while True:
        out.write("intent> ")
        out.flush()
        answer = stdin.readline()
        if not answer:
            return None, False
        answer = answer.strip()
        if answer in ("s", "skip", ""):
            return None, False
        if answer in ("h", "hold-out"):
            hold_out = True
            out.write("hold-out: which intent?\n")
            continue
        if answer.isdigit() and 1 <= int(answer) <= len(guesses):
            return guesses[int(answer) - 1], hold_out
        if answer in intents:
            return answer, hold_out
        close = [i for i in intents if answer.lower() in i][:5]
        out.write(f"no intent {answer!r}" + (f"; did you mean {', '.join(close)}?" if close else "") + "\n")


def run(args, stdin=None, out=None) -> int:
    from loancoach.records.review import record_taught

    stdin, out = stdin or sys.stdin, out or sys.stdout
    if not args.sender_id and not args.latest:
        raise UsageError("give a SENDER_ID or --latest N")
    if args.hold_out and not args.assign:
        raise UsageError("--hold-out goes with --assign (interactively, answer h)")
    root = Path(args.root)
    nlu_dir, holdout = root / NLU_DIR, root / HOLDOUT_FILE
    intents = sorted(intent_files(nlu_dir))
    if args.assign and args.assign not in intents:
        raise UsageError(f"no intent {args.assign!r} in {NLU_DIR}/ (see domain.yml for the names)")
    messages = _messages(args)
    if not messages:
        out.write("Nothing to teach: no misunderstood typed messages.\n")
        return 0
    known = known_examples(nlu_dir)
    # (file, intent, hold_out) -> {text: sender}: written together at the end, sorted, each text once
    chosen: Dict[Tuple[Path, str, bool], Dict[str, str]] = {}
    answered: Dict[str, str] = {}  # normalised text -> the answer given in this run (asked once)
    for sender, message in messages:
        if any(mask in message.text for mask in _MASKS):
            out.write(f"skipped (masked personal data): “{message.text}”\n")
            continue
        text = normalised(message.text)
        if text in answered:
            out.write(f"said again, answered once ({answered[text]}): “{message.text}”\n")
            continue
        if text in known and not args.hold_out:  # nothing to write: not worth a question
            out.write(f"already in the training data as {known[text]}: “{message.text}”\n")
            answered[text] = known[text]
            continue
        if args.assign:
            intent, hold_out = args.assign, args.hold_out
        else:
            intent, hold_out = _ask(message, intents, stdin, out)
        answered[text] = f"hold-out {intent}" if hold_out else intent or "skip"
        if intent is None:
            continue
        target = holdout if hold_out else file_for(intent, message.language, nlu_dir)
        chosen.setdefault((target, intent, hold_out), {}).setdefault(message.text, sender)
    written = 0
    for (target, intent, hold_out), texts in chosen.items():
        for text in add_examples(target, intent, list(texts)):
            sender = next(s for t, s in texts.items() if " ".join(t.split()) == text)
            record_taught(text, intent, "hold-out" if hold_out else "training", sender)
            written += 1
            out.write(f"added to {target.relative_to(root)} as {intent}: “{text}”\n")
    out.write(
        f"{written} example(s) written. Retrain (make train), then `make report` shows whether the model "
        "now understands them.\n"
    )
    return 0
