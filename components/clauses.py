"""Each clause of a compound question classified on its own, by the same pipeline.

"do they knock you out, and do I lie on my front?" gets one intent from the classifier;
its second part is found only if the facet vocabulary has a phrase for it. These two
components let the pipeline's own featurizers and classifier rank the intents of each
clause (clinic.understanding.clauses):

- ClauseSplitter, first in the pipeline: for a message of two or more clauses, appends
  one message per clause to the batch the pipeline processes;
- ClauseCollector, right after the intent classifier: moves each clause's ranking into its
  message's parse data under `clauses`, and removes the clause messages, so the
  components after it (red flags, fallback) see the patient's messages only.

`clauses` in the parse data (the tracker's latest message): a list, in the message's
order, of {"start": int, "end": int, "intent_ranking": [{"name": str, "confidence":
float}, ...]} (character offsets into the text, the CLAUSE_RANKING likeliest intents).
Offsets, not text, so the tracker stores no second copy of the patient's words.
Training data passes through both unchanged.
"""

from __future__ import annotations

from typing import Any, Dict, List

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.shared.nlu.constants import INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message

from clinic.understanding import clauses
from components.message_component import RuleComponent

CLAUSES = "clauses"
# Set on a clause message: (index of its message in the batch, start, end).
CLAUSE_OF = "clause_of"
# Intents kept per clause.
CLAUSE_RANKING = 3


# registered as a classifier, not a tokenizer: Rasa adds tokenizers to the policies' end-to-end
# featurization too, where a batch must not grow
@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=False)
class ClauseSplitter(RuleComponent):
    """Appends a message per clause of each compound message (see the module docstring)."""

    def process(self, messages: List[Message]) -> List[Message]:
        batch = list(messages)
        for index, message in enumerate(messages):
            text = message.get(TEXT) or ""
            found = clauses.spans(text) if not text.startswith("/") else []
            if len(found) < 2:
                continue
            for start, end in found:
                clause = Message(data={TEXT: text[start:end].strip()})
                clause.set(CLAUSE_OF, (index, start, end))
                batch.append(clause)
        return batch


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=False)
class ClauseCollector(RuleComponent):
    """Moves the clauses' rankings into their messages and drops the clause messages."""

    def process(self, messages: List[Message]) -> List[Message]:
        patients = [m for m in messages if m.get(CLAUSE_OF) is None]
        for clause in messages:
            of = clause.get(CLAUSE_OF)
            if of is None:
                continue
            index, start, end = of
            ranking = [
                {"name": r.get("name"), "confidence": float(r.get("confidence") or 0.0)}
                for r in (clause.get(INTENT_RANKING_KEY) or [])[:CLAUSE_RANKING]
            ]
            entry: Dict[str, Any] = {"start": start, "end": end, INTENT_RANKING_KEY: ranking}
            owner = messages[index]
            owner.set(CLAUSES, [*(owner.get(CLAUSES) or []), entry], add_to_output=True)
        return patients
