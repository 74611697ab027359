"""Rasa's RegexFeaturizer, with a row of zeros for a message that has no tokens.

Rasa's featurizer adds no features at all to a message without tokens (empty text, emoji or punctuation
only), while every other featurizer adds a row of zeros: the classifier then got one column fewer than it
was trained on and raised, so such a message crashed the NLU instead of reaching the input guard
(components/input_guard.py), which answers it. Everything else is Rasa's.
"""

from __future__ import annotations

from typing import Any, Optional, Tuple

import scipy.sparse
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.nlu.featurizers.sparse_featurizer.regex_featurizer import RegexFeaturizer
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.MESSAGE_FEATURIZER, is_trainable=True)
class LookupFeaturizer(RegexFeaturizer):
    def _features_for_patterns(self, message: Message, attribute: str) -> Tuple[Optional[Any], Optional[Any]]:
        sequence, sentence = super()._features_for_patterns(message, attribute)
        if sentence is None and attribute == TEXT and isinstance(message.get(TEXT), str):
            sentence = scipy.sparse.coo_matrix((1, len(self.known_patterns)))
        return sequence, sentence
