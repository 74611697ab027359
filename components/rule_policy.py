"""Rasa's RulePolicy with its rule lookup indexed by the current turn.

Profiling the REST webhook (py-spy on the Rasa server, README "Benchmarks") showed about a fifth of the
server's CPU time per message in ``RulePolicy._get_possible_keys``: for every prediction (two or three
a message) it tests each of the ~470 learned rule snippets against the conversation, although a rule
can only apply when its last turn has the current intent (or none) and the current previous action
(or none). This policy narrows the candidates with that index first and then runs Rasa's own test,
``_is_rule_applicable``, on the few that are left, so the predictions are the same as RulePolicy's
(tests/test_rule_policy.py compares both on every learned rule). Training, persistence and every other
behaviour are RulePolicy's.
"""

from __future__ import annotations

from typing import Dict, FrozenSet, List, Optional, Set, Tuple

from rasa.core.policies.rule_policy import RulePolicy
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.shared.core.constants import PREVIOUS_ACTION, SHOULD_NOT_BE_SET, USER
from rasa.shared.core.domain import State
from rasa.shared.nlu.constants import ACTION_NAME, INTENT

_Group = Tuple[Optional[str], Optional[str]]


def _required(sub_state: object, key: str) -> Optional[str]:
    """The value a rule's state requires for ``key``, or None when any value is accepted."""
    value = sub_state.get(key) if isinstance(sub_state, dict) else None
    return None if value in (None, SHOULD_NOT_BE_SET) or not isinstance(value, str) else value


class _Index:
    """Rule keys of one lookup grouped by the (intent, previous action) their last turn requires."""

    def __init__(self, lookup: Dict[str, str], policy: RulePolicy) -> None:
        self.keys: FrozenSet[str] = frozenset(lookup)
        self.groups: Dict[_Group, Set[str]] = {}
        for key in self.keys:
            states = policy._rule_key_to_state(key)
            last = states[-1] if states else {}
            group = (_required(last.get(USER), INTENT), _required(last.get(PREVIOUS_ACTION), ACTION_NAME))
            self.groups.setdefault(group, set()).add(key)

    def candidates(self, state: State) -> Set[str]:
        intent = _required(state.get(USER), INTENT)
        action = _required(state.get(PREVIOUS_ACTION), ACTION_NAME)
        found: Set[str] = set()
        for group in {(None, None), (intent, None), (None, action), (intent, action)}:
            found |= self.groups.get(group, set())
        return found


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.POLICY_WITHOUT_END_TO_END_SUPPORT, is_trainable=True)
class IndexedRulePolicy(RulePolicy):
    """RulePolicy whose rule lookup is indexed by the intent and previous action of the current turn."""

    _indexes: Dict[int, _Index]

    def _index(self, lookup: Dict[str, str]) -> _Index:
        indexes = self.__dict__.setdefault("_indexes", {})
        index = indexes.get(id(lookup))
        # the lookup changes while the policy trains: rebuild when its keys are not the indexed ones
        if index is None or index.keys != lookup.keys():
            index = indexes[id(lookup)] = _Index(lookup, self)
        return index

    def _get_possible_keys(self, lookup: Dict[str, str], states: List[State]) -> Set[str]:
        if not states or not states[-1].get(PREVIOUS_ACTION):
            # a conversation-start state: Rasa's rules for it ignore intents, no shortcut
            return super()._get_possible_keys(lookup, states)
        possible = self._index(lookup).candidates(states[-1])
        for turn, state in enumerate(reversed(states)):
            if not possible:
                break
            possible = {key for key in possible if self._is_rule_applicable(key, turn, state)}
        return possible
