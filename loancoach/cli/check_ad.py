"""``loancoach check-ad``: check a loan ad or message for red flags (the debunker's engine).

    loancoach check-ad "100%必过，放款前交保证金"          # readable, phone-width summary
    loancoach check-ad - --json < ad.txt                  # one JSON object
    loancoach check-ad "Guaranteed approval!" --lang zh   # explanations in Chinese

The verdict is ``misleading``, ``caution`` or ``ok`` (see :mod:`loancoach.redflags.detector`).
Each check is stored anonymised (language, verdict, categories; never the text) unless
``--no-record``. Exit code 0 whatever the verdict; 2 for input that cannot be checked (empty,
whitespace only, NUL bytes, binary or non-UTF-8 data, too long), with one line on stderr.
"""

from __future__ import annotations

import json
import re
import sys
import unicodedata
from typing import List

from loancoach.cli.errors import UsageError

MAX_CHARS = 20_000
LINE_WIDTH = 40  # display columns: fits a phone terminal; a Chinese character takes two

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
_SURROGATE = re.compile(r"[\ud800-\udfff]")

_VERDICT_TITLE = {
    "misleading": {"zh": "✖ 误导 / 高风险", "en": "✖ MISLEADING / high risk"},
    "caution": {"zh": "⚠ 需要谨慎", "en": "⚠ CAUTION"},
    "ok": {"zh": "未发现常见警示信号（仍请核实）", "en": "None of the usual warning signs (still check)"},
}
_HEADINGS = {
    "zh": {"evidence": "原文", "why": "为什么", "what_to_do": "怎么办", "cleared": "已排除（语境）"},
    "en": {"evidence": "Quote", "why": "Why", "what_to_do": "What to do", "cleared": "Not counted (context)"},
}
_REASONS = {
    "zh": {
        "negated": "否定说法",
        "warning": "安全提醒",
        "question": "提问",
        "qualified": "注明以审核为准",
        "hedged": "“最快”等限定",
        "annual_rate_shown": "已标年化利率",
        "no_fee_mentioned": "未提费用",
        "not_asserted": "整段是提醒、报道或提问，不是向您提出的条件",
    },
    "en": {
        "negated": "negated",
        "warning": "a safety warning",
        "question": "a question",
        "qualified": "subject to approval",
        "hedged": "hedged ('as little as')",
        "annual_rate_shown": "annual rate shown",
        "no_fee_mentioned": "no fee mentioned",
        "not_asserted": "the text reads as a warning, report or question, not an offer to you",
    },
}


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "check-ad",
        help="check a loan ad or message for red flags",
        description="Check a loan ad or message for red flags (scams, illegal or misleading marketing).",
    )
    parser.add_argument("text", metavar="TEXT", help='the ad or message; "-" reads it from stdin')
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument(
        "--lang", choices=["zh", "en"], help="language of the explanations (default: detected)"
    )
    parser.add_argument("--no-record", action="store_true", help="do not store the (anonymised) check")
    parser.set_defaults(func=run)


# --------------------------------------------------------------------------- input


def _validated(text: str, source: str) -> str:
    if _SURROGATE.search(text):
        raise UsageError(f"{source} is not valid UTF-8 text")
    if "\x00" in text:
        raise UsageError(f"{source} contains NUL bytes; expected text")
    if _CONTROL.search(text):
        raise UsageError(f"{source} looks like binary data (control characters); expected text")
    if not text.strip():
        raise UsageError(f"nothing to check: {source} is empty")
    if len(text) > MAX_CHARS:
        raise UsageError(f"{source} is too long: {len(text)} characters (max {MAX_CHARS})")
    return text


def read_text(arg: str) -> str:
    """The text to check: the argument itself, or stdin for "-" (UTF-8, a BOM is ignored)."""
    if arg != "-":
        return _validated(arg, "TEXT")
    stream = getattr(sys.stdin, "buffer", None)
    if stream is None:  # a text stream without bytes underneath (tests, some embedders)
        return _validated(sys.stdin.read(), "stdin")
    data = stream.read(MAX_CHARS * 4 + 1)
    if b"\x00" in data:
        raise UsageError("stdin contains NUL bytes; expected text")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise UsageError("stdin is not valid UTF-8 text") from None
    return _validated(text, "stdin")


# --------------------------------------------------------------------------- output


def _width(ch: str) -> int:
    return 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1


def wrap(text: str, width: int = LINE_WIDTH, indent: str = "") -> List[str]:
    """Wrap mixed Chinese/English text to ``width`` display columns; English words stay whole."""
    lines: List[str] = []
    line, used = indent, len(indent)
    for piece in re.findall(r"[^\s\u2e80-\u9fff\uff00-\uffef\u3000-\u303f]+\s*|\s+|.", text):
        size = sum(_width(ch) for ch in piece.rstrip())
        if used + size > width and line.strip() and not re.match(r"^[，。、；：！？）》」』”,.;:!?)]", piece):
            lines.append(line.rstrip())
            line, used = indent, len(indent)
            piece = piece.lstrip()
        line += piece
        used += sum(_width(ch) for ch in piece)
    if line.strip():
        lines.append(line.rstrip())
    return lines


def render(result) -> str:
    """The readable summary of a :class:`loancoach.redflags.CheckResult`, for a phone screen."""
    lang = "en" if result.language == "en" else "zh"
    head = _HEADINGS[lang]
    colon = ": " if lang == "en" else "："
    out = [_VERDICT_TITLE[result.verdict][lang]]
    out += wrap(result.summary)
    for number, flag in enumerate(result.flags, 1):
        out.append("")
        out += wrap(f"{number}. {flag.label}")
        quote = f"“{flag.evidence}”" if lang == "zh" else f'"{flag.evidence}"'
        out += wrap(f"{head['evidence']}{colon}{quote}", indent="   ")
        out += wrap(f"{head['why']}{colon}{flag.why}", indent="   ")
        out += wrap(f"{head['what_to_do']}{colon}{flag.what_to_do}", indent="   ")
    if result.cleared:
        out.append("")
        out += wrap(head["cleared"] + colon)
        for item in result.cleared:
            reason = _REASONS[lang].get(item.reason, item.reason)
            quote = f"“{item.evidence}”" if lang == "zh" else f'"{item.evidence}"'
            out += wrap(f"- {quote} ({reason})", indent="  ")
    return "\n".join(out)


# --------------------------------------------------------------------------- command


def run(args) -> int:
    text = read_text(args.text)
    from loancoach.redflags import check

    result = check(text, language=args.lang)
    recorded = False
    if not args.no_record:
        from loancoach.records.store import record_ad_check

        try:
            record_ad_check(result.language, result.verdict, result.categories, source="cli")
            recorded = True
        except Exception as exc:  # storage trouble must not hide the verdict
            print(f"loancoach check-ad: warning: check not recorded ({type(exc).__name__})", file=sys.stderr)
    if args.json:
        payload = result.to_dict()
        payload["recorded"] = recorded
        print(json.dumps(payload, ensure_ascii=False))
    else:
        print(render(result))
    return 0
