"""Character n-grams across Chinese word boundaries: Rasa's CountVectorsFeaturizer on glued text.

The tokenizer splits Chinese with jieba, and a misspelt term is often split where the right one is not
(征性 → 征/性, 逾其 → 逾/其), so n-grams that stop at word boundaries (``char_wb``) lose exactly the
evidence a typo leaves. This featurizer builds its sentence features from the tokens joined back
without spaces between two Chinese tokens (spaces stay next to Latin tokens), so its character
n-grams read the message as written. Like the other two CountVectorsFeaturizers of config.yml it makes
sentence features only (components/sentence_counts.py).

Measured on the two dev sets (README "Training speed"), never on a hold-out.
"""

from __future__ import annotations

import re
from typing import Dict, List

from rasa.engine.recipes.default_recipe import DefaultV1Recipe

from components.sentence_counts import SentenceCountVectorsFeaturizer

_CJK = re.compile(r"[\u3400-\u9fff]")


def glue(tokens: List[str]) -> str:
    """The tokens joined with a space, except between two Chinese characters."""
    out = ""
    for token in tokens:
        if out and not (_CJK.match(out[-1]) and _CJK.match(token[0])):
            out += " "
        out += token
    return out


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.MESSAGE_FEATURIZER, is_trainable=True)
class GluedCharFeaturizer(SentenceCountVectorsFeaturizer):
    """Sentence-only CountVectorsFeaturizer whose vocabulary and features come from glued text."""

    @staticmethod
    def _convert_attribute_tokens_to_texts(
        attribute_tokens: Dict[str, List[List[str]]],
    ) -> Dict[str, List[str]]:
        return {
            attribute: [glue(tokens) for tokens in lists] for attribute, lists in attribute_tokens.items()
        }

    @staticmethod
    def sentence_text(tokens: List[str]) -> str:
        return glue(tokens)
