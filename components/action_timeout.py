"""How long the Rasa server waits for the action server: ACTION_TIMEOUT seconds (default 10).

Rasa 3.6 waits up to DEFAULT_REQUEST_TIMEOUT (300 s) for every custom action and has
no setting for it: RemoteAction.run passes the constant of rasa.core.actions.action to
aiohttp at each call. install() sets that constant. When the wait runs out, Rasa logs
the failed action and goes on; the channels then give the patient the apology with the
clinic's phone number (channels/rest.py), and escalations never wait for it (they are
written by the Rasa server, components/nlg.py).

The default leaves room for the slowest action, the booking submission (its delivery to
the scheduling system: at most two tries of 3 s, actions/booking_form.py).
"""

from __future__ import annotations

import os

import rasa.core.actions.action

from components.patch_check import check_action_timeout

DEFAULT_ACTION_TIMEOUT = 10.0


def action_timeout() -> float:
    """Seconds to wait for one custom action (ACTION_TIMEOUT, else DEFAULT_ACTION_TIMEOUT)."""
    return float(os.environ.get("ACTION_TIMEOUT") or DEFAULT_ACTION_TIMEOUT)


def install() -> None:
    """Bound the wait for the action server (idempotent)."""
    check_action_timeout()
    rasa.core.actions.action.DEFAULT_REQUEST_TIMEOUT = action_timeout()  # type: ignore[attr-defined]
