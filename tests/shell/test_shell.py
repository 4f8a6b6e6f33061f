"""`make shell` in a pseudo-terminal, as staff use it: scripts/serve.sh shell starts
the action server and Rasa's server with the clinic's console channel
(channels/console.py) on RASA_PORT / ACTION_PORT, while SHELL_BUSY_PORT (default
5005, Rasa's default port) is taken. Needs the trained model; run by scripts/test.sh
(step 6, with RASA_PORT=$RASA_PORT_2 and SHELL_BUSY_PORT=$RASA_PORT).
"""

from __future__ import annotations

import os
import re
import socket
from pathlib import Path

import pexpect
import pytest

from clinic.knowledge import default_knowledge_base
from clinic.settings import clinic

ROOT = Path(__file__).resolve().parents[2]
RASA_PORT = int(os.environ.get("RASA_PORT", "5005"))
ACTION_PORT = int(os.environ.get("ACTION_PORT", "5055"))
BUSY_PORT = int(os.environ.get("SHELL_BUSY_PORT", "5005"))  # Rasa's default port, held by "another" server
ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")
PROMPT = "Your input ->"
# prompt_toolkit switches bracketed paste off when a line is accepted, before the replies
LINE_ACCEPTED = "\x1b[?2004l"
DOWN = "\x1b[B"
BOLD, BOLD_OFF, ITALIC, ITALIC_OFF = "\x1b[1m", "\x1b[22m", "\x1b[3m", "\x1b[23m"


def plain(text: str) -> str:
    """Terminal output as text: no escapes, no carriage returns, one space between words."""
    return " ".join(ANSI.sub("", text).replace("\r", "").split())


def is_listening(port: int) -> bool:
    with socket.socket() as s:
        return s.connect_ex(("127.0.0.1", port)) == 0


@pytest.fixture
def busy_default_port():
    """Port 5005 taken, as by `make run` on the default port (unless something already holds it)."""
    holder = socket.socket()
    try:
        holder.bind(("0.0.0.0", BUSY_PORT))
        holder.listen()
    except OSError:
        pass  # already taken by another process: just as good
    yield
    holder.close()


@pytest.fixture
def shell(tmp_path, busy_default_port):
    """Start a shell; yields a function that returns the pexpect child (args: extra shell args)."""
    assert RASA_PORT != BUSY_PORT, "run with RASA_PORT set to a port other than 5005"
    assert not is_listening(RASA_PORT) and not is_listening(ACTION_PORT), "the shell's ports are in use"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("BOOKING_", "TRACKER_", "MAKE"))}
    env.update(
        RASA_PORT=str(RASA_PORT),
        ACTION_PORT=str(ACTION_PORT),
        ACTION_SERVER_URL=f"http://127.0.0.1:{ACTION_PORT}/webhook",
        MODEL=os.environ.get("MODEL", "models/current.tar.gz"),
        TRACKER_STORE_URL=f"sqlite:///{tmp_path / 'tracker.db'}",
        BOOKING_DB_URL=f"sqlite:///{tmp_path / 'bookings.db'}",
        TERM="xterm",
    )
    children = []

    def start(*args: str) -> pexpect.spawn:
        child = pexpect.spawn(
            str(ROOT / "scripts" / "serve.sh"),
            ["shell", *args],
            cwd=str(ROOT),
            env=env,
            encoding="utf-8",
            timeout=240,
            dimensions=(50, 100),
        )
        child.logfile_read = open(tmp_path / "shell.log", "a", encoding="utf-8")
        children.append(child)
        child.expect("Type /stop to leave")
        child.banner = plain(child.before)
        child.expect_exact(PROMPT)
        return child

    yield start
    for child in children:
        if child.isalive():
            child.terminate(force=True)


def say(child: pexpect.spawn, text: str) -> str:
    """Send a line; returns the plain output up to the next prompt."""
    child.sendline(text)
    child.expect_exact(LINE_ACCEPTED, timeout=30)
    child.expect_exact(PROMPT, timeout=60)
    return plain(child.before)


def test_whole_answers_numbered_choices_and_only_typed_stop_leaves(shell):
    child = shell("--debug")
    assert f"Starting Rasa server on http://127.0.0.1:{RASA_PORT}" in child.banner
    assert f"Bot loaded (port {RASA_PORT})" in child.banner
    assert "Warning" not in child.banner  # no deprecation warnings on start-up
    kb = default_knowledge_base()

    out = say(child, "what are the risks of si joint fusion")
    found = kb.answer("si_joint_fusion", "risks")
    whole = plain(found.text)
    assert whole in out  # every sentence, not just the title and source lines
    assert "(Source:" in out and "1. " in out
    # the answer's Markdown rendered for the terminal: the title in bold, the source line in
    # italics, each on a line of its own; no Markdown markers left
    name = found.procedure.name
    title = f"{name[:1].upper()}{name[1:]} – {found.topic.label}"
    raw = child.before.replace("\r", "")
    assert f"{BOLD}{title}{BOLD_OFF}\n" in raw
    assert f"\n{ITALIC}(Source:" in raw
    assert raw.split(f"\n{ITALIC}(Source:", 1)[1].split("\n", 1)[0].endswith(f'".){ITALIC_OFF}')
    assert "**" not in out and "_(Source" not in out
    assert "intent ask_risks" in out and "entities procedure=si_joint_fusion" in out  # the debug block
    assert "actions action_answer_question" in out

    say(child, "I'd like to book a consultation")
    say(child, "Jane Doe")
    out = say(child, clinic().phone)
    assert "Not sure yet" in out
    first_choice = out.split("1. ", 1)[1].split(" 2. ", 1)[0].strip()
    say(child, "1")  # a numbered choice: the first procedure
    out = say(child, "weekday mornings")
    assert "Do you agree to be contacted" in out
    child.send(DOWN)  # the arrow key fills in the first choice, "Yes, I agree"
    out = say(child, "")
    assert "Here is your request" in out
    assert "- Name: Jane Doe" in out  # the summary's bullets stay bullets
    assert f"procedure: {first_choice}".lower() in out.lower()

    out = say(child, "Cancel")  # its payload is /stop: sent to the assistant, the shell stays
    assert child.isalive() and "Goodbye" not in out

    child.sendline("/stop")
    child.expect(pexpect.EOF, timeout=60)
    child.close()
    assert child.exitstatus == 0
    assert "Traceback" not in plain(child.before)
    assert not is_listening(ACTION_PORT) and not is_listening(RASA_PORT)


def test_ctrl_c_leaves_cleanly_and_stops_the_action_server(shell):
    child = shell()
    out = say(child, "hello")
    assert "1. " in out  # a menu of choices is showing
    assert is_listening(ACTION_PORT)
    child.sendcontrol("c")
    child.expect(pexpect.EOF, timeout=60)
    child.close()
    assert "Traceback" not in plain(child.before)
    assert not is_listening(ACTION_PORT) and not is_listening(RASA_PORT)
