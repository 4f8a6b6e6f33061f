"""clinic/understanding/office_subjects.py and follow_ups.py read their words from
data/vocabulary/ (office_subjects.yml, follow_ups.yml): every listed phrase is recognised,
so are lay variants, and words that only contain a listed one are not."""

import itertools
from pathlib import Path
from typing import List

import pytest
import yaml

from clinic.office import office_answer
from clinic.settings import load_clinic_config
from clinic.understanding import follow_ups
from clinic.understanding.office_subjects import OFFICE_SUBJECTS_FILE, clear_subject, office_subjects, subject_of

ROOT = Path(__file__).resolve().parents[2]
CLINIC = load_clinic_config()


def examples(phrase: str) -> List[str]:
    """Every wording a phrase of the vocabulary lists ("how many/much" -> "how many", "how much")."""
    return [" ".join(words) for words in itertools.product(*(t.rstrip("*").split("/") for t in phrase.split()))]


OFFICE_PHRASES = [(s.key, e) for s in office_subjects().values() for p in s.phrases for e in examples(p)]
FOLLOW_UP_PHRASES = [(k, e) for k, phrases in follow_ups.vocabulary().items() for p in phrases for e in examples(p)]
ASKS = {"asks_number": follow_ups.asks_number, "asks_normal": follow_ups.asks_if_normal}


def test_the_office_vocabulary_is_the_data_file_in_its_order():
    raw = yaml.safe_load(OFFICE_SUBJECTS_FILE.read_text(encoding="utf-8"))
    assert list(office_subjects()) == list(raw)
    assert {"insurance", "cost", "location", "hours", "contact"} <= set(raw)
    assert len(OFFICE_PHRASES) > 150


@pytest.mark.parametrize("key, text", OFFICE_PHRASES)
def test_each_listed_office_phrase_is_its_subject(key, text):
    assert subject_of(f"Hi, {text}?") == key


@pytest.mark.parametrize(
    "text, key",
    [
        ("Is my BlueCross plan in-network?", "insurance"),
        ("I'm uninsured, can I still come?", "insurance"),
        ("what's the co-pay", "cost"),
        ("are there payment plans", "cost"),
        ("Where do I park?", "location"),
        ("Where's the practice located?", "location"),
        ("do I need my doctor's letter", "referral"),
        ("I'd like another opinion", "second_opinion"),
        ("what do other patients say, any testimonials", "reviews"),
        ("how experienced are the neurosurgeons", "surgeons"),
        ("can we do it over Zoom", "telehealth"),
        ("do you have an interpreter for my mother", "language"),
        ("is there a long waiting list", "waiting"),
        ("can I forward my X-rays to you", "records"),
        ("I need to reschedule my consultation", "existing_appointment"),
        ("are you open on Saturdays", "hours"),
        ("what's your e-mail", "contact"),
    ],
)
def test_lay_variants(text, key):
    assert subject_of(text) == key


@pytest.mark.parametrize(
    "text",
    [
        "when will I feel better?",  # "fee"
        "what happens in the operating room?",  # "rating"
        "the edges of the cut are separating",  # "rated"
        "what is it basically",  # "call"
        "how long is the recovery typically?",  # "call"
        "will I be able to feel my legs right after surgery?",
        "what does the procedure involve",
    ],
)
def test_words_that_only_contain_a_listed_one_are_not_office_subjects(text):
    assert subject_of(text) is None


@pytest.mark.parametrize(
    "text",
    [e for s in office_subjects().values() for p in s.unmistakable for e in examples(p)] + ["Are you open today?"],
)
def test_unmistakable_hours_questions_are_clear(text):
    assert clear_subject(text) == "hours"


@pytest.mark.parametrize("text", ["is open surgery riskier", "how many hours does it take", "will the wound close"])
def test_a_subject_with_unmistakable_phrases_is_not_clear_without_one(text):
    assert subject_of(text) == "hours"
    assert clear_subject(text) is None


@pytest.mark.parametrize("key", [k for k, s in office_subjects().items() if s.label])
def test_the_reply_names_what_it_does_not_know_as_the_data_file_says(key):
    subject = office_subjects()[key]
    reply = office_answer(examples(subject.phrases[0])[0], CLINIC)
    assert f"I don't have information about {subject.label}." in reply
    assert CLINIC.phone in reply


def test_only_what_clinic_yml_answers_has_no_label():
    assert {k for k, s in office_subjects().items() if not s.label} == {"hours", "contact", "booking"}


def test_the_loader_reads_a_clinics_own_file(tmp_path):
    path = tmp_path / "office_subjects.yml"
    path.write_text("parking:\n  label: parking\n  phrases: [car park, 'valet*']\n", encoding="utf-8")
    assert office_subjects(path)["parking"].phrases == ("car park", "valet*")


@pytest.mark.parametrize("key, text", FOLLOW_UP_PHRASES)
def test_each_listed_follow_up_phrase_is_recognised(key, text):
    assert ASKS[key](f"and {text}?")


@pytest.mark.parametrize(
    "ask, text",
    [
        ("asks_number", "how many weeks exactly?"),
        ("asks_number", "can you be more specific"),
        ("asks_number", "what's the precise figure"),
        ("asks_normal", "is that unusual?"),
        ("asks_normal", "is it OK if it still hurts"),
        ("asks_normal", "is that commonly the case"),
        ("asks_normal", "was that to be expected"),
    ],
)
def test_follow_up_lay_variants(ask, text):
    assert ASKS[ask](text)


@pytest.mark.parametrize(
    "ask, text",
    [
        ("asks_normal", "can I book a consultation"),  # "ok"
        ("asks_normal", "what does it look like"),
        ("asks_normal", "I took my pills"),
        ("asks_normal", "why?"),
        ("asks_number", "why?"),
        ("asks_number", "what does that mean"),
    ],
)
def test_follow_up_non_members(ask, text):
    assert not ASKS[ask](text)


@pytest.mark.parametrize("path", sorted((ROOT / "data" / "vocabulary").glob("*.yml")), ids=lambda p: p.name)
def test_vocabulary_files_are_not_read_as_training_data(path):
    """Rasa reads every YAML file under data/ that has an nlu/responses/stories/rules key."""
    from rasa.shared.core.training_data.story_reader.yaml_story_reader import YAMLStoryReader
    from rasa.shared.data import is_nlu_file

    assert not is_nlu_file(str(path))
    assert not YAMLStoryReader.is_stories_file(str(path))
