"""Bases for our NLU components that change each message in turn (not registered themselves).

MessageComponent: `process` runs `process_message` on each message (red flags, English
content). RuleComponent adds what a component without training needs (no config, nothing
stored): `create` and a `process_training_data` that passes the data through (payload
guard, red flags).

Rasa's graph validation (rasa/engine/validation.py) reads the signatures and type hints of
`create`, `load` and `process` from the class it runs, inherited ones included, and the
recipe wires `process`'s arguments by name (a `tracker` argument gets the conversation's
tracker), so a subclass that needs the tracker overrides `process` (payload_guard.py).
Subclasses keep their module paths and class names: trained models store those.
"""

from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import INTENT, INTENT_NAME_KEY, INTENT_RANKING_KEY
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData


def set_sole_intent(message: Message, name: str) -> None:
    """Give the message the intent `name` at confidence 1.0, with no other candidates."""
    intent = {INTENT_NAME_KEY: name, "confidence": 1.0}
    message.set(INTENT, intent, add_to_output=True)
    message.set(INTENT_RANKING_KEY, [intent], add_to_output=True)


class MessageComponent(GraphComponent):
    """An NLU component that looks at each message on its own."""

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            self.process_message(message)
        return messages

    def process_message(self, message: Message) -> None:
        """Change the message's parse data in place (intent, ranking, extra keys)."""
        raise NotImplementedError


class RuleComponent(MessageComponent):
    """A MessageComponent with nothing to train, configure or store."""

    @classmethod
    def create(
        cls,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> GraphComponent:
        return cls()

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        return training_data
