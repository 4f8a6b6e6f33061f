"""Small helpers shared by the actions: sending replies and the booking form's slots."""

from __future__ import annotations

from typing import List

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
)


def send(dispatcher: CollectingDispatcher, messages: List[replies.Reply]) -> None:
    """Utter each reply (text and its buttons) in order."""
    for message in messages:
        dispatcher.utter_message(text=message.text, buttons=message.buttons or None)


def clear_booking_slots() -> List[EventType]:
    """SlotSet(None) for every booking slot."""
    return [SlotSet(slot, None) for slot in BOOKING_SLOTS]
