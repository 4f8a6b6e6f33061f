"""clinic.understanding.content: which messages say nothing at all."""

import pytest

from clinic.understanding.content import has_content


@pytest.mark.parametrize(
    "text",
    [
        "",
        " ",
        "   \t  ",
        "\n",
        "\r\n\n",
        "\u200b",  # zero-width space
        "\u200c\u200d\u2060\ufeff",  # zero-width (non-)joiner, word joiner, BOM
        "\u00ad",  # soft hyphen
        "\u00a0\u2003\u3000",  # no-break, em and ideographic spaces
        "\u3164",  # Hangul filler
        "\u2800",  # Braille blank
        "\u034f\ufe0f",  # combining grapheme joiner, variation selector alone
        "?",
        " . ",
        "...",
        "!?",
        "-",
        "\u200b?\u200b",
    ],
)
def test_nothing_to_answer(text):
    assert not has_content(text)


@pytest.mark.parametrize(
    "text", ["hi", "a", "5", "?why", "is it safe?", "\u200bhello", "😀", "👍", "$", "ok.", "/greet", "é"]
)
def test_something_to_answer(text):
    assert has_content(text)
