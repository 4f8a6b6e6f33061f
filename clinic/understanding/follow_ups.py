"""What a follow-up on the last answer asks ("several months is how many?", "is that normal?").

Plain text rules on the follow-up's text; clinic/replies.py builds the reply from them.
What counts as asking for a number or whether something is normal: data/vocabulary/follow_ups.yml.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Dict, Optional, Tuple

import yaml

from clinic.knowledge import normalise
from clinic.understanding.phrases import has_phrase

FOLLOW_UPS_FILE = Path(__file__).resolve().parents[2] / "data" / "vocabulary" / "follow_ups.yml"

# A sentence with a vague quantity ("several months", "usually"), to quote when exact numbers are asked.
VAGUE = re.compile(r"[^.]*\b(?:several|some|many|usually|typically|commonly|rare|uncommon)\b[^.]*\.", re.I)
WORDS = re.compile(r"[a-z]{4,}")
STOPWORDS = {
    "what",
    "that",
    "this",
    "does",
    "mean",
    "with",
    "about",
    "have",
    "will",
    "would",
    "there",
    "them",
    "they",
    "much",
    "many",
    "long",
    "exactly",
    "more",
    "when",
    "which",
    "your",
    "from",
    "normal",
    "really",
    "could",
    "should",
    "tell",
    "need",
    "needed",
    "why",
}


@lru_cache(maxsize=None)
def vocabulary(path: Path = FOLLOW_UPS_FILE) -> Dict[str, Tuple[str, ...]]:
    """The phrases of each kind of follow-up ("asks_number", "asks_normal").
    Raises FileNotFoundError, yaml.YAMLError."""
    raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    return {key: tuple(str(p) for p in phrases) for key, phrases in raw.items()}


def asks_number(question: str) -> bool:
    """Whether the follow-up asks for a number ("how many weeks exactly?")."""
    words = normalise(question)
    return any(has_phrase(words, p) for p in vocabulary()["asks_number"])


UNITS = re.compile(r"\b(hours?|days?|nights?|weeks?|months?|years?)\b", re.I)
# words that make "how many hours…" a question about the operation's length, not a follow-up
OPERATION_LENGTH = re.compile(r"\b(?:operation|surgery|procedure|op|take|takes|last|lasts|under|asleep)\b", re.I)


def asks_number_of_last_answer(question: str, answer_text: str) -> bool:
    """Whether a short follow-up asks for the number behind a time the last answer gave
    vaguely ("how many hours no food exactly?" after "avoid eating for several hours")."""
    unit = UNITS.search(question or "")
    if not unit or len(question.split()) > 10 or not asks_number(question) or OPERATION_LENGTH.search(question):
        return False
    singular = unit.group(1).lower().rstrip("s")
    return bool(re.search(rf"\b(?:several|a few|some|many)\s+{singular}s?\b", answer_text, re.I))


def asks_if_normal(question: str) -> bool:
    """Whether the follow-up asks whether something is normal ("is that normal?")."""
    words = normalise(question)
    return any(has_phrase(words, p) for p in vocabulary()["asks_normal"])


def best_sentence(question: str, answer_text: str) -> Optional[str]:
    """The sentence of the previous answer that the follow-up most likely refers to: the one
    sharing most word stems (5 letters) with it, else for a question asking for a number the
    first vague sentence, else None."""
    sentences = [s.strip() for s in re.split(r"(?<=[.])\s+", answer_text) if s.strip()]
    asked = {w for w in WORDS.findall(question.lower()) if w not in STOPWORDS}
    stems = {w[:5] for w in asked}
    scored = [(sum(1 for w in WORDS.findall(s.lower()) if w[:5] in stems), -i, s) for i, s in enumerate(sentences)]
    best = max(scored, default=(0, 0, None))
    if best[0]:
        return best[2]
    if asks_number(question):
        vague = VAGUE.search(answer_text)
        return vague.group(0).strip() if vague else None
    return None
