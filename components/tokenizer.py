"""A jieba tokenizer for Chinese, English and mixed text, with the finance dictionary in data/jieba.

Differences from Rasa's JiebaTokenizer: the text is normalised first (traditional → simplified with
OpenCC, full-width → ASCII; loancoach.text.normalize); no whitespace or punctuation tokens; the dictionary is one
file that is copied into the model (so a trained model does not depend on the source tree); and
jieba's state is per dictionary rather than global.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any, Dict, List, Optional

from rasa.engine.graph import ExecutionContext
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.tokenizers.tokenizer import Token, Tokenizer
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from loancoach.text.inputs import text_to_read
from loancoach.text.normalize import normalize
from loancoach.text.segment import segment

_DICT_FILE = "finance_dict.txt"


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.MESSAGE_TOKENIZER, is_trainable=True)
class MixedTextTokenizer(Tokenizer):
    @staticmethod
    def get_default_config() -> Dict[str, Any]:
        return {
            "dictionary_path": "data/jieba/finance_dict.txt",
            "intent_tokenization_flag": False,
            "intent_split_symbol": "_",
            "token_pattern": None,
            "prefix_separator_symbol": None,
        }

    @staticmethod
    def supported_languages() -> Optional[List[str]]:
        return None

    @staticmethod
    def required_packages() -> List[str]:
        return ["jieba"]

    def __init__(
        self,
        config: Dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        dictionary: Optional[Path],
    ) -> None:
        super().__init__(config)
        self._model_storage = model_storage
        self._resource = resource
        self._dictionary = dictionary

    @classmethod
    def create(
        cls,
        config: Dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> MixedTextTokenizer:
        path = config.get("dictionary_path")
        return cls(config, model_storage, resource, Path(path).resolve() if path else None)

    @classmethod
    def load(
        cls,
        config: Dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
        **kwargs: Any,
    ) -> MixedTextTokenizer:
        dictionary = None
        try:
            with model_storage.read_from(resource) as directory:
                stored = Path(directory) / _DICT_FILE
                if stored.exists():
                    # The model storage directory is temporary: keep a copy jieba can read later.
                    cache = Path(execution_context.model_id or "model")
                    dictionary = _cached_copy(stored, cache.name)
        except ValueError:
            dictionary = None
        return cls(config, model_storage, resource, dictionary)

    def train(self, training_data: TrainingData) -> Resource:
        if self._dictionary is not None:
            with self._model_storage.write_to(self._resource) as directory:
                shutil.copy2(self._dictionary, Path(directory) / _DICT_FILE)
        return self._resource

    def tokenize(self, message: Message, attribute: str) -> List[Token]:
        text = message.get(attribute) or ""
        if attribute == TEXT:
            text = text_to_read(text)  # bounded cost for over-long messages (answered "too long")
            # Traditional characters and full-width forms read like simplified / ASCII ones; the
            # normalised text has the same length, so token offsets still point into the message.
            text = normalize(text)
        tokens = [Token(w.text, w.start, w.end) for w in segment(text, self._dictionary)]
        if not tokens:
            # Emoji or punctuation only: one token for the whole text, so that every featurizer
            # gives this message a (zero) row and the classifier can run; InputGuard then answers it.
            tokens = [Token(text, 0, len(text))]
        return self._apply_token_pattern(tokens)


def _cached_copy(source: Path, model_id: str) -> Path:
    import tempfile

    target_dir = Path(tempfile.gettempdir()) / "loancoach-jieba" / model_id
    target_dir.mkdir(parents=True, exist_ok=True)
    target = target_dir / _DICT_FILE
    shutil.copy2(source, target)
    return target
