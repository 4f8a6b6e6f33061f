"""The staff shell: Rasa's console channel (rasa shell), extended for the clinic.

Run as `rasa run --connector channels.console.ClinicConsoleInput` (`make shell`
does it). Like Rasa's `cmdline` channel it is a REST channel whose console loop
posts each typed message to the server's own /webhooks/rest/webhook and prints
the replies, reusing rasa.core.channels.console. The differences:

- Every reply is printed in full before its buttons. (Rasa passes a message
  with buttons to questionary.select as the menu's question; questionary forces
  that prompt's window to its smallest height, so only the first and the last
  line of a multi-line answer stayed on screen.)
- Buttons are numbered choices under the answer. Type the number or the title,
  or press the up/down arrow keys to fill in a title; anything else is sent as
  a message.
- Only `/stop` typed by staff leaves the shell; a button whose payload is
  /stop (the booking summary's "Cancel") is sent to the assistant like any other.
  Ctrl-C or Ctrl-D leave it cleanly.
- The server's port is the one it listens on (`--port`), not Rasa's default.
- Answers are written in Markdown for the web widget; here bold and italics
  show as such on a terminal (plain text when the output is not one), a link
  as "text (url)", a line break as a line break; bullets stay as they are.
- With CLINIC_SHELL_DEBUG=1, one compact block per message: intent and
  confidence, the next two intents, entities, red-flag tier, actions, slots.
"""

from __future__ import annotations

import logging
import os
import re
import sys
import uuid
from typing import Any, Awaitable, Callable, Dict, List, Optional, Sequence, Text

import questionary
from prompt_toolkit.key_binding import KeyBindings
from prompt_toolkit.styles import Style
from rasa.core.channels import console
from rasa.core.channels.channel import UserMessage
from rasa.shared.constants import INTENT_MESSAGE_PREFIX
from rasa.shared.core.events import ActionExecuted, SlotSet, UserUttered
from rasa.shared.utils.cli import print_color, print_success
from rasa.shared.utils.io import bcolors
from sanic import Blueprint, Sanic

from clinic.understanding.red_flags import detect

logger = logging.getLogger(__name__)

EXIT_COMMAND = INTENT_MESSAGE_PREFIX + "stop"
DEBUG_ENV = "CLINIC_SHELL_DEBUG"
PROMPT = "Your input ->"
PROMPT_STYLE = Style([("qmark", "#b373d6"), ("", "#b373d6")])
IGNORED_ACTIONS = {"action_listen"}
# the Markdown the answers use (clinic/replies.py): **bold**, _italics_, [text](url), "  \n" line breaks
BOLD = re.compile(r"\*\*(?=\S)(.+?)(?<=\S)\*\*|__(?=\S)(.+?)(?<=\S)__")
ITALIC = re.compile(r"(?<![\w*])\*(?=[^\s*])(.+?)(?<=[^\s*])\*(?![\w*])|(?<!\w)_(?=\S)(.+?)(?<=\S)_(?!\w)")
LINK = re.compile(r"\[([^\]]+)\]\(([^)\s]+)\)")
HARD_BREAK = re.compile(r"(?: {2,}|\\)\n")
ANSI_STYLE = {"bold": ("\x1b[1m", "\x1b[22m"), "italic": ("\x1b[3m", "\x1b[23m")}


class ClinicConsoleInput(console.CmdlineInput):
    """Rasa's command-line channel with whole answers, numbered buttons and a debug view."""

    @classmethod
    def name(cls) -> Text:
        # not "cmdline": Rasa would start its own console loop for that name
        return "clinic_console"

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        webhook = super().blueprint(on_new_message)

        @webhook.listener("after_server_start")
        async def start_console(app: Sanic, _loop: Any) -> None:
            app.add_task(_run_console(app))

        return webhook


async def _run_console(app: Sanic) -> None:
    port = app.state.port
    url = f"http://127.0.0.1:{port}"
    debug = os.environ.get(DEBUG_ENV, "") not in ("", "0")
    sender_id = f"shell-{uuid.uuid4().hex[:12]}"
    try:
        await record_messages(url, sender_id, getattr(app.ctx, "agent", None) if debug else None)
    except Exception:  # the loop must not leave the server running without a console
        logger.exception("The shell stopped because of an error.")
    finally:
        app.stop()


async def record_messages(server_url: Text, sender_id: Text, agent: Any = None) -> int:
    """Read messages from the terminal until `/stop`, Ctrl-C or Ctrl-D; print whole replies.

    `agent` (Rasa's Agent of this server) switches the debug block on. Returns
    the number of messages sent.
    """
    print_success(
        f"Bot loaded (port {server_url.rsplit(':', 1)[-1]}). Type a message and press Enter; "
        f"pick a button by its number or title, or with the arrow keys. Type {EXIT_COMMAND} to leave."
    )
    choices: List[Dict[Text, Any]] = []
    slots: Dict[Text, Any] = {slot.name: slot.initial_value for slot in agent.domain.slots} if agent else {}
    seen = 0
    sent = 0
    while True:
        typed = await read_input(choices)
        if typed is None or typed == EXIT_COMMAND:
            break
        if not typed:
            continue
        message = payload_for(typed, choices)
        replies = [reply async for reply in console._send_message_receive_stream(server_url, "", sender_id, message)]
        choices = print_replies(replies)
        sent += 1
        if agent is not None:
            seen, slots = await print_debug_block(agent, sender_id, seen, slots)
    print_color("Goodbye.", color=bcolors.OKBLUE)
    return sent


def print_replies(replies: Sequence[Dict[Text, Any]]) -> List[Dict[Text, Any]]:
    """Print each reply whole, its buttons as a numbered list; returns the last reply's buttons."""
    choices: List[Dict[Text, Any]] = []
    for reply in replies:
        buttons = reply.get("buttons") or []
        rest = {key: value for key, value in reply.items() if key != "buttons"}
        if isinstance(rest.get("text"), str):
            rest["text"] = terminal_text(rest["text"], styled=sys.stdout.isatty())
        console._print_bot_output(rest)
        for number, button in enumerate(buttons, start=1):
            print_color(f"  {number}. {button.get('title', '')}", color=bcolors.OKBLUE)
        choices = list(buttons)
    return choices


def terminal_text(markdown: Text, styled: bool) -> Text:
    """An answer's Markdown as terminal text: **bold** and _italics_ as ANSI bold and italics
    (`styled`) or plain, [text](url) as "text (url)", hard line breaks as newlines; bullets,
    line starts and everything else unchanged."""

    def style(name: Text) -> Callable[["re.Match[str]"], Text]:
        on, off = ANSI_STYLE[name] if styled else ("", "")
        return lambda match: f"{on}{match.group(1) or match.group(2)}{off}"

    def link(match: "re.Match[str]") -> Text:
        text, url = match.groups()
        return url if text == url else f"{text} ({url})"

    text = HARD_BREAK.sub("\n", markdown)
    text = LINK.sub(link, text)
    text = BOLD.sub(style("bold"), text)
    return ITALIC.sub(style("italic"), text)


def payload_for(typed: Text, choices: Sequence[Dict[Text, Any]]) -> Text:
    """What to send for what staff typed: a choice's payload for its number or title, else the text."""
    wanted = typed.strip()
    for number, button in enumerate(choices, start=1):
        if wanted == str(number) or wanted.casefold() == str(button.get("title", "")).casefold():
            return button.get("payload") or button.get("title", "")
    return typed


async def read_input(choices: Sequence[Dict[Text, Any]]) -> Optional[Text]:
    """One line from the terminal (stripped); None for Ctrl-C or Ctrl-D.

    With choices, up/down fill the line with the previous/next choice's title.
    """
    keys = KeyBindings()
    titles = [str(button.get("title", "")) for button in choices]
    position = {"index": -1}

    def cycle(step: int) -> Callable[[Any], None]:
        def handler(event: Any) -> None:
            if not titles:
                return
            position["index"] = (position["index"] + step) % len(titles)
            event.current_buffer.text = titles[position["index"]]
            event.current_buffer.cursor_position = len(event.current_buffer.text)

        return handler

    keys.add("up")(cycle(-1))
    keys.add("down")(cycle(1))
    question = questionary.text("", qmark=PROMPT, style=PROMPT_STYLE, key_bindings=keys)
    try:
        answer = await question.unsafe_ask_async(patch_stdout=False)
    except (KeyboardInterrupt, EOFError):
        return None
    return answer.strip() if answer is not None else None


async def print_debug_block(
    agent: Any, sender_id: Text, seen: int, slots: Dict[Text, Any]
) -> "tuple[int, Dict[Text, Any]]":
    """Print what happened to the last message; returns (events seen, slot values now)."""
    tracker = await agent.tracker_store.retrieve(sender_id)
    if tracker is None:
        return seen, slots
    events = list(tracker.events)
    new = events[seen:] if seen <= len(events) else events
    now = tracker.current_slot_values()
    print_color(debug_block(new, slots, now), color=bcolors.HEADER)
    return len(events), now


def debug_block(events: Sequence[Any], before: Dict[Text, Any], after: Dict[Text, Any]) -> Text:
    """The compact debug view of one message's events (Rasa Event objects), as text lines."""
    users = [e for e in events if isinstance(e, UserUttered)]
    lines = ["  ┌ debug"]
    if users:
        parse = users[-1].parse_data or {}
        intent = parse.get("intent") or {}
        lines.append(f"  │ intent    {intent.get('name')} ({_confidence(intent)})")
        ranking = [r for r in parse.get("intent_ranking") or [] if r.get("name") != intent.get("name")]
        nxt = ", ".join(f"{r.get('name')} ({_confidence(r)})" for r in ranking[:2]) or "-"
        lines.append(f"  │ next      {nxt}")
        entities = ", ".join(f"{e.get('entity')}={e.get('value')}" for e in parse.get("entities") or [])
        lines.append(f"  │ entities  {entities or '-'}")
        tier = detect(users[-1].text or "").tier
        if tier or intent.get("name") in ("report_emergency", "report_urgent_symptom"):
            lines.append(f"  │ red flag  {tier or 'from the intent classifier: ' + str(intent.get('name'))}")
    actions = [e.action_name for e in events if isinstance(e, ActionExecuted) and e.action_name not in IGNORED_ACTIONS]
    lines.append(f"  │ actions   {', '.join(a for a in actions if a) or '-'}")
    changed = [
        f"{name}: {before.get(name)!r} → {value!r}"
        for name, value in after.items()
        if before.get(name) != value and any(isinstance(e, SlotSet) and e.key == name for e in events)
    ]
    lines.append(f"  │ slots     {'; '.join(changed) or '-'}")
    lines.append("  └")
    return "\n".join(lines)


def _confidence(intent: Dict[Text, Any]) -> Text:
    value = intent.get("confidence")
    return f"{value:.2f}" if isinstance(value, (int, float)) else "?"
