"""channels/session.py: which returning patients had a booking request open."""

import asyncio
from types import SimpleNamespace

from rasa.core.tracker_store import AwaitableTrackerStore, InMemoryTrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActiveLoop, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker
from sqlalchemy import text

from channels.session import open_booking_expired
from components.tracker_store import EnvSQLTrackerStore
from tests.conftest import ROOT

DOMAIN = Domain.load(str(ROOT / "domain"))
EXPIRY = DOMAIN.session_config.session_expiration_time * 60


def agent_with(*events):
    store = InMemoryTrackerStore(DOMAIN)
    tracker = DialogueStateTracker.from_events("patient", list(events), slots=DOMAIN.slots)
    asyncio.run(store.save(tracker))
    return SimpleNamespace(domain=DOMAIN, tracker_store=store)


def expired(agent, seconds_later):
    return asyncio.run(open_booking_expired(agent, "patient", now=1_000_000 + seconds_later))


def test_an_open_form_counts_once_the_session_has_expired():
    agent = agent_with(UserUttered("Maria Lopez", timestamp=1_000_000), ActiveLoop("booking_form"))
    assert not expired(agent, EXPIRY - 1)
    assert expired(agent, EXPIRY + 1)


def test_details_waiting_for_confirmation_count_too():
    agent = agent_with(UserUttered("yes", timestamp=1_000_000), SlotSet("booking_name", "Maria Lopez"))
    assert expired(agent, EXPIRY + 1)


def test_no_booking_no_notice():
    assert not expired(agent_with(UserUttered("hi", timestamp=1_000_000)), EXPIRY + 1)
    assert not asyncio.run(open_booking_expired(agent_with(), "someone-new"))
    assert not asyncio.run(open_booking_expired(None, "patient"))


def test_the_sql_store_answers_a_recent_message_from_memory(tmp_path, monkeypatch):
    # the store Rasa serves (wrapped): a recent message is known without reading the
    # conversation again; an expired one still leads to the full check
    monkeypatch.setenv("TRACKER_STORE_URL", f"sqlite:///{tmp_path / 'tracker.db'}")
    sql_store = EnvSQLTrackerStore(domain=DOMAIN)
    store = AwaitableTrackerStore(sql_store)
    tracker = DialogueStateTracker.from_events(
        "patient", [UserUttered("Maria Lopez", timestamp=1_000_000), ActiveLoop("booking_form")], slots=DOMAIN.slots
    )
    asyncio.run(store.save(tracker))
    assert not sql_store.wrote_since("patient", 0)  # not read through this store: unknown
    asyncio.run(store.retrieve("patient"))  # as the Rasa server does at every turn
    agent = SimpleNamespace(domain=DOMAIN, tracker_store=store)
    assert sql_store.wrote_since("patient", 1_000_000) and not sql_store.wrote_since("patient", 1_000_001)
    assert not sql_store.wrote_since("someone-new", 0)
    assert not expired(agent, EXPIRY)
    assert expired(agent, EXPIRY + 1)
    # the conversation changed in the database (here: stored again an hour older, as the
    # integration test ages it): what this server remembers no longer counts
    asyncio.run(store.retrieve("patient"))
    with sql_store.engine.begin() as db:
        db.execute(
            text(
                "UPDATE events SET id = id + 100, timestamp = timestamp - 3600, "
                "data = replace(data, '\"timestamp\": 1000000', '\"timestamp\": 996400')"
            )
        )
    assert not sql_store.wrote_since("patient", 1_000_000)
    assert expired(agent, EXPIRY - 1)
