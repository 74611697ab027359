"""When the action server cannot answer, the borrower gets a short apology in their language.

Rasa 3.6 sends nothing when a custom action fails: if the action server is down (connection
refused), answers 5xx or hangs (Rasa waits up to 5 minutes), it logs the error, drops the action's
events and the user's message goes unanswered. ``ActionServerGuard`` (listed in config.yml) makes
Rasa use ``GuardedRemoteAction`` instead when the model is loaded:

- a call that takes longer than ``ACTION_TIMEOUT_SECONDS`` (default 10 s) is given up. A server that
  is down refuses the connection and the apology comes at once; the limit is for one that hangs.
  It is not shorter because the time also counts the Rasa server's own queue: in a burst of 50
  users a healthy call can wait seconds for the event loop, and an apology then would be wrong;
- on any failure (no connection, an error status, no reply in time, a reply that is not valid) the
  user gets ``utter_service_unavailable`` (zh/en, domain.yml),
  once per message, and Rasa carries on exactly as before: the next message calls the action
  server again, so the conversation works as soon as it is back. The message and the slots filled
  so far stay in the tracker store.

A failed *validation* action (``validate_<form>``) is re-raised after the apology so the form
behaves as Rasa intends (its turn is dropped, the form stays active); there the apology is sent
straight to the channel, because the form discards the events of a failed turn.
"""

from __future__ import annotations

import asyncio
import functools
import logging
import os
from collections import OrderedDict
from typing import Any, Dict, List, Optional, Tuple

import rasa.core.actions.action as rasa_action
import rasa.core.actions.forms as rasa_forms
from jsonschema import ValidationError
from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.exceptions import RasaException
from rasa.shared.nlu.training_data.message import Message

logger = logging.getLogger(__name__)

RESPONSE = "utter_service_unavailable"
DEFAULT_TIMEOUT_SECONDS = 10.0
_ORIGINAL = rasa_action.RemoteAction


def action_timeout() -> float:
    """Seconds a custom action may take (env ACTION_TIMEOUT_SECONDS, default 10)."""
    try:
        value = float(os.environ.get("ACTION_TIMEOUT_SECONDS", DEFAULT_TIMEOUT_SECONDS))
    except ValueError:
        return DEFAULT_TIMEOUT_SECONDS
    return value if value > 0 else DEFAULT_TIMEOUT_SECONDS


class _ApologisedTurns:
    """Which user messages already got the apology (so a turn with several failed calls gets one)."""

    def __init__(self, size: int = 10_000) -> None:
        self._seen: OrderedDict[Tuple[str, str], None] = OrderedDict()
        self._size = size

    def first_time(self, sender_id: str, message_id: Optional[str]) -> bool:
        key = (sender_id, message_id or "")
        if key in self._seen:
            return False
        self._seen[key] = None
        if len(self._seen) > self._size:
            self._seen.popitem(last=False)
        return True


_apologised = _ApologisedTurns()


@functools.lru_cache(maxsize=1)
def _result_validator():  # noqa: ANN202
    """The JSON-schema validator of action server replies, built and checked once."""
    from jsonschema.validators import validator_for

    schema = _ORIGINAL.action_response_format_spec()
    cls = validator_for(schema)
    cls.check_schema(schema)
    return cls(schema)


class GuardedRemoteAction(_ORIGINAL):  # type: ignore[misc, valid-type]
    """Rasa's RemoteAction with a time limit and an apology instead of silence on failure.

    It also validates the action server's reply with a validator built once: Rasa calls
    ``jsonschema.validate``, which checks the schema itself again on every call (39 of the 42 ms a
    validation took, about a quarter of a message's time in the Rasa server; bench/bench_rest.py).
    """

    def _validate_action_result(self, result: Dict[str, Any]) -> bool:
        from jsonschema.exceptions import best_match

        error = best_match(_result_validator().iter_errors(result))
        if error is not None:
            error.message += (
                ". Failed to validate Action server response from API, make sure your "
                "response from the Action endpoint is valid."
            )
            raise error
        return True

    async def run(self, output_channel, nlg, tracker, domain) -> List[Any]:  # noqa: ANN001
        try:
            return await asyncio.wait_for(
                super().run(output_channel, nlg, tracker, domain), timeout=action_timeout()
            )
        except rasa_action.ActionExecutionRejection:
            raise  # the action itself declined (e.g. a form validation): not a failure
        except (RasaException, asyncio.TimeoutError, ValidationError) as error:
            reason = "timed out" if isinstance(error, asyncio.TimeoutError) else str(error)
            logger.error("Custom action '%s' failed (%s); the user gets %s.", self.name(), reason, RESPONSE)
            apology = await self._apology(output_channel, nlg, tracker)
            if self.name().startswith("validate_"):
                if apology is not None:
                    await output_channel.send_response(tracker.sender_id, apology)
                raise
            return [rasa_action.create_bot_utterance(apology)] if apology is not None else []

    async def _apology(self, output_channel, nlg, tracker) -> Optional[Dict[str, Any]]:  # noqa: ANN001
        message_id = tracker.latest_message.message_id if tracker.latest_message else None
        if not _apologised.first_time(tracker.sender_id, message_id):
            return None
        return await nlg.generate(RESPONSE, tracker, output_channel.name())


def install() -> None:
    """Make Rasa create GuardedRemoteAction wherever it would create a RemoteAction (idempotent)."""
    rasa_action.RemoteAction = GuardedRemoteAction
    rasa_forms.RemoteAction = GuardedRemoteAction


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=False)
class ActionServerGuard(GraphComponent):
    """Installs GuardedRemoteAction when the model is loaded; leaves messages as they are."""

    @classmethod
    def create(
        cls,
        config: Dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> ActionServerGuard:
        install()
        return cls()

    def process(self, messages: List[Message]) -> List[Message]:
        return messages
