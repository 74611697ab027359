"""The names the engine, the Rasa adapters and the tests share: languages, intents, slots, forms and
limits. Import them from here instead of repeating the literal (domain.yml uses the same strings;
tests/test_names.py checks that each name here exists there)."""

from __future__ import annotations

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
KNOWLEDGE_INTENT_PREFIX = "ask_"

# Slots
LANGUAGE_SLOT = "language"
LAST_TOPIC_SLOT = "last_topic"
LAST_CALCULATION_SLOT = "last_calculation"
LOAN_AMOUNT_SLOT = "loan_amount"
LOAN_RATE_SLOT = "loan_rate"
LOAN_TERM_SLOT = "loan_term"
MONTHLY_INCOME_SLOT = "monthly_income"
MONTHLY_DEBTS_SLOT = "monthly_debts"
LOAN_METHOD_SLOT = "loan_method"

# Forms
LOAN_FORM = "loan_form"

# Limits
MAX_MESSAGE_CHARS = 2000  # longer messages get the "too long" answer (components/input_guard.py)
