"""Conversation retention, deletion and redaction in a real SQLite tracker store
(clinic/conversations.py, components/tracker_privacy.py)."""

from __future__ import annotations

import asyncio
import time
from pathlib import Path

import pytest
import sqlalchemy as sa
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, BotUttered, SessionStarted, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from clinic import conversations
from components.tracker_store import EnvSQLTrackerStore

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def domain() -> Domain:
    return Domain.load(ROOT / "domain")


@pytest.fixture
def store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, domain: Domain) -> EnvSQLTrackerStore:
    monkeypatch.setenv("TRACKER_STORE_URL", f"sqlite:///{tmp_path / 'tracker.db'}")
    return EnvSQLTrackerStore(domain=domain)


def stored(store: EnvSQLTrackerStore, sender: str = "") -> str:
    with store.engine.connect() as connection:
        query = sa.select(conversations.EVENTS.c.data)
        if sender:
            query = query.where(conversations.EVENTS.c.sender_id == sender)
        return "\n".join(row[0] for row in connection.execute(query))


def backdate(store: EnvSQLTrackerStore, sender: str, seconds: float) -> None:
    """Move a stored conversation `seconds` into the past."""
    events = conversations.EVENTS
    with store.engine.begin() as connection:
        connection.execute(
            events.update().where(events.c.sender_id == sender).values(timestamp=events.c.timestamp - seconds)
        )


def save(store: EnvSQLTrackerStore, tracker: DialogueStateTracker, *events) -> None:
    for event in events:
        tracker.update(event)
    asyncio.run(store.save(tracker))


def new_tracker(domain: Domain, sender: str) -> DialogueStateTracker:
    tracker = DialogueStateTracker(sender, domain.slots)
    tracker.update(ActionExecuted("action_session_start"))
    tracker.update(SessionStarted())
    tracker.update(ActionExecuted("action_listen"))
    return tracker


def fill_form(store, tracker) -> None:
    save(store, tracker, UserUttered("book please, my name is Ada Byron"), SlotSet("booking_name", "Ada Byron"))
    save(
        store,
        tracker,
        UserUttered("ada@example.org"),
        SlotSet("booking_contact", "ada@example.org"),
        SlotSet("booking_email", "ada@example.org"),
    )
    save(store, tracker, BotUttered("Here is your request:\n- Name: Ada Byron\n- Contact: ada@example.org"))


def test_contact_details_are_kept_while_the_form_runs_and_gone_when_it_ends(store, domain):
    tracker = new_tracker(domain, "patient")
    fill_form(store, tracker)
    assert "Ada Byron" in stored(store) and "ada@example.org" in stored(store)  # the form needs them
    save(
        store,
        tracker,
        UserUttered("/affirm"),
        SlotSet("booking_name", None),
        SlotSet("booking_email", None),
        SlotSet("booking_contact", None),
    )
    text = stored(store)
    assert "Ada" not in text and "Byron" not in text and "ada@example.org" not in text
    assert '"[name]"' in text and "- Name: [name]" in text
    # the redacted conversation reads back and goes on
    again = asyncio.run(store.retrieve("patient"))
    assert again.get_slot("booking_name") is None and again.latest_message.text == "/affirm"


def test_a_form_left_in_the_middle_is_redacted_once_idle_past_the_session(store, domain):
    fill_form(store, new_tracker(domain, "left"))
    fill_form(store, new_tracker(domain, "still-typing"))
    backdate(store, "left", 2 * 3600)
    with store.engine.begin() as connection:
        assert conversations.redact_abandoned(connection, time.time() - 3600) == ["left"]
        assert conversations.redact_abandoned(connection, time.time() - 3600) == []
    assert "Byron" not in stored(store, "left") and "Byron" in stored(store, "still-typing")


def test_the_patients_deletion_removes_the_whole_conversation(store, domain):
    tracker = new_tracker(domain, "forget")
    save(store, tracker, UserUttered("how long does it take?"), BotUttered("45 to 90 minutes"))
    save(store, tracker, UserUttered("/affirm"), SlotSet("forget_conversation", True), BotUttered("Done"))
    assert stored(store, "forget") == ""
    assert asyncio.run(store.retrieve("forget")) is None


def test_expired_conversations_are_purged_at_start_up_and_on_demand(tmp_path, monkeypatch, store, domain, capsys):
    """A short retention period (one minute): the older conversation goes, the recent one stays."""
    save(store, new_tracker(domain, "old"), UserUttered("hello"))
    backdate(store, "old", 120)
    save(store, new_tracker(domain, "recent"), UserUttered("hello"))
    config = tmp_path / "clinic.yml"
    config.write_text(
        (ROOT / "clinic.yml")
        .read_text()
        .replace("conversation_retention_days: 30", f"conversation_retention_days: {60 / 86400}")
    )
    monkeypatch.setenv("CLINIC_CONFIG", str(config))
    conversations.clinic.cache_clear()
    try:
        assert conversations.main(["purge"]) == 0
        assert "deleted 1 conversation(s)" in capsys.readouterr().out
        assert stored(store, "old") == "" and "hello" in stored(store, "recent")
        save(store, new_tracker(domain, "old-again"), UserUttered("hello"))
        backdate(store, "old-again", 120)
        EnvSQLTrackerStore(domain=domain)  # a server starting
        assert stored(store, "old-again") == "" and "hello" in stored(store, "recent")
        assert conversations.main(["delete", "recent"]) == 0 and stored(store) == ""
        assert conversations.main(["delete", "recent"]) == 1
    finally:
        conversations.clinic.cache_clear()
