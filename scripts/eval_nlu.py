"""The trained model on the NLU hold-outs: macro F1, the weakest intents and the fallback rate.

Loads the model once and parses every hold-out example (faster than `rasa test nlu`, same figures:
scikit-learn's classification report over the predicted intent, `nlu_fallback` counting as a miss).
Writes results/nlu/<set>.json, with the sha256 of the model and of the set's files: when both are
unchanged (`make train` has just evaluated the new model, `make test-nlu` follows), the stored result is
read instead of parsing again. With --check, exits 1 when a set's macro F1 is below --min-f1 or an
intent is below --min-intent-f1.

Usage: python scripts/eval_nlu.py [--model models/loancoach.tar.gz] [--check] [SET ...]
SET is a folder of Rasa NLU files; default: tests/nlu_holdout and tests/nlu_holdout_own_words.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # the model's components (components/) load from the project folder
DEFAULT_SETS = [ROOT / "tests" / "nlu_holdout", ROOT / "tests" / "nlu_holdout_own_words"]


def examples(folder: Path) -> list[tuple[str, str]]:
    """(text, intent) pairs; an intent merged since the set was written is read as the one it joined."""
    import yaml

    from loancoach.names import current_intent

    out = []
    for path in sorted(folder.glob("*.yml")):
        data = yaml.safe_load(path.read_text("utf-8")) or {}
        if not isinstance(data, dict):
            continue
        for item in data.get("nlu") or []:
            for line in (item.get("examples") or "").splitlines():
                line = line.strip()
                if item.get("intent") and line.startswith("- "):
                    out.append((line[2:].strip(), current_intent(item["intent"])))
    return out


def digest(paths) -> str:
    import hashlib

    h = hashlib.sha256()
    for path in paths:
        with open(path, "rb") as f:
            for block in iter(lambda: f.read(1 << 20), b""):
                h.update(block)
    return h.hexdigest()


def stored(out: Path, model_sha: str, set_sha: str):
    """The stored result for this model and this set, if there is one."""
    try:
        result = json.loads(out.read_text("utf-8"))
    except (OSError, ValueError):
        return None
    return result if (result.get("model_sha256"), result.get("set_sha256")) == (model_sha, set_sha) else None


def predict(agent, texts: list[str], batch: int = 256) -> list[str]:
    """The intent Rasa's NLU graph gives each text, run on batches of messages.

    The graph Rasa runs for one message (``MessageProcessor._parse_message_with_graph``) takes a list of
    messages, and every component processes the list as a whole: one call per batch gives what a call per
    message gives (``--one-by-one`` parses them one by one through ``Agent.parse_message``, to compare)
    in a fraction of the time.
    """
    from rasa.core.channels.channel import UserMessage
    from rasa.engine.constants import PLACEHOLDER_MESSAGE, PLACEHOLDER_TRACKER
    from rasa.shared.core.trackers import DialogueStateTracker

    processor = agent.processor
    target = processor.model_metadata.nlu_target
    tracker = DialogueStateTracker.from_events("eval_nlu", [])
    names = []
    for start in range(0, len(texts), batch):
        messages = [UserMessage(text) for text in texts[start : start + batch]]
        inputs = {PLACEHOLDER_MESSAGE: messages, PLACEHOLDER_TRACKER: tracker}
        parsed = processor.graph_runner.run(inputs=inputs, targets=[target])[target]
        names += [(message.get("intent") or {}).get("name") for message in parsed]
    return names


def predict_one_by_one(agent, texts: list[str]) -> list[str]:
    async def parse():
        return [(await agent.parse_message(text))["intent"]["name"] for text in texts]

    return asyncio.run(parse())


def evaluate(agent, pairs, one_by_one: bool = False):
    from sklearn.metrics import classification_report

    texts = [text for text, _ in pairs]
    predicted = predict_one_by_one(agent, texts) if one_by_one else predict(agent, texts)
    truth = [intent for _, intent in pairs]
    report = classification_report(
        truth, predicted, labels=sorted(set(truth)), output_dict=True, zero_division=0
    )
    per_intent = {
        k: v for k, v in report.items() if k not in ("accuracy", "macro avg", "weighted avg", "micro avg")
    }
    return {
        "examples": len(pairs),
        "macro_f1": report["macro avg"]["f1-score"],
        "accuracy": sum(p == t for p, t in zip(predicted, truth, strict=True)) / len(pairs),
        "fallback_rate": predicted.count("nlu_fallback") / len(pairs),
        "per_intent": {k: round(v["f1-score"], 4) for k, v in per_intent.items()},
        "errors": [
            {"text": text, "intent": t, "predicted": p}
            for (text, t), p in zip(pairs, predicted, strict=True)
            if p != t
        ],
    }


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("sets", nargs="*", type=Path)
    parser.add_argument("--model", type=Path, default=ROOT / "models" / "loancoach.tar.gz")
    parser.add_argument("--check", action="store_true", help="exit 1 below the bars")
    parser.add_argument("--min-f1", type=float, default=0.93)
    parser.add_argument("--min-intent-f1", type=float, default=0.85)
    parser.add_argument("--one-by-one", action="store_true", help="parse each message on its own (slower)")
    args = parser.parse_args(argv)
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    import logging

    logging.disable(logging.WARNING)
    import structlog  # Rasa logs every parse at debug level through structlog

    structlog.configure(wrapper_class=structlog.make_filtering_bound_logger(logging.WARNING))
    out_dir = ROOT / "results" / "nlu"
    out_dir.mkdir(parents=True, exist_ok=True)
    model_sha = digest([args.model])
    agent = None
    failed = False
    for folder in args.sets or DEFAULT_SETS:
        pairs = examples(folder)
        if not pairs:
            print(f"{folder.name}: no examples")
            failed = True
            continue
        out = out_dir / f"{folder.name}.json"
        set_sha = digest(sorted(folder.glob("*.yml")))
        result = stored(out, model_sha, set_sha)
        if result is None:
            if agent is None:
                from rasa.core.agent import Agent

                agent = Agent.load(str(args.model))
            result = {
                **evaluate(agent, pairs, args.one_by_one),
                "model_sha256": model_sha,
                "set_sha256": set_sha,
            }
            out.write_text(json.dumps(result, ensure_ascii=False, indent=1), "utf-8")
        weak = sorted((f1, name) for name, f1 in result["per_intent"].items() if f1 < args.min_intent_f1)
        lowest = min((f1, name) for name, f1 in result["per_intent"].items())
        print(
            f"{folder.name}: macro F1 {result['macro_f1']:.3f} (bar {args.min_f1:.2f}), accuracy "
            f"{result['accuracy']:.3f}, fallback {100 * result['fallback_rate']:.1f}%, "
            f"{result['examples']} examples; lowest intent {lowest[1]} {lowest[0]:.2f}"
        )
        for f1, name in weak:
            print(f"  below {args.min_intent_f1:.2f}: {name} {f1:.2f}")
        if result["macro_f1"] < args.min_f1 or weak:
            failed = True
    if args.check and failed:
        print("FAIL: below the bar (see above)")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
