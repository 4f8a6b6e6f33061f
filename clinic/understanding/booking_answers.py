"""Names, times and corrections in the answers to the booking form's questions
(actions/booking_form.py): "my name is …", "Tuesday after 2pm", "change the name to …".

Apart from booking_text (which the Rasa server's plug-ins import too) because these rules
clean names with clinic.booking.validation (email-validator, phonenumbers), which only the
action server installs. Every function takes the patient's raw text.
"""

from __future__ import annotations

import re
from typing import Optional

from clinic.booking.validation import NOT_NAME_WORDS, clean_name

NAME_PREFIX = re.compile(
    r"^(?:(?:ok(?:ay)?|sure|yes|hi|hello)[.,!]?\s+)?"
    r"(?:(?:my|his|her|their|the patient'?s|the) (?:full |correct |right )?name (?:is|should be)|it should be|"
    r"i am|i'?m|it'?s|this is|name:?|call me)?\s*",
    re.IGNORECASE,
)
# Short replies that are not names ("hi" typed when asked for a name).
NOT_A_NAME = {
    "hi",
    "hello",
    "hey",
    "hiya",
    "yes",
    "no",
    "ok",
    "okay",
    "sure",
    "thanks",
    "thank you",
    "help",
    "what",
    "why",
    "stop",
    "cancel",
    "book",
    "name",
    "my name",
    "test",
}

# Days and times: "Tuesday or Thursday after 2pm" answers the times question whatever
# the classifier thought of it.
TIMES = re.compile(
    r"\b(?:mon|tues?|wed(?:nes)?|thu(?:rs)?|fri|sat(?:ur)?|sun)(?:day)?s?\b|\b(?:weekdays?|weekends?|mornings?|"
    r"afternoons?|evenings?|lunch(?:time)?|noon|any ?time|anytime|whenever|asap|next week|this week)\b|"
    r"\b\d{1,2}(?::\d\d)? ?(?:am|pm)\b|\b(?:before|after) \d{1,2}\b",
    re.IGNORECASE,
)


# "My name is Maria Lopez, phone 555 123 4567, …": the name given in a longer message.
NAME_GIVEN = re.compile(
    r"\b(?:my (?:full )?name is|name is|name:|this is|for my (?:mum|mom|mother|dad|father|husband|wife|"
    r"partner|son|daughter|brother|sister|grandma|grandpa|grandmother|grandfather),)\s+"
    r"(?P<name>[^\W\d_][^\d,;:!?@\n]{0,60}?)"
    r"\s*(?=[,;.!?\n]|\s(?:and|phone|tel|number|email|mobile|my|its|it's|for)\b|$)",
    re.IGNORECASE,
)


# "I'm Ana Ruiz, ana.r@example.com": a name introduced with "I'm", only when written with
# capitals (first and last name), so that "I'm worried" or "i'm booked in" is no name.
INTRODUCED = re.compile(r"\b(?i:i'?m|i am|im)\s+(?P<name>[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+){1,2})\b")


# Words a sentence has and a name hasn't: "for my dad, he needs si joint fusion" gives no name.
SENTENCE_WORDS = frozenset(
    "he she they we it i you his her their him them is are was were has have had needs need wants want will "
    "would can could should does do did needing having getting going been being about".split()
)


RELATIVES_NAME_IS = re.compile(r"^(?:his|her|their|the patient'?s)\s+(?:full\s+)?name\s+is\s+", re.IGNORECASE)


def given_name(text: str) -> Optional[str]:
    """The name in "my name is …" or "I'm Ana Ruiz" (None if there is none or it doesn't look
    like a name: "for my dad, he needs si joint fusion")."""
    for match in [*NAME_GIVEN.finditer(text), *INTRODUCED.finditer(text)]:
        # "for my wife, her name is Ana Silva": the name after "her name is"
        name = clean_name(RELATIVES_NAME_IS.sub("", match.group("name")))
        words = set(name.lower().split()) if name else set()
        if name and not words & (NOT_A_NAME | NOT_NAME_WORDS | SENTENCE_WORDS):
            return name
    return None


# "change the name to Tom Baecker", "my surname is actually spelled Baecker"
NEW_NAME = re.compile(
    r"\bname (?:to|should be|is|should read)\s+(?P<name>[^\W\d_][^\d,;:!?@\n]{0,60}?)\s*[.!]?$", re.IGNORECASE
)
NEW_SURNAME = re.compile(
    r"\b(?:surname|last name|family name) is (?:actually |really )?(?:spelt |spelled )?"
    r"(?P<surname>[^\W\d_][\w'’-]{0,40})",
    re.IGNORECASE,
)
# "change the time to Wednesday after lunch"
NEW_TIMES = re.compile(r"\b(?:times?|days?|date|slot) (?:to|should be)\s+(?P<times>\S.{0,200})$", re.IGNORECASE)
CHANGE_WORDS = re.compile(r"\b(?:actually|change|instead|wrong|rather|put|make it|should be|not)\b", re.IGNORECASE)


def names_times(text: str) -> bool:
    """Days or times of day ("Tuesday or Thursday after 2pm", "mornings", "asap")."""
    return bool(TIMES.search(text))


def times_given(text: str) -> Optional[str]:
    """In a message of several parts ("…, ana.r@example.com, Tuesdays or Thursdays after 3"),
    the part that names days or times; None when there is no such part or only one part."""
    parts = [p.strip() for p in re.split(r"[,;\n]", text) if p.strip()]
    timed = [p for p in parts if names_times(p)]
    return timed[-1] if len(parts) > 1 and timed else None


def first_part(text: str) -> str:
    """The text before the first comma, semicolon or line break ("Maria Lopez, 555 123 4567")."""
    return re.split(r"[,;\n]", text)[0]


def name_in_answer(text: str) -> Optional[str]:
    """The name in an answer to "What is your name?", without a lead-in ("my name is",
    "I'm") or a remark in brackets; None if it is not a name ("hi", "yes", digits)."""
    name = clean_name(NAME_PREFIX.sub("", re.sub(r"\([^)]*\)?", " ", text).strip()))
    if name and name.lower().strip("!.? ") in NOT_A_NAME:
        return None
    return name


def new_name(text: str) -> Optional[str]:
    """The name in "change the name to Tom Baecker" (cleaned), or None."""
    match = NEW_NAME.search(text)
    return clean_name(match.group("name")) if match else None


def new_surname(text: str) -> Optional[str]:
    """The surname in "my surname is actually spelled Baecker", or None."""
    match = NEW_SURNAME.search(text)
    return match.group("surname") if match else None


def new_times(text: str) -> Optional[str]:
    """The times in "change the time to Wednesday after lunch", as typed, or None."""
    match = NEW_TIMES.search(text)
    return match.group("times") if match else None


def says_change(text: str) -> bool:
    """Words of a change ("actually", "instead", "put", "should be")."""
    return bool(CHANGE_WORDS.search(text))


# The booking's procedure left open: "not sure", "both", "let the surgeon decide".
NOT_SURE_WORDS = (
    "not sure",
    "unsure",
    "don't know",
    "dont know",
    "dunno",
    "idk",
    "no idea",
    "undecided",
    "not decided",
    "either",
    "both",
    "doctor decide",
    "dr decide",
    "surgeon decide",
)


def means_not_sure(text: str) -> bool:
    """ "maybe the SI one, not sure", "let the surgeon decide": no procedure chosen for the booking."""
    return any(word in text.lower() for word in NOT_SURE_WORDS)
