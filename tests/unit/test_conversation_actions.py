"""The patient's deletion of their conversation: the actions (actions/conversation.py)."""

import asyncio

from rasa_sdk.events import SlotSet

from actions.state import BOOKING_SLOTS
from actions.conversation import ActionAskDeleteConversation, ActionDeleteConversation, ActionKeepConversation
from clinic.settings import clinic
from tests.conftest import make_tracker


def run(action, tracker, dispatcher):
    return asyncio.run(action.run(dispatcher, tracker, {}))


def test_asks_first_and_says_how_to_withdraw_a_sent_booking(dispatcher):
    events = run(ActionAskDeleteConversation(), make_tracker("forget me", "delete_conversation"), dispatcher)
    assert events == []
    message = dispatcher.messages[0]
    assert "Shall I delete this conversation?" in message["text"] and clinic().phone in message["text"]
    assert [b["payload"] for b in message["buttons"]] == ["/affirm", "/deny"]


def test_a_booking_in_progress_is_dropped(dispatcher):
    tracker = make_tracker("delete my conversation", "delete_conversation", slots={"booking_name": "Ada Byron"})
    events = run(ActionAskDeleteConversation(), tracker, dispatcher)
    assert events == [SlotSet(slot, None) for slot in BOOKING_SLOTS]
    assert "stops the booking request" in dispatcher.messages[0]["text"]


def test_confirmed_the_store_is_told_to_delete(dispatcher):
    events = run(ActionDeleteConversation(), make_tracker("/affirm", "affirm"), dispatcher)
    assert [(e["name"], e["value"]) for e in events] == [("forget_conversation", True)]
    assert "deleted this conversation" in dispatcher.messages[0]["text"]


def test_not_confirmed_nothing_is_deleted(dispatcher):
    assert run(ActionKeepConversation(), make_tracker("/deny", "deny"), dispatcher) == []
    assert "kept" in dispatcher.messages[0]["text"]
