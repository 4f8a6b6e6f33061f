"""The fallback action on the rankings the trained model produces (not hand-built ones).

Loads the trained model (models/current.tar.gz, or $MODEL) with Rasa's Agent, parses the
held-out phrasings and the patient phrasings of every dev set, and runs ActionFallback on the parse of every message
the pipeline sends to nlu_fallback. scripts/test.sh runs this after training (step 4);
without a model the tests are skipped.
"""

from __future__ import annotations

import asyncio
import os
import re
from pathlib import Path
from typing import Any, Dict, List

import pytest
import yaml
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions import actions as acts
from clinic.knowledge import default_knowledge_base
from clinic.understanding import reading
from tests.pipeline_config import fallback_thresholds

ROOT = Path(__file__).resolve().parents[2]
MODEL = ROOT / os.environ.get("MODEL", "models/current.tar.gz")
SI = {"procedure": "si_joint_fusion", "disclaimer_shown": True}


def phrasings() -> List[str]:
    texts = re.findall(r"^[ \t]+- (.+)$", (ROOT / "tests/nlu/holdout.yml").read_text(encoding="utf-8"), re.M)
    for dev_set in sorted((ROOT / "tests/evaluation").glob("patients_dev*.yml")):  # every dev half, never a test half
        patients = yaml.safe_load(dev_set.read_text(encoding="utf-8"))
        texts += [turn["user"] for item in patients["items"] for turn in item["turns"]]
    return texts


@pytest.fixture(scope="module")
def fallback_parses() -> List[Dict[str, Any]]:
    """The model's parse of every phrasing it sends to nlu_fallback."""
    if not MODEL.exists():
        pytest.skip(f"no trained model at {MODEL}: run `make train` (scripts/test.sh runs this after training)")
    import components  # noqa: F401  (our Rasa patches, as the server has them)
    from rasa.core.agent import Agent

    async def parse_all() -> List[Dict[str, Any]]:
        agent = Agent.load(str(MODEL))
        parses = [await agent.parse_message(text) for text in phrasings()]
        return [p for p in parses if p["intent"]["name"] == "nlu_fallback"]

    return asyncio.run(parse_all())


def tracker_for(parse: Dict[str, Any], slots: Dict[str, Any]) -> Tracker:
    return Tracker(
        sender_id="model-test",
        slots=dict(slots),
        latest_message=parse,
        events=[{"event": "user", "text": parse["text"], "parse_data": parse}],
        paused=False,
        followup_action=None,
        active_loop={},
        latest_action_name="action_listen",
    )


def test_the_model_sends_some_phrasings_to_the_fallback(fallback_parses):
    assert fallback_parses, "no held-out or patient phrasing reaches nlu_fallback: nothing below tests it"


def test_fallback_rankings_are_below_the_threshold_or_ambiguous(fallback_parses):
    """What the fallback action can rely on, with config.yml's thresholds."""
    config = fallback_thresholds()
    for parse in fallback_parses:
        ranking = [r for r in parse["intent_ranking"] if r["name"] != "nlu_fallback"]
        first, second = ranking[0]["confidence"], ranking[1]["confidence"]
        assert first < config["threshold"] or first - second < config["ambiguity_threshold"], parse["text"]


@pytest.mark.parametrize("slots", [{}, SI], ids=["no procedure", "procedure known"])
def test_the_fallback_answers_every_real_fallback_ranking(fallback_parses, slots):
    """A reply per message (a name the pages don't use may add a note before it); when it offers topics because it is unsure, they are the
    model's likeliest ones, in the model's order."""
    kb = default_knowledge_base()
    unsure = 0
    for parse in fallback_parses:
        dispatcher = CollectingDispatcher()
        asyncio.run(acts.ActionFallback().run(dispatcher, tracker_for(parse, slots), {}))
        # a reply, or a note and the answers ("the pages don't use the name S2AI…", then an answer
        # per topic asked: "how long does it take, what anaesthetic, and when can I drive?")
        assert 1 <= len(dispatcher.messages) <= 2 + reading.MAX_TOPICS_PER_ANSWER, parse["text"]
        assert all(m["text"] for m in dispatcher.messages), parse["text"]
        reply = dispatcher.messages[-1]
        if "not sure I understood" not in reply["text"]:
            continue  # answered from the words (a term, an office subject, a subject of the page)
        unsure += 1
        ranked = [r["name"] for r in parse["intent_ranking"]]
        *offered, book = [b["payload"][1:].split("{", 1)[0] for b in reply["buttons"]]  # then "Book"
        assert book == "book_appointment" and offered and set(offered) <= set(ranked), (parse["text"], offered)
        assert offered == sorted(offered, key=ranked.index), parse["text"]
        assert any(i[len("ask_") :] in kb.topics for i in offered) or not any(
            r["name"][len("ask_") :] in kb.topics and r["confidence"] >= reading.MIN_SUGGESTION_CONFIDENCE
            for r in parse["intent_ranking"]
        ), parse["text"]
    assert unsure, "no real fallback ranking led to suggestions"
