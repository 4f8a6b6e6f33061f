"""Kinds found on evaluation set 6's dev half (issue 15), each with several members, without
Rasa: time on the operating table, who a procedure is for with a filler word, whether it
worked, what to try first, lay words for the buttock and the triangular implants, a
procedure described in a message the classifier took as out of scope, a personal decision
beside a factual question, diet, another treatment compared, and a "not mentioned" note
said once."""

import pytest

from clinic import replies
from clinic.knowledge import default_knowledge_base
from clinic.rendering import render
from clinic.settings import clinic
from clinic.understanding import clauses
from clinic.understanding.facets import facets_in
from clinic.understanding.procedures import refer
from clinic.understanding.reading import (
    AnswerTopics,
    Clause,
    Context,
    Message,
    OnSubjects,
    OutOfScope,
    PersonalAdvice,
    Route,
    kb_names,
    WarningSigns,
    read,
)
from clinic.understanding.subjects import mentioned_nowhere, subjects_in

KB = default_knowledge_base()
SI, SPF = "si_joint_fusion", "spinopelvic_fixation"
NAMES = kb_names(KB)


@pytest.mark.parametrize(
    "text, expected",
    [
        # time on the operating table is the duration, not the steps
        ("how long am i actually on the table for si joint fusion? just the op itself", ["duration"]),
        ("how long is she on the table", ["duration"]),
        ("how long will he be on the operating table for spinopelvic fixation", ["duration"]),
        ("how much time on the table is it", ["duration"]),
        # a filler word inside "who is <procedure> for"
        ("who is SI joint fusion actually for?", ["candidacy"]),
        ("who is spinopelvic fixation really for", ["candidacy"]),
        ("what sort of patients get spinopelvic fixation", ["candidacy"]),
        ("what kind of people have si fusion", ["candidacy"]),
        # whether it works is the results; how one knows it worked is the follow-up imaging
        ("still getting pain in my bum, is it even working?", ["results"]),
        ("how do i know if the si fusion worked", ["follow_up"]),  # the imaging that confirms fusion
        ("its been 3 months, did it fail?", ["results"]),
        # what to try first is the alternatives
        ("what should i try first before going for it", ["alternatives"]),
        ("are there other things to try first", ["alternatives"]),
        ("what else can i try before going for surgery", ["alternatives"]),
    ],
)
def test_facets_in_patients_words(text, expected):
    assert facets_in(text, NAMES) == expected


def test_who_is_the_procedure_as_a_person_is_still_the_overview():
    assert facets_in("who is spinopelvic fixation, is that one of the doctors??", NAMES) == ["overview"]


@pytest.mark.parametrize(
    "text",
    [
        "the op where they put 3 little triangle implants through the side of your bum into the joint",
        "they want to fuse the joint in my bum, how long does it take?",
        "triangle shaped titanium implants put into my pelvis, what is the recovery like",
        "my bottom joint is getting fused next week, what are the risks",
    ],
)
def test_lay_words_for_the_buttock_and_the_triangular_implants_lead_to_si_joint_fusion(text):
    assert refer(text, KB).procedures == (SI,)


def test_triangular_fixation_stays_spinopelvic():
    assert refer("is triangular fixation the same as lumbopelvic fixation", KB).procedures != (SI,)


@pytest.mark.parametrize(
    "text, topic, procedure",
    [
        (
            "they put screws from my lower back into my hip bone to hold my broken pelvic ring together. "
            "whats recovery like in the hospital",
            "recovery",
            SPF,
        ),
        ("my mum is having rods from her spine into her pelvis, what are the risks", "risks", SPF),
        ("the joint in my bum is getting fused with implants, how long does the operation take", "duration", SI),
    ],
)
def test_a_procedure_in_words_and_a_topic_asked_are_answered_even_if_taken_as_out_of_scope(text, topic, procedure):
    found = read(Route.OUT_OF_SCOPE, Message(text, "out_of_scope"), Context(), KB)
    assert isinstance(found, AnswerTopics) and found.topics[0] == topic and found.procedures == (procedure,)


def test_out_of_scope_without_a_procedure_stays_out_of_scope():
    found = read(
        Route.OUT_OF_SCOPE, Message("how long is the recovery from a knee replacement", "out_of_scope"), Context(), KB
    )
    assert isinstance(found, OutOfScope)


def compound(text: str, *rankings) -> Message:
    spans = clauses.spans(text)
    return Message(
        text,
        rankings[0][0][0],
        clauses=tuple(Clause(s, e, tuple(r)) for (s, e), r in zip(spans, rankings, strict=True)),
    )


@pytest.mark.parametrize(
    "text, whole, second, procedure",
    [
        ("should i have si joint fusion? and how long is the op?", "ask_duration", "duration", SI),
        (
            "my dad is 80 and diabetic, is spinopelvic fixation safe for him and how long is the recovery?",
            "ask_recovery",
            "recovery",
            SPF,
        ),
        ("is si fusion a good idea for me, and what are the risks", "ask_risks", "risks", SI),
    ],
)
def test_a_personal_decision_beside_a_factual_question_gets_both(text, whole, second, procedure):
    rankings = [[(whole, 0.9)] for _ in clauses.spans(text)]
    message = compound(text, *rankings)
    found = read(Route.QUESTION, message, Context(), KB)
    assert found == PersonalAdvice((procedure,), (second,))
    out = render(found, message, Context(), KB)
    assert out.replies[0].text.startswith("I can't tell whether a procedure is right or safe for you personally")
    assert KB.answer(procedure, second).text in " ".join(r.text for r in out.replies)
    # the next steps come once, after the last answer
    assert [bool(r.buttons) for r in out.replies].count(True) == 1 and out.replies[-1].buttons


def test_a_factual_question_in_the_personal_advice_route_gets_the_topic_its_clause_asks():
    text = "my dad's spinopelvic fixation, is he fully asleep for it?"
    message = compound(text, [("inform_procedure", 0.97)], [("ask_anesthesia", 0.96)])
    message = Message(
        text, "ask_personal_advice", (("ask_personal_advice", 0.81), ("ask_anesthesia", 0.14)), (), message.clauses
    )
    found = read(Route.PERSONAL_ADVICE, message, Context(), KB)
    assert isinstance(found, AnswerTopics) and found.topics == ("anesthesia",) and found.procedures == (SPF,)


@pytest.mark.parametrize(
    "text",
    [
        "what should i eat after spinopelvic fixation to help the bones fuse? more calcium?",
        "should my mother eat more protein to help her bones heal",
        "any vitamins or supplements that help the fusion",
        "is there a special diet after si joint fusion",
    ],
)
def test_diet_is_a_subject_no_page_mentions(text):
    asked = subjects_in(text)
    assert [s.label for s in asked] == ["diet, nutrition and supplements"]
    assert mentioned_nowhere(KB, asked) == asked


@pytest.mark.parametrize("text", ["can i eat before the op?", "how long do i have to fast before surgery"])
def test_eating_before_the_operation_is_not_diet(text):
    assert "diet, nutrition and supplements" not in [s.label for s in subjects_in(text)]


@pytest.mark.parametrize(
    "text, named",
    [
        ("is radiofrequency ablation better than SI joint fusion?", "radiofrequency ablation"),
        ("should i get a nerve ablation instead of si fusion", "nerve ablation"),
    ],
)
def test_another_treatment_compared_with_the_procedure_is_named_as_not_mentioned(text, named):
    body = replies.answer(KB, [SI], "alternatives", clinic(), question=text)[0].text
    assert f"{replies.DOES_NOT_MENTION} {named}" in body


def test_a_thing_not_mentioned_is_said_once_across_the_topics_answered():
    text = "I'm on blood thinners. how long will I stay in hospital after si joint fusion and when can I drive?"
    out = render(AnswerTopics(("hospital_stay", "activities"), (SI,)), Message(text), Context(), KB)
    said = " ".join(r.text for r in out.replies)
    assert said.count("blood thinners") == 1


@pytest.mark.parametrize(
    "text",
    [
        "what should i eat after spinopelvic fixation to help the bones fuse? more calcium?",
        "what should i avoid after spinopelvic fixation, is smoking ok?",
        "after spinopelvic fixation what about flying?",
    ],
)
def test_a_subject_named_in_a_question_taken_for_warning_signs_gets_what_the_page_says(text):
    found = read(Route.WARNING_SIGNS, Message(text, "ask_warning_signs"), Context(), KB)
    assert isinstance(found, OnSubjects) and found.procedure == SPF


def test_a_warning_sign_question_naming_a_subject_still_gets_the_warning_signs():
    found = read(
        Route.WARNING_SIGNS,
        Message("what symptoms should make me call, like swelling?", "ask_warning_signs"),
        Context(procedure=SI),
        KB,
    )
    assert isinstance(found, WarningSigns)


@pytest.mark.parametrize(
    "text",
    [
        "ok. what should make me call the clinic then?",
        "when should i ring you after the op?",
        "what symptoms should make me phone the surgeon",
    ],
)
def test_which_signs_need_a_call_in_the_contact_route_get_the_warning_signs(text):
    found = read(Route.CONTACT, Message(text, "contact_clinic"), Context(procedure=SI, procedure_before=SI), KB)
    assert found == WarningSigns(SI)


@pytest.mark.parametrize(
    "text, procedure",
    [
        ("will medicare cover the ifuse op?", SI),
        ("does insurance pay for the rialto procedure", SI),
        ("is the S2AI screw surgery covered by my insurance", SPF),
    ],
)
def test_insurance_for_a_procedure_named_by_a_brand_is_the_procedures_cost_answer(text, procedure):
    found = read(Route.QUESTION, Message(text, "ask_cost"), Context(), KB)
    assert isinstance(found, AnswerTopics) and found.topics == ("cost",) and found.procedures == (procedure,)
    assert found.unnamed


def test_a_topic_asked_in_a_clause_after_a_story_with_a_medical_word_is_answered():
    text = (
        "after they take the tumour out of my sacrum they're putting rods and screws from my lumbar spine into my pelvis. "
        "what exercises will they have me doing afterwards?"
    )
    message = compound(text, [("ask_term", 0.8)], [("ask_recovery", 0.9)])
    found = read(Route.EXPLAIN_TERM, message, Context(), KB)
    assert isinstance(found, AnswerTopics) and found.topics == ("recovery",) and found.procedures == (SPF,)
