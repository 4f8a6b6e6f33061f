"""Compound questions cut into clauses (clinic.understanding.clauses) and the topics each
clause asks (reading.topics_asked), without Rasa: the rankings are given here as the
pipeline would give them (tests/model/test_clauses.py checks the real pipeline)."""

from __future__ import annotations

import pytest

from clinic.knowledge import default_knowledge_base
from clinic.understanding import clauses
from clinic.understanding.reading import Clause, Message, topics_asked

KB = default_knowledge_base()


@pytest.mark.parametrize(
    "text, expected",
    [
        # sentence ends
        (
            "Is an SI fusion permanent? Will it ever need redoing?",
            ["Is an SI fusion permanent", "Will it ever need redoing"],
        ),
        ("I'm on blood thinners. when is the op", ["I'm on blood thinners", "when is the op"]),
        # a joining word before a question word
        (
            "do they use xray during the SI fusion plus do i need someone to take me home",
            ["do they use xray during the SI fusion", "do i need someone to take me home"],
        ),
        ("how long is the surgery and how long do i stay in?", ["how long is the surgery", "how long do i stay in"]),
        ("is it keyhole, and will it hurt", ["is it keyhole", "will it hurt"]),
        (
            "what is it used for, what happens during it, and will I need physio after?",
            ["what is it used for", "what happens during it", "will I need physio after"],
        ),
        ("can I drive also when can I work", ["can I drive", "when can I work"]),
        # no new question: one clause
        ("my wife and i want to know how long it takes", ["my wife and i want to know how long it takes"]),
        ("screws and rods in the pelvis, what are they for", ["screws and rods in the pelvis", "what are they for"]),
        ("how long does it take", ["how long does it take"]),
        # too short to be a question of its own
        ("and?", []),
        ("what is SI joint fusion? ok", ["what is SI joint fusion"]),
    ],
)
def test_split(text, expected):
    assert clauses.split(text) == expected


def test_spans_are_offsets_into_the_text():
    text = "Is it painful after? And what kind of physio is there?"
    assert [text[s:e].strip() for s, e in clauses.spans(text)] == clauses.split(text)


def test_at_most_max_clauses():
    text = "? ".join(f"question number {n} here" for n in range(10))
    assert len(clauses.spans(text)) == clauses.MAX_CLAUSES


def message(text: str, *rankings) -> Message:
    """`text` with each clause's ranking given in order (a ranking: (intent, confidence) pairs)."""
    spans = clauses.spans(text)
    assert len(spans) == len(rankings)
    return Message(text=text, clauses=tuple(Clause(s, e, tuple(r)) for (s, e), r in zip(spans, rankings, strict=True)))


def test_a_clause_without_a_phrase_asks_its_own_top_topic():
    # "does someone have to drive me": no facet phrase, the clause's ranking gives preparation
    m = message(
        "before SI fusion how long does the operation take? and does someone have to drive me?",
        [("ask_duration", 0.9)],
        [("ask_preparation", 0.7), ("ask_recovery", 0.1)],
    )
    assert topics_asked(m, KB) == ["duration", "preparation"]


def test_the_clauses_keep_the_order_of_the_message():
    m = message(
        "is it keyhole, and how long does the operation take", [("ask_procedure_steps", 0.93)], [("ask_duration", 0.9)]
    )
    assert topics_asked(m, KB) == ["procedure_steps", "duration"]


@pytest.mark.parametrize(
    "text, ranking",
    [
        (
            "my mum is 82 and fractured her sacrum. how long does the operation take",
            ("ask_indications", 0.9),
        ),  # not a question
        ("is it keyhole. how long does the operation take", ("ask_procedure_steps", 0.4)),  # unsure
        ("is it keyhole. how long does the operation take", ("book_appointment", 0.9)),  # not a topic
    ],
)
def test_a_clause_asks_no_topic_when_it_is_no_question_unsure_or_no_topic(text, ranking):
    assert topics_asked(message(text, [ranking], [("ask_duration", 0.9)]), KB) == ["duration"]


def test_a_clause_set_aside_asks_nothing():
    m = message("why is it done? not how it is done", [("ask_indications", 0.9)], [("ask_procedure_steps", 0.95)])
    assert topics_asked(m, KB) == ["indications"]


def test_without_clauses_the_facets_of_the_whole_message():
    assert topics_asked(Message(text="what anaesthetic is used and how long does the operation take"), KB) == [
        "anesthesia",
        "duration",
    ]
