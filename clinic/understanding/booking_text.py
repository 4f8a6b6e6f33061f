"""What a message means during booking: consent, confirmation, corrections, commands.

Plain text rules, independent of the intent classifier, so that a mis-classified
message ("🤔", "不同意", "asdfjkl") can never give consent or send a request:
only clear words of agreement, or a button payload the assistant offered, count.
The vocabularies are data (the sets below); every function takes the raw text.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Iterable, Optional

YES = "yes"
NO = "no"
QUESTION = "question"
UNCLEAR = "unclear"

PAYLOAD_PREFIX = "/"
# Payloads a patient may type whatever the last message offered: commands a widget sends
# (its opening greeting, web/chat.js initPayload; Rasa's restart; asking to delete the
# conversation, which the assistant then confirms).
COMMAND_PAYLOADS = frozenset({"/greet", "/restart", "/delete_conversation"})
# Button payloads meaning yes / no at the consent question and the summary (clinic/replies.py).
YES_PAYLOADS = frozenset({"/affirm"})
NO_PAYLOADS = frozenset({"/deny", "/stop"})

# Whole messages (lower case, without end punctuation) that agree / confirm.
AGREE = frozenset(
    w.strip()
    for w in """yes|yes i agree|i agree|agree|agreed|i consent|yes i consent|i do|yes i do|yes please|yes thanks|
    yes thank you|yes that's fine|yes thats fine|that's fine|thats fine|fine|ok|okay|ok i agree|okay i agree|
    sure|yes sure|of course|yes of course|yeah|yep|yup|yea|absolutely|definitely|certainly|go ahead|
    yes go ahead|that's ok|that's okay|thats ok|yes you can|you can|you may|yes you may|i accept|accept|
    yes i accept|y|alright|all right|sounds good|yes that's ok|yes it's fine|its fine|it's fine""".split("|")
)
CONFIRM = AGREE | frozenset(
    w.strip()
    for w in """confirm|i confirm|confirmed|yes confirm|send|send it|yes send it|please send it|send it please|
    yes please send it|that's right|thats right|that's correct|thats correct|correct|yes correct|
    all correct|looks good|looks right|yes looks good|perfect|right""".split("|")
)
DISAGREE = frozenset(
    w.strip()
    for w in """no|nope|nah|no thanks|no thank you|no i don't|no i dont|no i do not|i don't|i dont|i do not|
    i don't agree|i dont agree|i do not agree|i disagree|disagree|no i don't agree|no i disagree|
    i don't consent|i do not consent|i dont consent|no way|not now|not really|decline|i decline|
    no don't|no dont|don't|dont|cancel|cancel it|stop|never mind|nevermind|forget it|no cancel|
    no cancel it|i refuse|refuse|no i refuse|no please|please don't|please dont|don't send it|
    dont send it|do not send it|no don't send it|n""".split("|")
)
QUESTION_STARTS = frozenset(
    "what why how who where when which can could do does is are will would should may whats what's".split()
)

# Questions at the consent step that the assistant answers itself, by topic: a topic
# counts when one of its words is in the message (checked in this order).
CONSENT_QUESTION_TOPICS = (
    ("if_no", ("say no", "if i don't", "if i dont", "if i do not", "if not", "refuse", "decline", "without")),
    ("why_contact", ("why", "what for", "need my", "need your", "need that", "need this", "need it ")),
    ("who", ("who ", "share", "sell", "third part", "anyone else", "insurance")),
    # "how long do you keep it?", not "how long is the hospital stay?"
    (
        "how_long",
        (
            "how long do you",
            "how long will you",
            "how long is it kept",
            "how long are",
            "delete",
            "keep",
            "retention",
            "remove",
        ),
    ),
    (
        "data",
        (
            "data",
            "information",
            "info",
            "store",
            "stored",
            "privacy",
            "private",
            "do with",
            "details",
            "safe",
            "secure",
        ),
    ),
)

# Details of the booking form a patient may name, with the words that name them.
DETAIL_WORDS = {
    "contact": ("phone", "number", "mobile", "cell", "email", "e-mail", "contact", "telephone"),
    "name": ("name", "spelled", "spelt", "spelling", "surname"),
    "procedure": ("procedure", "operation", "surgery", "fusion", "fixation"),
    "times": ("time", "times", "day", "days", "date", "when", "morning", "afternoon", "evening", "slot"),
}
# Words that make a message about an earlier detail a correction of it.
CORRECTION_CUES = (
    "actually",
    "change",
    "wrong",
    "wait",
    "correct",
    "mistake",
    "fix",
    "typo",
    "update",
    "meant",
    "sorry",
    "oops",
    "spelled",
    "spelt",
    "misspelled",
    "instead",
    "edit",
    "go back",
)
RESTART_PHRASES = frozenset(
    w.strip()
    for w in """restart|start over|start again|start from scratch|start afresh|start fresh|begin again|
    reset|let's start over|lets start over|can we start over|start over please|restart please|
    please restart|please start over|start a new conversation|new conversation""".split("|")
)

_EDGE = " \t\r\n.!,;:~…'\"“”‘’()[]{}"


def normalise(text: str) -> str:
    """Lower case, NFKC, apostrophes unified, inner whitespace collapsed, edge punctuation
    (but not "?") removed; "Yes, I agree!" -> "yes i agree"."""
    text = unicodedata.normalize("NFKC", text or "").lower().replace("’", "'").replace("‘", "'")
    text = " ".join(text.replace(",", " ").split())
    return text.strip(_EDGE).strip()


def is_payload(text: str) -> bool:
    """Whether the text is written like a button payload ("/intent" or "/intent{...}")."""
    return (text or "").strip().startswith(PAYLOAD_PREFIX)


def payload_allowed(text: str, offered: Iterable[str]) -> bool:
    """Whether a payload-like text may count as one: it is a command (COMMAND_PAYLOADS) or one
    of the payloads of the buttons the assistant offered in its last message."""
    text = (text or "").strip()
    return text in COMMAND_PAYLOADS or text in {str(p).strip() for p in offered}


# Words a question may open with before its question word ("wait what do you do with my number")
QUESTION_OPENERS = frozenset("wait hmm hm um umm sorry ok okay so but and oh".split())


def _is_question(text: str, normalised: str) -> bool:
    words = normalised.split()
    while len(words) > 1 and words[0] in QUESTION_OPENERS:
        words = words[1:]
    return "?" in text or bool(words) and words[0] in QUESTION_STARTS and len(words) > 2


def _answer(text: str, offered: Iterable[str], yes_words: frozenset) -> str:
    text = text or ""
    if is_payload(text):
        payload = text.strip()
        if not payload_allowed(payload, offered):
            return UNCLEAR
        if payload in YES_PAYLOADS:
            return YES
        if payload in NO_PAYLOADS:
            return NO
        return UNCLEAR
    words = normalise(text)
    if _is_question(text, words):
        return QUESTION
    if words in yes_words or _only_agreement(words) or _agreeing_phrases(words, yes_words):
        return YES
    if words in DISAGREE:
        return NO
    return UNCLEAR


# "ok yes fine", "yes ok sure": every word agrees, and one of them is a clear yes
AGREEING_WORDS = frozenset(
    "yes ok okay fine sure yeah yep yup alright agree agreed consent accept please thanks i do".split()
)
CLEAR_YES = frozenset("yes ok okay sure yeah yep yup agree agreed consent accept".split())


def _only_agreement(words: str) -> bool:
    tokens = words.split()
    return bool(tokens) and all(t in AGREEING_WORDS for t in tokens) and any(t in CLEAR_YES for t in tokens)


FILLERS = frozenset(
    "please thanks thank you then and so actually wait oh ah now sorry i misread changed my mind".split()
)


def _agreeing_phrases(words: str, yes_words: frozenset) -> bool:
    """ "ok sure go ahead", "yep send it": the message is a run of replies each accepted on its
    own (`yes_words`), with nothing else but FILLERS."""
    tokens, i, found = words.split(), 0, False
    while i < len(tokens):
        for size in range(min(5, len(tokens) - i), 0, -1):  # the longest accepted reply here
            if " ".join(tokens[i : i + size]) in yes_words:
                i, found = i + size, True
                break
        else:
            if tokens[i] not in FILLERS:
                return False
            i += 1
    return found


def consent_answer(text: str, offered: Iterable[str] = ()) -> str:
    """YES, NO, QUESTION or UNCLEAR for a reply to the consent question.

    YES only for clear words of agreement ("yes", "I agree") or an offered yes-button
    payload; emoji, punctuation, other languages, "hmm" and typed payloads are UNCLEAR."""
    return _answer(text, offered, AGREE)


def confirm_answer(text: str, offered: Iterable[str] = ()) -> str:
    """YES, NO, QUESTION or UNCLEAR for a reply to the booking summary ("send it?")."""
    return _answer(text, offered, CONFIRM)


# A question about the details the form asks for: "why do you need my name?", "what's that for?"
DETAILS_ASKED = re.compile(
    r"\b(?:name|number|phone|mobile|email|e-mail|details|data|information|info)\b|\bneed (?:that|this|it|them)\b|"
    r"\bwhat(?:'s| is|s) (?:that|it|this) for\b",
    re.I,
)


def details_question_topic(text: str) -> Optional[str]:
    """During the booking form, the topic of a question about why the details are asked or
    what happens to them ("why do you need my name?" -> "why_contact"), as at the consent
    step (consent_question_topic); None for other messages ("how long is the recovery?")."""
    if not DETAILS_ASKED.search(text or ""):
        return None
    return consent_question_topic(text)


def consent_question_topic(text: str) -> Optional[str]:
    """The topic of a question about consent or the patient's data ("what do you do with
    my data?" -> "data", "what if I say no?" -> "if_no"), or None for other questions."""
    words = normalise(text)
    if not _is_question(text or "", words) and not words.startswith(("why", "what if")):
        return None
    padded = f" {words} "
    for topic, cues in CONSENT_QUESTION_TOPICS:
        if any(cue in padded for cue in cues):
            return topic
    return None


def _has_word(words: str, word: str) -> bool:
    return re.search(rf"(?<![\w-]){re.escape(word)}(?![\w-])", words) is not None


def detail_named(text: str) -> Optional[str]:
    """The booking detail a message names ("change the phone number" -> "contact"),
    one of DETAIL_WORDS' keys, or None when it names none or several."""
    words = normalise(text)
    found = [detail for detail, cues in DETAIL_WORDS.items() if any(_has_word(words, cue) for cue in cues)]
    if "name" in found and "contact" in found and not _has_word(words, "name"):
        found.remove("name")
    return found[0] if len(found) == 1 else None


def correction_of(text: str, current: Optional[str] = None) -> Optional[str]:
    """The earlier detail a message corrects ("actually I need to change the procedure"
    -> "procedure", "wait, I spelled my name wrong" -> "name"), or None.

    `current` is the detail being asked now: naming it is an answer, not a correction."""
    words = normalise(text)
    if not any(_has_word(words, cue) for cue in CORRECTION_CUES) or details_question_topic(text):
        return None  # "wait what do you do with my number?" asks about it, it does not correct it
    detail = detail_named(text)
    return detail if detail and detail != current else None


def means_restart(text: str) -> bool:
    """Whether the message asks for a fresh conversation ("start over", "restart")."""
    return normalise(text) in RESTART_PHRASES


# "no I just wanted to know how it works", "sorry, I don't want to book, only asking": the patient
# takes back the request to book (during the booking form)
WITHDRAW = re.compile(
    r"^\W*(?:(?:no|nah|nope|oh|sorry|actually|wait|ah|hmm)\b[\s,.!]*){1,3}(?:i\s+|i'?m\s+|im\s+|i\s+was\s+|was\s+)?"
    r"(?:just|only)\s+(?:want(?:ed)?|asking|ask(?:ed)?|wondering|curious|looking|checking|a question|after)\b"
    r"(?!\s+to\s+(?:say|add|give|tell|correct|change|update|let|mention|confirm|book))"
    r"|\bi\s+(?:do not|don'?t|dont|didn'?t|didnt|did not)\s+(?:want|mean|wanna)\s+(?:to\s+)?(?:book|make a booking)\b"
    r"|\bnot\s+(?:trying|wanting|looking)\s+to\s+book\b",
    re.I,
)


# "i want to book for my wife, her name is…", "book my dad in": asking to book, in so many words
BOOK_REQUEST = re.compile(
    r"\b(?:i|we)\s+(?:want|wanna|would like|'d like|need)\s+to\s+(?:book|make an appointment|schedule|arrange a consult\w*)\b"
    r"|\bbook\s+(?:a consult\w*|an appointment|(?:me|him|her|them|my \w+) in)\b|\bbook\s+(?:\w+\s+)?for my\b",
    re.I,
)


# "I'm booked in for SI fusion on Monday", "we have an appointment booked", "my op is scheduled
# for next week": a booking that exists already, said as the setting of a question
STATES_BOOKING = re.compile(
    r"\b(?:i'?m|i am|im|we'?re|we are|he'?s|she'?s|he is|she is|they'?re|they are|i'?ve been|i have been|"
    r"has been|have been|was|were|got|is|are)\s+(?:already\s+|now\s+|all\s+)?(?:booked|scheduled|listed|down)\s+"
    r"(?:in\s+)?(?:for|on)\b"
    r"|\b(?:have|has|got)\s+(?:an?\s+|my\s+|the\s+|our\s+|his\s+|her\s+)?(?:\w+\s+)?(?:appointment|consult\w*|op|"
    r"operation|surgery|procedure|date)\s+(?:already\s+)?(?:booked|scheduled|arranged|set)\b"
    r"|\b(?:my|his|her|our|the)\s+(?:op|operation|surgery|procedure|appointment|consult\w*)\s+(?:is|was|has been|got)\s+"
    r"(?:already\s+)?(?:booked|scheduled|set|arranged)\b"
    r"|\balready\s+(?:booked|scheduled)\b",
    re.I,
)


def states_booking(text: str) -> bool:
    """Whether the message says a booking exists already ("I'm booked in for…"), and does
    not also ask to book in so many words (asks_to_book)."""
    return bool(STATES_BOOKING.search(text or "")) and not asks_to_book(text)


# "i'd rather not give my number", "no", "prefer not to say": the patient declines to give a detail
DECLINES_DETAIL = re.compile(
    r"\b(?:rather not|prefer not|(?:don'?t|dont|do not) (?:want|wish|like) to (?:give|share|say|leave)|"
    r"not (?:comfortable|happy) (?:giving|sharing)|not giving|won'?t give|wont give)\b",
    re.I,
)


def declines_detail(text: str) -> bool:
    """Whether the message declines to give the detail asked ("no", "I'd rather not give my number")."""
    return normalise(text) in DISAGREE - {"cancel", "cancel it", "stop", "no cancel", "no cancel it"} or bool(
        DECLINES_DETAIL.search(text or "")
    )


def asks_to_book(text: str) -> bool:
    """Whether the message asks to book a consultation in so many words (BOOK_REQUEST)."""
    return bool(BOOK_REQUEST.search(text or ""))


def withdraws(text: str) -> bool:
    """Whether the message takes back the request to book ("no I just wanted to know…")."""
    return bool(WITHDRAW.search(text or ""))


CANCEL_WORDS = ("cancel", "stop", "no", "don't", "dont", "never mind", "nevermind", "forget", "quit", "abort", "not")


def means_cancel(text: str, offered: Iterable[str] = ()) -> bool:
    """Whether a message at the summary clearly asks to drop the request ("no", "cancel
    it", "never mind", the offered Cancel button); "🤔" or a typed payload does not."""
    if confirm_answer(text, offered) == NO:
        return True
    words = normalise(text)
    return not is_payload(text) and any(_has_word(words, w) for w in CANCEL_WORDS)
