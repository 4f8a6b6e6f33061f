"""The booking form's actions with real Trackers, a real SQLite file and a real HTTP receiver."""

import asyncio
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from rasa_sdk import Tracker
from rasa_sdk.events import FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions import booking_form as bf
from actions.state import BOOKING_SLOTS
from clinic import replies
from clinic.settings import clinic
from clinic.booking import default_store
from tests.conftest import make_tracker, procedure_entity


def run(coro):
    return asyncio.run(coro)


def slots(events):
    return {e["name"]: e["value"] for e in events if e["event"] == "slot"}


@pytest.fixture
def db_url(tmp_path, monkeypatch):
    url = f"sqlite:///{tmp_path / 'bookings.db'}"
    monkeypatch.setenv("BOOKING_DB_URL", url)
    monkeypatch.delenv("BOOKING_WEBHOOK_URL", raising=False)
    return url


FORM = bf.ValidateBookingForm()


def test_name_is_extracted_only_when_asked(dispatcher):
    asked = make_tracker("Maria Lopez", "nlu_fallback", slots={"requested_slot": "booking_name"})
    assert run(FORM.extract_booking_name(dispatcher, asked, {})) == {"booking_name": "Maria Lopez"}
    other = make_tracker("Maria Lopez", "nlu_fallback", slots={"requested_slot": "booking_times"})
    assert run(FORM.extract_booking_name(dispatcher, other, {})) == {}


def test_a_question_or_red_flag_is_not_taken_as_an_answer(dispatcher):
    for intent in ("ask_risks", "report_emergency", "stop"):
        tracker = make_tracker("what are the risks?", intent, slots={"requested_slot": "booking_times"})
        assert run(FORM.extract_booking_times(dispatcher, tracker, {})) == {}


@pytest.mark.parametrize(
    "slot, extract",
    [("booking_name", FORM.extract_booking_name), ("booking_times", FORM.extract_booking_times)],
)
def test_a_follow_up_question_is_answered_by_its_rule_not_taken_as_the_answer(dispatcher, slot, extract):
    """ "why do you need that?" at a booking question: the ask_more_detail rule answers it, then
    the form asks again (data/booking_interruptions.yml); it is not stored as the name or times."""
    tracker = make_tracker("why do you need that?", "ask_more_detail", slots={"requested_slot": slot})
    assert run(extract(dispatcher, tracker, {})) == {}


def test_a_phone_number_is_taken_even_if_classified_oddly(dispatcher):
    tracker = make_tracker("555 010 0199", "ask_duration", slots={"requested_slot": "booking_contact"})
    assert run(FORM.extract_booking_contact(dispatcher, tracker, {})) == {"booking_contact": "555 010 0199"}


def test_invalid_contact_is_re_asked_with_the_reason_and_a_way_out(dispatcher):
    tracker = make_tracker("12", slots={"booking_contact_failures": 1})
    result = FORM.validate_booking_contact("12", dispatcher, tracker, {})
    assert result == {"booking_contact": None, "booking_contact_failures": 2}
    text = dispatcher.messages[0]["text"]
    assert "phone number" in text and "+1 (555) 010-0199" in text
    assert dispatcher.messages[0]["buttons"][0]["payload"] == "/stop"


def test_valid_contact_fills_phone_or_email(dispatcher):
    tracker = make_tracker("")
    assert (
        FORM.validate_booking_contact(" +44 20 7946 0958 ", dispatcher, tracker, {})["booking_phone"] == "+442079460958"
    )
    assert FORM.validate_booking_contact("jo@Example.org", dispatcher, tracker, {})["booking_email"] == "jo@example.org"


@pytest.mark.parametrize(
    "value, context, expected",
    [
        ("si_joint_fusion", None, "si_joint_fusion"),
        ("lumbopelvic fixation", None, "spinopelvic_fixation"),
        (bf.FROM_CONTEXT, "si_joint_fusion", "si_joint_fusion"),
        ("not sure yet", None, bf.NOT_SURE),
        (bf.NOT_SURE, None, bf.NOT_SURE),
        ("knee replacement", None, None),
    ],
)
def test_procedure_validation(dispatcher, value, context, expected):
    tracker = make_tracker("", slots={"procedure": context})
    assert FORM.validate_booking_procedure(value, dispatcher, tracker, {}) == {"booking_procedure": expected}


def test_procedure_question_offers_the_one_from_the_conversation_first(dispatcher):
    tracker = make_tracker("/book_appointment", "book_appointment", slots={"procedure": "spinopelvic_fixation"})
    run(bf.ActionAskBookingProcedure().run(dispatcher, tracker, {}))
    message = dispatcher.messages[0]
    assert "about spinopelvic fixation?" in message["text"]
    assert [b["title"] for b in message["buttons"]] == [
        "Spinopelvic fixation",
        "SI joint fusion",
        "Not sure yet",
    ]


def test_consent_question_says_what_why_and_how_long(dispatcher):
    run(bf.ActionAskBookingConsent().run(dispatcher, make_tracker(""), {}))
    text = dispatcher.messages[0]["text"]
    assert "name, contact details" in text and "only to contact you" in text and "90 days" in text


def booking_slots(**overrides):
    values = {
        "booking_name": "Robert'); DROP TABLE bookings;--",
        "booking_phone": "+15550100199",
        "booking_email": None,
        "booking_procedure": "si_joint_fusion",
        "booking_times": "mornings 🙂",
        "booking_consent": True,
    }
    values.update(overrides)
    return values


SUMMARY_BUTTONS = [{"title": "Confirm", "payload": "/affirm"}, {"title": "Cancel", "payload": "/stop"}]


def test_submit_stores_the_request_and_clears_contact_slots(dispatcher, db_url):
    events = run(
        bf.ActionSubmitBooking().run(
            dispatcher, make_tracker("/affirm", "affirm", slots=booking_slots(), buttons=SUMMARY_BUTTONS), {}
        )
    )
    text = dispatcher.messages[0]["text"]
    reference = text.split("Your reference is ")[1].split(".")[0]
    saved = default_store(db_url).get(reference)
    assert saved.name == "Robert'); DROP TABLE bookings;--" and saved.preferred_times == "mornings 🙂"
    assert saved.status == "pending"  # no webhook configured
    assert all(value is None for value in slots(events).values())
    assert set(slots(events)) == set(BOOKING_SLOTS)


def test_submit_without_consent_stores_nothing(dispatcher, db_url):
    run(
        bf.ActionSubmitBooking().run(
            dispatcher, make_tracker("no", "deny", slots=booking_slots(booking_consent=False)), {}
        )
    )
    assert "won't store" in dispatcher.messages[0]["text"]
    assert default_store(db_url).list() == []


def test_submit_with_the_database_down_apologises_with_the_phone_number(dispatcher, tmp_path, monkeypatch, caplog):
    monkeypatch.setenv("BOOKING_DB_URL", f"sqlite:///{tmp_path / 'missing-dir' / 'x' / 'bookings.db'}")
    events = run(bf.ActionSubmitBooking().run(dispatcher, make_tracker("yes", "affirm", slots=booking_slots()), {}))
    assert "couldn't save your request" in dispatcher.messages[0]["text"]
    assert "+1 (555) 010-0199" in dispatcher.messages[0]["text"]
    assert "Robert" not in caplog.text and "+15550100199" not in caplog.text
    assert all(value is None for value in slots(events).values())


class _Receiver(BaseHTTPRequestHandler):
    def do_POST(self):  # noqa: N802
        self.server.received.append(json.loads(self.rfile.read(int(self.headers["Content-Length"]))))
        self.send_response(200)
        self.end_headers()

    def log_message(self, *args):
        pass


def test_submit_forwards_to_the_scheduling_system(dispatcher, db_url, monkeypatch):
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Receiver)
    server.received = []
    threading.Thread(target=server.serve_forever, daemon=True).start()
    monkeypatch.setenv("BOOKING_WEBHOOK_URL", f"http://127.0.0.1:{server.server_port}/bookings")
    try:
        run(bf.ActionSubmitBooking().run(dispatcher, make_tracker("yes", "affirm", slots=booking_slots()), {}))
    finally:
        server.shutdown()
        server.server_close()
    reference = dispatcher.messages[0]["text"].split("Your reference is ")[1].split(".")[0]
    assert [r["reference"] for r in server.received] == [reference]
    assert default_store(db_url).get(reference).status == "delivered"


def test_cancel_clears_the_slots(dispatcher):
    events = run(bf.ActionCancelBooking().run(dispatcher, make_tracker("stop", "stop", active_loop="booking_form"), {}))
    assert slots(events) == {slot: None for slot in BOOKING_SLOTS}
    assert "nothing was stored" in dispatcher.messages[0]["text"]


@pytest.mark.parametrize("intent", ["affirm", "deny", "nlu_fallback"])
def test_not_sure_is_understood_whatever_the_intent(dispatcher, intent):
    tracker = make_tracker(
        "not sure yet", intent, slots={"requested_slot": "booking_procedure", "procedure": "si_joint_fusion"}
    )
    assert run(FORM.extract_booking_procedure(dispatcher, tracker, {})) == {"booking_procedure": bf.NOT_SURE}


@pytest.mark.parametrize(
    "typed, stored",
    [
        ("his name is Robert Chen", "Robert Chen"),
        ("I'm Ana Silva", "Ana Silva"),
        ("hi", None),
        ("the name should be Robert Chen Sr.", "Robert Chen Sr."),
        ("no nevermind", None),
    ],
)
def test_names_are_cleaned(dispatcher, typed, stored):
    assert FORM.validate_booking_name(typed, dispatcher, make_tracker(typed), {}) == {"booking_name": stored}


def test_not_sure_wins_over_a_procedure_mentioned_in_passing(dispatcher):
    tracker = make_tracker(
        "not sure tbh, maybe the si one, I want the dr to decide",
        "inform_procedure",
        [procedure_entity("si_joint_fusion")],
        slots={"requested_slot": "booking_procedure"},
    )
    assert run(FORM.extract_booking_procedure(dispatcher, tracker, {})) == {"booking_procedure": bf.NOT_SURE}


def test_ok_before_a_name_is_dropped(dispatcher):
    assert FORM.validate_booking_name("ok. Dev Patel", dispatcher, make_tracker(""), {}) == {
        "booking_name": "Dev Patel"
    }


# The summary step and corrections (patient probe sets E and F, 2026-11-29).


def test_a_new_number_at_the_summary_replaces_the_old_one(dispatcher):
    tracker = make_tracker("sorry my number is actually 555-303-4041", "nlu_fallback", slots=booking_slots())
    events = run(bf.ActionBookingSummary().run(dispatcher, tracker, {}))
    assert slots(events) == {"booking_phone": "+15553034041"}
    texts = [m["text"] for m in dispatcher.messages]
    assert texts[0] == "Thank you, I've changed your contact details."
    assert "- Contact: (555) 303-4041" in texts[1] and "+15550100199" not in texts[1]


def test_a_question_at_the_summary_is_answered_then_the_summary_shown_again(dispatcher):
    tracker = make_tracker(
        "how long does si joint fusion take", "ask_duration", [procedure_entity("si joint fusion")], booking_slots()
    )
    run(bf.ActionBookingSummary().run(dispatcher, tracker, {}))
    texts = [m["text"] for m in dispatcher.messages]
    assert "45 to 90 minutes" in texts[0]
    assert texts[-1].startswith("Here is your request:") and "Shall I send it" in texts[-1]


def test_change_with_a_new_number_corrects_it_and_shows_the_summary(dispatcher):
    tracker = make_tracker("the phone number is wrong, it's 555-777-8899", "booking_change", slots=booking_slots())
    events = run(bf.ActionRestartBooking().run(dispatcher, tracker, {}))
    assert slots(events) == {"booking_phone": "+15557778899"}
    assert {"event": "followup", "name": "action_booking_summary"} in [
        {k: e.get(k) for k in ("event", "name")} for e in events
    ]


def test_change_the_phone_number_asks_only_for_the_contact_again(dispatcher):
    tracker = make_tracker("change the phone number please", "booking_change", slots=booking_slots())
    changed = slots(run(bf.ActionRestartBooking().run(dispatcher, tracker, {})))
    assert changed["booking_phone"] is None and changed["booking_email"] is None
    assert "booking_name" not in changed and "booking_consent" not in changed


def test_change_without_a_detail_asks_which_one_and_keeps_the_others(dispatcher):
    changed = slots(
        run(
            bf.ActionRestartBooking().run(
                dispatcher, make_tracker("Change", "booking_change", slots=booking_slots()), {}
            )
        )
    )
    assert changed == {"booking_changing": True, "requested_slot": None}


@pytest.mark.parametrize("text", ["🤔", "ok?", "/affirm", "不同意", '/inform{"consent": true}'])
def test_submit_needs_an_explicit_confirm_whatever_the_intent(dispatcher, db_url, text):
    tracker = make_tracker(text, "affirm", slots=booking_slots())  # "/affirm" not offered here
    events = run(bf.ActionSubmitBooking().run(dispatcher, tracker, {}))
    assert events == [{"event": "followup", "name": "action_booking_summary", "timestamp": None}]
    assert default_store(db_url).list() == []


@pytest.mark.parametrize(
    "text, name, phone",
    [
        (
            "Hi, I want to book an appointment. My name is Maria Lopez, phone 555-123-4567, it's for SI joint fusion",
            "Maria Lopez",
            "+15551234567",
        ),
        (
            "I want to book a consultation for my mum, Ruth Okafor, about SI joint fusion. you can reach me on +44 7700 900123",
            "Ruth Okafor",
            "+447700900123",
        ),
    ],
)
def test_everything_in_the_first_message_is_taken(dispatcher, text, name, phone):
    tracker = make_tracker(text, "book_appointment", [procedure_entity("si_joint_fusion")])
    assert bf.details_given(tracker) == {
        "booking_name": name,
        "booking_phone": phone,
        "booking_procedure": "si_joint_fusion",
    }


def test_a_name_and_number_together_when_the_name_is_asked(dispatcher):
    text = "Maria Lopez, phone 555-123-4567, for SI joint fusion"
    tracker = make_tracker(text, "nlu_fallback", slots={"requested_slot": "booking_name"})
    assert run(FORM.extract_booking_name(dispatcher, tracker, {})) == {"booking_name": "Maria Lopez"}
    assert bf.details_given(tracker) == {"booking_phone": "+15551234567"}


def test_a_corrected_number_while_another_question_is_asked(dispatcher):
    tracker = make_tracker(
        "wait that number is wrong, its 617 555 0192",
        "booking_change",
        slots={"requested_slot": "booking_procedure", "booking_phone": "555019233"},
    )
    assert run(FORM.extract_booking_procedure(dispatcher, tracker, {})) == {}  # not a procedure
    assert bf.details_given(tracker) == {"booking_phone": "+16175550192"}


def test_no_details_are_taken_from_an_emergency(dispatcher):
    tracker = make_tracker("my name is Jo and I can't breathe, 555 010 0199", "report_emergency")
    assert bf.details_given(tracker) == {}


FORM_DOMAIN = {
    "forms": {
        "booking_form": {"required_slots": list(BOOKING_SLOTS[:1]) + ["booking_contact"] + list(BOOKING_SLOTS[3:6])}
    },
    "slots": {s: {"type": "text", "mappings": [{"type": "custom"}]} for s in BOOKING_SLOTS + ("booking_contact",)},
}


def test_the_form_keeps_a_corrected_number_given_unasked(dispatcher):
    """rasa_sdk drops slots the form does not require: the correction must survive it."""
    tracker = make_tracker(
        "wait that number is wrong, its 617 555 0192",
        "booking_change",
        slots={"requested_slot": "booking_procedure", "booking_phone": "555019233", "booking_name": "Maria"},
    )
    events = run(FORM.run(dispatcher, tracker, FORM_DOMAIN))
    assert slots(events) == {"booking_phone": "+16175550192", "requested_slot": "booking_procedure"}
    assert dispatcher.messages[0]["text"] == "Thank you, I've changed your contact details."


@pytest.mark.parametrize(
    "text, intent, changed",
    [
        ("wait, my surname is actually spelled Baecker", "nlu_fallback", {"booking_name": "Maria Baecker"}),
        (
            "actually put spinopelvic fixation, my surgeon said that's the one",
            "inform_procedure",
            {"booking_procedure": "spinopelvic_fixation"},
        ),
    ],
)
def test_a_name_or_procedure_corrected_at_the_summary(dispatcher, text, intent, changed):
    tracker = make_tracker(text, intent, slots=booking_slots(booking_name="Maria Lopez"))
    assert slots(run(bf.ActionBookingSummary().run(dispatcher, tracker, {}))) == changed
    assert dispatcher.messages[0]["text"] == "Thank you, I've changed that."


def test_change_the_name_to_a_new_one_goes_back_to_the_summary(dispatcher):
    tracker = make_tracker("change the name to Tom Baecker", "booking_change", slots=booking_slots())
    events = run(bf.ActionRestartBooking().run(dispatcher, tracker, {}))
    assert events == [SlotSet("booking_name", "Tom Baecker"), FollowupAction("action_booking_summary")]


def test_days_and_times_answer_the_times_question_whatever_the_intent(dispatcher):
    for text in ("Tuesday or Thursday after 2pm", "anything but Wednesdays, ideally early before 9"):
        tracker = make_tracker(text, "ask_recovery", slots={"requested_slot": "booking_times"})
        assert run(FORM.extract_booking_times(dispatcher, tracker, {})) == {"booking_times": text}
    question = make_tracker(
        "is the consultation itself free or do I pay?", "ask_office", slots={"requested_slot": "booking_times"}
    )
    assert run(FORM.extract_booking_times(dispatcher, question, {})) == {}


def test_a_remark_in_brackets_is_not_part_of_the_name(dispatcher):
    typed = "Ruth Okafor (I'm her daughter, Ada)"
    assert FORM.validate_booking_name(typed, dispatcher, make_tracker(typed), {}) == {"booking_name": "Ruth Okafor"}


def test_change_the_time_to_a_new_one_at_the_summary(dispatcher):
    tracker = make_tracker("change the time to Wednesday after lunch", "booking_change", slots=booking_slots())
    events = run(bf.ActionRestartBooking().run(dispatcher, tracker, {}))
    assert events == [SlotSet("booking_times", "Wednesday after lunch"), FollowupAction("action_booking_summary")]


def name_question_after(events):
    """What action_ask_booking_name says after these events (the form's own: each question
    the form asks sets requested_slot, the latest being this question's)."""
    tracker = Tracker("test-user", {}, {}, events, False, None, {"name": "booking_form"}, "booking_form")
    dispatcher = CollectingDispatcher()
    assert run(bf.ActionAskBookingName().run(dispatcher, tracker, {})) == []
    return [m["text"] for m in dispatcher.messages]


def user(text, intent):
    return {"event": "user", "text": text, "parse_data": {"intent": {"name": intent, "confidence": 1.0}}}


def action(name):
    return {"event": "action", "name": name}


def asked(slot):
    return [action("booking_form"), {"event": "active_loop", "name": "booking_form"}] * (slot == "booking_name") + [
        {"event": "slot", "name": "requested_slot", "value": slot}
    ]


OPENING = f"{replies.booking_opening(clinic())} {replies.ASK_BOOKING_NAME}"
STARTED = [user("/book_appointment", "book_appointment"), *asked("booking_name")]
AT_SUMMARY = [
    *STARTED,
    user("Ann Lee", "inform"),
    *asked("booking_contact"),
    user("555 010 0123", "inform"),
    *asked("booking_procedure"),
    user("SI joint fusion", "inform_procedure"),
    *asked("booking_times"),
    user("mornings", "inform"),
    *asked("booking_consent"),
    user("yes", "affirm"),
    {"event": "slot", "name": "requested_slot", "value": None},
    action("action_booking_summary"),
]


@pytest.mark.parametrize(
    "events, expected",
    [
        (STARTED, [OPENING]),  # the form's first question
        ([*STARTED, user("123", "inform"), *asked("booking_name")], [replies.ASK_BOOKING_NAME]),  # asked again
        (
            # "Change" at the summary, then "Name": only the question
            [
                *AT_SUMMARY,
                user("Change", "booking_change"),
                action("action_restart_booking"),
                *asked("booking_change_detail"),
                user("name", "inform"),
                *asked("booking_name"),
            ],
            [replies.ASK_BOOKING_NAME],
        ),
        # a correction at the consent step ("wait, I spelled my name wrong")
        (
            [*AT_SUMMARY[:-3], user("wait, I spelled my name wrong", "booking_change"), *asked("booking_name")],
            [replies.ASK_BOOKING_NAME],
        ),
        # a new booking after the last one was sent
        ([*AT_SUMMARY, user("yes", "affirm"), action("action_submit_booking"), *STARTED], [OPENING]),
    ],
)
def test_the_name_question_has_the_opening_line_only_when_the_form_starts(events, expected):
    assert name_question_after(events) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("no I just wanted to know how long the recovery is for SI fusion", "SI joint fusion – recovery"),
        (
            "sorry no, I only wanted to ask what the risks of spinopelvic fixation are",
            "Spinopelvic fixation – the risks",
        ),
    ],
)
def test_taking_back_the_booking_stops_it_and_answers_the_question_asked(dispatcher, text, expected):
    events = run(bf.ActionCancelBooking().run(dispatcher, make_tracker(text, "stop", active_loop="booking_form"), {}))
    said = [m["text"] for m in dispatcher.messages]
    assert "nothing was stored" in said[0] and expected in said[1]
    assert all(slots(events)[slot] is None for slot in BOOKING_SLOTS)


def test_a_plain_stop_answers_nothing_else(dispatcher):
    run(bf.ActionCancelBooking().run(dispatcher, make_tracker("stop", "stop", active_loop="booking_form"), {}))
    assert len(dispatcher.messages) == 1


@pytest.mark.parametrize(
    "slot, text",
    [("booking_name", "why do you need my name?"), ("booking_contact", "what do you need my phone number for?")],
)
def test_why_a_detail_is_needed_is_answered_and_the_detail_asked_again(dispatcher, slot, text):
    tracker = make_tracker(text, "nlu_fallback", slots={"requested_slot": slot}, active_loop="booking_form")
    validate = getattr(bf.ValidateBookingForm(), f"validate_{slot}")
    assert validate(text, dispatcher, tracker, {}) == {slot: None}
    assert "a way to reach you" in dispatcher.messages[0]["text"]
