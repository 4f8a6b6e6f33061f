"""Messages with no content and pages from other sites (issue 13, points 3 and 4).

Messages with no words (clinic.understanding.content) get a short request to type a
question over both channels, without NLU and without a traceback; socket.io connections
from pages whose origin is not in CORS_ORIGIN (channels/origins.py) are refused.
"""

from __future__ import annotations

import os
import uuid

import pytest
import socketio

from clinic.replies import NO_CONTENT
from tests.socketio_client import socketio_reply

NOTHING = [
    "",
    " ",
    "\t \t",
    "\n\n",
    "\u200b",  # zero-width space
    "\u200b\u200d\ufeff",  # zero-width space, joiner, byte-order mark
    "\u3164",  # Hangul filler, renders blank
    "\u00a0\u2003",  # no-break space, em space
    "?",
    "...",
]


@pytest.mark.parametrize("message", NOTHING)
def test_rest_a_message_with_no_content_gets_a_short_request(chat, message):
    assert chat.send(message) == [{"recipient_id": chat.sender, "text": NO_CONTENT}]


@pytest.mark.parametrize("message", ["", "\n", "\u200b", "?"])
def test_socketio_a_message_with_no_content_gets_a_short_request(rasa_url, message):
    assert socketio_reply(message, f"widget-{uuid.uuid4().hex[:12]}") == NO_CONTENT


def test_the_conversation_goes_on_after_an_empty_message(chat):
    chat.send("\u200b")
    assert "45 to 90 minutes" in chat.say("how long does SI joint fusion take?")


def connects(rasa_url: str, origin: str) -> bool:
    """Whether a page from `origin` gets a socket.io connection (polling, as browsers start)."""
    client = socketio.Client()
    try:
        client.connect(rasa_url, transports=["polling"], headers={"Origin": origin}, wait_timeout=10)
    except socketio.exceptions.ConnectionError:
        return False
    client.disconnect()
    return True


def clinic_page_origin() -> str:
    origins = os.environ.get("CORS_ORIGIN", "").split()
    if not origins:
        pytest.fail("CORS_ORIGIN is not set: run these through `make test`")
    return origins[0]


def test_socketio_refuses_a_page_from_another_site(rasa_url):
    assert not connects(rasa_url, "https://chat-elsewhere.example.com")
    # "null" is what sandboxed frames and file:// pages send
    assert not connects(rasa_url, "null")


def test_socketio_accepts_the_clinic_page(rasa_url):
    assert connects(rasa_url, clinic_page_origin())


@pytest.mark.parametrize(
    "message",
    [
        "¿Cuánto tiempo dura la fusión de la articulación sacroilíaca?",
        "Was ist eine spinopelvine Fixation?",
        "脊柱骨盆固定是什么",
    ],
)
def test_rest_a_message_in_another_language_gets_english_only_and_the_phone_number(chat, message):
    from clinic.settings import clinic

    reply = chat.say(message)
    assert "only answer in English" in reply and clinic().phone in reply


@pytest.mark.parametrize("message", ["🤔", "asdfjkl"])
def test_rest_emoji_or_keyboard_mash_is_not_taken_for_another_language(chat, message):
    assert "only answer in English" not in chat.say(message)
