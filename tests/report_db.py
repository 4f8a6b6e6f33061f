"""A tracker database for the report's tests, written the way the Rasa server writes it:
Rasa's Event objects, saved by the project's tracker store (components/tracker_store.py).

The week is fixed (Mon 2025-03-10 to Sun 2025-03-16, clinic time), so a shared
PostgreSQL with other conversations in it (make test's scale-out step) gives the
same figures. EXPECTED lists what the report must find.
"""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
from datetime import date, datetime
from typing import Any, Dict, List, Optional

from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, ActiveLoop, BotUttered, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from clinic.settings import ROOT, clinic

FIRST_DAY = date(2025, 3, 10)
LAST_DAY = date(2025, 3, 16)


def _at(day: int, hour: int, minute: int = 0) -> float:
    """A timestamp on March `day`, 2025, at hour:minute in the clinic's timezone."""
    return datetime(2025, 3, day, hour, minute, tzinfo=clinic().tz).timestamp()


def _user(text: str, intent: str, at: float, confidence: float = 0.95, procedure: Optional[str] = None) -> UserUttered:
    entities = [{"entity": "procedure", "value": procedure, "start": 0, "end": 1}] if procedure else []
    parse = {
        "text": text,
        "intent": {"name": intent, "confidence": confidence},
        "intent_ranking": [{"name": intent, "confidence": confidence}],
        "entities": entities,
    }
    return UserUttered(text, parse["intent"], entities, parse, timestamp=at)


def _did(action: str, at: float) -> ActionExecuted:
    return ActionExecuted(action, timestamp=at + 0.1)


def _said(text: str, at: float) -> BotUttered:
    return BotUttered(text, timestamp=at + 0.2)


def conversations() -> Dict[str, List[Any]]:
    """Conversation id -> Rasa events."""
    phone = clinic().phone
    risks = "SI joint fusion – the risks and side effects:\nCommon side effects are …"
    return {
        # Monday 10:00, open: one question with the procedure named
        "report-test-1": [
            _user("what are the risks of si joint fusion", "ask_risks", _at(10, 10), procedure="si_joint_fusion"),
            _did("action_answer_question", _at(10, 10)),
            SlotSet("procedure", "si_joint_fusion", timestamp=_at(10, 10) + 0.15),
            _said(risks, _at(10, 10)),
        ],
        # Monday 22:00, closed: a follow-up on the procedure in context, then three unanswered
        "report-test-2": [
            SlotSet("procedure", "spinopelvic_fixation", timestamp=_at(10, 22)),
            _user("how long is recovery", "ask_recovery", _at(10, 22, 1)),
            _did("action_answer_question", _at(10, 22, 1)),
            _user("what's the weather tomorrow", "out_of_scope", _at(10, 22, 2)),
            _did("action_out_of_scope", _at(10, 22, 2)),
            _user(f"Do you take Acme insurance? Call me on {phone}", "nlu_fallback", _at(10, 22, 3), 0.3),
            _did("action_fallback", _at(10, 22, 3)),
            _user("is bleeding a risk", "ask_risks", _at(10, 22, 4), procedure="spinopelvic_fixation"),
            _did("action_answer_question", _at(10, 22, 4)),
            _said(
                "… The clinic's information on spinopelvic fixation does not mention bleeding specifically",
                _at(10, 22, 4),
            ),
        ],
        # Tuesday 11:00: an urgent red flag, then a whole booking
        "report-test-3": [
            _user("I have a fever and the wound is leaking pus", "report_urgent_symptom", _at(11, 11), 1.0),
            _did("action_red_flag", _at(11, 11)),
            _user("book a consultation", "book_appointment", _at(11, 11, 5)),
            _did("booking_form", _at(11, 11, 5)),
            ActiveLoop("booking_form", timestamp=_at(11, 11, 5) + 0.15),
            _user("yes", "affirm", _at(11, 11, 9)),
            _did("booking_form", _at(11, 11, 9)),
            SlotSet("booking_consent", True, timestamp=_at(11, 11, 9) + 0.15),
            ActiveLoop(None, timestamp=_at(11, 11, 9) + 0.16),
            _did("action_submit_booking", _at(11, 11, 10)),
            SlotSet("booking_consent", None, timestamp=_at(11, 11, 10) + 0.15),
        ],
        # Wednesday 03:00, closed: an emergency, and the same question with another contact
        "report-test-4": [
            _user("my chest hurts and I cant breathe", "report_emergency", _at(12, 3), 1.0),
            _did("action_red_flag", _at(12, 3)),
            _user(f"do you take acme insurance?  call me on {phone}", "nlu_fallback", _at(12, 3, 2), 0.2),
            _did("action_fallback", _at(12, 3, 2)),
            _user("write to jane.doe@example.org about it", "nlu_fallback", _at(12, 3, 3), 0.2),
            _did("action_fallback", _at(12, 3, 3)),
        ],
        # Friday 09:00: booking started, consent refused
        "report-test-5": [
            _user("I'd like an appointment", "book_appointment", _at(14, 9)),
            _did("booking_form", _at(14, 9)),
            ActiveLoop("booking_form", timestamp=_at(14, 9) + 0.15),
            _user("no", "deny", _at(14, 9, 3)),
            SlotSet("booking_consent", False, timestamp=_at(14, 9, 3) + 0.15),
        ],
        # the week before: not in the report
        "report-test-old": [
            _user("what are the risks", "ask_risks", _at(3, 10)),
            _did("action_fallback", _at(3, 10)),
        ],
    }


EXPECTED = {
    "conversations": 5,
    "per_day": {date(2025, 3, 10): 2, date(2025, 3, 11): 1, date(2025, 3, 12): 1, date(2025, 3, 14): 1},
    "after_hours": 2,
    "questions": {
        ("the risks and side effects", "SI joint fusion"): 1,
        ("recovery and aftercare", "spinopelvic fixation"): 1,
        ("the risks and side effects", "spinopelvic fixation"): 1,
    },
    "unanswered": {
        ("not understood", "do you take acme insurance? call me on [phone]"): 2,
        ("not understood", "write to [email] about it"): 1,
        ("outside the assistant's subject", "what's the weather tomorrow"): 1,
        ("not covered by the clinic's information", "is bleeding a risk"): 1,
    },
    "red_flags": {"urgent": 1, "emergency": 1},
    "funnel": {"started": 2, "consented": 1, "sent": 1},
}


def build(url: str) -> None:
    """Write the conversations to the tracker database at `url` (SQLAlchemy URL)."""
    from components.tracker_store import EnvSQLTrackerStore

    domain = Domain.load(str(ROOT / "domain"))
    previous = os.environ.get("TRACKER_STORE_URL")
    os.environ["TRACKER_STORE_URL"] = url
    try:
        store = EnvSQLTrackerStore(domain=domain)
    finally:
        if previous is None:
            os.environ.pop("TRACKER_STORE_URL")
        else:
            os.environ["TRACKER_STORE_URL"] = previous

    async def save_all() -> None:
        for sender_id, events in conversations().items():
            await store.save(DialogueStateTracker.from_events(sender_id, events, domain.slots))

    asyncio.run(save_all())
    store.engine.dispose()


def make_report(url: str, out: "os.PathLike[str]") -> "subprocess.CompletedProcess[str]":
    """`python -m clinic.report` over the test database's days, written to `out` (the real command)."""
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "clinic.report",
            "--db",
            url,
            "--from",
            str(FIRST_DAY),
            "--to",
            str(LAST_DAY),
            "--out",
            str(out),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
