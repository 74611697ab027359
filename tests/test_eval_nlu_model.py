"""scripts/eval_nlu.py parses a set in batches through Rasa's NLU graph: the intents must be the ones Rasa
gives each message parsed on its own (Agent.parse_message), including the input guard's cases."""

import sys

import pytest
from conftest import PROJECT_ROOT

pytestmark = pytest.mark.model

sys.path.insert(0, str(PROJECT_ROOT / "scripts"))


def test_batched_parsing_gives_each_message_the_intent_it_gets_alone(agent, loop):
    from eval_nlu import examples, predict

    texts = [text for text, _ in examples(PROJECT_ROOT / "tests" / "nlu_dev_h")][::4]
    texts += ["", "🙂🙂🙂", "asdkjh qwezx", "/human_handoff", "逾期怎么办 " * 500, "借5万", "ok"]

    async def one_by_one():
        return [(await agent.parse_message(text))["intent"]["name"] for text in texts]

    alone = loop.run_until_complete(one_by_one())
    assert predict(agent, texts, batch=16) == alone
    assert len(set(alone)) > 20  # many different intents, not one answer for all
