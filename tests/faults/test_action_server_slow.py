"""A slow action server (issue 13, point 2): the Rasa server waits ACTION_TIMEOUT seconds, not 300.

Run by scripts/test.sh while the real action server is stopped: a stand-in that
accepts every action call and answers only after far longer than the timeout listens
on ACTION_PORT. The patient gets the apology with the clinic's phone number within
the timeout, and an escalation at once (the Rasa server writes it itself).
"""

from __future__ import annotations

import os
import threading
import time
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
import requests

from clinic.settings import clinic

pytestmark = pytest.mark.skipif(
    os.environ.get("ACTION_SERVER") != "down", reason="needs ACTION_PORT free (the action server stopped)"
)
# time a turn may take on top of the wait (NLU, policies, a loaded CI machine)
MARGIN = 8.0


def action_timeout() -> float:
    """The Rasa server's wait (imported here: components/ loads Rasa, slow for the skipped runs)."""
    from components.action_timeout import action_timeout as configured

    return configured()


@pytest.fixture(scope="module")
def slow_action_server():
    """An action server that takes 10 times the timeout to answer any action."""
    release = threading.Event()

    class Slow(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            release.wait(10 * action_timeout())
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.end_headers()
            self.wfile.write(b'{"events": [], "responses": []}')

        def log_message(self, *args) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", int(os.environ["ACTION_PORT"])), Slow)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield
    release.set()
    server.shutdown()
    server.server_close()


def timed(message: str):
    start = time.monotonic()
    reply = requests.post(
        f"{os.environ['RASA_URL']}/webhooks/rest/webhook",
        json={"sender": f"slow-{uuid.uuid4().hex[:8]}", "message": message},
        timeout=300,
    )
    reply.raise_for_status()
    return "\n".join(m.get("text", "") for m in reply.json()), time.monotonic() - start


def test_a_slow_action_gets_a_bounded_wait_and_a_clear_reply(slow_action_server):
    reply, seconds = timed("how long does SI joint fusion take?")
    assert seconds < action_timeout() + MARGIN, f"waited {seconds:.0f} s"
    assert "technical problem" in reply and clinic().phone in reply


def test_an_escalation_does_not_wait_for_the_action_server(slow_action_server):
    reply, seconds = timed("I have crushing chest pain")
    assert seconds < MARGIN, f"waited {seconds:.0f} s"
    assert clinic().emergency_number in reply and "technical problem" not in reply
