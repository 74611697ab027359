"""Interrupting the calculator at every step, in both languages, through the trained agent and a real
action server: a knowledge question, a pasted ad, a counselor, a whole new loan, cancel, an emoji and
the previous answer again are each handled, and the form is in the right state afterwards."""

from __future__ import annotations

import uuid

import pytest
import yaml
from conftest import PROJECT_ROOT, copy_conversation

pytestmark = pytest.mark.model

STEPS = ["loan_amount", "loan_rate", "loan_term", "monthly_income", "monthly_debts"]
OPENING = {
    "zh": ["帮我算算贷款", "5万", "年化18%", "24期", "月薪8000"],
    "en": ["can you work out a loan for me", "50000", "18% APR", "24 months", "my income is 8000 a month"],
}
ASIDE = {
    "knowledge": {"zh": "逾期会影响征信吗", "en": "will paying late hurt my credit report"},
    "ad": {
        "zh": "这个广告靠谱吗：黑户秒下，先交500保证金",
        "en": "is this ad legit: bad credit OK, pay a 500 deposit first and get the loan today",
    },
    "human": {"zh": "转人工", "en": "I want to talk to a counselor"},
    "emoji": {"zh": "😀😀", "en": "😀😀"},
}
NEW_LOAN = {"zh": "借8万，年化12%，分36期", "en": "borrow 80000 at 12% APR over 36 months"}
CANCEL = {"zh": "算了不算了", "en": "cancel the calculation"}
DOMAIN = yaml.safe_load((PROJECT_ROOT / "domain.yml").read_text("utf-8"))
NOT_UNDERSTOOD = {
    v["text"].strip() for name in ("utter_default", "utter_ask_rephrase") for v in DOMAIN["responses"][name]
}


# (agent, language, step) -> a conversation filled in up to that step: a test's conversation starts as a
# copy of it, so each opening message is said (and its answer checked) once per language, not per test.
REACHED: dict = {}


class Form:
    def __init__(self, agent, loop, language, step):
        self.agent, self.loop, self.sender = agent, loop, f"form-{uuid.uuid4().hex[:10]}"
        self.sent = OPENING[language][: STEPS.index(step) + 1]
        if (id(agent), language, step) not in REACHED:
            said = f"form-{uuid.uuid4().hex[:10]}"
            for i, text in enumerate(self.sent):
                self.say(text, said)  # now the form asks for STEPS[i]
                if (id(agent), language, STEPS[i]) not in REACHED:
                    REACHED[id(agent), language, STEPS[i]] = f"form-{uuid.uuid4().hex[:10]}"
                    copy_conversation(agent, loop, said, REACHED[id(agent), language, STEPS[i]])
        copy_conversation(agent, loop, REACHED[id(agent), language, step], self.sender)
        assert self.state() == ("loan_form", step), f"could not reach {step}"

    def say(self, text, sender=None):
        replies = self.loop.run_until_complete(self.agent.handle_text(text, sender_id=sender or self.sender))
        texts = [r.get("text") or "" for r in replies]
        assert any(t.strip() for t in texts), f"silent after {text!r}"
        assert not NOT_UNDERSTOOD & {t.strip() for t in texts}, f"not understood: {text!r}"
        return "\n".join(texts)

    def tracker(self):
        return self.loop.run_until_complete(self.agent.tracker_store.retrieve(self.sender))

    def state(self):
        tracker = self.tracker()
        return tracker.active_loop_name, tracker.get_slot("requested_slot")


@pytest.mark.parametrize("language", ["zh", "en"])
@pytest.mark.parametrize("step", STEPS)
@pytest.mark.parametrize("aside", sorted(ASIDE))
def test_an_aside_is_answered_and_the_form_asks_again(agent, loop, language, step, aside):
    form = Form(agent, loop, language, step)
    before = {s: form.tracker().get_slot(s) for s in STEPS}
    form.say(ASIDE[aside][language])
    assert form.state() == ("loan_form", step)
    assert {s: form.tracker().get_slot(s) for s in STEPS} == before


@pytest.mark.parametrize("language", ["zh", "en"])
@pytest.mark.parametrize("step", STEPS)
def test_a_whole_new_loan_restarts_with_its_figures(agent, loop, language, step):
    form = Form(agent, loop, language, step)
    form.say(NEW_LOAN[language])
    tracker = form.tracker()
    assert (
        tracker.get_slot("loan_amount"),
        tracker.get_slot("loan_rate"),
        tracker.get_slot("loan_term"),
    ) == (
        "80000",
        "apr:12",
        "36",
    )
    assert tracker.get_slot("monthly_debts") is None
    assert form.state() == ("loan_form", "monthly_income")


@pytest.mark.parametrize("language", ["zh", "en"])
@pytest.mark.parametrize("step", STEPS)
def test_cancel_ends_the_form(agent, loop, language, step):
    form = Form(agent, loop, language, step)
    form.say(CANCEL[language])
    assert form.state()[0] is None


@pytest.mark.parametrize("language", ["zh", "en"])
@pytest.mark.parametrize("step", STEPS[1:])
def test_the_previous_answer_again_changes_nothing(agent, loop, language, step):
    form = Form(agent, loop, language, step)
    before = {s: form.tracker().get_slot(s) for s in STEPS}
    form.say(form.sent[-1])
    assert form.state() == ("loan_form", step)
    assert {s: form.tracker().get_slot(s) for s in STEPS} == before


@pytest.mark.parametrize("language", ["zh", "en"])
def test_the_no_button_at_other_repayments_then_skip_twice(agent, loop, language):
    """The reported dead ends: the "没有" button (/deny) at other repayments, and /skip after the result."""
    form = Form(agent, loop, language, "monthly_debts")
    result = form.say("/deny")  # the button's payload, as the widget sends it
    assert form.state() == (None, None) and ("2,496" in result or "2496" in result)
    form.say("/skip")  # an old button clicked again: a way forward, not "don't know how to answer"
    again = form.say("/skip")
    nothing = {v["text"] for v in DOMAIN["responses"]["utter_nothing_to_answer"]}
    assert again.strip() in nothing
