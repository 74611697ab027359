"""Rasa's CountVectorsFeaturizer making sentence features only.

Rasa's featurizer runs its vectoriser twice per message: once over each token on its own (sequence
features, read by DIET and CRF) and once over the whole text (sentence features). The logistic regression
here (components/classifier.py) reads only sentence features and no other component reads these sequence
features (the lookup featurizer makes its own), so the per-token pass is skipped; the sentence features,
and so the model, are the same as Rasa's. Measured: README "Training speed".
"""

from __future__ import annotations

from typing import List, Optional, Tuple

import scipy.sparse
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.nlu.constants import DENSE_FEATURIZABLE_ATTRIBUTES
from rasa.nlu.featurizers.sparse_featurizer.count_vectors_featurizer import CountVectorsFeaturizer


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.MESSAGE_FEATURIZER, is_trainable=True)
class SentenceCountVectorsFeaturizer(CountVectorsFeaturizer):
    """CountVectorsFeaturizer without sequence features."""

    @staticmethod
    def sentence_text(tokens: List[str]) -> str:
        """The text the vectoriser reads for a whole message (Rasa's: the tokens joined by spaces)."""
        return " ".join(tokens)

    def _create_features(
        self, attribute: str, all_tokens: List[List[str]]
    ) -> Tuple[List[Optional[scipy.sparse.spmatrix]], List[Optional[scipy.sparse.spmatrix]]]:
        vectorizer = self.vectorizers.get(attribute)
        if vectorizer is None:
            return [None], [None]
        sentence: List[Optional[scipy.sparse.spmatrix]] = []
        for tokens in all_tokens:
            if not tokens or attribute not in DENSE_FEATURIZABLE_ATTRIBUTES:
                sentence.append(None)
                continue
            vector = vectorizer.transform([self.sentence_text(tokens)])
            vector.sort_indices()
            sentence.append(vector.tocoo())
        return [None] * len(all_tokens), sentence
