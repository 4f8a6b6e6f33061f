"""Opening hours and after-hours messages, with a fixed clock."""

from datetime import datetime, timezone
from zoneinfo import ZoneInfo

import pytest

from clinic import replies
from clinic.settings import load_clinic_config

NY = ZoneInfo("America/New_York")
CLINIC = load_clinic_config()  # Mon-Thu 08:00-17:00, Fri 08:00-16:00, New York


@pytest.mark.parametrize(
    "now, is_open, next_opening",
    [
        (datetime(2026, 11, 23, 10, 0, tzinfo=NY), True, "tomorrow (Tuesday) at 08:00"),  # Monday morning
        (datetime(2026, 11, 23, 19, 30, tzinfo=NY), False, "tomorrow (Tuesday) at 08:00"),  # Monday evening
        (datetime(2026, 11, 24, 6, 0, tzinfo=NY), False, "today at 08:00"),  # Tuesday before opening
        (datetime(2026, 11, 27, 16, 30, tzinfo=NY), False, "Monday at 08:00"),  # Friday after 16:00
        (datetime(2026, 11, 28, 12, 0, tzinfo=NY), False, "Monday at 08:00"),  # Saturday
        (datetime(2026, 11, 29, 23, 59, tzinfo=NY), False, "tomorrow (Monday) at 08:00"),  # Sunday night
    ],
)
def test_opening_hours_in_the_clinic_timezone(now, is_open, next_opening):
    assert CLINIC.is_open(now) is is_open
    assert CLINIC.describe_next_opening(now) == next_opening


def test_timezone_boundary():
    # 12:30 UTC on Monday is 07:30 in New York: still closed; 13:00 UTC is 08:00: open.
    assert not CLINIC.is_open(datetime(2026, 11, 23, 12, 30, tzinfo=timezone.utc))
    assert CLINIC.is_open(datetime(2026, 11, 23, 13, 0, tzinfo=timezone.utc))


def test_closed_dates(tmp_path):
    config = tmp_path / "clinic.yml"
    config.write_text(
        "name: Test Clinic\nphone: '1'\nbooking_url: x\ntimezone: America/New_York\n"
        "opening_hours: {monday: '08:00-17:00', tuesday: '08:00-17:00'}\nclosed_dates: [2026-11-23]\n"
    )
    clinic = load_clinic_config(config)
    monday_noon = datetime(2026, 11, 23, 12, 0, tzinfo=NY)
    assert not clinic.is_open(monday_noon)
    assert clinic.describe_next_opening(monday_noon) == "tomorrow (Tuesday) at 08:00"


def test_confirmation_inside_hours_says_the_team_will_call_shortly():
    text = replies.booking_confirmation("VH-ABC234", CLINIC, datetime(2026, 11, 23, 10, 0, tzinfo=NY)).text
    assert "VH-ABC234" in text and "contact you shortly" in text


def test_confirmation_after_hours_says_when_the_team_will_call_back():
    text = replies.booking_confirmation("VH-ABC234", CLINIC, datetime(2026, 11, 28, 12, 0, tzinfo=NY)).text
    assert "closed right now" in text and "Monday at 08:00" in text


def test_greeting_mentions_the_office_is_closed_only_after_hours():
    from clinic.knowledge import default_knowledge_base

    kb = default_knowledge_base()
    assert "closed right now" in replies.greeting(CLINIC, kb, datetime(2026, 11, 28, 12, 0, tzinfo=NY)).text
    assert "closed" not in replies.greeting(CLINIC, kb, datetime(2026, 11, 23, 10, 0, tzinfo=NY)).text


def test_urgent_reply_sends_to_the_office_in_hours_and_the_ed_after_hours():
    assert CLINIC.phone in replies.red_flag("urgent", CLINIC, datetime(2026, 11, 23, 10, 0, tzinfo=NY)).text
    assert "emergency department" in replies.red_flag("urgent", CLINIC, datetime(2026, 11, 28, 12, 0, tzinfo=NY)).text


def test_opening_hours_are_summarised():
    assert CLINIC.describe_hours() == "Monday to Thursday 08:00-17:00, Friday 08:00-16:00"
