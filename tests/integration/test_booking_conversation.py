"""Booking conversations over the REST webhook, with the real action server,
the real booking database and a local receiver standing in for the clinic's
scheduling system (BOOKING_WEBHOOK_URL, set by scripts/test.sh)."""

import json
import os
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import List
from urllib.parse import urlparse

import pytest

from clinic.booking import BookingStore
from clinic.settings import clinic


class Receiver(ThreadingHTTPServer):
    received: List[dict]


class _Handler(BaseHTTPRequestHandler):
    def do_POST(self):  # noqa: N802
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        self.server.received.append(json.loads(body))
        self.send_response(200)
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def receiver():
    url = urlparse(os.environ["BOOKING_WEBHOOK_URL"])
    server = Receiver((url.hostname, url.port), _Handler)
    server.received = []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def store():
    """The booking store the action server writes to; its table exists even before the first request
    (the consent tests read it when nothing may have been stored yet)."""
    booking_store = BookingStore(os.environ["BOOKING_DB_URL"])
    booking_store.create_tables()
    return booking_store


def start_booking(chat, name="Maria Lopez", contact="+1 555 010 0199"):
    assert "full name" in chat.say("/book_appointment")
    assert "phone number or email" in chat.say(name)
    return chat.say(contact)


def test_happy_path_stores_and_delivers_once(chat, store, receiver):
    assert "45 to 90 minutes" in chat.say("how long does SI joint fusion take?")
    procedure_question = start_booking(chat)
    assert "Is the consultation about SI joint fusion?" in procedure_question
    assert "days or times" in chat.say("yes")
    consent = chat.say("weekday mornings")
    assert "delete them after 90 days" in consent
    summary = chat.say("yes")
    assert "Maria Lopez" in summary and "(555) 010-0199" in summary and "SI joint fusion" in summary
    confirmation = chat.say("/affirm")
    assert "Your reference is" in confirmation
    reference = confirmation.split("Your reference is ")[1].split(".")[0]
    saved = store.get(reference)
    assert saved.name == "Maria Lopez" and saved.procedure == "si_joint_fusion"
    assert saved.preferred_times == "weekday mornings"
    assert saved.status == "delivered"
    assert [r["reference"] for r in receiver.received].count(reference) == 1


def test_invalid_phone_is_re_asked_then_accepted(chat, store):
    reply = start_booking(chat, contact="12")
    assert "phone number" in reply.lower() and "Is the consultation" not in reply
    assert "Which procedure" in chat.say("jo@example.org")


def test_question_mid_form_is_answered_then_form_resumes(chat):
    start_booking(chat)
    chat.say('/inform_procedure{"procedure": "spinopelvic_fixation"}')
    reply = chat.say("what are the risks?")
    assert "pulmonary" in reply
    assert "days or times" in reply


def test_not_sure_is_a_valid_procedure(chat):
    start_booking(chat, name="Zoë O'Brien-Núñez", contact="zoe@example.org")
    assert "days or times" in chat.say("not sure yet")


def test_cancel_ends_the_form_and_stores_nothing(chat, store):
    before = len(store.list())
    start_booking(chat)
    assert "cancelled" in chat.say("never mind")
    assert len(store.list()) == before
    assert "45 to 90 minutes" in chat.say("how long does SI joint fusion take?")


def test_no_consent_stores_nothing(chat, store):
    before = len(store.list())
    start_booking(chat)
    chat.say('/inform_procedure{"procedure": "not_sure"}')
    chat.say("any afternoon")
    assert "won't store or send anything" in chat.say("no")
    assert len(store.list()) == before


def test_red_flag_mid_form_is_escalated_first_and_stops_the_form(chat):
    start_booking(chat)
    messages = chat.send("I have crushing chest pain right now")
    assert f"Call {clinic().emergency_number} now" in messages[0]["text"]
    assert "nothing was sent to the clinic" in messages[-1]["text"]  # the patient is told the form stopped
    assert "45 to 90 minutes" in chat.say("how long does SI joint fusion take?")


def test_the_reminder_after_an_urgent_sign_mid_form_keeps_its_tier(chat):
    start_booking(chat)
    messages = chat.send("by the way my incision is red and hot since yesterday")
    assert "checked by a doctor promptly" in messages[0]["text"]
    reminder = chat.say("ok I'll call them. can we continue the booking?")
    assert "Please don't wait with these symptoms" in reminder
    assert "surgeon's office" in reminder or "office is closed" in reminder
    assert "nearest emergency department now" not in reminder or "office is closed" in reminder


def reach_summary(chat):
    start_booking(chat, contact="555-303-4040")
    chat.say('/inform_procedure{"procedure": "si_joint_fusion"}')
    chat.say("thursdays")
    summary = chat.say("/affirm")
    assert "Here is your request" in summary and "(555) 303-4040" in summary
    return summary


def test_a_corrected_number_at_the_summary_is_the_one_sent(chat, store):
    reach_summary(chat)
    summary = chat.say("sorry my number is actually 555-303-4041")
    assert "changed your contact details" in summary
    assert "(555) 303-4041" in summary and "(555) 303-4040" not in summary
    reference = chat.say("/affirm").split("Your reference is ")[1].split(".")[0]
    assert store.get(reference).phone == "+15553034041"


def test_change_the_phone_number_asks_only_for_it(chat):
    reach_summary(chat)
    assert "phone number or email" in chat.say("change the phone number please")
    summary = chat.say("555 777 8899")
    assert "Here is your request" in summary and "(555) 777-8899" in summary and "Maria Lopez" in summary


def test_a_question_at_the_summary_is_answered_and_the_summary_kept(chat):
    reach_summary(chat)
    reply = chat.say("how long does si joint fusion take?")
    assert "45 to 90 minutes" in reply and "Here is your request" in reply
    assert "Your reference is" in chat.say("/affirm")


def test_everything_in_one_message(chat):
    reply = chat.say(
        "Hi, I want to book an appointment. My name is Maria Lopez, phone 555-123-4567, it's for SI joint fusion"
    )
    assert "days or times" in reply and "full name" not in reply


def test_which_procedure_answered_by_position(chat):
    assert "Which procedure" in chat.say("what are the risks?")
    assert "Spinopelvic fixation – the risks" in chat.say("the second one")


def test_taking_back_the_request_at_the_name_stops_the_form_and_answers_the_question(chat, store):
    before = len(store.list())
    assert "full name" in chat.say("can you book me in?")
    reply = chat.say("no I just wanted to know how long the recovery is for SI fusion")
    assert "nothing was stored" in reply and "SI joint fusion – recovery" in reply
    assert "full name" not in reply
    assert "45 to 90 minutes" in chat.say("and how long does it take?")  # no form waiting for a name
    assert len(store.list()) == before


def test_why_the_name_is_needed_is_answered_then_the_name_asked_again(chat):
    assert "full name" in chat.say("/book_appointment")
    reply = chat.say("why do you need my name?")
    assert "a way to reach you" in reply and "full name" in reply
    assert "phone number or email" in chat.say("Maria Lopez")


def test_booking_for_a_relative_takes_their_name_and_my_number(chat):
    reply = chat.say("i want to book for my wife, her name is Ana Silva, my number is 555 777 8888")
    assert "full name" not in reply and "phone number or email" not in reply
    assert "nothing was stored" in chat.say("stop")


def test_a_sentence_about_a_relative_is_not_taken_as_their_name(chat):
    assert "full name" in chat.say("book a consult for my dad, he needs si joint fusion")


@pytest.mark.parametrize(
    "message, expected",
    [
        ("we have an appointment booked for SI joint fusion, how long is recovery", "SI joint fusion – recovery"),
        ("I'm booked for SI-LOK screws next month, is this done as an outpatient?", "outpatient"),
    ],
)
def test_a_booking_the_patient_already_has_is_not_a_request_to_book(chat, message, expected):
    reply = chat.say(message)
    assert expected in reply
    assert "What is your full name?" not in reply


def _up_to_consent(chat):
    """A whole request typed up to the consent question."""
    for message in [
        "I want to book a consultation",
        "Ana Ruiz",
        "ana.r@example.com",
        "SI joint fusion",
        "tuesday mornings",
    ]:
        chat.say(message)


def test_agreeing_after_refusing_consent_starts_the_request_again(chat):
    _up_to_consent(chat)
    assert "without your consent" in chat.say("no")
    again = chat.say("wait, actually I do agree, please send it")
    assert "let's go through them again" in again
    assert "What is your full name?" in again


def test_declining_to_give_a_contact_gets_the_other_ways_and_a_way_out(chat):
    chat.say("I want to book a consultation")
    chat.say("Ana Ruiz")
    messages = chat.send("no")
    assert "rather not give one" in messages[0]["text"]
    assert messages[0]["buttons"] == [{"title": "Cancel the request", "payload": "/stop"}]


def test_a_procedure_described_in_the_request_to_book_is_taken(chat):
    reply = chat.say(
        "I want to book an appointment for my dad, his name is George Papadopoulos, my number is 617-555-0142, "
        "it's about the pelvic screws surgery, any afternoon works"
    )
    assert "Which procedure would you like to discuss?" not in reply


def _to_summary(chat):
    _up_to_consent(chat)
    return chat.say("yes I agree")


def test_a_yes_in_other_words_at_the_summary_sends_once_and_ends_the_request(chat):
    assert "Shall I send it" in _to_summary(chat)
    sent = chat.say("looks good")
    assert "your request has been sent" in sent and "lost the thread" not in sent
    after = chat.say("what happens now?")
    assert "Shall I send it" not in after and "without your consent" not in after


def test_changing_ones_mind_after_refusing_consent_in_other_words(chat):
    _up_to_consent(chat)
    assert "without your consent" in chat.say("no")
    assert "What is your full name?" in chat.say("wait, I changed my mind, yes I agree")


def test_a_question_at_the_times_step_is_answered_not_stored(chat):
    for message in ["I want to book a consultation", "Ana Ruiz", "ana.r@example.com", "SI joint fusion"]:
        chat.say(message)
    reply = chat.say("before that, how long is the recovery? I work in a warehouse lifting boxes")
    assert "Before I send your request" not in reply
    chat.say("any weekday afternoon")
    assert "before that" not in chat.say("yes I agree")
