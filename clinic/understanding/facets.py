"""Which topics (facets) a question asks about, from patients' own phrases.

Vocabulary: data/vocabulary/facets.yml, one list of phrases per topic of
data/topics.yml. A question may ask several ("is it done under general and do I
lie on my front?"): `facets_in` gives them in the order the question asks them.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Dict, List, Pattern, Sequence, Tuple

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
# Who the question is about does not change the topic: "when can he walk", "will they
# put her under" read as "when can i walk", "will they put me under" (phrases too).
PERSONS = {
    **dict.fromkeys("you he she we they u".split(), "i"),
    **dict.fromkeys("him her us them".split(), "me"),
    **dict.fromkeys("your his their our ur".split(), "my"),
    **dict.fromkeys("this that".split(), "the"),
}


def in_first_person(words: str) -> str:
    """Normalised words with PERSONS read as the first person ("her" reads as "me")."""
    return " ".join(PERSONS.get(w, w) for w in words.split())


@lru_cache(maxsize=None)
def facet_phrases(path: Path = FACETS_FILE) -> Dict[str, Tuple[str, ...]]:
    """Phrases by topic key. Raises FileNotFoundError or yaml.YAMLError."""
    raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    return {topic: tuple(str(p) for p in phrases) for topic, phrases in raw.items()}


def views(text: str, names: Sequence[str] = ()) -> List[str]:
    """The normalised text, then the same with each procedure name (normalised, longest
    first) read as "it" ("who is si joint fusion for" → "who is it for"), then with the
    names read as "it" and FILLERS left out ("who is si fusion actually for" → "who is it
    for"), then with the names and FILLERS left out ("how long does the si fusion surgery
    itself take" → "how long does the surgery take"), then that in the first person (in_first_person:
    matched against phrases read the same way)."""
    words = normalise(text)
    found = [n for n in sorted(names, key=len, reverse=True) if n and f" {n} " in f" {words} "]
    named = re.compile(r"\b(?:" + "|".join(re.escape(n) for n in found) + r")\b") if found else None
    named_as_it = " ".join(named.sub(" it ", words).split()) if named else words
    named_as_it = re.sub(r"\b(?:the|a|an|my|his|her|your|their|this|that) it\b", "it", named_as_it)
    # a name that ends in a word for the operation leaves that word ("spinopelvic surgery" → "surgery")
    left_out = named.sub(lambda m: f" {_operation_word(m.group(0))} ", words) if named else words
    without = " ".join(w for w in left_out.split() if w not in FILLERS)
    it_without = " ".join(w for w in named_as_it.split() if w not in FILLERS)  # "who is it actually for"
    return list(dict.fromkeys([words, named_as_it, it_without, without, in_first_person(without)]))


OPERATION_WORDS = {"surgery", "operation", "procedure", "op"}
# A clause the patient says is not the question: "not how it's done, just why", "…how much pain
# is there, I don't mean in theatre". Its phrases ask no topic.
NOT_ASKED = re.compile(
    r"(?:^|[,.;:?!(]\s*|\bjust\s+)(?:and\s+|but\s+)?(?:not|i\s+don'?t\s+mean|i\s+do\s+not\s+mean|don'?t\s+mean|"
    r"i'?m\s+not\s+asking\s+(?:about\s+)?|i\s+am\s+not\s+asking\s+(?:about\s+)?|not\s+asking\s+(?:about\s+)?|"
    r"forget(?:\s+about)?|never\s*mind|skip|ignore)\b[^,.;:?!)]*",
    re.I,
)


def _operation_word(name: str) -> str:
    last = name.split()[-1]
    return last if last in OPERATION_WORDS else ""


def facets_in(text: str, names: Sequence[str] = ()) -> List[str]:
    """Topic keys the text asks about, in the order the question asks them; a clause the
    patient says is not the question (NOT_ASKED: "not how it's done") asks none.

    Where phrases overlap ("how long is the surgery" / "surgery"), the longer wins.
    `names`: the procedures' names, normalised (KnowledgeBase.names()), read as views()
    says; a topic found in any view counts, placed by its relative position in that view.
    """
    return list(_facets_in(text, tuple(names)))


@lru_cache(maxsize=1024)  # the actions ask it more than once about the same message
def _facets_in(text: str, names: Tuple[str, ...]) -> Tuple[str, ...]:
    first: Dict[str, float] = {}
    all_views = views(NOT_ASKED.sub(" ", text), names)
    for view in all_views:
        first_person = view is all_views[-1] and len(all_views) > 1
        for start, topic in _facets_in_words(view, first_person):
            position = start / max(1, len(view))
            first[topic] = min(position, first.get(topic, position))
    return tuple(sorted(first, key=lambda topic: first[topic]))


@lru_cache(maxsize=2)
def _patterns(first_person: bool) -> Tuple[Tuple[Pattern[str], str], ...]:
    """(compiled phrase, topic) for every phrase of the vocabulary, read in the first person or not."""
    return tuple(
        (phrase_pattern(in_first_person(phrase) if first_person else phrase), topic)
        for topic, phrases in facet_phrases().items()
        for phrase in phrases
    )


def _facets_in_words(words: str, first_person: bool = False) -> List[Tuple[int, str]]:
    """(start, topic) of each phrase found, the longer of overlapping phrases only;
    `first_person`: the phrases read as in_first_person() reads the words."""
    spans: List[Tuple[int, int, str]] = []
    for pattern, topic in _patterns(first_person):
        for match in pattern.finditer(words):
            spans.append((match.start(), match.end(), topic))
    spans.sort(key=lambda s: (s[0], -(s[1] - s[0])))
    taken_until, found = -1, []
    for start, end, topic in spans:
        if start < taken_until:
            continue  # inside a longer phrase already taken
        taken_until = end
        found.append((start, topic))
    return found
