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


def rule_and_story_actions():
    used = set()
    for path in sorted((ROOT / "data").glob("*.yml")):
        data = yaml.safe_load(path.read_text("utf-8")) or {}
        for flow in (data.get("rules") or []) + (data.get("stories") or []):
            used |= {
                step["action"]
                for step in flow.get("steps") or []
                if isinstance(step, dict) and "action" in step
            }
    return used


def code_references():
    """Response names our Python code utters: literal names, and f-string prefixes ("utter_unreadable_{slot}")."""
    import re

    literal, prefixes = set(), set()
    for folder in ("actions", "components", "channels"):
        for path in (ROOT / folder).glob("*.py"):
            body = path.read_text("utf-8")
            literal |= set(re.findall(r"[\"'](utter_[a-z0-9_]+)[\"']", body))
            prefixes |= set(re.findall(r"f[\"'](utter_[a-z0-9_]*)\{", body))
    return literal, prefixes


def test_every_response_is_uttered_somewhere():
    """`rasa data validate` only warns (it exits 0 even with --fail-on-warnings) for responses that no
    rule or story names; most of ours are uttered by forms and custom actions. This makes the warning
    exact: a response nobody utters - not a rule or story, not a form's question, not our code - fails."""
    in_dialogue = rule_and_story_actions()
    literal, prefixes = code_references()
    domain = yaml.safe_load((ROOT / "domain.yml").read_text("utf-8"))
    form_slots = {
        s for form in (domain.get("forms") or {}).values() for s in form.get("required_slots") or []
    }
    rasa_defaults = {"utter_default"}  # uttered by Rasa's action_default_fallback (config.yml core fallback)
    unused = [
        name
        for name in DOMAIN["responses"]
        if name not in in_dialogue
        and name not in literal
        and name not in rasa_defaults
        and not (name.startswith("utter_ask_") and name[len("utter_ask_") :] in form_slots)
        and not any(name.startswith(p) and name[len(p) :] in form_slots for p in prefixes)
    ]
    assert not unused, f"responses nobody utters: {unused}"


def test_intents_without_examples_come_from_buttons_or_components():
    examples = set()
    for path in (ROOT / "data" / "nlu").glob("*.yml"):
        for item in (yaml.safe_load(path.read_text("utf-8")) or {}).get("nlu") or []:
            if "intent" in item:
                examples.add(item["intent"])
    payloads = {
        b["payload"].lstrip("/").split("{")[0]
        for variants in DOMAIN["responses"].values()
        for v in variants
        for b in v.get("buttons") or []
    }
    missing = [i for i in DOMAIN["intents"] if i not in examples]
    assert all(i in payloads for i in missing), [i for i in missing if i not in payloads]
