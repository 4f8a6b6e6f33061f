"""Evaluation of patients' own phrasings, through a running Rasa server (REST) and its action server.

Two sets, both written by people who had not seen the training data:

* patients (tests/evaluation/patients_{dev,test}.yml): questions and short conversations
  reworded from public patient sources, each turn with its expected behaviour from the
  two documents (procedure, facts to mention, "not covered", escalation). An item
  passes when every turn passes. A fact to mention counts when its words appear in order
  (see says(): case, punctuation and a plural -s aside), as writers copy the documents'
  words and the answers may put them in brackets ("breathing (respiratory) physiotherapy"). The test half is frozen: with --frozen only the score
  and the per-kind counts are printed, never an item, so that it stays unread.
* ood (tests/evaluation/ood_inputs.yml): inputs with no English content. Each is sent in
  a fresh conversation; the intent Rasa stored for it (read through the HTTP API, which
  needs RASA_API_TOKEN) must not be a topic, yes/no or booking intent.

Usage:
  python scripts/evaluate_phrasings.py patients FILE.yml [--frozen] [--min-score 0.9]
  python scripts/evaluate_phrasings.py ood FILE.yml
Environment: RASA_URL (default http://localhost:5005), RASA_API_TOKEN (ood only).
Exit status 1 when the score is below --min-score (ood: any forbidden intent).
"""

from __future__ import annotations

import argparse
import os
import re
import sys
import uuid
from collections import Counter, defaultdict
from pathlib import Path
from typing import Dict, List, Optional, Sequence, Tuple

import requests
import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from clinic import replies  # noqa: E402
from clinic.knowledge import default_knowledge_base, normalise  # noqa: E402
from clinic.settings import clinic  # noqa: E402

RASA_URL = os.environ.get("RASA_URL", "http://localhost:5005")
# phrases by which a reply says the clinic's pages don't cover something
NOT_COVERED = (
    "does not cover",
    "doesn't cover",
    "don't cover",
    "do not cover",
    "not covered",
    "does not say",
    "doesn't say",
    "don't say",
    "do not say",
    "does not mention",
    "doesn't mention",
    "don't mention",
    "do not mention",
    "does not name",
    "doesn't name",
    "don't name",
    "do not name",
    "don't use the name",
    "do not use the name",
    "can't give you a reliable answer",
    "does not give",
    "doesn't give",
    "says nothing about",
    "don't have information",
    "do not have information",
)
# Intents no input without English content may get
ALLOWED_OOD_INTENTS = {"nlu_fallback", "out_of_scope", "greet", "goodbye", "thank", None}


def escalation_markers() -> List[str]:
    """The first sentence of each red-flag reply, as the replies module writes it."""
    return [replies.red_flag(tier, clinic()).text.split(". ")[0].lower() for tier in ("crisis", "emergency", "urgent")]


def send(sender: str, text: str) -> Tuple[str, List[str]]:
    """The bot's replies to one message: (all texts joined, button payloads)."""
    response = requests.post(f"{RASA_URL}/webhooks/rest/webhook", json={"sender": sender, "message": text}, timeout=30)
    response.raise_for_status()
    messages = response.json()
    text_out = "\n".join(m.get("text") or "" for m in messages)
    payloads = [b.get("payload", "") for m in messages for b in m.get("buttons") or []]
    return text_out, payloads


def says(reply: str, phrase: str) -> bool:
    """Whether the reply says `phrase`: as a part of its text ("driv" in "driving"), or its
    words in order compared as clinic.knowledge.normalise writes them (case, punctuation and
    brackets aside: "breathing (respiratory) physiotherapy" says "respiratory physiotherapy"),
    each word with or without a plural -s."""
    words = normalise(phrase).split()
    if phrase.lower() in reply.lower() or not words:
        return phrase.lower() in reply.lower()
    stems = [w[:-1] if w.endswith("s") and len(w) > 3 else w for w in words]
    pattern = r"\b" + r"\s+".join(re.escape(w) + "s?" for w in stems) + r"\b"
    return re.search(pattern, normalise(reply)) is not None


def judge_turn(expect: Dict, reply: str, payloads: Sequence[str]) -> List[str]:
    """What is wrong with one reply (empty when it is right)."""
    kb = default_knowledge_base()
    low = reply.lower()
    problems = []
    procedure = expect.get("procedure")
    if procedure in kb.procedures and not expect.get("escalate"):  # an escalation need not name it
        own = kb.procedures[procedure].name.lower()
        others = [p.name.lower() for pid, p in kb.procedures.items() if pid != procedure]
        sources = low.split("(source:")[1:]
        if own not in low:
            problems.append(f"does not name {own}")
        elif sources and not any(own in s for s in sources) and any(o in s for s in sources for o in others):
            problems.append("cites only the other procedure's page")
    elif procedure == "ask":
        asked = replies.WHICH_PROCEDURE.lower() in low or sum(
            any(pid in p for p in payloads) for pid in kb.procedures
        ) == len(kb.procedures)
        if not asked:
            problems.append("does not ask which procedure")
    groups = list(expect.get("must_mention_each") or [])
    if expect.get("must_mention_any"):
        groups.append(expect["must_mention_any"])
    for group in groups:
        if not any(says(reply, s) for s in group):
            problems.append(f"mentions none of {group}")
    for s in expect.get("must_not_mention") or []:
        if s.lower() in low:
            problems.append(f"mentions {s!r}")
    if expect.get("not_covered") and not any(p in low for p in NOT_COVERED):
        problems.append("does not say the pages don't cover it")
    escalated = any(m in low for m in escalation_markers())
    if expect.get("escalate") and not escalated:
        problems.append("does not escalate")
    if not expect.get("escalate") and escalated:
        problems.append("escalates")
    return problems


def run_patients(path: Path, frozen: bool, min_score: float) -> int:
    items = yaml.safe_load(path.read_text(encoding="utf-8"))["items"]
    total, passed = Counter(), Counter()
    failures: List[str] = []
    for item in items:
        sender = f"eval-{uuid.uuid4().hex[:12]}"
        wrong: List[str] = []
        for turn in item["turns"]:
            reply, payloads = send(sender, turn["user"])
            problems = judge_turn(turn.get("expect") or {}, reply, payloads)
            if problems and not wrong:
                wrong = [f"  > {turn['user']}", f"    {'; '.join(problems)}", f"    < {reply[:400]!r}"]
        total[item["kind"]] += 1
        if wrong:
            failures.append(f"{item['id']} ({item['kind']})\n" + "\n".join(wrong))
        else:
            passed[item["kind"]] += 1
    score = sum(passed.values()) / max(1, sum(total.values()))
    if not frozen:
        for failure in failures:
            print(failure)
    print(f"\n{'kind':<28}{'items':>6}{'right':>7}")
    for kind in sorted(total):
        print(f"{kind:<28}{total[kind]:>6}{passed[kind]:>7}")
    print(f"{path.name}: {sum(passed.values())}/{sum(total.values())} right, score {score:.3f} (minimum {min_score})")
    return 0 if score >= min_score else 1


def stored_intent(sender: str) -> Optional[str]:
    """The intent Rasa stored for the last user message of a conversation (HTTP API)."""
    token = os.environ["RASA_API_TOKEN"]
    response = requests.get(f"{RASA_URL}/conversations/{sender}/tracker", params={"token": token}, timeout=30)
    response.raise_for_status()
    users = [e for e in response.json().get("events", []) if e.get("event") == "user"]
    return ((users[-1].get("parse_data") or {}).get("intent") or {}).get("name") if users else None


def run_ood(path: Path) -> int:
    inputs = yaml.safe_load(path.read_text(encoding="utf-8"))["inputs"]
    by_kind: Dict[str, List[int]] = defaultdict(lambda: [0, 0])
    wrong = []
    for entry in inputs:
        sender = f"ood-{uuid.uuid4().hex[:12]}"
        send(sender, entry["text"])
        intent = stored_intent(sender)
        ok = intent in ALLOWED_OOD_INTENTS
        by_kind[entry["kind"]][0] += 1
        by_kind[entry["kind"]][1] += ok
        if not ok:
            wrong.append(f"  {entry['text']!r} ({entry['kind']}) -> {intent}")
    print("\n".join(wrong))
    print(f"{'kind':<14}{'inputs':>7}{'no content intent':>19}")
    for kind, (n, ok) in sorted(by_kind.items()):
        print(f"{kind:<14}{n:>7}{ok:>19}")
    print(f"{path.name}: {len(inputs) - len(wrong)}/{len(inputs)} got no topic, yes/no or booking intent")
    return 1 if wrong else 0


def main(argv: Optional[Sequence[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("set", choices=["patients", "ood"])
    parser.add_argument("file", type=Path)
    parser.add_argument("--frozen", action="store_true", help="print only the score and per-kind counts")
    parser.add_argument("--min-score", type=float, default=0.9)
    args = parser.parse_args(argv)
    if args.set == "ood":
        return run_ood(args.file)
    return run_patients(args.file, args.frozen, args.min_score)


if __name__ == "__main__":
    sys.exit(main())
