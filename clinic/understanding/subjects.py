"""The specific things a question names: a risk, an activity, an object, a situation.

Vocabulary: data/vocabulary/subjects.yml (phrases matched as clinic.understanding.phrases
describes). Used to answer the specific thing asked: the sentence of the procedure's
page that mentions it, or a plain "the page does not mention it".
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Dict, List, Optional, Sequence, Tuple

import yaml

from clinic.knowledge import KnowledgeBase, normalise
from clinic.understanding.phrases import has_phrase

ROOT = Path(__file__).resolve().parents[2]
SUBJECTS_FILE = ROOT / "data" / "vocabulary" / "subjects.yml"
SENTENCE_END = re.compile(r"(?<=[.!?])\s+")


@dataclass(frozen=True)
class Subject:
    """One entry of the subjects vocabulary."""

    key: str
    label: str
    phrases: Tuple[str, ...]
    unless: Tuple[str, ...] = ()
    related: Tuple[str, ...] = ()  # the page's words nearest to it, which do not answer it ("affected side")


@dataclass(frozen=True)
class Mention:
    """A sentence of a procedure's page that mentions a subject, with its source sections."""

    sentence: str
    topic: str
    sources: Tuple[str, ...]


@lru_cache(maxsize=None)
def subjects(path: Path = SUBJECTS_FILE) -> Dict[str, Subject]:
    """The vocabulary by key. Raises FileNotFoundError, yaml.YAMLError, KeyError (no label/phrases)."""
    raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    return {
        key: Subject(
            key=key,
            label=str(entry["label"]),
            phrases=tuple(str(p) for p in entry["phrases"]),
            unless=tuple(str(p) for p in entry.get("unless") or ()),
            related=tuple(str(p) for p in entry.get("related") or ()),
        )
        for key, entry in raw.items()
    }


@lru_cache(maxsize=8192)  # the pages' sentences are checked again and again
def mentions(subject: Subject, text: str) -> bool:
    """Whether `text` (any text: a question or an answer) names the subject."""
    return _names(subject, normalise(text))


def _names(subject: Subject, words: str) -> bool:
    """mentions() on text already normalised."""
    return any(has_phrase(words, p) for p in subject.phrases) and not any(has_phrase(words, p) for p in subject.unless)


def named_as(subject: Subject, text: str) -> str:
    """How a reply names `subject` when saying a page does not mention it: its label, after the
    patient's own word when `text` names it by a one-word name the label does not use
    ("aspirin (blood thinners and which medicines to stop before surgery)")."""
    words = normalise(text)
    label = subject.label.lower()
    for phrase in subject.phrases:
        if " " not in phrase and "*" not in phrase and phrase.lower() not in label and has_phrase(words, phrase):
            return f"{phrase} ({subject.label})"
    return subject.label


def subjects_in(text: str) -> List[Subject]:
    """The subjects a message names, in vocabulary order."""
    return list(_subjects_in(text))


@lru_cache(maxsize=1024)
def _subjects_in(text: str) -> Tuple[Subject, ...]:
    words = normalise(text)
    return tuple(s for s in subjects().values() if _names(s, words))


def mentioned_nowhere(kb: KnowledgeBase, asked: Sequence[Subject]) -> List[Subject]:
    """The subjects of `asked` that no procedure's page mentions ("is there an age limit?")."""
    return [s for s in asked if not any(mention_elsewhere(kb, p, s, but_not="") for p in kb.procedures)]


def mention_elsewhere(kb: KnowledgeBase, procedure_id: str, subject: Subject, but_not: str) -> Optional[Mention]:
    """The first sentence of the procedure's page (topics in the page's order, `but_not` skipped)
    that mentions `subject`; None when the page never mentions it."""
    for topic, answer in kb.procedures[procedure_id].answers.items():
        if topic == but_not:
            continue
        for sentence in SENTENCE_END.split(answer.text):
            if mentions(subject, sentence) and not SAYS_ABSENCE.search(sentence):
                return Mention(sentence.strip(), topic, answer.sources)
    return None


# "The clinic's information does not give the size of the incision": an answer's own sentence
# saying the page is silent is not what the page says of the thing
SAYS_ABSENCE = re.compile(
    r"^\s*(?:The clinic's (?:information|\w+(?: \w+)? page)|The page|It)\b[^.]*\b(?:does not|doesn't|says nothing|"
    r"gives no|no (?:figures|numbers|details))\b",
    re.I,
)


def related_sentence(kb: KnowledgeBase, procedure_id: str, subject: Subject) -> Optional[Mention]:
    """The first sentence of the procedure's page with one of the subject's `related` phrases
    (words near the subject that do not answer it: "once per affected side" for doing both
    sides in one operation); None when it has none."""
    for topic, answer in kb.procedures[procedure_id].answers.items():
        for sentence in SENTENCE_END.split(answer.text):
            if any(has_phrase(normalise(sentence), p) for p in subject.related):
                return Mention(sentence.strip(), topic, answer.sources)
    return None
