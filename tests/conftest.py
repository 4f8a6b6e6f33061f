"""Shared test helpers: real rasa_sdk Trackers and the clinic documents."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any, Dict, List, Optional

import pytest
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

ROOT = Path(__file__).resolve().parent.parent
DOCUMENTS_DIR = Path(os.environ.get("DOCUMENTS_DIR", ROOT.parent / "shared" / "documents"))


def make_tracker(
    text: str = "",
    intent: Optional[str] = None,
    entities: Optional[List[Dict[str, Any]]] = None,
    slots: Optional[Dict[str, Any]] = None,
    active_loop: Optional[str] = None,
    buttons: Optional[List[Dict[str, str]]] = None,
) -> Tracker:
    """A real Tracker whose latest user message has this text, intent and entities
    (after a bot message offering `buttons`, if given)."""
    latest = {
        "text": text,
        "intent": {"name": intent, "confidence": 1.0} if intent else {},
        "entities": entities or [],
    }
    return Tracker(
        sender_id="test-user",
        slots=dict(slots or {}),
        latest_message=latest,
        events=([{"event": "bot", "text": "", "data": {"buttons": buttons}}] if buttons else [])
        + [{"event": "user", "text": text, "parse_data": latest}],
        paused=False,
        followup_action=None,
        active_loop={"name": active_loop} if active_loop else {},
        latest_action_name="action_listen",
    )


def procedure_entity(value: str) -> Dict[str, Any]:
    return {"entity": "procedure", "value": value, "start": 0, "end": len(value)}


@pytest.fixture
def dispatcher() -> CollectingDispatcher:
    return CollectingDispatcher()


@pytest.fixture(scope="session")
def documents_dir() -> Path:
    if not DOCUMENTS_DIR.is_dir():
        pytest.fail(f"procedure documents not found in {DOCUMENTS_DIR} (set DOCUMENTS_DIR)")
    return DOCUMENTS_DIR
