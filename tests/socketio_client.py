"""A chat-widget stand-in: one message over Rasa's socket.io channel."""

from __future__ import annotations

import os
import queue

import socketio


def socketio_reply(message: str, session_id: str, timeout: float = 60) -> str:
    """Send one message the way rasa-webchat does and return the bot's first reply text."""
    replies: "queue.Queue[str]" = queue.Queue()
    client = socketio.Client()
    client.on("bot_uttered", lambda data: replies.put(data.get("text", "")))
    client.connect(os.environ["RASA_URL"], transports=["websocket"], socketio_path="/socket.io")
    try:
        client.emit("session_request", {"session_id": session_id})
        client.emit("user_uttered", {"message": message, "session_id": session_id})
        return replies.get(timeout=timeout)
    finally:
        client.disconnect()
