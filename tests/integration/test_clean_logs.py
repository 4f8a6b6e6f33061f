"""Clean logs (issue 13, point 5): a whole conversation logs no ERROR and no traceback.

Greeting, the capabilities reply (buttons with JSON payloads, which Rasa's response
templating used to read as slot placeholders), a button click, a follow-up, a booking
to the end, an empty message and an escalation, over REST and socket.io; then the
part of both servers' logs (var/log/, written by scripts/test.sh) that this
conversation added is read.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from clinic.settings import clinic
from tests.conftest import ROOT
from tests.integration.test_booking_conversation import receiver  # noqa: F401  (the scheduling system)
from tests.socketio_client import socketio_reply

LOGS = [
    Path(os.environ.get("RASA_LOG", ROOT / "var/log/test-rasa-server.log")),
    Path(os.environ.get("ACTION_LOG", ROOT / "var/log/test-action-server.log")),
]
# stdlib log lines, and structlog events rendered as JSON or for a terminal
TROUBLE = re.compile(r"\bERROR\b|Traceback|\bCRITICAL\b|\"level\": \"(?:error|critical)\"|\[(?:error|critical) *\]")


@pytest.fixture
def new_log_lines():
    """Reads, after the test, what each log got during it."""
    for log in LOGS:
        if not log.is_file():
            pytest.fail(f"{log} is missing: run through scripts/test.sh (or set RASA_LOG / ACTION_LOG)")
    sizes = {log: log.stat().st_size for log in LOGS}

    def read():
        lines = []
        for log, size in sizes.items():
            with log.open(encoding="utf-8", errors="replace") as f:
                f.seek(size)
                lines += [f"{log.name}: {line.rstrip()}" for line in f]
        return lines

    return read


def test_a_whole_conversation_logs_no_error(chat, receiver, new_log_lines):  # noqa: F811
    assert chat.say("hi")
    capabilities = chat.send("what can you do?")
    payloads = [b["payload"] for m in capabilities for b in m.get("buttons", [])]
    assert '/ask_overview{"procedure": "si_joint_fusion"}' in payloads
    assert "SI joint fusion" in chat.say(payloads[0])
    assert chat.say("how long does it take?")
    assert "full name" in chat.say("/book_appointment")
    chat.say("Maria Lopez")
    chat.say("+1 555 010 0199")
    chat.say("yes")  # the procedure from the conversation
    chat.say("weekday mornings")
    chat.say("yes")  # consent
    assert "Your reference is" in chat.say("/affirm")
    assert chat.say("\u200b")
    assert clinic().emergency_number in chat.say("I have crushing chest pain and can't breathe")
    assert chat.say("thanks")
    assert socketio_reply("what are the risks of spinopelvic fixation?", f"{chat.sender}-widget")
    trouble = [line for line in new_log_lines() if TROUBLE.search(line)]
    assert not trouble, "\n".join(trouble[:20])
