"""The glossary: explanations of words used in the clinic's documents (data/glossary.yml).

Plain Python, no Rasa. A term is found in a message by its names (longest first,
small typos tolerated); a procedure name that covers the same words wins over a
term inside it ("si joint fusion" is the procedure, "si joint" the joint).
"""

from __future__ import annotations

import difflib
import os
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Dict, Iterable, List, Optional, Tuple

import yaml

from clinic.knowledge import FUZZY_CUTOFF, normalise

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_GLOSSARY_FILE = ROOT / "data" / "glossary.yml"

# Terms offered as examples when a word is not in the glossary.
EXAMPLE_TERMS = ("sacrum", "iliac_crest", "fusion", "bony_union", "fluoroscopy", "implants")


@dataclass(frozen=True)
class Term:
    key: str
    names: Tuple[str, ...]
    explanation: str
    sources: Dict[str, Tuple[str, ...]]  # document file -> section headings
    heading: str = ""  # how the term is written as a heading (default: its first name)

    @property
    def title(self) -> str:
        return self.heading or self.names[0][:1].upper() + self.names[0][1:]


@dataclass(frozen=True)
class Hit:
    """A name found in a message: a glossary term or (kind 'procedure') a procedure id."""

    kind: str
    key: str
    start: int


class Glossary:
    def __init__(self, terms: Dict[str, Term]):
        self.terms = terms
        self._found: Dict[Tuple[str, Tuple[Tuple[str, str], ...]], Tuple[Hit, ...]] = {}  # find() by its arguments

    @classmethod
    def load(cls, path: Path = DEFAULT_GLOSSARY_FILE) -> "Glossary":
        raw = yaml.safe_load(Path(path).read_text(encoding="utf-8"))["terms"]
        terms = {}
        for key, value in raw.items():
            names = tuple(normalise(str(n)) for n in value["names"])
            if not names or not value.get("explanation") or not value.get("sources"):
                raise ValueError(f"glossary term {key!r} needs names, explanation and sources")
            terms[key] = Term(
                key=key,
                names=names,
                explanation=" ".join(value["explanation"].split()),
                sources={doc: tuple(sections) for doc, sections in value["sources"].items()},
                heading=str(value.get("title") or ""),
            )
        return cls(terms)

    def find(self, text: str, procedure_names: Iterable[Tuple[str, str]] = ()) -> List[Hit]:
        """Terms (and procedures, given as (name, id) pairs) named in `text`, in order of mention.

        Longer names are matched first; on equal length a glossary term wins.
        """
        key = (text, tuple(procedure_names))
        if key not in self._found:
            if len(self._found) > 1024:  # texts are patients' messages: keep memory bounded
                self._found.clear()
            self._found[key] = tuple(self._find(text, key[1]))
        return list(self._found[key])

    def _find(self, text: str, procedure_names: Tuple[Tuple[str, str], ...]) -> List[Hit]:
        words = normalise(text).split()
        if not words:
            return []
        names = [(name, "term", key) for key, term in self.terms.items() for name in term.names]
        names += [(normalise(name), "procedure", pid) for name, pid in procedure_names]
        names.sort(key=lambda n: (-len(n[0].split()), n[1] != "term", -len(n[0])))
        taken = [False] * len(words)
        hits: Dict[Tuple[str, str], int] = {}
        # longest names first; among names of the same length, exact ones before misspellings
        passes = sorted({len(n[0].split()) for n in names}, reverse=True)
        for size, fuzzy in [(size, fuzzy) for size in passes for fuzzy in (False, True)]:
            for name, kind, key in names:
                if len(name.split()) != size or (fuzzy and len(name) < 8):
                    continue
                for start in range(len(words) - size + 1):
                    if any(taken[start : start + size]):
                        continue
                    window = " ".join(words[start : start + size])
                    if window == name or (
                        fuzzy
                        and window[:1] == name[:1]
                        and difflib.SequenceMatcher(None, window, name).ratio() >= FUZZY_CUTOFF
                    ):
                        hits.setdefault((kind, key), start)
                        taken[start : start + size] = [True] * size
        return [Hit(kind, key, start) for (kind, key), start in sorted(hits.items(), key=lambda h: h[1])]

    def terms_in(self, text: str, procedure_names: Iterable[Tuple[str, str]] = ()) -> List[str]:
        """Only the glossary terms named in `text` (procedure names do not count as terms)."""
        return [h.key for h in self.find(text, procedure_names) if h.kind == "term"]

    def get(self, key: str) -> Optional[Term]:
        return self.terms.get(key)


@lru_cache(maxsize=None)
def default_glossary() -> Glossary:
    path = os.environ.get("GLOSSARY_FILE")
    return Glossary.load(Path(path) if path else DEFAULT_GLOSSARY_FILE)
