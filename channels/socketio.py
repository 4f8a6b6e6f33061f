"""The socket.io channel of the chat widget, with the REST channel's guarantees.

Same events and settings as Rasa's SocketIOInput (credentials.yml), plus:
- a connection from a page whose origin is not in CORS_ORIGIN is refused
  (channels/origins.py; the same setting as the REST channel's CORS origins);
- a message with no content gets the REST channel's short request to type a question;
- after a session expiry with a booking request open, the patient is first told it
  was not sent (channels/session.py);
- a message longer than MAX_MESSAGE_CHARS gets a polite reply before any NLU runs;
- if processing sends nothing back (e.g. the action server is down), the patient
  gets the apology with the clinic's phone number instead of silence.
"""

from __future__ import annotations

import logging
from typing import Any, Awaitable, Callable, Dict, Optional, Text

from rasa.core.channels.channel import UserMessage
from rasa.core.channels.socketio import SocketIOInput
from sanic import Blueprint

from channels.origins import origin_allowed
from channels.rest import MAX_MESSAGE_CHARS, too_long_reply, unavailable_reply
from channels.session import open_booking_expired, pending_question
from clinic.server_replies import BOOKING_EXPIRED, NO_CONTENT, NO_CONTENT_IN_FORM
from clinic.understanding.content import has_content
from components.patch_check import check_socketio

logger = logging.getLogger(__name__)

check_socketio()


class SafeSocketIOInput(SocketIOInput):
    """Rasa's socket.io channel whose patients always get an answer."""

    @classmethod
    def name(cls) -> Text:
        return "socketio"

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        async def never_silent(message: UserMessage) -> None:
            channel = message.output_channel
            sent = 0
            send = channel._send_message

            async def counted(socket_id: Text, response: Any) -> None:
                nonlocal sent
                sent += 1
                await send(socket_id, response)

            channel._send_message = counted
            text = message.text if isinstance(message.text, str) else ""
            if not has_content(text):
                app = next(iter(blueprint.apps), None) if blueprint.registered else None
                question = await pending_question(getattr(app.ctx, "agent", None) if app else None, message.sender_id)
                if question:  # in the middle of a form: its question again, with its buttons
                    await channel.send_text_message(message.sender_id, NO_CONTENT_IN_FORM)
                    if question["buttons"]:
                        await channel.send_text_with_buttons(message.sender_id, question["text"], question["buttons"])
                    else:
                        await channel.send_text_message(message.sender_id, question["text"])
                    return
                await channel.send_text_message(message.sender_id, NO_CONTENT)
                return
            if len(text) > MAX_MESSAGE_CHARS:
                await channel.send_text_message(message.sender_id, too_long_reply())
                return
            app = next(iter(blueprint.apps), None) if blueprint.registered else None
            if await open_booking_expired(getattr(app.ctx, "agent", None) if app else None, message.sender_id):
                await channel.send_text_message(message.sender_id, BOOKING_EXPIRED)
                sent = 0  # the notice is no answer to the message
            try:
                await on_new_message(message)
            except Exception:  # logged without the message text
                logger.exception("processing a socket.io message failed")
            if not sent and text.strip():
                await channel.send_text_message(message.sender_id, unavailable_reply())

        blueprint = super().blueprint(never_silent)
        # Rasa's server leaves origins unchecked; its own connect handler (JWT) runs after ours
        rasa_connect = self.sio.handlers[self.namespace or "/"]["connect"]

        async def connect(sid: Text, environ: Dict, auth: Optional[Dict]) -> bool:
            own_origin = f"{environ.get('wsgi.url_scheme', 'http')}://{environ.get('HTTP_HOST')}"
            if not origin_allowed(environ.get("HTTP_ORIGIN"), own_origin):
                origin = environ.get("HTTP_ORIGIN")
                logger.warning("refused a socket.io connection from %r (not in CORS_ORIGIN)", origin)
                return False
            return await rasa_connect(sid, environ, auth)

        self.sio.on("connect", connect, namespace=self.namespace)
        return blueprint
