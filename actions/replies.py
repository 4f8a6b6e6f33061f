"""What the assistant says: answers, the procedure question, greetings.

Pure functions returning `Reply` objects; the custom actions only send them.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime
from typing import Dict, List, Optional, Sequence

from actions.clinic import ClinicConfig
from actions.knowledge import KnowledgeBase

BOOK_BUTTON = {"title": "Book a consultation", "payload": "/book_appointment"}


@dataclass
class Reply:
    """One bot message: text and optional quick-reply buttons."""

    text: str
    buttons: List[Dict[str, str]] = field(default_factory=list)


def intent_payload(intent: str, **entities: str) -> str:
    """A button payload that triggers `intent` with entities, e.g. /ask_risks{...}."""
    return f"/{intent}{json.dumps(entities)}" if entities else f"/{intent}"


def disclaimer(clinic: ClinicConfig) -> str:
    return (
        f"I give general information from {clinic.name}'s procedure pages, not "
        f"medical advice. In an emergency, call {clinic.emergency_number}."
    )


def greeting(clinic: ClinicConfig, kb: KnowledgeBase, now: Optional[datetime] = None) -> Reply:
    """The welcome: who the assistant is, what it can answer, the disclaimer."""
    names = " and ".join(p.name for p in kb.procedures.values())
    text = (
        f"Hello! I'm the virtual assistant of {clinic.name}. I can answer questions "
        f"about {names}: what they are, how they are done, how long they take, "
        f"risks, recovery, who they are for, and more. {disclaimer(clinic)}"
    )
    if not clinic.is_open(now):
        text += (
            f" Our office is closed right now; it opens again "
            f"{clinic.describe_next_opening(now)}."
        )
    return Reply(text, procedure_buttons(kb, "overview"))


def procedure_buttons(kb: KnowledgeBase, topic: str) -> List[Dict[str, str]]:
    """One button per procedure that asks `topic` about it."""
    return [
        {"title": p.name[:1].upper() + p.name[1:], "payload": intent_payload(f"ask_{topic}", procedure=p.id)}
        for p in kb.procedures.values()
    ]


def ask_which_procedure(kb: KnowledgeBase, topic: str) -> Reply:
    """Ask which procedure a question is about, with a button for each."""
    label = kb.topics[topic].label
    names = " or ".join(p.name for p in kb.procedures.values())
    return Reply(
        f"Which procedure would you like to know {label} for: {names}?",
        procedure_buttons(kb, topic),
    )


def answer(
    kb: KnowledgeBase,
    procedure_ids: Sequence[str],
    topic: str,
    clinic: ClinicConfig,
    with_disclaimer: bool = False,
) -> List[Reply]:
    """The answer on `topic` for each procedure, then next-step buttons."""
    replies = []
    for procedure_id in procedure_ids:
        found = kb.answer(procedure_id, topic)
        heading = f"{found.procedure.name[:1].upper()}{found.procedure.name[1:]} – {found.topic.label}"
        text = f"{heading}:\n{found.text}"
        if found.covered:
            text += f"\n(Source: the clinic's {found.procedure.name} page, \"{' / '.join(found.sources)}\".)"
        replies.append(Reply(text))
    if with_disclaimer:
        replies[-1].text += f"\n\n{disclaimer(clinic)}"
    last = procedure_ids[-1]
    replies[-1].buttons = [
        {"title": kb.topics[key].button, "payload": intent_payload(f"ask_{key}", procedure=last)}
        for key in kb.topics[topic].related
    ] + [BOOK_BUTTON]
    return replies


def personal_advice(kb: KnowledgeBase, procedure_ids: Sequence[str], clinic: ClinicConfig) -> List[Reply]:
    """For 'should I have it?': the general criteria, and the surgeon decides."""
    replies = [
        Reply(
            "I can't tell whether a procedure is right or safe for you personally, or "
            "advise on your medicines: your surgeon will advise you after looking at "
            "your situation. Here is the general information the clinic gives."
        )
    ]
    for procedure_id in procedure_ids or list(kb.procedures):
        procedure = kb.procedures[procedure_id]
        parts = [
            kb.answer(procedure_id, key).text
            for key in ("candidacy", "contraindications")
            if key in procedure.answers
        ]
        replies.append(Reply(f"{procedure.name[:1].upper()}{procedure.name[1:]}: " + " ".join(parts)))
    replies[-1].buttons = [BOOK_BUTTON]
    replies[-1].text += "\n\nWould you like to book a consultation to discuss it with the surgeon?"
    return replies


def contact(clinic: ClinicConfig, now: Optional[datetime] = None) -> Reply:
    """How to reach a person at the clinic."""
    text = (
        f"You can reach the {clinic.name} team by phone at {clinic.phone}, "
        f"or book online at {clinic.booking_url}."
    )
    if clinic.is_open(now):
        text += " The office is open now."
    else:
        text += f" The office is closed right now; it opens again {clinic.describe_next_opening(now)}."
    text += f" In an emergency, call {clinic.emergency_number}."
    return Reply(text, [BOOK_BUTTON])


def red_flag(tier: str, clinic: ClinicConfig, now: Optional[datetime] = None) -> Reply:
    """The escalation message: short, plain, first."""
    if tier == "emergency":
        return Reply(
            f"This could be a medical emergency. Call {clinic.emergency_number} now or go to "
            "the nearest emergency department. Do not wait for an answer here."
        )
    office = (
        f"call your surgeon's office now at {clinic.phone}."
        if clinic.is_open(now)
        else "the office is closed right now, so please go to the nearest emergency department."
    )
    return Reply(
        "These symptoms after surgery need to be checked by a doctor promptly: "
        f"{office} If it gets worse or you feel very unwell, call {clinic.emergency_number}."
    )
