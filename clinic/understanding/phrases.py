"""Matching the phrases of the vocabulary files against a message.

A phrase is one or more words, matched on normalised text (lower case, hyphens
and punctuation as spaces: clinic.knowledge.normalise). Each word may carry a
plural -s; a word ending in `*` matches any word it starts ("infect*":
infection, infected).
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
        prefix = token.endswith("*")
        for word in normalise(token.rstrip("*")).split():
            parts.append(re.escape(word) + "s?")
        if prefix and parts:
            parts[-1] = parts[-1][: -len("s?")] + r"\w*"
    return re.compile(r"\b" + r"\s+".join(parts) + r"\b")


def has_phrase(normalised_text: str, phrase: str) -> bool:
    """Whether `phrase` occurs in text already passed through clinic.knowledge.normalise."""
    return phrase_pattern(phrase).search(normalised_text) is not None
