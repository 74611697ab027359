"""Writes data/rules_interruptions.yml: for each form, every request that has a rule of its own outside
the form (an intent answered by one action) is answered during the form too, and the form then resumes.

Run after adding an intent with a rule: `python scripts/form_interruption_rules.py`
(tests/test_form_rules.py fails when the file is out of date).
"""

from __future__ import annotations

import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "data" / "rules_interruptions.yml"
FORMS = ("loan_form", "plan_form")
# Handled by the forms' own rules (cancel ends the form; handoff has its own rule).
OWN_RULES = {"cancel", "human_handoff", "calculate_loan", "skip", "deny"}
# Requests that end the form first: deleting one's data ends the conversation, so the form stops and
# the request's answer (a confirmation question) is the last word, not the form's question.
STOP_FORM = {"request_data_deletion"}


def single_step_rules() -> dict[str, str]:
    """intent -> action of every unconditional two-step rule in data/."""
    found: dict[str, str] = {}
    for path in sorted((ROOT / "data").glob("rules*.yml")):
        if path == OUT:
            continue
        for rule in yaml.safe_load(path.read_text("utf-8")).get("rules") or []:
            steps = rule.get("steps") or []
            if rule.get("condition") or len(steps) != 2:
                continue
            intent, action = steps[0].get("intent"), steps[1].get("action")
            if intent and action and intent not in OWN_RULES:
                found[intent] = action
    return found


def render() -> str:
    by_action: dict[str, list[str]] = {}
    for intent, action in sorted(single_step_rules().items()):
        by_action.setdefault(action, []).append(intent)
    lines = [
        'version: "3.1"',
        "",
        "# Written by scripts/form_interruption_rules.py - do not edit by hand.",
        "# During a form, a request that has a rule of its own is answered, then the form asks again.",
        "",
        "rules:",
    ]
    stops = {i: a for i, a in single_step_rules().items() if i in STOP_FORM}
    for form in FORMS:
        for intent, action in sorted(stops.items()):
            lines += [
                f"- rule: {intent} stops {form}",
                "  condition:",
                f"  - active_loop: {form}",
                "  steps:",
                f"  - intent: {intent}",
                "  - action: action_deactivate_loop",
                "  - active_loop: null",
                f"  - action: {action}",
                "",
            ]
        for action, intents in sorted(by_action.items()):
            intents = [i for i in intents if i not in STOP_FORM]
            if not intents:
                continue
            lines += [
                f"- rule: {action} during {form}",
                "  condition:",
                f"  - active_loop: {form}",
                "  steps:",
            ]
            if len(intents) == 1:
                lines.append(f"  - intent: {intents[0]}")
            else:
                lines.append("  - or:")
                lines += [f"    - intent: {i}" for i in intents]
            lines += [f"  - action: {action}", f"  - action: {form}", f"  - active_loop: {form}", ""]
    return "\n".join(lines)


def main() -> int:
    text = render()
    if "--check" in sys.argv:
        current = OUT.read_text("utf-8") if OUT.exists() else ""
        if current != text:
            print(f"{OUT.relative_to(ROOT)} is out of date: run python scripts/form_interruption_rules.py")
            return 1
        return 0
    OUT.write_text(text, "utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
