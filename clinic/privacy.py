"""Contact details out of the conversation history: which events hold them, and the
events with them replaced by markers ([name], [phone], [email]).

Plain Python on Rasa's event dicts (the JSON the tracker store keeps), so the Rasa
server's tracker store (components/tracker_privacy.py) and the staff command
(clinic/conversations.py) share it. What counts as a contact detail:

- every value the booking form's name, phone, email and contact slots held, wherever
  it appears (user messages, their parse data, slot events, the assistant's summary);
- in the patient's messages, also each word of those names, and any phone number
  (a run of 7 to 15 digits, with the separators people type) or email address,
  given unasked or not.

The assistant's own messages keep the clinic's phone number: only the patient's
known details are replaced there.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Callable, Dict, FrozenSet, Iterable, List, Optional

NAME, PHONE, EMAIL, CONTACT = "[name]", "[phone]", "[email]", "[contact]"
MARKERS = (NAME, PHONE, EMAIL, CONTACT)
# slot -> the marker its value becomes
CONTACT_SLOTS = {"booking_name": NAME, "booking_phone": PHONE, "booking_email": EMAIL, "booking_contact": CONTACT}
CONTACT_TEXT_SLOTS = ("booking_contact",)  # the contact answer as typed: phone numbers and emails in it
# The slot the deletion action sets; the tracker store then deletes the conversation.
FORGET_SLOT = "forget_conversation"

MIN_PHONE_DIGITS, MAX_PHONE_DIGITS = 7, 15  # E.164 has at most 15
MAX_TEXT = 20_000  # longer strings are replaced whole (no message is this long: the channels cap them)
EMAIL_RE = re.compile(r"[^\s@<>()\[\]{},;:\"'`]{1,64}@[^\s@<>()\[\]{},;:\"'`]{1,255}")
# "+1 (555) 246-8013", "555.246.8013", "020 7946 0958": digits and separators, linear to match
DIGIT_RUN = re.compile(r"(?<!\w)\+?\(?\d[\d .()/\-]{5,40}\d(?!\w)")
WORD = re.compile(r"[^\W\d_][\w'’-]*")
# Words of "my name is Maria Lopez" or "Ruth (I'm her daughter)" that are not names.
NOT_NAME = frozenset(
    "what how why please book booking appointment consultation thanks thank hello ok okay actually my name is i im i'm it it's its this the a an call me and her his their our for of to mum mom mother "
    "dad father son daughter wife husband partner brother sister grandma grandpa full surname first last "
    "yes no hi hello hey please sure".split()
)
# Keys under which Rasa keeps intent names and scores, ids and token offsets.
SKIPPED_KEYS = frozenset(
    {
        "intent",
        "intent_ranking",
        "response_selector",
        "event",
        "timestamp",
        "input_channel",
        "message_id",
        "model_id",
        "assistant_id",
        "text_tokens",
    }
)


@dataclass(frozen=True)
class Contacts:
    """The patient's known contact details in one conversation."""

    names: FrozenSet[str] = frozenset()
    phones: FrozenSet[str] = frozenset()  # digits only
    emails: FrozenSet[str] = frozenset()  # lower case
    name_words: FrozenSet[str] = field(default=frozenset())  # lower case

    def __bool__(self) -> bool:
        return bool(self.names or self.phones or self.emails)


def _is_marker(value: Any) -> bool:
    return isinstance(value, str) and value in MARKERS


def contacts_in(events: Iterable[Dict[str, Any]]) -> Contacts:
    """The contact details the booking form's slots held in these events (Rasa event dicts)."""
    names, phones, emails = set(), set(), set()
    for event in events:
        if event.get("event") != "slot" or not isinstance(event.get("value"), str) or _is_marker(event["value"]):
            continue
        slot, value = event.get("name"), " ".join(event["value"].split())
        if slot == "booking_name" and value:
            names.add(value)
        elif slot == "booking_phone":
            digits = re.sub(r"\D", "", value)
            if len(digits) >= MIN_PHONE_DIGITS:
                phones.add(digits)
        elif slot == "booking_email" and "@" in value:
            emails.add(value.lower())
        if slot in CONTACT_TEXT_SLOTS:
            phones.update(_digits(m) for m in find_phones(value))
            emails.update(m.lower() for m in EMAIL_RE.findall(value))
    words = {w.lower() for n in names for w in WORD.findall(n) if len(w) >= 2 and w.lower() not in NOT_NAME}
    return Contacts(frozenset(names), frozenset(phones), frozenset(emails), frozenset(words))


def find_phones(text: str) -> List[str]:
    """The phone numbers in `text`, as written (trailing separators left out): runs of
    7 to 15 digits with spaces, dots, dashes, slashes or brackets between them."""
    runs = (m.group(0) for m in DIGIT_RUN.finditer(text))
    return [run for run in runs if MIN_PHONE_DIGITS <= len(_digits(run)) <= MAX_PHONE_DIGITS]


def _digits(text: str) -> str:
    return re.sub(r"\D", "", text)


def _same_number(digits: str, known: Iterable[str]) -> bool:
    """Whether a number is one of the known ones, with or without its country code."""
    return len(digits) >= MIN_PHONE_DIGITS and any(k.endswith(digits) or digits.endswith(k) for k in known)


def redact_text(text: str, contacts: Contacts, from_patient: bool) -> str:
    """`text` with the patient's contact details replaced by markers. From the patient,
    every phone number, email address and word of the patient's names goes too."""
    if len(text) > MAX_TEXT:
        return NAME if contacts.names else text  # pragma: no cover - the channels refuse such messages
    for name in sorted(contacts.names, key=len, reverse=True):
        pattern = r"\s+".join(re.escape(part) for part in name.split())
        text = re.sub(rf"(?<!\w){pattern}(?!\w)", NAME, text, flags=re.IGNORECASE)
    for email in sorted(set(EMAIL_RE.findall(text)), key=len, reverse=True):
        if from_patient or email.lower().rstrip(".") in contacts.emails:
            text = text.replace(email, EMAIL)
    for raw in sorted(set(find_phones(text)), key=len, reverse=True):
        if from_patient or _same_number(_digits(raw), contacts.phones):
            text = text.replace(raw, PHONE)
    if from_patient and contacts.name_words:
        text = WORD.sub(lambda m: NAME if m.group(0).lower() in contacts.name_words else m.group(0), text)
    return text


def _walk(value: Any, redact: Callable[[str], str]) -> Any:
    if isinstance(value, str):
        return redact(value)
    if isinstance(value, list):
        return [_walk(v, redact) for v in value]
    if isinstance(value, dict):
        return {k: (v if k in SKIPPED_KEYS else _walk(v, redact)) for k, v in value.items()}
    return value


def redact_event(event: Dict[str, Any], contacts: Contacts) -> Dict[str, Any]:
    """A copy of one Rasa event dict without the patient's contact details.

    User messages: the text, the parse data and metadata. Slot events: the booking
    form's contact slots become [name], [phone], [email]; other text values are
    redacted as text. The assistant's messages: the text, buttons and other data.
    Other events are returned unchanged."""
    kind = event.get("event")
    if kind == "user":
        return _walk(event, lambda s: redact_text(s, contacts, from_patient=True))
    if kind == "bot":
        return _walk(event, lambda s: redact_text(s, contacts, from_patient=False))
    if kind == "slot" and isinstance(event.get("value"), (str, list, dict)):
        value = event["value"]
        if event.get("name") in CONTACT_SLOTS and not _is_marker(value):
            value = CONTACT_SLOTS[event["name"]]
        else:
            value = _walk(value, lambda s: redact_text(s, contacts, from_patient=True))
        return {**event, "value": value}
    return event


def redact_events(events: List[Dict[str, Any]]) -> List[Optional[Dict[str, Any]]]:
    """For each event, its redacted copy, or None where nothing changes. The contact
    details are those the conversation's booking slots held (see `contacts_in`);
    phone numbers and email addresses in the patient's messages go in any case."""
    contacts = contacts_in(events)
    out: List[Optional[Dict[str, Any]]] = []
    for event in events:
        redacted = redact_event(event, contacts)
        out.append(redacted if redacted != event else None)
    return out


def holds_contact_slot(events: Iterable[Dict[str, Any]]) -> bool:
    """Whether a booking contact slot is set (not cleared, not a marker) in these events."""
    return any(
        e.get("event") == "slot"
        and e.get("name") in CONTACT_SLOTS
        and isinstance(e.get("value"), str)
        and not _is_marker(e["value"])
        for e in events
    )
