"""'Is SI joint fusion the same as a hip replacement?': whether two things are one.

A patient who confuses two things asks whether they are the same ("is fixation different
from fusion?", "is the SI joint the same as the hip joint?", "is it like a hip
replacement?"). The assistant answers with what the clinic's pages say of each thing they
know (a procedure's overview, a glossary word) and names what they do not mention; it never
makes a comparison of its own. The connecting words are data
(data/vocabulary/comparisons.yml).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import List, Optional, Sequence, Tuple

import yaml

from clinic.glossary import Glossary
from clinic.knowledge import KnowledgeBase, normalise

VOCABULARY_FILE = Path(__file__).resolve().parents[2] / "data" / "vocabulary" / "comparisons.yml"
# Where one clause ends: "I have SI pain, is fusion the same as…" asks in its second clause.
CLAUSE_END = re.compile(r"[.?!;,:\n]+")
# The verb before the first thing: "is X the same as Y", "are they like Y".
IS = re.compile(r"\b(?:is|isnt|are|arent|was|s)\b")
# Where a second thing ends and a new question starts: "…a hip replacement or is it different".
NEW_QUESTION = re.compile(
    r"\s+(?:or|and)\s+(?:is|are|does|do|will|can|what|how|not|something|anything|else|totally|completely)\b.*$"
)
# What follows the thing named: "the injection I had", "the one my dad got".
AFTER_THING = re.compile(
    r"\s+(?:that |which )?(?:i|ive|id|he|hes|she|shes|we|they|you|my \w+) "
    r"(?:had|have had|has had|got|have|was given|were given|did|tried|mentioned|said)\b.*$"
)
# "what is recovery like": asks what something is like, not whether it is like another thing.
ASKS_WHAT = re.compile(r"\b(?:what|whats|how)\s*$")
# A second side that starts so is a circumstance, not a thing ("…the same as after surgery").
PREPOSITION = re.compile(r"(?:for|after|before|during|with|in|at|on|from|to)\b")
# A second side that points on to the next clause ("…the same as what my aunt had, SI fusion?").
QUESTION_WORDS = {"what", "which", "whatever", "the one", "the thing", "one"}
# Longer than this, a side is a sentence, not the name of a thing.
MAX_SIDE_WORDS = 6
# Words that may stand beside a name without changing what it names ("the surgery", "joint fusion op").
GENERIC = {"surgery", "surgeries", "operation", "operations", "procedure", "procedures", "op", "ops", "one", "thing"}


@dataclass(frozen=True)
class Words:
    """The vocabulary of data/vocabulary/comparisons.yml, normalised."""

    connectors: Tuple[str, ...]
    after_is: Tuple[str, ...]
    between: Tuple[str, ...]
    pointers: Tuple[str, ...]
    fillers: Tuple[str, ...]


@dataclass(frozen=True)
class Side:
    """One thing compared: kind "procedure" (key: a procedure id), "term" (key: a glossary
    key), "pointer" (it, that: the procedure meant elsewhere), "property" (a procedure's name
    with other words: a question about the procedure) or "unknown" (key: the patient's
    words, normalised)."""

    kind: str
    key: str


@dataclass(frozen=True)
class Comparison:
    """A question whether two things are the same, resolved: the procedures and glossary terms
    the pages describe, and the things they don't know by that name (the patient's words)."""

    procedures: Tuple[str, ...]
    terms: Tuple[str, ...]
    unknown: Tuple[str, ...]


@lru_cache(maxsize=None)
def words(path: Path = VOCABULARY_FILE) -> Words:
    """The vocabulary. Raises FileNotFoundError, yaml.YAMLError, KeyError (a list missing)."""
    raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}

    def listed(key: str) -> Tuple[str, ...]:
        return tuple(sorted({normalise(str(w)) for w in raw[key]}, key=lambda w: (-len(w), w)))

    return Words(*(listed(k) for k in ("connectors", "after_is", "between", "pointers", "fillers")))


def _trimmed(side: str, vocabulary: Words) -> str:
    """The side without leading fillers ("a", "the", "my"…) and what follows a new question."""
    side = AFTER_THING.sub("", NEW_QUESTION.sub("", side)).strip()
    changed = True
    while changed:
        changed = False
        for filler in vocabulary.fillers:
            if side == filler or side.startswith(filler + " "):
                side, changed = side[len(filler) :].strip(), True
    return side


@lru_cache(maxsize=1024)  # the answering actions may ask it more than once about one message
def asked(text: str) -> Optional[Tuple[str, str]]:
    """The two things a message asks to be compared, normalised ("hip replacement"), or None
    when it asks no such question or a side is empty or longer than MAX_SIDE_WORDS words."""
    vocabulary = words()
    clauses = CLAUSE_END.split(text.lower())
    for at, clause in enumerate(clauses):
        said = normalise(clause)
        pair = _between(said, vocabulary) or _connected(said, vocabulary)
        if pair:
            first, second = (_trimmed(side, vocabulary) for side in pair)
            if second in QUESTION_WORDS and at + 1 < len(clauses):
                # "is that the same as what my aunt had, si joint fusion?": named in the next clause
                second = _trimmed(normalise(clauses[at + 1]), vocabulary)
            if first and second and max(len(first.split()), len(second.split())) <= MAX_SIDE_WORDS:
                return first, second
    return None


def _between(said: str, vocabulary: Words) -> Optional[Tuple[str, str]]:
    for phrase in vocabulary.between:
        found = re.search(rf"\b{re.escape(phrase)}\s+(.+?)\s+and\s+(.+)$", said)
        if found:
            return found.group(1), found.group(2)
    return None


def _connected(said: str, vocabulary: Words) -> Optional[Tuple[str, str]]:
    padded = f" {said} "
    for connector in vocabulary.connectors + vocabulary.after_is:
        at = padded.find(f" {connector} ")
        if at < 0:
            continue
        before, after = padded[:at], padded[at + len(connector) + 2 :]
        verbs = list(IS.finditer(before))
        if connector in vocabulary.after_is and (not verbs or ASKS_WHAT.search(before[: verbs[-1].start()])):
            continue  # "feels like", "would you like", "what is recovery like"
        if verbs:
            before = before[verbs[-1].end() :]
        if PREPOSITION.match(after.strip()):
            continue  # "the same as for spinopelvic fixation": a topic compared, not a thing
        return before.strip(), after.strip()
    return None


def _explained_by(side: str, names: Sequence[str]) -> bool:
    """Whether every word of `side` belongs to one of `names` or is a generic word ("surgery")."""
    known = {w for name in names for w in name.split()} | GENERIC
    return all(w in known for w in side.split())


def resolve(side: str, kb: KnowledgeBase, glossary: Glossary) -> Side:
    """What one side names: a pointer ("it", "that"); else a glossary word the pages explain
    when the side is just that word ("the SI joint" is the joint); else a procedure by its
    names; else a property when a procedure's name comes with other words; else unknown."""
    vocabulary = words()
    if side in vocabulary.pointers or any(side.startswith(p + " ") for p in vocabulary.pointers if " " not in p):
        return Side("pointer", side)
    hits = glossary.find(side, kb.names())
    terms = [h.key for h in hits if h.kind == "term"]
    if len(terms) == 1 and _explained_by(side, glossary.terms[terms[0]].names):
        return Side("term", terms[0])
    procedures = kb.find_procedures(side)
    if len(procedures) == 1:
        own = kb.procedures[procedures[0]]
        if _explained_by(side, [normalise(n) for n in (own.name, *own.aliases)]):
            return Side("procedure", procedures[0])
    if any(h.kind == "procedure" for h in hits):
        return Side("property", side)  # "is spinopelvic fixation keyhole like the SI one?" asks a property
    return Side("unknown", side)


def compared(text: str, kb: KnowledgeBase, glossary: Glossary, meant: Sequence[str]) -> Optional[Comparison]:
    """The comparison a message asks for, or None: when it asks none, when neither side is a
    thing the pages describe, when a side asks a property of a procedure, or when "it"/"that"
    points to no procedure. `meant`: the procedures a pointer may stand for, likeliest first
    (the message's, the conversation's)."""
    pair = asked(text)
    if pair is None:
        return None
    sides = [resolve(side, kb, glossary) for side in pair]
    if any(s.kind == "property" for s in sides):
        return None
    if any(s.kind == "pointer" for s in sides):
        # "is that the same as SI fusion?": the procedure meant that is not the other side
        others = {s.key for s in sides if s.kind == "procedure"}
        candidates = [p for p in meant if p not in others]
        if not candidates:
            return None
        sides = [Side("procedure", candidates[0]) if s.kind == "pointer" else s for s in sides]
    procedures = tuple(dict.fromkeys(s.key for s in sides if s.kind == "procedure"))
    terms = tuple(dict.fromkeys(s.key for s in sides if s.kind == "term"))
    unknown = tuple(s.key for s in sides if s.kind == "unknown")
    if not procedures and not terms:
        return None
    return Comparison(procedures, terms, unknown)


def mentioned_by(kb: KnowledgeBase, glossary: Glossary, thing: str) -> bool:
    """Whether any answer of the pages or any glossary explanation uses `thing` (normalised
    words, as whole words; the last may carry a plural -s)."""
    texts = _texts(kb, glossary)
    return f" {thing} " in texts or f" {thing}s " in texts


@lru_cache(maxsize=4)
def _texts(kb: KnowledgeBase, glossary: Glossary) -> str:
    """Every answer and explanation, normalised and joined, with a space at each end."""
    texts: List[str] = [a.text for p in kb.procedures.values() for a in p.answers.values()]
    texts += [t.explanation for t in glossary.terms.values()]
    return " " + " ".join(normalise(t) for t in texts) + " "
