"""Contact details out of the conversation history (clinic/privacy.py)."""

from __future__ import annotations

import json

from clinic.privacy import EMAIL, NAME, PHONE, contacts_in, find_phones, holds_contact_slot, redact_events
from clinic.settings import clinic


def user(text: str) -> dict:
    return {
        "event": "user",
        "timestamp": 1.0,
        "text": text,
        "parse_data": {
            "text": text,
            "intent": {"name": "book_appointment", "confidence": 0.9},
            "entities": [],
            "intent_ranking": [{"name": "book_appointment", "confidence": 0.9}],
        },
    }


def bot(text: str) -> dict:
    return {
        "event": "bot",
        "timestamp": 1.0,
        "text": text,
        "data": {"buttons": [{"title": "Confirm", "payload": "/affirm"}]},
    }


def slot(name: str, value) -> dict:
    return {"event": "slot", "timestamp": 1.0, "name": name, "value": value}


def booking() -> list:
    return [
        user("I want to book, my name is Rosalind Quigley"),
        slot("booking_name", "Rosalind Quigley"),
        bot("What phone number or email address should the clinic use to contact you?"),
        user("it's 555 246 8013 or rosalind.q@example.net"),
        slot("booking_contact", "it's 555 246 8013 or rosalind.q@example.net"),
        slot("booking_phone", "5552468013"),
        slot("booking_email", "rosalind.q@example.net"),
        user("my surname is actually spelled quigly"),
        slot("booking_name", "Rosalind Quigly"),
        bot("Here is your request:\n- Name: Rosalind Quigly\n- Contact: 5552468013, rosalind.q@example.net"),
        bot(f"Your reference is VH-59PJN7. Call {clinic().phone} any time."),
        slot("booking_name", None),
        slot("booking_phone", None),
        slot("booking_email", None),
    ]


def test_after_a_booking_no_name_phone_or_email_is_left():
    events = booking()
    redacted = [new or old for old, new in zip(events, redact_events(events), strict=False)]
    stored = json.dumps(redacted).lower()
    for detail in ("rosalind", "quigley", "quigly", "246 8013", "5552468013", "rosalind.q@example.net"):
        assert detail not in stored, detail
    assert redacted[0]["text"] == f"I want to book, my name is {NAME}"
    assert redacted[0]["parse_data"]["text"] == redacted[0]["text"]
    assert redacted[0]["parse_data"]["intent"]["name"] == "book_appointment"  # what it meant stays
    assert redacted[3]["text"] == f"it's {PHONE} or {EMAIL}"
    assert [e["value"] for e in redacted if e["event"] == "slot" and e["name"] != "booking_contact"] == [
        NAME,
        PHONE,
        EMAIL,
        NAME,
        None,
        None,
        None,
    ]
    assert f"- Name: {NAME}\n- Contact: {PHONE}, {EMAIL}" in redacted[9]["text"]
    # the clinic's own phone number in the assistant's messages stays
    assert clinic().phone in redacted[10]["text"] and redact_events(events)[10] is None


def test_redacting_twice_changes_nothing_more():
    events = booking()
    once = [new or old for old, new in zip(events, redact_events(events), strict=False)]
    assert redact_events(once) == [None] * len(once)
    assert not holds_contact_slot(once) and holds_contact_slot(events)


def test_details_given_unasked_in_other_messages_go_too():
    events = [
        user("call me on +44 20 7946 0958, or write to jo.b@example.org."),
        slot("booking_phone", "+442079460958"),
    ]
    redacted = redact_events(events)[0]
    assert redacted["text"] == f"call me on {PHONE}, or write to {EMAIL}"


def test_other_numbers_and_words_stay():
    contacts = contacts_in([slot("booking_name", "Will Van Dyke")])
    assert contacts.name_words == {"will", "van", "dyke"}
    events = [user("recovery takes 3 to 6 months, I was told 45 to 90 minutes"), slot("booking_name", "Will Van Dyke")]
    assert redact_events(events)[0] is None
    assert find_phones("after 2 pm on Tuesday 12 May") == []


def test_ids_and_scores_stay():
    event = user("my number is 555 246 8013")
    event["parse_data"]["message_id"] = "0ae9b2e5552468013de8"
    event["metadata"] = {"model_id": "1bbb385c72dc43bbaf8808"}
    redacted = redact_events([event, slot("booking_phone", "5552468013")])[0]
    assert redacted["text"] == f"my number is {PHONE}"
    assert redacted["parse_data"]["message_id"] == "0ae9b2e5552468013de8"
    assert redacted["metadata"] == {"model_id": "1bbb385c72dc43bbaf8808"}
