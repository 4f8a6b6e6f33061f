"""Checking and normalising the name and contact details a patient types.

Every function refuses over-long input before looking at it closely, so all of
them stay fast on arbitrary input (no regular expression sees more than
MAX_CONTACT_INPUT characters, and none can backtrack catastrophically).
"""

from __future__ import annotations

import re
import unicodedata
from typing import Iterator, Optional, Tuple

MAX_NAME_LENGTH = 100
MAX_PHONE_INPUT = 64
MAX_EMAIL_LENGTH = 254
MAX_EMAIL_LOCAL_PART = 64
MAX_CONTACT_INPUT = 500
MIN_PHONE_DIGITS = 7
MAX_PHONE_DIGITS = 15  # E.164

DIGITS = frozenset("0123456789")
NAME_PUNCTUATION = frozenset(" '’ʼ-‐.")
PHONE_SEPARATORS = frozenset(" .-()/")
EMAIL_LOCAL_FORBIDDEN = frozenset('<>()[]\\,;:"@')
# Characters that may wrap an address or number inside a sentence.
EDGE_PUNCTUATION = "\"'“”‘’<>()[]{},;:!?."
# A run of digits, "+" and phone separators (a stray "+" stays inside the run,
# so "++1 555 010 0199" is refused whole). Nothing follows the repeated part,
# so matching is linear.
PHONE_RUN = re.compile(r"[\d+(][\d+ .()/\-]*")

NO_CONTACT = (
    "I couldn't find a phone number or email address in that. Please send one, "
    "for example 555 010 0199 or name@example.com."
)
TOO_LONG = "That message is too long. Please send just a phone number or an email address."
PHONE_TOO_SHORT = (
    "That phone number looks too short. Please include the area code, " "for example 555 010 0199."
)
PHONE_TOO_LONG = "That phone number looks too long: a phone number has at most 15 digits."
PHONE_PLUS = "That phone number has a + in the wrong place: put one + only at the start."
PHONE_LETTERS = (
    "That phone number has letters in it (perhaps an O instead of a 0?). " "Please send digits only."
)
PHONE_SYMBOLS = (
    "That phone number has characters I can't use. Please send digits only, " "for example 555 010 0199."
)
PHONE_BAD_COUNTRY = "An international number starts with the country code, which never begins with 0."
EMAIL_SPACES = "That email address has a space in it. Please check it."
EMAIL_TOO_LONG = "That email address is too long. Please check it."
EMAIL_MANY_AT = "That email address has more than one @. Please check it."
EMAIL_NO_LOCAL = "That email address is missing the part before the @."
EMAIL_NO_DOMAIN = "That email address is missing the part after the @ (for example example.com)."
EMAIL_BAD_LOCAL = "The part of that email address before the @ doesn't look right. Please check it."
EMAIL_BAD_DOMAIN = (
    "The part of that email address after the @ doesn't look like a domain "
    "(for example example.com). Please check it."
)


def clean_name(text: str) -> Optional[str]:
    """The name with whitespace collapsed (NFC), or None if it doesn't look like a name.

    Letters of any script, apostrophes, hyphens, dots and spaces are accepted;
    digits, emoji, '@' and web addresses are not.
    """
    if len(text) > 4 * MAX_NAME_LENGTH:
        return None
    name = " ".join(unicodedata.normalize("NFC", text).split())
    if not name or len(name) > MAX_NAME_LENGTH:
        return None
    if not all(_is_name_char(ch) for ch in name):
        return None
    if not any(ch.isalpha() for ch in name) or _looks_like_domain(name) or _looks_like_question(name):
        return None
    return name


def clean_phone(text: str) -> Optional[str]:
    """The number as "+<digits>" (international: leading + or 00) or "<digits>", or None.

    Spaces, dots, dashes, slashes and parentheses are allowed between digits;
    7 to 15 digits are required.
    """
    return _check_phone(text)[0]


def clean_email(text: str) -> Optional[str]:
    """The address with its domain lower-cased, or None if it doesn't look like one."""
    return _check_email(text)[0]


def parse_contact(text: str) -> Tuple[Optional[str], Optional[str]]:
    """(phone, email) found in what the patient wrote; either or both may be None.

    The whole text is tried first ("+44 20 7946 0958", "jo@example.org"), then
    the first phone number and email address inside a sentence
    ("it's 555 010 0199 thanks").
    """
    if len(text) > MAX_CONTACT_INPUT:
        return None, None
    phone, email = clean_phone(text), clean_email(text)
    if phone or email:
        return phone, email
    email = next(filter(None, map(clean_email, _email_candidates(text))), None)
    phone = next(filter(None, map(clean_phone, _phone_runs(text))), None)
    return phone, email


def explain_contact_problem(text: str) -> str:
    """One patient-facing sentence on why `text` isn't a usable contact ("" if it is)."""
    if len(text) > MAX_CONTACT_INPUT:
        return TOO_LONG
    if any(parse_contact(text)):
        return ""
    emails = list(_email_candidates(text))
    if "@" in emails:  # "jo @ example.org"
        return EMAIL_SPACES
    if emails:
        return _check_email(emails[0])[1] or NO_CONTACT
    if not any(ch in DIGITS for ch in text):
        return NO_CONTACT
    if not any(ch.isalpha() for ch in text):
        return _check_phone(text)[1] or NO_CONTACT
    # Digits among words: judge the longest run of phone characters.
    best = max(_phone_runs(text), key=_digit_count, default="")
    if _digit_count(best) >= MIN_PHONE_DIGITS:
        return _check_phone(best)[1] or NO_CONTACT
    if _digit_count(text) >= MIN_PHONE_DIGITS:
        return PHONE_LETTERS
    return PHONE_TOO_SHORT


def _is_name_char(ch: str) -> bool:
    # Letters and combining marks (accents, vowel signs of Indic scripts).
    return ch in NAME_PUNCTUATION or unicodedata.category(ch)[0] in "LM"


# A question typed where the name was asked ("can i pay in installments"): it
# starts with a question word or "I", and has a small word no name has.
QUESTION_STARTS = frozenset("can could do does how is are will would should what when where which who why i i'm im".split())
QUESTION_WORDS = frozenset("i you it is the a an to in on my me we this that there be have get much long".split())
# Words no name has, anywhere in a message of two words or more ("ok now book please",
# "actually what does it cost first").
NOT_NAME_WORDS = frozenset(
    "what whats how does why please pls book booking cost actually okay ok want need "
    "appointment consultation question thanks thank hello now nevermind cancel stop forget".split()
)


def _looks_like_question(name: str) -> bool:
    """True for "can i pay in installments" or "ok now book please"; false for
    "Will Van Dyke" or "Mary Ann Lee"."""
    words = [w.strip(".,!?;:") for w in name.lower().replace(",", " ").split()]
    if len(words) >= 2 and any(w in NOT_NAME_WORDS for w in words):
        return True
    return len(words) >= 3 and words[0] in QUESTION_STARTS and any(w in QUESTION_WORDS for w in words[1:])


def _looks_like_domain(name: str) -> bool:
    """ "example.com", "www.clinic.org": a lower-case word ending in a dot and 2+ letters."""
    for word in name.split():
        head, dot, tail = word.rpartition(".")
        if dot and head and len(tail) >= 2 and tail.isascii() and tail.isalpha() and tail.islower():
            return True
    return "www." in name.lower()


def _digit_count(text: str) -> int:
    return sum(ch in DIGITS for ch in text)


def _check_phone(text: str) -> Tuple[Optional[str], Optional[str]]:
    """(normalised number, None) or (None, what is wrong)."""
    if len(text) > 4 * MAX_PHONE_INPUT:
        return None, PHONE_TOO_LONG
    text = unicodedata.normalize("NFKC", text).strip()  # full-width digits and "＋"
    if not text:
        return None, NO_CONTACT
    if len(text) > MAX_PHONE_INPUT:
        return None, PHONE_TOO_LONG
    if any(ch.isalpha() for ch in text):
        return None, PHONE_LETTERS
    if "+" in text[1:]:
        return None, PHONE_PLUS
    international = text.startswith("+")
    body = text[1:].replace("(0)", "", 1) if international else text  # "+44 (0)20 …"
    if not all(ch in DIGITS or ch in PHONE_SEPARATORS for ch in body):
        return None, PHONE_SYMBOLS
    digits = "".join(ch for ch in body if ch in DIGITS)
    if not international and digits.startswith("00"):
        international, digits = True, digits[2:]
    if len(digits) < MIN_PHONE_DIGITS:
        return None, PHONE_TOO_SHORT
    if len(digits) > MAX_PHONE_DIGITS:
        return None, PHONE_TOO_LONG
    if international and digits.startswith("0"):
        return None, PHONE_BAD_COUNTRY
    return ("+" + digits if international else digits), None


def _check_email(text: str) -> Tuple[Optional[str], Optional[str]]:
    """(address with lower-case domain, None) or (None, what is wrong)."""
    if len(text) > 4 * MAX_EMAIL_LENGTH:
        return None, EMAIL_TOO_LONG
    text = text.strip()
    if "@" not in text:
        return None, NO_CONTACT
    if len(text) > MAX_EMAIL_LENGTH:
        return None, EMAIL_TOO_LONG
    if any(ch.isspace() for ch in text):
        return None, EMAIL_SPACES
    if text.count("@") > 1:
        return None, EMAIL_MANY_AT
    local, domain = text.split("@")
    if not local:
        return None, EMAIL_NO_LOCAL
    if not domain:
        return None, EMAIL_NO_DOMAIN
    if not _valid_local_part(local):
        return None, EMAIL_BAD_LOCAL
    domain = domain.lower()
    if not _valid_domain(domain):
        return None, EMAIL_BAD_DOMAIN
    return f"{local}@{domain}", None


def _valid_local_part(local: str) -> bool:
    return (
        len(local) <= MAX_EMAIL_LOCAL_PART
        and not local.startswith(".")
        and not local.endswith(".")
        and ".." not in local
        and all(ch.isprintable() and ch not in EMAIL_LOCAL_FORBIDDEN for ch in local)
    )


def _valid_domain(domain: str) -> bool:
    labels = domain.split(".")
    top = labels[-1]
    return (
        len(labels) >= 2
        and len(top) >= 2
        and not top.isdigit()
        and all(
            label
            and not label.startswith("-")
            and not label.endswith("-")
            and all(ch.isalnum() or ch == "-" for ch in label)
            for label in labels
        )
    )


def _email_candidates(text: str) -> Iterator[str]:
    """Words containing "@", without surrounding punctuation."""
    return (word.strip(EDGE_PUNCTUATION) for word in text.split() if "@" in word)


def _phone_runs(text: str) -> Iterator[str]:
    """Runs of phone characters, without trailing separators."""
    return (match.group().rstrip(" .-/(+") for match in PHONE_RUN.finditer(text))
