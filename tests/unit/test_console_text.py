"""The staff shell's rendering of answers' Markdown (channels/console.py, terminal_text)."""

from __future__ import annotations

from channels.console import terminal_text
from clinic.replies import titled

ANSWER = titled(
    "SI joint fusion – Risks", "Rare: infection (see [the page](https://example.org/si_joint)).", "(Source: x.)"
)


def test_on_a_terminal_bold_and_italics_are_ansi_styles() -> None:
    assert terminal_text(ANSWER, styled=True) == (
        "\x1b[1mSI joint fusion – Risks\x1b[22m\n"
        "Rare: infection (see the page (https://example.org/si_joint)).\n"
        "\x1b[3m(Source: x.)\x1b[23m"
    )


def test_elsewhere_plain_text_with_bullets_links_and_words_unchanged() -> None:
    assert terminal_text(ANSWER, styled=False) == (
        "SI joint fusion – Risks\nRare: infection (see the page (https://example.org/si_joint)).\n(Source: x.)"
    )
    summary = "Here is your request:\n- Name: Jo_Ann *Smith*\n* Contact: [https://a.org](https://a.org)"
    assert (
        terminal_text(summary, styled=False) == "Here is your request:\n- Name: Jo_Ann Smith\n* Contact: https://a.org"
    )
