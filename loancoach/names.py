"""The names the engine, the Rasa adapters and the tests share: languages, intents, slots, forms and
limits. Import them from here instead of repeating the literal (domain.yml uses the same strings;
tests/test_names.py checks that each name here exists there)."""

from __future__ import annotations

import re

# Languages
ZH = "zh"
EN = "en"
LANGUAGES = (ZH, EN)

# Intents the adapters act on by name
NLU_FALLBACK = "nlu_fallback"
BAD_INPUT = "bad_input"
DENY = "deny"
SKIP = "skip"
CANCEL = "cancel"
HUMAN_HANDOFF = "human_handoff"
CHECK_AD = "check_ad"
CALCULATE_LOAN = "calculate_loan"
INFORM_FIGURES = "inform_figures"
REQUEST_DATA_DELETION = "request_data_deletion"
AFFIRM = "affirm"
KNOWLEDGE_INTENT_PREFIX = "ask_"
EXPRESS_DISTRESS = "express_distress"  # answered by action_answer_question (loancoach/text/distress.py)
PLAN_REPAYMENT = "plan_repayment"
ADD_PLAN_LOAN = "add_plan_loan"
REMOVE_PLAN_LOAN = "remove_plan_loan"
# Intents merged into another (README "Training speed": collectors contacting others and collectors
# telling others confused each other and got one answer). Hold-outs and dev sets written before keep the
# old label and conversations stored before may name the old topic: both are read as the new one.
MERGED_INTENTS = {"ask_collection_third_parties": "ask_collection_exposure"}


def current_intent(name: str) -> str:
    """The intent that answers ``name`` today (``name`` itself unless it was merged)."""
    return MERGED_INTENTS.get(name, name)


def current_payload(text: str) -> str:
    """A button payload (``/intent``, ``/intent{...}``, ``/intent@0.9``) naming a merged intent, renamed.

    A button shown before a merge and tapped after it would otherwise name an intent the domain no longer
    has, and Rasa would read the payload as free text.
    """
    if not text.startswith("/"):
        return text
    name = re.match(r"/([^{@\s]*)", text).group(1)
    if name not in MERGED_INTENTS:
        return text
    return "/" + MERGED_INTENTS[name] + text[1 + len(name) :]


def current_topic(topic: str) -> str:
    """The knowledge topic that answers ``topic`` today (``topic`` itself unless it was merged)."""
    return current_intent(KNOWLEDGE_INTENT_PREFIX + topic)[len(KNOWLEDGE_INTENT_PREFIX) :]


# Slots
LANGUAGE_SLOT = "language"
# Parse-data property: the language each user message was read in (components/language_detector.py).
MESSAGE_LANGUAGE = "message_language"
# The topic an answer was about travels in its bot message's metadata under this key (no slot event
# per answer); conversations stored before that kept it in a `last_topic` slot, no longer in the domain
# (its events are still read).
TOPIC_KEY = "topic"
LEGACY_TOPIC_SLOT_NAME = "last_topic"
LAST_CALCULATION_SLOT = "last_calculation"
LOAN_AMOUNT_SLOT = "loan_amount"
LOAN_RATE_SLOT = "loan_rate"
LOAN_TERM_SLOT = "loan_term"
MONTHLY_INCOME_SLOT = "monthly_income"
MONTHLY_DEBTS_SLOT = "monthly_debts"
LOAN_METHOD_SLOT = "loan_method"
PLAN_LOANS_SLOT = "plan_loans"
PLAN_PENDING_SLOT = "plan_pending"
PLAN_QUEUE_SLOT = "plan_queue"  # loans of one message still missing a figure, after the pending one
PLAN_LOAN_SLOT = "plan_loan"
PLAN_BUDGET_SLOT = "plan_budget"
LAST_PLAN_SLOT = "last_plan"

# Actions
ACTION_DELETE_CONVERSATION = "action_delete_conversation"  # the tracker store deletes the conversation

# Forms
LOAN_FORM = "loan_form"
PLAN_FORM = "plan_form"

# Limits
RATE_LIMIT_PER_MINUTE = 20  # messages per sender and per client IP (channels/ratelimit.py)
RETENTION_DAYS = 180  # default of `loancoach purge` (env RETENTION_DAYS)
MAX_MESSAGE_CHARS = 2000  # longer messages get the "too long" answer (components/input_guard.py)
