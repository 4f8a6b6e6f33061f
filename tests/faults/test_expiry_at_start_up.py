"""The Rasa server deletes expired conversations at start-up (scripts/test.sh restarts it):
a conversation whose last message is older than conversation_retention_days (clinic.yml)
before the restart is gone after it; a recent one stays."""

import os

import pytest
import requests
import sqlalchemy as sa

from clinic.settings import clinic

EXPIRED, RECENT = "expiry-test-old-patient", "expiry-test-recent-patient"


def say(sender: str, message: str) -> None:
    url = f"{os.environ['RASA_URL']}/webhooks/rest/webhook"
    requests.post(url, json={"sender": sender, "message": message}, timeout=60).raise_for_status()


def count(sender: str) -> int:
    with sa.create_engine(os.environ["TRACKER_STORE_URL"]).connect() as connection:
        return connection.execute(sa.text("SELECT count(*) FROM events WHERE sender_id = :s"), {"s": sender}).scalar()


@pytest.mark.skipif(os.environ.get("RASA_RESTART") != "before", reason="not before the restart")
def test_before_the_restart_one_conversation_is_past_the_retention_period():
    say(EXPIRED, "hello")
    say(RECENT, "hello")
    past = (clinic().conversation_retention_days + 1) * 86400
    with sa.create_engine(os.environ["TRACKER_STORE_URL"]).begin() as connection:  # its messages, a month ago
        connection.execute(
            sa.text("UPDATE events SET timestamp = timestamp - :p WHERE sender_id = :s"), {"p": past, "s": EXPIRED}
        )
    assert count(EXPIRED) > 0


@pytest.mark.skipif(os.environ.get("RASA_RESTART") != "after", reason="not after the restart")
def test_after_the_restart_the_expired_conversation_is_gone():
    assert count(EXPIRED) == 0 and count(RECENT) > 0
