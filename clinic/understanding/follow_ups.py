"""What a follow-up on the last answer asks ("several months is how many?", "is that normal?").

Plain text rules on the follow-up's text; clinic/replies.py builds the reply from them.
"""

from __future__ import annotations

import re
from typing import Optional

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
# "how many weeks exactly?": asks for a number
ASKS_NUMBER = re.compile(r"how (many|much|long|soon)|exact|specific|precise|number", re.I)
# "is that normal?": asks whether something is normal
ASKS_NORMAL = re.compile(r"\bnormal\b|usual|expected|common|ok\b|okay", re.I)


def asks_number(question: str) -> bool:
    return bool(ASKS_NUMBER.search(question))


def asks_if_normal(question: str) -> bool:
    return bool(ASKS_NORMAL.search(question))


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
