"""loancoach.names holds the names the engine, the actions and the domain share: each must exist in
domain.yml (or be one of Rasa's own), so a renamed intent or slot fails here, not in a conversation."""

import yaml
from conftest import PROJECT_ROOT

from loancoach import names

DOMAIN = yaml.safe_load((PROJECT_ROOT / "domain.yml").read_text("utf-8"))
INTENTS = {i if isinstance(i, str) else next(iter(i)) for i in DOMAIN["intents"]}
RASA_OWN = {"nlu_fallback"}


def test_every_intent_name_is_in_the_domain():
    declared = {v for k, v in vars(names).items() if k.isupper() and isinstance(v, str)}
    intents = {
        names.NLU_FALLBACK,
        names.BAD_INPUT,
        names.DENY,
        names.SKIP,
        names.CANCEL,
        names.HUMAN_HANDOFF,
        names.CHECK_AD,
        names.CALCULATE_LOAN,
        names.INFORM_FIGURES,
    }
    assert intents <= declared
    assert intents - RASA_OWN <= INTENTS


def test_every_slot_name_is_in_the_domain():
    slots = {v for k, v in vars(names).items() if k.endswith("_SLOT")}
    assert slots <= set(DOMAIN["slots"])


def test_every_form_name_is_in_the_domain():
    assert names.LOAN_FORM in DOMAIN["forms"]


def test_a_merged_intent_is_gone_from_the_domain_and_read_as_the_one_it_joined():
    for old, new in names.MERGED_INTENTS.items():
        assert old not in INTENTS and new in INTENTS
        assert names.current_intent(old) == new
    assert names.current_topic("collection_third_parties") == "collection_exposure"
    assert names.current_topic("jail") == "jail"


def test_a_button_payload_naming_a_merged_intent_is_renamed_and_others_are_left_alone():
    for old, new in names.MERGED_INTENTS.items():
        assert names.current_payload(f"/{old}") == f"/{new}"
        assert names.current_payload(f'/{old}{{"language":"en"}}') == f'/{new}{{"language":"en"}}'
        assert names.current_payload(f"/{old}@0.9") == f"/{new}@0.9"
        # a longer name that only starts with the old one is another intent
        assert names.current_payload(f"/{old}_x") == f"/{old}_x"
        # free text that mentions the name is not a payload
        assert names.current_payload(f"what is {old}") == f"what is {old}"
    assert names.current_payload("/affirm") == "/affirm"
    assert names.current_payload("/") == "/"
