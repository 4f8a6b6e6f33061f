"""The conversation history in Rasa's SQL tracker store: retention, deletion, and
contact details taken out once a booking form is over.

Rasa keeps every event of a conversation as one row of its `events` table
(sender_id, type_name, timestamp, data = the event as JSON). These functions work
on that table with SQLAlchemy Core, on SQLite and PostgreSQL alike; the Rasa
server's tracker store calls them (components/tracker_privacy.py), and staff run

    python -m clinic.conversations purge              # delete conversations past the retention period
    python -m clinic.conversations delete SENDER_ID   # delete one conversation

(`make conversations ARGS="purge"`). The database is TRACKER_STORE_URL (default
sqlite:///var/tracker.db); the retention period is conversation_retention_days in
clinic.yml, counted from a conversation's last event.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from typing import List, Optional, Sequence

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from clinic import privacy
from clinic.settings import clinic
from clinic.settings import tracker_store_url as tracker_url

DAY = 86400.0

# Rasa's events table (rasa.core.tracker_store.SQLTrackerStore.SQLEvent), the columns used here.
EVENTS = sa.Table(
    "events",
    sa.MetaData(),
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("sender_id", sa.String(255)),
    sa.Column("type_name", sa.String(255)),
    sa.Column("timestamp", sa.Float),
    sa.Column("data", sa.Text),
)
# Slot rows still holding a contact detail (set, not cleared, not yet a marker). The
# JSON is Rasa's json.dumps of SlotSet.as_dict(): ..., "name": "<slot>", "value": ...
_CONTACT_SLOT_ROW = sa.and_(
    EVENTS.c.type_name == "slot",
    sa.or_(*[EVENTS.c.data.like(f'%"name": "{slot}", "value": "%') for slot in privacy.CONTACT_SLOTS]),
    sa.not_(EVENTS.c.data.like('%"value": "[%')),
)


def retention_cutoff(days: Optional[float] = None, now: Optional[float] = None) -> float:
    """The Unix time before which a conversation's last event makes it expired
    (`days` default: conversation_retention_days in clinic.yml)."""
    days = clinic().conversation_retention_days if days is None else days
    return (time.time() if now is None else now) - days * DAY


def delete_conversation(connection: Connection, sender_id: str) -> int:
    """Delete every event of one conversation. Returns the number of rows deleted."""
    return connection.execute(EVENTS.delete().where(EVENTS.c.sender_id == sender_id)).rowcount


def expired_conversations(connection: Connection, cutoff: float) -> List[str]:
    """The sender ids whose last event is older than `cutoff` (Unix time)."""
    query = sa.select(EVENTS.c.sender_id).group_by(EVENTS.c.sender_id).having(sa.func.max(EVENTS.c.timestamp) < cutoff)
    return [row[0] for row in connection.execute(query)]


def purge_expired(connection: Connection, cutoff: float) -> List[str]:
    """Delete the conversations whose last event is older than `cutoff`. Returns their sender ids."""
    senders = expired_conversations(connection, cutoff)
    for start in range(0, len(senders), 500):
        connection.execute(EVENTS.delete().where(EVENTS.c.sender_id.in_(senders[start : start + 500])))
    return senders


def holds_contact_details(connection: Connection, sender_id: str) -> bool:
    """Whether the stored conversation still has a booking contact slot set (cheap: one indexed query)."""
    query = sa.select(EVENTS.c.id).where(EVENTS.c.sender_id == sender_id, _CONTACT_SLOT_ROW).limit(1)
    return connection.execute(query).first() is not None


def redact_conversation(connection: Connection, sender_id: str) -> int:
    """Replace the patient's contact details in every stored event of one conversation
    by markers (clinic/privacy.py). Returns the number of rows changed."""
    rows = connection.execute(
        sa.select(EVENTS.c.id, EVENTS.c.data).where(EVENTS.c.sender_id == sender_id).order_by(EVENTS.c.id)
    ).all()
    events = [json.loads(row.data) for row in rows]
    changed = 0
    for row, redacted in zip(rows, privacy.redact_events(events), strict=False):
        if redacted is not None:
            connection.execute(EVENTS.update().where(EVENTS.c.id == row.id).values(data=json.dumps(redacted)))
            changed += 1
    return changed


def redact_abandoned(connection: Connection, idle_before: float) -> List[str]:
    """Redact the conversations left with a booking contact slot set (the patient left
    during the form or at the summary) whose last event is older than `idle_before`
    (Unix time). Returns their sender ids."""
    holding = sa.select(EVENTS.c.sender_id).where(_CONTACT_SLOT_ROW).distinct()
    query = (
        sa.select(EVENTS.c.sender_id)
        .where(EVENTS.c.sender_id.in_(holding))
        .group_by(EVENTS.c.sender_id)
        .having(sa.func.max(EVENTS.c.timestamp) < idle_before)
    )
    senders = [row[0] for row in connection.execute(query)]
    for sender_id in senders:
        redact_conversation(connection, sender_id)
    return senders


def _has_events_table(engine: sa.engine.Engine) -> bool:
    return sa.inspect(engine).has_table("events")


def main(argv: Optional[Sequence[str]] = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m clinic.conversations", description=__doc__.split("\n\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("purge", help="delete conversations older than conversation_retention_days")
    delete = commands.add_parser("delete", help="delete one conversation")
    delete.add_argument("sender_id")
    args = parser.parse_args(argv)
    engine = sa.create_engine(tracker_url())
    if not _has_events_table(engine):
        print("no conversations stored yet")
        return 0
    with engine.begin() as connection:
        if args.command == "purge":
            days = clinic().conversation_retention_days
            senders = purge_expired(connection, retention_cutoff(days))
            print(f"deleted {len(senders)} conversation(s) older than {days:g} days")
        else:
            rows = delete_conversation(connection, args.sender_id)
            if not rows:
                print(f"no conversation {args.sender_id!r}")
                return 1
            print(f"deleted conversation {args.sender_id!r} ({rows} events)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
