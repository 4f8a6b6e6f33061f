"""The tracker and lock stores chosen by environment variables (components/)."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any, List, Optional

import pytest
from rasa.core.lock_store import InMemoryLockStore
from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, ActiveLoop, BotUttered, SessionStarted, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from components.lock_store import AtomicRedisLockStore, EnvLockStore
from components.tracker_store import KEPT_TURNS, ROLL_TURNS, EnvSQLTrackerStore

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def domain() -> Domain:
    return Domain.load(ROOT / "domain")


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


def test_long_conversations_are_read_as_their_latest_turns(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, domain: Domain
) -> None:
    """A long conversation read from memory holds its latest turns after SlotSets that restore
    the earlier ones' slots: the same slots, form, latest message and action, latest rule
    states as Rasa's store gives with every event; saving it stores exactly the new events."""
    db = tmp_path / "tracker.db"
    monkeypatch.setenv("TRACKER_STORE_URL", f"sqlite:///{db}")
    ours = EnvSQLTrackerStore(domain=domain)
    rasa = SQLTrackerStore(domain=domain, dialect="sqlite", db=str(db))
    clock = iter(range(1000, 100_000))
    written: List[dict] = []

    def turn(i: int) -> List[Any]:
        events: List[Any] = [UserUttered(f"question {i}", {"name": "ask_risks", "confidence": 0.9})]
        if i == 3:  # a booking form, started and cancelled early in the conversation
            events += [
                ActionExecuted("booking_form"),
                ActiveLoop("booking_form"),
                SlotSet("requested_slot", "booking_name"),
            ]
        elif i == 4:
            events += [ActionExecuted("action_deactivate_loop"), ActiveLoop(None), SlotSet("requested_slot", None)]
        elif i == 41:  # and one still running at the end
            events += [
                ActionExecuted("booking_form"),
                ActiveLoop("booking_form"),
                SlotSet("requested_slot", "booking_name"),
            ]
        else:
            events += [ActionExecuted("action_answer_question"), BotUttered(f"answer {i}")]
            if i in (2, 17):
                events.append(SlotSet("procedure", ["si_joint_fusion", "spinopelvic_fixation"][i % 2]))
            if i == 5:
                events.append(SlotSet("disclaimer_shown", False))  # set, to its initial value
            events.append(SlotSet("topic", f"topic {i % 3}"))
        return events + [ActionExecuted("action_listen")]

    async def scenario() -> None:
        start = [ActionExecuted("action_session_start"), SessionStarted(), ActionExecuted("action_listen")]
        for i in range(45):
            tracker = await ours.retrieve("p1") or DialogueStateTracker("p1", domain.slots)
            for e in start + turn(i):
                e.timestamp = float(next(clock))
                tracker.update(e)
                written.append(e.as_dict())
            start = []
            await ours.save(tracker)
            full, read = await rasa.retrieve("p1"), await ours.retrieve("p1")
            assert _events(full) == written[1:]  # every event stored once (Rasa's session starts at SessionStarted)
            users = [e for e in read.events if isinstance(e, UserUttered)]
            assert len(users) <= KEPT_TURNS + ROLL_TURNS
            restored = next(n for n, e in enumerate(read.events) if not isinstance(e, (SlotSet, ActiveLoop)))
            assert _events(read)[restored:] == written[len(written) - (len(read.events) - restored) :]
            assert read.current_slot_values() == full.current_slot_values()
            assert {s.name: s.has_been_set for s in read.slots.values()} == {
                s.name: s.has_been_set for s in full.slots.values()
            }
            assert (read.active_loop, read.latest_action, read.followup_action) == (
                full.active_loop,
                full.latest_action,
                full.followup_action,
            )
            assert read.latest_message.as_dict() == full.latest_message.as_dict()
            assert read.past_states(domain)[-KEPT_TURNS:] == full.past_states(domain)[-KEPT_TURNS:]
        assert len(read.events) < len(full.events) / 2

    asyncio.run(scenario())


def test_rules_fit_in_the_turns_a_tracker_keeps() -> None:
    """TailRulePolicy matches as many states as the longest rule has: a tracker read from
    memory (KEPT_TURNS user turns, at least two states each) must hold them all."""
    import yaml

    rules = [r for f in (ROOT / "data" / "rules").glob("*.yml") for r in yaml.safe_load(f.read_text())["rules"]]
    assert max(len(rule["steps"]) for rule in rules) + 1 < 2 * KEPT_TURNS
