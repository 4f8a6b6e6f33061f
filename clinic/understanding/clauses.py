"""The questions of a message, one clause each: "do they knock you out, and do I lie on my front?"
holds two.

A message is cut at sentence ends (? ! ; and a full stop before a space or the end, line
breaks), then before a question word that opens a new question after a comma or a joining
word ("…, how long…", "…and do I lie…", "…also will I…"). The NLU pipeline classifies each
clause of a message that has more than one (components/clauses.py), so that a compound
question's second part is found even when the facet vocabulary has no phrase for it.
"""

from __future__ import annotations

import re
from typing import List, Tuple

# A clause needs at least this many words to be a question of its own ("and?" is not).
MIN_WORDS = 2
# At most this many clauses are classified (a long message keeps its first ones).
MAX_CLAUSES = 4

SENTENCE_END = re.compile(r"[?!;\n]+|\.+(?=\s|$)")
# Words that open a question, when they follow a comma or a joining word.
QUESTION_WORDS = (
    r"how|what|whats|what's|when|where|why|who|which|will|would|can|could|do|does|did|is|are|am|"
    r"should|shall|may|might|have|has|any|anything|must"
)
NEW_QUESTION = re.compile(
    r"(?:,\s*|\s+)(?:and|n|&|\+|also|plus|or|but|then)\s+(?:also\s+|then\s+)?(?=(?:" + QUESTION_WORDS + r")\b)"
    r"|,\s*(?=(?:" + QUESTION_WORDS + r")\b)",
    re.I,
)


def spans(text: str) -> List[Tuple[int, int]]:
    """(start, end) character offsets of each clause of `text`, in order; clauses of fewer
    than MIN_WORDS words are left out, and at most MAX_CLAUSES are given."""
    found: List[Tuple[int, int]] = []
    start = 0
    for end_match in [*SENTENCE_END.finditer(text), None]:
        end = end_match.start() if end_match else len(text)
        found.extend(_split_sentence(text, start, end))
        if end_match:
            start = end_match.end()
    return [(s, e) for s, e in found if len(text[s:e].split()) >= MIN_WORDS][:MAX_CLAUSES]


def split(text: str) -> List[str]:
    """The clauses of `text`, stripped, in order (see spans())."""
    return [text[s:e].strip() for s, e in spans(text)]


def _split_sentence(text: str, start: int, end: int) -> List[Tuple[int, int]]:
    pieces, at = [], start
    for match in NEW_QUESTION.finditer(text, start, end):
        pieces.append((at, match.start()))
        at = match.end()
    pieces.append((at, end))
    return [(s, e) for s, e in pieces if text[s:e].strip()]
