"""Replies the Rasa server writes itself, so that they never wait on the action server:
the red-flag escalations (components/nlg.py) and the channels' answers to a message
with no words or to a booking left too long (channels/). Texts from clinic.yml only;
nothing here reads a patient's question. clinic.replies re-exports them for the actions.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Dict, List, Optional, Tuple

from clinic.settings import ClinicConfig


@dataclass
class Reply:
    """One bot message: text and optional quick-reply buttons."""

    text: str
    buttons: List[Dict[str, str]] = field(default_factory=list)


def red_flag(
    tier: str, clinic: ClinicConfig, now: Optional[datetime] = None, page_risks: Tuple[str, List[str]] = ("", [])
) -> Reply:
    """The escalation message: short, plain, first.

    `page_risks`: (procedure name, risks its page names that the reported signs can point to,
    from clinic.understanding.warning_sign_risks); one sentence is added when the list is not empty.
    """
    procedure, risks = page_risks
    page = (
        f" The clinic's {procedure} page mentions {_joined(risks)} among the risks of the operation."
        if procedure and risks and tier != "crisis"
        else ""
    )
    if tier == "crisis":
        return Reply(
            "I'm really sorry you're going through this. You don't have to face it alone. "
            f"If you might act on these thoughts or are in danger, call {clinic.emergency_number} now. "
            f"You can call or text {clinic.crisis_line} (Suicide & Crisis Lifeline) at any time "
            f"to talk to someone. Your care team at {clinic.phone} also wants to know how you are doing."
        )
    if tier == "emergency":
        return Reply(
            f"This could be a medical emergency. Call {clinic.emergency_number} now or go to "
            "the nearest emergency department (in hospital: call the nurse now). "
            "Do not wait for an answer here." + page
        )
    office = (
        f"call your surgeon's office now at {clinic.phone}, and if you can't reach them, go to the nearest "
        "emergency department."
        if clinic.is_open(now)
        else "the office is closed right now, so please go to the nearest emergency department."
    )
    return Reply(
        "After surgery, what you describe needs to be checked by a doctor promptly: "
        f"{office} If it gets worse or you feel very unwell, call {clinic.emergency_number}." + page
    )


def bot_challenge(clinic: ClinicConfig) -> Reply:
    """ "Are you a bot?", "this bot is useless, I want a human": what it is, and a person to call."""
    return Reply(
        "I'm a virtual assistant, not a person. I answer general questions about the clinic's spine "
        f"procedures from its procedure pages. To talk to someone, call the {clinic.name} team at "
        f"{clinic.phone} ({clinic.describe_hours()})."
    )


def _joined(items: List[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


# In the middle of a form the channel then repeats the question the form waits on.
NO_CONTENT_IN_FORM = "I didn't get any words there."
NO_CONTENT = (
    "I didn't get any words there. Please type your question about SI joint fusion or "
    "spinopelvic fixation, or ask how to reach the clinic."
)


BOOKING_EXPIRED = (
    "Welcome back. The consultation request you started earlier was not sent to the clinic, "
    "because the conversation was paused for too long. To request one, just say "
    '"book a consultation" and I\'ll ask for your details again.'
)
