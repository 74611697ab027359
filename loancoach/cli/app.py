"""The ``loancoach`` console script.

Each sub-command lives in its own module in :mod:`loancoach.cli` and exposes
``register(subparsers)``; the module sets ``func`` on its parser. Only the module of the command being
run is imported (``check-ad`` must answer quickly from a cold start, and the other commands pull in
SQLAlchemy, Alembic, cn2an, HTTP clients…); the others are listed in ``--help`` from :data:`COMMANDS`.
Bad arguments exit with code 2 and a one-line message on stderr, never a traceback.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from typing import Dict, List, Optional, Tuple

from loancoach import __version__
from loancoach.cli.errors import UsageError

# name -> (module in loancoach.cli, one-line help as the module registers it). A new command: add its
# module and a line here (tests/test_cli_check_ad.py checks that the two agree).
COMMANDS: Dict[str, Tuple[str, str]] = {
    "afford": ("afford", "repayment schedule, real APR (IRR) and affordability of a loan"),
    "check-ad": ("check_ad", "check a loan ad or message for red flags"),
    "compare": ("compare", "compare two loan offers by total cost and real APR"),
    "console": (
        "console",
        "counselors' chat console (make shell): numbered buttons, intents on request, replay a case",
    ),
    "conversations": (
        "conversations",
        "find conversations by what happened: fallback, handoff, red flag, verdict, feedback, words",
    ),
    "db": ("db", "database schema: `db upgrade`, `db current`"),
    "export-story": (
        "export_story",
        "turn one conversation into a conversation-test story (Rasa's YAMLStoryWriter)",
    ),
    "forget": ("forget", "delete one conversation from the tracker store and every record of ours about it"),
    "handoffs": ("handoffs", "list, claim and close handoff requests"),
    "plan": (
        "plan",
        "repayment plan for several loans: which to pay first, months to debt-free, interest saved",
    ),
    "purge": ("purge", "delete conversations and records older than the retention period"),
    "report": (
        "report",
        "report (Markdown + HTML, charts): messages, fallbacks, handoffs, red flags, trends, taught",
    ),
    "review": (
        "review",
        "tag a conversation, add a note, mark it done (shown by `conversations` and the report)",
    ),
    "teach": (
        "teach",
        "assign misunderstood messages to the right intent (appends to data/nlu/ or the hold-out)",
    ),
    "transcripts": (
        "transcripts",
        "print conversations from the tracker store (masked), with intents and actions",
    ),
}

_ALL = object()


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # one line, exit 2, no usage dump
        self.exit(2, f"{self.prog}: error: {message}\n")


def command_module(name: str):
    """The module that implements sub-command ``name`` (imported now)."""
    return importlib.import_module(f"{__package__}.{COMMANDS[name][0]}")


def chosen_command(argv: List[str]) -> Optional[str]:
    """The sub-command named in ``argv`` (the first word that is not an option), if it is one of ours."""
    for arg in argv:
        if arg == "--":
            return None
        if not arg.startswith("-"):
            return arg if arg in COMMANDS else None
    return None


def build_parser(command=_ALL) -> argparse.ArgumentParser:
    """The parser; with ``command`` (a name or None) only that command's module is imported and the
    others are listed by name and help only. Without it every command is registered in full."""
    parser = _Parser(prog="loancoach", description="LoanCoach engine tools for counselors and scripts.")
    parser.add_argument("--version", action="version", version=f"loancoach {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    for name, (_module, help_text) in COMMANDS.items():
        if command is _ALL or name == command:
            command_module(name).register(sub)
        else:
            sub.add_parser(name, help=help_text)
    return parser


def main(argv: Optional[List[str]] = None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    parser = build_parser(chosen_command(argv))
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return 2
    try:
        return int(args.func(args) or 0)
    except UsageError as exc:
        print(f"loancoach {args.command}: error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    except (
        BrokenPipeError
    ):  # `loancoach conversations | head`: the reader has gone, as the Python docs advise
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 141


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
