"""Custom actions: read the tracker, ask the services, send the replies."""

from __future__ import annotations

from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet, UserUtteranceReverted
from rasa_sdk.executor import CollectingDispatcher

from actions.state import clear_booking_slots, send, slot_before_latest_message
from clinic import replies
from clinic.settings import clinic
from clinic.glossary import default_glossary
from clinic.knowledge import KnowledgeBase, default_knowledge_base
from clinic.office import clear_subject, office_answer, subject_of
from clinic.understanding import procedures, retrieval, routing
from clinic.understanding.facets import facets_in
from clinic.understanding.subjects import mention_elsewhere, subjects_in

QUESTION_PREFIX = "ask_"
# A compound question gets at most this many topics answered.
MAX_TOPICS_PER_ANSWER = 3
# Below this confidence, a topic in the NLU ranking is not worth answering or offering.
MIN_TOPIC_CONFIDENCE = 0.15
# Office subjects clear enough from the words alone to answer when the classifier is unsure.
OFFICE_SUBJECTS_CLEAR = {
    "insurance",
    "location",
    "referral",
    "second_opinion",
    "reviews",
    "telehealth",
    "language",
    "waiting",
    "existing_appointment",
    "contact",
    "hours",
}
# Office subjects answered even when the classifier took the message as out of scope.
OFFICE_SUBJECTS_OUT_OF_SCOPE = {"location", "insurance", "referral", "reviews", "second_opinion", "hours"}
# Intents worth offering when the assistant is unsure what was meant.
SUGGESTIBLE = {"book_appointment", "human_handoff", "ask_warning_signs", "ask_personal_advice"}
MIN_SUGGESTION_CONFIDENCE = 0.1
# Slots an action sets with a reply, true only while that reply is the assistant's last
# message (domain/core.yml): the state comes from events, never from the replies' wording.
ASKED_WHICH_PROCEDURE = "which_procedure_asked"  # the reply asked which procedure
REMINDED = "escalated"  # the reply was the red-flag reminder, all the action said


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


def remind(dispatcher: CollectingDispatcher) -> List[Dict[Text, Any]]:
    """Send the red-flag reminder as the whole reply; the events that mark it (just_escalated)."""
    send(dispatcher, [replies.red_flag_reminder(clinic())])
    return [SlotSet(REMINDED, True)]


def clarified_procedures(tracker: Tracker, kb: KnowledgeBase) -> List[str]:
    """The answer to "Which procedure…?" by position or as every procedure (see procedures.clarified)."""
    return procedures.clarified(tracker.latest_message.get("text") or "", kb, asked_which_procedure(tracker))


def procedure_reference(tracker: Tracker, kb: KnowledgeBase) -> procedures.Reference:
    """What the latest message says about procedures (clinic.understanding.procedures.refer)."""
    return procedures.refer(
        tracker.latest_message.get("text") or "",
        kb,
        entity_values=[str(v) for v in tracker.get_latest_entity_values("procedure")],
        # before this message: its own `procedure` entity has already filled the slot
        in_context=kb.resolve(slot_before_latest_message(tracker, "procedure")),
        asked_which=asked_which_procedure(tracker),
    )


def mentioned_procedures(tracker: Tracker, kb: KnowledgeBase) -> List[str]:
    """Procedure ids the latest message is about, in order (empty when it names none)."""
    return list(procedure_reference(tracker, kb).procedures)


def kb_names(kb: KnowledgeBase) -> List[str]:
    """The procedures' names, normalised (as facets_in reads them)."""
    return [name for name, _ in kb.names()]


def asked_topic(tracker: Tracker, kb: KnowledgeBase) -> Optional[str]:
    """The topic of the latest intent, if it is a topic question."""
    intent = (tracker.latest_message.get("intent") or {}).get("name") or ""
    topic = intent[len(QUESTION_PREFIX) :] if intent.startswith(QUESTION_PREFIX) else None
    return topic if topic in kb.topics else None


class ActionAnswerQuestion(Action):
    """Answer a topic question (or a bare procedure name) from the knowledge base.

    The topic comes from the intent, or from the `topic` slot for a follow-up
    like "and what about spinopelvic fixation?". The procedure comes from the
    message, or from the `procedure` slot; with neither, it asks which one.
    """

    def name(self) -> Text:
        return "action_answer_question"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[Dict[Text, Any]]:
        kb = default_knowledge_base()
        topic = asked_topic(tracker, kb) or tracker.get_slot("topic") or "overview"
        text = tracker.latest_message.get("text") or ""
        answered = answer_what_if(dispatcher, tracker, kb, text)
        if answered is not None:
            return answered
        if (
            topic == "overview"
            and asked_topic(tracker, kb)
            and routing.asks_definition(text)
            and not facets_in(text, kb_names(kb))
        ):
            # "what is the sacrum?" taken for an overview question: explain the word
            hits = default_glossary().find(text, kb.names())
            if hits and all(h.kind == "term" for h in hits) and not routing.compares(text):
                terms = [h.key for h in hits]
                send(dispatcher, replies.explain_terms(kb, default_glossary(), terms, tracker.active_loop_name is None))
                return explained(tracker, kb, terms)
        if (
            topic == "cost"
            and asked_topic(tracker, kb)
            and subject_of(text) == "insurance"
            and not routing.asks_cost(text)
            and not kb.find_procedures(text)
        ):
            # "do you take medicare?": an office question, not one about a procedure
            send(dispatcher, [replies.Reply(office_answer(text, clinic()), [replies.BOOK_BUTTON])])
            return [SlotSet("topic", topic)]
        return answer_topic(dispatcher, tracker, kb, topic)


def answer_topic(
    dispatcher: CollectingDispatcher, tracker: Tracker, kb: KnowledgeBase, topic: str
) -> List[Dict[Text, Any]]:
    """Answer `topic` for the procedure(s) in the message or the conversation, or ask which.

    Right after an escalation the reminder comes first; if the message is not a question,
    or is about waiting or playing the symptoms down, it comes alone."""
    if just_escalated(tracker):
        text = tracker.latest_message.get("text") or ""
        if routing.still_waiting(text) or not routing.question_like(text):
            return remind(dispatcher)  # "it came on all at once this evening": more about the symptom
        send(dispatcher, [replies.red_flag_reminder(clinic())])
    text = tracker.latest_message.get("text") or ""
    # every topic the question asks, in its own words ("asleep? and face down?"), else the given one
    asked = [t for t in facets_in(text, kb_names(kb)) if t in kb.topics]
    topics = asked[:MAX_TOPICS_PER_ANSWER] or [topic]
    topic = topics[0]
    reference = procedure_reference(tracker, kb)
    procedures = list(reference.procedures)
    if not procedures and kb.resolve(tracker.get_slot("procedure")):
        procedures = [kb.resolve(tracker.get_slot("procedure"))]
    if not procedures and retrieval.only_page(kb, text):
        procedures = [retrieval.only_page(kb, text)]  # "early pain relief means…?": words of one page only
    if reference.unnamed and procedures:
        # "iFuse", "S2AI screws": names the clinic's pages don't use
        send(dispatcher, [replies.unnamed_names(kb, reference.unnamed, procedures)])
    if not procedures and not kb.covered_anywhere(topic):
        # e.g. cost: no document covers it, so asking which procedure would not help
        send(dispatcher, [replies.not_covered_anywhere(kb, topic, clinic())])
        return [SlotSet("topic", topic)]
    unmentioned = [s for s in subjects_in(text) if not any(mention_elsewhere(kb, p, s, "") for p in kb.procedures)]
    if not procedures and unmentioned:
        # "is there an age limit?": no page mentions it, so asking which procedure would not help
        send(dispatcher, [replies.not_mentioned_anywhere(kb, unmentioned, clinic())])
        return [SlotSet("topic", topic)]
    if not procedures:
        send(dispatcher, [replies.ask_which_procedure(kb, topic)])
        return [SlotSet("topic", topic), SlotSet("procedure", None), SlotSet(ASKED_WHICH_PROCEDURE, True)]
    first = not tracker.get_slot("disclaimer_shown")
    answers = {each: [kb.answer(p, each).text for p in procedures] for each in topics}
    for i, each in enumerate(topics):
        last = i == len(topics) - 1
        messages = replies.answer(
            kb,
            procedures,
            each,
            clinic(),
            with_disclaimer=first and last,
            offer_booking=tracker.active_loop_name is None,
            question=text,
            also_said=[said for other, texts in answers.items() if other != each for said in texts],
        )
        if not last:
            messages[-1].buttons = []  # the next steps follow the last answer
        send(dispatcher, messages)
    if topics[-1] == "normal_after_surgery":  # "the incision is a bit sore, is that normal?"
        send(dispatcher, [replies.warning_signs(clinic())])
    return slot_changes(tracker, topic=topics[-1], procedure=procedures[-1], disclaimer_shown=True, term=None)


def answer_what_if(
    dispatcher: CollectingDispatcher, tracker: Tracker, kb: KnowledgeBase, text: str
) -> Optional[List[Dict[Text, Any]]]:
    """ "What if the SI joint never fuses?": what the page says of the subject named (not the
    word "SI joint" explained); None when the message is no such question or names no
    subject or procedure."""
    if just_escalated(tracker):
        return None  # the reminder comes first (answer_topic)
    asked = subjects_in(text) if routing.asks_what_if(text) else []
    if not asked:
        return None  # (checked first: every answer passes here)
    procedure = (mentioned_procedures(tracker, kb) or [kb.resolve(tracker.get_slot("procedure"))])[0]
    if not procedure:
        return None
    send(dispatcher, [replies.on_subjects(kb, procedure, asked, clinic())])
    return slot_changes(tracker, procedure=procedure)


def explained(tracker: Tracker, kb: KnowledgeBase, terms: List[str]) -> List[Dict[Text, Any]]:
    """Slots after explaining `terms`: the last term, and the procedure when the conversation
    has none and every term comes from one procedure's document ("screws in his pelvis")."""
    documents = {doc for term in terms for doc in default_glossary().terms[term].sources}
    owners = [p.id for p in kb.procedures.values() if p.source_document in documents]
    events = [SlotSet("term", terms[-1])]
    if len(owners) == 1 and not kb.resolve(tracker.get_slot("procedure")):
        events.append(SlotSet("procedure", owners[0]))
    return events


def slot_changes(tracker: Tracker, **values: Any) -> List[Dict[Text, Any]]:
    """SlotSet events for the slots whose value changes (fewer events to check and store)."""
    return [SlotSet(name, value) for name, value in values.items() if tracker.get_slot(name) != value]


def ranked_topics(tracker: Tracker, kb: KnowledgeBase) -> List[str]:
    """Topics in the latest message's intent ranking, likeliest first."""
    return [
        r["name"][len(QUESTION_PREFIX) :]
        for r in tracker.latest_message.get("intent_ranking") or []
        if r.get("confidence", 0) >= MIN_TOPIC_CONFIDENCE and r["name"][len(QUESTION_PREFIX) :] in kb.topics
    ]


# what the rules run after utter_red_flag, before listening
AFTER_ESCALATION = ("action_listen", "action_deactivate_loop", "action_forget_booking")


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


class ActionPersonalAdvice(Action):
    """'Should I have this surgery?': general criteria, the surgeon decides."""

    def name(self) -> Text:
        return "action_personal_advice"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[Dict[Text, Any]]:
        kb = default_knowledge_base()
        text = tracker.latest_message.get("text") or ""
        if just_escalated(tracker):  # "should I just wait till Monday?"
            return remind(dispatcher)
        if tracker.get_slot("topic") == "normal_after_surgery" and routing.worried(text):
            # "should I be worried?" after "a bit sore…": what is common, and the warning signs
            return answer_topic(dispatcher, tracker, kb, "normal_after_surgery")
        topics = ranked_topics(tracker, kb)
        if topics and not routing.asks_personal_decision(text) and not routing.asks_about_medicines(text):
            # a factual question with personal context ("I'm 61… will I need both sides done?")
            return answer_topic(dispatcher, tracker, kb, topics[0])
        procedures = mentioned_procedures(tracker, kb) or [p for p in [kb.resolve(tracker.get_slot("procedure"))] if p]
        asked = subjects_in(text)
        if procedures and asked:  # "MRI after spinopelvic fixation, is it ok?": what the page says of it
            send(dispatcher, [replies.on_subjects(kb, procedures[-1], asked, clinic())])
            return [SlotSet("procedure", procedures[-1])]
        send(dispatcher, replies.personal_advice(kb, procedures, clinic(), text))
        return [SlotSet("procedure", procedures[-1])] if procedures else []


class ActionGreet(Action):
    """Introduce the assistant, with the disclaimer and the office status."""

    def name(self) -> Text:
        return "action_greet"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[Dict[Text, Any]]:
        send(dispatcher, [replies.greeting(clinic(), default_knowledge_base())])
        return []


class ActionContactClinic(Action):
    """How to reach a person: phone, booking link, opening status."""

    def name(self) -> Text:
        return "action_contact_clinic"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[Dict[Text, Any]]:
        subject = subject_of(tracker.latest_message.get("text") or "")
        if subject and subject != "contact":  # "where are you located?" taken for a contact request
            send(
                dispatcher,
                [
                    replies.Reply(
                        office_answer(tracker.latest_message.get("text") or "", clinic()), [replies.BOOK_BUTTON]
                    )
                ],
            )
        else:
            send(dispatcher, [replies.contact(clinic())])
        return []


class ActionOfficeInfo(Action):
    """Office questions (insurance, address, parking, referral, ...): what clinic.yml knows,
    and plainly what it does not, with the phone number and booking."""

    def name(self) -> Text:
        return "action_office_info"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[Dict[Text, Any]]:
        text = tracker.latest_message.get("text") or ""
        kb = default_knowledge_base()
        if procedure_reference(tracker, kb).unnamed:  # "is the Rialto system the one you use?"
            return answer_topic(dispatcher, tracker, kb, "overview")
        buttons = [replies.BOOK_BUTTON] if tracker.active_loop_name is None else []
        send(dispatcher, [replies.Reply(office_answer(text, clinic()), buttons)])
        return []


class ActionExplainTerm(Action):
    """'What is the sacrum?': the glossary explanation of a word from the documents."""

    def name(self) -> Text:
        return "action_explain_term"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[Dict[Text, Any]]:
        kb = default_knowledge_base()
        glossary = default_glossary()
        text = tracker.latest_message.get("text") or ""
        if (
            tracker.get_slot("topic")
            and asked_which_procedure(tracker)
            and (clarified_procedures(tracker, kb) or (kb.find_procedures(text) and routing.short(text)))
        ):  # "fixation" in answer to "Which procedure…?"
            return answer_topic(dispatcher, tracker, kb, tracker.get_slot("topic"))
        answered = answer_what_if(dispatcher, tracker, kb, text)
        if answered is not None:
            return answered
        facets = facets_in(text, kb_names(kb))
        if facets and not routing.starts_as_definition(text):
            # "S2AI screws and iliac crest, was I put under general?": the topic, not the words
            return answer_topic(dispatcher, tracker, kb, facets[0])
        hits = glossary.find(text, kb.names())
        terms = [h.key for h in hits if h.kind == "term"]
        if terms:
            send(dispatcher, replies.explain_terms(kb, glossary, terms, tracker.active_loop_name is None))
            return explained(tracker, kb, terms)
        if any(h.kind == "procedure" for h in hits) or routing.other_one(text):
            return answer_topic(dispatcher, tracker, kb, "overview")  # "what does si joint fusion mean?"
        send(dispatcher, [replies.unknown_term(kb, glossary, clinic())])
        return []


class ActionMoreDetail(Action):
    """A follow-up on the last answer: 'several months is how many?', 'why?', 'is that normal?'."""

    def name(self) -> Text:
        return "action_more_detail"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[Dict[Text, Any]]:
        kb = default_knowledge_base()
        if just_escalated(tracker):
            return remind(dispatcher)
        term = default_glossary().get(tracker.get_slot("term") or "")
        if term:  # a follow-up on a word just explained ("how common is it?")
            send(dispatcher, [replies.more_on_term(kb, term, tracker.latest_message.get("text") or "", clinic())])
            return []
        procedure = (mentioned_procedures(tracker, kb) or [kb.resolve(tracker.get_slot("procedure"))])[0]
        reply = replies.more_detail(
            kb, procedure, tracker.get_slot("topic"), tracker.latest_message.get("text") or "", clinic()
        )
        send(dispatcher, [reply])
        return []


class ActionForgetBooking(Action):
    """After an escalation during the booking form (utter_red_flag, written by the Rasa
    server, and the form closed by the rules): nothing typed into the form is kept."""

    def name(self) -> Text:
        return "action_forget_booking"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[Dict[Text, Any]]:
        return clear_booking_slots() + [SlotSet("requested_slot", None)]


class ActionWarningSigns(Action):
    """Which signs after surgery need help now (general question, not a report)."""

    def name(self) -> Text:
        return "action_warning_signs"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[Dict[Text, Any]]:
        send(dispatcher, [replies.warning_signs(clinic())])
        return []


class ActionFallback(Action):
    """Not understood: offer the likeliest topics instead of guessing."""

    def name(self) -> Text:
        return "action_fallback"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[Dict[Text, Any]]:
        kb = default_knowledge_base()
        if just_escalated(tracker):
            return remind(dispatcher)
        if clarified_procedures(tracker, kb) and tracker.get_slot("topic"):  # "the first one"
            return answer_topic(dispatcher, tracker, kb, tracker.get_slot("topic"))
        text = tracker.latest_message.get("text") or ""
        if procedure_reference(tracker, kb).unnamed:  # "do you use iFuse?": what the pages say instead
            facets = facets_in(text, kb_names(kb))
            return answer_topic(dispatcher, tracker, kb, facets[0] if facets else "overview")
        hits = default_glossary().find(text, kb.names())
        if (
            tracker.get_slot("topic")
            and kb.find_procedures(text)
            and routing.follow_up(text)
            and not any(h.kind == "term" for h in hits)
        ):  # "what about with SI joint fusion": the same topic for the procedure named
            return answer_topic(dispatcher, tracker, kb, tracker.get_slot("topic"))
        # Unsure classifier, but the words are unambiguous: a word from the documents
        # ("what's the ilium?") or a practical office question ("what about medicare?").
        if (routing.asks_definition(text) or routing.short(text)) and hits and all(h.kind == "term" for h in hits):
            send(dispatcher, replies.explain_terms(kb, default_glossary(), [h.key for h in hits]))
            return explained(tracker, kb, [h.key for h in hits])
        if clear_subject(text) in OFFICE_SUBJECTS_CLEAR and not kb.find_procedures(text):
            send(dispatcher, [replies.Reply(office_answer(text, clinic()), [replies.BOOK_BUTTON])])
            return []
        if routing.story_not_question(text):
            # "I had a car accident two months ago and broke my pelvis": a story, not a question
            known = mentioned_procedures(tracker, kb) or [kb.resolve(tracker.get_slot("procedure"))]
            send(dispatcher, [replies.history_noted(kb, known[-1])])
            return [SlotSet("procedure", known[-1])] if known[-1] else []
        known = mentioned_procedures(tracker, kb) or kb.resolve(tracker.get_slot("procedure"))
        facets = facets_in(text, kb_names(kb))
        if known and facets:  # "why would somebody need it fused?": the topic in the patient's words
            return answer_topic(dispatcher, tracker, kb, facets[0])
        asked = subjects_in(text)
        if known and asked:  # "why the breathing physio after spinopelvic fixation?": what the page says of it
            procedure = known[0] if isinstance(known, list) else known
            send(dispatcher, [replies.on_subjects(kb, procedure, asked, clinic())])
            return slot_changes(tracker, procedure=procedure)
        procedure = known[0] if isinstance(known, list) else known
        found = retrieval.sentence_for(kb, procedure, text) if procedure else None
        if procedure and found:  # "is it a rigid fix?": the page's sentence that uses the words
            send(dispatcher, [replies.on_words(kb, procedure, found)])
            return slot_changes(tracker, procedure=procedure)
        suggestions = [
            r["name"]
            for r in tracker.latest_message.get("intent_ranking") or []
            if r.get("confidence", 0) >= MIN_SUGGESTION_CONFIDENCE
            and (r["name"] in SUGGESTIBLE or r["name"][len(QUESTION_PREFIX) :] in kb.topics)
        ][:3]
        procedure = (mentioned_procedures(tracker, kb) or [kb.resolve(tracker.get_slot("procedure"))])[0]
        send(dispatcher, [replies.fallback(kb, suggestions, procedure)])
        return []


class ActionCoreFallback(Action):
    """No rule fits the conversation (Rasa's core fallback): after an escalation the
    reminder, otherwise a request to rephrase; the message is then set aside, as Rasa's
    own action_default_fallback does, so the conversation goes on where it was."""

    def name(self) -> Text:
        return "action_core_fallback"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[Dict[Text, Any]]:
        if just_escalated(tracker):
            return remind(dispatcher) + [UserUtteranceReverted()]
        dispatcher.utter_message(text=replies.LOST_THREAD)
        return [UserUtteranceReverted()]


class ActionAcknowledge(Action):
    """'ok', 'yes', 'no' outside a question: after an escalation, repeat what to do; after
    "Which procedure…?", "both" or "not sure" is an answer."""

    def name(self) -> Text:
        return "action_acknowledge"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[Dict[Text, Any]]:
        kb = default_knowledge_base()
        if just_escalated(tracker):
            return remind(dispatcher)
        elif clarified_procedures(tracker, kb) and tracker.get_slot("topic"):  # "both", "not sure"
            return answer_topic(dispatcher, tracker, kb, tracker.get_slot("topic"))
        else:
            send(dispatcher, [replies.anything_else(kb)])
        return []


class ActionOutOfScope(Action):
    """Not about the procedures: say so; a practical question (parking, address) gets the
    clinic's contact details instead."""

    def name(self) -> Text:
        return "action_out_of_scope"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[Dict[Text, Any]]:
        text = tracker.latest_message.get("text") or ""
        if clear_subject(text) in OFFICE_SUBJECTS_OUT_OF_SCOPE:
            send(dispatcher, [replies.Reply(office_answer(text, clinic()), [replies.BOOK_BUTTON])])
        else:
            send(dispatcher, [replies.out_of_scope()])
        return []
