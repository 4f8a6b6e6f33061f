"""What the SQL tracker store does for privacy, as a mixin (components/tracker_store.py).

- After a save: when the booking form is over (its contact slots cleared: request
  sent, cancelled, refused, or a red flag), or a new session starts, the
  conversation's stored events lose the patient's name, phone number and email
  address (markers instead, clinic/privacy.py).
- After a save holding the slot `forget_conversation` = true (set by the action
  that deletes a conversation on the patient's request, after a confirmation), the
  whole conversation is deleted. This is the hook for any channel or widget: the
  patient's messages `/delete_conversation` then `/affirm` (see README).
- At start-up and then daily, conversations whose last event is older than
  conversation_retention_days (clinic.yml) are deleted; every ten minutes, the
  conversations left idle past the session expiry with a contact slot still set
  (the patient left in the middle of the form) are redacted.

The SQL lives in clinic/conversations.py; the staff command runs the same code.
"""

from __future__ import annotations

import asyncio
import logging
import time
from typing import Any, Iterable

from rasa.shared.core.events import Event, Restarted, SessionStarted, SlotSet
from rasa.shared.core.trackers import DialogueStateTracker

from clinic import conversations, privacy

logger = logging.getLogger(__name__)

PURGE_SECONDS = 24 * 3600
SWEEP_SECONDS = 600
DEFAULT_SESSION_MINUTES = 60
BOOKING_CONTACT_SLOTS = tuple(privacy.CONTACT_SLOTS)


def forget_requested(events: Iterable[Event]) -> bool:
    """Whether the patient's deletion was confirmed in these events."""
    return any(isinstance(e, SlotSet) and e.key == privacy.FORGET_SLOT and e.value is True for e in events)


def booking_over(tracker: DialogueStateTracker, new_events: Iterable[Event]) -> bool:
    """Whether these new events end the booking form (or a session) and no contact slot is held."""
    ends = any(
        isinstance(e, (SessionStarted, Restarted))
        or (isinstance(e, SlotSet) and e.key in BOOKING_CONTACT_SLOTS and e.value is None)
        for e in new_events
    )
    return ends and not any(tracker.get_slot(slot) for slot in BOOKING_CONTACT_SLOTS if slot in tracker.slots)


class ConversationPrivacy:
    """Mixin for a SQLTrackerStore (needs `engine` and `domain`)."""

    engine: Any
    domain: Any

    def _start_privacy_maintenance(self) -> None:
        """Purge expired conversations now; then, in the Rasa server, daily (and sweep)."""
        self._purge_and_sweep(purge=True)
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:  # not in a server (a script, a unit test)
            return
        self._maintenance = loop.create_task(self._maintain())

    async def _maintain(self) -> None:
        next_purge = time.time() + PURGE_SECONDS
        while True:
            await asyncio.sleep(SWEEP_SECONDS)
            purge = time.time() >= next_purge
            if purge:
                next_purge = time.time() + PURGE_SECONDS
            await asyncio.get_running_loop().run_in_executor(None, self._purge_and_sweep, purge)

    def _purge_and_sweep(self, purge: bool) -> None:
        now = time.time()
        try:
            with self.engine.begin() as connection:
                if purge:
                    expired = conversations.purge_expired(connection, conversations.retention_cutoff(now=now))
                    if expired:
                        logger.info("deleted %d conversation(s) past the retention period", len(expired))
                abandoned = conversations.redact_abandoned(connection, now - self._session_seconds())
                if abandoned:
                    logger.info("removed contact details from %d abandoned booking conversation(s)", len(abandoned))
        except Exception as exc:  # the next round tries again; the server keeps answering
            logger.error("conversation maintenance failed: %s", exc)

    def _session_seconds(self) -> float:
        config = getattr(self.domain, "session_config", None)
        minutes = getattr(config, "session_expiration_time", 0) or DEFAULT_SESSION_MINUTES
        return float(minutes) * 60

    def _privacy_after_save(self, tracker: DialogueStateTracker, new_events: Iterable[Event]) -> None:
        """Delete the conversation if the patient asked to, or redact it when a booking form is over."""
        new_events = list(new_events)
        sender_id = tracker.sender_id
        if forget_requested(new_events):
            with self.engine.begin() as connection:
                conversations.delete_conversation(connection, sender_id)
            logger.info("deleted a conversation at the patient's request")
            self._forget_cached(sender_id)
        elif booking_over(tracker, new_events):
            with self.engine.begin() as connection:
                changed = (
                    conversations.redact_conversation(connection, sender_id)
                    if conversations.holds_contact_details(connection, sender_id)
                    else 0
                )
            if changed:
                self._forget_cached(sender_id)

    def _forget_cached(self, sender_id: str) -> None:
        """Drop what the store remembers of a conversation (its events changed in the database)."""
        forget = getattr(self, "_forget", None)  # the store's memory of conversations (and its event count)
        if forget is not None:
            forget(sender_id)
