"""How often a borrower who gives the amount, the term and the payment (no rate) gets the real APR back.

A message counts when both hold: the model's intent leads to the APR (the calculator, figures, the ad check,
or a rate topic whose answer works out the user's figures: actions/knowledge.py RATE_TOPICS), and the
figures reader finds the amount, the term and the payment or total, with no rate of the loan's own
(loancoach.calculator.figures.loan_payment, stated_rate). Used by tests/test_payment_messages_model.py on
tests/nlu_dev_payment (tuned on) and tests/nlu_holdout_payment (frozen, never tuned on).

Usage: python scripts/eval_payments.py [--model models/loancoach.tar.gz] [SET ...]
"""

from __future__ import annotations

import argparse
import os
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))
DEFAULT_SETS = [ROOT / "tests" / "nlu_dev_payment", ROOT / "tests" / "nlu_holdout_payment"]


def leads_to_apr() -> set:
    """The calculator's intents and the topics whose answer works out the user's figures."""
    from actions.knowledge import RATE_TOPICS
    from loancoach import names

    # the ad check adds the computed line too ("说是免息，每期还430": actions/ad_check.py)
    calculator = {names.CALCULATE_LOAN, names.INFORM_FIGURES, names.CHECK_AD}
    return calculator | {names.KNOWLEDGE_INTENT_PREFIX + t for t in RATE_TOPICS}


def figures_read(text: str) -> bool:
    from loancoach.calculator import figures

    found = figures.extract_figures(text)
    kinds = {f.slot for f in found}
    payment = figures.loan_payment(text, found=found)
    return (
        {figures.AMOUNT, figures.TERM} <= kinds
        and payment is not None
        and figures.stated_rate(text, found) is None
    )


def score(agent, folder: Path) -> dict:
    from eval_nlu import examples, predict

    texts = [text for text, _ in examples(folder)]
    intents = predict(agent, texts)
    read = [figures_read(t) for t in texts]
    good = leads_to_apr()
    routed = [i in good for i in intents]
    return {
        "messages": len(texts),
        "intent": sum(routed),
        "figures": sum(read),
        "both": sum(r and f for r, f in zip(routed, read, strict=True)),
        "other_intents": dict(Counter(i for i, r in zip(intents, routed, strict=True) if not r)),
    }


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("sets", nargs="*", type=Path)
    parser.add_argument("--model", type=Path, default=ROOT / "models" / "loancoach.tar.gz")
    args = parser.parse_args(argv)
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    import logging

    logging.disable(logging.WARNING)
    import structlog

    structlog.configure(wrapper_class=structlog.make_filtering_bound_logger(logging.WARNING))
    from rasa.core.agent import Agent

    agent = Agent.load(str(args.model))
    for folder in args.sets or DEFAULT_SETS:
        s = score(agent, folder)
        n = s["messages"]
        print(
            f"{folder.name}: {s['both']}/{n} get the real APR ({s['both'] / n:.2f}); intent {s['intent']}/{n}, "
            f"figures {s['figures']}/{n}; other intents {s['other_intents']}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
