"""The tracker and lock stores chosen by environment variables (components/)."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from rasa.core.lock_store import InMemoryLockStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from components.lock_store import AtomicRedisLockStore, EnvLockStore
from components.tracker_store import EnvSQLTrackerStore

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def domain() -> Domain:
    return Domain.load(ROOT / "domain.yml")


def test_sqlite_tracker_store_keeps_a_conversation(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, domain: Domain) -> None:
    db = tmp_path / "sub" / "tracker.db"
    monkeypatch.setenv("TRACKER_STORE_URL", f"sqlite:///{db}")
    store = EnvSQLTrackerStore(domain=domain)
    tracker = DialogueStateTracker.from_events(
        "patient-1",
        [ActionExecuted("action_listen"), UserUttered("how long does it take?"), SlotSet("procedure", "si_joint_fusion")],
        slots=domain.slots,
    )
    asyncio.run(store.save(tracker))
    # a second store on the same file, as after a restart
    again = asyncio.run(EnvSQLTrackerStore(domain=domain).retrieve("patient-1"))
    assert again is not None
    assert again.get_slot("procedure") == "si_joint_fusion"
    assert [e.text for e in again.events if isinstance(e, UserUttered)] == ["how long does it take?"]


def test_sqlite_is_in_wal_mode_with_pooled_connections(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, domain: Domain) -> None:
    monkeypatch.setenv("TRACKER_STORE_URL", f"sqlite:///{tmp_path / 'tracker.db'}")
    store = EnvSQLTrackerStore(domain=domain)
    with store.engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert connection.exec_driver_sql("PRAGMA synchronous").scalar() == 1  # NORMAL
    assert type(store.engine.pool).__name__ == "QueuePool"


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
