"""Conversations in SQL, with the database chosen by one environment variable.

TRACKER_STORE_URL is any SQLAlchemy URL: by default a SQLite file
(sqlite:///var/tracker.db, zero setup, survives restarts); in production e.g.
postgresql://user:password@host:5432/rasa so that several Rasa servers share it.

SQLite is tuned for a server that writes on every turn: connections are kept
open in a pool (Rasa's default opens and closes one per query), and the file is
in WAL mode with synchronous=NORMAL, so a commit does not wait for the disk. A
killed server loses nothing it has answered; only a power cut can lose the last
turns.

Each server also remembers the latest session of the conversations it served
last, and asks the database only "how many events, and the highest id?" per
read: when the answer is what it wrote, the events are not read and decoded
again, and the save needs no count query. Another server's write (or a purge)
changes the answer and the conversation is read in full, as Rasa does.

A turn should cost the same at the 300th message as at the 10th, so a tracker
read from memory holds a bounded part of a long conversation: its latest
KEPT_TURNS to KEPT_TURNS + ROLL_TURNS user turns, after SlotSet events that restore every
slot the earlier events left set (see `_windowed`). Slots, form, latest message
and the states the rules can see are the same as with every event (tests/unit/
test_stores.py compares them with Rasa's store); the whole conversation stays in
the database, and `retrieve_full_tracker` (Rasa's HTTP API) reads all of it.
"""

from __future__ import annotations

import itertools
import json
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Dict, List, Optional, Text, Tuple

from rasa.core.brokers.broker import EventBroker
from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.constants import ACTION_LISTEN_NAME as ACTION_LISTEN
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActiveLoop, ActionExecuted, Event, SessionStarted, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker
from sqlalchemy import bindparam, create_engine, event, func, select
from sqlalchemy.engine import make_url
from sqlalchemy.orm import sessionmaker
from sqlalchemy.pool import QueuePool

from clinic.conversations import tracker_url
from components.patch_check import check_tracker_store
from components.tracker_privacy import ConversationPrivacy

check_tracker_store()

CACHED_CONVERSATIONS = 1000  # the most recently served ones
CACHED_EVENTS = 30_000  # at most, over all of them (about 1 kB each)
KEPT_TURNS = 10  # user turns a tracker read from memory holds at least
ROLL_TURNS = 5  # and at most this many more: the older ones are folded into SlotSets every ROLL_TURNS turns
STORED = "_clinic_stored_events"  # attribute of a tracker we handed out: how many of its events are stored


Entry = Tuple[Optional[float], str, str]  # an event as stored: (timestamp, type name, JSON)


@dataclass(frozen=True)
class Snapshot:
    """A conversation as stored: its fingerprint and its latest session's events."""

    fingerprint: Tuple[Optional[int], int]  # (highest row id, number of rows), all sessions
    events: Tuple[Entry, ...]  # latest session (or its restored state and latest turns, see _windowed)

    def after(self, fingerprint: Tuple[Optional[int], int], added: List[Entry]) -> "Snapshot":
        """This snapshot once `added` is stored; like Rasa's query, the latest session
        is every event stamped at or after the last SessionStarted."""
        events = self.events + tuple(added)
        starts = [t for t, type_name, _ in added if t is not None and type_name == SessionStarted.type_name]
        if starts:
            events = tuple(e for e in events if e[0] is not None and e[0] >= max(starts))
        return Snapshot(fingerprint, events)

    @property
    def user_turns(self) -> int:
        return sum(1 for _, type_name, _ in self.events if type_name == UserUttered.type_name)


class EnvSQLTrackerStore(ConversationPrivacy, SQLTrackerStore):
    """Rasa's SQLTrackerStore, configured from TRACKER_STORE_URL; contact details,
    expiry and deletion as in components/tracker_privacy.py."""

    def __init__(
        self,
        domain: Optional[Domain] = None,
        host: Optional[Text] = None,
        event_broker: Optional[EventBroker] = None,
        **kwargs: Any,
    ) -> None:
        url = make_url(tracker_url())
        if url.get_backend_name() == "sqlite" and url.database:
            Path(url.database).parent.mkdir(parents=True, exist_ok=True)
        super().__init__(
            domain=domain,
            dialect=url.drivername,
            host=url.host,
            port=url.port,
            db=url.database,
            username=url.username,
            password=url.password,
            event_broker=event_broker,
            query=dict(url.query) or None,
        )
        if url.get_backend_name() == "sqlite":
            self.engine.dispose()
            self.engine = create_engine(self.engine.url, poolclass=QueuePool, connect_args={"check_same_thread": False})
            event.listen(self.engine, "connect", _sqlite_wal)
            self.sessionmaker = sessionmaker(bind=self.engine)
        self._snapshots: "OrderedDict[str, Snapshot]" = OrderedDict()
        self._cached_events = 0  # entries in self._snapshots
        # statements built once: building and caching them per call costs more than running them
        table = self.SQLEvent.__table__
        self._insert = table.insert()
        self._fingerprint = select(func.max(table.c.id), func.count(table.c.id)).where(
            table.c.sender_id == bindparam("sender_id")
        )
        self._start_privacy_maintenance()

    async def _retrieve(self, sender_id: Text, fetch_events_from_all_sessions: bool) -> Optional[DialogueStateTracker]:
        if fetch_events_from_all_sessions or not self.domain:
            return await super()._retrieve(sender_id, fetch_events_from_all_sessions)
        with self.session_scope() as session:
            snapshot = self._snapshot(session, sender_id, reload=True)
        if not snapshot or not snapshot.events:
            return None
        events = [json.loads(data) for _, _, data in snapshot.events]
        tracker = DialogueStateTracker.from_dict(sender_id, events, self.domain.slots)
        setattr(tracker, STORED, len(events))  # what save() need not write again
        return tracker

    async def save(self, tracker: DialogueStateTracker) -> None:
        """Store the events the database doesn't have yet (as Rasa does, fewer queries)."""
        await self.stream_events(tracker)
        sender_id = tracker.sender_id
        with self.session_scope() as session:
            snapshot = self._snapshot(session, sender_id, reload=False)
            stored = getattr(tracker, STORED, None)
            if snapshot and _continues(tracker, snapshot) and stored in (None, len(snapshot.events)):
                stored = len(snapshot.events)
            else:
                snapshot = None
                if stored is None:  # not read through this store: count as Rasa does
                    stored = self._event_query(session, sender_id, fetch_events_from_all_sessions=False).count()
            rows = [self._row(sender_id, e) for e in itertools.islice(tracker.events, stored, None)]
            last_id = None
            connection = session.connection()  # Core: the ORM's unit of work costs more than the write
            for row in rows:
                last_id = connection.execute(self._insert, row).inserted_primary_key[0]
            if snapshot and rows:
                old_last_id, count = snapshot.fingerprint
                snapshot = snapshot.after(
                    (max(old_last_id or 0, last_id), count + len(rows)),
                    [(r["timestamp"], r["type_name"], r["data"]) for r in rows],
                )
            session.commit()
        setattr(tracker, STORED, len(tracker.events))
        if snapshot:
            self._remember(sender_id, snapshot)
        else:
            self._forget(sender_id)
        self._privacy_after_save(tracker, itertools.islice(tracker.events, stored, None))

    def wrote_since(self, sender_id: Text, since: float) -> bool:
        """Whether the conversation's latest session has a user message stamped at or after
        `since` (Unix time, seconds), told from the session this server remembers when the
        database has nothing else (one fingerprint query, no events read or decoded). False
        means "not known here" (nothing remembered, a changed conversation, or no such
        message), not "did not write"."""
        if sender_id not in self._snapshots:
            return False
        with self.session_scope() as session:
            snapshot = self._snapshot(session, sender_id, reload=False)
        for timestamp, type_name, _ in reversed(snapshot.events if snapshot else ()):
            if type_name == UserUttered.type_name:
                return timestamp is not None and timestamp >= since
        return False

    @staticmethod
    def _row(sender_id: Text, event: Any) -> Dict[str, Any]:
        """The events table's columns for an event, as Rasa's SQLTrackerStore fills them."""
        data = event.as_dict()
        return dict(
            sender_id=sender_id,
            type_name=event.type_name,
            timestamp=data.get("timestamp"),
            intent_name=data.get("parse_data", {}).get("intent", {}).get("name"),
            action_name=data.get("name"),
            data=json.dumps(data),
        )

    def _snapshot(self, session: Any, sender_id: Text, reload: bool) -> Optional[Snapshot]:
        """The conversation as stored: from memory if the database has nothing newer,
        else (with `reload`) read from the database, else None."""
        fingerprint = tuple(session.connection().execute(self._fingerprint, {"sender_id": sender_id}).one())
        snapshot = self._snapshots.get(sender_id)
        if snapshot and snapshot.fingerprint == fingerprint:
            return snapshot
        if not reload:
            return None
        if fingerprint[1] == 0:  # a new conversation: nothing to read
            return self._remember(sender_id, Snapshot(fingerprint, ()))
        # read after the fingerprint: a write in between makes it stale, so the
        # next read reloads; it can never make the memory look newer than it is
        rows = self._event_query(session, sender_id, fetch_events_from_all_sessions=False).all()
        snapshot = Snapshot(fingerprint, tuple((row.timestamp, row.type_name, row.data) for row in rows))
        return self._remember(sender_id, snapshot)

    # --- the conversations kept in memory (read path); the database is never changed here ---

    def _remember(self, sender_id: Text, snapshot: Snapshot) -> Snapshot:
        """Keep `snapshot` (windowed) as the latest of the conversation; forget the
        least recently served ones beyond CACHED_CONVERSATIONS or CACHED_EVENTS."""
        snapshot = self._windowed(snapshot)
        self._forget(sender_id)
        self._snapshots[sender_id] = snapshot
        self._cached_events += len(snapshot.events)
        while len(self._snapshots) > CACHED_CONVERSATIONS or (
            self._cached_events > CACHED_EVENTS and len(self._snapshots) > 1
        ):
            self._forget(next(iter(self._snapshots)))
        return snapshot

    def _forget(self, sender_id: Text) -> None:
        old = self._snapshots.pop(sender_id, None)
        if old:
            self._cached_events -= len(old.events)

    def _windowed(self, snapshot: Snapshot) -> Snapshot:
        """The snapshot with a long conversation's early events replaced by the state they
        leave, so that a turn costs the same late in a conversation as early.

        Once the snapshot holds more than KEPT_TURNS + ROLL_TURNS user turns, the events before the
        action_listen that precedes the KEPT_TURNS-th last user message become one SlotSet
        per slot they set (and, if a form ran, the ActiveLoop(None) that ended it), stamped
        with that action_listen's time. That is only done where nothing else carries over:
        no form active, no follow-up action, the conversation not paused; otherwise the
        snapshot is kept whole until such a point. The rules see the latest states only
        (TailRulePolicy), which are the same."""
        if not self.domain or snapshot.user_turns <= KEPT_TURNS + ROLL_TURNS:
            return snapshot
        users = [i for i, (_, type_name, _) in enumerate(snapshot.events) if type_name == UserUttered.type_name]
        cut = users[-KEPT_TURNS] - 1
        events = [Event.from_parameters(json.loads(data)) for _, _, data in snapshot.events[: cut + 1]]
        listen = events[cut]
        if not isinstance(listen, ActionExecuted) or listen.action_name != ACTION_LISTEN:
            return snapshot
        before = DialogueStateTracker.from_events("", events[:cut], self.domain.slots)
        if before.active_loop_name or before.followup_action or before.is_paused():
            return snapshot
        state: List[Event] = [
            SlotSet(slot.name, slot.value, timestamp=listen.timestamp)
            for slot in before.slots.values()
            if slot.has_been_set or slot.value != slot.initial_value
        ]
        if any(isinstance(e, ActiveLoop) for e in events[:cut]):
            state.append(ActiveLoop(None, timestamp=listen.timestamp))
        restored = tuple((e.timestamp, e.type_name, json.dumps(e.as_dict())) for e in state)
        return Snapshot(snapshot.fingerprint, restored + snapshot.events[cut:])


def _continues(tracker: DialogueStateTracker, snapshot: Snapshot) -> bool:
    """Whether the tracker is the stored latest session plus new events."""
    if len(tracker.events) < len(snapshot.events):
        return False
    return not snapshot.events or tracker.events[0].timestamp == snapshot.events[0][0]


def _sqlite_wal(connection: Any, _record: Any) -> None:
    cursor = connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()
