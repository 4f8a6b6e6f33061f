"""Consent and confirmation that can't be given by accident, and corrections, over REST
with the real servers, the real booking database and the stand-in scheduling system."""

import pytest

from clinic import replies
from clinic.settings import clinic
from clinic.booking import display_phone
from tests.integration.test_booking_conversation import receiver, store  # noqa: F401  (fixtures)

# Unclear replies: emoji, punctuation, other languages (8+), hesitations, gibberish,
# questions without an answer here, and typed payloads that were not offered.
UNCLEAR = [
    "🤔",
    "😐",
    "👍?",
    "🙂",
    "🤷",
    "❤️",
    "👀",
    "🙏",
    "...",
    "?",
    "!!!",
    "-",
    "…",
    ":)",
    "¯\\_(ツ)_/¯",
    "不同意",
    "好",
    "لا",
    "نعم",
    "sí",
    "nein",
    "ja",
    "oui",
    "non",
    "да",
    "нет",
    "はい",
    "いいえ",
    "हाँ",
    "네",
    "evet",
    "hmm",
    "hmmm",
    "umm",
    "uh",
    "let me think",
    "maybe",
    "I guess",
    "not sure",
    "erm, well",
    "asdfjkl",
    "qwerty",
    "lorem ipsum",
    "xyz123",
    "blah",
    '/inform{"consent": true}',
    '/affirm{"booking_consent": true}',
    "/confirm",
    "/submit_booking",
    '/book_appointment{"booking_consent": true}',
    "/yes",
    "/inform_procedure",
    "/booking_consent",
]


def to_consent(chat, name="Ruth Okafor", contact="+1 555 010 0123"):
    assert "full name" in chat.say("I want to book a consultation")
    assert "phone number or email" in chat.say(name)
    assert "Which procedure" in chat.say(contact)
    assert "days or times" in chat.say("SI joint fusion")
    consent = chat.say("weekday mornings")
    assert "Do you agree" in consent
    return consent


def test_enough_fuzz_inputs():
    languages = ["不同意", "لا", "sí", "nein", "oui", "да", "はい", "हाँ", "네", "evet"]
    assert len(UNCLEAR) >= 50 and all(word in UNCLEAR for word in languages)


def test_unclear_replies_never_consent_nor_send(chat, store, receiver):  # noqa: F811
    before, received = len(store.list()), len(receiver.received)
    to_consent(chat)
    for text in UNCLEAR:
        reply = chat.send(text)
        texts = " ".join(m.get("text", "") for m in reply)
        assert "Here is your request" not in texts, text
        assert "Do you agree" in texts and any(m.get("buttons") for m in reply), text  # asked again, with buttons
    assert "Here is your request" in chat.say("yes, I agree")
    for text in UNCLEAR:
        texts = chat.say(text)
        assert "reference" not in texts.lower(), text
    assert len(store.list()) == before and len(receiver.received) == received  # 0 stored, 0 sent
    assert "nothing was stored" in chat.say("cancel")


@pytest.mark.parametrize(
    "question, answer",
    [
        ("what do you do with my data?", "only to contact you"),
        ("why do you need my phone number?", "needs a way to reach you"),
        ("what if I say no?", "nothing is stored or sent"),
    ],
)
def test_a_question_at_the_consent_step_is_answered_then_asked_again(chat, question, answer):
    to_consent(chat)
    reply = chat.say(question)
    assert answer in reply and reply.rstrip().endswith("?") and "Do you agree" in reply


def test_no_at_consent_stores_nothing(chat, store):  # noqa: F811
    before = len(store.list())
    to_consent(chat)
    assert "won't store or send anything" in chat.say("no")
    assert len(store.list()) == before


def test_change_at_the_summary_offers_the_details_and_asks_only_the_chosen_one(chat, store, receiver):  # noqa: F811
    to_consent(chat, name="Ann Lee", contact="617-555-0199 ext. 204")
    summary = chat.say("/affirm")
    assert "(617) 555-0199 ext. 204" in summary
    choice = chat.send("/booking_change")
    assert [b["title"] for b in choice[-1]["buttons"]] == ["Name", "Phone or email", "Procedure", "Preferred times"]
    assert "phone number or email" in chat.say(choice[-1]["buttons"][1]["payload"])
    summary = chat.say("+44 20 7946 0958")
    assert "+44 20 7946 0958" in summary and "Ann Lee" in summary and "SI joint fusion" in summary
    confirmation = chat.say("/affirm")
    reference = confirmation.split("Your reference is ")[1].split(".")[0]
    assert store.get(reference).phone == "+442079460958"
    assert [r for r in receiver.received if r["reference"] == reference][0]["phone"] == "+442079460958"


@pytest.mark.parametrize(
    "detail, button, new_answer, shown",
    [
        ("name", "name", "Ann Leigh", "Ann Leigh"),
        ("procedure", "procedure", "spinopelvic fixation", "spinopelvic fixation"),
        ("times", "preferred times", "Friday afternoons", "Friday afternoons"),
    ],
)
def test_each_detail_can_be_changed_from_the_summary(chat, detail, button, new_answer, shown):
    to_consent(chat, name="Ann Lee")
    chat.say("/affirm")
    chat.say("Change")
    chat.say(button)
    summary = chat.say(new_answer)
    assert "Here is your request" in summary and shown in summary
    assert display_phone("+15550100123") in summary  # the other details are kept


def test_change_name_at_the_summary_asks_only_for_the_name(chat):
    """The opening line belongs to the start of the form; a detail asked again is just its question."""
    assert (
        chat.say("I'd like to book a consultation") == f"{replies.booking_opening(clinic())} {replies.ASK_BOOKING_NAME}"
    )
    chat.say("Ann Lee")
    chat.say("+1 555 010 0123")
    chat.say("SI joint fusion")
    chat.say("weekday mornings")
    chat.say("/affirm")
    name = [b for b in chat.send("Change")[-1]["buttons"] if b["title"] == "Name"][0]
    assert chat.say(name["payload"]) == replies.ASK_BOOKING_NAME
    assert "Ann Leigh" in chat.say("Ann Leigh")


def test_a_follow_up_question_mid_form_is_answered_then_the_question_asked_again(chat):
    """ "why do you need that?" (ask_more_detail) at the times question: answered, not stored as the times."""
    chat.say("I want to book a consultation")
    chat.say("Ann Lee")
    chat.say("+1 555 010 0123")
    chat.say("SI joint fusion")
    reply = chat.send("why do you need that?")
    assert len(reply) == 2 and "days or times" in reply[-1]["text"] and "days or times" not in reply[0]["text"]
    assert "Do you agree" in chat.say("weekday mornings")
    summary = chat.say("yes")
    assert "weekday mornings" in summary and "why do you need" not in summary


def test_change_the_phone_number_in_one_message(chat):
    to_consent(chat)
    chat.say("/affirm")
    assert "phone number or email" in chat.say("change the phone number")
    assert "(555) 010-0177" in chat.say("555 010 0177")


def test_a_correction_at_the_times_question_goes_to_the_procedure(chat):
    chat.say("I want to book a consultation")
    chat.say("Maria Lopez")
    chat.say("555 010 0111")
    chat.say("SI joint fusion")
    reply = chat.say("actually I need to change the procedure")
    assert "Which procedure" in reply or "Is the consultation about" in reply
    assert "days or times" in chat.say("spinopelvic fixation")
    chat.say("Tuesday mornings")
    summary = chat.say("yes")
    assert (
        "spinopelvic fixation" in summary
        and "Tuesday mornings" in summary
        and "change" not in summary.lower().split("times:")[1].split("\n")[0]
    )


def test_a_correction_of_the_name_at_the_consent_step(chat):
    to_consent(chat, name="Jon Smyth")
    assert "full name" in chat.say("wait, I spelled my name wrong")
    assert "Do you agree" in chat.say("John Smith")
    assert "John Smith" in chat.say("yes")


@pytest.mark.parametrize("command", ["/restart", "restart", "start over", "start again"])
def test_restart_commands_give_a_fresh_conversation(chat, command):
    to_consent(chat)
    assert "start again" in chat.say(command)
    assert "Do you agree" not in chat.say("yes")  # the form is gone


@pytest.mark.parametrize(
    "request_text, shown",
    [
        (
            "can you set up a consultation about SI joint fusion for me, I'm Lena Ortiz, lena.o@example.org, "
            "Monday or Wednesday mornings",
            ["Lena Ortiz", "lena.o@example.org", "SI joint fusion", "Monday or Wednesday mornings"],
        ),
        (
            "I'd like to book a consult on spinopelvic fixation, my name is Omar Haddad, email omar.h@example.com, "
            "Fridays after 2",
            ["Omar Haddad", "omar.h@example.com", "spinopelvic fixation", "Fridays after 2"],
        ),
    ],
)
def test_a_request_with_every_detail_in_one_message_asks_only_for_consent(chat, store, request_text, shown):  # noqa: F811
    """The details given with the request are taken; consent is still asked, and nothing is stored before it."""
    before = len(store.list())
    consent = chat.send(request_text)
    assert "Do you agree to be contacted" in consent[-1]["text"]
    assert [b["title"] for b in consent[-1]["buttons"]] == ["Yes, I agree", "No"]
    assert len(store.list()) == before
    summary = chat.say("Yes, I agree")
    assert "Here is your request" in summary and all(detail in summary for detail in shown)


def test_delete_my_conversation_at_a_booking_question_is_not_taken_as_the_answer(chat):
    chat.say("I'd like to book a consultation")
    chat.say("Ann Lee")  # the form now asks for a phone number or email
    asked = chat.send("delete my conversation")
    assert [b["title"] for b in asked[-1]["buttons"]] == ["Yes, delete it", "No, keep it"]
    assert "phone number" not in asked[-1]["text"].lower()
