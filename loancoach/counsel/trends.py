"""Weekly trends: this period against the one before it (same length), and the taught-messages check.

:func:`compare` puts the figures of two periods side by side (fallback rate, handoffs and time to close,
top unanswered groups, red flags, verdicts); :func:`markdown` renders them and the check of messages
taught since the last report (whether the current model now reads them as the intent they were given).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import List, Optional, Sequence

from loancoach.counsel.reporting import StoreFigures, TrackerFigures, UnansweredGroup

PIPE = "\\|"


@dataclass
class Trend:
    figure: str
    before: str
    now: str
    change: str


def _rate(figures: TrackerFigures) -> Optional[float]:
    return figures.fallback_rate


def _pct(value: Optional[float]) -> str:
    return "–" if value is None else f"{100 * value:.1f}%"


def _delta(before, now, percent: bool = False) -> str:
    if before is None or now is None:
        return "–"
    diff = now - before
    if percent:
        return f"{100 * diff:+.1f} pts"
    return f"{diff:+g}"


def _hours(value: Optional[float]) -> str:
    return "–" if value is None else f"{value:.1f} h"


def compare(
    now: TrackerFigures,
    before: TrackerFigures,
    store_now: StoreFigures,
    store_before: StoreFigures,
) -> List[Trend]:
    rows = [
        Trend(
            "Conversations",
            str(before.conversations),
            str(now.conversations),
            _delta(before.conversations, now.conversations),
        ),
        Trend(
            "Fallback rate (typed messages)",
            _pct(_rate(before)),
            _pct(_rate(now)),
            _delta(_rate(before), _rate(now), percent=True),
        ),
        Trend(
            "Handoffs",
            str(len(store_before.handoffs)),
            str(len(store_now.handoffs)),
            _delta(len(store_before.handoffs), len(store_now.handoffs)),
        ),
        Trend(
            "Median time to close a handoff",
            _hours(store_before.median_hours_to_close),
            _hours(store_now.median_hours_to_close),
            "–"
            if None in (store_before.median_hours_to_close, store_now.median_hours_to_close)
            else f"{store_now.median_hours_to_close - store_before.median_hours_to_close:+.1f} h",
        ),
        Trend(
            "Ad checks with a red flag",
            str(store_before.flagged_checks),
            str(store_now.flagged_checks),
            _delta(store_before.flagged_checks, store_now.flagged_checks),
        ),
    ]
    for verdict in sorted(set(store_before.verdicts) | set(store_now.verdicts)):
        rows.append(
            Trend(
                f"Calculations: {verdict}",
                str(store_before.verdicts[verdict]),
                str(store_now.verdicts[verdict]),
                _delta(store_before.verdicts[verdict], store_now.verdicts[verdict]),
            )
        )
    for category in sorted(set(store_before.red_flags) | set(store_now.red_flags)):
        rows.append(
            Trend(
                f"Red flag: {category}",
                str(store_before.red_flags[category]),
                str(store_now.red_flags[category]),
                _delta(store_before.red_flags[category], store_now.red_flags[category]),
            )
        )
    return rows


def markdown(
    trends: Sequence[Trend],
    unanswered_now: Sequence[UnansweredGroup],
    unanswered_before: Sequence[UnansweredGroup],
    taught: Optional[Sequence[dict]],
    taught_note: str = "",
    top: int = 5,
) -> List[str]:
    lines = [
        "## This period against the one before",
        "",
        "| figure | before | now | change |",
        "|---|---|---|---|",
    ]
    lines += [f"| {t.figure} | {t.before} | {t.now} | {t.change} |" for t in trends]
    before = {g.group.leader: g.group.size for g in unanswered_before}
    lines += ["", "Top unanswered groups now (messages now / in the period before):", ""]
    if not unanswered_now:
        lines.append("_None in this period._")
    for group in unanswered_now[:top]:
        lines.append(f"- “{group.group.leader}” — {group.group.size} / {before.get(group.group.leader, 0)}")
    return lines + [""] + taught_markdown(taught, taught_note)


def taught_markdown(taught: Optional[Sequence[dict]], taught_note: str = "") -> List[str]:
    lines = ["## Taught since the last report", ""]
    if taught is None:
        lines.append(f"_Not checked: {taught_note}_")
    elif not taught:
        lines.append("_No message was taught since the last report (loancoach teach)._")
    else:
        understood = sum(1 for t in taught if t["understood"])
        lines.append(
            f"The current model reads {understood} of {len(taught)} taught message(s) as the intent they "
            "were given." + (f" {taught_note}" if taught_note else "")
        )
        lines += ["", "| message | taught as | model reads | confidence | where |", "|---|---|---|---|---|"]
        for t in taught:
            mark = "✓" if t["understood"] else "✗"
            text = t["text"].replace("|", PIPE)
            lines.append(
                f"| {text} | `{t['intent']}` | {mark} `{t['predicted']}` | "
                f"{t['confidence']:.2f} | {t['target']} |"
            )
    return lines
