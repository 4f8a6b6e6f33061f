"""The action server goes down and comes back (scripts/test.sh stops and restarts it).

Run twice on one conversation: with ACTION_SERVER=down the patient must get a
clear message, not silence; with ACTION_SERVER=up the same conversation goes on.
"""

import os

import pytest
import requests

from clinic.settings import clinic
from tests.socketio_client import socketio_reply

SENDER = "fault-test-patient"


@pytest.fixture
def say():
    url = f"{os.environ['RASA_URL']}/webhooks/rest/webhook"

    def send(message: str) -> str:
        reply = requests.post(url, json={"sender": SENDER, "message": message}, timeout=60)
        reply.raise_for_status()
        return "\n".join(m.get("text", "") for m in reply.json())

    return send


@pytest.mark.skipif(os.environ.get("ACTION_SERVER") != "down", reason="action server is up")
def test_while_the_action_server_is_down_the_patient_is_told(say):
    reply = say("how long does SI joint fusion take?")
    assert "technical problem" in reply
    assert clinic().phone in reply


@pytest.mark.skipif(os.environ.get("ACTION_SERVER") != "up", reason="action server is down")
def test_once_it_is_back_the_conversation_goes_on_in_context(say):
    assert "implant migration" in say("and what are the risks?")


@pytest.mark.skipif(os.environ.get("ACTION_SERVER") != "down", reason="action server is up")
def test_the_chat_widget_is_not_silent_either():
    reply = socketio_reply("how long does SI joint fusion take?", "fault-test-widget")
    assert "technical problem" in reply
    assert clinic().phone in reply


@pytest.mark.skipif(os.environ.get("ACTION_SERVER") != "up", reason="action server is down")
def test_the_chat_widget_answers_again_once_it_is_back():
    reply = socketio_reply("what are the risks of SI joint fusion?", "fault-test-widget")
    assert "technical problem" not in reply
    assert "implant migration" in reply


# Escalations are written by the Rasa server itself (components/nlg.py): every tier,
# with clinic.yml's numbers, while the action server is down.
TIERS = [
    ("I suddenly can't feel my legs and I can't control my bladder", "emergency", ["emergency_number"]),
    ("I don't want to live anymore", "crisis", ["emergency_number", "crisis_line"]),
    ("my incision is red and leaking pus", "urgent", ["emergency_number"]),
]
TIER_WORDS = {"emergency": "could be a medical emergency", "crisis": "Crisis Lifeline", "urgent": "promptly"}


def assert_escalation(reply: str, tier: str, numbers: list) -> None:
    assert "technical problem" not in reply
    assert TIER_WORDS[tier] in reply
    for field in numbers:
        assert getattr(clinic(), field) in reply


@pytest.mark.skipif(os.environ.get("ACTION_SERVER") != "down", reason="action server is up")
@pytest.mark.parametrize("message, tier, numbers", TIERS)
def test_while_the_action_server_is_down_red_flags_are_still_escalated(say, message, tier, numbers):
    assert_escalation(say(message), tier, numbers)


@pytest.mark.skipif(os.environ.get("ACTION_SERVER") != "down", reason="action server is up")
@pytest.mark.parametrize("message, tier, numbers", TIERS)
def test_while_the_action_server_is_down_the_widget_escalates_too(message, tier, numbers):
    assert_escalation(socketio_reply(message, f"fault-test-widget-{tier}"), tier, numbers)
