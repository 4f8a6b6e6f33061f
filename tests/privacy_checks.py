"""Shared by the REST tests on SQLite (tests/integration) and on PostgreSQL (tests/scale):
a booking, a deletion and an expiry through the real servers, checked in the tracker database."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Callable, List

import sqlalchemy as sa

from clinic.booking import BookingStore
from clinic.settings import clinic

ROOT = Path(__file__).resolve().parent.parent
NAME, EMAIL, PHONE = "Rosalind Quigley", "rosalind.q@example.net", "555 010 0142"
# how each detail may appear: as typed, as the summary shows it, in parts
TRACES = ("Rosalind", "Quigley", EMAIL, PHONE, "5550100142", "010 0142")

Say = Callable[[str], str]


def tracker_database() -> sa.engine.Engine:
    return sa.create_engine(os.environ["TRACKER_STORE_URL"])


def stored(database: sa.engine.Engine, sender: str) -> List[str]:
    """The stored events of a conversation, as JSON."""
    with database.connect() as connection:
        rows = connection.execute(sa.text("SELECT data FROM events WHERE sender_id = :s ORDER BY id"), {"s": sender})
        return [row.data for row in rows]


def book(say: Say) -> str:
    """A whole booking, with the phone number given unasked at the summary. Returns the reference."""
    assert "full name" in say("I'd like to book a consultation")
    assert "phone number or email" in say(NAME)
    say(EMAIL)
    assert "days or times" in say("/inform_procedure" + json.dumps({"procedure": "si_joint_fusion"}))
    assert "Do you agree" in say("weekday mornings")
    assert NAME in say("yes")
    summary = say(f"sorry, my number is {PHONE}")
    assert "5550100142" in "".join(ch for ch in summary if ch.isdigit())  # shown formatted
    confirmation = say("/affirm")
    assert "Your reference is" in confirmation and clinic().phone in confirmation
    return confirmation.split("Your reference is ")[1].split(".")[0]


def check_booking_leaves_no_contact_details(say: Say, sender: str) -> None:
    reference = book(say)
    events = stored(tracker_database(), sender)
    assert len(events) > 30
    found = {trace for trace in TRACES for data in events if trace.lower() in data.lower()}
    assert not found, f"the tracker store still holds {found}"
    assert any("[name]" in data for data in events) and any("[email]" in data for data in events)
    users = [json.loads(data) for data in events if '"event": "user"' in data]
    assert all(re.fullmatch(r"[0-9a-f]+", u["parse_data"]["message_id"]) for u in users)  # ids stay whole
    # the booking store has them, with consent
    request = BookingStore(os.environ["BOOKING_DB_URL"]).get(reference)
    assert (request.name, request.email) == (NAME, EMAIL) and request.consent
    assert request.phone == "+1" + "".join(ch for ch in PHONE if ch.isdigit())  # E.164, the clinic's region


def check_patient_deletes_the_conversation(say: Say, sender: str) -> None:
    assert "45 to 90 minutes" in say("how long does SI joint fusion take?")
    question = say("please forget me")
    assert "Shall I delete this conversation?" in question and clinic().phone in question
    assert stored(tracker_database(), sender)  # nothing deleted before the confirmation
    done = say("/affirm")
    assert "deleted this conversation" in done and clinic().phone in done
    assert stored(tracker_database(), sender) == []
    # the patient can start again, in a new conversation
    assert "45 to 90 minutes" in say("how long does SI joint fusion take?")
    assert len(stored(tracker_database(), sender)) > 0


def purge_with_retention(seconds: float, tmp_path: Path) -> str:
    """`python -m clinic.conversations purge` with conversation_retention_days set to `seconds`."""
    config = tmp_path / "clinic.yml"
    text = (ROOT / "clinic.yml").read_text(encoding="utf-8")
    assert "conversation_retention_days: 30" in text
    config.write_text(
        text.replace("conversation_retention_days: 30", f"conversation_retention_days: {seconds / 86400}")
    )
    result = subprocess.run(
        [sys.executable, "-m", "clinic.conversations", "purge"],
        env={**os.environ, "CLINIC_CONFIG": str(config)},
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    return result.stdout
