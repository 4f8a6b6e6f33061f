"""Lay confusions read as kinds (issue 15), without Rasa: a clause the patient says is not the
question, a figure quoted from the page, a word asked about with no procedure, another
operation named, warning signs asked in a topic's words, and the conversation kept on the
procedure a comparison started from."""

import pytest

from clinic import replies
from clinic.knowledge import default_knowledge_base
from clinic.office import clear_subject, office_answer
from clinic.rendering import render
from clinic.settings import clinic
from clinic.understanding import retrieval, routing, vocabulary
from clinic.understanding.facets import facets_in
from clinic.understanding.procedures import refer
from clinic.understanding.reading import (
    AnswerTopics,
    Compare,
    Context,
    ExplainTerms,
    Message,
    OtherPagesFigure,
    OutOfScope,
    Route,
    WarningSigns,
    kb_names,
    read,
)
from clinic.understanding.subjects import mentioned_nowhere, subjects_in

KB = default_knowledge_base()
SI, SPF = "si_joint_fusion", "spinopelvic_fixation"
NAMES = kb_names(KB)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("whats the reason someone would have spinopelvic fixation? not how its done, just why", ["indications"]),
        ("how much pain is there after spinopelvic fixation, i dont mean in theatre", ["recovery"]),
        ("how long is it in theatre? I'm not asking about the hospital stay", ["duration"]),
        # "not" inside a clause is not a clause set aside
        ("can I not eat before the surgery", ["preparation"]),
        ("is it not done under general", ["anesthesia"]),
    ],
)
def test_a_clause_the_patient_says_is_not_the_question_asks_no_topic(text, expected):
    assert facets_in(text, NAMES) == expected


@pytest.mark.parametrize(
    "text",
    [
        "so si fusion takes 45-90 mins to recover from?? that seems fast",
        "is the 45-90 mins the whole thing including recovery or just the surgery part?",
        "my friend said 45 to 90, is that the recovery?",
    ],
)
def test_a_figure_quoted_from_the_page_finds_its_sentence(text):
    found = retrieval.sentence_for(KB, SI, text, answered=[KB.answer(SI, "recovery").text])
    assert found is not None and "45 to 90 minutes" in found.sentence.text
    other = retrieval.sentence_for(KB, SPF, text)  # the other page has no such figure
    assert other is None or "45" not in other.words


def test_pain_during_the_operation_is_the_anaesthesia_and_after_it_the_recovery():
    assert facets_in("will it hurt during the spinopelvic surgery?", NAMES) == ["anesthesia"]
    assert facets_in("will it hurt afterwards?", NAMES) == ["recovery"]


def test_a_word_asked_about_with_no_procedure_is_explained_not_asked_which_procedure():
    reading = read(
        Route.QUESTION,
        Message(
            "does fusion mean they glue the joint together? i thought they just put screws in", "ask_procedure_steps"
        ),
        Context(),
        KB,
    )
    assert isinstance(reading, ExplainTerms) and "fusion" in reading.terms


@pytest.mark.parametrize(
    "text, named",
    [
        ("how long is the recovery from a knee replacement?", "knee replacement"),
        ("Can you tell me about carpal tunnel surgery?", "carpal tunnel"),
        ("who won the match last night", None),
    ],
)
def test_another_operation_is_named_when_it_is_not_covered(text, named):
    assert routing.other_operation(text) == named
    reading = read(Route.OUT_OF_SCOPE, Message(text, "out_of_scope"), Context(), KB)
    assert reading == OutOfScope(named)
    reply = render(reading, Message(text), Context(), KB).replies[0].text
    assert f"does not cover {named or 'that'}:" in reply


def test_a_topic_asked_in_words_wins_over_a_warning_signs_intent():
    context = Context(procedure=SI, procedure_before=SI)
    text = "what if i've got an infection at the moment, uti or whatever?"
    reading = read(Route.WARNING_SIGNS, Message(text, "ask_warning_signs"), context, KB)
    assert isinstance(reading, AnswerTopics) and reading.topics[0] == "contraindications"


def test_after_comparing_two_procedures_the_conversation_stays_on_its_own():
    context = Context(procedure=SPF, procedure_before=SPF)
    text = "is that the same as what my aunt had, si joint fusion?"
    reading = read(Route.QUESTION, Message(text, "ask_overview"), context, KB)
    assert reading == Compare((SPF, SI), ())
    response = render(reading, Message(text), context, KB)
    assert [r.text.split("\n")[0] for r in response.replies[:2]] == [
        "**Spinopelvic fixation – what it is**  ",
        "**SI joint fusion – what it is**  ",
    ]
    assert ("procedure", SI) not in response.slots  # still spinopelvic fixation


@pytest.mark.parametrize(
    "text, context, expected",
    [
        # the conversation's procedure compared with the one named: both, the conversation's first
        ("does it take as long as the SI one?", SPF, (SPF, SI)),
        ("is the recovery the same as si joint fusion?", SPF, (SPF, SI)),
        ("is it done the same way as spinopelvic fixation?", SI, (SI, SPF)),
        ("is the recovery the same for both?", None, (SI, SPF)),
        # no conversation yet, or the named one asked about
        ("is the recovery the same as si joint fusion?", None, (SI,)),
        ("what about si joint fusion?", SPF, (SI,)),
        ("is it done for both sides", None, ()),
    ],
)
def test_a_procedure_named_only_to_compare_keeps_the_conversations_procedure(text, context, expected):
    assert refer(text, KB, in_context=context).procedures == expected


def test_a_part_set_aside_with_forget_or_never_mind_asks_no_topic():
    assert facets_in("forget the risks, just tell me who si joint fusion is for", NAMES) == ["candidacy"]
    assert facets_in("never mind the risks, who is spinopelvic fixation for?", NAMES) == ["candidacy"]


def test_another_operation_asked_about_in_a_conversation_is_not_answered_for_its_procedure():
    context = Context(procedure=SI, procedure_before=SI)
    text = "and what about for a hip replacement, how long does that take?"
    assert read(Route.QUESTION, Message(text, "ask_duration"), context, KB) == OutOfScope("hip replacement")
    # about having the procedure itself: answered for it
    text = "can she still have it if she had a knee replacement?"
    assert not isinstance(read(Route.QUESTION, Message(text, "ask_contraindications"), context, KB), OutOfScope)


def test_a_figure_quoted_from_the_other_page_is_said_to_be_the_other_pages():
    context = Context(procedure=SPF, procedure_before=SPF, topic="overview")
    text = "so that takes 45 to 90 minutes too?"
    reading = read(Route.FALLBACK, Message(text, "nlu_fallback"), context, KB)
    assert isinstance(reading, OtherPagesFigure) and (reading.procedure, reading.other) == (SPF, SI)
    texts = [r.text for r in render(reading, Message(text), context, KB).replies]
    assert "is from the clinic's SI joint fusion page, not its spinopelvic fixation page" in texts[0]
    assert "Spinopelvic fixation – how long the procedure takes" in texts[1] and "does not cover" in texts[1]


def test_an_office_question_beside_a_topic_is_answered_after_it():
    text = "what is SI joint fusion and is there parking"
    reading = read(Route.QUESTION, Message(text, "ask_overview"), Context(), KB)
    assert isinstance(reading, AnswerTopics) and reading.office_too
    texts = [r.text for r in render(reading, Message(text), Context(), KB).replies]
    assert "SI joint fusion – what it is" in texts[0] and "parking" in texts[-1]
    # the cost topic already speaks to cost: no second answer
    cost = read(Route.QUESTION, Message("how much does si joint fusion cost?", "ask_cost"), Context(), KB)
    assert isinstance(cost, AnswerTopics) and not cost.office_too


def test_a_brand_name_reads_as_the_procedure_in_a_topic_phrase():
    assert facets_in("how long does the ifuse surgery take and will i have to stay overnight", NAMES) == [
        "duration",
        "hospital_stay",
    ]


def test_what_the_answers_say_the_page_does_not_say_is_never_quoted_as_the_page():
    for procedure in KB.procedures:
        for sentence in retrieval._index(KB, procedure)[0]:
            assert not retrieval.NOT_A_PAGE_FACT.search(sentence.text)
    assert retrieval.sentence_for(KB, SPF, "my brother is very fit, how long will he be off") is None


def test_numbness_is_not_a_number_and_a_front_desk_is_not_desk_work():
    assert [s.key for s in subjects_in("can you get leg numbness after spinopelvic fixation")] == ["numbness"]
    assert "numbness" not in [s.key for s in subjects_in("what number of days in hospital")]
    assert "desk work" not in [s.key for s in subjects_in("front desk here, is the iFuse done under general?")]


@pytest.mark.parametrize(
    "route, text",
    [
        (Route.FALLBACK, "how do i know if something is wrong after spinopelvic fixation"),
        (Route.PERSONAL_ADVICE, "ok and which of those would mean i should go to a&e? just asking in advance"),
    ],
)
def test_warning_signs_asked_in_lay_words_get_the_warning_signs(route, text):
    context = Context(procedure=SPF, procedure_before=SPF)
    assert read(route, Message(text, "nlu_fallback"), context, KB) == WarningSigns(SPF)


def test_a_medicine_named_that_the_page_does_not_use_is_named_as_not_mentioned(documents_dir):
    question = "which painkillers exactly will I get after spinopelvic fixation, is it oxycodone?"
    assert routing.medicines_named(question) == ["oxycodone"]
    text = replies.answer(KB, [SPF], "recovery", clinic(), question=question)[0].text
    assert f"{replies.DOES_NOT_MENTION} oxycodone specifically" in text
    # grounding: no document names any medicine of the list
    documents = " ".join(p.read_text(encoding="utf-8") for p in documents_dir.glob("*.txt"))
    assert not vocabulary.pattern("medicine_names").search(documents)


def test_how_to_book_online_is_answered_with_the_booking_page_also_beside_a_topic():
    assert clinic().booking_url in office_answer("can i book online?", clinic())
    text = "can i book online and what should he expect after spinopelvic fixation"
    reading = read(Route.QUESTION, Message(text, "ask_recovery"), Context(), KB)
    assert isinstance(reading, AnswerTopics) and reading.office_too
    assert clinic().booking_url in render(reading, Message(text), Context(), KB).replies[-1].text


@pytest.mark.parametrize(
    "text, expected",
    [
        ("surgeon wants to fuse my sacrum to my hip bone cos the injections stopped working", (SI,)),
        ("they want to fuse my sacrum to my hip bone for the buttock pain", (SI,)),
        ("theyre bolting my pelvis to my spine because of a tumour in my sacrum", (SPF,)),
        ("they fused my spine down to my pelvis", (SPF,)),
    ],
)
def test_lay_descriptions_of_the_operation_tell_the_procedure(text, expected):
    assert refer(text, KB).procedures == expected


@pytest.mark.parametrize(
    "text, named",
    [
        ("what's the best treatment for knee arthritis?", "knee arthritis"),
        ("is there a cure for fibromyalgia", "fibromyalgia"),
        ("what is the capital of france", None),  # not a health question: not named
        ("can you help me with something", None),
    ],
)
def test_an_out_of_scope_health_question_names_the_thing_asked(text, named):
    assert routing.thing_asked_about(text) == named
    assert read(Route.OUT_OF_SCOPE, Message(text, "out_of_scope"), Context(), KB) == OutOfScope(named)


@pytest.mark.parametrize(
    "text, subject",
    [
        ("how long do spinopelvic rods last? will they snap eventually", "hardware breaking"),
        ("can i put a heat pad on the scar after si fusion?", "heat or ice"),
        ("does si fusion fix sciatica", "sciatica"),
        ("can the spinopelvic screws be taken out later", "implant removal"),
    ],
)
def test_things_no_page_mentions_are_named(text, subject, documents_dir):
    asked = [s for s in subjects_in(text) if s.key == subject]
    assert asked and mentioned_nowhere(KB, asked) == asked


def test_a_short_alias_ending_in_one_is_never_matched_loosely():
    assert KB.find_procedures("my wife is having surgery on her pelvis next week") == []
    assert KB.find_procedures("the pelvis one") == [SPF]


def test_how_long_is_it_asks_the_duration_and_how_long_until_the_recovery():
    assert facets_in("how long is si joint fusion and how much does it cost?", NAMES) == ["duration", "cost"]
    # the time until, and driving itself (the activities answer says the page gives no time for it)
    assert facets_in("how long is it until i can drive", NAMES) == ["recovery", "activities"]


def test_what_time_to_arrive_is_an_office_question():
    assert clear_subject("what time should i arrive") == "arrival"
    assert read(Route.OUT_OF_SCOPE, Message("what time should i arrive", "out_of_scope"), Context(), KB) != OutOfScope()


@pytest.mark.parametrize(
    "question, medicine",
    [
        ("can i take ibuprofen after si joint fusion", "ibuprofen"),
        ("will they give me tramadol or something stronger after the operation", "tramadol"),
        ("is gabapentin ok for the nerve pain afterwards", "gabapentin"),
    ],
)
def test_more_medicines_named_are_said_not_to_be_mentioned(question, medicine):
    assert routing.medicines_named(question) == [medicine]
    text = replies.answer(KB, [SI], "recovery", clinic(), question=question)[0].text
    assert f"{replies.DOES_NOT_MENTION} {medicine} specifically" in text


@pytest.mark.parametrize(
    "text, subject",
    [
        ("how do i book", "booking"),
        ("is there a website for booking", "booking"),
        ("where can i book a consult", "booking"),
        ("when should i arrive on the day", "arrival"),
        ("how early should i arrive", "arrival"),
        ("what time do i need to be there", "arrival"),
    ],
)
def test_booking_and_arrival_questions_in_other_words(text, subject):
    assert clear_subject(text) == subject
