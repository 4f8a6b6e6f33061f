"""The REST channel, hardened: same URL and JSON as Rasa's (/webhooks/rest/webhook).

Differences from rasa.core.channels.rest.RestInput:
- bad requests (invalid JSON, no text message) get a clear 400 instead of a 500;
- a message with no content (empty, blank, invisible characters, punctuation alone:
  clinic.understanding.content) gets a short request to type a question, no NLU;
- a message longer than MAX_MESSAGE_CHARS gets a polite reply before any NLU runs;
- if processing yields no reply at all (e.g. the action server is down), the
  patient gets an apology with the clinic's phone number instead of silence;
- after a session expiry with a booking request open, the patient is first told it
  was not sent (channels/session.py);
- message texts are never logged here.
"""

from __future__ import annotations

import logging
import os
from typing import Any, Awaitable, Callable, Dict, List, Optional, Text

from rasa.core.channels.channel import CollectingOutputChannel, UserMessage
from rasa.core.channels.rest import RestInput
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from channels.session import open_booking_expired, pending_question
from clinic.server_replies import BOOKING_EXPIRED, NO_CONTENT, NO_CONTENT_IN_FORM
from clinic.settings import clinic
from clinic.understanding.content import has_content

logger = logging.getLogger(__name__)

MAX_MESSAGE_CHARS = int(os.environ.get("MAX_MESSAGE_CHARS", "2000"))


def too_long_reply() -> Text:
    return (
        f"Your message is too long for me (more than {MAX_MESSAGE_CHARS:,} characters). "
        "Please ask one question at a time, in a few sentences."
    )


def unavailable_reply() -> Text:
    c = clinic()
    return (
        "Sorry, I can't answer right now because of a technical problem. Please try again in "
        f"a moment, or call the clinic at {c.phone}. In an emergency, call {c.emergency_number}."
    )


def parse_request(request: Request) -> Optional[Dict[str, Any]]:
    """The JSON body if it is an object with a text `message`, else None."""
    try:
        body = request.json
    except Exception:  # sanic raises on a body that is not JSON
        return None
    if not isinstance(body, dict) or not isinstance(body.get("message"), str):
        return None
    return body


class SafeRestInput(RestInput):
    """Rasa's REST channel with input checks and a reply that is never empty."""

    @classmethod
    def name(cls) -> Text:
        return "rest"

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        webhook = Blueprint("safe_rest_webhook", __name__)

        @webhook.route("/", methods=["GET"])
        async def health(request: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @webhook.route("/webhook", methods=["POST"])
        async def receive(request: Request) -> HTTPResponse:
            body = parse_request(request)
            if body is None:
                return response.json(
                    {"error": 'expected a JSON object like {"sender": "id", "message": "text"}'},
                    status=400,
                )
            sender = str(body.get("sender") or "default")[:128]
            text = body["message"]
            if not has_content(text):
                # in the middle of a form, the question it waits on is asked again (with its buttons)
                question = await pending_question(getattr(request.app.ctx, "agent", None), sender)
                if question:
                    return response.json(
                        [{"recipient_id": sender, "text": NO_CONTENT_IN_FORM}, {"recipient_id": sender, **question}]
                    )
                return response.json([{"recipient_id": sender, "text": NO_CONTENT}])
            if len(text) > MAX_MESSAGE_CHARS:
                return response.json([{"recipient_id": sender, "text": too_long_reply()}])
            notice = []
            if await open_booking_expired(getattr(request.app.ctx, "agent", None), sender):
                notice = [{"recipient_id": sender, "text": BOOKING_EXPIRED}]
            collector = CollectingOutputChannel()
            try:
                await on_new_message(
                    UserMessage(
                        text,
                        collector,
                        sender,
                        input_channel=self.name(),
                        metadata=self.get_metadata(request),
                    )
                )
            except Exception:  # logged without the message text
                logger.exception("processing a REST message failed")
            messages: List[Dict[str, Any]] = collector.messages
            if not messages and text.strip():
                messages = [{"recipient_id": sender, "text": unavailable_reply()}]
            return response.json(notice + messages)

        return webhook
