"""Which procedure each topic of a compound question is about.

"How long is SI joint fusion, and for my husband's spinopelvic fixation, is he asleep?" asks
the duration of one and the anaesthesia of the other, not both of both. The message is cut
into parts at sentence ends and at a joining "and", "also", "plus" or "but"; a part that
names no procedure is about the one named last (or, before any is named, the next one).
"""

from __future__ import annotations

import re
from typing import Callable, Dict, List, Optional, Sequence, Tuple

# sentence ends, and "and"/"also"/"plus"/"but"/"while"/"whereas" joining two parts
PART_BREAK = re.compile(r"[?!.;\n]+|,?\s+\b(?:and|also|plus|but|while|whereas)\b\s+", re.I)

Pair = Tuple[str, str]  # (procedure id, topic key)


def parts(text: str) -> List[str]:
    """The message cut at PART_BREAK, empty parts left out."""
    return [p.strip() for p in PART_BREAK.split(text) if p.strip()]


def pairs(
    text: str,
    topics: Sequence[str],
    procedures_in: Callable[[str], List[str]],
    topics_in: Callable[[str], List[str]],
    person_in: Callable[[str], Optional[str]] = lambda part: None,
) -> Optional[Tuple[Pair, ...]]:
    """(procedure, topic) for each topic of `topics`, when the message asks different topics of
    different procedures; None when it does not (then every topic is answered for every
    procedure named).

    procedures_in(part) -> procedure ids the part names; topics_in(part) -> topic keys it asks;
    person_in(part) -> the one person it speaks of, if any ("mother"): a part naming a person
    whose procedure an earlier part gave ("mom had the SI joint thing… mom has some soreness,
    normal?") is about that procedure.
    None unless: two or more procedures are named, each part naming one also asks a topic,
    no part names two, and every topic of `topics` belongs to exactly one procedure.
    """
    found: List[Pair] = []
    pending: List[str] = []  # topics asked before any procedure is named
    current: Optional[str] = None
    named_any = set()
    persons: Dict[str, str] = {}  # person -> the procedure a part gave them
    for part in parts(text):
        named, asked = procedures_in(part), [t for t in topics_in(part) if t in topics]
        person = person_in(part)
        if len(named) > 1:
            return None  # "how long are SI fusion and spinopelvic fixation?": both of both
        if named and person and not asked:
            persons.setdefault(person, named[0])  # "my mom had the SI joint thing": whose it is
            named_any.add(named[0])
            continue
        if not named and person in persons:
            named = [persons[person]]  # "…mom has a bit of soreness, normal?"
        if named:
            if not asked and not pending:
                return None  # "…and spinopelvic fixation?": the same topics for it too
            current = named[0]
            named_any.add(current)
            found += [(current, t) for t in pending]
            pending = []
        if current is None:
            pending += asked
        else:
            found += [(current, t) for t in asked]
    unique = list(dict.fromkeys(found))
    if len(named_any) < 2 or pending or sorted({t for _, t in unique}) != sorted(set(topics)):
        return None
    if any(len({p for p, t in unique if t == topic}) > 1 for topic in topics):
        return None  # a topic asked of both: answered for both
    return tuple(unique)
