"""Rasa's RulePolicy, matching only the part of a conversation a rule can see.

To find the rules that apply, RulePolicy filters every rule against every past
state of the conversation, so each prediction costs more the longer the
conversation gets (two predictions per turn). But a rule of n states can only be
rejected by the last n states: from there on Rasa's `_is_rule_applicable`
accepts it. This subclass of a loaded (trained) policy therefore matches the
last states only, as many as the longest rule has, and remembers the outcome per
distinct tail. Same rules, same predictions; training is Rasa's own.

Rasa also computes a state for every past action of the conversation before matching
(about half of the policy's time, three times per turn), although each state depends
only on the tracker before that action: this subclass computes the last states only.
"""

from __future__ import annotations

from typing import Any, Dict, Hashable, List, Optional, Set, Text, Tuple

from rasa.core.featurizers.tracker_featurizers import MaxHistoryTrackerFeaturizer
from rasa.core.policies.rule_policy import RULES, RULES_FOR_LOOP_UNHAPPY_PATH, RulePolicy
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.shared.core.constants import USER
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted
from rasa.shared.core.generator import State
from rasa.shared.core.trackers import DialogueStateTracker

from components.patch_check import check_rule_policy

check_rule_policy()

# the lookups RulePolicy matches the conversation's states against (_find_action_from_rules)
MATCHED_LOOKUPS = (RULES, RULES_FOR_LOOP_UNHAPPY_PATH)
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

    def _prediction_states(
        self,
        tracker: DialogueStateTracker,
        domain: Domain,
        use_text_for_last_user_input: bool = False,
        rule_only_data: Optional[Dict[Text, Any]] = None,
    ) -> List[State]:
        """The conversation's last states, as many as the longest rule has (with the user
        input chosen as Rasa's featurizer does): the tail of what Rasa's RulePolicy computes.

        Rasa's states are one per action, each the active state of the tracker before it
        (Domain.states_for_tracker_history; RulePolicy does not ignore rule-only turns, so no
        state depends on another), then the latest one's user input is picked. Here the
        tracker is replayed as Rasa replays it, and only the states the rules can see are made."""
        featurizer = self.featurizer
        if self._matches is None or not isinstance(featurizer, MaxHistoryTrackerFeaturizer):
            return super()._prediction_states(tracker, domain, use_text_for_last_user_input, rule_only_data)
        # a prediction asks twice (user text, then intent) for the same tracker: made once
        version = (len(tracker.events), tracker.events[-1] if tracker.events else None)
        last = self.__dict__.get("_last_states")
        if last and last[0] is tracker and last[1][0] == version[0] and last[1][1] is version[1]:
            made = last[2]
        else:
            made = self._last_states_of(tracker, domain)
            self._last_states = (tracker, version, made)
        # the featurizer changes the user sub-states (drops text or intent): on copies
        states = [{kind: dict(sub) if kind == USER else sub for kind, sub in state.items()} for state in made]
        states = featurizer.slice_state_history(states, featurizer.max_history)
        featurizer._choose_last_user_input([states], use_text_for_last_user_input)
        return states

    def _last_states_of(self, tracker: DialogueStateTracker, domain: Domain) -> List[State]:
        """The states of the tracker before each of its last actions, and now (see above)."""
        keep = max((self._longest_rule(self.lookup.get(name) or {}) for name in MATCHED_LOOKUPS), default=0)
        events = tracker.applied_events()
        first = sum(isinstance(e, ActionExecuted) for e in events) + 1 - max(keep, 1)
        prior, index, states = tracker.init_copy(), 0, []
        for event in events:  # as tracker.generate_all_prior_trackers
            if isinstance(event, ActionExecuted):
                if index >= first:
                    states.append(domain._clean_state(domain.get_active_state(prior)))
                index += 1
            prior.update(event)
        states.append(domain._clean_state(domain.get_active_state(prior)))
        return states

    def _longest_rule(self, lookup: Dict[Text, Text]) -> int:
        """The number of states of the lookup's longest rule (0 if it has none)."""
        if not lookup:
            return 0
        longest = self._longest.get(id(lookup))
        if longest is None:
            longest = self._longest[id(lookup)] = max(len(self._rule_key_to_state(k)) for k in lookup)
        return longest

    def _get_possible_keys(self, lookup: Dict[Text, Text], states: List[State]) -> Set[Text]:
        if self._matches is None or not lookup:  # training: the rules are still being built
            return super()._get_possible_keys(lookup, states)
        tail = states[-self._longest_rule(lookup) :]
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
