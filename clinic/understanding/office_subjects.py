"""Which office subject a message is about (insurance, cost, location, hours, contact, ...).

Vocabulary: data/vocabulary/office_subjects.yml (phrases matched as
clinic.understanding.phrases describes). clinic/office.py answers the subject.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Dict, Optional, Tuple

import yaml

from clinic.knowledge import normalise
from clinic.understanding.phrases import has_phrase

OFFICE_SUBJECTS_FILE = Path(__file__).resolve().parents[2] / "data" / "vocabulary" / "office_subjects.yml"


@dataclass(frozen=True)
class OfficeSubject:
    """One entry of the office vocabulary; `label` is "" for subjects clinic.yml answers."""

    key: str
    label: str
    phrases: Tuple[str, ...]
    unmistakable: Tuple[str, ...] = ()


@lru_cache(maxsize=None)
def office_subjects(path: Path = OFFICE_SUBJECTS_FILE) -> Dict[str, OfficeSubject]:
    """The vocabulary by key, in file order. Raises FileNotFoundError, yaml.YAMLError, KeyError (no phrases)."""
    raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    return {
        key: OfficeSubject(
            key=key,
            label=str(entry.get("label") or ""),
            phrases=tuple(str(p) for p in entry["phrases"]),
            unmistakable=tuple(str(p) for p in entry.get("unmistakable") or ()),
        )
        for key, entry in raw.items()
    }


def subject_of(text: str) -> Optional[str]:
    """The key of the first office subject whose phrase `text` contains, or None."""
    words = normalise(text or "")
    for subject in office_subjects().values():
        if any(has_phrase(words, p) for p in subject.phrases):
            return subject.key
    return None


def clear_subject(text: str) -> Optional[str]:
    """Like subject_of, but None when the subject lists `unmistakable` phrases and `text` has none
    ("open surgery" is not an opening-hours question, "are you open on Saturday?" is)."""
    key = subject_of(text)
    if key is None:
        return None
    subject = office_subjects()[key]
    words = normalise(text or "")
    if subject.unmistakable and not any(has_phrase(words, p) for p in subject.unmistakable):
        return None
    return key


def label(key: Optional[str]) -> str:
    """What the reply says it has no information about, for the subject `key` ("" if none or unknown)."""
    subject = office_subjects().get(key or "")
    return subject.label if subject else ""
