"""The debunker's engine: checks a loan ad or message for red flags (scams, illegal or misleading
marketing) and explains each one from the domain facts sheet.

    >>> from loancoach.redflags import check
    >>> result = check("100%必过，放款前需缴纳保证金")
    >>> result.verdict, result.categories
    ('misleading', ['fee_before_disbursement', 'guaranteed_approval'])

Modules: :mod:`.categories` (names, severity), :mod:`.patterns` and :mod:`.cues` (what to match),
:mod:`.dsl` (the token-pattern notation), :mod:`.textnorm` (normalisation with offsets back to the
original, sentences), :mod:`.pipelines` (tokenisers and matchers, built once per language; no spaCy at run time),
:mod:`.entokens` (spaCy's English tokenizer algorithm on its dumped rules, :mod:`.en_rules`), :mod:`.model`
(the learned n-gram model, plain Python), :mod:`.detector` (rules ∪ model, context rules, verdict),
:mod:`.advice` (why / what to do, zh and en), :mod:`.result` (the result types).
"""

from loancoach.redflags.categories import CATEGORIES, CAUTION, MISLEADING, OK, VERDICTS
from loancoach.redflags.detector import check, verdict_for
from loancoach.redflags.pipelines import load
from loancoach.redflags.result import CheckResult, Cleared, Flag

__all__ = [
    "CATEGORIES",
    "CAUTION",
    "MISLEADING",
    "OK",
    "VERDICTS",
    "CheckResult",
    "Cleared",
    "Flag",
    "check",
    "load",
    "verdict_for",
]
