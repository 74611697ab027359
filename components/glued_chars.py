"""Character n-grams across Chinese word boundaries: Rasa's CountVectorsFeaturizer on glued text.

The tokenizer splits Chinese with jieba, and a misspelt term is often split where the right one is not
(征性 → 征/性, 逾其 → 逾/其), so n-grams that stop at word boundaries (``char_wb``) lose exactly the
evidence a typo leaves. This featurizer builds its sentence features from the tokens joined back
without spaces between two Chinese tokens (spaces stay next to Latin tokens), so its character
n-grams read the message as written. It makes sentence features only: the logistic regression reads
nothing else, and running a character vectoriser once per token would double NLU training time.

Measured on the two dev sets (README "Training speed"), never on a hold-out.
"""

from __future__ import annotations

import re
from typing import Dict, List, Optional, Tuple

import scipy.sparse
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.nlu.constants import DENSE_FEATURIZABLE_ATTRIBUTES
from rasa.nlu.featurizers.sparse_featurizer.count_vectors_featurizer import CountVectorsFeaturizer

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
class GluedCharFeaturizer(CountVectorsFeaturizer):
    """CountVectorsFeaturizer whose vocabulary and sentence features come from glued text."""

    @staticmethod
    def _convert_attribute_tokens_to_texts(
        attribute_tokens: Dict[str, List[List[str]]],
    ) -> Dict[str, List[str]]:
        return {
            attribute: [glue(tokens) for tokens in lists] for attribute, lists in attribute_tokens.items()
        }

    def _create_features(
        self, attribute: str, all_tokens: List[List[str]]
    ) -> Tuple[List[Optional[scipy.sparse.spmatrix]], List[Optional[scipy.sparse.spmatrix]]]:
        """Sentence features from the glued text; no sequence features (the intent classifier reads
        only sentence features, and a character vectoriser run once per token is most of the cost)."""
        vectorizer = self.vectorizers.get(attribute)
        if vectorizer is None:
            return [None], [None]
        sentence: List[Optional[scipy.sparse.spmatrix]] = []
        for tokens in all_tokens:
            if not tokens or attribute not in DENSE_FEATURIZABLE_ATTRIBUTES:
                sentence.append(None)
                continue
            vector = vectorizer.transform([glue(tokens)])
            vector.sort_indices()
            sentence.append(vector.tocoo())
        return [None] * len(all_tokens), sentence
