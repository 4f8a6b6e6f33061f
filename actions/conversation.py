"""Deleting the conversation on the patient's request, after a confirmation.

The action server has no access to the tracker store: the deletion action sets the
slot `forget_conversation`, and the Rasa server's tracker store deletes the whole
conversation when it saves that (components/tracker_privacy.py)."""

from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.state import BOOKING_SLOTS, clear_booking_slots, send
from clinic import replies
from clinic.privacy import FORGET_SLOT
from clinic.settings import clinic


class ActionAskDeleteConversation(Action):
    """Ask to confirm the deletion (a booking request in progress stops: its details are dropped)."""

    def name(self) -> Text:
        return "action_ask_delete_conversation"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[Dict[Text, Any]]:
        # in the form (the rules have just closed it) or at its summary: the request is dropped
        booking = any(tracker.get_slot(slot) is not None for slot in BOOKING_SLOTS)
        send(dispatcher, [replies.ask_delete_conversation(clinic(), stops_booking=booking)])
        return clear_booking_slots() if booking else []


class ActionDeleteConversation(Action):
    """Confirmed: say so, and have the tracker store delete the conversation."""

    def name(self) -> Text:
        return "action_delete_conversation"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[Dict[Text, Any]]:
        send(dispatcher, [replies.conversation_deleted(clinic())])
        return [SlotSet(FORGET_SLOT, True)]


class ActionKeepConversation(Action):
    """Not confirmed: nothing is deleted."""

    def name(self) -> Text:
        return "action_keep_conversation"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[Dict[Text, Any]]:
        dispatcher.utter_message(text=replies.CONVERSATION_KEPT)
        return []
