"""What the assistant says: answers, the procedure question, greetings.

Pure functions returning `Reply` objects; the custom actions only send them.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Dict, List, Mapping, Optional, Sequence

from clinic.settings import ClinicConfig
from clinic.glossary import EXAMPLE_TERMS, Glossary, Term
from clinic.knowledge import KnowledgeBase
from clinic.understanding import follow_ups, retrieval, routing
from clinic.understanding.subjects import Subject, mention_elsewhere, mentions, named_as, related_sentence, subjects_in

# replies the Rasa server writes itself, here for the actions too
from clinic.server_replies import BOOKING_EXPIRED, NO_CONTENT, NO_CONTENT_IN_FORM, Reply, red_flag  # noqa: F401

BOOK_BUTTON = {"title": "Book a consultation", "payload": "/book_appointment"}

# The words by which a reply says the clinic's information has no answer (the
# knowledge base's uncovered answers, answer(), on_subjects(), not_covered_anywhere(),
# unknown_term(), unnamed_names(), not_compared()). The staff report counts such replies by them
# (says_not_covered); tests/unit/test_not_covered.py builds every such reply and checks.
DOES_NOT_COVER = "does not cover"  # also in clinic.knowledge.KnowledgeBase.answer()
DOES_NOT_MENTION = "does not mention"
NO_EXPLANATION = "don't have an explanation"
NAME_NOT_USED = "don't use the name"
DOES_NOT_SAY_WHETHER = "does not say whether"
NOT_COVERED_MARKERS = (DOES_NOT_COVER, DOES_NOT_MENTION, NO_EXPLANATION, NAME_NOT_USED, DOES_NOT_SAY_WHETHER)


def titled(title: str, body: str, source: str = "") -> str:
    """An answer's text: title, body and source line, in Markdown.

    The web widget renders Markdown: the title in bold, each part on a line of its own
    (two trailing spaces make a line break), the source in italics. As plain text (REST
    clients, the shell) it reads as the same lines. One message: socket.io sends text
    split at blank lines as separate bubbles. `title`, `body` and `source` are plain text.
    """
    return "  \n".join([f"**{title}**", body] + ([f"_{source}_"] if source else []))


def intent_payload(intent: str, **entities: str) -> str:
    """A button payload that triggers `intent` with entities, e.g. /ask_risks{...}."""
    return f"/{intent}{json.dumps(entities)}" if entities else f"/{intent}"


def disclaimer(clinic: ClinicConfig) -> str:
    return (
        f"I give general information from {clinic.name}'s procedure pages, not "
        f"medical advice. In an emergency, call {clinic.emergency_number}."
    )


def greeting(clinic: ClinicConfig, kb: KnowledgeBase, now: Optional[datetime] = None) -> Reply:
    """The welcome: who the assistant is, what it can answer, the disclaimer."""
    names = " and ".join(p.name for p in kb.procedures.values())
    text = (
        f"Hello! I'm the virtual assistant of {clinic.name}. I can answer questions "
        f"about {names}: what they are, how they are done, how long they take, "
        f"risks, recovery, who they are for, and more. {disclaimer(clinic)}"
    )
    if not clinic.is_open(now):
        text += f" Our office is closed right now; it opens again {clinic.describe_next_opening(now)}."
    return Reply(text, procedure_buttons(kb, "overview"))


def procedure_buttons(kb: KnowledgeBase, topic: str) -> List[Dict[str, str]]:
    """One button per procedure that asks `topic` about it."""
    return [
        {"title": p.name[:1].upper() + p.name[1:], "payload": intent_payload(f"ask_{topic}", procedure=p.id)}
        for p in kb.procedures.values()
    ]


WHICH_PROCEDURE = "Which procedure is your question about"


def ask_which_procedure(kb: KnowledgeBase, topic: str) -> Reply:
    """Ask which procedure a question is about, with a button for each."""
    names = " or ".join(p.name for p in kb.procedures.values())
    return Reply(
        f"{WHICH_PROCEDURE}: {names}?",
        procedure_buttons(kb, topic),
    )


# In a message longer than this, a page sentence sharing a single word with it is not quoted.
LONG_QUESTION_WORDS = 30


def answer(
    kb: KnowledgeBase,
    procedure_ids: Sequence[str],
    topic: str,
    clinic: ClinicConfig,
    with_disclaimer: bool = False,
    offer_booking: bool = True,
    question: str = "",
    also_said: Sequence[str] = (),
    subjects: Sequence[Subject] = (),
    things_first: bool = False,
) -> List[Reply]:
    """The answer on `topic` for each procedure, then next-step buttons.

    A specific thing the question names (data/vocabulary/subjects.yml: "is bleeding a
    risk?", "can I have an MRI?") that the answer does not mention is answered from the
    sentence of the page that does, or told plainly that the page does not mention it.
    Another word of the question the answer does not use ("is it a rigid fix?") is answered
    from the page's sentence that does (clinic.understanding.retrieval), if there is one.
    `also_said`: what the same reply says on its other topics (not repeated here).
    `subjects`: things the last question named, answered as if `question` named them.
    `things_first`: what the page says (or does not say) of the things named comes before the
    topic's text ("can I have an MRI after it?" asks about the MRI, not the section).
    """
    replies = []
    in_question = subjects_in(question)
    asked = [*in_question, *(s for s in subjects if s not in in_question)]
    for procedure_id in procedure_ids:
        found = kb.answer(procedure_id, topic)
        heading = f"{found.procedure.name[:1].upper()}{found.procedure.name[1:]} – {found.topic.label}"
        body = found.text
        sources = list(found.sources)
        unmentioned, nearest = [], []
        said = [found.text, *also_said]
        for subject in asked:
            named = any(mentions(subject, text) for text in said)
            if named and not routing.asks_purpose(question):
                continue  # the answer already speaks of it (a question of why gets its own sentence)
            elsewhere = mention_elsewhere(kb, procedure_id, subject, but_not=topic)
            if elsewhere and not any(elsewhere.sentence in text for text in said):
                # the specific thing asked, from another section of the page
                body += f"  \nOn {subject.label}, the page says: {elsewhere.sentence}"
                sources += [section for section in elsewhere.sources if section not in sources]
                said.append(elsewhere.sentence)
            elif not elsewhere and not named:
                unmentioned.append(named_as(subject, question))
                near = related_sentence(kb, procedure_id, subject)
                if near and not any(near.sentence in text for text in said):
                    nearest.append(near.sentence)  # "once per affected side" for both sides at once
                    sources += [section for section in near.sources if section not in sources]
        for medicine in routing.medicines_named(question):  # "is it oxycodone?"
            if not any(medicine in text.lower() for text in said):
                unmentioned.append(medicine)
        other = routing.other_operation(question)  # "is radiofrequency ablation better than it?"
        if other and not any(other in text.lower() for text in said):
            unmentioned.append(other)
        # a thing the reply already said it does not mention (on another topic) is not said again
        unmentioned = [thing for thing in unmentioned if not any(thing in text for text in also_said)]
        extra = retrieval.sentence_for(kb, procedure_id, question, answered=said)
        if extra and len(extra.words) == 1 and len(question.split()) > LONG_QUESTION_WORDS:
            extra = None  # one word of a long message ("…pain in her buttock…") is not what it asks
        if extra:  # another word of the question, from the page's sentence that uses it
            body += f"  \nOn {quoted(extra.words)}, the page says: {extra.sentence.text}"
            sources += [section for section in extra.sentence.sources if section not in sources]
        if unmentioned:
            note = (
                f"The clinic's information on {found.procedure.name} {DOES_NOT_MENTION} "
                f"{' or '.join(unmentioned)} specifically; your surgeon can tell you more."
            )
            if nearest:
                note += f" The nearest it says: {' '.join(nearest)}"
            if things_first:
                body = f"{note}  \nOn {found.topic.label}, the page says: {body}"
            else:
                body += f" {note}"
        source = f'(Source: the clinic\'s {found.procedure.name} page, "{" / ".join(sources)}".)' if sources else ""
        if not found.covered:
            body += f" You can also call the clinic at {clinic.phone}."
        replies.append(Reply(titled(heading, body, source)))
    if with_disclaimer:
        replies[-1].text += f"\n\n{disclaimer(clinic)}"
    last = procedure_ids[-1]
    replies[-1].buttons = [
        {"title": kb.topics[key].button, "payload": intent_payload(f"ask_{key}", procedure=last)}
        for key in kb.topics[topic].related
    ] + ([BOOK_BUTTON] if offer_booking else [])
    return replies


def personal_advice(
    kb: KnowledgeBase, procedure_ids: Sequence[str], clinic: ClinicConfig, text: str = "", offer_booking: bool = True
) -> List[Reply]:
    """For 'should I have it?': the general criteria, and the surgeon decides; offer_booking:
    end with the offer of a consultation (False when more answers follow).

    A question about medicines, smoking or alcohol gets no criteria: only that the
    care team advises on it.
    """
    if routing.asks_about_medicines(text):
        named = routing.medicines_named(text)
        pages = " or ".join(kb.procedures[p].name for p in procedure_ids or list(kb.procedures))
        # "can I take ibuprofen after SI joint fusion?": no page names a medicine (a test checks)
        first = f"The clinic's information on {pages} {DOES_NOT_MENTION} {' or '.join(named)}. " if named else ""
        return [
            Reply(
                first + "I can't advise on medicines, smoking or alcohol around surgery: your surgeon "
                "and care team will tell you what to take, stop or avoid, and when. Please "
                f"don't change a prescribed medicine without asking them. You can reach the "
                f"clinic at {clinic.phone}.",
                [BOOK_BUTTON],
            )
        ]
    replies = [
        Reply(
            "I can't tell whether a procedure is right or safe for you personally, or "
            "advise on your medicines: your surgeon will advise you after looking at "
            "your situation. Here is the general information the clinic gives."
        )
    ]
    for procedure_id in procedure_ids or list(kb.procedures):
        procedure = kb.procedures[procedure_id]
        parts = [
            kb.answer(procedure_id, key).text for key in ("candidacy", "contraindications") if key in procedure.answers
        ]
        replies.append(Reply(titled(f"{procedure.name[:1].upper()}{procedure.name[1:]}", " ".join(parts))))
    if offer_booking:
        replies[-1].buttons = [BOOK_BUTTON]
        replies[-1].text += "\n\nWould you like to book a consultation to discuss it with the surgeon?"
    return replies


def contact(clinic: ClinicConfig, now: Optional[datetime] = None) -> Reply:
    """How to reach a person at the clinic, with the opening hours."""
    text = (
        f"You can reach the {clinic.name} team by phone at {clinic.phone} "
        f"({clinic.describe_hours()}), or book online at {clinic.booking_url}."
    )
    if clinic.is_open(now):
        text += " The office is open now."
    else:
        text += f" The office is closed right now; it opens again {clinic.describe_next_opening(now)}."
    text += f" In an emergency, call {clinic.emergency_number}."
    return Reply(text, [BOOK_BUTTON])


# --- booking -----------------------------------------------------------------

# The name question: with the opening line when the form starts, alone when asked again
# (after "Change" at the summary, a correction, or a name that could not be read).
BOOKING_OPENING = "Happy to help you request a consultation."


def booking_opening(clinic: ClinicConfig) -> str:
    """The form's first line: what it does, the clinic's online booking page instead, how to stop."""
    return f'{BOOKING_OPENING} You can also book online at {clinic.booking_url}, or type "stop" at any time.'


ASK_BOOKING_NAME = "What is your full name?"
BOOKING_BAD_NAME = 'Sorry, I couldn\'t read that as a name. Please type your full name, for example "Maria Lopez".'
BOOKING_BAD_PROCEDURE = (
    'Sorry, I didn\'t catch which procedure. Please choose one of the buttons, or say "not sure yet".'
)
BOOKING_CONSENT_UNCLEAR = (
    "I need a clear yes or no here: the clinic may only keep your details and contact you "
    'if you agree. Please choose "Yes, I agree" or "No".'
)
BOOKING_CONFIRM_UNCLEAR = "I'll only send your request when you confirm it. Please choose Confirm, Change or Cancel."
BOOKING_CHANGE_WHICH_UNCLEAR = "Sorry, which detail would you like to change? Please choose one of the buttons."
# The details a patient can change at the summary: (detail, button title); the
# detail keys are clinic.understanding.booking_text.DETAIL_WORDS'.
BOOKING_DETAILS = (
    ("name", "Name"),
    ("contact", "Phone or email"),
    ("procedure", "Procedure"),
    ("times", "Preferred times"),
)
BOOKING_RESTART = "No problem, let's go through your details again."
BOOKING_CONTACT_CHANGED = "Thank you, I've changed your contact details."
BOOKING_DETAILS_CHANGED = "Thank you, I've changed that."
# consent given after it was refused: nothing was kept, so the form asks again
BOOKING_AGAIN_AFTER_NO = "Okay. I didn't keep the details you gave when you said no, so let's go through them again."
BOOKING_CHANGE_DETAIL = "Of course, let's change that."


# Before the answers to a message that says the patient is afraid ("I'm so scared…").
FEAR_HEARD = (
    "It's very understandable to feel nervous about an operation. Here is what the clinic's pages say; "
    "your surgeon and care team are there for your questions too."
)


def contact_declined(clinic: ClinicConfig) -> Reply:
    """The patient would rather not give a phone number or email address (the form asks again)."""
    return Reply(
        "That's fine. The clinic needs a phone number or an email address to answer a request made here; "
        f"if you'd rather not give one, you can call the clinic at {clinic.phone} or book online at "
        f"{clinic.booking_url}, or cancel this request.",
        [{"title": "Cancel the request", "payload": "/stop"}],
    )


def bad_contact(problem: str, failures: int, clinic: ClinicConfig) -> Reply:
    """What is wrong with the contact typed (the form then asks again); a way out after repeats."""
    text = problem or "That does not look like a phone number or an email address."
    buttons: List[Dict[str, str]] = []
    if failures >= 2:
        text += (
            f" If it's easier, you can call the clinic at {clinic.phone} or book online at "
            f"{clinic.booking_url}, or cancel this request."
        )
        buttons = [{"title": "Cancel the request", "payload": "/stop"}]
    return Reply(text, buttons)


def ask_booking_procedure(kb: KnowledgeBase, in_context: Optional[str]) -> Reply:
    """Which procedure the consultation is about; the one from the chat comes first."""
    buttons = [
        {
            "title": p.name[:1].upper() + p.name[1:],
            "payload": intent_payload("inform_procedure", procedure=p.id),
        }
        for p in sorted(kb.procedures.values(), key=lambda p: p.id != in_context)
    ]
    buttons.append({"title": "Not sure yet", "payload": intent_payload("inform_procedure", procedure="not_sure")})
    if in_context:
        return Reply(
            f'Is the consultation about {kb.procedures[in_context].name}? Choose a procedure below, or "Not sure yet".',
            buttons,
        )
    return Reply('Which procedure would you like to discuss? "Not sure yet" is fine too.', buttons)


def ask_consent(clinic: ClinicConfig) -> Reply:
    return Reply(
        f"Before I send your request: {clinic.name} will store your name, contact details, "
        "procedure of interest and preferred times, only to contact you about this "
        f"appointment, and delete them after {clinic.retention_days} days. "
        f"Do you agree to be contacted by {clinic.name}?",
        [
            {"title": "Yes, I agree", "payload": "/affirm"},
            {"title": "No", "payload": "/deny"},
        ],
    )


def consent_question(topic: str, clinic: ClinicConfig) -> Reply:
    """The answer to a question at the consent step, by topic
    (clinic.understanding.booking_text.CONSENT_QUESTION_TOPICS); the form then asks again."""
    answers = {
        "if_no": "If you say no, nothing is stored or sent, and you can still call the clinic at "
        f"{clinic.phone} or book online at {clinic.booking_url}.",
        "why_contact": f"{clinic.name} needs a way to reach you to arrange the consultation: a member "
        "of the team calls or emails you to agree on a time. Your details are used for nothing else.",
        "who": f"Only {clinic.name}'s team sees your request; it is not sold or shared for marketing.",
        "how_long": f"Your request is kept for {clinic.retention_days} days, then deleted.",
        "data": f"{clinic.name} stores your name, contact details, procedure of interest and preferred "
        "times, only to contact you about this appointment, and deletes them after "
        f"{clinic.retention_days} days. Nothing is stored unless you agree.",
    }
    return Reply(answers.get(topic, answers["data"]))


def ask_change_detail() -> Reply:
    """Which detail to change, as buttons (their payloads are plain words the form reads)."""
    return Reply(
        "What would you like to change?",
        [{"title": title, "payload": title.lower()} for _, title in BOOKING_DETAILS],
    )


def booking_summary(kb: KnowledgeBase, slots: Dict[str, object], phone_shown: Optional[str] = None) -> Reply:
    """The request before it is sent. `phone_shown`: the phone number as the patient should read it
    (clinic.booking.validation.display_phone; kept out of this module so that the Rasa server,
    which uses the safety replies, needs no phone library)."""
    procedure = slots.get("booking_procedure")
    procedure_name = kb.procedures[procedure].name if procedure in kb.procedures else "not sure yet"
    email = slots.get("booking_email")
    contact = ", ".join(part for part in (phone_shown, str(email) if email else None) if part)
    return Reply(
        "Here is your request:\n"
        f"- Name: {slots.get('booking_name')}\n"
        f"- Contact: {contact}\n"
        f"- Procedure: {procedure_name}\n"
        f"- Preferred days/times: {slots.get('booking_times')}\n"
        "\nShall I send it to the clinic?",
        [
            {"title": "Confirm", "payload": "/affirm"},
            {"title": "Change", "payload": "/booking_change"},
            {"title": "Cancel", "payload": "/stop"},
        ],
    )


def booking_confirmation(reference: str, clinic: ClinicConfig, now: Optional[datetime] = None) -> Reply:
    if clinic.is_open(now):
        when = "The team will contact you shortly."
    else:
        when = (
            "Our office is closed right now; the team will contact you after it opens "
            f"again {clinic.describe_next_opening(now)}."
        )
    return Reply(
        f"Thank you, your request has been sent. Your reference is {reference}. {when} "
        f"You can also book online at {clinic.booking_url} or call {clinic.phone}."
    )


def withdraw_request(clinic: ClinicConfig) -> Reply:
    """'Cancel my booking', 'change my phone number' when no request is being made here: how to
    request one, and how to cancel or change one already sent."""
    return Reply(
        "There is no consultation request in progress here. A request you already sent is with the "
        f"clinic: to cancel or change it, please call {clinic.phone} (your reference code helps them find it). "
        "To request a consultation, choose the button below.",
        [BOOK_BUTTON],
    )


def booking_failed(clinic: ClinicConfig) -> Reply:
    return Reply(
        "I'm sorry, I couldn't save your request because of a technical problem. Please call "
        f"the clinic at {clinic.phone} or book online at {clinic.booking_url}."
    )


def booking_cancelled(clinic: ClinicConfig) -> Reply:
    return Reply(
        "Okay, I've cancelled the booking request; nothing was stored. You can start again "
        f"any time, or call the clinic at {clinic.phone}."
    )


def no_consent(clinic: ClinicConfig) -> Reply:
    return Reply(
        "Understood: without your consent I won't store or send anything. You can call the "
        f"clinic at {clinic.phone} or book online at {clinic.booking_url} whenever you like."
    )


# --- deleting the conversation (the patient's request) -----------------------------

CONVERSATION_KEPT = "Okay, I've kept our conversation. Is there anything else I can help you with?"


def ask_delete_conversation(clinic: ClinicConfig, stops_booking: bool = False) -> Reply:
    stop = "This also stops the booking request you were filling in. " if stops_booking else ""
    return Reply(
        f"{stop}Shall I delete this conversation? Everything you wrote here will be removed from "
        f"{clinic.name}'s chat records. A booking request you already sent is kept; to withdraw "
        f"it, call the clinic at {clinic.phone}.",
        [
            {"title": "Yes, delete it", "payload": "/affirm"},
            {"title": "No, keep it", "payload": "/deny"},
        ],
    )


def conversation_deleted(clinic: ClinicConfig) -> Reply:
    return Reply(
        "Done: I've deleted this conversation from the clinic's chat records. A booking request "
        f"you already sent is still with the clinic; to withdraw it, call {clinic.phone}."
    )


# --- safety information and fallback ---------------------------------------------

EMERGENCY_SIGNS = (
    "chest pain, trouble breathing or breathing fast, sudden confusion, loss of bladder or bowel control or not "
    "being able to pass urine, numbness in the "
    "groin or saddle area, sudden weakness or numbness in the legs, heavy bleeding, or fainting"
)
URGENT_SIGNS = (
    "fever or chills, redness, warmth, drainage or pus at the incision, or swelling there "
    "that keeps getting worse, an implant you can feel under or coming through the skin, calf pain or swelling, "
    "pain not controlled by your medication, new numbness, tingling or shooting pain in a leg, vomiting that "
    "does not stop, dizziness or light-headedness, or a fall"
)


RED_FLAG_REMINDER = "Please don't wait with these symptoms."
LOST_THREAD = (
    "Sorry, I lost the thread there. Could you say that again in other words, or ask me a "
    "question about SI joint fusion or spinopelvic fixation?"
)


def red_flag_reminder(clinic: ClinicConfig, tier: Optional[str] = None, now: Optional[datetime] = None) -> Reply:
    """After an escalation: no waiting, no other advice; for an urgent sign (tier "urgent")
    the same place to call as the escalation said, else the emergency number."""
    if tier == "urgent":
        office = (
            f"call your surgeon's office now at {clinic.phone}; if you can't reach them, go to the "
            "nearest emergency department"
            if clinic.is_open(now)
            else "the office is closed right now, so please go to the nearest emergency department"
        )
        return Reply(
            f"{RED_FLAG_REMINDER} If you have not done so yet, {office}. If it gets worse or you "
            f"feel very unwell, call {clinic.emergency_number}."
        )
    return Reply(
        f"{RED_FLAG_REMINDER} If you have not done so yet, call "
        f"{clinic.emergency_number} or go to the nearest emergency department now; for a "
        f"post-operative problem you can also call the surgeon's office at {clinic.phone}. "
        "Follow what the emergency team tells you."
    )


# After an escalation that stopped the booking form (action_forget_booking).
BOOKING_STOPPED = (
    "I've stopped the consultation request: nothing was sent to the clinic. "
    'Once you have help, you can say "book a consultation" to start again.'
)


def anything_else(kb: KnowledgeBase) -> Reply:
    names = " or ".join(p.name for p in kb.procedures.values())
    return Reply(f"Okay. Is there anything else you would like to know about {names}?")


def warning_signs(clinic: ClinicConfig, procedure_name: Optional[str] = None) -> Reply:
    """The signs after surgery that need help now (the clinic's escalation policy, clinic.yml);
    with a procedure's name, first that its page lists no warning signs of its own."""
    page = (
        f"The clinic's {procedure_name} page {DOES_NOT_MENTION} warning signs to watch for; "
        "this is the clinic's general advice. "
        if procedure_name
        else ""
    )
    return Reply(
        f"{page}After surgery, call {clinic.emergency_number} or go to the nearest emergency "
        f"department at once for: {EMERGENCY_SIGNS}. Contact your surgeon's office the same "
        f"day ({clinic.phone}; after hours, the emergency department) for: {URGENT_SIGNS}. "
        "Your care team will also give you written instructions when you go home."
    )


def english_only(clinic: ClinicConfig) -> Reply:
    """A message in another language: the assistant answers in English only; the clinic by phone."""
    return Reply(
        "Sorry, I can only answer in English. Please ask your question in English, or call the "
        f"{clinic.name} team at {clinic.phone} ({clinic.describe_hours()}). In an emergency, call "
        f"{clinic.emergency_number}."
    )


def low_mood(clinic: ClinicConfig) -> Reply:
    """The patient feels low: heard, who to tell, and where to turn if it gets worse."""
    return Reply(
        "I'm sorry you're feeling this way, and thank you for saying so. How you feel after an "
        f"operation matters: please tell your care team, at {clinic.phone}. If you ever have thoughts "
        f"of harming yourself, call or text {clinic.crisis_line} at any time, or {clinic.emergency_number} "
        "in an emergency. I can also answer questions about the procedures if that helps."
    )


def history_noted(kb: KnowledgeBase, procedure: Optional[str]) -> Reply:
    """A patient telling their story ("I broke my pelvis two months ago"): no assessment,
    what the assistant can do, and who each procedure is for."""
    procedures = [kb.procedures[procedure]] if procedure in kb.procedures else list(kb.procedures.values())
    return Reply(
        "Thank you for telling me. I can't assess your situation (that is for the clinic's "
        "surgeons, at a consultation), but I can explain what the clinic's pages say about "
        f"{' and '.join(p.name for p in procedures)}, for example who it is for, how it is done "
        "and what recovery looks like. What would you like to know?",
        [
            {
                "title": f"Who is {p.name} for?",
                "payload": intent_payload("ask_candidacy", procedure=p.id),
            }
            for p in procedures
        ]
        + [BOOK_BUTTON],
    )


def fallback(kb: KnowledgeBase, suggestions: Sequence[str], procedure: Optional[str]) -> Reply:
    """Not understood: offer the likeliest topics as buttons, or say what I can do."""
    buttons = []
    for intent in suggestions:
        topic = intent[len("ask_") :]
        if topic in kb.topics:
            title = kb.topics[topic].button
            payload = intent_payload(intent, procedure=procedure) if procedure else f"/{intent}"
            buttons.append({"title": title, "payload": payload})
        elif intent in SUGGESTION_TITLES and f"/{intent}" != BOOK_BUTTON["payload"]:  # booking comes last anyway
            buttons.append({"title": SUGGESTION_TITLES[intent], "payload": f"/{intent}"})
    if buttons:
        names = " and ".join(p.name for p in kb.procedures.values())
        text = f"Sorry, I'm not sure I understood. I can answer questions about {names}. Did you mean one of these?"
        if procedure:
            text = (
                "Sorry, I'm not sure I understood your question about "
                f"{kb.procedures[procedure].name}. Did you mean one of these? If it is something "
                "else, the surgeon can answer it at a consultation."
            )
        return Reply(text, buttons + [BOOK_BUTTON])
    return Reply(
        "Sorry, I didn't quite understand that. I can answer questions about "
        + " and ".join(p.name for p in kb.procedures.values())
        + ', for example "How long does it take?" or "What are the risks?", and help you '
        "book a consultation. Could you rephrase your question?",
        [
            {"title": "What can you answer?", "payload": "/ask_capabilities"},
            {"title": "Contact the clinic", "payload": "/human_handoff"},
        ],
    )


SUGGESTION_TITLES = {
    "book_appointment": "Book a consultation",
    "human_handoff": "Contact the clinic",
    "ask_warning_signs": "Warning signs after surgery",
    "ask_personal_advice": "Is it right for me?",
}


# --- follow-ups, glossary, topics no document covers ---------------------------


def on_subjects(
    kb: KnowledgeBase, procedure_id: str, subjects: Sequence[Subject], clinic: ClinicConfig, question: str = ""
) -> Reply:
    """What the procedure's page says about each subject (its sentence and section), or that it
    does not say (naming each as `question` does: subjects.named_as)."""
    procedure = kb.procedures[procedure_id]
    said, sources, unmentioned = [], [], []
    for subject in subjects:
        found = mention_elsewhere(kb, procedure_id, subject, but_not="")
        if found:
            said.append(f"On {subject.label}, the clinic's {procedure.name} page says: {found.sentence}")
            sources += [section for section in found.sources if section not in sources]
        else:
            unmentioned.append(named_as(subject, question))
    if unmentioned:
        said.append(
            f"The clinic's information on {procedure.name} {DOES_NOT_MENTION} "
            f"{' or '.join(unmentioned)}, so I can't answer that reliably; your surgeon can, "
            f"at a consultation or by phone at {clinic.phone}."
        )
    if sources:
        said.append(f'_(Source: the clinic\'s {procedure.name} page, "{" / ".join(sources)}".)_')
    text = "  \n".join(said)  # one part a line (Markdown line breaks), as titled() does
    return Reply(text, [BOOK_BUTTON])


def quoted(words: Sequence[str]) -> str:
    """'"rigid" and "fix"': the patient's own words, quoted."""
    return " and ".join(f'"{w}"' for w in words)


def on_words(kb: KnowledgeBase, procedure_id: str, found: retrieval.Found) -> Reply:
    """What the procedure's page says in the sentence that uses the question's words, with its section."""
    procedure = kb.procedures[procedure_id]
    return Reply(
        f"On {quoted(found.words)}, the clinic's {procedure.name} page says: {found.sentence.text}  \n"
        f'_(Source: the clinic\'s {procedure.name} page, "{" / ".join(found.sentence.sources)}".)_',
        [BOOK_BUTTON],
    )


def other_pages_figure(kb: KnowledgeBase, procedure_id: str, other_id: str, found: retrieval.Found) -> Reply:
    """Before the procedure's own answer: the figure the patient quoted is from the other page."""
    other = kb.procedures[other_id].name
    return Reply(
        f"The figure you mention ({quoted([w for w in found.words if w.isdigit()])}) is from the clinic's "
        f"{other} page, not its {kb.procedures[procedure_id].name} page: {found.sentence.text} "
        f'_(Source: the clinic\'s {other} page, "{" / ".join(found.sentence.sources)}".)_ '
        f"Here is what the {kb.procedures[procedure_id].name} page says."
    )


def not_mentioned_anywhere(
    kb: KnowledgeBase, subjects: Sequence[Subject], clinic: ClinicConfig, question: str = ""
) -> Reply:
    """Things no procedure's page mentions (data/vocabulary/subjects.yml): said plainly, naming
    them as `question` does (subjects.named_as)."""
    names = " or ".join(p.name for p in kb.procedures.values())
    return Reply(
        f"The clinic's information on {names} {DOES_NOT_MENTION} {' or '.join(named_as(s, question) for s in subjects)}, "
        f"so I can't answer that reliably; your surgeon can, at a consultation or by phone at {clinic.phone}.",
        [BOOK_BUTTON],
    )


def unnamed_names(kb: KnowledgeBase, names: Sequence[str], procedures: Sequence[str]) -> Reply:
    """Names the clinic's pages don't use (device brands, screw types), before the answer.

    `names` as the patient's message gave them (data/vocabulary/procedure_terms.yml);
    `procedures`: the procedure ids the answer is about.
    """
    listed = " or ".join(names)
    about = " and ".join(kb.procedures[p].name for p in procedures)
    return Reply(
        f"The clinic's pages {NAME_NOT_USED} {listed}, so I can't tell you anything specific "
        f"about it; your surgeon can. Here is what the pages say about {about}."
    )


def not_compared(known: Sequence[str], unmentioned: Sequence[str], uncompared: Sequence[str]) -> Reply:
    """Before what the pages say of the `known` things (procedure names, glossary titles): that
    they don't mention the `unmentioned` things or don't say whether the known ones are the
    `uncompared` ones (the patient's words, quoted)."""
    about = " and ".join(known)
    parts = []
    if unmentioned:
        parts.append(
            f"The clinic's information {DOES_NOT_MENTION} {quoted(unmentioned).replace(' and ', ' or ')}, "
            f"so I can't tell you how it compares with {about}."
        )
    if uncompared:
        parts.append(
            f"The clinic's information {DOES_NOT_SAY_WHETHER} {about} is the same as "
            f"{quoted(uncompared).replace(' and ', ' or ')}."
        )
    parts.append(f"Your surgeon can explain the difference. Here is what it says about {about}.")
    return Reply(" ".join(parts))


def not_covered_anywhere(kb: KnowledgeBase, topic: str, clinic: ClinicConfig) -> Reply:
    """A topic that no procedure's document covers: say so without asking which procedure."""
    label = kb.topics[topic].label
    missing = kb.topics[topic].missing
    names = " or ".join(p.name for p in kb.procedures.values())
    return Reply(
        f"The clinic's information on {names} {DOES_NOT_COVER} {label}, so I can't give you a "
        f"reliable answer on that. {missing + ' ' if missing else ''}You can call the clinic at "
        f"{clinic.phone} or ask about it at a consultation.",
        [BOOK_BUTTON],
    )


def says_not_covered(text: str) -> bool:
    """Whether a reply's text says the clinic's information has no answer (NOT_COVERED_MARKERS)."""
    return any(marker in text for marker in NOT_COVERED_MARKERS)


def source_note(kb: KnowledgeBase, sources: Mapping[str, Sequence[str]]) -> str:
    pages = {p.source_document: p.name for p in kb.procedures.values()}
    parts = [f'the clinic\'s {pages.get(doc, doc)} page, "{" / ".join(sections)}"' for doc, sections in sources.items()]
    return f"(Source: {'; '.join(parts)}.)"


def explain_terms(
    kb: KnowledgeBase, glossary: Glossary, keys: Sequence[str], offer_booking: bool = True
) -> List[Reply]:
    """The glossary explanation of each term, with its sources."""
    replies = []
    for key in keys[:2]:
        term = glossary.terms[key]
        replies.append(Reply(titled(term.title, term.explanation, source_note(kb, term.sources))))
    replies[-1].buttons = procedure_buttons(kb, "overview") + ([BOOK_BUTTON] if offer_booking else [])
    return replies


def unknown_term(kb: KnowledgeBase, glossary: Glossary, clinic: ClinicConfig) -> Reply:
    """A word that is not in the glossary: say so, and what can be explained."""
    examples = ", ".join(glossary.terms[k].title.lower() for k in EXAMPLE_TERMS if k in glossary.terms)
    return Reply(
        f"I'm sorry, I {NO_EXPLANATION} of that in the clinic's information. I can "
        f"explain words used on its procedure pages, such as {examples}. Your surgeon can explain "
        f"anything else at a consultation, or you can call the clinic at {clinic.phone}.",
        [BOOK_BUTTON],
    )


def more_detail(
    kb: KnowledgeBase, procedure_id: Optional[str], topic: Optional[str], question: str, clinic: ClinicConfig
) -> Reply:
    """A follow-up asking for more detail ("several months is how many?", "why?", "is that normal?").

    Says honestly how far the clinic's information goes on the topic just answered.
    """
    if not procedure_id or not topic or topic not in kb.topics:
        return Reply(
            "Could you tell me a bit more about what you'd like to know? For example "
            '"How long is recovery after SI joint fusion?" or "What are the risks of spinopelvic fixation?"',
            procedure_buttons(kb, "overview"),
        )
    found = kb.answer(procedure_id, topic)
    name = found.procedure.name
    related = [
        {"title": kb.topics[key].button, "payload": intent_payload(f"ask_{key}", procedure=procedure_id)}
        for key in kb.topics[topic].related
    ]
    if not found.covered:
        return Reply(found.text, related + [BOOK_BUTTON])
    sentence = follow_ups.best_sentence(question, found.text)
    text = f"On {found.topic.label} for {name}, the clinic's information says: "
    text += f'"{sentence}"' if sentence else f'"{found.text}"'
    if follow_ups.asks_if_normal(question):
        text += (
            " I can't judge whether something you are experiencing is normal. If you are worried about a "
            f"symptom after surgery, please call your surgeon's office at {clinic.phone}; for emergency "
            f"signs, call {clinic.emergency_number}."
        )
    else:
        text += (
            " It does not give more detail than that (for example exact numbers or the reasons in your "
            "case). Your surgeon can tell you what applies to you at a consultation."
        )
    return Reply(text, related + [BOOK_BUTTON])


def out_of_scope(named: Optional[str] = None) -> Reply:
    """Not about the procedures; `named`: another operation the patient asked about, said by name."""
    return Reply(
        f"Sorry, the clinic's information here does not cover {named or 'that'}: I can only help with questions "
        "about SI joint fusion and spinopelvic fixation, and with reaching the clinic. For anything "
        "else, please contact the clinic directly.",
        [
            {"title": "What can you answer?", "payload": "/ask_capabilities"},
            {"title": "Contact the clinic", "payload": "/human_handoff"},
        ],
    )


def more_on_term(kb: KnowledgeBase, term: Term, question: str, clinic: ClinicConfig) -> Reply:
    """A follow-up on a word just explained: how far the clinic's information goes."""
    sentence = follow_ups.best_sentence(question, term.explanation)
    text = f'On "{term.title}", the clinic\'s information says: "{sentence or term.explanation}"'
    text += (
        " It does not give more detail than that. Your surgeon can answer this at a consultation, "
        f"or you can call the clinic at {clinic.phone}."
    )
    return Reply(text, procedure_buttons(kb, "overview") + [BOOK_BUTTON])
