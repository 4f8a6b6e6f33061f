"""Kinds found on evaluation set 7's dev half (issue 15), mostly of context, each with several
members, without Rasa: a follow-up that carries the last question's subjects to the other
procedure, a new topic asked where the classifier saw more detail or an office question, a
clause ending in a question mark, the patient's own word for a thing not mentioned, and a
medicine named in a question about medicines."""

import pytest

from clinic import replies
from clinic.knowledge import default_knowledge_base
from clinic.rendering import render
from clinic.settings import clinic
from clinic.understanding import clauses
from clinic.understanding.facets import facets_in
from clinic.understanding.reading import (
    AnswerTopics,
    Clause,
    Context,
    LowMood,
    Message,
    MoreDetail,
    OfficeAnswer,
    PersonalAdvice,
    Route,
    kb_names,
    read,
    topics_asked,
)
from clinic.understanding.subjects import named_as, subjects, subjects_in

KB = default_knowledge_base()
SI, SPF = "si_joint_fusion", "spinopelvic_fixation"
NAMES = kb_names(KB)


def on(procedure, topic=None, subject_keys=()):
    return Context(procedure=procedure, procedure_before=procedure, topic=topic, subjects=tuple(subject_keys))


@pytest.mark.parametrize(
    "text, route, context, procedure, subject",
    [
        (
            "do they do that for SI fusion too?",
            Route.QUESTION,
            on(SPF, "recovery", ["breathing exercises"]),
            SI,
            "breathing exercises",
        ),
        ("and after spinopelvic fixation?", Route.QUESTION, on(SI, "activities", ["mri"]), SPF, "mri"),
        ("same for the other one?", Route.FALLBACK, on(SI, "activities", ["flying"]), SPF, "flying"),
        ("what about with spinopelvic fixation", Route.FALLBACK, on(SI, None, ["pregnancy"]), SPF, "pregnancy"),
    ],
)
def test_a_follow_up_carries_the_last_questions_subjects_to_the_other_procedure(
    text, route, context, procedure, subject
):
    found = read(route, Message(text), context, KB)
    assert found.procedures == (procedure,) if isinstance(found, AnswerTopics) else found.procedure == procedure
    assert [s.key for s in found.subjects] == [subject]
    said = " ".join(r.text for r in render(found, Message(text), context, KB).replies)
    assert subjects()[subject].label in said


@pytest.mark.parametrize(
    "text, context",
    [
        ("and how long is the recovery for SI fusion?", on(SPF, "risks", ["breathing exercises"])),  # its own question
        ("and can I fly after SI fusion?", on(SPF, "activities", ["mri"])),  # its own subject
        (
            "do they do that for spinopelvic fixation too?",
            on(SPF, "recovery", ["breathing exercises"]),
        ),  # no other procedure
    ],
)
def test_a_question_of_its_own_carries_nothing(text, context):
    found = read(Route.QUESTION, Message(text), context, KB)
    assert not getattr(found, "subjects", ()) or [s.key for s in found.subjects] != list(context.subjects)


def test_an_answer_keeps_what_the_question_named_in_the_subjects_slot():
    out = render(
        AnswerTopics(("activities",), (SI,)), Message("can I have an MRI after SI joint fusion?"), Context(), KB
    )
    assert ("subjects", ["mri"]) in out.slots
    again = render(AnswerTopics(("risks",), (SI,)), Message("what are the risks?"), on(SI, "activities", ["mri"]), KB)
    assert ("subjects", None) in again.slots  # a new question that names nothing clears it


@pytest.mark.parametrize(
    "text, topic, context",
    [
        ("ok and how long does that op last", "duration", on(SI, "hospital_stay")),
        ("how long am i under for?", "duration", on(SPF, "anesthesia")),
        ("and what are the risks then", "risks", on(SI, "recovery")),
    ],
)
def test_a_new_topic_asked_where_the_classifier_saw_more_detail_is_answered(text, topic, context):
    found = read(Route.MORE_DETAIL, Message(text, "ask_more_detail"), context, KB)
    assert isinstance(found, AnswerTopics) and found.topics == (topic,)


def test_more_detail_on_the_same_topic_stays_more_detail():
    found = read(Route.MORE_DETAIL, Message("several months is how many?", "ask_more_detail"), on(SI, "results"), KB)
    assert isinstance(found, MoreDetail)


@pytest.mark.parametrize(
    "text, topic",
    [
        ("and do you lie on your back?", "procedure_steps"),
        ("how long is the op", "duration"),
        ("is it done under general", "anesthesia"),
    ],
)
def test_a_topic_asked_in_the_office_route_with_the_conversations_procedure_is_answered(text, topic):
    found = read(Route.OFFICE, Message(text, "ask_office"), on(SPF), KB)
    assert isinstance(found, AnswerTopics) and found.topics == (topic,) and found.procedures == (SPF,)


def test_an_office_question_in_a_conversation_stays_an_office_question():
    assert isinstance(read(Route.OFFICE, Message("where do I park?", "ask_office"), on(SPF), KB), OfficeAnswer)


@pytest.mark.parametrize(
    "text",
    ["is it for everyone with back pain then?", "is si fusion for anyone with sacroiliac pain", "is it for everybody"],
)
def test_for_everyone_asks_who_it_is_for(text):
    assert facets_in(text, NAMES) == ["candidacy"]


def test_a_clause_that_ends_with_a_question_mark_is_a_question():
    text = "my mother have SI joint pain 3 year, injection not help her. she can do the fusion? and how long she must stay?"
    spans = clauses.spans(text)
    rankings = [(("ask_personal_advice", 0.6),), (("ask_candidacy", 0.8),), (("ask_hospital_stay", 0.9),)]
    message = Message(text, clauses=tuple(Clause(s, e, r) for (s, e), r in zip(spans, rankings, strict=True)))
    assert topics_asked(message, KB) == ["candidacy", "hospital_stay"]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("what about my tablets, i take aspirin every day", "aspirin (blood thinners"),
        ("more calcium after the op?", "calcium (diet, nutrition and supplements)"),
        ("is warfarin a problem", "warfarin (blood thinners"),
        ("is it sore after", "soreness"),  # the label already says it
    ],
)
def test_a_thing_not_mentioned_is_named_by_the_patients_own_word(text, expected):
    assert named_as(subjects_in(text)[0], text).startswith(expected)


@pytest.mark.parametrize(
    "text, procedure, medicine",
    [
        ("can i take ibuprofen after si joint fusion? someone said it stops the bone fusing", SI, "ibuprofen"),
        ("is it ok for my dad to take tramadol after his spinopelvic fixation", SPF, "tramadol"),
        ("can she have naproxen after the si fusion", SI, "naproxen"),
    ],
)
def test_a_medicine_named_in_a_question_about_medicines_is_named_as_not_mentioned(text, procedure, medicine):
    said = replies.personal_advice(KB, [procedure], clinic(), text)[0].text
    assert f"{replies.DOES_NOT_MENTION} {medicine}" in said and "can't advise on medicines" in said
    assert KB.procedures[procedure].name in said


# --- from the fresh tester's report (session 4)


@pytest.mark.parametrize(
    "text, whole",
    [
        (
            "Hello doctor, I am have pain in the buttock since 2 year, physiotherapy and injection not help. Is SI fusion good for me?",
            "ask_normal_after_surgery",
        ),
        ("my back has hurt for years. is si joint fusion right for me?", "ask_overview"),
        ("injections stopped working. should I have SI fusion?", "ask_alternatives"),
    ],
)
def test_whether_it_suits_after_a_story_is_personal_advice(text, whole):
    spans = clauses.spans(text)
    message = Message(text, whole, clauses=tuple(Clause(s, e, ((whole, 0.8),)) for s, e in spans))
    found = read(Route.QUESTION, message, Context(), KB)
    assert isinstance(found, PersonalAdvice) and found.procedures == (SI,)


@pytest.mark.parametrize(
    "route, text, intent",
    [
        (Route.QUESTION, "Is the iFuse implant the same as SI joint fusion?", "ask_risks"),
        (Route.OUT_OF_SCOPE, "what's Rialto?", "out_of_scope"),
        (Route.OUT_OF_SCOPE, "what is SImmetry", "out_of_scope"),
    ],
)
def test_a_name_the_pages_dont_use_asked_about_gets_the_overview(route, text, intent):
    found = read(route, Message(text, intent), Context(), KB)
    assert isinstance(found, AnswerTopics) and found.topics == ("overview",) and found.unnamed


@pytest.mark.parametrize(
    "text, expected",
    [
        ("plz tell me how they do the spinopelvic thing n how long it takes", ["procedure_steps", "duration"]),
        ("how long is the op & when can i drive", ["duration", "activities"]),
    ],
)
def test_texting_joins_split_questions(text, expected):
    assert len(clauses.split(text)) == 2
    assert facets_in(text, NAMES) == expected


@pytest.mark.parametrize(
    "question", ["both my SI joints hurt, would they fuse both of them", "can both sides be done at once?"]
)
def test_both_sides_at_once_is_not_mentioned_and_the_nearest_sentence_follows(question):
    text = replies.answer(KB, [SI], "overview", clinic(), question=question)[0].text
    assert f"{replies.DOES_NOT_MENTION} doing both sides in one operation" in text
    assert "The nearest it says: SI joint fusion is usually done once per affected side." in text


@pytest.mark.parametrize(
    "route, text",
    [
        (Route.FALLBACK, "I feel a bit down since the operation, just low mood"),
        (Route.QUESTION, "im so low since the op"),
        (Route.ACKNOWLEDGE, "been really down lately tbh"),
    ],
)
def test_feeling_low_is_heard_and_the_care_team_named(route, text):
    found = read(route, Message(text), on(SI), KB)
    assert found == LowMood()
    said = render(found, Message(text), on(SI), KB).replies[0].text
    assert clinic().phone in said and clinic().crisis_line in said


@pytest.mark.parametrize(
    "text", ["can I lie down on my back after?", "is the pain down to the nerves", "i feel down to earth"]
)
def test_down_in_other_senses_is_not_low_mood(text):
    assert read(Route.QUESTION, Message(text, "ask_recovery"), on(SI), KB) != LowMood()


@pytest.mark.parametrize(
    "text, expected", [("ok yes fine", "yes"), ("yes ok sure", "yes"), ("thank you", "unclear"), ("ok no", "unclear")]
)
def test_consent_in_several_agreeing_words(text, expected):
    from clinic.understanding import booking_text

    assert booking_text.consent_answer(text) == expected


@pytest.mark.parametrize(
    "text, label",
    [
        ("is it normal to be constipated after si joint surgery", "constipation"),
        ("can my 16 year old son have SI joint fusion?", "age limits"),
        ("I feel a bit tired all the time after the op", "tiredness"),
        ("my legs are only a bit stiff", "stiffness"),
    ],
)
def test_more_things_no_page_mentions_are_named(text, label):
    asked = subjects_in(text)
    assert label in [s.label for s in asked]


# --- from the second fresh tester's report (session 4)


@pytest.mark.parametrize(
    "text",
    [
        "does spinopelvic fixation use screws?",
        "does it use screws?",
        "are screws used in spinopelvic fixation",
        "does si joint fusion use rods too?",
        "do both procedures use screws",
    ],
)
def test_whether_it_uses_screws_or_rods_is_how_it_is_done(text):
    assert facets_in(text, NAMES) == ["procedure_steps"]
    assert "both sides" not in [s.key for s in subjects_in(text)]


@pytest.mark.parametrize("text", ["k thx. n for the spine one?", "and the back one?", "what about the spinal one"])
def test_the_spine_one_is_spinopelvic_fixation_in_a_follow_up(text):
    found = read(Route.QUESTION, Message(text), on(SI, "risks"), KB)
    assert isinstance(found, AnswerTopics) and found.procedures == (SPF,) and found.topics == ("risks",)


@pytest.mark.parametrize(
    "text, topic, thing, first",
    [
        ("can i get an mri after si fusion", "activities", "MRI scans", True),
        ("will i set off airport metal detectors with the si implants", "activities", "airport security", True),
        ("is it normal to be constipated after si joint surgery", "normal_after_surgery", "constipation", True),
        # a topic asked in words: its answer first, the thing after
        ("how long is the recovery, can i fly after si fusion", "recovery", "flying", False),
    ],
)
def test_a_thing_asked_with_no_topic_in_words_is_said_first(text, topic, thing, first):
    found = read(Route.QUESTION, Message(text, f"ask_{topic}"), Context(), KB)
    assert found.things_first is first
    said = render(found, Message(text), Context(), KB).replies[0].text
    assert thing in said and (said.index(thing) < said.index("the page says") if first else True)


def test_a_brace_after_the_operation_is_not_whether_it_suits():
    from clinic.understanding import routing

    assert not routing.asks_if_procedure_suits(
        "do i need a brace after spinopelvic fixation and how long will i use a walker"
    )
    assert routing.asks_if_procedure_suits("do i really need this operation")
