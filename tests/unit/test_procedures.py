"""clinic.understanding.procedures: which procedure a message is about (no Rasa)."""

import pytest

from clinic.knowledge import default_knowledge_base
from clinic.understanding.procedures import refer, vocabulary

KB = default_knowledge_base()
SI, SPF = "si_joint_fusion", "spinopelvic_fixation"


@pytest.mark.parametrize(
    "text, procedure, unnamed",
    [
        # device brands and screw types the pages never name
        ("my doctor recommends iFuse, how long is recovery", SI, "iFuse"),
        ("is the iFuse-3D op painful", SI, "iFuse 3D"),
        ("what are the risks of the SI-LOK system", SI, "SI-LOK"),
        ("Rialto implant recovery time?", SI, "Rialto"),
        ("do S2AI screws hurt afterwards", SPF, "S2AI screws"),
        ("why would they need iliac bolts", SPF, "iliac bolts"),
        ("is the Galveston technique still used", SPF, "Galveston technique"),
    ],
)
def test_names_the_pages_dont_use_lead_to_the_procedure(text, procedure, unnamed):
    reference = refer(text, KB)
    assert reference.procedures == (procedure,)
    assert reference.unnamed == (unnamed,)


@pytest.mark.parametrize(
    "text, procedure",
    [
        ("they want to fuse the joint at the back of my pelvis", SI),
        ("a surgeon will put implants across the joint between my spine and hip", SI),
        ("operation for sacroiliitis, is it worth it", SI),
        ("they're extending my lumbar fusion down into the pelvis", SPF),
        ("screws and rods into my hip bones, how long in hospital", SPF),
        ("my fusion goes from T4 to the pelvis now", SPF),
        # what the operation does to the joint, in lay words
        ("the keyhole surgery that stops the joint at the back of the pelvis from moving", SI),
        ("they lock the joint between my spine and pelvis", SI),
        ("a keyhole op on the joint in my pelvis", SI),
    ],
)
def test_lay_descriptions_lead_to_the_procedure(text, procedure):
    assert refer(text, KB).procedures == (procedure,)


@pytest.mark.parametrize(
    "text",
    [
        "do the S2AI screws go anywhere near the SI joint?",
        "will it make my sacroiliac joint stiff",
        "is the sacroiliac joint affected by the rods",
        "does it go through the si joints at all",
    ],
)
def test_a_joint_named_in_passing_does_not_switch_procedure(text):
    assert refer(text, KB, in_context=SPF).procedures == (SPF,)


@pytest.mark.parametrize(
    "text", ["what about the si joint?", "and the sacroiliac joint", "si joint?", "risks of si joint fusion"]
)
def test_a_follow_up_or_a_full_name_still_switches(text):
    assert refer(text, KB, in_context=SPF).procedures == (SI,)


def test_without_context_the_joint_names_si_joint_fusion():
    assert refer("does it go through the si joint", KB).procedures == (SI,)


def test_both_named_stay_both_in_order():
    assert refer("spinopelvic fixation vs si joint fusion recovery", KB).procedures == (SPF, SI)


def test_context_words_and_answers_to_which_procedure():
    assert refer("and the other one?", KB, in_context=SI).procedures == (SPF,)
    assert refer("which one is shorter", KB).procedures == (SI, SPF)
    assert refer("the second one", KB, asked_which=True).procedures == (list(KB.procedures)[1],)
    assert refer("the second one", KB, asked_which=False).procedures == ()
    assert refer("what are the risks", KB).procedures == ()


def test_every_unnamed_name_and_description_points_to_a_known_procedure():
    assert set(vocabulary()) <= set(KB.procedures)
    for terms in vocabulary().values():
        assert all(terms.display[name] for name in terms.unnamed)


def test_no_name_is_listed_twice():
    """Spaces and hyphens are interchangeable, so "iFuse 3D" and "iFuse-3D" would be one entry."""
    import yaml

    from clinic.understanding.procedures import VOCABULARY_FILE, _norm

    raw = yaml.safe_load(VOCABULARY_FILE.read_text(encoding="utf-8"))
    names = [_norm(n) for entry in raw.values() for n in entry.get("unnamed") or ()]
    assert len(names) == len(set(names))


@pytest.mark.parametrize(
    "text, procedures",
    [
        ("si joint fusion is under general anaesthetic like spinopelvic fixation right?", (SI,)),
        ("is SI fusion done prone like spinopelvic fixation?", (SI,)),
        ("unlike spinopelvic fixation, is SI fusion outpatient?", (SI,)),
        ("does spinopelvic fixation need a hospital stay, as with si joint fusion", (SPF,)),
        # a comparison, or both asked about, keeps both
        ("compared with spinopelvic fixation is si fusion shorter", (SPF, SI)),
        ("what are the risks of si joint fusion and spinopelvic fixation", (SI, SPF)),
        ("i like spinopelvic fixation and si fusion", (SPF, SI)),
    ],
)
def test_a_procedure_named_only_to_compare_with_is_not_the_one_asked_about(text, procedures):
    assert refer(text, KB).procedures == procedures


@pytest.mark.parametrize(
    "text, procedures",
    [
        # "husband's" is one word, not "husband s" (which a typo-tolerant match read as "si")
        ("what about my husband's surgery, the rods into the pelvis, same risks?", ()),
        ("my wife's op is next week", ()),
        ("my dad's SI fusion", (SI,)),
        ("she can't have spinopelvic fixation?", (SPF,)),
    ],
)
def test_a_possessive_names_no_procedure(text, procedures):
    assert tuple(KB.find_procedures(text)) == procedures


def test_a_spine_screwed_to_the_pelvis_is_spinopelvic_fixation():
    from clinic.knowledge import default_knowledge_base
    from clinic.understanding.procedures import refer

    text = "I have a tumour in my sacrum and they say my spine will be screwed to my pelvis after"
    assert refer(text, default_knowledge_base()).procedures == ("spinopelvic_fixation",)
