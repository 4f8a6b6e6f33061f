"""The clause components in the trained pipeline (components/clauses.py), on the model's
own rankings: loads models/current.tar.gz (or $MODEL) with Rasa's Agent, as
test_fallback_rankings.py does; without a model the tests are skipped."""

from __future__ import annotations

import asyncio
import os
from pathlib import Path
from typing import Any, Dict, List

import pytest

from actions.context import message_of
from clinic.knowledge import default_knowledge_base
from clinic.understanding import clauses
from clinic.understanding.reading import topics_asked

ROOT = Path(__file__).resolve().parents[2]
MODEL = ROOT / os.environ.get("MODEL", "models/current.tar.gz")
KB = default_knowledge_base()
COMPOUND = [
    # (message, the topics it asks, in order); no facet phrase finds the second part of these
    ("what are the risks of si fusion? and does someone have to drive me home?", ["risks", "preparation"]),
    (
        "how long does spinopelvic fixation take, and how long will he be in hospital afterwards?",
        ["duration", "hospital_stay"],
    ),
    ("does si fusion get done on both sides? and will it ever need redoing", ["repeat"]),
    ("is it keyhole or a big cut for si joint fusion, and can I eat before it?", ["procedure_steps", "preparation"]),
]
SINGLE = ["how long does SI joint fusion take?", "/affirm", "my wife and I want to know who it is for"]


@pytest.fixture(scope="module")
def parses() -> Dict[str, Dict[str, Any]]:
    if not MODEL.exists():
        pytest.skip(f"no trained model at {MODEL}: run `make train` (scripts/test.sh runs this after training)")
    import components  # noqa: F401  (our Rasa patches, as the server has them)
    from rasa.core.agent import Agent

    async def parse_all() -> Dict[str, Dict[str, Any]]:
        agent = Agent.load(str(MODEL))
        return {text: await agent.parse_message(text) for text in [t for t, _ in COMPOUND] + SINGLE}

    return asyncio.run(parse_all())


class LatestMessage:
    """What message_of reads of a tracker."""

    def __init__(self, parse: Dict[str, Any]) -> None:
        self.latest_message = parse

    def get_latest_entity_values(self, entity: str) -> List[str]:
        return [e["value"] for e in self.latest_message.get("entities") or [] if e["entity"] == entity]


@pytest.mark.parametrize("text", [t for t, _ in COMPOUND])
def test_a_compound_message_carries_each_clause_ranked(parses, text):
    parse = parses[text]
    found = parse["clauses"]
    assert [(c["start"], c["end"]) for c in found] == clauses.spans(text)
    for clause in found:
        ranking = clause["intent_ranking"]
        assert 1 <= len(ranking) <= 3 and ranking[0]["confidence"] >= ranking[-1]["confidence"]
    # the message itself keeps the pipeline's verdict on the whole text; no clause text is stored
    assert parse["text"] == text and "text" not in found[0]


@pytest.mark.parametrize("text, topics", COMPOUND)
def test_each_part_of_a_compound_question_is_asked(parses, text, topics):
    asked = topics_asked(message_of(LatestMessage(parses[text])), KB)
    assert asked == topics


@pytest.mark.parametrize("text", SINGLE)
def test_a_message_of_one_clause_has_none(parses, text):
    assert "clauses" not in parses[text]
