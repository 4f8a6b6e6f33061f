"""The knowledge base: loading, procedure names, answers, and 'not covered'."""

import re
import shutil
from pathlib import Path

import pytest
import yaml

from clinic.knowledge import DEFAULT_PROCEDURES_DIR, KnowledgeBase

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    return KnowledgeBase.load()


def test_loads_both_procedures_with_known_topics(kb):
    assert set(kb.procedures) == {"si_joint_fusion", "spinopelvic_fixation"}
    for procedure in kb.procedures.values():
        assert set(procedure.answers) <= set(kb.topics)
        for topic in kb.topics.values():
            assert set(topic.related) <= set(kb.topics), topic.key


@pytest.mark.parametrize(
    "text, expected",
    [
        ("How long does SI joint fusion take?", ["si_joint_fusion"]),
        ("sacroiliac joint fusion risks", ["si_joint_fusion"]),
        ("what is SIJ fusion", ["si_joint_fusion"]),
        ("recovery after si fusion", ["si_joint_fusion"]),
        ("sacro-iliac joint fusion", ["si_joint_fusion"]),
        ("how long does sacroilliac fusion take", ["si_joint_fusion"]),
        ("sacroilac joint fusoin", ["si_joint_fusion"]),
        ("spinopelvic fixation", ["spinopelvic_fixation"]),
        ("what about Spino-Pelvic Fixation?", ["spinopelvic_fixation"]),
        ("lumbopelvic fixation recovery", ["spinopelvic_fixation"]),
        ("pelvic fixation", ["spinopelvic_fixation"]),
        ("spinopelvic fixaton", ["spinopelvic_fixation"]),
        ("spinopelvik fixtion", ["spinopelvic_fixation"]),
        (
            "difference between SI joint fusion and spinopelvic fixation",
            ["si_joint_fusion", "spinopelvic_fixation"],
        ),
        (
            "and what about the other one, lumbopelvic, vs sij fusion",
            ["spinopelvic_fixation", "si_joint_fusion"],
        ),
        ("how long is the surgery?", []),
        ("spinal fusion", []),
        ("pelvic fracture", []),
        ("I had a fall", []),
        ("", []),
        ("🙂🙂 <script>alert(1)</script>", []),
    ],
)
def test_finds_procedures_named_in_text(kb, text, expected):
    assert kb.find_procedures(text) == expected


def test_repeated_lookups_give_fresh_equal_results(kb):
    first = kb.find_procedures("si joint fuson or spinopelvic fixation")
    first.append("changed by the caller")
    assert kb.find_procedures("si joint fuson or spinopelvic fixation") == [
        "si_joint_fusion",
        "spinopelvic_fixation",
    ]


def test_fuzzy_shortcuts_agree_with_difflib(kb):
    """The cheap upper bounds only skip comparisons: same verdict as ratio() alone."""
    import difflib

    from clinic.knowledge import FUZZY_CUTOFF, _close

    words = ["sacroilliac", "fuson", "spinopelvik", "fixtion", "si", "joint", "pelvic", "x" * 30]
    for name, _ in kb.names():
        matcher = difflib.SequenceMatcher(None, "", name)
        for a in words:
            for b in words:
                window = f"{a} {b}"
                expected = difflib.SequenceMatcher(None, window, name).ratio() >= FUZZY_CUTOFF
                assert _close(matcher, window) == expected, (window, name)


def test_resolves_entity_values_and_ids(kb):
    assert kb.resolve("si_joint_fusion") == "si_joint_fusion"
    assert kb.resolve("Lumbo-pelvic fixation") == "spinopelvic_fixation"
    assert kb.resolve(None) is None
    assert kb.resolve("knee replacement") is None


def test_huge_message_is_handled(kb):
    assert kb.find_procedures("x " * 20000 + "si joint fusion") == ["si_joint_fusion"]


def test_covered_answer_names_its_source(kb):
    answer = kb.answer("si_joint_fusion", "duration")
    assert answer.covered
    assert "45 to 90 minutes" in answer.text
    assert answer.sources == ("Duration",)


@pytest.mark.parametrize(
    "procedure, topic",
    [
        ("spinopelvic_fixation", "duration"),
        ("spinopelvic_fixation", "preparation"),
        ("spinopelvic_fixation", "contraindications"),
        ("si_joint_fusion", "anesthesia"),
        ("si_joint_fusion", "cost"),
        ("spinopelvic_fixation", "cost"),
        ("si_joint_fusion", "success_rate"),
        ("spinopelvic_fixation", "success_rate"),
    ],
)
def test_topics_the_documents_do_not_cover_say_so(kb, procedure, topic):
    answer = kb.answer(procedure, topic)
    assert not answer.covered
    assert "does not cover" in answer.text
    assert "consultation" in answer.text
    assert not re.search(r"\d", answer.text), "a 'not covered' answer must not state a number"


def test_no_fact_is_lent_from_one_procedure_to_the_other(kb):
    spf = " ".join(a.text for a in kb.procedures["spinopelvic_fixation"].answers.values())
    si = " ".join(a.text for a in kb.procedures["si_joint_fusion"].answers.values())
    for si_only in ("45 to 90", "outpatient", "same day", "implant migration", "buttock"):
        assert si_only not in spf
    for spf_only in ("general anaesthesia", "respiratory", "screws", "iliac crest"):
        assert spf_only not in si


def test_aliases_match_the_nlu_synonyms(kb):
    """Names in the knowledge base and the NLU synonyms must not drift apart."""
    synonyms = {}
    for block in yaml.safe_load((ROOT / "data/nlu/procedures.yml").read_text())["nlu"]:
        for line in block["examples"].splitlines():
            synonyms[line.lstrip("- ").strip().lower()] = block["synonym"]
    for procedure in kb.procedures.values():
        for alias in procedure.aliases:
            assert synonyms.get(alias.lower()) == procedure.id, alias
    assert set(synonyms.values()) <= set(kb.procedures)


def test_a_third_procedure_is_data_only(tmp_path):
    """A new knowledge file is all the knowledge base needs."""
    for path in DEFAULT_PROCEDURES_DIR.glob("*.yml"):
        shutil.copy(path, tmp_path)
    shutil.copy(ROOT / "tests/fixtures/procedures/kyphoplasty.yml", tmp_path)
    kb = KnowledgeBase.load(tmp_path)
    assert set(kb.procedures) == {"si_joint_fusion", "spinopelvic_fixation", "kyphoplasty"}
    assert kb.find_procedures("how long does balloon kyfoplasty take") == ["kyphoplasty"]
    assert "30 minutes" in kb.answer("kyphoplasty", "duration").text
    assert not kb.answer("kyphoplasty", "risks").covered


def test_unknown_topic_in_a_file_is_an_error(tmp_path):
    (tmp_path / "bad.yml").write_text(
        "id: bad\nname: bad\nsource_document: x.txt\ntopics:\n  weather:\n    sources: [X]\n    answer: sunny\n"
    )
    with pytest.raises(ValueError, match="weather"):
        KnowledgeBase.load(tmp_path)
