"""Two people in one conversation (clinic.understanding.people) and what the reading makes of it."""

import pytest

from clinic.knowledge import default_knowledge_base
from clinic.rendering import render
from clinic.understanding.people import ME, THEM, as_slot, assign, from_slot, person_in
from clinic.understanding.reading import AnswerTopics, Context, Message, Route, read

KB = default_knowledge_base()
SI, SPF = "si_joint_fusion", "spinopelvic_fixation"


@pytest.mark.parametrize(
    "text, expected",
    [
        ("I had SI joint fusion and my father had spinopelvic fixation", {ME: SI, THEM: SPF}),
        (
            "my husband is having spinopelvic fixation next month and I'm being considered for SI joint fusion",
            {ME: SI, THEM: SPF},
        ),
        ("I had SI joint fusion. what about spinopelvic fixation?", {}),  # one person
        ("my mum had SI fusion and my dad had spinopelvic fixation", {}),  # two others: no "me"
    ],
)
def test_whose_procedure_is_whose(text, expected):
    assert assign(text, KB.find_procedures) == expected


@pytest.mark.parametrize(
    "text, person",
    [
        ("when can I drive?", ME),
        ("what were my risks again?", ME),
        ("and for mine?", ME),
        ("and him?", THEM),
        ("what about his anesthesia?", THEM),
        ("my husband's risks?", THEM),
        ("how long is the recovery", None),
        ("can I visit him after his operation?", None),  # both
    ],
)
def test_the_person_a_follow_up_speaks_of(text, person):
    assert person_in(text) == person


def test_the_slot_round_trip():
    assert from_slot(as_slot({ME: SI, THEM: SPF})) == ((ME, SI), (THEM, SPF))
    assert from_slot(["nobody:x", "bad"]) == ()


TWO = Context(procedure=SPF, procedure_before=SPF, topic="overview", people=((ME, SI), (THEM, SPF)))


@pytest.mark.parametrize(
    "route, text, intent, procedure",
    [
        (Route.QUESTION, "when can I drive?", "ask_activities", SI),
        (Route.QUESTION, "what were my risks again?", "ask_risks", SI),
        (Route.QUESTION, "what about his anaesthesia?", "ask_anesthesia", SPF),
        (Route.QUESTION, "what are the risks of SI joint fusion?", "ask_risks", SI),  # a name wins
    ],
)
def test_a_follow_up_is_answered_for_the_person_it_speaks_of(route, text, intent, procedure):
    reading = read(route, Message(text, intent), TWO, KB)
    assert isinstance(reading, AnswerTopics) and reading.procedures == (procedure,)


def test_and_him_after_an_answer_is_the_same_topic_for_the_other_person():
    after_risks = Context(procedure=SI, procedure_before=SI, topic="risks", people=((ME, SI), (THEM, SPF)))
    reading = read(Route.FALLBACK, Message("and him?", "nlu_fallback"), after_risks, KB)
    assert reading == AnswerTopics(("risks",), (SPF,))


def test_the_assignment_is_kept_in_the_people_slot():
    text = "I had SI joint fusion and my father had spinopelvic fixation"
    out = render(read(Route.QUESTION, Message(text, "ask_overview"), Context(), KB), Message(text), Context(), KB)
    assert ("people", ["me:si_joint_fusion", "them:spinopelvic_fixation"]) in out.slots


def test_and_him_keeps_the_topic_whatever_intent_the_classifier_guessed():
    after_risks = Context(procedure=SI, procedure_before=SI, topic="risks", people=((ME, SI), (THEM, SPF)))
    reading = read(Route.QUESTION, Message("and him?", "ask_activities"), after_risks, KB)
    assert reading == AnswerTopics(("risks",), (SPF,))
