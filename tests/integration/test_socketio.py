"""The chat widget's channel (socket.io) with the same guarantees as REST."""

from __future__ import annotations

import uuid

from tests.socketio_client import socketio_reply


def session() -> str:
    return f"widget-{uuid.uuid4().hex[:12]}"


def test_a_question_is_answered(rasa_url: str) -> None:
    assert "SI joint fusion" in socketio_reply("how long does si joint fusion take?", session())


def test_a_huge_message_gets_the_size_limit_reply(rasa_url: str) -> None:
    assert "too long" in socketio_reply("pain " * 20_000, session())


def test_html_and_odd_characters_get_a_reply(rasa_url: str) -> None:
    assert socketio_reply("<script>alert('x')</script> 💥 '; DROP TABLE events; --", session()).strip()
