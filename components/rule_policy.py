"""Rasa's RulePolicy, matching only the part of a conversation a rule can see.

To find the rules that apply, RulePolicy filters every rule against every past
state of the conversation, so each prediction costs more the longer the
conversation gets (two predictions per turn). But a rule of n states can only be
rejected by the last n states: from there on Rasa's `_is_rule_applicable`
accepts it. This subclass of a loaded (trained) policy therefore matches the
last states only, as many as the longest rule has, and remembers the outcome per
distinct tail. Same rules, same predictions; training is Rasa's own.
"""

from __future__ import annotations

from typing import Any, Dict, Hashable, List, Optional, Set, Text, Tuple

from rasa.core.policies.rule_policy import RulePolicy
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.shared.core.generator import State

from components.patch_check import check_rule_policy

check_rule_policy()

REMEMBERED_TAILS = 10_000  # distinct tails seen; each holds a few rule keys


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.POLICY_WITHOUT_END_TO_END_SUPPORT, is_trainable=True)
class TailRulePolicy(RulePolicy):
    """RulePolicy whose loaded model matches rules against the conversation's tail."""

    _matches: Optional[Dict[Tuple[int, Hashable], Set[Text]]] = None
    _longest: Dict[int, int]

    @classmethod
    def load(cls, *args: Any, **kwargs: Any) -> "TailRulePolicy":
        """Load as Rasa does; from here on the rules no longer change."""
        policy = super().load(*args, **kwargs)
        policy._matches = {}
        policy._longest = {}
        return policy

    def _get_possible_keys(self, lookup: Dict[Text, Text], states: List[State]) -> Set[Text]:
        if self._matches is None or not lookup:  # training: the rules are still being built
            return super()._get_possible_keys(lookup, states)
        longest = self._longest.get(id(lookup))
        if longest is None:
            longest = self._longest[id(lookup)] = max(len(self._rule_key_to_state(k)) for k in lookup)
        tail = states[-longest:]
        try:
            key = (id(lookup), _frozen(tail))
        except TypeError:  # a state value that can't be hashed: match without remembering
            return super()._get_possible_keys(lookup, tail)
        if key not in self._matches:
            if len(self._matches) >= REMEMBERED_TAILS:
                self._matches.clear()
            self._matches[key] = super()._get_possible_keys(lookup, tail)
        return set(self._matches[key])


def _frozen(states: List[State]) -> Hashable:
    """A hashable, exact copy of conversation states (dicts of dicts of values)."""
    return tuple(tuple(sorted((kind, tuple(sorted(sub.items()))) for kind, sub in state.items())) for state in states)
