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
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import SessionStarted
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


@dataclass(frozen=True)
class Snapshot:
    """A conversation as stored: its fingerprint and its latest session's events."""

    fingerprint: Tuple[Optional[int], int]  # (highest row id, number of rows), all sessions
    events: Tuple[Tuple[Optional[float], str], ...]  # (timestamp, JSON), latest session

    def after(self, fingerprint: Tuple[Optional[int], int], added: List[Tuple[Optional[float], str]]) -> "Snapshot":
        """This snapshot once `added` is stored; like Rasa's query, the latest session
        is every event stamped at or after the last SessionStarted."""
        events = self.events + tuple(added)
        starts = [t for t, data in added if t is not None and _is_session_start(data)]
        if starts:
            events = tuple(e for e in events if e[0] is not None and e[0] >= max(starts))
        return Snapshot(fingerprint, events)


def _is_session_start(data: str) -> bool:
    return json.loads(data).get("event") == SessionStarted.type_name


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
        events = [json.loads(data) for _, data in snapshot.events]
        return DialogueStateTracker.from_dict(sender_id, events, self.domain.slots)

    async def save(self, tracker: DialogueStateTracker) -> None:
        """Store the events the database doesn't have yet (as Rasa does, fewer queries)."""
        await self.stream_events(tracker)
        sender_id = tracker.sender_id
        with self.session_scope() as session:
            snapshot = self._snapshot(session, sender_id, reload=False)
            if snapshot and _continues(tracker, snapshot):
                stored = len(snapshot.events)
            else:
                snapshot = None
                stored = self._event_query(session, sender_id, fetch_events_from_all_sessions=False).count()
            rows = [self._row(sender_id, e) for e in itertools.islice(tracker.events, stored, None)]
            last_id = None
            connection = session.connection()  # Core: the ORM's unit of work costs more than the write
            for row in rows:
                last_id = connection.execute(self._insert, row).inserted_primary_key[0]
            if snapshot and rows:
                old_last_id, count = snapshot.fingerprint
                snapshot = snapshot.after(
                    (max(old_last_id or 0, last_id), count + len(rows)), [(r["timestamp"], r["data"]) for r in rows]
                )
            session.commit()
        if snapshot:
            self._remember(sender_id, snapshot)
        else:
            self._snapshots.pop(sender_id, None)
        self._privacy_after_save(tracker, itertools.islice(tracker.events, stored, None))

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
        # read after the fingerprint: a write in between makes it stale, so the
        # next read reloads; it can never make the memory look newer than it is
        rows = self._event_query(session, sender_id, fetch_events_from_all_sessions=False).all()
        snapshot = Snapshot(fingerprint, tuple((row.timestamp, row.data) for row in rows))
        self._remember(sender_id, snapshot)
        return snapshot

    def _remember(self, sender_id: Text, snapshot: Snapshot) -> None:
        self._snapshots[sender_id] = snapshot
        self._snapshots.move_to_end(sender_id)
        while len(self._snapshots) > CACHED_CONVERSATIONS:
            self._snapshots.popitem(last=False)


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
