"""Human handoff: record the request in our store and tell the user what happens next."""

from __future__ import annotations

import asyncio
import logging
from typing import Any, Dict, List

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.common import recent_user_messages, safe_run, user_language
from loancoach import names
from loancoach.notify import notify_handoff
from loancoach.records.store import record_handoff

logger = logging.getLogger(__name__)
_notifying: set = set()  # robot posts under way (kept so they are not garbage-collected)


class ActionRequestHandoff(Action):
    def name(self) -> str:
        return "action_request_handoff"

    @safe_run
    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[str, Any]
    ) -> List[Dict[str, Any]]:
        intents = [
            e.get("parse_data", {}).get("intent", {}).get("name")
            for e in tracker.events
            if e.get("event") == "user"
        ]
        reason = "fallback" if names.NLU_FALLBACK in intents[-3:-1] else "user_request"
        ticket = record_handoff(
            sender_id=tracker.sender_id,
            language=user_language(tracker),
            reason=reason,
            recent_messages=recent_user_messages(tracker, limit=5),
        )
        try:  # the counselors' group robot (off unless configured), in the background: a slow or broken
            # robot neither delays nor breaks the conversation (loancoach/notify.py logs its failures)
            channel = tracker.get_latest_input_channel() or ""
            task = asyncio.ensure_future(
                asyncio.to_thread(notify_handoff, ticket.reference, user_language(tracker), reason, channel)
            )
            _notifying.add(task)
            task.add_done_callback(_notifying.discard)
        except Exception as exc:  # noqa: BLE001
            logger.warning("handoff %s: counselors not notified: %s", ticket.reference, type(exc).__name__)
        dispatcher.utter_message(response="utter_handoff_recorded", reference=ticket.reference)
        return []
