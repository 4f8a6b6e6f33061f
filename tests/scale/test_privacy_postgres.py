"""Privacy with the PostgreSQL tracker store shared by two Rasa servers (scripts/test_scale.sh):
a booking leaves no contact details, the patient's deletion, expiry with a short period.
The messages of one conversation go to both servers in turn."""

from __future__ import annotations

import itertools
import os
import time
import uuid
from typing import Callable, List, Tuple

import pytest
import requests

from tests.privacy_checks import (
    check_booking_leaves_no_contact_details,
    check_patient_deletes_the_conversation,
    purge_with_retention,
    stored,
    tracker_database,
)


@pytest.fixture(scope="module", autouse=True)
def postgres() -> None:
    assert tracker_database().dialect.name == "postgresql", "run this through scripts/test_scale.sh"


def conversation() -> Tuple[Callable[[str], str], str]:
    """A new patient whose messages alternate between the two servers."""
    urls: List[str] = [f"{u}/webhooks/rest/webhook" for u in os.environ["RASA_URLS"].split(",") if u]
    turns = itertools.cycle(urls)
    sender = f"privacy-{uuid.uuid4().hex[:12]}"

    def say(message: str) -> str:
        reply = requests.post(next(turns), json={"sender": sender, "message": message}, timeout=120)
        reply.raise_for_status()
        return "\n".join(m.get("text", "") for m in reply.json())

    return say, sender


def test_after_a_booking_the_tracker_store_holds_no_contact_details():
    check_booking_leaves_no_contact_details(*conversation())


def test_the_patient_deletes_the_conversation():
    check_patient_deletes_the_conversation(*conversation())


def test_conversations_expire_after_a_short_retention_period(tmp_path):
    (old, old_sender), (recent, recent_sender) = conversation(), conversation()
    old("hello")
    time.sleep(4)
    recent("hello")
    assert "deleted" in purge_with_retention(3, tmp_path)
    assert stored(tracker_database(), old_sender) == [] and stored(tracker_database(), recent_sender)
