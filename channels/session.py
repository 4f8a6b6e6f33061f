"""A booking request left open when the conversation's session expires.

When a patient comes back after the session expiry (domain/core.yml, session_config) Rasa
starts a new session: slots and the active form are reset, so nothing typed into the
booking form is carried over and the form does not resume. The patient must still be
told that the earlier request was not sent; both channels ask `open_booking_expired`
before handing a message to Rasa and then send BOOKING_EXPIRED first.
"""

from __future__ import annotations

import logging
import time
from typing import Any, Dict, Optional, Text

from rasa.shared.core.events import BotUttered, UserUttered

logger = logging.getLogger(__name__)

BOOKING_FORM = "booking_form"
BOOKING_SLOT_PREFIX = "booking_"


async def open_booking_expired(agent: Optional[Any], sender_id: Text, now: Optional[float] = None) -> bool:
    """True if `sender_id`'s session has expired (now: seconds since the epoch) while a
    booking request was open (the form active, or details not yet sent or dropped).

    `agent` is the Rasa server's rasa.core.agent.Agent (app.ctx.agent); False without
    one, or if the conversation cannot be read (the message then goes on as usual).
    """
    if agent is None or agent.domain is None or not agent.domain.session_config.are_sessions_enabled():
        return False
    expiry_seconds = agent.domain.session_config.session_expiration_time * 60
    now = now or time.time()
    if _wrote_since(agent.tracker_store, sender_id, now - expiry_seconds):
        return False  # the usual case, known without reading the conversation again
    try:
        tracker = await agent.tracker_store.retrieve(sender_id)
    except Exception:  # the turn itself will meet (and report) a broken tracker store
        logger.warning("could not read the conversation to check for an expired booking", exc_info=True)
        return False
    if tracker is None:
        return False
    last_message = tracker.get_last_event_for(UserUttered)
    if last_message is None or now - last_message.timestamp <= expiry_seconds:
        return False
    return tracker.active_loop_name == BOOKING_FORM or any(
        value for name, value in tracker.current_slot_values().items() if name.startswith(BOOKING_SLOT_PREFIX)
    )


def _wrote_since(tracker_store: Any, sender_id: Text, since: float) -> bool:
    """Whether the tracker store knows from memory that the patient wrote at or after `since`
    (components/tracker_store.py `wrote_since`; Rasa serves it wrapped in an
    AwaitableTrackerStore); False for a store without that question."""
    store = getattr(tracker_store, "_tracker_store", tracker_store)
    wrote_since = getattr(store, "wrote_since", None)
    return bool(wrote_since and wrote_since(sender_id, since))


async def pending_question(agent: Optional[Any], sender_id: Text) -> Optional[Dict[Text, Any]]:
    """The assistant's last message ({"text", "buttons"}) while a form is waiting for an answer
    (the booking form's question, consent or summary), else None; None too without an agent
    or when the conversation cannot be read."""
    if agent is None:
        return None
    try:
        tracker = await agent.tracker_store.retrieve(sender_id)
    except Exception:
        logger.warning("could not read the conversation to repeat its question", exc_info=True)
        return None
    if tracker is None or not tracker.active_loop_name:
        return None
    last = tracker.get_last_event_for(BotUttered)
    if last is None or not last.text:
        return None
    return {"text": last.text, "buttons": (last.data or {}).get("buttons") or []}
