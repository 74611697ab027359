"""A red-flag check as a borrower reads it in a chat: verdict, the flags with why and what to do."""

from __future__ import annotations

from typing import Optional

from loancoach.redflags.result import CheckResult

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
    return "\n".join(lines)


def one_line_warning(result: CheckResult) -> Optional[str]:
    """A single line for a message that is not an ad check but contains a red flag."""
    if result.verdict != "misleading":
        return None
    flag = next(f for f in sorted(result.flags, key=lambda f: f.severity != "high"))
    if result.language == "en":
        return (
            f'⚠ Careful: "{flag.evidence}" is a common scam sign ({flag.label}). '
            "Don't pay or share codes; send me the full message and I'll check it."
        )
    return f"⚠ 注意：“{flag.evidence}”是常见的诈骗信号（{flag.label}）。先别付款、别给验证码；把原话发给我可以帮您详细检查。"
