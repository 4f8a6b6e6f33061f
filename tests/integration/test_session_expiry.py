"""Session expiry in the middle of the booking form (issue 13, point 6).

The conversation is aged in the real tracker database (TRACKER_STORE_URL, a SQLite file
in scripts/test.sh): every stored event is moved back by the session expiry of
domain/core.yml plus a minute, as if the patient had walked away. The Rasa server then
starts a new session on the next message: the patient is told the earlier request was
not sent, the form does not resume and no contact detail is carried over.
"""

from __future__ import annotations

import json
import os
import uuid

import pytest
import yaml
from sqlalchemy import create_engine, text

from clinic.replies import BOOKING_EXPIRED
from tests.conftest import ROOT
from tests.socketio_client import socketio_reply

EXPIRY_MINUTES = yaml.safe_load((ROOT / "domain" / "core.yml").read_text())["session_config"]["session_expiration_time"]


def age_conversation(sender: str, seconds: float) -> None:
    """Store `sender`'s events again, `seconds` older (new row ids: the server reads them anew)."""
    url = os.environ.get("TRACKER_STORE_URL", "")
    if not url.startswith("sqlite"):
        pytest.skip("ages the conversation in the SQLite tracker database of scripts/test.sh")
    engine = create_engine(url)
    with engine.begin() as db:
        rows = db.execute(
            text(
                "SELECT id, type_name, timestamp, intent_name, action_name, data FROM events "
                "WHERE sender_id = :s ORDER BY id"
            ),
            {"s": sender},
        ).fetchall()
        assert rows, "the conversation is not in the tracker database"
        for row in rows:
            data = json.loads(row.data)
            if data.get("timestamp") is not None:
                data["timestamp"] -= seconds
            db.execute(
                text(
                    "INSERT INTO events (sender_id, type_name, timestamp, intent_name, action_name, data) "
                    "VALUES (:s, :t, :ts, :i, :a, :d)"
                ),
                {
                    "s": sender,
                    "t": row.type_name,
                    "ts": (row.timestamp or 0) - seconds,
                    "i": row.intent_name,
                    "a": row.action_name,
                    "d": json.dumps(data),
                },
            )
        db.execute(text("DELETE FROM events WHERE id <= :last AND sender_id = :s"), {"last": rows[-1].id, "s": sender})
    engine.dispose()


def test_after_the_expiry_the_booking_is_not_resumed_and_the_patient_is_told(chat):
    assert "full name" in chat.say("/book_appointment")
    chat.say("Maria Lopez")
    assert "Which procedure" in chat.say("maria.lopez@example.org")
    age_conversation(chat.sender, (EXPIRY_MINUTES + 1) * 60)
    replies = chat.send("hello?")
    assert replies[0]["text"] == BOOKING_EXPIRED
    later = " ".join(m.get("text", "") for m in replies[1:])
    assert "Which procedure" not in later and "Is the consultation about" not in later, "the form resumed"
    # a new request asks for everything again: nothing was carried over
    assert "full name" in chat.say("book a consultation")
    assert "phone number or email" in chat.say("Tom Baecker")


def test_a_booking_in_the_widget_expires_the_same_way(chat):
    widget = f"expiry-widget-{uuid.uuid4().hex[:8]}"
    assert "full name" in socketio_reply("/book_appointment", widget)
    age_conversation(widget, (EXPIRY_MINUTES + 1) * 60)
    assert socketio_reply("hi again", widget) == BOOKING_EXPIRED


def test_a_conversation_without_an_open_booking_just_goes_on(chat):
    assert "45 to 90 minutes" in chat.say("how long does SI joint fusion take?")
    age_conversation(chat.sender, (EXPIRY_MINUTES + 1) * 60)
    assert BOOKING_EXPIRED not in chat.say("hi")
