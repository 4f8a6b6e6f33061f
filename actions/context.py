"""The latest message and the conversation's context, read from the tracker for
clinic.understanding.reading, and the base of the actions that answer through it."""

from __future__ import annotations

from abc import ABC, abstractmethod
from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.state import send, slot_before_latest_message
from clinic.knowledge import KnowledgeBase, default_knowledge_base
from clinic.rendering import ASKED_WHICH_PROCEDURE, REMINDED, render
from clinic.understanding import people, procedures, red_flags
from clinic.understanding.reading import Clause, Context, Message, Route, read, reference

# what the rules run after utter_red_flag, before listening
AFTER_ESCALATION = ("action_listen", "action_deactivate_loop", "action_forget_booking")


def set_with_last_reply(tracker: Tracker, slot: str) -> bool:
    """Whether the action that sent the assistant's last message set `slot` to true with it
    (rasa-sdk returns an action's messages before its events)."""
    for event in reversed(tracker.events):
        if event.get("event") == "bot":
            return False
        if event.get("event") == "slot" and event.get("name") == slot and event.get("value"):
            return True
    return False


def asked_which_procedure(tracker: Tracker) -> bool:
    """Whether the assistant's last message asked which procedure a question is about."""
    return set_with_last_reply(tracker, ASKED_WHICH_PROCEDURE)


def just_escalated(tracker: Tracker) -> bool:
    """Whether the assistant's last reply was a red-flag escalation, or the reminder that
    follows one ("I feel ok though" → reminder → "do I still need to get checked?")."""
    if set_with_last_reply(tracker, REMINDED):
        return True  # the reminder was all the last reply said
    for event in reversed(tracker.events):
        # during the booking form the escalation is followed by closing the form
        if event.get("event") == "action" and event.get("name") not in AFTER_ESCALATION:
            return event.get("name") == "utter_red_flag"
    return False


def escalation_tier(tracker: Tracker) -> Optional[str]:
    """The red-flag tier (emergency, urgent, crisis) of the patient's last message that had one."""
    for event in reversed(tracker.events):
        if event.get("event") == "user":
            tier = red_flags.tier_of(event.get("parse_data") or {})
            if tier:
                return tier
    return None


def message_of(tracker: Tracker) -> Message:
    """What NLU gave for the latest message."""
    latest = tracker.latest_message
    return Message(
        text=latest.get("text") or "",
        intent=(latest.get("intent") or {}).get("name") or "",
        ranking=tuple((r["name"], r.get("confidence", 0)) for r in latest.get("intent_ranking") or []),
        procedure_entities=tuple(str(v) for v in tracker.get_latest_entity_values("procedure")),
        clauses=tuple(
            Clause(
                c["start"], c["end"], tuple((r["name"], r.get("confidence", 0)) for r in c.get("intent_ranking") or [])
            )
            for c in latest.get("clauses") or []
        ),
    )


def context_of(tracker: Tracker) -> Context:
    """What the conversation says before the latest message (slots, and the state the
    actions' own slot events leave)."""
    escalated = just_escalated(tracker)
    return Context(
        procedure=tracker.get_slot("procedure"),
        procedure_before=slot_before_latest_message(tracker, "procedure"),
        topic=tracker.get_slot("topic"),
        term=tracker.get_slot("term"),
        disclaimer_shown=tracker.get_slot("disclaimer_shown"),
        asked_which_procedure=asked_which_procedure(tracker),
        just_escalated=escalated,
        escalation_tier=escalation_tier(tracker) if escalated else None,
        form_active=tracker.active_loop_name is not None,
        subjects=tuple(tracker.get_slot("subjects") or ()),
        procedures_answered=tuple(tracker.get_slot("procedures_answered") or ()),
        people=people.from_slot(tracker.get_slot("people") or ()),
    )


def procedure_reference(tracker: Tracker, kb: KnowledgeBase) -> procedures.Reference:
    """What the latest message says about procedures, in the conversation's context."""
    return reference(message_of(tracker), context_of(tracker), kb)


class ReadingAction(Action, ABC):
    """An action that answers what clinic.understanding.reading reads for its route
    (abstract: rasa-sdk registers only the subclasses, which set `route`)."""

    @property
    @abstractmethod
    def route(self) -> Route:
        """The route this action reads the message for (a class attribute in subclasses)."""

    def name(self) -> Text:
        return self.route.value

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[Dict[Text, Any]]:
        kb = default_knowledge_base()
        message, context = message_of(tracker), context_of(tracker)
        response = render(read(self.route, message, context, kb), message, context, kb)
        send(dispatcher, response.replies)
        return [SlotSet(name, value) for name, value in response.slots]
