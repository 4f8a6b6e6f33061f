"""Word lists kept as data (data/vocabulary/*.txt), compiled into whole-word patterns.

File format: one term a line, `#` starts a comment; a term matches as whole words,
case-insensitive, any run of spaces in it matches one space; a trailing `*` matches any
ending ("medic*": medicine, medication).
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Iterable, List, Pattern

VOCABULARY_DIR = Path(__file__).resolve().parents[2] / "data" / "vocabulary"


def terms(name: str) -> List[str]:
    """The terms of data/vocabulary/<name>.txt, in file order. FileNotFoundError if missing."""
    lines = (VOCABULARY_DIR / f"{name}.txt").read_text(encoding="utf-8").splitlines()
    return [" ".join(line.split("#", 1)[0].split()) for line in lines if line.split("#", 1)[0].strip()]


def term_pattern(term: str) -> str:
    """The regular expression for one term ("medic*" → r"medic\\w*")."""
    stem, any_ending = (term[:-1], True) if term.endswith("*") else (term, False)
    return re.escape(stem).replace(r"\ ", " ") + (r"\w*" if any_ending else "")


def terms_pattern(words: Iterable[str]) -> Pattern[str]:
    """One compiled pattern matching any of the terms as whole words, case-insensitive."""
    return re.compile(r"\b(?:" + "|".join(term_pattern(str(t)) for t in words) + r")\b", re.IGNORECASE)


@lru_cache(maxsize=None)
def pattern(name: str) -> Pattern[str]:
    """One compiled pattern matching any term of data/vocabulary/<name>.txt as whole words."""
    return terms_pattern(terms(name))


def mentions(name: str, text: str) -> bool:
    """Whether `text` contains a term of the vocabulary `name`."""
    return bool(pattern(name).search(text))
