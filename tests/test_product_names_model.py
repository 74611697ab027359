"""A credit product that no training message names is still read as a question about a named product.

data/nlu/lookup_credit_products.yml feeds the lookup featurizer (Rasa's RegexFeaturizer, config.yml) one
feature shared by every product name; without it such names are unknown n-grams and the question reads as
a general one.
"""

import sys

import pytest
import yaml
from conftest import PROJECT_ROOT

pytestmark = pytest.mark.model

sys.path.insert(0, str(PROJECT_ROOT / "scripts"))
LOOKUP = PROJECT_ROOT / "data" / "nlu" / "lookup_credit_products.yml"


def _lookup_names():
    data = yaml.safe_load(LOOKUP.read_text("utf-8"))
    return [
        line.strip()[2:]
        for item in data["nlu"]
        if item.get("lookup") == "credit_product"
        for line in item["examples"].splitlines()
        if line.strip().startswith("- ")
    ]


def _unseen_names():
    from eval_nlu import examples

    training = " ".join(text.lower() for text, _ in examples(PROJECT_ROOT / "data" / "nlu"))
    return [name for name in _lookup_names() if name.lower() not in training]


def test_the_lookup_is_read_by_the_model(agent):
    graph = agent.processor.graph_runner._graph_schema.nodes
    assert any("LookupFeaturizer" in name for name in graph)
    assert len(_lookup_names()) > 40 and "微粒贷" in _lookup_names()


def test_the_shapes_of_an_ad_are_features_of_the_message(agent):
    """data/nlu/regex_ad_shapes.yml reaches the classifier: each shape sets its own feature."""
    from rasa.core.channels.channel import UserMessage
    from rasa.engine.constants import PLACEHOLDER_MESSAGE, PLACEHOLDER_TRACKER
    from rasa.shared.core.trackers import DialogueStateTracker

    runner = agent.processor.graph_runner
    node = next(name for name in runner._instantiated_nodes if "LookupFeaturizer" in name)
    names = [pattern["name"] for pattern in runner._instantiated_nodes[node]._component.known_patterns]
    assert {"quoted_text", "sms_sender", "money_amount", "link", "credit_product"} <= set(names)

    def shapes(text):
        inputs = {
            PLACEHOLDER_MESSAGE: [UserMessage(text)],
            PLACEHOLDER_TRACKER: DialogueStateTracker("t", []),
        }
        message = runner.run(inputs=inputs, targets=[node])[node][0]
        features = [f for f in message.features if f.origin == node and f.type == "sentence"]
        row = features[0].features.toarray()[0]
        return {name for name, value in zip(names, row[-len(names) :], strict=True) if value}

    ad = "收到短信【速借宝】“无视征信 当天下款”，先交500元解冻费，网址www.example.com"
    assert shapes(ad) == {"quoted_text", "sms_sender", "money_amount", "link"}
    assert shapes("逾期三天会怎么样") == set()


def test_unseen_product_names_are_read_as_named_product_questions(agent):
    from eval_nlu import predict

    unseen = _unseen_names()
    assert len(unseen) >= 10, unseen  # the test means something only while many names are unseen
    zh = predict(agent, [f"{name}逾期了会上征信吗" for name in unseen])
    en = predict(agent, [f"is {name} on the credit report if I pay late" for name in unseen])
    # 2026-12-05, 25 unseen names: zh 25 with the lookup, 14 without; en 18 with, 10 without. With the list
    # extended to 325 names, 288 unseen: zh 280 (the misses start with digits, 360数科, 51人品, or read as
    # a company, 马上消金), en 207
    assert zh.count("ask_named_product") >= 0.9 * len(unseen), list(zip(unseen, zh, strict=True))
    assert en.count("ask_named_product") >= 0.6 * len(unseen), list(zip(unseen, en, strict=True))
