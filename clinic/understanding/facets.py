"""Which topics (facets) a question asks about, from patients' own phrases.

Vocabulary: data/vocabulary/facets.yml, one list of phrases per topic of
data/topics.yml. A question may ask several ("is it done under general and do I
lie on my front?"): `facets_in` gives them in the order the question asks them.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Dict, List, Tuple

import yaml

from clinic.knowledge import normalise
from clinic.understanding.phrases import phrase_pattern

ROOT = Path(__file__).resolve().parents[2]
FACETS_FILE = ROOT / "data" / "vocabulary" / "facets.yml"


@lru_cache(maxsize=None)
def facet_phrases(path: Path = FACETS_FILE) -> Dict[str, Tuple[str, ...]]:
    """Phrases by topic key. Raises FileNotFoundError or yaml.YAMLError."""
    raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    return {topic: tuple(str(p) for p in phrases) for topic, phrases in raw.items()}


def facets_in(text: str) -> List[str]:
    """Topic keys the text asks about, ordered by where their first phrase starts.

    Where phrases overlap ("how long is the surgery" / "surgery"), the longer wins.
    """
    words = normalise(text)
    spans: List[Tuple[int, int, str]] = []
    for topic, phrases in facet_phrases().items():
        for phrase in phrases:
            for match in phrase_pattern(phrase).finditer(words):
                spans.append((match.start(), match.end(), topic))
    spans.sort(key=lambda s: (s[0], -(s[1] - s[0])))
    taken_until, order = -1, []
    for start, end, topic in spans:
        if start < taken_until:
            continue  # inside a longer phrase already taken
        taken_until = end
        if topic not in order:
            order.append(topic)
    return order
