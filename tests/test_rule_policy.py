"""The indexed rule policy predicts exactly what Rasa's RulePolicy predicts, on the trained model's rules."""

import json
import random
import tarfile
from pathlib import Path

import pytest
from rasa.core.policies.rule_policy import RulePolicy

from components.rule_policy import IndexedRulePolicy

pytestmark = pytest.mark.model

MODEL = Path(__file__).resolve().parent.parent / "models" / "loancoach.tar.gz"
LOOKUP = "components/train_components.rule_policy.IndexedRulePolicy0/rule_policy.json"


@pytest.fixture(scope="module")
def lookup():
    with tarfile.open(MODEL) as archive:
        return json.load(archive.extractfile(LOOKUP))["lookup"]


def conversations(rule_keys, seed=7):
    """Each learned rule's own turns, the same after a longer history, and with its last turn changed."""
    rng = random.Random(seed)
    turns = [state for key in rule_keys for state in json.loads(key) if state]
    for key in rule_keys:
        states = json.loads(key)
        yield states
        yield [rng.choice(turns) for _ in range(rng.randint(1, 6))] + states
        yield states[:-1] + [rng.choice(turns)]


@pytest.mark.parametrize("table", ["rules", "rules_for_loop_unhappy_path"])
def test_same_rules_match_as_in_rasas_rule_policy(lookup, table):
    rasa_policy = RulePolicy.__new__(RulePolicy)
    ours = IndexedRulePolicy.__new__(IndexedRulePolicy)
    rules = lookup[table]
    checked = 0
    for states in conversations(list(rules)):
        expected = rasa_policy._get_possible_keys(rules, states)
        assert ours._get_possible_keys(rules, states) == expected, states
        checked += bool(expected)
    assert checked > len(rules)  # most generated conversations match at least one rule
