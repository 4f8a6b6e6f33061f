"""Which topics (facets) a question asks about, from patients' own phrases.

Vocabulary: data/vocabulary/facets.yml, one list of phrases per topic of
data/topics.yml. A question may ask several ("is it done under general and do I
lie on my front?"): `facets_in` gives them in the order the question asks them.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Dict, List, Sequence, Tuple

import yaml

from clinic.knowledge import normalise
from clinic.understanding.phrases import phrase_pattern

ROOT = Path(__file__).resolve().parents[2]
FACETS_FILE = ROOT / "data" / "vocabulary" / "facets.yml"
# Words patients put inside a phrase without changing what it asks
# ("how long does the operation itself take", "how long is the actual surgery").
FILLERS = (
    "actual actually itself whole entire exact exactly roughly approximately usually typically normally "
    "really just even like all real main whole"
).split()


@lru_cache(maxsize=None)
def facet_phrases(path: Path = FACETS_FILE) -> Dict[str, Tuple[str, ...]]:
    """Phrases by topic key. Raises FileNotFoundError or yaml.YAMLError."""
    raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    return {topic: tuple(str(p) for p in phrases) for topic, phrases in raw.items()}


def views(text: str, names: Sequence[str] = ()) -> List[str]:
    """The normalised text, then the same with each procedure name (normalised, longest
    first) read as "it" ("who is si joint fusion for" → "who is it for"), then with the
    names and FILLERS left out ("how long does the si fusion surgery itself take" →
    "how long does the surgery take")."""
    words = normalise(text)
    found = [n for n in sorted(names, key=len, reverse=True) if n and f" {n} " in f" {words} "]
    named = re.compile(r"\b(?:" + "|".join(re.escape(n) for n in found) + r")\b") if found else None
    named_as_it = " ".join(named.sub(" it ", words).split()) if named else words
    left_out = named.sub(" ", words) if named else words
    without = " ".join(w for w in left_out.split() if w not in FILLERS)
    return list(dict.fromkeys([words, named_as_it, without]))


def facets_in(text: str, names: Sequence[str] = ()) -> List[str]:
    """Topic keys the text asks about, in the order the question asks them.

    Where phrases overlap ("how long is the surgery" / "surgery"), the longer wins.
    `names`: the procedures' names, normalised (KnowledgeBase.names()), read as views()
    says; a topic found in any view counts, placed by its relative position in that view.
    """
    first: Dict[str, float] = {}
    for view in views(text, names):
        for start, topic in _facets_in_words(view):
            position = start / max(1, len(view))
            first[topic] = min(position, first.get(topic, position))
    return sorted(first, key=lambda topic: first[topic])


def _facets_in_words(words: str) -> List[Tuple[int, str]]:
    """(start, topic) of each phrase found, the longer of overlapping phrases only."""
    spans: List[Tuple[int, int, str]] = []
    for topic, phrases in facet_phrases().items():
        for phrase in phrases:
            for match in phrase_pattern(phrase).finditer(words):
                spans.append((match.start(), match.end(), topic))
    spans.sort(key=lambda s: (s[0], -(s[1] - s[0])))
    taken_until, found = -1, []
    for start, end, topic in spans:
        if start < taken_until:
            continue  # inside a longer phrase already taken
        taken_until = end
        found.append((start, topic))
    return found
