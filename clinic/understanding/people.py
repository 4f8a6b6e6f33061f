"""Whose procedure is whose, when a conversation is about two people.

"I had SI joint fusion and my father had spinopelvic fixation": later, "when can I drive?"
is about the speaker's procedure and "and him?" about the father's. A message assigns
procedures when it names two, each in a part (topic_pairs.parts) that says who it is for;
a later message that names none points to one person by its pronouns.
"""

from __future__ import annotations

import re
from typing import Callable, Dict, List, Optional, Sequence, Tuple

from clinic.understanding.topic_pairs import parts

ME, THEM = "me", "them"
# the speaker: "I had", "I'm having", "my risks", "mine"
_ME = re.compile(r"\b(?:i|i'?m|im|i'?ve|ive|me|my|mine|myself)\b", re.I)
# another person: "he", "my husband", "his", "her", "my dad"
_THEM = re.compile(
    r"\b(?:he|he'?s|hes|him|his|she|she'?s|shes|her|hers|they|them|their|husband|wife|partner|dad|father|mum|mom|"
    r"mother|son|daughter|brother|sister|uncle|aunt|grandma|grandpa|grandmother|grandfather|friend)\b",
    re.I,
)
# "my husband", "my dad": a relative named with "my" is the other person, not the speaker
_MY_RELATIVE = re.compile(r"\bmy\s+(?=(?:\w+\s+)?" + _THEM.pattern[2:-2] + r"\b)", re.I)


# one word per person, for telling two relatives apart in one message ("mom… dad…")
_RELATIVES = {
    "mother": ("mom", "mum", "mother", "mommy", "mummy", "ma"),
    "father": ("dad", "father", "daddy", "pa"),
    "husband": ("husband",),
    "wife": ("wife",),
    "son": ("son",),
    "daughter": ("daughter",),
    "brother": ("brother",),
    "sister": ("sister",),
    "partner": ("partner", "boyfriend", "girlfriend"),
    "grandmother": ("grandma", "grandmother", "nan", "nana", "granny"),
    "grandfather": ("grandpa", "grandfather", "grandad", "granddad"),
}
_RELATIVE_WORD = {word: key for key, words in _RELATIVES.items() for word in words}


def relative_in(text: str) -> Optional[str]:
    """The one relative the text names ("mother" for "mom has a bit of soreness"), else None."""
    found = {_RELATIVE_WORD[w] for w in re.findall(r"[a-z]+", (text or "").lower()) if w in _RELATIVE_WORD}
    return found.pop() if len(found) == 1 else None


def person_in(text: str) -> Optional[str]:
    """ME when the text speaks only of the speaker, THEM only of another person, else None."""
    text = _MY_RELATIVE.sub(" ", text or "")
    me, them = bool(_ME.search(text)), bool(_THEM.search(text))
    return ME if me and not them else THEM if them and not me else None


def assign(text: str, procedures_in: Callable[[str], List[str]]) -> Dict[str, str]:
    """{person: procedure id} when the message gives the speaker one procedure and another
    person the other ("I had SI joint fusion and my father had spinopelvic fixation"); {}
    otherwise. procedures_in(part) -> procedure ids the part names."""
    found: Dict[str, str] = {}
    for part in parts(text):
        named = procedures_in(part)
        person = person_in(part)
        if len(named) == 1 and person and person not in found:
            found[person] = named[0]
    if len(found) == 2 and found[ME] != found[THEM]:
        return found
    return {}


def as_slot(found: Dict[str, str]) -> List[str]:
    """The `people` slot's value: ["me:si_joint_fusion", "them:spinopelvic_fixation"]."""
    return [f"{person}:{procedure}" for person, procedure in sorted(found.items())]


def from_slot(value: Sequence[str]) -> Tuple[Tuple[str, str], ...]:
    """(person, procedure id) pairs from the `people` slot's value (bad entries left out)."""
    pairs = [str(v).split(":", 1) for v in value or ()]
    return tuple((p[0], p[1]) for p in pairs if len(p) == 2 and p[0] in (ME, THEM))
