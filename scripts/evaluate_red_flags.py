"""Red-flag evaluation through the trained model (NLU pipeline + rule layer).

Parses every phrasing in tests/red_flags/*.yml with the real model and prints
recall and precision. Fails on any missed emergency or crisis phrasing, and when recall or
precision of the escalations, or the share of ordinary questions left alone, is
below 0.95.
Usage: python scripts/evaluate_red_flags.py MODEL [PHRASINGS.yml ...]
"""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path
from typing import Dict, List, Optional

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # custom NLU components

EXPECTED = {
    "emergency": "report_emergency",
    "crisis": "report_emergency",  # thoughts of suicide or self-harm
    "urgent": "report_urgent_symptom",
    "not_red_flag": None,
}
MUST_NOT_MISS = {"emergency", "crisis"}
ALARMS = {"report_emergency", "report_urgent_symptom"}
TARGET = 0.95


async def classify(model: str, texts: List[str]) -> List[Optional[str]]:
    import logging

    from rasa.core.agent import Agent
    from rasa.utils.log_utils import configure_structlog

    configure_structlog(logging.WARNING)  # no per-message debug lines

    agent = Agent.load(model)
    intents = []
    for text in texts:
        intent = (await agent.parse_message(text))["intent"]["name"]
        intents.append(intent if intent in ALARMS else None)
    return intents


def main(model: str, files: List[Path]) -> int:
    cases: Dict[str, List[str]] = {key: [] for key in EXPECTED}
    for path in files:
        for key, texts in yaml.safe_load(path.read_text(encoding="utf-8")).items():
            cases[key].extend(texts)  # an unknown key is an error (KeyError)
    sets = [key for key in EXPECTED for _ in cases[key]]
    texts = [t for key in EXPECTED for t in cases[key]]
    gold = [EXPECTED[key] for key in sets]
    predicted = asyncio.run(classify(model, texts))

    failures = 0
    print(f"{'set':<14}{'n':>5}{'correct':>9}{'rate':>7}")
    for key, expected in EXPECTED.items():
        rows = [(t, p) for k, t, p in zip(sets, texts, predicted, strict=False) if k == key]
        correct = sum(p == expected for _, p in rows)
        rate = correct / len(rows) if rows else 1.0
        print(f"{key:<14}{len(rows):>5}{correct:>9}{rate:>7.2f}")
        for text, p in rows:
            if p != expected:
                print(f"    missed as {p or 'no alarm'}: {text}")
        if key in MUST_NOT_MISS and correct < len(rows):
            failures += 1
        elif rate < TARGET:
            failures += 1

    escalated = [(g, p) for g, p in zip(gold, predicted, strict=False) if p]
    should = [(g, p) for g, p in zip(gold, predicted, strict=False) if g]
    precision = sum(g is not None for g, _ in escalated) / len(escalated) if escalated else 1.0
    recall = sum(p is not None for _, p in should) / len(should) if should else 1.0
    print(f"\nescalation recall {recall:.3f}   precision {precision:.3f}   (target >= {TARGET})")
    if precision < TARGET or recall < TARGET:
        failures += 1
    if failures:
        print("FAILED: red-flag evaluation below target", file=sys.stderr)
    return 1 if failures else 0


if __name__ == "__main__":
    model_path = sys.argv[1]
    paths = [Path(p) for p in sys.argv[2:]] or sorted(Path("tests/red_flags").glob("*.yml"))
    sys.exit(main(model_path, paths))
