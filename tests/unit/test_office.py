"""Office questions: only what clinic.yml knows, and plainly what it does not."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from clinic.settings import load_clinic_config
from clinic.office import office_answer, subject_of

CLINIC = load_clinic_config()
TUESDAY_10 = datetime(2026, 11, 24, 10, 0, tzinfo=ZoneInfo("America/New_York"))
SATURDAY_10 = datetime(2026, 11, 21, 10, 0, tzinfo=ZoneInfo("America/New_York"))


@pytest.mark.parametrize(
    "text, subject",
    [
        ("do you take aetna", "insurance"),
        ("do you accept medicare?", "insurance"),
        ("where are you located", "location"),
        ("is there parking", "location"),
        ("do i need a referral from my gp", "referral"),
        ("can i get a second opinion", "second_opinion"),
        ("do you have reviews", "reviews"),
        ("which surgeon does the operation", "surgeons"),
        ("can i do a video consultation", "telehealth"),
        ("how much is a consultation", "cost"),
        ("can i pay in installments", "cost"),
        ("are you open on saturday", "hours"),
        ("what time do you close today", "hours"),
        ("what's the phone number", "contact"),
        ("what information do you have", None),
    ],
)
def test_subjects(text, subject):
    assert subject_of(text) == subject


@pytest.mark.parametrize(
    "text",
    ["do you take aetna", "where are you located", "is there parking", "do i need a referral", "who is the surgeon"],
)
def test_unknown_facts_are_not_invented(text):
    reply = office_answer(text, CLINIC, TUESDAY_10)
    assert "don't have information" in reply
    assert CLINIC.phone in reply
    assert "consultation" in reply


def test_hours_come_from_clinic_yml():
    reply = office_answer("are you open on saturday", CLINIC, SATURDAY_10)
    assert "Monday to Thursday 08:00-17:00, Friday 08:00-16:00" in reply
    assert "closed on Saturday and Sunday" in reply
    assert "closed right now" in reply
    assert CLINIC.phone in reply
    assert "open now" in office_answer("when are you open", CLINIC, TUESDAY_10)


def test_contact_gives_phone_and_booking_link():
    reply = office_answer("what's the phone number", CLINIC, TUESDAY_10)
    assert CLINIC.phone in reply and CLINIC.booking_url in reply
    assert "don't have" not in reply
