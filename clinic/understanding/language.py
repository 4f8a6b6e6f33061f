"""Does a message contain English words at all?

Input with no English word (emoji, punctuation, another language or script,
keyboard mash, a bare number or URL) carries no evidence for any intent: the
classifier's guess for it (often `affirm` at about 0.3) must not count. The
vocabulary is data: the English word forms and lemmas of spaCy's lookup tables
(the `spacy-lookups-data` package, installed for training), plus every word of
the project's own data files (NLU examples, procedure pages, glossary,
vocabularies), so lay words, abbreviations and brand names the assistant knows
count too. The NLU component builds it when the model is trained and stores it
in the model (components/content_classifier.py).
"""

from __future__ import annotations

import gzip
import importlib.util
import json
import re
import unicodedata
from pathlib import Path
from typing import AbstractSet, Iterable, List, Set

from clinic.understanding import vocabulary

# letters of any script, with an inner apostrophe ("it's"); digits end a word
TOKEN = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)?")
# an English word is written in a-z only
WORD = re.compile(r"[a-z]+(?:'[a-z]+)?")
URL_OR_EMAIL = re.compile(r"(?:https?://|www\.)\S+|\S+@\S+\.\S+|\b\S+\.(?:com|org|net|edu|gov|io)\b\S*", re.I)
# Share of a message's words that must be English: other languages share some
# words with English ("die Operation", "hoe lang duurt de operatie": under a half),
# while typo-ridden English keeps most ("wat abt the otr 1": a half). No English
# text of the patient dev set or the NLU hold-out set (369 texts) is under 0.5.
MIN_ENGLISH_SHARE = 0.5


def words(text: str) -> List[str]:
    """The lower-case words of `text`: runs of letters of any script; URLs and email addresses removed."""
    return TOKEN.findall(URL_OR_EMAIL.sub(" ", text.lower().replace("\u2019", "'")))


# Words rarer than this in English (spaCy's lexeme log-probabilities) are left out of the
# lookup table's words: alone they are weak evidence ("vale", Spanish for "okay", is also an
# English word, at -14.2). No English text of the patient dev set or the NLU hold-out set
# depends on one; the project's own words count whatever their frequency.
MIN_LOG_PROB = -14.0


def lookup_table_words(min_log_prob: float = MIN_LOG_PROB) -> Set[str]:
    """Word forms and lemmas of spaCy's English lemma lookup table that are at least as
    frequent as `min_log_prob` (~16,000 words).

    Raises ModuleNotFoundError when spacy-lookups-data is not installed (it is needed
    to train, not to serve: the trained model keeps the vocabulary).
    """
    spec = importlib.util.find_spec("spacy_lookups_data")
    if spec is None or spec.origin is None:
        raise ModuleNotFoundError("spacy-lookups-data is needed to build the English vocabulary")
    tables = Path(spec.origin).parent / "data"
    with gzip.open(tables / "en_lemma_lookup.json.gz", "rt", encoding="utf-8") as handle:
        table = json.load(handle)
    with gzip.open(tables / "en_lexeme_prob.json.gz", "rt", encoding="utf-8") as handle:
        log_prob = json.load(handle)
    words = {w for pair in table.items() for w in pair if WORD.fullmatch(w)}
    return {w for w in words if log_prob.get(w, float("-inf")) >= min_log_prob}


def yaml_files(data_dirs: Iterable[Path]) -> List[Path]:
    """The YAML files under `data_dirs`, in a stable order."""
    return [path for d in data_dirs for path in sorted(Path(d).rglob("*.yml"))]


def english_vocabulary(
    data_dirs: Iterable[Path] = (), texts: Iterable[str] = (), min_log_prob: float = MIN_LOG_PROB
) -> Set[str]:
    """The lookup table's words (see `lookup_table_words`), every a-z word of the YAML files
    under `data_dirs`, and of `texts`."""
    vocabulary = lookup_table_words(min_log_prob)
    sources = [path.read_text(encoding="utf-8") for path in yaml_files(data_dirs)]
    for text in [*sources, *texts]:
        vocabulary.update(w for w in words(text) if WORD.fullmatch(w))
    return vocabulary


def has_english_content(text: str, vocabulary: AbstractSet[str]) -> bool:
    """True when at least MIN_ENGLISH_SHARE of the words of `text` are English (and there is one).

    Words are those of `words()` with two or more letters, or "i" / "a"; an English
    word is written in a-z only ("sí", "да", "不同意" are not) and is in `vocabulary`.
    """
    candidates = [w for w in words(text) if len(w) > 1 or w in ("i", "a")]
    english = sum(bool(WORD.fullmatch(w)) and w in vocabulary for w in candidates)
    return english > 0 and english >= MIN_ENGLISH_SHARE * len(candidates)


# Letters of a non-Latin script, or common words of other languages, that make a message
# not understood one in another language ("¿Cuánto tiempo dura…?", "脊柱骨盆固定是什么"):
MIN_OTHER_SCRIPT_LETTERS = 2
MIN_OTHER_LANGUAGE_WORDS = 2


def other_language(text: str) -> bool:
    """Whether `text` looks written in another language: at least MIN_OTHER_SCRIPT_LETTERS
    letters of a non-Latin script, or MIN_OTHER_LANGUAGE_WORDS different words of
    data/vocabulary/other_language_words.txt. Emoji, punctuation and keyboard mash are not."""
    other_script = [c for c in text or "" if c.isalpha() and not unicodedata.name(c, "LATIN").startswith("LATIN")]
    if len(other_script) >= MIN_OTHER_SCRIPT_LETTERS:
        return True
    found = {m.group(0).lower() for m in vocabulary.pattern("other_language_words").finditer(text or "")}
    return len(found) >= MIN_OTHER_LANGUAGE_WORDS
