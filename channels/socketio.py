"""The socket.io channel of the chat widget, with the REST channel's guarantees.

Same events and settings as Rasa's SocketIOInput (credentials.yml), plus:
- a message longer than MAX_MESSAGE_CHARS gets a polite reply before any NLU runs;
- if processing sends nothing back (e.g. the action server is down), the patient
  gets the apology with the clinic's phone number instead of silence.
"""

from __future__ import annotations

import logging
from typing import Any, Awaitable, Callable, Text

from rasa.core.channels.channel import UserMessage
from rasa.core.channels.socketio import SocketIOInput
from sanic import Blueprint

from channels.rest import MAX_MESSAGE_CHARS, too_long_reply, unavailable_reply

logger = logging.getLogger(__name__)


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
            text = message.text or ""
            if len(text) > MAX_MESSAGE_CHARS:
                await channel.send_text_message(message.sender_id, too_long_reply())
                return
            try:
                await on_new_message(message)
            except Exception:  # logged without the message text
                logger.exception("processing a socket.io message failed")
            if not sent and text.strip():
                await channel.send_text_message(message.sender_id, unavailable_reply())

        return super().blueprint(never_silent)
