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
