"""Which procedure(s) a message is about.

From the message alone: the names the clinic's pages use (aliases in
data/procedures/*.yml), names they don't use (device brands, screw types) and
lay descriptions of the operation (data/vocabulary/procedure_terms.yml); from
the conversation: "the other one", "which one is shorter?" (every procedure),
and answers to "Which procedure…?" ("the first one", "both").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Dict, List, Optional, Sequence, Tuple

import yaml

from clinic.knowledge import KnowledgeBase, normalise

ROOT = Path(__file__).resolve().parents[2]
VOCABULARY_FILE = ROOT / "data" / "vocabulary" / "procedure_terms.yml"

# "the other one" switches procedure; "the surgery" or "that one" does not.
OTHER_ONE = re.compile(
    r"\b(?:other|otr|othr|oter)\s+(?:one|1|procedure|op|operation|surgery)\b"
    r"|\bthe other\b(?!\s+(?:side|hip|leg|joint))|\bsecond one\b",
    re.I,
)
# "which one…", "for each", "compared with": a question about every procedure.
COMPARISON = re.compile(
    r"\b(?:which one|which of (?:the two|them|the procedures|these)|"
    r"which (?:is|has|one has|needs) (?:the )?(?:better|harder|easier|safer|quicker|longer|shorter|more|less)|for each|"
    r"each one|both (?:procedures|operations|surgeries|of them)|for both(?! sides| joints| legs| hips| of my)|"
    r"compared?|comparison|versus|vs|difference|differ)\b",
    re.I,
)
# Answers to "Which procedure is your question about: A or B?" that name none:
# a position in the list of buttons, or every procedure ("both", "not sure").
ORDINALS = {"first": 0, "1st": 0, "top": 0, "1": 0, "second": 1, "2nd": 1, "bottom": 1, "last": -1, "2": 1}
BY_POSITION = re.compile(
    r"^\W*(?:(?:the|that|i mean|umm?|um|uh|oh)\W+)*(first|1st|top|second|2nd|bottom|last|1|2)"
    r"(?:\W+(?:one|option|choice|procedure|button))?\W*(?:please|pls)?\W*$",
    re.I,
)
# A follow-up that switches to what it names: "and the si joint?", "what about the sacroiliac joint?"
FOLLOW_UP = re.compile(
    r"\W*(?:(?:k|ok|okay|thx|thanks)\W+)*(?:and|n|&|what about|how about|same for|same question for)\b", re.I
)
EVERY_PROCEDURE = re.compile(
    r"^\W*(?:(?:um|umm|uh|hmm|well|oh)\W+)*(?:both|both of them|both please|either|either one|all of them|"
    r"(?:i'?m |im )?not sure|unsure|(?:i )?(?:don'?t|dont|do not) know|idk|no idea|dunno)\W*$",
    re.I,
)


# "is SI joint fusion done under general, like spinopelvic fixation?": a procedure named
# only as the thing compared with is not what the question is about.
AS_REFERENCE = re.compile(
    r"\b(?:(?<!\bi )(?<!\bwe )(?<!\byou )(?<!\bthey )(?<!\bwould )like|unlike|as with|as for|as in|same as|just as|"
    r"similar to|same \w+ as|as \w+ as|different (?:from|to|than)|compared (?:to|with))\s+(?:the\s+|with\s+|for\s+)?$"
)


@dataclass(frozen=True)
class Description:
    """Word groups that must all appear (any word of each group), and words that must not."""

    groups: Tuple[Tuple[str, ...], ...]
    unless: Tuple[str, ...] = ()


@dataclass(frozen=True)
class ProcedureTerms:
    """One procedure's entries of data/vocabulary/procedure_terms.yml (normalised)."""

    unnamed: Tuple[str, ...] = ()
    descriptions: Tuple[Description, ...] = ()
    anatomy: Tuple[str, ...] = ()
    # how each unnamed name is written in the vocabulary, by its normalised form
    display: Dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Reference:
    """What a message says about procedures.

    procedures: procedure ids (data/procedures), in the order the message names them.
    unnamed: names the message uses that the clinic's pages don't (as the vocabulary writes them).
    """

    procedures: Tuple[str, ...] = ()
    unnamed: Tuple[str, ...] = ()


def _norm(text: str) -> str:
    return normalise(text.replace("-", " "))


def _has(words: str, phrase: str) -> bool:
    """Whether the normalised `phrase` (a word may take a plural -s) is in the normalised `words`."""
    return _phrase_pattern(phrase).search(words) is not None


@lru_cache(maxsize=4096)
def _phrase_pattern(phrase: str) -> "re.Pattern[str]":
    """The regular expression `_has` looks for (the phrases are the vocabulary's: built once each)."""
    return re.compile(r"\b" + r"\s+".join(re.escape(w) + "s?" for w in phrase.split()) + r"\b")


@lru_cache(maxsize=None)
def vocabulary(path: Path = VOCABULARY_FILE) -> Dict[str, ProcedureTerms]:
    """The procedure vocabulary by procedure id. Raises FileNotFoundError / yaml.YAMLError."""
    raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    terms = {}
    for procedure_id, entry in raw.items():
        entry = entry or {}
        unnamed = [str(name) for name in entry.get("unnamed") or ()]
        terms[procedure_id] = ProcedureTerms(
            unnamed=tuple(_norm(n) for n in unnamed),
            descriptions=tuple(
                Description(
                    groups=tuple(tuple(_norm(str(w)) for w in group) for group in d["groups"]),
                    unless=tuple(_norm(str(w)) for w in d.get("unless") or ()),
                )
                for d in entry.get("descriptions") or ()
            ),
            anatomy=tuple(_norm(str(a)) for a in entry.get("anatomy") or ()),
            display={_norm(n): n for n in reversed(unnamed)},  # the first spelling wins
        )
    return terms


# "recovery for the first one", "and how is the second one done?": a position in the last answer
ORDINAL_IN_QUESTION = re.compile(
    r"\b(first|1st|second|2nd|last|other)\s+(?:one|procedure|operation|surgery|op)\b"
    r"|\bthe (first|1st|second|2nd|last)\b(?!\s+(?:time|day|week|weeks|days|month|months|few|two|2|year|years|night))",
    re.I,
)


# "going back to the first one, how long in hospital?": back to the procedure before the current one
GOING_BACK = re.compile(
    r"\b(?:going|go|get|getting|come|coming|back)\s+(?:back\s+)?to\s+(?:the\s+)?(?:first|1st|other|previous|earlier|"
    r"original|old)\s+(?:one|procedure|operation|surgery|op)\b",
    re.I,
)


def going_back(text: str) -> bool:
    """Whether the text goes back to the procedure talked about before (GOING_BACK)."""
    return bool(GOING_BACK.search(text or ""))


def position_in(text: str, shown: Sequence[str]) -> Optional[str]:
    """The procedure of `shown` (the order the last answer gave them in) that `text` points
    to by position ("the first one", "the second one"); None when it points to none, or
    says "the other one" (procedures.OTHER_ONE handles that)."""
    found = ORDINAL_IN_QUESTION.search(text or "")
    word = (found.group(1) or found.group(2)).lower() if found else ""
    if not word or word == "other" or not shown:
        return None
    index = ORDINALS[word]
    return shown[index] if -len(shown) <= index < len(shown) else None


def clarified(text: str, kb: KnowledgeBase, asked_which: bool) -> List[str]:
    """The answer to "Which procedure…?" given by position ("the first one") or as every
    procedure ("both", "not sure"); empty when `asked_which` is False or the text is no such answer."""
    if not asked_which:
        return []
    order = list(kb.procedures)
    position = BY_POSITION.match(text)
    if position:
        return [order[ORDINALS[position.group(1).lower()]]]
    return order if EVERY_PROCEDURE.match(text) else []


def unnamed_names(text: str, terms: Dict[str, ProcedureTerms]) -> List[Tuple[str, str]]:
    """(procedure id, name as the vocabulary writes it) for each unnamed name in `text`, longest first."""
    words = _norm(text)
    found: List[Tuple[str, str]] = []
    candidates = sorted(((pid, name) for pid, t in terms.items() for name in t.unnamed), key=lambda c: -len(c[1]))
    for pid, name in candidates:
        if _has(words, name) and not any(name in taken for _, taken in found):
            found.append((pid, name))
    return [(pid, terms[pid].display[name]) for pid, name in found]


def described(text: str, terms: Dict[str, ProcedureTerms]) -> List[str]:
    """Procedure ids whose lay description the text matches."""
    words = _norm(text)
    return [
        pid
        for pid, t in terms.items()
        if any(
            all(any(_has(words, w) for w in group) for group in d.groups) and not any(_has(words, w) for w in d.unless)
            for d in t.descriptions
        )
    ]


def _named_beyond_anatomy(text: str, kb: KnowledgeBase, procedure_id: str, anatomy: Sequence[str]) -> bool:
    """Whether `text` names the procedure by more than one of its anatomy words.

    Names are matched longest first, so "si joint fusion" is a name and "the si joint"
    is anatomy; a short alias inside an anatomy phrase ("si" in "si joint") is anatomy too.
    """
    words = f" {_norm(text)} "
    procedure = kb.procedures[procedure_id]
    names = {_norm(n) for n in (procedure.name, *procedure.aliases)} | set(anatomy)
    for name in sorted(names, key=len, reverse=True):
        pattern = r"(?<= )" + r" ".join(re.escape(w) + "s?" for w in name.split()) + r"(?= )"
        if re.search(pattern, words):
            if name not in anatomy and not any(name in a.split() or name == a for a in anatomy):
                return True
            words = re.sub(pattern, "#", words)
    return False


def _named_only_as_reference(text: str, kb: KnowledgeBase, procedure_id: str) -> bool:
    """Whether every name of the procedure in `text` follows AS_REFERENCE ("like spinopelvic fixation")."""
    words = _norm(text)
    procedure = kb.procedures[procedure_id]
    taken: List[Tuple[int, int]] = []  # the longest names first; a shorter one inside is the same mention
    for name in sorted({_norm(n) for n in (procedure.name, *procedure.aliases)}, key=len, reverse=True):
        for m in re.finditer(r"\b" + re.escape(name) + r"\b", words):
            if not any(start <= m.start() < end for start, end in taken):
                taken.append((m.start(), m.end()))
    return bool(taken) and all(AS_REFERENCE.search(words[:start]) for start, _ in taken)


def refer(
    text: str,
    kb: KnowledgeBase,
    *,
    entity_values: Sequence[str] = (),
    in_context: Optional[str] = None,
    asked_which: bool = False,
    terms: Optional[Dict[str, ProcedureTerms]] = None,
) -> Reference:
    """The procedures `text` is about (see the module docstring), in order of mention.

    entity_values: the `procedure` entities NLU extracted; in_context: the procedure the
    conversation is about (a procedure id or None); asked_which: whether the assistant's
    last message asked which procedure the question was about.
    """
    terms = vocabulary() if terms is None else terms
    unnamed = unnamed_names(text, terms)
    answer = clarified(text, kb, asked_which)
    if answer:
        return Reference(tuple(answer))
    named = kb.find_procedures(text) + [kb.resolve(str(v)) for v in entity_values]
    found = [p for p in dict.fromkeys(named + [pid for pid, _ in unnamed]) if p]
    if not found:
        found = described(text, terms)
    pointers = set(pid for pid, _ in unnamed) | set(described(text, terms))
    passing = not FOLLOW_UP.match(text) and len(text.split()) > 3
    if found and passing and (len(found) > 1 or (in_context and in_context not in found)):
        # a joint or bone named in passing does not switch from the procedure the message
        # points to or the conversation is about ("do the S2AI screws go through the SI joint?")
        anchors = pointers | ({in_context} if in_context else set())
        keep = [
            p
            for p in found
            if p in anchors or _named_beyond_anatomy(text, kb, p, terms.get(p, ProcedureTerms()).anatomy)
        ]
        if not keep and in_context:
            keep = [in_context]
        if keep:
            found = keep
    if len(found) > 1 and not COMPARISON.search(text):
        asked = [p for p in found if not _named_only_as_reference(text, kb, p)]
        found = asked or found
    if len(found) == 1 and in_context and in_context != found[0] and _named_only_as_reference(text, kb, found[0]):
        # "does it take as long as the SI one?": the conversation's procedure, compared with the one named
        found = [in_context, found[0]]
    if not found and OTHER_ONE.search(text):
        other = kb.other_procedure(in_context)
        found = [other] if other else []
    if not found and COMPARISON.search(text):
        found = list(kb.procedures)
    return Reference(tuple(found), tuple(name for _, name in unnamed))
