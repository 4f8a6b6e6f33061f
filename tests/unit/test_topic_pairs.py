"""Different topics of different procedures in one message (clinic.understanding.topic_pairs)."""

import pytest

from clinic.knowledge import default_knowledge_base
from clinic.understanding.facets import facets_in
from clinic.understanding.reading import AnswerTopics, Context, Message, Route, kb_names, read
from clinic.understanding.topic_pairs import pairs

KB = default_knowledge_base()
SI, SPF = "si_joint_fusion", "spinopelvic_fixation"


def paired(text):
    topics = facets_in(text, kb_names(KB))
    return pairs(text, topics, KB.find_procedures, lambda part: facets_in(part, kb_names(KB)))


@pytest.mark.parametrize(
    "text, expected",
    [
        (
            "for SI fusion how long is the op, and for my husband's spinopelvic fixation is he asleep?",
            ((SI, "duration"), (SPF, "anesthesia")),
        ),
        (
            "how long is si joint fusion and what anaesthesia for spinopelvic fixation",
            ((SI, "duration"), (SPF, "anesthesia")),
        ),
        (
            "what are the risks of SI joint fusion? And how long is the hospital stay for spinopelvic fixation?",
            ((SI, "risks"), (SPF, "hospital_stay")),
        ),
        (
            "is si joint fusion done under general, and how long is it? and for spinopelvic fixation, how long in hospital",
            ((SI, "anesthesia"), (SI, "duration"), (SPF, "hospital_stay")),
        ),
        # one question of both, or the same topics for both: every topic for every procedure
        ("how long is the hospital stay for si joint fusion and spinopelvic fixation", None),
        ("what are the risks of si fusion and spinopelvic fixation, and how long is recovery", None),
        ("what are the risks of si joint fusion and what about spinopelvic fixation?", None),
        ("how long does SI fusion take and how long is the stay", None),  # one procedure
    ],
)
def test_each_topic_goes_with_the_procedure_its_part_names(text, expected):
    assert paired(text) == expected


def test_the_reading_answers_the_pairs_only():
    text = "how long is si joint fusion and what anaesthesia for spinopelvic fixation"
    reading = read(Route.QUESTION, Message(text, "ask_duration"), Context(), KB)
    assert isinstance(reading, AnswerTopics)
    assert reading.pairs == ((SI, "duration"), (SPF, "anesthesia"))


def test_the_reply_has_one_answer_per_pair():
    from clinic.rendering import render

    text = "for SI fusion how long is the op, and for my husband's spinopelvic fixation is he asleep?"
    reading = read(Route.QUESTION, Message(text, "ask_duration"), Context(), KB)
    titles = [
        r.text.split("\n")[0] for r in render(reading, Message(text), Context(), KB).replies if r.text.startswith("**")
    ]
    assert titles == [
        "**SI joint fusion – how long the procedure takes**  ",
        "**Spinopelvic fixation – what kind of anaesthesia is used**  ",
    ]


def test_two_relatives_in_one_message_each_with_their_own_question():
    from clinic.understanding.people import relative_in

    text = (
        "my mom had the si joint thing 2 days ago and my dad is getting spinopelvic fixation next week. "
        "mom wants to know when she can drive, and dad - how long will he be under for?"
    )
    topics = facets_in(text, kb_names(KB))
    found = pairs(text, topics, KB.find_procedures, lambda part: facets_in(part, kb_names(KB)), relative_in)
    assert found == ((SI, "activities"), (SPF, "duration"))
