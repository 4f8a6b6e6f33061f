"""Small helpers shared by the actions: sending replies and the booking form's slots."""

from __future__ import annotations

from typing import Any, List

from rasa_sdk import Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from clinic import replies

# Slots holding contact details: cleared as soon as the request is stored or dropped.
BOOKING_SLOTS = (
    "booking_name",
    "booking_phone",
    "booking_email",
    "booking_procedure",
    "booking_times",
    "booking_consent",
    "booking_contact_failures",
    "booking_changing",
    "booking_change_detail",
)


def send(dispatcher: CollectingDispatcher, messages: List[replies.Reply]) -> None:
    """Utter each reply (text and its buttons) in order."""
    for message in messages:
        dispatcher.utter_message(text=message.text, buttons=message.buttons or None)


def clear_booking_slots() -> List[EventType]:
    """SlotSet(None) for every booking slot."""
    return [SlotSet(slot, None) for slot in BOOKING_SLOTS]


def offered_payloads(tracker: Tracker) -> List[str]:
    """The button payloads of the assistant's last message (every bot message since the
    patient's previous message), which a typed "/..." text must match to count."""
    payloads: List[str] = []
    events = list(tracker.events)
    users = [i for i, e in enumerate(events) if e.get("event") == "user"]
    for event in reversed(events[: users[-1]] if users else events):  # before the message being answered
        if event.get("event") == "user":
            break
        if event.get("event") == "bot":
            payloads += [str(b.get("payload")) for b in (event.get("data") or {}).get("buttons") or []]
    return payloads


def slot_before_latest_message(tracker: Tracker, name: str) -> Any:
    """The slot's value before the latest user message: the conversation's context, which
    the message's own slot mappings (a `procedure` entity sets the slot) may already have
    replaced by the time an action runs. A tracker without any event for the slot (built
    with its slots only) gives the slot's current value."""
    seen_latest_user = set_by_this_message = False
    for event in reversed(tracker.events):
        if event.get("event") == "user":
            seen_latest_user = True
        elif event.get("event") == "slot" and event.get("name") == name:
            if seen_latest_user:
                return event.get("value")
            set_by_this_message = True
    return None if set_by_this_message else tracker.get_slot(name)
