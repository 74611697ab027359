"""Group similar messages (e.g. the ones the assistant could not answer) so counselors can add training data.

TF-IDF over character 2- and 3-grams (works for Chinese, English and mixed text without segmentation), then
greedy grouping (masks left out of the comparison): messages are taken most frequent first and each joins the most similar group
leader at or above ``threshold`` cosine similarity, else starts a group. Texts are redacted first.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from typing import List, Sequence

from loancoach.text.privacy import CARD_MASK, EMAIL_MASK, ID_MASK, PHONE_MASK, redact

DEFAULT_THRESHOLD = 0.5
_SPACES = re.compile(r"\s+")
# The placeholders say nothing about what was asked: left out of the comparison, kept in the text.
_MASKS = re.compile("|".join(re.escape(m) for m in (CARD_MASK, EMAIL_MASK, ID_MASK, PHONE_MASK)))


@dataclass
class MessageGroup:
    leader: str  # the group's most frequent text
    messages: List[str]  # every message in the group (redacted, duplicates kept)

    @property
    def size(self) -> int:
        return len(self.messages)

    @property
    def distinct(self) -> List[str]:
        """The group's texts without repeats, most frequent first."""
        return [text for text, _ in Counter(self.messages).most_common()]


def normalise(text: str) -> str:
    return _SPACES.sub(" ", redact(text or "")).strip()


def group_similar(texts: Sequence[str], threshold: float = DEFAULT_THRESHOLD) -> List[MessageGroup]:
    """Groups of similar texts, largest first (ties: first seen). Empty texts are dropped."""
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.metrics.pairwise import cosine_similarity

    cleaned = [normalise(t) for t in texts]
    cleaned = [t for t in cleaned if t]
    if not cleaned:
        return []
    counts = Counter(cleaned)
    unique = [text for text, _ in counts.most_common()]  # stable: ties keep first-seen order
    vectorizer = TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 3), sublinear_tf=True)
    try:
        similarity = cosine_similarity(vectorizer.fit_transform([_MASKS.sub(" ", t) for t in unique]))
    except ValueError:  # nothing but placeholders and punctuation: nothing to compare
        return [MessageGroup(leader=t, messages=[t] * counts[t]) for t in unique]
    leaders: List[int] = []
    groups: List[MessageGroup] = []
    for index, text in enumerate(unique):
        best = max(range(len(leaders)), key=lambda g: similarity[index, leaders[g]], default=None)
        if best is not None and similarity[index, leaders[best]] >= threshold:
            groups[best].messages += [text] * counts[text]
        else:
            leaders.append(index)
            groups.append(MessageGroup(leader=text, messages=[text] * counts[text]))
    return sorted(groups, key=lambda g: -g.size)
