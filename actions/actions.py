"""Custom actions: read the tracker, ask the core what to answer, send the replies.

Which answer a message gets is decided in clinic.understanding.reading (one route per
action below) and written by clinic.rendering; actions.context reads the tracker."""

from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet, UserUtteranceReverted
from rasa_sdk.executor import CollectingDispatcher

from actions.context import ReadingAction
from actions.state import clear_booking_slots, send
from clinic import replies
from clinic.knowledge import default_knowledge_base
from clinic.settings import clinic
from clinic.understanding.reading import Route


class ActionAnswerQuestion(ReadingAction):
    """Answer a topic question (or a bare procedure name) from the knowledge base.

    The topic comes from the intent, or from the `topic` slot for a follow-up
    like "and what about spinopelvic fixation?". The procedure comes from the
    message, or from the `procedure` slot; with neither, it asks which one.
    """

    route = Route.QUESTION


class ActionPersonalAdvice(ReadingAction):
    """'Should I have this surgery?': general criteria, the surgeon decides."""

    route = Route.PERSONAL_ADVICE


class ActionGreet(Action):
    """Introduce the assistant, with the disclaimer and the office status."""

    def name(self) -> Text:
        return "action_greet"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[Dict[Text, Any]]:
        send(dispatcher, [replies.greeting(clinic(), default_knowledge_base())])
        return []


class ActionContactClinic(ReadingAction):
    """How to reach a person: phone, booking link, opening status."""

    route = Route.CONTACT


class ActionOfficeInfo(ReadingAction):
    """Office questions (insurance, address, parking, referral, ...): what clinic.yml knows,
    and plainly what it does not, with the phone number and booking."""

    route = Route.OFFICE


class ActionExplainTerm(ReadingAction):
    """'What is the sacrum?': the glossary explanation of a word from the documents."""

    route = Route.EXPLAIN_TERM


class ActionMoreDetail(ReadingAction):
    """A follow-up on the last answer: 'several months is how many?', 'why?', 'is that normal?'."""

    route = Route.MORE_DETAIL


class ActionForgetBooking(Action):
    """After an escalation during the booking form (utter_red_flag, written by the Rasa
    server, and the form closed by the rules): nothing typed into the form is kept, and
    the patient is told that nothing was sent."""

    def name(self) -> Text:
        return "action_forget_booking"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[Dict[Text, Any]]:
        dispatcher.utter_message(text=replies.BOOKING_STOPPED)  # the patient is told the form stopped
        return clear_booking_slots() + [SlotSet("requested_slot", None)]


class ActionWarningSigns(ReadingAction):
    """Which signs after surgery need help now (general question, not a report)."""

    route = Route.WARNING_SIGNS


class ActionFallback(ReadingAction):
    """Not understood: offer the likeliest topics instead of guessing."""

    route = Route.FALLBACK


class ActionCoreFallback(ReadingAction):
    """No rule fits the conversation (Rasa's core fallback): after an escalation the
    reminder, otherwise a request to rephrase; the message is then set aside, as Rasa's
    own action_default_fallback does, so the conversation goes on where it was."""

    route = Route.CORE_FALLBACK

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[Dict[Text, Any]]:
        return await super().run(dispatcher, tracker, domain) + [UserUtteranceReverted()]


class ActionAcknowledge(ReadingAction):
    """'ok', 'yes', 'no' outside a question: after an escalation, repeat what to do; after
    "Which procedure…?", "both" or "not sure" is an answer."""

    route = Route.ACKNOWLEDGE


class ActionOutOfScope(ReadingAction):
    """Not about the procedures: say so; a practical question (parking, address) gets the
    clinic's contact details instead."""

    route = Route.OUT_OF_SCOPE
