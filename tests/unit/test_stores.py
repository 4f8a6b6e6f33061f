"""The tracker and lock stores chosen by environment variables (components/)."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any, List, Optional

import pytest
from rasa.core.lock_store import InMemoryLockStore
from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, SessionStarted, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from components.lock_store import AtomicRedisLockStore, EnvLockStore
from components.tracker_store import EnvSQLTrackerStore

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def domain() -> Domain:
    return Domain.load(ROOT / "domain.yml")


def test_sqlite_tracker_store_keeps_a_conversation(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, domain: Domain
) -> None:
    db = tmp_path / "sub" / "tracker.db"
    monkeypatch.setenv("TRACKER_STORE_URL", f"sqlite:///{db}")
    store = EnvSQLTrackerStore(domain=domain)
    tracker = DialogueStateTracker.from_events(
        "patient-1",
        [
            ActionExecuted("action_listen"),
            UserUttered("how long does it take?"),
            SlotSet("procedure", "si_joint_fusion"),
        ],
        slots=domain.slots,
    )
    asyncio.run(store.save(tracker))
    # a second store on the same file, as after a restart
    again = asyncio.run(EnvSQLTrackerStore(domain=domain).retrieve("patient-1"))
    assert again is not None
    assert again.get_slot("procedure") == "si_joint_fusion"
    assert [e.text for e in again.events if isinstance(e, UserUttered)] == ["how long does it take?"]


def test_sqlite_is_in_wal_mode_with_pooled_connections(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, domain: Domain
) -> None:
    monkeypatch.setenv("TRACKER_STORE_URL", f"sqlite:///{tmp_path / 'tracker.db'}")
    store = EnvSQLTrackerStore(domain=domain)
    with store.engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert connection.exec_driver_sql("PRAGMA synchronous").scalar() == 1  # NORMAL
    assert type(store.engine.pool).__name__ == "QueuePool"


def _events(tracker: Optional[DialogueStateTracker]) -> List[dict]:
    return [e.as_dict() for e in tracker.events] if tracker else []


def test_remembered_conversations_read_like_rasas_store(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, domain: Domain
) -> None:
    """Reads and writes through the in-memory snapshots give exactly what Rasa's own
    SQLTrackerStore reads from the same file, also when another server writes to the
    conversation, a new session starts, or rows are purged."""
    db = tmp_path / "tracker.db"
    monkeypatch.setenv("TRACKER_STORE_URL", f"sqlite:///{db}")
    ours, other = EnvSQLTrackerStore(domain=domain), EnvSQLTrackerStore(domain=domain)
    rasa = SQLTrackerStore(domain=domain, dialect="sqlite", db=str(db))
    clock = iter(range(1000, 2000))

    def turn(tracker: Optional[DialogueStateTracker], *events: Any) -> DialogueStateTracker:
        tracker = tracker or DialogueStateTracker("p1", domain.slots)
        for e in events:
            e.timestamp = float(next(clock))
            tracker.update(e)
        return tracker

    async def check(store: EnvSQLTrackerStore, *events: Any) -> None:
        tracker = await store.retrieve("p1")
        await store.save(turn(tracker, *events))
        assert _events(await ours.retrieve("p1")) == _events(await rasa.retrieve("p1"))
        assert _events(await other.retrieve("p1")) == _events(await rasa.retrieve("p1"))

    async def scenario() -> None:
        assert await ours.retrieve("p1") is None
        await check(ours, ActionExecuted("action_session_start"), SessionStarted(), ActionExecuted("action_listen"))
        for text in ["hi", "how long does it take?", "and the risks?"]:
            await check(ours, UserUttered(text), ActionExecuted("utter_x"), ActionExecuted("action_listen"))
        await check(other, UserUttered("from the other server"), SlotSet("procedure", "si_joint_fusion"))
        await check(ours, UserUttered("back here"), ActionExecuted("action_listen"))
        assert (await ours.retrieve("p1")).get_slot("procedure") == "si_joint_fusion"
        # a new session: its start is logged after the action that started it
        await check(ours, SessionStarted(), ActionExecuted("action_listen"))
        await check(ours, UserUttered("new session"), ActionExecuted("action_listen"))
        with ours.engine.begin() as connection:  # the staff purge
            connection.exec_driver_sql("DELETE FROM events WHERE type_name = 'user'")
        await check(ours, UserUttered("after the purge"))
        assert [e.text for e in (await ours.retrieve("p1")).events if isinstance(e, UserUttered)] == ["after the purge"]

    asyncio.run(scenario())


def test_lock_store_is_in_memory_without_a_url(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("LOCK_STORE_URL", raising=False)
    assert isinstance(EnvLockStore(endpoint_config=None), InMemoryLockStore)
    monkeypatch.setenv("LOCK_STORE_URL", "  ")
    assert isinstance(EnvLockStore(endpoint_config=None), InMemoryLockStore)


def test_lock_store_url_picks_redis(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LOCK_STORE_URL", "redis://:s3cret%21@redis.internal:6380/2")
    store = EnvLockStore(endpoint_config=None)
    assert isinstance(store, AtomicRedisLockStore)
    kwargs = store.red.connection_pool.connection_kwargs
    assert (kwargs["host"], kwargs["port"], kwargs["db"], kwargs["password"]) == ("redis.internal", 6380, 2, "s3cret!")


def test_lock_store_refuses_other_schemes(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LOCK_STORE_URL", "postgresql://localhost/locks")
    with pytest.raises(ValueError, match="redis://"):
        EnvLockStore(endpoint_config=None)
