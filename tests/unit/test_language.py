"""clinic.understanding.language and the component that uses it (no trained model needed)."""

from pathlib import Path

import pytest
from rasa.engine.graph import ExecutionContext, GraphSchema
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.shared.nlu.constants import INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from clinic.understanding import language
from clinic.understanding.language import words
from components.content_classifier import EnglishContentClassifier

ROOT = Path(__file__).resolve().parents[2]
VOCABULARY = frozenset(language.english_vocabulary([ROOT / "data"]))


def has_english_content(text):
    return language.has_english_content(text, VOCABULARY)


# written for the unit test (the evaluation set tests/evaluation/ood_inputs.yml is separate)
NO_ENGLISH = [
    "🙂🙂",
    "👍",
    "?!",
    "…",
    "---",
    "ok?".replace("ok", "ок"),  # Cyrillic о and к
    "没问题",
    "はい",
    "네",
    "نعم",
    "כן",
    "ναι",
    "ใช่",
    "हाँ",
    "evet",
    "sim",
    "nein",
    "oui",
    "tak",
    "jklö",
    "hjkl hjkl",
    "zzzzz",
    "123",
    "42!",
    "www.example.org",
    "https://example.org/a?b=c",
    "wie lange dauert es",
    "¿cuánto cuesta?",
    "\u200b",
    "",
    # other languages that share a few words with English
    "ich habe Schmerzen nach der Operation",
    "hoe lang duurt de operatie",
    "wie lange dauert die Operation am Rücken",
    "combien de temps dure l'opération",
    # a foreign yes/okay that is also a rare English word
    "vale",
    "jo",
    "hai",
]
ENGLISH = [
    "ok",
    "yes",
    "no",
    "hi",
    "I",
    "thx",
    "what is SI joint fusion",
    "wat abt the otr 1",
    "S2AI screws?",
    "how long 2 recover",
    "my email is me@example.org, ok",
    "hola",
    "hw long is recvery after si fusion",
    "cn i drive aftr the op",
]


@pytest.mark.parametrize("text", NO_ENGLISH)
def test_no_english_content(text):
    assert not has_english_content(text)


@pytest.mark.parametrize("text", ENGLISH)
def test_english_content(text):
    assert has_english_content(text)


def test_words_of_any_script_without_urls_and_digits():
    assert words("Qué es S2AI? it’s fine, see https://x.org — да") == [
        "qué",
        "es",
        "s",
        "ai",
        "it's",
        "fine",
        "see",
        "да",
    ]


def test_words_common_to_english_and_another_language_count_as_english():
    """The limit of a vocabulary: Spanish "no", Italian "come" are English words too."""
    assert has_english_content("no") and has_english_content("come no")


def test_a_rare_english_word_shared_with_another_language_leaves_the_sentence_to_the_rest():
    assert has_english_content("a cirurgia dura quanto tempo") is False


@pytest.fixture(scope="module")
def trained(tmp_path_factory):
    """The component trained on two examples, stored, and loaded back as the Rasa server would."""
    storage = LocalModelStorage(tmp_path_factory.mktemp("model"))
    resource = Resource("content_classifier")
    context = ExecutionContext(GraphSchema({}), "test")
    config = {**EnglishContentClassifier.get_default_config(), "vocabulary_dirs": []}
    component = EnglishContentClassifier.create(config, storage, resource, context)
    component.train(TrainingData([Message(data={TEXT: "zorblax fixation"}), Message(data={TEXT: "hello"})]))
    return EnglishContentClassifier.load(config, storage, resource, context)


def classify(component, text, intent="affirm", confidence=0.31):
    ranking = [{"name": intent, "confidence": confidence}, {"name": "deny", "confidence": 0.2}]
    message = Message(data={TEXT: text, INTENT: dict(ranking[0]), INTENT_RANKING_KEY: ranking})
    component.process([message])
    return message


def test_trained_vocabulary_holds_the_lookup_table_and_the_examples(trained):
    assert {"zorblax", "fixation", "hello", "recovery"} <= trained.vocabulary
    assert "vale" not in trained.vocabulary  # a rare English word


def test_component_turns_no_english_into_nlu_fallback(trained):
    message = classify(trained, "🤔")
    assert message.get(INTENT) == {"name": "nlu_fallback", "confidence": 1.0}
    assert message.get(INTENT_RANKING_KEY) == [{"name": "nlu_fallback", "confidence": 1.0}]


def test_component_leaves_english_alone(trained):
    message = classify(trained, "zorblax please")
    assert message.get(INTENT) == {"name": "affirm", "confidence": 0.31}
    assert [r["name"] for r in message.get(INTENT_RANKING_KEY)] == ["affirm", "deny"]


def test_the_training_cache_sees_a_changed_vocabulary_file(tmp_path):
    """Rasa's cache reuses a trained component unless its fingerprint changes: the word list
    must be rebuilt when a vocabulary file changes, as NLU examples and config already do."""
    (tmp_path / "vocabulary").mkdir()
    words = tmp_path / "vocabulary" / "subjects.yml"
    words.write_text("golf: {label: golf, phrases: [golf]}\n", encoding="utf-8")
    config = {"vocabulary_dirs": [str(tmp_path)]}
    before = EnglishContentClassifier.fingerprint_addon(config)
    assert EnglishContentClassifier.fingerprint_addon(config) == before
    words.write_text("golf: {label: golf, phrases: [golf, putting]}\n", encoding="utf-8")
    assert EnglishContentClassifier.fingerprint_addon(config) != before


@pytest.mark.parametrize(
    "text, expected",
    [
        ("¿Cuánto tiempo dura la fusión de la articulación sacroilíaca?", True),
        ("Was ist eine spinopelvine Fixation?", True),
        ("Combien de temps dure l'opération?", True),
        ("Quanto tempo dura la operazione?", True),
        ("脊柱骨盆固定是什么", True),
        ("ما هو دمج المفصل", True),
        ("🤔", False),
        ("asdfjkl", False),
        ("how long does it take", False),
        ("my surgeon Dr José said it is done under general", False),
    ],
)
def test_another_language(text, expected):
    assert language.other_language(text) is expected


def test_another_language_not_understood_gets_english_only():
    from clinic.knowledge import default_knowledge_base
    from clinic.rendering import render
    from clinic.settings import clinic
    from clinic.understanding.reading import Context, Message, OtherLanguage, Route, read

    message = Message("¿Cuánto tiempo dura la fusión?", "nlu_fallback")
    found = read(Route.FALLBACK, message, Context(), default_knowledge_base())
    assert found == OtherLanguage()
    reply = render(found, message, Context(), default_knowledge_base()).replies[0].text
    assert "only answer in English" in reply and clinic().phone in reply
