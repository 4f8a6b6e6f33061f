"""Which risks named on a procedure page a reported warning sign can point to.

Vocabulary: data/vocabulary/warning_sign_risks.yml (risk name -> sign terms). Used by the
escalation reply (components/nlg.py) to add what the page itself says; it never decides
whether a message is a red flag (clinic.understanding.red_flags does).
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Dict, List, Pattern

import yaml

from clinic.understanding.vocabulary import VOCABULARY_DIR, terms_pattern

SIGNS_FILE = VOCABULARY_DIR / "warning_sign_risks.yml"


@lru_cache(maxsize=None)
def _signs(path: Path = SIGNS_FILE) -> Dict[str, Pattern[str]]:
    """risk name -> pattern of its signs. Raises FileNotFoundError, yaml.YAMLError."""
    raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    return {str(risk): terms_pattern(signs) for risk, signs in raw.items()}


def risks_pointed_to(text: str, risks_text: str) -> List[str]:
    """The risks whose signs `text` mentions and whose name `risks_text` (a page's risks
    answer) contains, in the vocabulary's order; [] when the page names none of them."""
    page = risks_text.lower()
    text = text.replace("\u2019", "'")
    return [risk for risk, signs in _signs().items() if risk in page and signs.search(text)]
