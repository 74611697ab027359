"""Sets the ``language`` entity (zh/en) when a user message changes the language; the slot maps from it.

Rasa passes the conversation's tracker to ``process``: a message in the language the conversation
already speaks gets no entity, so no ``SlotSet`` is stored for it (one event fewer per message). The
language read is always kept as the ``message_language`` property of the parse data (stored with the user event).

When a message carries no language signal (emoji, digits, "OK"), no entity is set and the slot
keeps the conversation's language, unless the client sent a page language as message metadata
(``{"language": "zh"}``, as the web widget does): then that language is used. The user's own words
always win over the metadata.
"""

from __future__ import annotations

from typing import Any, Dict, List, Optional

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.extractors.extractor import EntityExtractorMixin
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.shared.nlu.constants import ENTITIES, METADATA, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from loancoach.names import MESSAGE_LANGUAGE
from loancoach.text.inputs import text_to_read
from loancoach.text.language import detect_language

ENTITY = "language"
SUPPORTED = ("zh", "en")


def metadata_language(metadata: Any) -> Optional[str]:
    """The page language a client sent as message metadata ("zh", "en", "zh-CN", ...), if any."""
    value = metadata.get(ENTITY) if isinstance(metadata, dict) else None
    if not isinstance(value, str):
        return None
    value = value.strip().lower()[:2]
    return value if value in SUPPORTED else None


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR, is_trainable=False)
class LanguageDetector(GraphComponent, EntityExtractorMixin):
    @classmethod
    def create(
        cls,
        config: Dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> LanguageDetector:
        return cls()

    @staticmethod
    def supported_languages() -> Optional[List[str]]:
        return None

    @staticmethod
    def required_packages() -> List[str]:
        return ["lingua"]

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        return training_data

    def process(
        self, messages: List[Message], tracker: Optional[DialogueStateTracker] = None
    ) -> List[Message]:
        current = tracker.get_slot(ENTITY) if tracker is not None else None
        for message in messages:
            text = message.get(TEXT) or ""
            language = detect_language(text_to_read(text)) or metadata_language(message.get(METADATA))
            if language is None:
                continue
            # Every message keeps the language it was read in (parse data, stored with the event) for
            # counselors' filters and transcripts; the slot-filling entity only when it changes.
            message.set(MESSAGE_LANGUAGE, language, add_to_output=True)
            if language == current:
                continue
            entity = {
                "entity": ENTITY,
                "value": language,
                "start": 0,
                "end": len(text),
                "confidence": 1.0,
            }
            message.set(
                ENTITIES,
                message.get(ENTITIES, []) + [self.add_extractor_name([entity])[0]],
                add_to_output=True,
            )
        return messages
