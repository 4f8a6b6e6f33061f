"""The text rules of booking: consent, confirmation, corrections, restart, typed payloads."""

import pytest

from clinic.understanding import booking_text as bt

CONSENT_BUTTONS = ["/affirm", "/deny"]


@pytest.mark.parametrize("text", ["yes", "Yes, I agree!", "I agree", "ok", "sure", "yes please", "/affirm"])
def test_clear_agreement_is_consent(text):
    assert bt.consent_answer(text, CONSENT_BUTTONS) == bt.YES


@pytest.mark.parametrize("text", ["no", "No thanks", "I don't agree", "nope", "/deny"])
def test_clear_refusal(text):
    assert bt.consent_answer(text, CONSENT_BUTTONS) == bt.NO


@pytest.mark.parametrize(
    "text", ["🤔", "...", "不同意", "asdfjkl", "😐", "لا", "hmm", "yes but", "/yes", '/inform{"consent": true}', ""]
)
def test_anything_else_is_unclear(text):
    assert bt.consent_answer(text, CONSENT_BUTTONS) == bt.UNCLEAR


def test_a_payload_counts_only_when_offered():
    assert bt.consent_answer("/affirm", []) == bt.UNCLEAR
    assert bt.confirm_answer("/affirm", ["/affirm", "/booking_change", "/stop"]) == bt.YES
    assert bt.payload_allowed("/restart", [])  # a command
    assert not bt.payload_allowed('/affirm{"x": 1}', ["/affirm"])


@pytest.mark.parametrize(
    "text, topic",
    [
        ("what do you do with my data?", "data"),
        ("why do you need my phone number?", "why_contact"),
        ("what if I say no?", "if_no"),
        ("how long do you keep it?", "how_long"),
        ("how long is recovery?", None),  # a question of its own, answered by its rule
        ("yes and also how long is the hospital stay?", None),
        ("wait what do you do with my number", "data"),
    ],
)
def test_consent_question_topics(text, topic):
    assert bt.consent_answer(text) == bt.QUESTION and bt.consent_question_topic(text) == topic


def test_confirmation_words():
    assert bt.confirm_answer("send it") == bt.YES and bt.confirm_answer("🤔") == bt.UNCLEAR
    assert bt.means_cancel("cancel it please") and not bt.means_cancel("🤔") and not bt.means_cancel("/stop")


@pytest.mark.parametrize(
    "text, current, detail",
    [
        ("actually I need to change the procedure", "times", "procedure"),
        ("wait, I spelled my name wrong", "times", "name"),
        ("sorry, wrong number", "procedure", "contact"),
        ("actually my name is Ann", "name", None),  # the answer to the question asked
        ("Tuesday after 2pm", "times", None),
        ("the procedure", "times", None),  # no correction word
    ],
)
def test_corrections(text, current, detail):
    assert bt.correction_of(text, current) == detail


@pytest.mark.parametrize(
    "text, detail",
    [
        ("phone or email", "contact"),
        ("name", "name"),
        ("preferred times", "times"),
        ("Procedure", "procedure"),
        ("hmm", None),
    ],
)
def test_detail_named(text, detail):
    assert bt.detail_named(text) == detail


@pytest.mark.parametrize("text", ["restart", "Start over", "start again!", "let's start over"])
def test_restart(text):
    assert bt.means_restart(text)


def test_restart_is_the_whole_message():
    assert not bt.means_restart("how do I restart my recovery exercises?")


def test_the_widget_commands_count_without_a_button():
    """The widget (web/chat.js) sends /greet when it opens and /delete_conversation on Clear chat,
    whatever the last message offered."""
    assert bt.payload_allowed("/greet", [])
    assert bt.payload_allowed("/delete_conversation", [])
    assert bt.payload_allowed(" /delete_conversation ", ["/affirm"])
    assert not bt.payload_allowed('/delete_conversation{"forget_conversation": true}', [])
    # the deletion's confirmation is not a command: /affirm counts only when offered
    assert not bt.payload_allowed("/affirm", [])
    assert bt.consent_answer("/delete_conversation", CONSENT_BUTTONS) == bt.UNCLEAR


def test_the_payload_guard_lets_the_widget_commands_through():
    from rasa.shared.nlu.constants import TEXT
    from rasa.shared.nlu.training_data.message import Message

    from components.payload_guard import PayloadGuard

    messages = [Message(data={TEXT: t}) for t in ("/greet", "/delete_conversation", "/restart", "/affirm")]
    PayloadGuard().process(messages, tracker=None)
    assert [m.get(TEXT) for m in messages] == ["/greet", "/delete_conversation", "/restart", "affirm"]


@pytest.mark.parametrize(
    "text",
    [
        "no I just wanted to know how it works",
        "no wait, I just wanted to know how long the recovery is for SI fusion",
        "sorry no, I only wanted to ask a question",
        "I don't want to book, what are the risks?",
        "oh no im just asking",
        "i'm not trying to book anything",
    ],
)
def test_taking_back_the_request_to_book(text):
    assert bt.withdraws(text)


@pytest.mark.parametrize(
    "text",
    [
        "Noah Just",
        "no",
        "Jo Nojust",
        "just wanted to say my name is Ann Lee",
        "sorry, I just wanted to add my email is ann@example.com",
        "stop",
    ],
)
def test_a_name_or_a_plain_no_is_not_taking_it_back(text):
    assert not bt.withdraws(text)


def test_the_payload_guard_stops_the_booking_form_when_the_patient_takes_it_back():
    from rasa.shared.core.trackers import DialogueStateTracker
    from rasa.shared.nlu.constants import INTENT, TEXT
    from rasa.shared.nlu.training_data.message import Message

    from components.payload_guard import PayloadGuard

    in_form = DialogueStateTracker("t", slots=[])
    in_form.change_loop_to("booking_form")
    texts = ["no I just wanted to know how it works", "Ann Lee"]
    for tracker, expected in ((in_form, ["stop", None]), (None, [None, None])):
        messages = [Message(data={TEXT: t}) for t in texts]
        PayloadGuard().process(messages, tracker=tracker)
        assert [(m.get(INTENT) or {}).get("name") for m in messages] == expected


@pytest.mark.parametrize(
    "text, topic",
    [
        ("why do you need my name?", "why_contact"),
        ("what do you need my phone number for?", "why_contact"),
        ("why do you need that?", "why_contact"),
        ("how long do you keep my details?", "how_long"),
        ("who sees my email?", "who"),
        ("how long is the recovery?", None),
        ("what is the name of the procedure?", None),
        ("Maria Lopez", None),
    ],
)
def test_a_question_about_the_details_asked_during_the_form(text, topic):
    assert bt.details_question_topic(text) == topic


@pytest.mark.parametrize(
    "text, name",
    [
        ("i want to book for my wife, her name is Ana Silva, my number is 555 777 8888", "Ana Silva"),
        ("book a consult for my dad, he needs si joint fusion", None),
        ("set up a consult for my mum, she has had pain for years", None),
        ("set up a consult for my dad, Tom Brown, tom.brown@example.net", "Tom Brown"),
    ],
)
def test_a_relatives_name_is_a_name_and_a_sentence_about_them_is_not(text, name):
    from clinic.understanding import booking_answers

    assert booking_answers.given_name(text) == name


@pytest.mark.parametrize(
    "text, expected",
    [
        ("i want to book for my wife, her name is Ana Silva, my number is 555 777 8888", True),
        ("book my dad in please", True),
        ("book a consultation for my mum", True),
        ("can i book online?", False),
        ("how do i book", False),
        ("i need to change my booking", False),
    ],
)
def test_asking_to_book_in_so_many_words(text, expected):
    assert bt.asks_to_book(text) is expected


def test_the_payload_guard_reads_a_request_to_book_taken_for_a_change_as_booking():
    from rasa.shared.nlu.constants import INTENT, TEXT
    from rasa.shared.nlu.training_data.message import Message

    from components.payload_guard import PayloadGuard

    text = "i want to book for my wife, her name is Ana Silva, my number is 555 777 8888"
    message = Message(data={TEXT: text, INTENT: {"name": "booking_change", "confidence": 0.6}})
    PayloadGuard().process([message], tracker=None)
    assert message.get(INTENT)["name"] == "book_appointment"


@pytest.mark.parametrize(
    "text",
    [
        "I'm booked for SI-LOK screws next month, is this done as an outpatient?",
        "I'm booked in for SI fusion on Monday, how long will it take?",
        "my op is booked for next week, can I eat before it?",
        "I've been scheduled for spinopelvic fixation, what are the risks?",
        "my dad is booked for spinopelvic fixation next month, will he be asleep?",
        "we have an appointment booked for SI joint fusion, how long is recovery",
        "i already have a consultation booked, what should i bring",
        "my surgery is set for monday",
    ],
)
def test_a_booking_that_exists_already_is_stated_not_requested(text):
    assert bt.states_booking(text)


@pytest.mark.parametrize(
    "text",
    [
        "I want to book a consultation",
        "can I book in for si fusion",
        "i'm not booked for anything yet, i want to book a consult",
        "book me in for SI fusion",
        "is it booked for monday?",
    ],
)
def test_a_request_to_book_is_not_a_stated_booking(text):
    assert not bt.states_booking(text)


@pytest.mark.parametrize("text", ["ok sure go ahead", "yes go ahead please", "ok then, you can", "sure, thanks"])
def test_consent_worded_as_several_accepted_replies_is_a_yes(text):
    assert bt.consent_answer(text) == bt.YES


@pytest.mark.parametrize("text", ["yep send it", "yes send", "looks good send it"])
def test_a_confirmation_worded_as_several_accepted_replies_is_a_yes(text):
    assert bt.confirm_answer(text) == bt.YES


@pytest.mark.parametrize("text", ["ok no", "yes but only email me", "send it no wait", "sure thing buddy"])
def test_an_accepted_reply_with_anything_else_is_not_a_clear_yes(text):
    assert bt.confirm_answer(text) != bt.YES
    assert bt.consent_answer(text) != bt.YES


@pytest.mark.parametrize(
    "text", ["no", "nope", "i'd rather not give my number", "prefer not", "I don't want to give my number"]
)
def test_declining_to_give_a_detail(text):
    assert bt.declines_detail(text)


@pytest.mark.parametrize("text", ["cancel", "555 010 0199", "not sure", "ana@example.com"])
def test_not_declining_a_detail(text):
    assert not bt.declines_detail(text)
