"""No English word, no intent: a message without English becomes `nlu_fallback`.

Runs after the intent classifiers and before Rasa's FallbackClassifier. For
input with (almost) no English word (emoji, punctuation, another language or
script, keyboard mash, a bare number or URL: clinic.understanding.language)
the classifier's best guess has no evidence behind it, yet the logistic
regression can still give it about 0.3 (`affirm` for "🤔"). Such a message is
set to `nlu_fallback` with confidence 1.0 and no other candidates, so no topic,
yes/no or booking intent can be taken from it; an active form still receives
the text (the rules let a form run on `nlu_fallback`).

The English vocabulary is built when the model is trained (spaCy's lookup
table, the files under `vocabulary_dirs` and the NLU examples) and stored in
the model as a word list, so serving needs neither spacy-lookups-data nor data/.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any, Dict, FrozenSet, Optional, Text

from rasa.engine.graph import ExecutionContext
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.constants import DEFAULT_NLU_FALLBACK_INTENT_NAME
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from clinic.understanding.language import MIN_LOG_PROB, english_vocabulary, has_english_content, yaml_files
from components.message_component import MessageComponent, set_sole_intent

WORDS_FILE = "english_words.txt"


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=True)
class EnglishContentClassifier(MessageComponent):
    """Sets `nlu_fallback` (confidence 1.0) for a message without English content."""

    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        # folders (relative to where `rasa train` runs) whose YAML words count as English, and
        # the rarest English word kept from spaCy's table (part of the config, so a change retrains)
        return {"vocabulary_dirs": ["data"], "min_log_prob": MIN_LOG_PROB}

    def __init__(
        self,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        vocabulary: Optional[FrozenSet[str]] = None,
    ) -> None:
        self._config = config
        self._model_storage = model_storage
        self._resource = resource
        self.vocabulary: FrozenSet[str] = vocabulary or frozenset()

    @classmethod
    def create(
        cls,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> "EnglishContentClassifier":
        return cls(config, model_storage, resource)

    @classmethod
    def fingerprint_addon(cls, config: Dict[str, Any]) -> Optional[str]:
        """The YAML files under `vocabulary_dirs`, so that Rasa's training cache retrains the
        word list when one of them changes (the NLU examples and config already count)."""
        digest = hashlib.sha256()
        for path in yaml_files([Path(d) for d in config.get("vocabulary_dirs", [])]):
            digest.update(str(path).encode() + b"\0" + path.read_bytes())
        return digest.hexdigest()

    def train(self, training_data: TrainingData) -> Resource:
        """Build the vocabulary and store it in the model (one word a line)."""
        texts = [m.get(TEXT) or "" for m in training_data.training_examples]
        dirs = [Path(d) for d in self._config["vocabulary_dirs"]]
        self.vocabulary = frozenset(english_vocabulary(dirs, texts, self._config["min_log_prob"]))
        with self._model_storage.write_to(self._resource) as model_dir:
            (model_dir / WORDS_FILE).write_text("\n".join(sorted(self.vocabulary)), encoding="utf-8")
        return self._resource

    @classmethod
    def load(
        cls,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
        **kwargs: Any,
    ) -> "EnglishContentClassifier":
        """The trained vocabulary. Raises FileNotFoundError when the model has none."""
        with model_storage.read_from(resource) as model_dir:
            words = (model_dir / WORDS_FILE).read_text(encoding="utf-8").split("\n")
        return cls(config, model_storage, resource, frozenset(words))

    def process_message(self, message: Message) -> None:
        if not has_english_content(message.get(TEXT) or "", self.vocabulary):
            set_sole_intent(message, DEFAULT_NLU_FALLBACK_INTENT_NAME)
