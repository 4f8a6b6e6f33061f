"""Whose procedure is whose, when a conversation is about two people.

"I had SI joint fusion and my father had spinopelvic fixation": later, "when can I drive?"
is about the speaker's procedure and "and him?" about the father's. A message assigns
procedures when it names two, each in a part (topic_pairs.parts) that says who it is for;
a later message that names none points to one person by its pronouns.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Callable, Dict, List, Optional, Pattern, Sequence, Tuple

import yaml

from clinic.understanding.topic_pairs import parts
from clinic.understanding.vocabulary import VOCABULARY_DIR

ME, THEM = "me", "them"
RELATIVES_FILE = VOCABULARY_DIR / "relatives.yml"


@lru_cache(maxsize=None)
def _relative_words(path: Path = RELATIVES_FILE) -> Dict[str, str]:
    """word -> person key ("mum" -> "mother"). Raises FileNotFoundError, yaml.YAMLError."""
    raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    return {str(word).lower(): str(key) for key, words in raw.items() for word in words}


# the speaker: "I had", "I'm having", "my risks", "mine"
_ME = re.compile(r"\b(?:i|i'?m|im|i'?ve|ive|me|my|mine|myself)\b", re.I)
# another person: "he", "his", "her", or a relative ("my husband", "dad")
_PRONOUNS = "he he'?s hes him his she she'?s shes her hers they them their".split()


@lru_cache(maxsize=1)
def _them() -> Tuple[Pattern[str], Pattern[str]]:
    """(another person, "my" before a relative: that relative is not the speaker)."""
    words = "|".join([*_PRONOUNS, *map(re.escape, _relative_words())])
    relatives = "|".join(map(re.escape, _relative_words()))
    return (
        re.compile(rf"\b(?:{words})\b", re.I),
        re.compile(rf"\bmy\s+(?=(?:\w+\s+)?(?:{relatives})\b)", re.I),
    )


def relative_in(text: str) -> Optional[str]:
    """The one relative the text names ("mother" for "mom has a bit of soreness"), else None."""
    words = _relative_words()
    found = {words[w] for w in re.findall(r"[a-z]+", (text or "").lower()) if w in words}
    return found.pop() if len(found) == 1 else None


def person_in(text: str) -> Optional[str]:
    """ME when the text speaks only of the speaker, THEM only of another person, else None."""
    them_pattern, my_relative = _them()
    text = my_relative.sub(" ", text or "")
    me, them = bool(_ME.search(text)), bool(them_pattern.search(text))
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
