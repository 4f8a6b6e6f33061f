"""What the report counts, from conversations' events (Rasa's dict form, see events.py).

A conversation is a tracker (sender id) with at least one patient message in
the period. Counted per conversation or per patient message:
- conversations per day (the day of its first message in the period, clinic time);
- questions per procedure and topic (ask_<topic> intents; the procedure named in
  the message, else the one the conversation was about);
- messages the assistant could not answer: not understood (a fallback action),
  outside its subject (action_out_of_scope), or answered "not covered" by the
  clinic's documents (clinic.replies.says_not_covered); grouped by their text with contact details masked;
- red-flag escalations per tier (clinic.understanding.red_flags, else the intent);
- the booking funnel: form started, consent given, request sent;
- conversations that started outside opening hours (clinic.yml).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from typing import Any, Dict, Iterable, List, Optional, Tuple

import phonenumbers

from clinic.knowledge import KnowledgeBase
from clinic.replies import says_not_covered
from clinic.settings import ClinicConfig
from clinic.understanding.red_flags import detect

NOT_UNDERSTOOD_ACTIONS = frozenset({"action_fallback", "action_core_fallback", "action_default_fallback"})
OUT_OF_SCOPE_ACTIONS = frozenset({"action_out_of_scope"})
RED_FLAG_INTENTS = {"report_emergency": "emergency", "report_urgent_symptom": "urgent"}
BOOKING_FORM = "booking_form"
SUBMIT_ACTION = "action_submit_booking"
NOT_SAID = "not said"
EMAIL = re.compile(r"[^\s@<>()\[\],;:\"]+@[^\s@<>()\[\],;:\"]+\.[A-Za-z]{2,}")
MAX_GROUP_TEXT = 200

REASON_NOT_UNDERSTOOD = "not understood"
REASON_OUT_OF_SCOPE = "outside the assistant's subject"
REASON_NOT_COVERED = "not covered by the clinic's information"


@dataclass
class Summary:
    """The report's figures for one period (dates in the clinic's timezone, end inclusive)."""

    first_day: date
    last_day: date
    conversations: int = 0
    messages: int = 0
    per_day: Dict[date, int] = field(default_factory=dict)
    questions: Counter = field(default_factory=Counter)  # (topic label, procedure name) -> count
    unanswered: Counter = field(default_factory=Counter)  # (reason, masked text) -> count
    red_flags: Counter = field(default_factory=Counter)  # tier -> messages
    red_flag_conversations: Counter = field(default_factory=Counter)  # tier -> conversations
    funnel: Dict[str, int] = field(default_factory=dict)  # stage -> conversations
    after_hours: int = 0


def summarise(
    conversations: Dict[str, List[Dict[str, Any]]],
    first_day: date,
    last_day: date,
    kb: KnowledgeBase,
    clinic: ClinicConfig,
) -> Summary:
    """The figures for conversations read by events.read_conversations()."""
    summary = Summary(first_day, last_day)
    summary.per_day = {day: 0 for day in _days(first_day, last_day)}
    funnel: Counter[str] = Counter()
    region = _home_region(clinic)
    for events in conversations.values():
        users = [e for e in events if e.get("event") == "user"]
        if not users:
            continue
        summary.conversations += 1
        summary.messages += len(users)
        started = datetime.fromtimestamp(users[0]["timestamp"], timezone.utc)
        day = clinic.local(started).date()
        summary.per_day[day] = summary.per_day.get(day, 0) + 1
        if not clinic.is_open(started):
            summary.after_hours += 1
        tiers = set()
        for turn in _turns(events):
            user, replies_actions, replies_texts, procedure = turn
            parse = user.get("parse_data") or {}
            intent = (parse.get("intent") or {}).get("name") or ""
            topic = intent[len("ask_") :] if intent.startswith("ask_") else None
            if topic in kb.topics:
                named = [e.get("value") for e in parse.get("entities") or [] if e.get("entity") == "procedure"]
                for procedure_id in [n for n in named if n in kb.procedures] or [procedure]:
                    name = kb.procedures[procedure_id].name if procedure_id in kb.procedures else NOT_SAID
                    summary.questions[(kb.topics[topic].label, name)] += 1
            reason = _unanswered_reason(replies_actions, replies_texts)
            if reason:
                summary.unanswered[(reason, mask_contacts(user.get("text") or "", region))] += 1
            if intent in RED_FLAG_INTENTS:
                tier = (detect(user.get("text") or "").tier or RED_FLAG_INTENTS[intent]).lower()
                summary.red_flags[tier] += 1
                tiers.add(tier)
        for tier in tiers:
            summary.red_flag_conversations[tier] += 1
        for stage in _booking_stages(events):
            funnel[stage] += 1
    summary.funnel = {stage: funnel[stage] for stage in ("started", "consented", "sent")}
    return summary


def mask_contacts(text: str, region: Optional[str]) -> str:
    """The text lower-cased on one line, email addresses and phone numbers replaced by [email] / [phone]."""
    text = " ".join(text.casefold().split())[:MAX_GROUP_TEXT]
    text = EMAIL.sub("[email]", text)
    matches = list(phonenumbers.PhoneNumberMatcher(text, region or "US", leniency=phonenumbers.Leniency.POSSIBLE))
    for match in reversed(matches):
        text = text[: match.start] + "[phone]" + text[match.end :]
    return text


def _turns(events: List[Dict[str, Any]]) -> Iterable[Tuple[Dict[str, Any], List[str], List[str], Optional[str]]]:
    """(user event, actions run after it, bot texts after it, the procedure slot before it) per message."""
    procedure: Optional[str] = None
    current: Optional[Tuple[Dict[str, Any], List[str], List[str], Optional[str]]] = None
    for event in events:
        kind = event.get("event")
        if kind == "user":
            if current:
                yield current
            current = (event, [], [], procedure)
        elif kind == "slot" and event.get("name") == "procedure":
            procedure = event.get("value")
        elif current and kind == "action":
            current[1].append(event.get("name") or "")
        elif current and kind == "bot":
            current[2].append(event.get("text") or "")
    if current:
        yield current


def _unanswered_reason(actions: List[str], texts: List[str]) -> Optional[str]:
    if any(a in NOT_UNDERSTOOD_ACTIONS for a in actions):
        return REASON_NOT_UNDERSTOOD
    if any(a in OUT_OF_SCOPE_ACTIONS for a in actions):
        return REASON_OUT_OF_SCOPE
    if any(says_not_covered(text) for text in texts):
        return REASON_NOT_COVERED
    return None


def _booking_stages(events: List[Dict[str, Any]]) -> List[str]:
    """The funnel stages one conversation reached: started, consented, sent."""
    stages = []
    consent = False
    for event in events:
        kind = event.get("event")
        if kind == "active_loop" and event.get("name") == BOOKING_FORM and "started" not in stages:
            stages.append("started")
        elif kind == "slot" and event.get("name") == "booking_consent":
            consent = event.get("value") is True
            if consent and "consented" not in stages:
                stages.append("consented")
        elif kind == "action" and event.get("name") == SUBMIT_ACTION and consent and "sent" not in stages:
            stages.append("sent")
    return stages


def _home_region(clinic: ClinicConfig) -> Optional[str]:
    """The clinic's country (from its phone number in clinic.yml), for local-format numbers."""
    try:
        return phonenumbers.region_code_for_number(phonenumbers.parse(clinic.phone, None))
    except phonenumbers.NumberParseException:
        return None


def _days(first: date, last: date) -> List[date]:
    return [date.fromordinal(n) for n in range(first.toordinal(), last.toordinal() + 1)]
