"""TailRulePolicy (components/rule_policy.py) finds exactly the rules Rasa's RulePolicy finds,
from the same last states."""

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
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import (
    ActionExecuted,
    ActionReverted,
    ActiveLoop,
    BotUttered,
    Event,
    FollowupAction,
    SessionStarted,
    SlotSet,
    UserUttered,
    UserUtteranceReverted,
)
from rasa.shared.core.trackers import DialogueStateTracker

from components.rule_policy import TailRulePolicy

ROOT = Path(__file__).resolve().parents[2]

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


def random_tracker(rng: random.Random, domain: Domain, turns: int) -> DialogueStateTracker:
    """A conversation of `turns` user messages with actions, slots, the booking form, bot
    messages, reverted turns and follow-ups, as the real domain knows them."""
    intents = ["greet", "ask_risks", "ask_duration", "affirm", "request_booking", "nlu_fallback"]
    actions = ["action_answer_question", "action_greet", "utter_red_flag", "booking_form", "action_fallback"]
    events: List[Event] = [ActionExecuted("action_session_start"), SessionStarted(), ActionExecuted("action_listen")]
    for _ in range(turns):
        entities = [{"entity": "procedure", "value": "si_joint_fusion"}] if rng.random() < 0.3 else []
        intent = rng.choice(intents)
        events.append(UserUttered("some text", {"name": intent, "confidence": 0.9}, entities))
        if entities:
            events.append(SlotSet("procedure", "si_joint_fusion"))
        for _ in range(rng.randint(1, 2)):
            action = rng.choice(actions)
            events.append(ActionExecuted(action))
            if action == "booking_form":
                events.append(ActiveLoop("booking_form" if rng.random() < 0.6 else None))
            if rng.random() < 0.5:
                events.append(BotUttered("a reply"))
            if rng.random() < 0.4:
                events.append(SlotSet(rng.choice(["topic", "procedure"]), rng.choice(["risks", None])))
            if rng.random() < 0.1:
                events.append(FollowupAction("action_answer_question"))
        if rng.random() < 0.1:
            events.append(UserUtteranceReverted())
        elif rng.random() < 0.1:
            events.append(ActionReverted())
        events.append(ActionExecuted("action_listen"))
        if rng.random() < 0.5:  # the prediction after the user message: no action_listen yet
            events.pop()
    return DialogueStateTracker.from_events("patient", events, domain.slots)


def test_makes_the_last_states_as_rasa_does(tmp_path: Path) -> None:
    domain = Domain.load(ROOT / "domain")
    rng = random.Random(5)
    rules = {json.dumps(conversation(rng, n), sort_keys=True): "action_listen" for n in (1, 2, 4, 5)}
    storage, resource = LocalModelStorage(tmp_path), Resource("rules")
    context = ExecutionContext(GraphSchema({}), "rules")
    config = TailRulePolicy.get_default_config()
    TailRulePolicy(config, storage, resource, context, lookup={"rules": rules}).persist()
    policy = TailRulePolicy.load(config, storage, resource, context)
    for _ in range(300):
        tracker = random_tracker(rng, domain, rng.randint(0, 12))
        for use_text in (True, False, True):  # the later ones are made from the first's states
            ours = policy._prediction_states(tracker, domain, use_text)
            rasas = RulePolicy._prediction_states(policy, tracker, domain, use_text)
            assert len(ours) == min(5, len(rasas)) and ours == rasas[-len(ours) :]
