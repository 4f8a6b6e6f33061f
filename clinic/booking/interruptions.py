"""The intents that may interrupt the booking form, from data/booking_interruptions.yml.

The action server's form (actions/booking_form.py) and the rules (data/rules/booking.yml,
checked by tests/unit/test_intent_lists.py) both follow this one list.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Dict, FrozenSet, Optional

import yaml

ROOT = Path(__file__).resolve().parents[2]
DEFAULT_INTERRUPTIONS_FILE = ROOT / "data" / "booking_interruptions.yml"


@dataclass(frozen=True)
class Interruptions:
    """answered: intent → the action (or response) that answers it before the form asks
    again; ending: the intents whose own rules end the form (escalation, stop)."""

    answered: Dict[str, str]
    ending: FrozenSet[str]


@lru_cache(maxsize=None)
def load_interruptions(path: Optional[Path] = None) -> Interruptions:
    """Read the file (default data/booking_interruptions.yml). Raises OSError if it cannot be
    read, ValueError if a section is missing or not of the expected shape."""
    data = yaml.safe_load((path or DEFAULT_INTERRUPTIONS_FILE).read_text(encoding="utf-8")) or {}
    answered, ending = data.get("answered"), data.get("ending")
    if not isinstance(answered, dict) or not all(isinstance(v, str) for v in answered.values()):
        raise ValueError("booking interruptions: 'answered' must map intents to action names")
    if not isinstance(ending, list):
        raise ValueError("booking interruptions: 'ending' must be a list of intents")
    return Interruptions(answered={str(k): v for k, v in answered.items()}, ending=frozenset(map(str, ending)))
