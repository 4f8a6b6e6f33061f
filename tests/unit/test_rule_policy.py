"""TailRulePolicy (components/rule_policy.py) finds exactly the rules Rasa's RulePolicy finds."""

from __future__ import annotations

import json
import random
from pathlib import Path
from typing import Any, Dict, List

from rasa.core.policies.rule_policy import RulePolicy
from rasa.engine.graph import ExecutionContext, GraphSchema
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.shared.core.constants import SHOULD_NOT_BE_SET

from components.rule_policy import TailRulePolicy

INTENTS = ["greet", "ask_risks", "ask_duration", "affirm", "stop"]
ACTIONS = ["action_listen", "action_answer_question", "utter_greet", "booking_form"]


def random_state(rng: random.Random, start: bool = False) -> Dict[str, Any]:
    state: Dict[str, Any] = {}
    if not start:
        state["prev_action"] = {"action_name": rng.choice(ACTIONS)}
    if rng.random() < 0.6:
        state["user"] = {"intent": rng.choice(INTENTS)}
        if rng.random() < 0.3:
            state["user"]["entities"] = ("procedure",)
    if rng.random() < 0.4:
        state["slots"] = {"procedure": (1.0,)} if rng.random() < 0.7 else {"procedure": SHOULD_NOT_BE_SET}
    if rng.random() < 0.2:
        state["active_loop"] = {"name": "booking_form"}
    return state


def conversation(rng: random.Random, length: int) -> List[Dict[str, Any]]:
    return [random_state(rng, start=(i == 0 and rng.random() < 0.5)) for i in range(length)]


def test_finds_the_same_rules_as_rasa(tmp_path: Path) -> None:
    rng = random.Random(7)
    lookup = {json.dumps(conversation(rng, rng.randint(1, 4)), sort_keys=True): rng.choice(ACTIONS) for _ in range(150)}
    storage, resource = LocalModelStorage(tmp_path), Resource("rules")
    context = ExecutionContext(GraphSchema({}), "rules")
    config = TailRulePolicy.get_default_config()
    TailRulePolicy(config, storage, resource, context, lookup={"rules": lookup}).persist()
    policy = TailRulePolicy.load(config, storage, resource, context)
    rules = policy.lookup["rules"]

    found = 0
    for _ in range(2):  # the second round is answered from memory
        rng = random.Random(11)
        for _ in range(1000):
            states = conversation(rng, rng.randint(1, 14))
            expected = RulePolicy._get_possible_keys(policy, rules, states)
            assert policy._get_possible_keys(rules, states) == expected
            found += bool(expected)
    assert found > 200  # the random conversations do hit rules, not only misses
    assert policy._matches  # and the outcomes were remembered
