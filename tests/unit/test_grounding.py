"""Every knowledge answer is grounded in the clinic's own procedure documents."""

import re

import pytest

from clinic.knowledge import KnowledgeBase

KB = KnowledgeBase.load()
ANSWERS = [
    (procedure, topic, answer) for procedure in KB.procedures.values() for topic, answer in procedure.answers.items()
]


def ungrounded_numbers(text: str, document: str):
    """Numbers stated in `text` that do not occur in `document`."""
    known = set(re.findall(r"\d+(?:\.\d+)?", document))
    return [n for n in re.findall(r"\d+(?:\.\d+)?", text) if n not in known]


def headings(document: str):
    return [line.strip().rstrip(":").strip().lower() for line in document.splitlines() if line.strip()]


@pytest.mark.parametrize("procedure", KB.procedures.values(), ids=lambda p: p.id)
def test_each_procedure_has_its_document(procedure, documents_dir):
    assert (documents_dir / procedure.source_document).is_file()


@pytest.mark.parametrize("procedure, topic, answer", ANSWERS, ids=lambda x: getattr(x, "id", str(x)[:20]))
def test_answer_sources_are_sections_of_the_document(procedure, topic, answer, documents_dir):
    document = (documents_dir / procedure.source_document).read_text(encoding="utf-8")
    assert answer.sources, f"{procedure.id}/{topic} names no source section"
    lines = headings(document)
    for section in answer.sources:
        assert any(line.endswith(section.lower()) for line in lines), (
            f"{procedure.id}/{topic}: section {section!r} is not a heading of {procedure.source_document}"
        )


@pytest.mark.parametrize("procedure, topic, answer", ANSWERS, ids=lambda x: getattr(x, "id", str(x)[:20]))
def test_answer_numbers_occur_in_the_document(procedure, topic, answer, documents_dir):
    document = (documents_dir / procedure.source_document).read_text(encoding="utf-8")
    assert ungrounded_numbers(answer.text, document) == [], f"{procedure.id}/{topic}"


def test_the_number_check_catches_an_invented_number(documents_dir):
    document = (documents_dir / "spinopelvic-fixation.txt").read_text(encoding="utf-8")
    assert ungrounded_numbers("It takes about 2 to 4 hours.", document) == ["2", "4"]
    si_document = (documents_dir / "si-joint-fusion.txt").read_text(encoding="utf-8")
    assert ungrounded_numbers("about 45 to 90 minutes", si_document) == []


# --- answers composed from the pages' sentences, and "the page does not mention X" ---------

from clinic import replies  # noqa: E402
from clinic.settings import clinic  # noqa: E402
from clinic.understanding import retrieval  # noqa: E402
from clinic.understanding.subjects import mention_elsewhere, mentioned_nowhere, mentions, subjects  # noqa: E402


@pytest.mark.parametrize("procedure", KB.procedures.values(), ids=lambda p: p.id)
def test_every_sentence_retrieval_can_quote_is_a_sentence_of_the_procedures_own_answers(procedure):
    sentences = retrieval._index(KB, procedure.id)[0]
    assert sentences
    for sentence in sentences:
        answer = procedure.answers[sentence.topic]
        assert sentence.text in answer.text and sentence.sources == answer.sources


@pytest.mark.parametrize("procedure", KB.procedures.values(), ids=lambda p: p.id)
def test_a_quoted_sentence_names_its_own_page_and_section(procedure, documents_dir):
    document = (documents_dir / procedure.source_document).read_text(encoding="utf-8")
    for sentence in retrieval._index(KB, procedure.id)[0]:
        found = retrieval.Found(sentence, ("word",))
        text = replies.on_words(KB, procedure.id, found).text
        assert f"the clinic's {procedure.name} page" in text
        assert all(f'"{s}' in text or f"/ {s}" in text for s in sentence.sources)
        assert all(any(line.endswith(s.lower()) for line in headings(document)) for s in sentence.sources)
        assert ungrounded_numbers(text, document) == []


@pytest.mark.parametrize("subject", subjects().values(), ids=lambda s: s.key)
def test_the_page_does_not_mention_only_what_the_document_does_not_mention(subject, documents_dir):
    """A subject the knowledge base never mentions for a procedure is absent from its document
    too, so "the page does not mention X" is true of the clinic's own document."""
    for procedure in KB.procedures.values():
        if mention_elsewhere(KB, procedure.id, subject, but_not="") is None:
            document = (documents_dir / procedure.source_document).read_text(encoding="utf-8")
            assert not mentions(subject, document), f"{procedure.source_document} mentions {subject.key}"


def test_not_mentioned_anywhere_states_no_fact():
    unmentioned = mentioned_nowhere(KB, list(subjects().values()))
    assert unmentioned
    text = replies.not_mentioned_anywhere(KB, unmentioned, clinic()).text
    assert ungrounded_numbers(text.replace(clinic().phone, ""), "") == []
    assert all(s.label in text for s in unmentioned)


# --- the escalation's "the page mentions <risk> among the risks" ----------------------------

import yaml  # noqa: E402

from clinic.understanding.warning_sign_risks import SIGNS_FILE, risks_pointed_to  # noqa: E402

# one sign of every risk in the vocabulary, in a patient's words
EVERY_SIGN = " and ".join(
    str(signs[0]).replace("*", "") for signs in yaml.safe_load(SIGNS_FILE.read_text(encoding="utf-8")).values()
)


@pytest.mark.parametrize("procedure", KB.procedures.values(), ids=lambda p: p.id)
def test_an_escalation_names_only_risks_the_procedures_own_document_names(procedure, documents_dir):
    document = (documents_dir / procedure.source_document).read_text(encoding="utf-8").lower()
    named = risks_pointed_to(EVERY_SIGN, procedure.answers["risks"].text)
    assert all(risk in document for risk in named), f"{procedure.id}: {named} vs {procedure.source_document}"


def test_every_risk_of_the_si_joint_fusion_page_is_reachable():
    assert risks_pointed_to(EVERY_SIGN, KB.procedures["si_joint_fusion"].answers["risks"].text) == [
        "infection",
        "bleeding",
        "nerve irritation",
        "implant migration",
    ]
