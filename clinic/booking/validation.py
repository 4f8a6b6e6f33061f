"""Checking and normalising the name and contact details a patient types.

Every function refuses over-long input before looking at it closely, so all of
them stay fast on arbitrary input (no regular expression sees more than
MAX_CONTACT_INPUT characters, and none can backtrack catastrophically).
"""

from __future__ import annotations

import re
import unicodedata
from typing import Iterator, Optional, Tuple

import email_validator
import phonenumbers

from clinic.settings import clinic

POSSIBLE = phonenumbers.Leniency.POSSIBLE  # the right length; the line may not exist
MAX_PHONE_TRIES = 10  # candidate numbers looked at in one message

MAX_NAME_LENGTH = 100
MAX_PHONE_INPUT = 64
MAX_EMAIL_LENGTH = 254
MAX_CONTACT_INPUT = 500
MIN_PHONE_DIGITS = 7  # fewer digits among words: not judged as a number

DIGITS = frozenset("0123456789")
NAME_PUNCTUATION = frozenset(" '’ʼ-‐.")
# Characters that may wrap an address or number inside a sentence.
EDGE_PUNCTUATION = "\"'“”‘’<>()[]{},;:!?."
# A run of digits, "+" and phone separators (a stray "+" stays inside the run,
# so "++1 555 010 0199" is refused whole). Nothing follows the repeated part,
# so matching is linear.
PHONE_RUN = re.compile(r"[\d+(][\d+ .()/\-]*")
# "ext. 204", "x204", "extension 204": the only letters a phone number may have.
EXTENSION = re.compile(r"\b(?:ext(?:ension)?\.?|x)\s*(?=\d)", re.IGNORECASE)

NO_CONTACT = (
    "I couldn't find a phone number or email address in that. Please send one, "
    "for example 555 010 0199 or name@example.com."
)
TOO_LONG = "That message is too long. Please send just a phone number or an email address."
PHONE_TOO_SHORT = "That phone number looks too short. Please include the area code, for example 555 010 0199."
PHONE_TOO_LONG = "That phone number looks too long. Please check it."
PHONE_PLUS = "That phone number has a + in the wrong place: put one + only at the start."
PHONE_LETTERS = "That phone number has letters in it (perhaps an O instead of a 0?). Please send digits only."
PHONE_SYMBOLS = "That phone number has characters I can't use. Please send digits only, for example 555 010 0199."
PHONE_BAD_COUNTRY = "An international number starts with the country code, which never begins with 0."
PHONE_BAD_LENGTH = "That phone number doesn't have the right number of digits. Please check it."
EMAIL_SPACES = "That email address has a space in it. Please check it."
EMAIL_TOO_LONG = "That email address is too long. Please check it."
EMAIL_MANY_AT = "That email address has more than one @. Please check it."
EMAIL_NO_LOCAL = "That email address is missing the part before the @."
EMAIL_NO_DOMAIN = "That email address is missing the part after the @ (for example example.com)."
EMAIL_BAD_LOCAL = "The part of that email address before the @ doesn't look right. Please check it."
EMAIL_BAD_DOMAIN = (
    "The part of that email address after the @ doesn't look like a domain (for example example.com). Please check it."
)
# phonenumbers' reasons, in patient-friendly words
PARSE_ERRORS = {
    phonenumbers.NumberParseException.INVALID_COUNTRY_CODE: PHONE_BAD_COUNTRY,
    phonenumbers.NumberParseException.NOT_A_NUMBER: PHONE_SYMBOLS,
    phonenumbers.NumberParseException.TOO_SHORT_AFTER_IDD: PHONE_TOO_SHORT,
    phonenumbers.NumberParseException.TOO_SHORT_NSN: PHONE_TOO_SHORT,
    phonenumbers.NumberParseException.TOO_LONG: PHONE_TOO_LONG,
}
LENGTH_ERRORS = {
    phonenumbers.ValidationResult.INVALID_COUNTRY_CODE: PHONE_BAD_COUNTRY,
    phonenumbers.ValidationResult.TOO_SHORT: PHONE_TOO_SHORT,
    phonenumbers.ValidationResult.IS_POSSIBLE_LOCAL_ONLY: PHONE_TOO_SHORT,
    phonenumbers.ValidationResult.TOO_LONG: PHONE_TOO_LONG,
    phonenumbers.ValidationResult.INVALID_LENGTH: PHONE_BAD_LENGTH,
}


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


def clean_phone(text: str, region: Optional[str] = None) -> Optional[str]:
    """The number in E.164 ("+15550100199", "+16175550199;ext=204"), or None.

    A national number is read in `region` (default: clinic.yml's phone_region); an
    international one starts with + or 00. Extensions ("ext. 204", "x204") are kept."""
    return _check_phone(text, region)[0]


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
    found = phonenumbers.PhoneNumberMatcher(text, clinic().phone_region, leniency=POSSIBLE, max_tries=MAX_PHONE_TRIES)
    phone = next(filter(None, (clean_phone(m.raw_string) for m in found)), None)
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
QUESTION_STARTS = frozenset(
    "can could do does how is are will would should what when where which who why i i'm im".split()
)
QUESTION_WORDS = frozenset("i you it is the a an to in on my me we this that there be have get much long".split())
# Words no name has, anywhere in a message of two words or more ("ok now book please",
# "actually what does it cost first").
NOT_NAME_WORDS = frozenset(
    "what whats how does why please pls book booking cost actually okay ok want need "
    "appointment consultation question thanks thank hello now nevermind cancel stop forget "
    "tell explain info information details help sorry wait".split()
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


def _check_phone(text: str, region: Optional[str] = None) -> Tuple[Optional[str], Optional[str]]:
    """(number as E.164, ";ext=N" appended when there is an extension, None) or (None, what
    is wrong). Parsed with phonenumbers in `region` (default: the clinic's phone_region);
    an international number starts with + (or 00). The length is checked for the
    number's country (is_possible_number), not whether the line exists, so that the
    reserved 555-01xx example numbers work."""
    if len(text) > 4 * MAX_PHONE_INPUT:
        return None, PHONE_TOO_LONG
    text = unicodedata.normalize("NFKC", text).strip()  # full-width digits and "＋"
    if not text:
        return None, NO_CONTACT
    if len(text) > MAX_PHONE_INPUT:
        return None, PHONE_TOO_LONG
    if any(ch.isalpha() for ch in EXTENSION.sub(" ", text)):  # phonenumbers would read "FLOWERS" as digits
        return None, PHONE_LETTERS
    if "+" in text[1:]:
        return None, PHONE_PLUS
    if text.startswith("00"):  # the international prefix of most countries
        text = "+" + text[2:]
    try:
        number = phonenumbers.parse(text, region or clinic().phone_region)
    except phonenumbers.NumberParseException as exc:
        return None, PARSE_ERRORS.get(exc.error_type, PHONE_SYMBOLS)
    reason = phonenumbers.is_possible_number_with_reason(number)
    if reason != phonenumbers.ValidationResult.IS_POSSIBLE:
        return None, LENGTH_ERRORS.get(reason, PHONE_TOO_SHORT)
    return e164(number), None


def e164(number: phonenumbers.PhoneNumber) -> str:
    """ "+16175550199", or "+16175550199;ext=204" with an extension (RFC 3966 style)."""
    formatted = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    return f"{formatted};ext={number.extension}" if number.extension else formatted


def display_phone(stored: Optional[str], region: Optional[str] = None) -> str:
    """A stored number for people: national format in the clinic's region
    ("(617) 555-0199 ext. 204"), international format otherwise ("+44 20 7946 0958");
    text that isn't a number is returned unchanged."""
    if not stored:
        return ""
    region = region or clinic().phone_region
    try:
        number = phonenumbers.parse(stored, region)
    except phonenumbers.NumberParseException:
        return stored
    national = number.country_code == phonenumbers.country_code_for_region(region)
    style = phonenumbers.PhoneNumberFormat.NATIONAL if national else phonenumbers.PhoneNumberFormat.INTERNATIONAL
    return phonenumbers.format_number(number, style)


def _check_email(text: str) -> Tuple[Optional[str], Optional[str]]:
    """(address with lower-case domain, None) or (None, what is wrong). The syntax is
    checked by email-validator, without network look-ups."""
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
    try:
        checked = email_validator.validate_email(text, check_deliverability=False)
    except email_validator.EmailNotValidError as exc:
        after_at = "after the @" in str(exc) or "domain" in str(exc).lower() or "hyphen" in str(exc)
        return None, EMAIL_BAD_DOMAIN if after_at else EMAIL_BAD_LOCAL
    return checked.normalized, None


def _email_candidates(text: str) -> Iterator[str]:
    """Words containing "@", without surrounding punctuation."""
    return (word.strip(EDGE_PUNCTUATION) for word in text.split() if "@" in word)


def _phone_runs(text: str) -> Iterator[str]:
    """Runs of phone characters, without trailing separators."""
    return (match.group().rstrip(" .-/(+") for match in PHONE_RUN.finditer(text))
