"""The glossary (data/glossary.yml): grounded in the documents, and found in patients' words."""

import re

import pytest

from clinic.glossary import Glossary
from clinic.knowledge import KnowledgeBase
from tests.unit.test_grounding import headings, ungrounded_numbers

GLOSSARY = Glossary.load()
KB = KnowledgeBase.load()
TERMS = list(GLOSSARY.terms.values())


@pytest.mark.parametrize("term", TERMS, ids=lambda t: t.key)
def test_every_explanation_names_sections_of_existing_documents(term, documents_dir):
    assert term.sources
    for document, sections in term.sources.items():
        text = (documents_dir / document).read_text(encoding="utf-8")
        lines = headings(text)
        assert sections, f"{term.key}: no sections for {document}"
        for section in sections:
            assert any(line.endswith(section.lower()) for line in lines), f"{term.key}: {section!r}"


@pytest.mark.parametrize("term", TERMS, ids=lambda t: t.key)
def test_explanations_state_no_number_the_documents_lack(term, documents_dir):
    documents = " ".join((documents_dir / d).read_text(encoding="utf-8") for d in term.sources)
    assert ungrounded_numbers(term.explanation, documents) == []


def test_no_name_belongs_to_two_terms():
    seen = {}
    for term in TERMS:
        for name in term.names:
            assert seen.setdefault(name, term.key) == term.key, name


@pytest.mark.parametrize(
    "text, expected",
    [
        ("what is the sacrum", ["sacrum"]),
        ("whats the scarum", ["sacrum"]),
        ("what's the iliac crest?", ["iliac_crest"]),
        ("what does bony union mean", ["bony_union"]),
        ("what is fluoroscopy", ["fluoroscopy"]),
        ("wht is fluroscopy", ["fluoroscopy"]),
        ("what is the ilium", ["ilium"]),
        ("whats the pelvis", ["pelvis"]),
        ("what is the sacroiliac joint", ["si_joint"]),
        ("and what is fusion", ["fusion"]),
        ("what are the implants made of", ["implants", "implant_material"]),
        ("are they titanium", ["implant_material"]),
        ("what is a pelvic ring fracture", ["pelvic_ring_fracture"]),
        ("what is spondylolysthesis", ["spondylolisthesis"]),
        ("what is the weather", []),
    ],
)
def test_terms_are_found_in_patients_words(text, expected):
    assert GLOSSARY.terms_in(text, KB.names()) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("what is si joint fusion", [("procedure", "si_joint_fusion")]),
        ("what is sacroiliac joint fusoin", [("procedure", "si_joint_fusion")]),
        ("what is pelvic fixation", [("procedure", "spinopelvic_fixation")]),
        ("the sacrum in spinopelvic fixation", [("term", "sacrum"), ("procedure", "spinopelvic_fixation")]),
    ],
)
def test_a_procedure_name_wins_over_a_term_inside_it(text, expected):
    assert [(h.kind, h.key) for h in GLOSSARY.find(text, KB.names())] == expected


def test_words_the_documents_do_not_explain_say_so():
    for key in ("ilium", "spondylolisthesis", "pelvic_ring_fracture", "implant_material", "medical_clearance"):
        assert re.search(r"does not (use|explain|say)", GLOSSARY.terms[key].explanation), key


def test_terms_from_the_brief_are_explained_from_the_documents():
    assert "base of the spine" in GLOSSARY.terms["sacrum"].explanation
    assert "forms the pelvis" in GLOSSARY.terms["iliac_crest"].explanation
    assert "x-ray" in GLOSSARY.terms["fluoroscopy"].explanation
    assert "does not say what they are made of" in GLOSSARY.terms["implants"].explanation


def test_a_term_without_sources_is_an_error(tmp_path):
    (tmp_path / "g.yml").write_text("terms:\n  x:\n    names: [x]\n    explanation: y\n")
    with pytest.raises(ValueError, match="x"):
        Glossary.load(tmp_path / "g.yml")
