"""Recognises input the assistant cannot read, so it can say so instead of guessing.

Runs after the intent classifiers. Two kinds of input are caught:

* unusable text (empty, no words at all, far too long): intent ``bad_input`` with an
  ``input_problem`` entity (``empty`` | ``no_words`` | ``too_long``); the reply says what was wrong
  and how to send it right, in the user's language;
* text in which not one word was ever seen in training ("asdkjh qwe"): DIET is over-confident on
  such input, so the intent becomes ``nlu_fallback`` and the two-stage fallback asks to rephrase.

A button payload naming an intent merged since the button was shown is renamed to the intent it joined
(``names.current_payload``), so that Rasa's RegexMessageHandler reads it.

The vocabulary is learnt from the training data and stored with the model.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Dict, List, Optional, Set

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.constants import TOKENS_NAMES
from rasa.shared.nlu.constants import ENTITIES, INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from loancoach import names
from loancoach.text.inputs import han_characters, input_problem, is_known_word

INTENT_NAME = "bad_input"
ENTITY = "input_problem"
_VOCAB_FILE = "vocabulary.json"


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=True)
class InputGuard(GraphComponent):
    @staticmethod
    def get_default_config() -> Dict[str, Any]:
        return {"max_chars": 2000}

    @staticmethod
    def supported_languages() -> Optional[List[str]]:
        return None

    def __init__(
        self,
        config: Dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        vocabulary: Optional[Set[str]] = None,
    ) -> None:
        self._max_chars = int(config.get("max_chars", 2000))
        self._model_storage = model_storage
        self._resource = resource
        self._vocabulary = vocabulary or set()
        self._han_chars = han_characters(self._vocabulary)

    @classmethod
    def create(
        cls,
        config: Dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> InputGuard:
        return cls(config, model_storage, resource)

    @classmethod
    def load(
        cls,
        config: Dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
        **kwargs: Any,
    ) -> InputGuard:
        vocabulary: Set[str] = set()
        try:
            with model_storage.read_from(resource) as directory:
                vocabulary = set(json.loads((Path(directory) / _VOCAB_FILE).read_text("utf-8")))
        except (ValueError, FileNotFoundError):
            pass
        return cls(config, model_storage, resource, vocabulary)

    def train(self, training_data: TrainingData) -> Resource:
        vocabulary: Set[str] = set()
        for example in training_data.intent_examples:
            for token in example.get(TOKENS_NAMES[TEXT]) or []:
                vocabulary.add(token.text.lower())
        self._vocabulary = vocabulary
        self._han_chars = han_characters(vocabulary)
        with self._model_storage.write_to(self._resource) as directory:
            (Path(directory) / _VOCAB_FILE).write_text(
                json.dumps(sorted(vocabulary), ensure_ascii=False), "utf-8"
            )
        return self._resource

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        return training_data

    def _all_words_unknown(self, message: Message) -> bool:
        if not self._vocabulary:
            return False
        words = [t.text for t in message.get(TOKENS_NAMES[TEXT]) or []]
        return bool(words) and not any(is_known_word(w, self._vocabulary, self._han_chars) for w in words)

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            text = message.get(TEXT)
            if text is not None and text.startswith("/"):
                # a button payload, already structured; one naming a merged intent is renamed here, before
                # Rasa's RegexMessageHandler (the last NLU step) reads it
                renamed = names.current_payload(text)
                if renamed != text:
                    message.set(TEXT, renamed)
                continue
            problem = input_problem(text, self._max_chars)
            if problem is not None:
                self._set_intent(message, INTENT_NAME)
                entity = {
                    "entity": ENTITY,
                    "value": problem,
                    "start": 0,
                    "end": len(text or ""),
                    "confidence": 1.0,
                    "extractor": type(self).__name__,
                }
                message.set(ENTITIES, (message.get(ENTITIES) or []) + [entity], add_to_output=True)
            elif self._all_words_unknown(message):
                self._set_intent(message, names.NLU_FALLBACK)
        return messages

    @staticmethod
    def _set_intent(message: Message, name: str) -> None:
        intent = {"name": name, "confidence": 1.0}
        ranking = [intent] + [r for r in (message.get(INTENT_RANKING_KEY) or []) if r.get("name") != name]
        message.set(INTENT, intent, add_to_output=True)
        message.set(INTENT_RANKING_KEY, ranking, add_to_output=True)
