"""The NLU data: enough varied examples, and a held-out set that really is held out."""

import re
from collections import Counter
from pathlib import Path
from typing import Dict, List

import yaml

ROOT = Path(__file__).resolve().parents[2]


def examples(path: Path) -> Dict[str, List[str]]:
    found: Dict[str, List[str]] = {}
    for block in yaml.safe_load(path.read_text(encoding="utf-8"))["nlu"]:
        if "intent" in block:
            found.setdefault(block["intent"], []).extend(
                line[2:].strip() for line in block["examples"].splitlines() if line.startswith("- ")
            )
    return found


def key(text: str) -> str:
    return " ".join(re.sub(r"[^\w\s]", " ", text.lower()).split())


TRAINING: Dict[str, List[str]] = {}
for file in sorted((ROOT / "data/nlu").glob("*.yml")):
    for intent, texts in examples(file).items():
        TRAINING.setdefault(intent, []).extend(texts)
HOLDOUT = examples(ROOT / "tests/nlu/holdout.yml")


def test_every_question_intent_has_at_least_25_examples():
    intents = [i for f in (ROOT / "domain").glob("*.yml") for i in yaml.safe_load(f.read_text()).get("intents", [])]
    assert len(intents) > 40
    for intent in intents:
        minimum = 25 if intent.startswith("ask_") or intent == "inform_procedure" else 15
        assert len(TRAINING.get(intent, [])) >= minimum, intent


def test_held_out_set_is_large_and_not_in_the_training_data():
    assert sum(len(v) for v in HOLDOUT.values()) >= 150
    trained = {key(t) for texts in TRAINING.values() for t in texts}
    leaked = [t for texts in HOLDOUT.values() for t in texts if key(t) in trained]
    assert leaked == []


def test_no_training_example_is_given_two_intents():
    seen = Counter(key(t) for texts in TRAINING.values() for t in set(map(key, texts)))
    assert [t for t, n in seen.items() if n > 1] == []


def test_red_flag_phrasings_are_enough_and_not_training_data():
    trained = {key(t) for texts in TRAINING.values() for t in texts}
    counts = Counter()
    for path in sorted((ROOT / "tests/red_flags").glob("*.yml")):
        phrasings = yaml.safe_load(path.read_text())
        assert set(phrasings) <= {"emergency", "urgent", "crisis", "not_red_flag"}, path.name
        counts.update({k: len(v) for k, v in phrasings.items()})
        assert [t for texts in phrasings.values() for t in texts if key(t) in trained] == [], path.name
    assert counts["emergency"] + counts["urgent"] >= 60
    assert counts["not_red_flag"] >= 60
