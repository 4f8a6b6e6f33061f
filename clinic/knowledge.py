"""The procedure knowledge base: loads data/procedures/*.yml and data/topics.yml.

Plain Python, no Rasa: the custom actions only ask it for answers.
"""

from __future__ import annotations

import difflib
import os
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Dict, List, Optional, Tuple

import yaml

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_PROCEDURES_DIR = ROOT / "data" / "procedures"
DEFAULT_TOPICS_FILE = ROOT / "data" / "topics.yml"

# How close a misspelt phrase must be to a known name to count as that name.
FUZZY_CUTOFF = 0.85


@dataclass(frozen=True)
class Topic:
    """A kind of question, e.g. "risks"; shared by all procedures."""

    key: str
    label: str
    button: str
    related: Tuple[str, ...]
    missing: str = ""


@dataclass(frozen=True)
class TopicAnswer:
    """What one procedure's document says on one topic."""

    text: str
    sources: Tuple[str, ...]


@dataclass(frozen=True)
class Procedure:
    """One procedure with its names and its answers per topic."""

    id: str
    name: str
    source_document: str
    aliases: Tuple[str, ...]
    answers: Dict[str, TopicAnswer]


@dataclass(frozen=True)
class Answer:
    """A reply to a question: covered by the document, or a plain 'not covered'."""

    procedure: Procedure
    topic: Topic
    text: str
    covered: bool
    sources: Tuple[str, ...] = ()


def normalise(text: str) -> str:
    """Lower-case, drop apostrophes ("husband's" → "husbands", "can't" → "cant"), turn hyphens
    and other punctuation into spaces, collapse spaces."""
    text = re.sub(r"[^\w\s]", " ", re.sub(r"['’]", "", text.lower()).replace("_", " "))
    return " ".join(text.split())


def _close(matcher: difflib.SequenceMatcher, window: str) -> bool:
    """Whether `window` is within FUZZY_CUTOFF of the matcher's name.

    The two quick ratios are upper bounds of ratio() (as in difflib.get_close_matches),
    so they only skip the expensive comparison, never change the result.
    """
    name = matcher.b  # type: ignore[attr-defined]  # set by set_seq2(); the stubs don't declare it
    if 2 * min(len(window), len(name)) < FUZZY_CUTOFF * (len(window) + len(name)):
        return False  # real_quick_ratio(), without the call
    matcher.set_seq1(window)
    return (
        matcher.real_quick_ratio() >= FUZZY_CUTOFF
        and matcher.quick_ratio() >= FUZZY_CUTOFF
        and matcher.ratio() >= FUZZY_CUTOFF
    )


class KnowledgeBase:
    """All procedures and topics, with lookup of names and answers."""

    def __init__(self, procedures: Dict[str, Procedure], topics: Dict[str, Topic]):
        self.procedures = procedures
        self.topics = topics
        self._names: List[Tuple[str, str]] = sorted(
            (
                (normalise(name), proc.id)
                for proc in procedures.values()
                for name in (proc.name, proc.id, *proc.aliases)
            ),
            key=lambda pair: -len(pair[0]),
        )
        # one matcher per name: difflib indexes its second sequence (the name) once
        self._matchers = [difflib.SequenceMatcher(None, "", name) for name, _ in self._names]
        self._found: Dict[str, Tuple[str, ...]] = {}  # find_procedures results by text

    @classmethod
    def load(
        cls,
        procedures_dir: Path = DEFAULT_PROCEDURES_DIR,
        topics_file: Path = DEFAULT_TOPICS_FILE,
    ) -> "KnowledgeBase":
        """Read every procedure file in a folder and the shared topic list."""
        raw_topics = yaml.safe_load(Path(topics_file).read_text(encoding="utf-8"))["topics"]
        topics = {
            key: Topic(
                key=key,
                label=value["label"],
                button=value["button"],
                related=tuple(value.get("related", ())),
                missing=(value.get("missing") or "").strip(),
            )
            for key, value in raw_topics.items()
        }
        procedures: Dict[str, Procedure] = {}
        for path in sorted(Path(procedures_dir).glob("*.yml")):
            raw = yaml.safe_load(path.read_text(encoding="utf-8"))
            answers = {}
            for key, value in (raw.get("topics") or {}).items():
                if key not in topics:
                    raise ValueError(f"{path.name}: unknown topic {key!r}")
                answers[key] = TopicAnswer(
                    text=" ".join(value["answer"].split()),
                    sources=tuple(value["sources"]),
                )
            procedures[raw["id"]] = Procedure(
                id=raw["id"],
                name=raw["name"],
                source_document=raw["source_document"],
                aliases=tuple(raw.get("aliases", ())),
                answers=answers,
            )
        if not procedures:
            raise ValueError(f"no procedure files in {procedures_dir}")
        return cls(procedures, topics)

    def resolve(self, name: Optional[str]) -> Optional[str]:
        """Map a procedure name as a patient wrote it to a procedure id."""
        if not name:
            return None
        found = self.find_procedures(str(name))
        return found[0] if found else None

    def find_procedures(self, text: str) -> List[str]:
        """Procedure ids named in a message, in order of mention (typos tolerated)."""
        if text not in self._found:
            if len(self._found) > 10_000:  # texts are patients' messages: keep memory bounded
                self._found.clear()
            self._found[text] = tuple(self._find_procedures(text))
        return list(self._found[text])

    def _find_procedures(self, text: str) -> List[str]:
        words = normalise(text).split()
        if not words:
            return []
        hits: Dict[str, int] = {}
        taken = [False] * len(words)
        for (name, proc_id), matcher in zip(self._names, self._matchers, strict=True):
            size = len(name.split())
            for start in range(len(words) - size + 1):
                if any(taken[start : start + size]):
                    continue
                window = " ".join(words[start : start + size])
                if (
                    window == name
                    or (
                        len(name) >= 8
                        and not name.endswith(" one")  # "pelvis next" is not a misspelt "pelvis one"
                        and window[:1] == name[:1]  # "is fusion" is not a misspelt "si fusion"
                        and _close(matcher, window)
                    )
                ):
                    hits.setdefault(proc_id, start)
                    taken[start : start + size] = [True] * size
        return sorted(hits, key=hits.__getitem__)

    def names(self) -> List[Tuple[str, str]]:
        """Every (normalised name, procedure id) pair, longest name first."""
        return list(self._names)

    def covered_anywhere(self, topic_key: str) -> bool:
        """Whether any procedure's document covers `topic_key`."""
        return any(topic_key in p.answers for p in self.procedures.values())

    def other_procedure(self, procedure_id: Optional[str]) -> Optional[str]:
        """'The other one': the only procedure that is not `procedure_id`, if there is one."""
        others = [p for p in self.procedures if p != procedure_id]
        return others[0] if procedure_id in self.procedures and len(others) == 1 else None

    def answer(self, procedure_id: str, topic_key: str) -> Answer:
        """The answer on a topic for a procedure, or a plain 'not covered' answer."""
        procedure = self.procedures[procedure_id]
        topic = self.topics[topic_key]
        found = procedure.answers.get(topic_key)
        if found:
            return Answer(procedure, topic, found.text, True, found.sources)
        text = (
            f"The clinic's information on {procedure.name} does not cover {topic.label}, "
            "so I can't give you a reliable answer on that. "
            f"{topic.missing + ' ' if topic.missing else ''}"
            "You can ask about it at a consultation with the clinic."
        )
        return Answer(procedure, topic, text, False)


@lru_cache(maxsize=None)
def default_knowledge_base() -> KnowledgeBase:
    """The knowledge base the assistant uses (folder overridable by PROCEDURES_DIR)."""
    folder = os.environ.get("PROCEDURES_DIR")
    return KnowledgeBase.load(Path(folder) if folder else DEFAULT_PROCEDURES_DIR)
