"""The hold-outs are frozen and unseen.

- Frozen: each hold-out file's sha256 is pinned here, so any later edit is visible in review (a
  changed hash must come with a reason in the commit message; the hold-outs are never tuned on).
- Unseen: no hold-out example is a near-duplicate of a training example (character 4-gram Jaccard
  >= 0.8 after normalisation), and no hold-out text appears in code, patterns or unit tests.
"""

from __future__ import annotations

import hashlib
import json
import math
import re

import pytest
import yaml
from conftest import PROJECT_ROOT

from loancoach.text.normalize import normalize

FROZEN = {
    "tests/redflags/blind_holdout.jsonl": "e9e6bc3041aaa06f7bd77c359973634589240a394f8e2d3438972949cd66d5ac",
    "tests/nlu_holdout_own_words/own_words_zh.yml": "cdcf2eb77132794b2e0b33caa17a4ff5807144717a1730df8ffed236745831e2",
    "tests/nlu_holdout_own_words/own_words_en.yml": "92b6a066e19d06fb87622f8f62db2e9557a95e8de400ea8ef87247df07fc606f",
    "tests/nlu_holdout_own_words/followups.yml": "536864345eb48e81661cda9d47d45e83518277040f39dbfbed042328365f9637",
    "tests/nlu_holdout_payment/messages.yml": "66dab7c756dc8e1d0bb728ffded83aa4fc7049265916e571a112203a9654f928",
}
JACCARD_MAX = 0.8


def nlu_examples(paths):
    out = []
    for path in paths:
        data = yaml.safe_load(path.read_text("utf-8")) or {}
        if not isinstance(data, dict):
            continue
        for item in data.get("nlu") or []:
            for line in (item.get("examples") or "").splitlines():
                if line.strip().startswith("- "):
                    out.append(line.strip()[2:].strip())
    return out


def grams(text: str) -> frozenset:
    t = re.sub(r"\s+", " ", normalize(text).lower()).strip()
    return frozenset(t[i : i + 4] for i in range(max(1, len(t) - 3)))


def near_duplicates(held, training, threshold=None):
    """Hold-out texts whose 4-gram Jaccard with some training text is >= JACCARD_MAX.

    Exact, with prefix filtering: a pair at Jaccard >= t shares at least t * |A| of A's grams, so it shares
    one of any |A| - ceil(t * |A|) + 1 of them - only the postings of A's rarest grams are read, and each
    candidate is then measured in full.
    """
    threshold = JACCARD_MAX if threshold is None else threshold
    index: dict[str, list[int]] = {}
    train_grams = [grams(t) for t in training]
    for i, g in enumerate(train_grams):
        for gram in g:
            index.setdefault(gram, []).append(i)
    found = []
    for text in held:
        g = grams(text)
        prefix = len(g) - math.ceil(threshold * len(g) - 1e-9) + 1
        rarest = sorted(g, key=lambda gram: len(index.get(gram, ())))[:prefix]
        candidates = {i for gram in rarest for i in index.get(gram, ())}
        for i in sorted(candidates):
            union = len(g | train_grams[i])
            if union and len(g & train_grams[i]) / union >= threshold:
                found.append((text, training[i]))
                break
    return found


def near_duplicates_by_brute_force(held, training, threshold):
    """Every pair measured: what near_duplicates must find (test below)."""
    train_grams = [grams(t) for t in training]
    found = []
    for text in held:
        g = grams(text)
        for i, t in enumerate(train_grams):
            if len(g | t) and len(g & t) / len(g | t) >= threshold:
                found.append((text, training[i]))
                break
    return found


def test_the_fast_near_duplicate_search_finds_what_comparing_every_pair_finds():
    dev = nlu_examples(sorted((PROJECT_ROOT / "tests").glob("nlu_dev_*/*.yml")))[::15]
    training = TRAINING[::5]
    for threshold in (0.3, 0.5, 0.8):
        fast = near_duplicates(dev, training, threshold)
        assert fast == near_duplicates_by_brute_force(dev, training, threshold)
    assert len(near_duplicates(dev, training, 0.3)) > 10  # the comparison compared something


NLU_HOLDOUTS = sorted((PROJECT_ROOT / "tests").glob("nlu_holdout*/*.yml"))
TRAINING = nlu_examples(sorted((PROJECT_ROOT / "data" / "nlu").glob("*.yml")))


@pytest.mark.parametrize("path,digest", sorted(FROZEN.items()))
def test_hold_outs_are_frozen(path, digest):
    assert hashlib.sha256((PROJECT_ROOT / path).read_bytes()).hexdigest() == digest, f"{path} changed"


def test_no_nlu_hold_out_example_is_a_near_duplicate_of_training_data():
    held = [t for t in nlu_examples(p for p in NLU_HOLDOUTS if p.name != "followups.yml") if len(t) >= 6]
    found = near_duplicates(held, TRAINING)
    assert not found, f"{len(found)} near-duplicates, e.g. {found[:3]}"


def test_no_red_flag_hold_out_text_is_a_near_duplicate_of_the_training_corpus():
    held = [
        json.loads(line)["text"]
        for line in (PROJECT_ROOT / "tests/redflags/blind_holdout.jsonl").read_text("utf-8").splitlines()
        if line.strip()
    ]
    corpus = []
    for path in sorted((PROJECT_ROOT / "data" / "redflags").glob("*.jsonl")) + [
        PROJECT_ROOT / "tests/redflags/dev.jsonl"
    ]:
        if path.exists():
            corpus += [
                json.loads(line)["text"] for line in path.read_text("utf-8").splitlines() if line.strip()
            ]
    found = near_duplicates(held, corpus)
    assert not found, f"{len(found)} near-duplicates, e.g. {found[:3]}"


def long_enough(text: str) -> bool:
    """Long enough that a match is a copy, not a coincidence (as the shared hold-out leak hook counts)."""
    return len(text) >= (8 if re.search(r"[\u4e00-\u9fff]", text) else 16)


def test_no_hold_out_text_appears_in_code_or_unit_tests():
    held = set()
    for path in NLU_HOLDOUTS:
        held |= {t for t in nlu_examples([path]) if long_enough(t)}
    for line in (PROJECT_ROOT / "tests/redflags/blind_holdout.jsonl").read_text("utf-8").splitlines():
        if line.strip():
            held.add(json.loads(line)["text"])
    places = [
        p
        for folder in ("loancoach", "actions", "components", "channels", "tests", "data", "scripts")
        for p in (PROJECT_ROOT / folder).rglob("*")
        if p.suffix in (".py", ".yml", ".jsonl", ".md")
        and "holdout" not in str(p.relative_to(PROJECT_ROOT)).lower()
        and p.name not in ("BLIND_HOLDOUT.md",)
    ] + [PROJECT_ROOT / "domain.yml", PROJECT_ROOT / "README.md"]
    hits = []
    for path in places:
        body = path.read_text("utf-8", errors="ignore")
        hits += [f"{path.relative_to(PROJECT_ROOT)}: {t[:40]}" for t in held if t in body]
    assert not hits, hits[:10]
