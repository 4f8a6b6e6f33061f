"""Office questions (insurance, address, parking, referral, hours, surgeons, ...).

Plain Python, no Rasa. The assistant knows only what clinic.yml holds: the name,
phone number, booking link and opening hours. For anything else it says plainly
that it does not have the information and gives the phone number and booking.
Which subject a message is about: clinic/understanding/office_subjects.py (its
words: data/vocabulary/office_subjects.yml).
"""

from __future__ import annotations

from datetime import datetime
from typing import List, Optional

from clinic.settings import ClinicConfig
from clinic.understanding.office_subjects import clear_subject, label, subject_of

# subject_of and clear_subject are used by the actions from here
__all__ = ["clear_subject", "hours_sentence", "office_answer", "subject_of"]


def hours_sentence(clinic: ClinicConfig, now: Optional[datetime] = None) -> str:
    text = f"The office is open {clinic.describe_hours()} ({clinic.timezone.split('/')[-1].replace('_', ' ')} time)"
    closed = [d for d in ("Saturday", "Sunday") if d.lower() not in _open_days(clinic)]
    if closed:
        text += f" and closed on {' and '.join(closed)}"
    text += "."
    if clinic.is_open(now):
        text += " It is open now."
    else:
        text += f" It is closed right now and opens again {clinic.describe_next_opening(now)}."
    return text


def _open_days(clinic: ClinicConfig) -> List[str]:
    names = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
    return [names[d] for d in clinic.opening_hours]


def office_answer(text: str, clinic: ClinicConfig, now: Optional[datetime] = None) -> str:
    """The reply to an office question: what clinic.yml knows, and honestly what it does not."""
    subject = subject_of(text)
    reach = f"You can call the {clinic.name} team at {clinic.phone}"
    if subject == "hours":
        return f"{hours_sentence(clinic, now)} {reach}, or request a consultation online at {clinic.booking_url}."
    if subject == "booking":
        return (
            f"You can request a consultation online at {clinic.booking_url}, or here in this chat: say "
            f'"book a consultation". {reach} ({clinic.describe_hours()}).'
        )
    if subject == "contact":
        return (
            f"{reach} ({clinic.describe_hours()}), or request a consultation online at "
            f"{clinic.booking_url}. {_status(clinic, now)}"
        )
    missing = label(subject) or "that"
    extra = ""
    if subject == "cost":
        extra = " The clinic's procedure information does not cover costs either."
    elif subject in ("second_opinion", "waiting"):
        extra = " You are welcome to request a consultation here, and the team will contact you."
    return (
        f"I'm sorry, I don't have information about {missing}.{extra} {reach} "
        f"({clinic.describe_hours()}); they can answer this. {_status(clinic, now)} "
        f"I can also help you request a consultation."
    )


def _status(clinic: ClinicConfig, now: Optional[datetime]) -> str:
    if clinic.is_open(now):
        return "The office is open now."
    return f"The office is closed right now; it opens again {clinic.describe_next_opening(now)}."
