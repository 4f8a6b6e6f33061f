"""Whether a message says anything at all: empty, blank, invisible or lone punctuation has no content.

A message has content when it holds at least one visible letter, digit or symbol
(emoji included). Whitespace, control and format characters (zero-width space,
joiners, BOM, soft hyphen...), combining marks on their own, the blank-looking
filler letters below and punctuation alone ("?", "...", "-") do not count: such a
message gets a short request to type a question, and is never guessed at.
"""

from __future__ import annotations

import unicodedata

# letters and symbols that render as nothing
INVISIBLE = frozenset(
    "\u115f\u1160"  # Hangul choseong / jungseong fillers
    "\u3164\uffa0"  # Hangul filler, halfwidth Hangul filler
    "\u2800"  # Braille pattern blank
)
# Unicode general categories (first letter) that carry meaning: letters, numbers, symbols
MEANINGFUL = ("L", "N", "S")


def has_content(text: str) -> bool:
    """True if `text` holds a visible letter, digit or symbol; False for "", spaces,
    tabs, newlines, zero-width and other invisible characters, and punctuation alone."""
    return any(unicodedata.category(char)[0] in MEANINGFUL and char not in INVISIBLE for char in text or "")
