"""The Rasa server's own replies (components/nlg.py): escalations without the action server."""

import asyncio

import pytest
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import UserUttered
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.shared.nlu.training_data.message import Message

from clinic.settings import clinic
from components.nlg import ClinicNaturalLanguageGenerator
from components.red_flag_classifier import RedFlagClassifier
from tests.conftest import ROOT

DOMAIN = Domain.load(str(ROOT / "domain"))


def reply_to(text, ranking, utter_action="utter_red_flag"):
    """What the Rasa server says with `utter_action` after parsing `text` as the NLU does."""
    message = Message(data={"text": text, "intent": ranking[0], "intent_ranking": ranking})
    RedFlagClassifier().process([message])
    parse_data = {"text": text, "intent": message.get("intent"), **message.as_dict(only_output_properties=True)}
    tracker = DialogueStateTracker.from_events(
        "nlg-test", [UserUttered(text, parse_data["intent"], [], parse_data)], slots=DOMAIN.slots
    )
    nlg = ClinicNaturalLanguageGenerator(domain=DOMAIN)
    return asyncio.run(nlg.generate(utter_action, tracker, "rest"))


GREETING = [{"name": "greet", "confidence": 0.9}]


@pytest.mark.parametrize(
    "text, numbers, not_said",
    [
        ("I suddenly can't feel my legs and I can't control my bladder", ["emergency_number"], "crisis_line"),
        ("I don't want to live anymore", ["emergency_number", "crisis_line", "phone"], None),
    ],
)
def test_the_escalation_is_written_from_the_clinic_file_for_the_tier(text, numbers, not_said):
    reply = reply_to(text, GREETING)["text"]
    for field in numbers:
        assert getattr(clinic(), field) in reply
    if not_said:
        assert getattr(clinic(), not_said) not in reply


def test_an_urgent_sign_gets_the_surgeons_office_or_the_emergency_department():
    reply = reply_to("my incision is red and leaking pus", GREETING)["text"]
    assert "promptly" in reply and clinic().emergency_number in reply


def test_a_sure_classifier_alarm_without_a_known_symptom_is_escalated_as_its_intent():
    ranking = [{"name": "report_urgent_symptom", "confidence": 0.97}, {"name": "ask_risks", "confidence": 0.03}]
    assert "promptly" in reply_to("something odd is going on with me", ranking)["text"]


def test_the_capabilities_buttons_keep_their_json_payloads():
    buttons = reply_to("what can you do", [{"name": "ask_capabilities", "confidence": 0.9}], "utter_capabilities")[
        "buttons"
    ]
    assert buttons[0]["payload"] == '/ask_overview{"procedure": "si_joint_fusion"}'


def test_the_bot_challenge_gives_a_person_to_call():
    from clinic import server_replies
    from clinic.settings import clinic

    reply = server_replies.bot_challenge(clinic())
    assert "virtual assistant" in reply.text and clinic().phone in reply.text
