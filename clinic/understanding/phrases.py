"""Matching the phrases of the vocabulary files against a message.

A phrase is one or more words, matched on normalised text (lower case, hyphens
and punctuation as spaces: clinic.knowledge.normalise). Each word may carry a
plural -s; a word ending in `*` matches any word it starts ("infect*":
infection, infected); words joined by `/` are alternatives for one place
("how many/much/long": how many, how much, how long).
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Pattern

from clinic.knowledge import normalise


@lru_cache(maxsize=None)
def phrase_pattern(phrase: str) -> Pattern[str]:
    """The compiled pattern of one phrase (see the module docstring)."""
    parts = []
    for token in phrase.split():
        alternatives = [_token_pattern(t) for t in token.split("/") if _token_pattern(t)]
        if alternatives:
            parts.append(alternatives[0] if len(alternatives) == 1 else "(?:" + "|".join(alternatives) + ")")
    return re.compile(r"\b" + r"\s+".join(parts) + r"\b")


def _token_pattern(token: str) -> str:
    """The pattern of one token of a phrase (one or more words once normalised: "x-ray")."""
    words = [re.escape(word) + "s?" for word in normalise(token.rstrip("*")).split()]
    if token.endswith("*") and words:
        words[-1] = words[-1][: -len("s?")] + r"\w*"
    return r"\s+".join(words)


def has_phrase(normalised_text: str, phrase: str) -> bool:
    """Whether `phrase` occurs in text already passed through clinic.knowledge.normalise."""
    return phrase_pattern(phrase).search(normalised_text) is not None
