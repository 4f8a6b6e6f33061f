"""One source for each list: the topics (data/topics.yml), their intents (domain/), their
rules (data/rules/) and NLU examples, and the intents that may interrupt the booking form
(data/booking_interruptions.yml, which actions/booking_form.py reads) are checked against
each other here, so that adding a topic is a data change whose missing pieces these tests
name."""

from pathlib import Path
from typing import Dict, List, Set

import yaml

from actions import booking_form as bf
from clinic.booking.interruptions import load_interruptions
from clinic.knowledge import default_knowledge_base

ROOT = Path(__file__).resolve().parents[2]
RULES = [
    rule
    for path in sorted((ROOT / "data" / "rules").glob("*.yml"))
    for rule in yaml.safe_load(path.read_text(encoding="utf-8"))["rules"]
]
DOMAIN_FILES = [yaml.safe_load(p.read_text(encoding="utf-8")) for p in sorted((ROOT / "domain").glob("*.yml"))]
INTERRUPTIONS = load_interruptions()
TOPICS = set(default_knowledge_base().topics)
IN_FORM = {"active_loop": "booking_form"}
# Questions that are not knowledge-base topics (answered by their own actions).
OTHER_QUESTIONS = {
    "ask_capabilities",
    "ask_more_detail",
    "ask_office",
    "ask_personal_advice",
    "ask_term",
    "ask_warning_signs",
}
# Rules during the form for intents the form itself does not treat as interruptions:
# a change re-asks a detail, deleting the conversation closes the form.
FORM_RULES_NOT_INTERRUPTING = {"booking_change"}


def intents_in_domain() -> Set[str]:
    return {i if isinstance(i, str) else next(iter(i)) for d in DOMAIN_FILES for i in d.get("intents") or []}


def actions_and_responses_in_domain() -> Set[str]:
    return {a for d in DOMAIN_FILES for a in [*(d.get("actions") or []), *(d.get("responses") or {})]}


def rules_outside_form() -> Dict[str, List[str]]:
    """intent → the actions its unconditional one-intent rule runs."""
    found: Dict[str, List[str]] = {}
    for rule in RULES:
        steps = rule["steps"]
        if not rule.get("condition") and "intent" in steps[0]:
            found.setdefault(steps[0]["intent"], [s["action"] for s in steps[1:] if "action" in s])
    return found


def rules_in_form() -> Dict[str, List[str]]:
    """intent → the actions its "during the booking form" rule runs."""
    return {
        rule["steps"][0]["intent"]: [s["action"] for s in rule["steps"][1:] if "action" in s]
        for rule in RULES
        if IN_FORM in (rule.get("condition") or []) and "intent" in rule["steps"][0]
    }


def intents_at_summary() -> Set[str]:
    """Every intent a rule handles right after action_booking_summary."""
    found: Set[str] = set()
    for rule in RULES:
        steps = rule["steps"]
        if steps[0].get("action") == "action_booking_summary" and len(steps) > 1:
            found |= {s["intent"] for s in steps[1].get("or", [steps[1]]) if "intent" in s}
    return found


def nlu_intents() -> Set[str]:
    found: Set[str] = set()
    for path in sorted((ROOT / "data" / "nlu").glob("*.yml")):
        found |= {
            block["intent"]
            for block in yaml.safe_load(path.read_text(encoding="utf-8")).get("nlu") or []
            if "intent" in block and block.get("examples")
        }
    return found


def test_every_topic_has_its_intent_rules_and_examples():
    """Adding a topic to data/topics.yml: this names what is still missing for it."""
    domain, outside, in_form, summary, nlu = (
        intents_in_domain(),
        rules_outside_form(),
        rules_in_form(),
        intents_at_summary(),
        nlu_intents(),
    )
    missing = []
    for topic in sorted(TOPICS):
        intent = f"ask_{topic}"
        missing += [f"domain/faq.yml intents: {intent}"] * (intent not in domain)
        missing += [f"data/rules/faq.yml: rule 'answer {intent}'"] * (outside.get(intent) != ["action_answer_question"])
        missing += [f"data/rules/booking.yml: rule '{intent} during the booking form'"] * (
            in_form.get(intent) != ["action_answer_question", "booking_form"]
        )
        missing += [f"data/rules/booking.yml: {intent} in the summary rule's or-list"] * (intent not in summary)
        missing += [f"data/nlu: examples of {intent}"] * (intent not in nlu)
    assert not missing, "missing for a topic:\n" + "\n".join(missing)


def test_every_question_intent_is_a_topic_or_a_known_other_question():
    questions = {i for i in intents_in_domain() if i.startswith("ask_")}
    assert questions - OTHER_QUESTIONS == {f"ask_{t}" for t in TOPICS}, (
        "an ask_ intent with no topic in data/topics.yml"
    )


def test_interrupting_intents_are_the_form_rules():
    """The form lets through the topics and data/booking_interruptions.yml; a "during the
    booking form" rule answers each (as outside the form, then the form asks again) or ends
    the form, and no other intent has such a rule but for the named exceptions."""
    in_form, outside = rules_in_form(), rules_outside_form()
    assert bf.TOPIC_INTENTS == {f"ask_{t}" for t in TOPICS}
    assert bf.INTERRUPTING_INTENTS == bf.TOPIC_INTENTS | set(INTERRUPTIONS.answered) | INTERRUPTIONS.ending
    assert set(bf.INTERRUPTING_INTENTS) == set(in_form) - FORM_RULES_NOT_INTERRUPTING
    for intent in bf.INTERRUPTING_INTENTS - INTERRUPTIONS.ending:
        assert in_form[intent] == outside[intent] + ["booking_form"], intent
        if intent in INTERRUPTIONS.answered:
            assert outside[intent] == [INTERRUPTIONS.answered[intent]], intent
    for intent in INTERRUPTIONS.ending:
        assert "booking_form" not in in_form[intent], f"{intent} ends the form"


def test_every_interruption_is_answered_by_a_known_action_or_response():
    known = actions_and_responses_in_domain()
    for intent, action in INTERRUPTIONS.answered.items():
        assert intent in intents_in_domain() and action in known, (intent, action)
        assert action.startswith("utter_") or action in bf.ANSWERING_ACTIONS, action


def test_summary_delegates_run_the_actions_the_rules_run_outside_the_form():
    outside, summary = rules_outside_form(), intents_at_summary()
    for intent, action in bf.SUMMARY_DELEGATES.items():
        assert intent in summary, f"{intent}: not in the summary rule's or-list"
        assert outside[intent] == [action().name()], intent
    # the questions the form lets through and answers by an action (responses, escalation
    # and stop have their own rules), and a bare procedure name
    answered_by_actions = {i for i, a in INTERRUPTIONS.answered.items() if not a.startswith("utter_")}
    assert set(bf.SUMMARY_DELEGATES) == bf.TOPIC_INTENTS | answered_by_actions | {"inform_procedure"}
