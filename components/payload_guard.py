"""Typed payloads count only when offered; "start over" means restart.

Runs last in the NLU pipeline, just before Rasa's RegexMessageHandler (which turns a
text such as `/affirm` or `/inform{"consent": true}` into that intent and those
entities, whoever typed it). It sees the conversation's tracker, so:
- a text starting with "/" keeps its meaning as a payload only when it is one of the
  buttons of the assistant's last message, or a command the widget sends (/greet,
  /restart, /delete_conversation, which only asks for a confirmation); any other is
  treated as ordinary text: the leading "/" is dropped, so the classifier's verdict stands and no
  intent, entity or slot can be injected. This holds for every channel (REST, socket.io).
- "restart", "start over", "start again" get Rasa's `restart` intent (a fresh
  conversation, `utter_restart`).
- during the booking form, "no I just wanted to know…" gets the `stop` intent: the form
  stops (action_cancel_booking, which also answers the question asked);
- outside it, a request to book in so many words that the classifier took for a change of
  details ("i want to book for my wife, her name is…, my number is…") gets `book_appointment`;
  and a booking the patient says exists already ("I'm booked in for SI fusion on Monday, how
  long will it take?"), taken for a request to book, gets the question's intent instead.
The text rules are in clinic/understanding/booking_text.py.
"""

from __future__ import annotations

from typing import List, Optional

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.shared.core.events import BotUttered, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.shared.nlu.constants import INTENT, INTENT_NAME_KEY, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message

from clinic.understanding.booking_text import (
    asks_to_book,
    is_payload,
    means_restart,
    payload_allowed,
    states_booking,
    withdraws,
)
from clinic.understanding.red_flags import RED_FLAG_KEY
from components.clauses import CLAUSES
from components.message_component import RuleComponent, set_sole_intent

RESTART_INTENT = "restart"
STOP_INTENT = "stop"
BOOK_INTENT = "book_appointment"
# Intents a request to book with details in it is taken for ("…my number is 555…" is like a correction)
MISREAD_BOOK_REQUEST = {"booking_change", "nlu_fallback"}
BOOKING_FORM = "booking_form"


def offered_payloads(tracker: Optional[DialogueStateTracker]) -> List[str]:
    """The button payloads of every bot message since the patient's last message."""
    payloads: List[str] = []
    for event in reversed(tracker.events if tracker else []):
        if isinstance(event, UserUttered):
            break
        if isinstance(event, BotUttered):
            payloads += [str(b.get("payload")) for b in (event.data or {}).get("buttons") or []]
    return payloads


def in_booking_form(tracker: Optional[DialogueStateTracker]) -> bool:
    """Whether the booking form is running."""
    return bool(tracker and tracker.active_loop_name == BOOKING_FORM)


def best_other_intent(message: Message, not_this: str) -> str:
    """The most confident intent other than `not_this`: of the message's clauses
    (components/clauses.py), else of the whole message's ranking; `nlu_fallback` if none."""
    rankings = [c.get(INTENT_RANKING_KEY) or [] for c in message.get(CLAUSES) or []]
    for ranking in ([r[0] for r in rankings if r], message.get(INTENT_RANKING_KEY) or []):
        others = [r for r in ranking if r.get(INTENT_NAME_KEY) not in (not_this, None)]
        if others:
            return str(max(others, key=lambda r: float(r.get("confidence") or 0))[INTENT_NAME_KEY])
    return "nlu_fallback"


def red_flag(message: Message) -> bool:
    """Whether the red-flag component found a warning sign in the message (it runs before)."""
    return bool(message.get(RED_FLAG_KEY))


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=False)
class PayloadGuard(RuleComponent):
    """Neutralises payloads the assistant did not offer; maps "start over" to restart."""

    def process(self, messages: List[Message], tracker: Optional[DialogueStateTracker] = None) -> List[Message]:
        # overrides the base's loop: the recipe passes the tracker to a `process` that names it
        offered = offered_payloads(tracker)
        for message in messages:
            text = message.get(TEXT) or ""
            if is_payload(text) and not payload_allowed(text, offered):
                message.set(TEXT, text.strip().lstrip("/"))  # ordinary text for RegexMessageHandler
            elif means_restart(text):
                set_sole_intent(message, RESTART_INTENT)
            elif (
                not in_booking_form(tracker)
                and (message.get(INTENT) or {}).get(INTENT_NAME_KEY) in MISREAD_BOOK_REQUEST
                and asks_to_book(text)
            ):
                # "i want to book for my wife, her name is…, my number is…" read as a change of details
                set_sole_intent(message, BOOK_INTENT)
            elif (
                not in_booking_form(tracker)
                and (message.get(INTENT) or {}).get(INTENT_NAME_KEY) == BOOK_INTENT
                and states_booking(text)
            ):
                set_sole_intent(message, best_other_intent(message, BOOK_INTENT))
            elif in_booking_form(tracker) and withdraws(text) and not red_flag(message):
                set_sole_intent(message, STOP_INTENT)
        return messages
