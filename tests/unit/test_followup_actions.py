"""Glossary, office questions, follow-ups asking for more detail, and topics no document covers."""

import asyncio

import pytest
from rasa_sdk.events import SlotSet

from actions import actions as acts
from clinic.settings import clinic
from tests.conftest import make_tracker, procedure_entity

SI = {"procedure": "si_joint_fusion", "disclaimer_shown": True}


def run(action, dispatcher, tracker):
    return asyncio.run(action.run(dispatcher, tracker, {}))


def said(dispatcher):
    return "\n".join(m["text"] for m in dispatcher.messages)


def test_a_word_from_the_documents_is_explained_with_its_source(dispatcher):
    run(acts.ActionExplainTerm(), dispatcher, make_tracker("what is the sacrum", "ask_term"))
    text = said(dispatcher)
    assert "base of the spine" in text
    assert 'spinopelvic fixation page, "Spinopelvic fixation"' in text


def test_an_overview_question_about_a_word_explains_the_word(dispatcher):
    run(acts.ActionAnswerQuestion(), dispatcher, make_tracker("what's the iliac crest", "ask_overview", slots=SI))
    assert "forms the pelvis" in said(dispatcher)


def test_a_procedure_name_asked_as_a_term_gets_the_overview(dispatcher):
    events = run(acts.ActionExplainTerm(), dispatcher, make_tracker("what does si joint fusion mean", "ask_term"))
    assert "minimally invasive" in said(dispatcher)
    assert events == [
        SlotSet("topic", "overview"),
        SlotSet("procedure", "si_joint_fusion"),
        SlotSet("disclaimer_shown", True),
    ]


def test_an_unknown_word_is_not_guessed(dispatcher):
    run(acts.ActionExplainTerm(), dispatcher, make_tracker("what is a laminectomy", "ask_term"))
    text = said(dispatcher)
    assert "don't have an explanation" in text
    assert clinic().phone in text


def test_office_question_gives_phone_and_says_what_is_unknown(dispatcher):
    run(acts.ActionOfficeInfo(), dispatcher, make_tracker("do you take aetna", "ask_office"))
    text = said(dispatcher)
    assert "don't have information about which insurance plans" in text
    assert clinic().phone in text
    assert dispatcher.messages[-1]["buttons"][0]["payload"] == "/book_appointment"


def test_insurance_taken_for_a_cost_question_is_answered_as_an_office_question(dispatcher):
    run(acts.ActionAnswerQuestion(), dispatcher, make_tracker("do you accept medicare", "ask_cost"))
    assert "insurance plans" in said(dispatcher)


def test_cost_without_a_procedure_does_not_ask_which_one(dispatcher):
    run(acts.ActionAnswerQuestion(), dispatcher, make_tracker("how much does it cost", "ask_cost"))
    text = said(dispatcher)
    assert "does not cover cost" in text and clinic().phone in text
    assert "Which procedure" not in text


def test_address_taken_for_a_contact_request_says_it_is_not_known(dispatcher):
    run(acts.ActionContactClinic(), dispatcher, make_tracker("where are you located", "human_handoff"))
    assert "don't have information about the clinic's address" in said(dispatcher)


def test_parking_taken_for_out_of_scope_gets_the_phone(dispatcher):
    run(acts.ActionOutOfScope(), dispatcher, make_tracker("where do i park", "out_of_scope"))
    assert clinic().phone in said(dispatcher)
    dispatcher.messages.clear()
    run(acts.ActionOutOfScope(), dispatcher, make_tracker("tell me a joke", "out_of_scope"))
    assert "I can only help" in said(dispatcher)


def test_several_months_is_how_many(dispatcher):
    tracker = make_tracker("several months is how many?", "ask_more_detail", slots={**SI, "topic": "results"})
    run(acts.ActionMoreDetail(), dispatcher, tracker)
    text = said(dispatcher)
    assert "several months" in text
    assert "does not give more detail" in text


def test_is_that_normal_does_not_judge_and_gives_the_phone(dispatcher):
    tracker = make_tracker("is that normal?", "ask_more_detail", slots={**SI, "topic": "risks"})
    run(acts.ActionMoreDetail(), dispatcher, tracker)
    text = said(dispatcher)
    assert "can't judge" in text and clinic().phone in text


def test_more_detail_without_context_asks_what_is_meant(dispatcher):
    run(acts.ActionMoreDetail(), dispatcher, make_tracker("why?", "ask_more_detail"))
    assert "Could you tell me" in said(dispatcher)


def test_wound_care_says_what_the_document_does_not_cover(dispatcher):
    run(acts.ActionAnswerQuestion(), dispatcher, make_tracker("how soon can i shower", "ask_wound_care", slots=SI))
    text = said(dispatcher)
    assert "small incision" in text and "showering" in text


def test_an_activity_the_answer_does_not_name_is_said_plainly(dispatcher):
    run(acts.ActionAnswerQuestion(), dispatcher, make_tracker("and stairs?", "ask_activities", slots=SI))
    assert "does not mention stairs specifically" in said(dispatcher)


def test_brace_question_in_context(dispatcher):
    tracker = make_tracker(
        "will i need a brace", "ask_mobility_aids", slots={**SI, "procedure": "spinopelvic_fixation"}
    )
    run(acts.ActionAnswerQuestion(), dispatcher, tracker)
    assert "does not mention a brace" in said(dispatcher)


def test_unsure_classifier_still_explains_a_clear_term_or_office_question(dispatcher):
    run(acts.ActionFallback(), dispatcher, make_tracker("whats the illium?", "nlu_fallback"))
    assert "iliac crest" in said(dispatcher)
    dispatcher.messages.clear()
    run(acts.ActionFallback(), dispatcher, make_tracker("what about medicare", "nlu_fallback"))
    assert "insurance plans" in said(dispatcher) and clinic().phone in said(dispatcher)
    dispatcher.messages.clear()
    run(acts.ActionFallback(), dispatcher, make_tracker("blorp", "nlu_fallback"))
    assert "didn't quite understand" in said(dispatcher)


def test_a_follow_up_on_a_word_just_explained(dispatcher):
    tracker = make_tracker(
        "how common is it", "ask_more_detail", slots={**SI, "topic": "risks", "term": "implant_migration"}
    )
    run(acts.ActionMoreDetail(), dispatcher, tracker)
    assert "does not say how often it happens" in said(dispatcher)


def test_opening_hours_taken_for_out_of_scope_are_given(dispatcher):
    run(acts.ActionOutOfScope(), dispatcher, make_tracker("what time do you close today", "out_of_scope"))
    assert "08:00" in said(dispatcher)


def fallback_tracker(text, ranking, slots=None):
    tracker = make_tracker(text, "nlu_fallback", slots=slots)
    tracker.latest_message["intent_ranking"] = [{"name": "nlu_fallback", "confidence": 0.4}] + [
        {"name": n, "confidence": c} for n, c in ranking
    ]
    return tracker


def test_close_candidates_or_no_context_still_get_suggestions(dispatcher):
    close = fallback_tracker("how much weight", [("ask_more_detail", 0.29), ("ask_cost", 0.29)], SI)
    run(acts.ActionFallback(), dispatcher, close)
    assert "not sure I understood" in said(dispatcher)
    dispatcher.messages.clear()
    no_context = fallback_tracker("and the gym", [("ask_activities", 0.39), ("inform_procedure", 0.13)])
    run(acts.ActionFallback(), dispatcher, no_context)
    assert "not sure I understood" in said(dispatcher)


@pytest.mark.parametrize(
    "text, procedure, expected",
    [
        ("why would somebody need their SI joint fused in the first place", "si_joint_fusion", "why it is done"),
        ("do they flip you onto your stomach for spinopelvic fixation?", "spinopelvic_fixation", "face down"),
        ("is it done with you asleep, spinopelvic fixation", "spinopelvic_fixation", "general anaesthesia"),
    ],
)
def test_the_fallback_answers_a_topic_asked_in_the_patients_words(dispatcher, text, procedure, expected):
    """Below the classifier's threshold, the facet vocabulary still names the topic asked."""
    events = run(acts.ActionFallback(), dispatcher, make_tracker(text, "nlu_fallback", [procedure_entity(procedure)]))
    assert expected in said(dispatcher)
    assert {"event": "slot", "timestamp": None, "name": "procedure", "value": procedure} in events


@pytest.mark.parametrize(
    "text, expected",
    [
        ("can I have an MRI after spinopelvic fixation", "does not mention MRI scans with the implants in"),
        ("why the breathing physio after spinopelvic fixation", "respiratory"),
    ],
)
def test_the_fallback_answers_the_subject_asked_from_the_page(dispatcher, text, expected):
    run(
        acts.ActionFallback(),
        dispatcher,
        make_tracker(text, "nlu_fallback", [procedure_entity("spinopelvic_fixation")]),
    )
    assert expected in said(dispatcher)


@pytest.mark.parametrize(
    "text, procedure, expected",
    [
        ("mri after spinopelvic fixation screws, is it ok", "spinopelvic_fixation", "does not mention MRI"),
        ("i smoke, do i have to quit before si fusion", "si_joint_fusion", "does not mention smoking"),
        ("is it safe for me to fly after si joint fusion", "si_joint_fusion", "does not mention flying"),
    ],
)
def test_a_personal_question_about_a_subject_gets_what_the_page_says_of_it(dispatcher, text, procedure, expected):
    run(
        acts.ActionPersonalAdvice(),
        dispatcher,
        make_tracker(text, "ask_personal_advice", [procedure_entity(procedure)]),
    )
    assert expected in said(dispatcher)


@pytest.mark.parametrize(
    "text, intent, procedure, expected",
    [
        ("What if the SI joint never fuses, what happens then?", "ask_term", None, "not fusing completely"),
        ("what happens if the implant moves after si joint fusion", "ask_overview", None, "implant migration"),
        ("what if I get an infection after spinopelvic fixation", "ask_term", None, "risk of infection"),
        ("what would happen if the screws come loose", "ask_term", "si_joint_fusion", "implant migration"),
    ],
)
def test_a_what_if_question_gets_what_the_page_says_of_it_not_a_word_explained(
    dispatcher, text, intent, procedure, expected
):
    action = acts.ActionExplainTerm() if intent == "ask_term" else acts.ActionAnswerQuestion()
    run(action, dispatcher, make_tracker(text, intent, slots={"procedure": procedure} if procedure else None))
    assert expected in said(dispatcher)


@pytest.mark.parametrize(
    "text, intent",
    [
        ("is there an age limit for this kind of surgery", "ask_candidacy"),
        ("are these operations done with a robot", "ask_procedure_steps"),
        ("what are the surgeon's qualifications, how many of these have they done", "ask_overview"),
    ],
)
def test_a_thing_no_page_mentions_is_said_plainly_without_asking_which_procedure(dispatcher, text, intent):
    events = run(acts.ActionAnswerQuestion(), dispatcher, make_tracker(text, intent))
    assert "does not mention" in said(dispatcher)
    assert "Which procedure" not in said(dispatcher)
    assert events[0] == SlotSet("topic", intent[len("ask_") :])
    assert [e["name"] for e in events[1:]] == ["subjects"]  # what was named, for a follow-up


def test_words_only_one_page_uses_tell_the_procedure(dispatcher):
    text = "is it guided by fluoroscopy during the operation"
    events = run(acts.ActionAnswerQuestion(), dispatcher, make_tracker(text, "ask_procedure_steps"))
    assert said(dispatcher).startswith("**SI joint fusion – how the procedure is done**")
    assert SlotSet("procedure", "si_joint_fusion") in events


def test_a_topic_asked_with_a_word_of_the_documents_gets_the_topic_not_the_word(dispatcher):
    text = "my op note says bilateral S2AI screws plus iliac crest, was i put under general"
    run(acts.ActionExplainTerm(), dispatcher, make_tracker(text, "ask_term"))
    assert "don't use the name S2AI" in said(dispatcher)
    assert "Spinopelvic fixation – what kind of anaesthesia is used" in said(dispatcher)


def test_a_name_the_pages_dont_use_in_an_office_question_gets_what_the_pages_say(dispatcher):
    run(
        acts.ActionOfficeInfo(),
        dispatcher,
        make_tracker("is the Medtronic Rialto system the one you use", "ask_office"),
    )
    assert "don't use the name Rialto" in said(dispatcher)
    assert "SI joint fusion – what it is" in said(dispatcher)
