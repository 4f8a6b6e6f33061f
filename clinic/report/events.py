"""Reading conversations from the tracker store's `events` table (Rasa's SQL schema).

Works on any SQLAlchemy URL the tracker store accepts (SQLite, PostgreSQL).
Each row's `data` column is the event as Rasa serialises it (Event.as_dict()).
"""

from __future__ import annotations

import json
from collections import defaultdict
from datetime import datetime
from typing import Any, Dict, List

from sqlalchemy import Column, Float, Integer, MetaData, String, Table, Text, create_engine, select
from sqlalchemy.exc import SQLAlchemyError


events_table = Table(
    "events",
    MetaData(),
    Column("id", Integer, primary_key=True),
    Column("sender_id", String(255)),
    Column("type_name", String(255)),
    Column("timestamp", Float),
    Column("intent_name", String(255)),
    Column("action_name", String(255)),
    Column("data", Text),
)


class TrackerStoreUnavailable(RuntimeError):
    """The tracker database can't be read (missing, wrong URL, no events table)."""


def read_conversations(url: str, start: datetime, end: datetime) -> Dict[str, List[Dict[str, Any]]]:
    """Events stamped in [start, end) (aware datetimes), by conversation id, in stored order.

    Each event is Rasa's dict form ({"event": "user", "timestamp": …, …}).
    Raises TrackerStoreUnavailable; the message names no patient data.
    """
    query = (
        select(events_table.c.sender_id, events_table.c.data)
        .where(events_table.c.timestamp >= start.timestamp(), events_table.c.timestamp < end.timestamp())
        .order_by(events_table.c.sender_id, events_table.c.id)
    )
    conversations: Dict[str, List[Dict[str, Any]]] = defaultdict(list)
    try:
        engine = create_engine(url)
        try:
            with engine.connect() as connection:
                for sender_id, data in connection.execute(query):
                    conversations[sender_id].append(json.loads(data))
        finally:
            engine.dispose()
    except SQLAlchemyError as exc:
        raise TrackerStoreUnavailable(
            f"cannot read the tracker store ({type(exc).__name__}); check TRACKER_STORE_URL or --db"
        ) from None
    return dict(conversations)
