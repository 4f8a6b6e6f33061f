"""Privacy over the REST webhook with the SQLite tracker store (TRACKER_STORE_URL):
no contact details left after a booking, the patient's deletion, expiry."""

import time

from tests.integration.conftest import Chat
from tests.privacy_checks import (
    check_booking_leaves_no_contact_details,
    check_patient_deletes_the_conversation,
    purge_with_retention,
    stored,
    tracker_database,
)


def test_after_a_booking_the_tracker_store_holds_no_contact_details(chat):
    check_booking_leaves_no_contact_details(chat.say, chat.sender)


def test_the_patient_deletes_the_conversation(chat):
    check_patient_deletes_the_conversation(chat.say, chat.sender)


def test_conversations_expire_after_a_short_retention_period(rasa_url, tmp_path):
    old, recent = Chat(rasa_url), Chat(rasa_url)
    old.say("hello")
    time.sleep(4)
    recent.say("hello")
    output = purge_with_retention(3, tmp_path)
    assert "deleted" in output
    assert stored(tracker_database(), old.sender) == [] and stored(tracker_database(), recent.sender)
