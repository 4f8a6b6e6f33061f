"""The sentence of a procedure's page that answers the specific word a question asks about.

"Is spinopelvic fixation a rigid fix?", "done once per affected side?": the topic answer
(the intent's paragraph) may not contain the word asked about, while another sentence
of the same page does. Words are compared by their Snowball stems, so "rigid" finds
"a rigid way of fixing" and "affected" finds "once per affected side".

A word counts as *specific* when it is not a common word (data/vocabulary/common_words.txt:
function words, people, question and conversation words), not part of the names of only
one procedure ("fusion", in both, may be looked up), and occurs in at most MAX_SENTENCES
sentences of the page (so "pain" or "spine" never picks a sentence). Only sentences of
the procedure asked about are searched: one page's facts are never given for the other.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Dict, FrozenSet, List, Optional, Sequence, Set, Tuple

import snowballstemmer

from clinic.knowledge import KnowledgeBase, normalise
from clinic.understanding import vocabulary
from clinic.understanding.facets import facet_phrases
from clinic.understanding.subjects import SENTENCE_END

# A word in more sentences of a page than this says too little to pick one.
MAX_SENTENCES = 3
# The least weight (the sum over the words found of 1 / the number of the page's sentences
# that have the word) for a sentence to count as the answer: one word in at most two
# sentences, or two words in three.
MIN_WEIGHT = 0.5
# The least weight when the words are the name of one thing ("si joint injection"), not a
# whole question: one word in at most three sentences.
MIN_WEIGHT_FOR_A_THING = 1 / MAX_SENTENCES
# How many of the question's specific words one sentence must share for the words alone
# to tell which procedure a question is about ("early pain relief", "iliac crest").
MIN_WORDS_FOR_PROCEDURE = 2
# Shorter words (after normalising) are never specific: "op", "si", "mm"; numbers always may be
# ("so it takes 45-90 mins to recover?" quotes the page's "45 to 90 minutes").
MIN_WORD_LENGTH = 3

# Sentences of the answers that say what the page does not say, or advise, rather than state
# what it says ("The clinic's information does not give…", "Your surgeon can give you a plan
# that fits your work"): never quoted as "the page says".
NOT_A_PAGE_FACT = re.compile(
    r"\b(?:does not|doesn'?t|do not|don'?t|says nothing|nothing more)\b|^(?:Your surgeon|Your care team|The care team|Please)\b"
)

_stemmer = snowballstemmer.stemmer("english")


@dataclass(frozen=True)
class PageSentence:
    """One sentence of a procedure's page, with the topic and source sections it comes from."""

    text: str
    topic: str
    sources: Tuple[str, ...]
    stems: FrozenSet[str]


@dataclass(frozen=True)
class Found:
    """The sentence that answers the specific words of a question, and those words as the patient wrote them."""

    sentence: PageSentence
    words: Tuple[str, ...]


@lru_cache(maxsize=65536)  # words recur: the pages' and patients' vocabulary is small
def stem_of(word: str) -> str:
    """The Snowball stem of one normalised word."""
    return str(_stemmer.stemWord(word))


def stems(text: str) -> List[Tuple[str, str]]:
    """(word as written, normalised; its stem) for each word of `text`, in order."""
    return [(word, stem_of(word)) for word in normalise(text).split()]


@lru_cache(maxsize=1024)  # the answers a reply already says recur from message to message
def text_stems(text: str) -> FrozenSet[str]:
    """The stems of every word of `text`."""
    return frozenset(s for _, s in stems(text))


@lru_cache(maxsize=None)
def common_stems() -> FrozenSet[str]:
    """Stems of data/vocabulary/common_words.txt. FileNotFoundError if the file is missing."""
    return frozenset(stem for term in vocabulary.terms("common_words") for _, stem in stems(term))


def _sentences(kb: KnowledgeBase, procedure_id: str) -> Tuple[PageSentence, ...]:
    """Every sentence of the procedure's answers that states what the page says (NOT_A_PAGE_FACT
    left out), topics in the page's order, each once."""
    seen, found = set(), []
    for topic, answer in kb.procedures[procedure_id].answers.items():
        for sentence in SENTENCE_END.split(answer.text):
            sentence = sentence.strip()
            if sentence and sentence not in seen and not NOT_A_PAGE_FACT.search(sentence):
                seen.add(sentence)
                found.append(PageSentence(sentence, topic, answer.sources, frozenset(s for _, s in stems(sentence))))
    return tuple(found)


@lru_cache(maxsize=8)
def _index(kb: KnowledgeBase, procedure_id: str) -> Tuple[Tuple[PageSentence, ...], Dict[str, int], FrozenSet[str]]:
    """The page's sentences, how many sentences each stem occurs in, and the stems of the
    procedures' names that only one procedure's names use."""
    sentences = _sentences(kb, procedure_id)
    counts: Dict[str, int] = {}
    for sentence in sentences:
        for stem in sentence.stems:
            counts[stem] = counts.get(stem, 0) + 1
    # stems of one procedure's names only ("fusion" names both: "is a fusion done too?" is a word to look up)
    by_procedure = [{stem for name in (p.name, *p.aliases) for _, stem in stems(name)} for p in kb.procedures.values()]
    names = frozenset(stem for own in by_procedure for stem in own if sum(stem in o for o in by_procedure) == 1)
    return sentences, counts, names


def specific_words(kb: KnowledgeBase, procedure_id: str, question: str) -> Dict[str, str]:
    """{stem: word as written} for the question's words that are specific on this procedure's page
    (see the module docstring); words the page never uses are left out."""
    _, counts, names = _index(kb, procedure_id)
    common = common_stems()
    return {
        stem: word
        for word, stem in stems(question)
        if (len(word) >= MIN_WORD_LENGTH or word.isdigit())  # "is the 45-90 mins the recovery?"
        and stem not in common
        and stem not in names
        and 0 < counts.get(stem, 0) <= MAX_SENTENCES
    }


def sentence_for(
    kb: KnowledgeBase, procedure_id: str, question: str, answered: Sequence[str] = (), min_weight: float = MIN_WEIGHT
) -> Optional[Found]:
    """The page's sentence that best matches the question's specific words that none of the
    `answered` texts (what the reply already says) contains: the highest weight (see
    MIN_WEIGHT), ties to the earlier sentence; None when no sentence reaches `min_weight`
    (lower for a thing's name alone, "the si joint injection", than for a whole question)."""
    sentences, counts, _ = _index(kb, procedure_id)
    said = frozenset().union(*(text_stems(text) for text in answered))
    wanted = {stem: word for stem, word in specific_words(kb, procedure_id, question).items() if stem not in said}
    best: Optional[Found] = None
    best_weight = min_weight - 1e-9
    for sentence in sentences:
        if any(sentence.text in text for text in answered):
            continue
        hit = [stem for stem in wanted if stem in sentence.stems]
        weight = sum(1 / counts[stem] for stem in hit)
        if weight > best_weight:
            best, best_weight = Found(sentence, tuple(wanted[stem] for stem in hit)), weight
    return best


@lru_cache(maxsize=None)
def topic_stems() -> FrozenSet[str]:
    """Stems of the words patients ask for a topic with (data/vocabulary/facets.yml): they
    say what is asked ("hospital stay"), not which procedure it is about."""
    return frozenset(
        stem for phrases in facet_phrases().values() for p in phrases for _, stem in stems(p.replace("*", ""))
    )


def only_page(kb: KnowledgeBase, question: str) -> Optional[str]:
    """The procedure id whose page alone has a sentence with at least MIN_WORDS_FOR_PROCEDURE
    of the question's specific words that no other page uses and that ask no topic
    (topic_stems): "is it guided by fluoroscopy?" is SI joint fusion's; or whose page alone
    has two of the question's words side by side (echoed_pages); otherwise None."""
    found = []
    for procedure_id in kb.procedures:
        sentences, _, _ = _index(kb, procedure_id)
        others = [_index(kb, other)[1] for other in kb.procedures if other != procedure_id]
        own = [
            s
            for s in specific_words(kb, procedure_id, question)
            if s not in topic_stems() and not any(s in other for other in others)
        ]
        if any(len([s for s in own if s in sentence.stems]) >= MIN_WORDS_FOR_PROCEDURE for sentence in sentences):
            found.append(procedure_id)
    found += [p for p in echoed_pages(kb, question) if p not in found]
    return found[0] if len(found) == 1 else None


def echoed_pages(kb: KnowledgeBase, question: str) -> List[str]:
    """Procedure ids whose page alone has two words of the question side by side ("iliac
    crest", "affected side", "early pain"), neither a common word and not both topic words
    ("hospital stay" asks a topic, not a procedure): the patient quotes the page they read."""
    question_stems = [stem for _, stem in stems(question)]
    common, topic = common_stems(), topic_stems()
    pages = []
    for pair in zip(question_stems, question_stems[1:], strict=False):
        if any(s in common for s in pair) or all(s in topic for s in pair):
            continue
        own = [p for p in kb.procedures if pair in _word_pairs(kb, p)]
        if len(own) == 1 and own[0] not in pages:
            pages.append(own[0])
    return pages


@lru_cache(maxsize=8)
def _word_pairs(kb: KnowledgeBase, procedure_id: str) -> FrozenSet[Tuple[str, str]]:
    """Every two stems side by side in a sentence of the procedure's page."""
    pairs: Set[Tuple[str, str]] = set()
    for sentence in _index(kb, procedure_id)[0]:
        sentence_stems = [stem for _, stem in stems(sentence.text)]
        pairs.update(zip(sentence_stems, sentence_stems[1:], strict=False))
    return frozenset(pairs)
