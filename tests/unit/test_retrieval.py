"""clinic.understanding.retrieval: the page's sentence for the specific words of a question."""

import pytest

from clinic.knowledge import default_knowledge_base
from clinic.understanding import retrieval

KB = default_knowledge_base()
SI, SPF = "si_joint_fusion", "spinopelvic_fixation"


@pytest.mark.parametrize(
    "procedure, question, word, expected",
    [
        (SPF, "is spinopelvic fixation considered a strong rigid fix", "rigid", "rigid"),
        (SI, "done once per affected side - so i only get one implant?", "affected", "per affected side"),
        (SI, "early pain relief means the pain is gone for good straight away?", "early", "early pain relief"),
        (SPF, "does it help the bones heal together", "heal", "bony union"),
    ],
)
def test_a_word_of_the_question_finds_the_sentence_of_the_same_page(procedure, question, word, expected):
    found = retrieval.sentence_for(KB, procedure, question)
    assert found is not None and word in found.words
    assert expected in found.sentence.text
    assert found.sentence.text in KB.procedures[procedure].answers[found.sentence.topic].text


def test_only_the_procedure_asked_about_is_searched():
    # "prone" is on the spinopelvic fixation page only
    assert retrieval.sentence_for(KB, SPF, "is it done prone") is not None
    assert retrieval.sentence_for(KB, SI, "is it done prone") is None


@pytest.mark.parametrize(
    "question",
    [
        "what do people usually ask the surgeon about the operation",  # common words only
        "will i have pain in my back",  # words on too many of the page's sentences
        "can my wife come with me",
    ],
)
def test_common_or_frequent_words_pick_no_sentence(question):
    assert retrieval.sentence_for(KB, SI, question) is None


def test_what_the_reply_already_says_is_not_repeated():
    question = "is spinopelvic fixation considered a strong rigid fix"
    found = retrieval.sentence_for(KB, SPF, question)
    assert found is not None
    assert retrieval.sentence_for(KB, SPF, question, answered=[found.sentence.text]) is None


def test_procedure_names_are_never_the_specific_word():
    assert retrieval.specific_words(KB, SPF, "spinopelvic fixation lumbopelvic fixation") == {}


def test_common_words_come_from_the_vocabulary_file():
    assert retrieval.common_stems() >= {"surgeri", "patient", "wife", "what"}


@pytest.mark.parametrize(
    "question, expected",
    [
        ("is it guided by fluoroscopy", SI),
        ("is it for unstable pelvic ring fractures", SPF),
        ("will i need breathing exercises", SPF),  # only spinopelvic fixation's page has them
        # one word alone, or words both pages use, tell nothing
        ("does it involve a bone graft", None),
        ("how long is the recovery", None),
        ("how long is the hospital stay", None),  # words that ask a topic name no procedure
        ("is it done prone", None),
        ("what are the risks of the screws", None),
        # two words side by side that only one page has: the patient quotes it
        ("early pain relief means the pain is gone for good straight away?", SI),
        ("done once per affected side - so i only get one implant?", SI),
        ("iliac crest - is that my hip joint?", SPF),
        ("is it done under general anaesthesia?", None),  # "general" is a common word
        ("can i go home the same day", None),
    ],
)
def test_the_procedure_from_words_only_one_page_uses(question, expected):
    assert retrieval.only_page(KB, question) == expected
