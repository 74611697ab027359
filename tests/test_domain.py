"""Every response speaks both languages, and what the dialogue refers to exists."""

from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent


def load_domain():
    merged = {"responses": {}, "intents": [], "actions": [], "slots": {}}
    for path in [ROOT / "domain.yml"]:
        part = yaml.safe_load(path.read_text("utf-8")) or {}
        merged["responses"].update(part.get("responses") or {})
        merged["intents"] += [i if isinstance(i, str) else next(iter(i)) for i in part.get("intents") or []]
        merged["actions"] += part.get("actions") or []
        merged["slots"].update(part.get("slots") or {})
    return merged


DOMAIN = load_domain()


def conditions(variant):
    return {(c["name"], c["value"]) for c in variant.get("condition") or []}


@pytest.mark.parametrize("name", sorted(DOMAIN["responses"]))
def test_every_response_has_zh_and_en_for_each_case(name):
    variants = DOMAIN["responses"][name]
    by_case = {}
    for v in variants:
        conds = conditions(v)
        langs = {value for slot, value in conds if slot == "language"}
        assert len(langs) == 1, f"{name}: every variant must be conditioned on one language"
        other = frozenset(c for c in conds if c[0] != "language")
        by_case.setdefault(other, set()).update(langs)
    for case, langs in by_case.items():
        assert langs == {"zh", "en"}, f"{name} {set(case) or ''}: has {sorted(langs)}"


def written_in(text):
    """zh or en by script; English text may quote a Chinese term or two (\"年化利率\")."""
    han = sum(1 for ch in text if "\u4e00" <= ch <= "\u9fff")
    latin = sum(1 for ch in text if ch.isascii() and ch.isalpha())
    return "zh" if han * 3 > latin else "en"


@pytest.mark.parametrize("name", sorted(DOMAIN["responses"]))
def test_language_variants_match_their_language(name):
    for v in DOMAIN["responses"][name]:
        lang = dict(conditions(v))["language"]
        assert written_in(v["text"]) == lang, f"{name} [{lang}] text is in the wrong language"
        for button in v.get("buttons") or []:
            assert written_in(button["title"]) == lang, f"{name} [{lang}] button {button['title']!r}"


@pytest.mark.parametrize("name", sorted(DOMAIN["responses"]))
def test_answers_are_short(name):
    for v in DOMAIN["responses"][name]:
        limit = 260 if dict(conditions(v))["language"] == "zh" else 520
        assert len(v["text"]) <= limit, f"{name}: {len(v['text'])} characters is too long for a phone"


def test_button_payloads_name_known_intents():
    for name, variants in DOMAIN["responses"].items():
        for v in variants:
            for b in v.get("buttons") or []:
                intent = b["payload"].lstrip("/").split("{")[0]
                assert intent in DOMAIN["intents"], f"{name}: button to unknown intent {intent}"


def test_greeting_says_this_is_education_not_advice():
    texts = {dict(conditions(v))["language"]: v["text"] for v in DOMAIN["responses"]["utter_greet"]}
    assert "不构成" in texts["zh"] and "建议" in texts["zh"]
    assert "not individual financial or legal advice" in texts["en"]


def test_language_slot_is_filled_from_the_detector_and_starts_in_chinese():
    slot = DOMAIN["slots"]["language"]
    assert slot["initial_value"] == "zh"
    assert slot["mappings"] == [{"type": "from_entity", "entity": "language"}]
