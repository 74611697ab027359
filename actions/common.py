"""What every action needs: the user's language, their recent messages, and a safety net."""

from __future__ import annotations

import functools
import logging
from typing import Any, Awaitable, Callable, Dict, List, Optional

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from loancoach import names
from loancoach.text.language import EN, ZH
from loancoach.text.privacy import redact

logger = logging.getLogger(__name__)


def user_language(tracker: Tracker) -> str:
    return EN if tracker.get_slot(names.LANGUAGE_SLOT) == EN else ZH


def recent_user_messages(tracker: Tracker, limit: int = 3) -> List[str]:
    """The last ``limit`` user texts (oldest first), skipping button payloads."""
    texts = [
        e.get("text") or ""
        for e in tracker.events
        if e.get("event") == "user" and e.get("text") and not str(e.get("text")).startswith("/")
    ]
    return texts[-limit:]


def about(topic: Optional[str]) -> Dict[str, str]:
    """Keyword arguments for ``dispatcher.utter_message`` that mark the message as the answer on
    ``topic`` (read back by :func:`last_topic`); nothing if ``topic`` is None."""
    return {names.TOPIC_KEY: topic} if topic else {}


def last_topic(tracker: Tracker) -> Optional[str]:
    """The topic of the last answer in the conversation (see :func:`last_topic_in`)."""
    return last_topic_in(tracker.events)


def last_topic_in(events: List[Dict[str, Any]]) -> Optional[str]:
    """The topic of the last answer: the ``topic`` its bot message carries in its metadata (sent with
    ``dispatcher.utter_message(..., topic=...)``), or, for conversations stored before, the value of
    the last ``last_topic`` slot event. ``None`` if nothing was answered since the last restart."""
    for event in reversed(events):
        kind = event.get("event")
        if kind == "bot":
            topic = (event.get("metadata") or {}).get(names.TOPIC_KEY)
            if topic:
                return names.current_topic(topic)
        elif kind == "slot" and event.get("name") == names.LEGACY_TOPIC_SLOT_NAME:
            value = event.get("value")
            return names.current_topic(value) if isinstance(value, str) else value
        elif kind == "restart":
            return None
    return None


def warn_if_red_flags(dispatcher: CollectingDispatcher, tracker: Tracker) -> None:
    """A one-line warning when a message outside the ad check contains a scam sign."""
    from loancoach.redflags import check
    from loancoach.redflags.render import one_line_warning

    text = (tracker.latest_message or {}).get("text") or ""
    if not text or text.startswith("/"):
        return
    warning = one_line_warning(check(text, user_language(tracker)))
    if warning:
        dispatcher.utter_message(text=warning)


def only_changes(tracker: Tracker, events: List[Dict[str, Any]]) -> List[Dict[str, Any]]:
    """``events`` without the slot events that set a slot to the value it already has: they change
    nothing in the conversation, and each is one more row in the tracker store. Not for form validation
    actions: Rasa's form reads their slot events as "the answer was understood"."""
    return [
        e
        for e in events
        if not (e.get("event") == "slot" and tracker.get_slot(e.get("name")) == e.get("value"))
    ]


def safe_run(run: Callable[..., Awaitable[List[Dict[str, Any]]]]):
    """Wrap an action's ``run`` so an error becomes a short apology in the user's language.

    The error is logged (with the user's text redacted) and the conversation goes on.
    """

    @functools.wraps(run)
    async def wrapper(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain):
        try:
            return await run(self, dispatcher, tracker, domain)
        except Exception:  # noqa: BLE001 - the user must get an answer whatever failed
            text = (tracker.latest_message or {}).get("text") or ""
            logger.exception("action %s failed on message %r", self.name(), redact(text)[:200])
            dispatcher.utter_message(response="utter_action_error")
            return []

    return wrapper
