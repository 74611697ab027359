"""The chat's deletion flow ("删除我的聊天记录" / "delete my data", PIPL Art. 47).

The user asks, ``utter_confirm_data_deletion`` says what will be deleted and asks to confirm (rules in
data/rules_privacy.yml); on "yes" this action deletes every record of ours that belongs to the
conversation (handoffs, calculations, feedback, ad checks) and says so. The conversation itself is
deleted by the tracker store when it saves this turn (components/masking_tracker_store.py deletes all
events of a sender whose turn ran this action instead of writing them), so the conversation ends here
and the next message starts a new one.
"""

from __future__ import annotations

import logging
from typing import Any, Dict, List

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.common import safe_run
from loancoach.names import ACTION_DELETE_CONVERSATION
from loancoach.records.retention import forget

logger = logging.getLogger(__name__)


class ActionDeleteConversation(Action):
    def name(self) -> str:
        return ACTION_DELETE_CONVERSATION

    @safe_run
    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[str, Any]
    ) -> List[Dict[str, Any]]:
        result = forget(tracker.sender_id, include_tracker=False, kind="chat")
        logger.info("Chat deletion: %d records of ours deleted.", result.record_rows)
        dispatcher.utter_message(response="utter_data_deleted")
        return []
