"""What a message means for the answering actions (actions/actions.py): text rules read
after NLU to choose between answers the intent alone does not decide.

Every function takes the patient's raw text and returns a bool, or what it found
(medicines_named, thing_asked_about, other_operation); none depends on the intent classifier
or on the conversation.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import FrozenSet, List, Optional

from clinic.understanding import red_flags, vocabulary
from clinic.understanding.procedures import COMPARISON, FOLLOW_UP, OTHER_ONE

# "what is …", "what does … mean", "define …", "the sacrum is the tailbone, isn't it?",
# "iliac crest - is that my hip joint?": a question about a word.
DEFINITION = re.compile(
    r"\b(?:what|wat|whats|define|definition|meaning|mean|means|explain|isn'?t it|is that (?:my|the|a|an))\b",
    re.I,
)
# A message that opens by asking what a word is ("what's the ilium?", "define sacrum").
STARTS_AS_DEFINITION = re.compile(
    r"^\W*(?:so |and |but |ok |okay )?(?:what(?:'s| is| are|s| r)|wat is|define|definition|meaning of|"
    r"explain what)\b|\bwhat does\b.*\bmean\b",
    re.I,
)
# "…they said spinopelvic fixation. what is that?": a word asked about by pointing back to it
ASKS_WHAT_THAT_IS = re.compile(
    r"\bwhat(?:'?s| is| does| exactly is)\s+(?:that|this|it)(?:\s+(?:mean|involve|entail|one|exactly|about))?\W*$", re.I
)
# "can she still have it if…", "will he get the surgery": about having the procedure itself
HAVING_IT = re.compile(r"\b(?:have|get|had|do|having) (?:it|this|that|the (?:surgery|operation|procedure|op))\b", re.I)
# "…the best treatment for knee arthritis?": the thing named at the end of an out-of-scope question
THING_AT_THE_END = re.compile(
    r"\b(?:for|about|from|of)\s+(?:a |an |the |my |his |her |your |their )?((?:[a-z]+ ){0,3}[a-z]+)\s*[?.!]*\s*$"
)
HEALTH_QUESTION = re.compile(
    r"\b(?:treat\w*|surger\w*|operation|recover\w*|pain|cure|therap\w*|injur\w*|condition|symptoms?|disease|"
    r"arthritis|doctor|specialist)\b",
    re.I,
)
# "the dosage of oxycodone", "how much ibuprofen can I take": how to take a medicine
DOSE = re.compile(
    r"\b(?:dos(?:e|es|age|ing)|mg|milligrams?|how (?:much|many|often) (?:\w+ ){0,3}(?:can|should|do|may) (?:i|he|she|we)"
    r"|(?:can|should|may) (?:i|he|she|we) (?:take|have) (?:more|extra|another|double))\b",
    re.I,
)
# Whether the procedure itself suits the patient ("is SI joint fusion for me?", "should I have
# it?"), as opposed to a personal question about something after it ("is it safe for me to fly?").
SUITS_ME = re.compile(
    r"\bis (?:\w+ ){0,4}for (?:me|him|her|my \w+)\b(?! to\b)|\bshould (?:i|he|she|we) (?:have|get|do|go ahead)\b|"
    r"\b(?:am i|is (?:he|she)) a (?:good )?candidate\b|\bdo (?:i|you think i) qualify\b|\bgood idea\b|"
    # "do I need the fusion?", not "do I need a brace after the fixation?"
    r"(?<!why )\bdo (?:i|you think i) (?:really )?need (?:it|this|that|(?:the |an? )?(?:(?!after|before|with|for)\w+ ){0,3}"
    r"(?:surgery|operation|procedure|op|fusion|fixation))\b",
    re.I,
)
# "why the breathing physio?", "what's the respiratory physio for?": the reason for something
PURPOSE = re.compile(r"\bwhy\b|\bwhat(?:'s| is| are|s)? (?:the )?(?:\w+ ){1,3}for\b|\bpurpose\b|\bpoint of\b", re.I)
# "cancel my booking", "withdraw the appointment request"
BOOKING_WORDS = re.compile(r"\b(?:book\w*|appointments?|appt|requests?|consult\w*|reservations?)\b", re.I)
# "what if it never fuses?", "what happens if the screws come loose?": a question about a
# consequence, not about what a word means.
WHAT_IF = re.compile(r"\bwhat (?:if|happens (?:if|when)|would happen if|will happen if)\b", re.I)
# A question about the price rather than which insurance plans are accepted.
COST_WORDS = re.compile(r"how much|\bcost|\bprice|\bpay\b|expensive|without insurance", re.I)
# Asking for a personal decision, as opposed to a factual question with personal context.
PERSONAL = re.compile(
    r"\b(?:for me|right for (?:me|him|her)|safe for|should (?:i|he|she|we)|do (?:i|you think i) need|"
    r"would you recommend|can i (?:still )?have|am i|is (?:he|she) a|good idea|my case)\b",
    re.I,
)
# Right after an escalation: waiting, timing or playing it down ("should I wait till
# my appointment on Friday?", "maybe it's just anxiety", "it's been like this for an hour").
STILL_WAITING = re.compile(
    r"\b(wait|waiting|till|until|tomorrow|tonight|morning|monday|tuesday|wednesday|thursday|friday"
    r"|saturday|sunday|weekend|appointment|appt|not (that|so|too) bad|anxiety|nothing serious"
    r"|probably (nothing|fine)|i'?m (fine|ok)|overreact\w*|for an? (hour|while)|(an|\d+) hours?|worr\w*|rest it|and see|see how it goes)\b",
    re.I,
)
# A patient telling their own or a relative's story.
STORY = re.compile(
    r"\b(?:i|ive|i'?ve|im|i'?m|my|me|he|she|his|her|hes|shes|mother|mom|mum|dad|father|husband|wife|son|"
    r"daughter|brother|sister)\b",
    re.I,
)
# "and what about after the fixation one, my brother is having that"
FOLLOW_UP_START = FOLLOW_UP  # the same follow-up openings that let a named procedure switch
# A question anywhere in a message ("my mum has had pain for years, would she qualify").
ASKS = re.compile(
    r"\?|\b(?:would|could|can|should|is|are|do|does|did|will|what|how|when|why|which)\s+"
    r"(?:i|he|she|it|they|we|you|my|this|that|there|the)\b",
    re.I,
)
# "Should I be worried?" about a symptom just described.
WORRIED = re.compile(r"\b(?:worr\w*|concern\w*|normal|ok|okay|fine|bad sign|get (?:it )?checked)\b", re.I)
# A question rather than more detail about a symptom ("its only on one side").
QUESTION_LIKE = re.compile(
    r"\?|^\W*(?:and |so |but |ok |okay )?(?:what|whats|how|when|where|why|which|who|can|could|should|is|"
    r"are|do|does|will|would|may|tell me|explain)\b"
    # "…just wondering when the stitches come out", "i'd like to know how long…"
    r"|\b(?:wondering|wonder|want to know|like to know|curious)\s+(?:\w+\s+)?(?:what|whats|how|when|where|why|which|who|if|whether)\b",
    re.I,
)
# "I feel a bit down since the operation", "been really low", "my mood is low"
LOW_MOOD = re.compile(
    r"\b(?:feel\w*|am|i'?m|im|been|getting|gotten|so|really)\s+(?:\w+\s+){0,2}"
    r"(?:down|low|depressed|sad|tearful|weepy|miserable|flat|blue|anxious|lonely)\b(?!\s+(?:to|on|the|my|his|her|in|at)\b)"
    r"|\blow mood\b|\bmood (?:is|has been|feels) (?:\w+ )?(?:low|down|bad|awful)\b|\bcrying all the time\b",
    re.I,
)
# "is iFuse the same as SI joint fusion?", "is that a different thing from…"
SAME_AS = re.compile(
    r"\bsame (?:thing )?as\b|\bthe same thing\b|\bdifferent (?:from|to|than)\b|\bsame operation\b", re.I
)
# "do they do that for SI fusion too?", "the same for the other one?": a question about what
# the last one asked, for another procedure
REFERS_BACK = re.compile(
    r"\b(?:do|does|did|will|would|can|could) (?:they|you|he|she|i|we) (?:\w+ )?(?:do|use|have|need|get|give) "
    r"(?:that|this|those|them|it)\b|\b(?:that|those|this|it) too\b|\bthe same\b|\bas well\b|\btoo\W*$|"
    r"\bsame (?:for|with|there|goes)\b|\bis that (?:so|true|the case) (?:for|with)\b",
    re.I,
)
# Word counts: a short message ("and prone?"), a short follow-up, the shortest story.
SHORT_WORDS = 4
FOLLOW_UP_WORDS = 7
STORY_MIN_WORDS = 5


def word_count(text: str) -> int:
    return len(text.split())


def asks_definition(text: str) -> bool:
    """ "what is the sacrum?", "define ilium": a question about a word."""
    return bool(DEFINITION.search(text))


def asks_what_that_is(text: str) -> bool:
    """ "…they said spinopelvic fixation. what is that?": asks what the thing just named is."""
    return bool(ASKS_WHAT_THAT_IS.search(text))


def starts_as_definition(text: str) -> bool:
    """ "what's the ilium? is it near the screws?": opens by asking what a word is."""
    return bool(STARTS_AS_DEFINITION.search(text))


def asks_medicine_dose(text: str) -> bool:
    """ "tell me the dosage of oxycodone after surgery": a medicine (medicines.txt) and how much or how often."""
    return asks_about_medicines(text) and bool(DOSE.search(text))


def asks_if_procedure_suits(text: str) -> bool:
    """ "is SI joint fusion for me?", "should I have it?" (not "is it safe for me to fly?")."""
    return bool(SUITS_ME.search(text))


def asks_purpose(text: str) -> bool:
    """ "what's the respiratory physio for?", "why the breathing exercises?": asks the reason."""
    return bool(PURPOSE.search(text))


def mentions_booking(text: str) -> bool:
    """ "cancel my booking", "withdraw my appointment request": about a consultation request."""
    return bool(BOOKING_WORDS.search(text))


def asks_what_if(text: str) -> bool:
    """ "what if the joint never fuses?": about what happens, not what a word means."""
    return bool(WHAT_IF.search(text))


def asks_cost(text: str) -> bool:
    """ "how much does it cost without insurance?": the price, not which plans are taken."""
    return bool(COST_WORDS.search(text))


def asks_personal_decision(text: str) -> bool:
    """ "is it right for me?", "should I have it?": a decision only the surgeon can make."""
    return bool(PERSONAL.search(text))


def still_waiting(text: str) -> bool:
    """After an escalation: waiting, timing or playing the symptoms down."""
    return bool(STILL_WAITING.search(text))


def question_like(text: str) -> bool:
    """A question rather than more detail about a symptom."""
    return bool(QUESTION_LIKE.search(text))


# "I'm so scared", "we're both nervous about it": fear said in so many words
ANXIOUS = re.compile(
    r"\b(?:scared|nervous|anxious|terrified|frightened|afraid|petrified|dreading|freaking out|panicking)\b", re.I
)


def anxious(text: str) -> bool:
    """Whether the patient says they are afraid or nervous (ANXIOUS)."""
    return bool(ANXIOUS.search(text or ""))


def worried(text: str) -> bool:
    """ "should I be worried?", "is that normal?" about a symptom just described."""
    return bool(WORRIED.search(text))


def asks_what_it_is(text: str) -> bool:
    """ "what's Rialto?", "is iFuse the same as SI joint fusion?": what a thing is (DEFINITION, SAME_AS)."""
    return asks_definition(text) or bool(SAME_AS.search(text))


def low_mood(text: str) -> bool:
    """ "I feel a bit down since the operation", "my mood is low" (LOW_MOOD; hopelessness is a
    red flag of its own, clinic.understanding.red_flags)."""
    return bool(LOW_MOOD.search(text))


def refers_back(text: str) -> bool:
    """ "do they do that for SI fusion too?", "the same for the other one?" (REFERS_BACK)."""
    return bool(REFERS_BACK.search(text))


def follow_up(text: str) -> bool:
    """Short ("what about with SI joint fusion") or starting like a follow-up ("and what about …")."""
    return word_count(text) <= FOLLOW_UP_WORDS or bool(FOLLOW_UP_START.match(text))


def short(text: str) -> bool:
    """A few words ("and prone?", "osteoporosis?")."""
    return word_count(text) <= SHORT_WORDS


def story_not_question(text: str) -> bool:
    """ "I had a car accident two months ago and broke my pelvis": a story, asking nothing."""
    return bool(STORY.search(text)) and word_count(text) >= STORY_MIN_WORDS and not ASKS.search(text)


def medicines_named(text: str) -> List[str]:
    """ "is it oxycodone?": the medicines the text names (data/vocabulary/medicine_names.txt),
    lower case as written, in order, each once."""
    found = (m.group(0).lower() for m in vocabulary.pattern("medicine_names").finditer(text))
    return list(dict.fromkeys(found))


def thing_asked_about(text: str) -> Optional[str]:
    """ "what's the best treatment for knee arthritis?": in a health question (HEALTH_QUESTION),
    the words after the last "for", "about", "from" or "of" that end the message (at most
    four, not all common words, data/vocabulary/common_words.txt), lower case; else None."""
    found = THING_AT_THE_END.search(text.lower())
    if not found or not HEALTH_QUESTION.search(text):
        return None
    thing = " ".join(found.group(1).split())
    return None if all(w in _common_words() for w in thing.split()) else thing


@lru_cache(maxsize=None)
def _common_words() -> FrozenSet[str]:
    return frozenset(w for line in vocabulary.terms("common_words") for w in line.split())


def unrelated_subject(text: str) -> Optional[str]:
    """ "what's the weather tomorrow? my surgery is at 7am": the first thing named that the
    clinic's information is not about (data/vocabulary/unrelated_subjects.txt), as written
    (lower case); else None."""
    found = vocabulary.pattern("unrelated_subjects").search(text)
    if not found:
        return None
    article = re.search(r"\b(?:the|a|an)\s+$", text[: found.start()], re.I)  # "the weather"
    return ((article.group(0) if article else "") + found.group(0)).lower()


# "tried physio, tablets and injections": what the patient has tried, up to the sentence's end,
# unless a question follows in it ("tried painkillers, can I take stronger ones?")
TRIED = re.compile(
    r"\btried\b(?![^.?!]*\b(?:can|could|should|shall|will|would|may|do|does|is|are)\s+"
    r"(?:i|we|he|she|they|you|it)\b)[^.?!]*",
    re.I,
)


def asks_about_medicines(text: str) -> bool:
    """Medicines, supplements, smoking or alcohol (data/vocabulary/medicines.txt), or a medicine
    by name (medicine_names.txt: "can I take tramadol?"); not those the patient says they have
    tried (TRIED: "tried physio, tablets and injections. Am I a candidate?")."""
    text = TRIED.sub(" ", text or "")
    return vocabulary.mentions("medicines", text) or bool(medicines_named(text))


def compares(text: str) -> bool:
    """ "which one is better", "both procedures": about both procedures (procedures.COMPARISON)."""
    return bool(COMPARISON.search(text))


def asks_what_to_do_about_a_sign(text: str) -> bool:
    """ "what should I do if I get chest pain after the surgery?": what to do about a warning sign
    it names (data/vocabulary/what_to_do_questions.txt)."""
    return vocabulary.mentions("what_to_do_questions", text) and red_flags.detect(text).symptom_mentioned


def asks_warning_signs(text: str) -> bool:
    """ "how do I know if something is wrong after it?", "which of those means A&E?", "what should I
    do if I get chest pain after it?": which signs after the operation need help
    (data/vocabulary/warning_sign_questions.txt; what_to_do_questions.txt when a sign is named)."""
    return vocabulary.mentions("warning_sign_questions", text) or asks_what_to_do_about_a_sign(text)


def asks_about_having_it(text: str) -> bool:
    """ "can she still have it if she had a knee replacement?": about having the procedure itself."""
    return bool(HAVING_IT.search(text))


def other_operation(text: str) -> Optional[str]:
    """ "how long is the recovery from a knee replacement?": the other operation named
    (data/vocabulary/other_operations.txt), lower case as written, or None."""
    found = vocabulary.pattern("other_operations").search(text)
    return " ".join(found.group(0).lower().split()) if found else None


def other_one(text: str) -> bool:
    """ "the other one" (procedures.OTHER_ONE)."""
    return bool(OTHER_ONE.search(text))
