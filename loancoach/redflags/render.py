"""A red-flag check as a borrower reads it in a chat: verdict, the flags with why and what to do."""

from __future__ import annotations

from typing import Optional

from loancoach.redflags.advice import quoted_note
from loancoach.redflags.detector import quoted_phrase
from loancoach.redflags.result import CheckResult
from loancoach.text.privacy import redact

MAX_FLAGS_SHOWN = 3


def render_check(result: CheckResult) -> str:
    """The summary, then up to three flags (most serious first), each with why and what to do."""
    en = result.language == "en"
    lines = [result.summary]
    flags = sorted(result.flags, key=lambda f: (f.severity != "high", f.start))
    for i, flag in enumerate(flags[:MAX_FLAGS_SHOWN], 1):
        quote = f'"{flag.evidence}"' if en else f"“{flag.evidence}”"
        lines.append(
            f"{i}. {quote} — {flag.label}: {flag.why}" if en else f"{i}. {quote}（{flag.label}）：{flag.why}"
        )
        lines.append(f"   → {flag.what_to_do}")
    if len(flags) > MAX_FLAGS_SHOWN:
        more = len(flags) - MAX_FLAGS_SHOWN
        lines.append(f"…and {more} more red flag(s)." if en else f"……另有{more}个危险信号。")
    # A scam phrase the text quotes but does not assert (a warning, a report, a question): say it was
    # seen and why it did not count (an ok verdict says so in its summary; a caution verdict here).
    quoted = quoted_phrase(result.cleared)
    if quoted is not None and result.verdict == "caution":
        lines.append(quoted_note(quoted, result.language))
    return "\n".join(lines)


def one_line_warning(result: CheckResult) -> Optional[str]:
    """A single line for a message that is not an ad check but contains a red flag.

    Only a high-severity flag raised by the rules (a matched phrase, which explains itself) warns
    here: in a calculator or knowledge turn a false alarm from the learned model ("笔最低还款" read as a
    fee) would interrupt a borrower for nothing. The full check (rules and model) runs on ad checks and
    stories. The quoted words are masked: the warning must not repeat an ID or phone number.
    """
    if result.verdict != "misleading":
        return None
    flag = next((f for f in result.flags if f.severity == "high" and f.source == "rules"), None)
    if flag is None:
        return None
    evidence = redact(flag.evidence)
    if result.language == "en":
        return (
            f'⚠ Careful: "{evidence}" is a common scam sign ({flag.label}). '
            "Don't pay or share codes; send me the full message and I'll check it."
        )
    return f"⚠ 注意：“{evidence}”是常见的诈骗信号（{flag.label}）。先别付款、别给验证码；把原话发给我可以帮您详细检查。"
