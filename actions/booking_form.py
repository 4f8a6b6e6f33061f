"""The appointment booking form: validation, questions, summary and hand-off."""

from __future__ import annotations

import asyncio
from dataclasses import replace
import logging
from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import EventType, FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from clinic import replies
from actions import actions as answering
from actions.state import clear_booking_slots, offered_payloads, send
from clinic.understanding import booking_answers, booking_text, procedures
from clinic.booking.interruptions import load_interruptions
from clinic.booking.validation import display_phone
from clinic.booking import (
    StoreUnavailable,
    clean_name,
    default_store,
    deliver_pending,
    explain_contact_problem,
    parse_contact,
    webhook_url,
)
from clinic.settings import clinic
from clinic.knowledge import default_knowledge_base
from clinic.rendering import render
from clinic.understanding.reading import Route, read, topics_asked
from actions.context import context_of, message_of, set_with_last_reply

logger = logging.getLogger(__name__)

NOT_SURE = "not_sure"
FROM_CONTEXT = "from_context"  # "yes" to "Is it about <procedure>?"
MAX_TIMES_CHARS = 300
# Intents that interrupt the form (answered, then the form asks again; or escalated, or
# stopped), when the classifier is sure: the topics and data/booking_interruptions.yml,
# which data/rules/ follow (tests/unit/test_intent_lists.py).
TOPIC_INTENTS = {f"ask_{topic}" for topic in default_knowledge_base().topics}
INTERRUPTIONS = load_interruptions()
INTERRUPTING_INTENTS = TOPIC_INTENTS | set(INTERRUPTIONS.answered) | INTERRUPTIONS.ending
SURE = 0.7
# Messages from which no booking detail is taken.
ESCALATION_OR_STOP = ("stop", "report_emergency", "report_urgent_symptom")


# The slots to ask again for each detail a patient may change (booking_text.DETAIL_WORDS' keys).
DETAIL_SLOTS = {
    "contact": ("booking_phone", "booking_email", "booking_contact", "booking_contact_failures"),
    "name": ("booking_name",),
    "procedure": ("booking_procedure",),
    "times": ("booking_times",),
}
SLOT_DETAIL = {
    "booking_name": "name",
    "booking_contact": "contact",
    "booking_procedure": "procedure",
    "booking_times": "times",
}


def correction(tracker: Tracker) -> Optional[str]:
    """The earlier, already given detail the latest message corrects ("actually I need to
    change the procedure" at the times question), or None."""
    detail = booking_text.correction_of(latest_text(tracker), SLOT_DETAIL.get(tracker.get_slot("requested_slot")))
    if detail and any(tracker.get_slot(slot) for slot in DETAIL_SLOTS[detail]):
        return detail
    return None


def interrupted(tracker: Tracker) -> bool:
    """Whether the latest message is a question or command rather than an answer."""
    intent = tracker.latest_message.get("intent") or {}
    # "before that, how long is the recovery? I work in a warehouse": a question mark anywhere
    sure = intent.get("confidence", 0) >= SURE or "?" in latest_text(tracker)
    return intent.get("name") in INTERRUPTING_INTENTS and sure


def answer_to(slot: str, tracker: Tracker) -> bool:
    """Whether the latest message answers the form's question for `slot` (a phone number
    typed when the procedure is asked is a correction, not an answer)."""
    if tracker.get_slot("requested_slot") != slot or correction(tracker):
        return False
    text = latest_text(tracker)
    intent = (tracker.latest_message.get("intent") or {}).get("name")
    if (
        slot == "booking_times"
        and booking_answers.names_times(text)
        and "?" not in text
        and intent not in ESCALATION_OR_STOP
    ):
        return True
    if interrupted(tracker):
        return False
    return slot in ("booking_name", "booking_contact") or not any(parse_contact(text))


def contact_correction(tracker: Tracker) -> List[EventType]:
    """SlotSets for a phone number or email address in the latest message ("sorry, my
    number is 555 303 4041"); only what is given is replaced. Empty if there is none."""
    if (tracker.latest_message.get("intent") or {}).get("name") in ESCALATION_OR_STOP:
        return []
    phone, email = parse_contact(latest_text(tracker))
    return [SlotSet(slot, value) for slot, value in (("booking_phone", phone), ("booking_email", email)) if value]


def details_given(tracker: Tracker) -> Dict[Text, Any]:
    """Details the patient gives without being asked: a name, phone number or email address
    in the message that starts the form or answers another question, the procedure and the
    preferred times named when asking to book, or a corrected phone number."""
    intent = (tracker.latest_message.get("intent") or {}).get("name")
    if intent in ESCALATION_OR_STOP:
        return {}
    text, requested, found = latest_text(tracker), tracker.get_slot("requested_slot"), {}
    if requested != "booking_contact":
        found.update({e["name"]: e["value"] for e in contact_correction(tracker)})
    name = (
        booking_answers.given_name(text)
        if requested != "booking_name" and not tracker.get_slot("booking_name")
        else None
    )
    if name:
        found["booking_name"] = name
    entities = list(tracker.get_latest_entity_values("procedure"))
    # named, or described ("it's about the pelvic screws surgery")
    named = procedures.refer(text, default_knowledge_base(), entity_values=entities).procedures
    if requested is None and intent == "book_appointment" and len(named) == 1:
        found["booking_procedure"] = named[0]
    times = booking_answers.times_given(text) if requested is None and intent == "book_appointment" else None
    if times and not tracker.get_slot("booking_times"):  # "…, Tuesdays or Thursdays after 3"
        found["booking_times"] = times
    return {k: v for k, v in found.items() if tracker.get_slot(k) != v}


def latest_text(tracker: Tracker) -> str:
    """What the patient typed: the user event's text, where a payload that was not offered
    keeps its "/" (components/payload_guard.py drops it only for the NLU)."""
    for event in reversed(tracker.events):
        if event.get("event") == "user":
            return str(event.get("text") or "")
    return str(tracker.latest_message.get("text") or "")


class ValidateBookingForm(FormValidationAction):
    """Extracts and checks each answer; a wrong one is re-asked with what is wrong."""

    def name(self) -> Text:
        return "validate_booking_form"

    async def required_slots(
        self, domain_slots: List[Text], dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[Text]:
        # The contact question fills booking_phone and/or booking_email.
        if tracker.get_slot("booking_phone") or tracker.get_slot("booking_email"):
            domain_slots = [s for s in domain_slots if s != "booking_contact"]
        if tracker.get_slot("booking_changing"):  # "Change" at the summary: which detail?
            return ["booking_change_detail"] + domain_slots
        return domain_slots

    async def get_extraction_events(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[EventType]:
        given = details_given(tracker)
        events = await super().get_extraction_events(dispatcher, tracker, domain)
        if any(tracker.get_slot(k) for k in given if k in ("booking_phone", "booking_email")):
            dispatcher.utter_message(text=replies.BOOKING_CONTACT_CHANGED)  # a correction
        events += [SlotSet(k, v) for k, v in given.items()]
        detail = correction(tracker)
        intent = (tracker.latest_message.get("intent") or {}).get("name")
        if detail and intent not in ESCALATION_OR_STOP and not set(DETAIL_SLOTS[detail]) & set(given):
            # "actually I need to change the procedure": ask for it again, not stored as this answer
            dispatcher.utter_message(text=replies.BOOKING_CHANGE_DETAIL)
            events += [SlotSet(slot, None) for slot in DETAIL_SLOTS[detail]]
        return events

    async def get_validation_events(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[EventType]:
        # rasa_sdk validates only the form's required slots and drops the others: keep a
        # phone number or email address given unasked (they are checked when parsed)
        given = {k: v for k, v in tracker.slots_to_validate().items() if k in ("booking_phone", "booking_email")}
        events = await super().get_validation_events(dispatcher, tracker, domain)
        validated = {e["name"] for e in events}
        return events + [SlotSet(k, v) for k, v in given.items() if k not in validated]

    async def extract_booking_name(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[Text, Any]:
        if not answer_to("booking_name", tracker):
            return {}
        text = latest_text(tracker)
        if any(parse_contact(text)):  # "Maria Lopez, 555 123 4567"
            text = booking_answers.given_name(text) or booking_answers.first_part(text)
        return {"booking_name": text}

    async def extract_booking_contact(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[Text, Any]:
        if tracker.get_slot("requested_slot") != "booking_contact":
            return {}
        intent = (tracker.latest_message.get("intent") or {}).get("name")
        looks_like_contact = any(parse_contact(latest_text(tracker))) and intent not in ESCALATION_OR_STOP
        return {"booking_contact": latest_text(tracker)} if looks_like_contact or not interrupted(tracker) else {}

    async def extract_booking_procedure(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[Text, Any]:
        if not answer_to("booking_procedure", tracker):
            return {}
        entities = list(tracker.get_latest_entity_values("procedure"))
        intent = (tracker.latest_message.get("intent") or {}).get("name")
        if booking_answers.means_not_sure(latest_text(tracker)):  # "maybe the SI one, not sure"
            return {"booking_procedure": NOT_SURE}
        if entities:
            return {"booking_procedure": entities[0]}
        if intent == "affirm":
            return {"booking_procedure": FROM_CONTEXT}
        return {"booking_procedure": latest_text(tracker)}

    async def extract_booking_times(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[Text, Any]:
        return {"booking_times": latest_text(tracker)} if answer_to("booking_times", tracker) else {}

    async def extract_booking_consent(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[Text, Any]:
        # Decided by the words and the offered buttons, never by the intent alone.
        if tracker.get_slot("requested_slot") != "booking_consent" or correction(tracker):
            return {}
        intent = (tracker.latest_message.get("intent") or {}).get("name")
        text = latest_text(tracker)
        if intent in ESCALATION_OR_STOP and not booking_text.is_payload(text):
            return {}  # red flags and "stop" have their rules
        answer = booking_text.consent_answer(text, offered_payloads(tracker))
        if answer == booking_text.QUESTION:
            topic = booking_text.consent_question_topic(text)
            if topic:  # "what do you do with my data?": answered here, then asked again
                return {"booking_consent": f"{booking_text.QUESTION}:{topic}"}
            if interrupted(tracker):  # a question on another subject: its rule answers it
                return {}
        return {"booking_consent": {booking_text.YES: True, booking_text.NO: False}.get(answer, booking_text.UNCLEAR)}

    async def extract_booking_change_detail(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[Text, Any]:
        if tracker.get_slot("requested_slot") != "booking_change_detail":
            return {}
        intent = (tracker.latest_message.get("intent") or {}).get("name")
        detail = booking_text.detail_named(latest_text(tracker))
        if not detail and (intent in ESCALATION_OR_STOP or interrupted(tracker)):
            return {}
        return {"booking_change_detail": detail or booking_text.UNCLEAR}

    def validate_booking_change_detail(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[Text, Any]:
        if value not in DETAIL_SLOTS:
            if value is not None:
                dispatcher.utter_message(text=replies.BOOKING_CHANGE_WHICH_UNCLEAR)
            return {"booking_change_detail": None}
        # only the chosen detail is asked again; the others are kept
        return {"booking_change_detail": None, "booking_changing": None, **{s: None for s in DETAIL_SLOTS[value]}}

    def validate_booking_name(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[Text, Any]:
        if value is None:  # cleared, e.g. by "change": nothing to check
            return {"booking_name": None}
        topic = booking_text.details_question_topic(str(value))
        if topic:  # "why do you need my name?": answered, then asked again
            send(dispatcher, [replies.consent_question(topic, clinic())])
            return {"booking_name": None}
        # "Ruth Okafor (I'm her daughter, Ada)": the name without the remark
        name = booking_answers.name_in_answer(str(value))
        if not name:
            dispatcher.utter_message(text=replies.BOOKING_BAD_NAME)
        return {"booking_name": name}

    def validate_booking_contact(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[Text, Any]:
        if value is None:
            return {"booking_contact": None}
        text = str(value)
        topic = booking_text.details_question_topic(text)
        if topic and not any(parse_contact(text)):  # "what do you need my number for?"
            send(dispatcher, [replies.consent_question(topic, clinic())])
            return {"booking_contact": None}
        phone, email = parse_contact(text)
        if phone or email:
            return {"booking_contact": None, "booking_phone": phone, "booking_email": email}
        if booking_text.declines_detail(text):  # "no", "I'd rather not give my number"
            send(dispatcher, [replies.contact_declined(clinic())])
            return {"booking_contact": None}
        failures = int(tracker.get_slot("booking_contact_failures") or 0) + 1
        send(dispatcher, [replies.bad_contact(explain_contact_problem(text), failures, clinic())])
        return {"booking_contact": None, "booking_contact_failures": failures}

    def validate_booking_procedure(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[Text, Any]:
        if value is None:
            return {"booking_procedure": None}
        value = str(value)
        if value == FROM_CONTEXT:
            value = tracker.get_slot("procedure") or ""
        if value == NOT_SURE or booking_answers.means_not_sure(value):
            return {"booking_procedure": NOT_SURE}
        kb = default_knowledge_base()
        described = procedures.refer(value, kb).procedures  # "the pelvic screws one"
        procedure = kb.resolve(value) or (described[0] if len(described) == 1 else None)
        if not procedure:
            dispatcher.utter_message(text=replies.BOOKING_BAD_PROCEDURE)
        return {"booking_procedure": procedure}

    def validate_booking_times(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[Text, Any]:
        times = " ".join(str(value or "").split())[:MAX_TIMES_CHARS]
        if times and booking_text.declines_detail(times):  # "no": none in particular
            times = NO_TIMES_PREFERENCE
        return {"booking_times": times or None}

    def validate_booking_consent(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[Text, Any]:
        if value is None:
            return {"booking_consent": None}
        if value is True or value is False:
            return {"booking_consent": value}
        question, _, topic = str(value).partition(":")
        if question == booking_text.QUESTION and topic:
            send(dispatcher, [replies.consent_question(topic, clinic())])
        else:
            dispatcher.utter_message(text=replies.BOOKING_CONSENT_UNCLEAR)
        return {"booking_consent": None}


def booking_started(tracker: Tracker) -> bool:
    """Whether the form asked something before this question (its requested_slot events; or
    the summary was shown) since the patient last asked to book: events, not wording.
    "Change" at the summary, or a correction, re-asks within the same booking."""
    asks = 0
    for event in reversed(tracker.events):
        kind, name = event.get("event"), event.get("name")
        if kind == "action" and name == "action_booking_summary":
            return True
        if kind == "slot" and name == "requested_slot" and event.get("value"):
            asks += 1  # the first one found is this question's own
            if asks > 1:
                return True
        if kind == "user" and ((event.get("parse_data") or {}).get("intent") or {}).get("name") == "book_appointment":
            return False
    return False


class ActionAskBookingName(Action):
    """Ask for the name: with the opening line at the start of the form, alone when asked again."""

    def name(self) -> Text:
        return "action_ask_booking_name"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> List[EventType]:
        started = booking_started(tracker)
        dispatcher.utter_message(
            text=replies.ASK_BOOKING_NAME
            if started
            else f"{replies.booking_opening(clinic())} {replies.ASK_BOOKING_NAME}"
        )
        return []


class ActionAskBookingProcedure(Action):
    """Ask which procedure, offering the one from the conversation first."""

    def name(self) -> Text:
        return "action_ask_booking_procedure"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> List[EventType]:
        kb = default_knowledge_base()
        send(dispatcher, [replies.ask_booking_procedure(kb, kb.resolve(tracker.get_slot("procedure")))])
        return []


class ActionAskBookingChangeDetail(Action):
    """Ask which detail to change, with a button for each."""

    def name(self) -> Text:
        return "action_ask_booking_change_detail"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> List[EventType]:
        send(dispatcher, [replies.ask_change_detail()])
        return []


class ActionAskBookingConsent(Action):
    """Ask for consent, saying what is stored, why and for how long."""

    def name(self) -> Text:
        return "action_ask_booking_consent"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> List[EventType]:
        send(dispatcher, [replies.ask_consent(clinic())])
        return []


# At the summary, a question is answered by the action that answers it outside the form:
# the form's interruptions answered by an action (responses have their own rules), the
# topics, and a bare procedure name.
ANSWERING_ACTIONS = {
    cls().name(): cls
    for cls in vars(answering).values()
    if isinstance(cls, type) and issubclass(cls, Action) and cls.__module__ == answering.__name__
}
NO_TIMES_PREFERENCE = "no preference given"
CONSENT_REFUSED = "consent_refused"  # set with the no-consent reply (set_with_last_reply)


def agrees_after_refusing(tracker: Tracker) -> bool:
    """Whether the patient now agrees, right after the reply that consent was refused."""
    return set_with_last_reply(tracker, CONSENT_REFUSED) and (
        booking_text.confirm_answer(latest_text(tracker)) == booking_text.YES
    )


def start_again_after_refusal(dispatcher: CollectingDispatcher) -> List[EventType]:
    """Nothing was kept when consent was refused, so the request starts again from its first question."""
    dispatcher.utter_message(text=replies.BOOKING_AGAIN_AFTER_NO)
    return [*clear_booking_slots(), FollowupAction("booking_form")]


SUMMARY_DELEGATES = {
    **{
        intent: ANSWERING_ACTIONS[action]
        for intent, action in INTERRUPTIONS.answered.items()
        if action in ANSWERING_ACTIONS
    },
    **{intent: answering.ActionAnswerQuestion for intent in TOPIC_INTENTS | {"inform_procedure"}},
}


def summary_correction(tracker: Tracker) -> List[EventType]:
    """A correction typed at the summary: a new phone number or email address, a new
    name, or the procedure ("actually put spinopelvic fixation")."""
    events = contact_correction(tracker)
    if events:
        return events
    text = latest_text(tracker)
    new_name = booking_answers.new_name(text)
    surname = booking_answers.new_surname(text)
    if new_name:
        return [SlotSet("booking_name", new_name)]
    if surname and tracker.get_slot("booking_name"):
        first = str(tracker.get_slot("booking_name")).split()[:-1] or [""]
        name = clean_name(" ".join(first + [surname]))
        return [SlotSet("booking_name", name)] if name else []
    times = booking_answers.new_times(text)
    if times:
        return [SlotSet("booking_times", " ".join(times.split())[:MAX_TIMES_CHARS])]
    procedures = default_knowledge_base().find_procedures(text)
    if (
        len(procedures) == 1
        and booking_answers.says_change(text)
        and procedures[0] != tracker.get_slot("booking_procedure")
    ):
        return [SlotSet("booking_procedure", procedures[0])]
    return []


def say_changed(dispatcher: CollectingDispatcher, events: List[EventType]) -> None:
    contact = any(e["name"] in ("booking_phone", "booking_email") for e in events)
    dispatcher.utter_message(text=replies.BOOKING_CONTACT_CHANGED if contact else replies.BOOKING_DETAILS_CHANGED)


class ActionBookingSummary(Action):
    """Show the request before it is sent: confirm, change or cancel.

    Shown again after a message at the summary: a new phone number or email address
    replaces the old one, a question is answered first."""

    def name(self) -> Text:
        return "action_booking_summary"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> List[EventType]:
        answered = tracker.latest_action_name == "action_listen"  # else: shown after the form or again
        if not tracker.get_slot("booking_consent"):
            if answered and agrees_after_refusing(tracker):  # "wait, actually I do agree"
                return start_again_after_refusal(dispatcher)
            if answered:
                # no request any more (sent, cancelled or refused): the message is answered as any other
                delegate = SUMMARY_DELEGATES.get((tracker.latest_message.get("intent") or {}).get("name"))
                return await (delegate or answering.ActionFallback)().run(dispatcher, tracker, domain)
            send(dispatcher, [replies.no_consent(clinic())])
            return [*clear_booking_slots(), SlotSet(CONSENT_REFUSED, True)]
        slots = tracker.current_slot_values()
        events = summary_correction(tracker) if answered else []
        if events:
            say_changed(dispatcher, events)
            slots.update({e["name"]: e["value"] for e in events})
        elif answered:
            # the words decide, whatever the intent: a clear yes sends, a clear no cancels
            answer = booking_text.confirm_answer(latest_text(tracker), offered_payloads(tracker))
            # sent or cancelled here, not by a follow-up action: the rules then wait for the patient
            # (after a follow-up action no rule applied: "lost the thread", and the summary came back)
            if answer == booking_text.YES:
                return await ActionSubmitBooking().run(dispatcher, tracker, domain)
            if answer == booking_text.NO:
                return await ActionCancelBooking().run(dispatcher, tracker, domain)
            delegate = SUMMARY_DELEGATES.get((tracker.latest_message.get("intent") or {}).get("name"))
            if delegate:
                events = await delegate().run(dispatcher, tracker, domain)
            else:
                dispatcher.utter_message(text=replies.BOOKING_CONFIRM_UNCLEAR)
        phone = slots.get("booking_phone")
        shown = display_phone(str(phone)) if phone else None
        send(dispatcher, [replies.booking_summary(default_knowledge_base(), slots, shown)])
        return events


class ActionSubmitBooking(Action):
    """Store the request, forward it to the clinic, give the patient a reference."""

    def name(self) -> Text:
        return "action_submit_booking"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> List[EventType]:
        slots = tracker.current_slot_values()
        if not slots.get("booking_consent") or not slots.get("booking_name"):
            send(dispatcher, [replies.no_consent(clinic())])
            return clear_booking_slots()
        # only an explicit confirm sends, whatever the classifier made of the message
        if booking_text.confirm_answer(latest_text(tracker), offered_payloads(tracker)) != booking_text.YES:
            dispatcher.utter_message(text=replies.BOOKING_CONFIRM_UNCLEAR)
            return [FollowupAction("action_booking_summary")]
        try:
            reference = await asyncio.get_running_loop().run_in_executor(None, store_and_forward, slots)
        except StoreUnavailable as exc:
            logger.error("booking request could not be stored: %s", exc)  # no contact details
            send(dispatcher, [replies.booking_failed(clinic())])
            return clear_booking_slots()
        send(dispatcher, [replies.booking_confirmation(reference, clinic())])
        return clear_booking_slots()


def store_and_forward(slots: Dict[str, Any]) -> str:
    """Store the request; forward it and any earlier undelivered ones. Returns the reference."""
    store = default_store()
    request = store.add(
        name=slots["booking_name"],
        phone=slots.get("booking_phone"),
        email=slots.get("booking_email"),
        procedure=slots.get("booking_procedure") or NOT_SURE,
        preferred_times=slots.get("booking_times") or "",
        consent=True,
    )
    url = webhook_url()
    if url:
        try:
            deliver_pending(store, url, timeout=3.0, retries=1, backoff=0.2)
        except StoreUnavailable as exc:  # stored, not yet delivered: the retry command will
            logger.warning("booking %s stored, delivery postponed: %s", request.reference, exc)
    return request.reference


def answer_withdrawn_question(dispatcher: CollectingDispatcher, tracker: Tracker) -> List[EventType]:
    """ "no I just wanted to know how long the recovery is": after the form stops, the
    question its words ask is answered (nothing is lost); [] when it asks none."""
    kb = default_knowledge_base()
    message, context = message_of(tracker), context_of(tracker)
    if not booking_text.withdraws(message.text) or not topics_asked(message, kb):
        return []
    question = replace(message, intent="", ranking=())  # the words alone say what it asks
    response = render(read(Route.QUESTION, question, context, kb), question, context, kb)
    send(dispatcher, response.replies)
    return [SlotSet(name, value) for name, value in response.slots]


class ActionCancelBooking(Action):
    """Stop the booking cleanly; nothing is stored."""

    def name(self) -> Text:
        return "action_cancel_booking"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> List[EventType]:
        if agrees_after_refusing(tracker):  # "wait, I changed my mind, yes I agree" taken for a refusal
            return start_again_after_refusal(dispatcher)
        at_summary = tracker.active_loop_name is None and tracker.get_slot("booking_consent") is True
        if at_summary and not booking_text.means_cancel(latest_text(tracker), offered_payloads(tracker)):
            # a message mis-read as "no" ("🤔"): the summary again, nothing lost
            dispatcher.utter_message(text=replies.BOOKING_CONFIRM_UNCLEAR)
            return [FollowupAction("action_booking_summary")]
        send(dispatcher, [replies.booking_cancelled(clinic())])
        # during the form, the rules then deactivate it
        return clear_booking_slots() + answer_withdrawn_question(dispatcher, tracker)


class ActionRestartBooking(Action):
    """'Change': ask again for the detail named ("change the phone number"), or ask which
    one (buttons); a message that brings a new phone number or email address just replaces it."""

    def name(self) -> Text:
        return "action_restart_booking"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> List[EventType]:
        at_summary = tracker.active_loop_name is None and tracker.get_slot("booking_consent")
        correction = summary_correction(tracker) if at_summary else contact_correction(tracker)
        if correction:  # at the summary, show it again; during the form, it goes on
            say_changed(dispatcher, correction)
            return correction + ([FollowupAction("action_booking_summary")] if at_summary else [])
        detail = booking_text.detail_named(latest_text(tracker))
        if detail:
            dispatcher.utter_message(text=replies.BOOKING_CHANGE_DETAIL)
            return [SlotSet(slot, None) for slot in DETAIL_SLOTS[detail]] + [SlotSet("requested_slot", None)]
        # "Change": the form asks which detail (buttons), then only that one
        return [SlotSet("booking_changing", True), SlotSet("requested_slot", None)]
