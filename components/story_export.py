"""Conversation-test stories written by Rasa's own ``YAMLStoryWriter`` (``is_test_story=True``), so an
exported conversation loads exactly as ``rasa test`` expects. Used lazily by ``loancoach export-story``
(the engine imports no Rasa; this adapter does).

The events are the stored ones (texts already masked by loancoach.records.tracker_db); the language
entity our ``LanguageDetector`` adds to every message is left out (it is not a trained entity), and the
inline offsets of button-payload entities are dropped so the payload is written as it was clicked.
"""

from __future__ import annotations

from pathlib import Path
from typing import Iterable, Optional

LANGUAGE_EXTRACTOR = "LanguageDetector"
SKIPPED_ACTIONS = {"action_listen", "action_session_start", "action_extract_slots", "action_unlikely_intent"}


def _clean_user(data: dict) -> dict:
    parse = dict(data.get("parse_data") or {})
    text = data.get("text") or ""
    entities = [e for e in parse.get("entities") or [] if e.get("extractor") != LANGUAGE_EXTRACTOR]
    if text.startswith("/"):
        entities = [{k: v for k, v in e.items() if k not in ("start", "end")} for e in entities]
    parse["entities"] = entities
    return {**data, "parse_data": parse}


def story_yaml(events: Iterable[dict], name: str, domain_file: Optional[Path] = None) -> str:
    """One test story of the conversation's ``events`` (dicts as stored by Rasa's SQL tracker store)."""
    from rasa.shared.core.domain import Domain
    from rasa.shared.core.events import Event
    from rasa.shared.core.trackers import DialogueStateTracker
    from rasa.shared.core.training_data.story_writer.yaml_story_writer import YAMLStoryWriter

    domain = Domain.load(str(domain_file or Path("domain.yml")))
    rasa_events = []
    for data in events:
        kind = data.get("event")
        if kind == "user":
            data = _clean_user(data)
        elif kind == "action" and data.get("name") in SKIPPED_ACTIONS - {"action_listen"}:
            continue
        event = Event.from_parameters(data)
        if event is not None:
            rasa_events.append(event)
    tracker = DialogueStateTracker.from_events(name, rasa_events, domain.slots)
    story = tracker.as_story()
    return YAMLStoryWriter().dumps(story.story_steps, is_test_story=True)
