"""Reply texts are Markdown (the web widget renders it) that reads well as plain text."""

import re

from clinic.glossary import default_glossary
from clinic.knowledge import default_knowledge_base
from clinic.replies import titled

MARKDOWN_MARKS = re.compile(r"[*_`<>\[\]\\#]|^\s*(?:\d+[.)]|[-+])\s", re.MULTILINE)


def test_title_body_and_source_are_lines_of_their_own():
    text = titled("SI joint fusion – duration", "About 45 to 90 minutes.", '(Source: the page, "Duration".)')
    assert text.split("  \n") == [
        "**SI joint fusion – duration**",
        "About 45 to 90 minutes.",
        '_(Source: the page, "Duration".)_',
    ]
    assert "\n\n" not in text  # socket.io would split it into separate bubbles
    assert titled("Title", "Body") == "**Title**  \nBody"


def test_answers_and_explanations_are_plain_text():
    """What titled() wraps must not carry Markdown marks of its own."""
    kb, glossary = default_knowledge_base(), default_glossary()
    texts = [kb.answer(p, t).text for p, procedure in kb.procedures.items() for t in procedure.answers]
    texts += [t.explanation for t in glossary.terms.values()] + [t.title for t in glossary.terms.values()]
    texts += [topic.label for topic in kb.topics.values()] + [p.name for p in kb.procedures.values()]
    assert texts and [t for t in texts if MARKDOWN_MARKS.search(t)] == []
