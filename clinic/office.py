"""Office questions (insurance, address, parking, referral, hours, surgeons, ...).

Plain Python, no Rasa. The assistant knows only what clinic.yml holds: the name,
phone number, booking link and opening hours. For anything else it says plainly
that it does not have the information and gives the phone number and booking.
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import List, Optional, Tuple

from clinic.settings import ClinicConfig

# (subject, pattern, what the assistant does not know). First match wins; the
# subjects with an answer from clinic.yml (hours, contact) have no "unknown" text.
SUBJECTS: List[Tuple[str, str, str]] = [
    (
        "insurance",
        r"insur|medicare|medicaid|aetna|cigna|humana|blue ?cross|blue ?shield|bcbs|united ?health|"
        r"kaiser|tricare|anthem|in.?network|out of network|coverage|health ?plan|my plan|workers'? comp|\bhmo\b|\bppo\b",
        "which insurance plans the clinic accepts or what your plan covers",
    ),
    (
        "cost",
        r"cost|price|pric(e|ing)|how much|fee|fees|pay\b|paying|payment|installment|instalment|finance|financing|"
        r"cash|afford|expensive|cheap|bill|billing|deposit|quote|out of pocket|self.?pay",
        "prices, fees or payment options",
    ),
    (
        "location",
        r"address|locat|where (are|is) (you|the (clinic|office|practice))|where are u|directions|how do i get (to|there)|"
        r"\bpark|bus\b|train station|subway|public transport|wheelchair access|accessib|which city|what city|near me|nearest",
        "the clinic's address, directions, parking or access",
    ),
    (
        "referral",
        r"referr?al|refer me|referred|gp letter|doctor'?s? letter|need a letter",
        "whether you need a referral",
    ),
    (
        "second_opinion",
        r"second opinion|another opinion|other opinion",
        "how the clinic handles second opinions",
    ),
    (
        "reviews",
        r"review|rating|rated|testimonial|feedback|reputation|recommend(ed)? (by|from)|stars|success stories",
        "patient reviews or ratings",
    ),
    (
        "surgeons",
        r"surgeon|doctor|\bdr\b|physician|specialist|who (does|performs|will do)|qualified|experience|credential|"
        r"board certified|team members|staff",
        "which surgeons work at the clinic, their experience or who would do your operation",
    ),
    (
        "telehealth",
        r"video|virtual|telehealth|telemedicine|online consult|zoom|remote|phone consult",
        "whether consultations can be done by video or phone",
    ),
    (
        "language",
        r"spanish|espa|language|interpret|translat|french|chinese|arabic|english",
        "which languages are spoken at the clinic or whether interpreters are available",
    ),
    (
        "waiting",
        r"wait(ing)? (time|list)|how long (is|will) the wait|how soon can i (see|get)|how long (until|till|before) i can (see|get)|"
        r"next available|availability|earliest appointment|how far out",
        "current waiting times or the next free appointment",
    ),
    (
        "records",
        r"records|\bresults\b|\bfax|\bforms?\b|paperwork|sick note|\breport\b|send my|my (mri|scan|x.?rays?) to",
        "how to send or receive records and forms",
    ),
    (
        "existing_appointment",
        r"(cancel|reschedul|change|move|confirm) (my|an|the) (appointment|consult|surgery|booking)|"
        r"my appointment|already booked|i have an appointment",
        "your existing appointments",
    ),
    ("hours", r"hour|open|close|closing|weekend|saturday|sunday|holiday|what time|when are you", ""),
    ("contact", r"phone|call|number|email|e-mail|contact|reach", ""),
]


def subject_of(text: str) -> Optional[str]:
    """The office subject a message is about, or None."""
    for subject, pattern, _ in SUBJECTS:
        if re.search(pattern, text or "", re.I):
            return subject
    return None


# Opening-hours questions that cannot be anything else ("open surgery" is not one).
CLEAR_HOURS = re.compile(
    r"opening hours|office hours|business hours|are you open|is the (office|clinic) open|when (are|do) you (open|close)|"
    r"what time (do|does) (you|the (office|clinic)) (open|close)|open (on )?(saturday|sunday|weekend)",
    re.I,
)


def clear_subject(text: str) -> Optional[str]:
    """Like subject_of, but 'hours' only for an unmistakable opening-hours question."""
    subject = subject_of(text)
    if subject == "hours" and not CLEAR_HOURS.search(text or ""):
        return None
    return subject


def unknown_text(subject: Optional[str]) -> str:
    for key, _, text in SUBJECTS:
        if key == subject:
            return text
    return ""


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
    if subject == "contact":
        return (
            f"{reach} ({clinic.describe_hours()}), or request a consultation online at "
            f"{clinic.booking_url}. {_status(clinic, now)}"
        )
    missing = unknown_text(subject) or "that"
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
