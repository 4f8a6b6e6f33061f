"""'Is SI joint fusion the same as a hip replacement?' (clinic.understanding.comparisons and the
Compare reading): what the pages say of each thing they describe, and plainly what they don't
mention; and the warning signs asked for one procedure (the WarningSigns reading)."""

import pytest

from clinic import replies
from clinic.glossary import default_glossary
from clinic.knowledge import default_knowledge_base, normalise
from clinic.rendering import render
from clinic.understanding import comparisons
from clinic.understanding.reading import Compare, Context, Message, Route, WarningSigns, read

KB = default_knowledge_base()
GLOSSARY = default_glossary()
SI, SPF = "si_joint_fusion", "spinopelvic_fixation"


@pytest.mark.parametrize(
    "text, expected",
    [
        ("is SI fusion the same as a hip replacement?", ("si fusion", "hip replacement")),
        ("is si joint fusion like a hip replacement", ("si joint fusion", "hip replacement")),
        ("Is fixation different from fusion?", ("fixation", "fusion")),
        ("whats the difference between fusion and fixation", ("fusion", "fixation")),
        (
            "my surgeon wants si joint fusion, is that the same as a hip replacement or something",
            ("that", "hip replacement"),
        ),
        (
            "is si joint fusion the same as the si joint injection i had? both go in the joint",
            ("si joint fusion", "si joint injection"),
        ),
        ("is that the same as what my aunt had, si joint fusion?", ("that", "si joint fusion")),
        # no such question
        ("what is recovery like after si joint fusion", None),
        ("would you like to know more", None),
        ("it feels like a knife in my back", None),
    ],
)
def test_the_two_things_asked_about(text, expected):
    assert comparisons.asked(text) == expected


NO_CONTEXT = Context()


def ask(text, context=NO_CONTEXT, route=Route.QUESTION, intent="ask_overview"):
    return read(route, Message(text, intent), context, KB, GLOSSARY)


def test_a_procedure_and_a_thing_no_page_mentions():
    reading = ask("is SI fusion the same as a hip replacement?", route=Route.FALLBACK, intent="nlu_fallback")
    assert reading == Compare((SI,), (), unmentioned=("hip replacement",))
    texts = [r.text for r in render(reading, Message("x"), Context(), KB).replies]
    assert texts[0].startswith(f'The clinic\'s information {replies.DOES_NOT_MENTION} "hip replacement"')
    assert "SI joint fusion – what it is" in texts[1]


def test_a_thing_the_page_uses_other_words_for_gets_its_sentence_not_a_denial():
    reading = ask("is si joint fusion the same as the si joint injection i had?")
    assert isinstance(reading, Compare) and reading.uncompared == ("si joint injection",) and not reading.unmentioned
    assert reading.on_words is not None and "injections" in reading.on_words.found.sentence.text
    texts = [r.text for r in render(reading, Message("x"), Context(), KB).replies]
    assert replies.DOES_NOT_SAY_WHETHER in texts[0] and replies.DOES_NOT_MENTION not in texts[0]


def test_two_words_of_the_pages_are_both_explained():
    assert ask("is fixation different from fusion?", route=Route.EXPLAIN_TERM) == Compare((), ("fixation", "fusion"))
    reading = ask("is the SI joint the same as the hip joint?")
    assert reading == Compare((), ("si_joint",), unmentioned=("hip joint",))


def test_it_stands_for_the_conversations_procedure_and_two_procedures_get_both_overviews():
    context = Context(procedure=SPF, procedure_before=SPF)
    assert ask("is that the same as what my aunt had, si joint fusion?", context) == Compare((SPF, SI), ())
    assert ask("is it like a hip replacement?", context) == Compare((SPF,), (), unmentioned=("hip replacement",))
    # nothing for "it" to stand for: not read as a comparison
    assert not isinstance(ask("is it like a hip replacement?"), Compare)


@pytest.mark.parametrize(
    "text",
    [
        "is the recovery the same as for spinopelvic fixation?",  # a topic compared: the topic answers
        "is spinopelvic fixation keyhole like the SI one?",  # a property of a procedure
        "is the iFuse implant the same as SI joint fusion?",  # a name the pages don't use: noted as such
    ],
)
def test_questions_about_a_topic_a_property_or_an_unused_name_are_not_comparisons(text):
    assert not isinstance(ask(text), Compare)


def test_no_comparison_right_after_an_escalation():
    assert not isinstance(ask("is it like a hip replacement?", Context(procedure=SI, just_escalated=True)), Compare)


@pytest.mark.parametrize("thing", ["hip replacement", "hip joint", "spinal cord stimulator", "knee replacement"])
def test_does_not_mention_is_said_only_of_what_no_document_mentions(thing, documents_dir):
    documents = " ".join(normalise(p.read_text(encoding="utf-8")) for p in documents_dir.glob("*.txt"))
    assert not comparisons.mentioned_by(KB, GLOSSARY, thing)
    assert f" {thing}" not in f" {documents} "


def test_warning_signs_for_a_procedure_say_its_page_lists_none_first(documents_dir):
    reading = read(
        Route.WARNING_SIGNS, Message("what should we watch out for after the spinopelvic op?"), Context(), KB
    )
    assert reading == WarningSigns(SPF)
    text = render(reading, Message("x"), Context(), KB).replies[0].text
    assert text.startswith(f"The clinic's spinopelvic fixation page {replies.DOES_NOT_MENTION} warning signs")
    assert all("warning sign" not in p.read_text(encoding="utf-8").lower() for p in documents_dir.glob("*.txt"))
    general = render(
        read(Route.WARNING_SIGNS, Message("what are the warning signs?"), Context(), KB), Message("x"), Context(), KB
    )
    assert general.replies[0].text.startswith("After surgery, call")
