"""Conversations in SQL, with the database chosen by one environment variable.

TRACKER_STORE_URL is any SQLAlchemy URL: by default a SQLite file
(sqlite:///var/tracker.db, zero setup, survives restarts); in production e.g.
postgresql://user:password@host:5432/rasa so that several Rasa servers share it.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any, Optional, Text

from rasa.core.brokers.broker import EventBroker
from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.domain import Domain
from sqlalchemy.engine import make_url

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
