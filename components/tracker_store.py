"""Conversations in SQL, with the database chosen by one environment variable.

TRACKER_STORE_URL is any SQLAlchemy URL: by default a SQLite file
(sqlite:///var/tracker.db, zero setup, survives restarts); in production e.g.
postgresql://user:password@host:5432/rasa so that several Rasa servers share it.

SQLite is tuned for a server that writes on every turn: connections are kept
open in a pool (Rasa's default opens and closes one per query), and the file is
in WAL mode with synchronous=NORMAL, so a commit does not wait for the disk. A
killed server loses nothing it has answered; only a power cut can lose the last
turns.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any, Optional, Text

from rasa.core.brokers.broker import EventBroker
from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.domain import Domain
from sqlalchemy import create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.orm import sessionmaker
from sqlalchemy.pool import QueuePool

DEFAULT_URL = "sqlite:///var/tracker.db"


class EnvSQLTrackerStore(SQLTrackerStore):
    """Rasa's SQLTrackerStore, configured from TRACKER_STORE_URL."""

    def __init__(
        self,
        domain: Optional[Domain] = None,
        host: Optional[Text] = None,
        event_broker: Optional[EventBroker] = None,
        **kwargs: Any,
    ) -> None:
        url = make_url(os.environ.get("TRACKER_STORE_URL") or DEFAULT_URL)
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
            self.engine = create_engine(
                self.engine.url, poolclass=QueuePool, connect_args={"check_same_thread": False}
            )
            event.listen(self.engine, "connect", _sqlite_wal)
            self.sessionmaker = sessionmaker(bind=self.engine)


def _sqlite_wal(connection: Any, _record: Any) -> None:
    cursor = connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()
