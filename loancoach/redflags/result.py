"""The outcome of one red-flag check: a verdict, the flags behind it and a short summary."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Dict, List, Tuple


@dataclass(frozen=True)
class Flag:
    """One red flag: its category, the exact words that raised it and what it means."""

    category: str
    severity: str  # high | low
    label: str  # short category name in the result's language
    evidence: str  # the text exactly as written, text[start:end]
    start: int
    end: int
    why: str  # the fact behind the flag and its source, in the result's language
    what_to_do: str
    source: str = "rules"  # rules (a matched phrase) | model (the n-grams that weighed most)

    def to_dict(self) -> Dict[str, Any]:
        return {
            "category": self.category,
            "severity": self.severity,
            "label": self.label,
            "evidence": self.evidence,
            "start": self.start,
            "end": self.end,
            "why": self.why,
            "what_to_do": self.what_to_do,
            "source": self.source,
        }


@dataclass(frozen=True)
class Cleared:
    """A red-flag phrase that was found but does not count in its context, and why.

    ``reason``: negated · warning (a safety notice) · question (a borrower's own question) ·
    qualified / hedged (speed claim subject to approval) · annual_rate_shown · no_fee_mentioned ·
    not_asserted (the text as a whole quotes rather than asserts it: the learned model's offer column).
    """

    category: str
    evidence: str
    start: int
    end: int
    reason: str

    def to_dict(self) -> Dict[str, Any]:
        return {
            "category": self.category,
            "evidence": self.evidence,
            "start": self.start,
            "end": self.end,
            "reason": self.reason,
        }


@dataclass(frozen=True)
class CheckResult:
    """``verdict`` is ``misleading``, ``caution`` or ``ok`` (rule in :mod:`loancoach.redflags.detector`)."""

    verdict: str
    flags: Tuple[Flag, ...]
    summary: str
    language: str
    cleared: Tuple[Cleared, ...] = field(default=())  # phrases found but not counted, with the reason

    @property
    def categories(self) -> List[str]:
        return [f.category for f in self.flags]

    def to_dict(self) -> Dict[str, Any]:
        return {
            "verdict": self.verdict,
            "language": self.language,
            "summary": self.summary,
            "categories": self.categories,
            "flags": [f.to_dict() for f in self.flags],
            "cleared": [c.to_dict() for c in self.cleared],
        }
