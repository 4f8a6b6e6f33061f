"""Rewording a reply changes no behaviour: conversations run through the real actions,
each turn's tracker built from the events the previous turns produced (bot messages,
then the actions' events, as Rasa applies them), once with the replies as they are and
once with the questions and reminders reworded; the decisions are the same."""

import asyncio
from typing import Any, Dict, List, Tuple

import pytest
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions import actions as acts
from clinic import replies

Turn = Tuple[str, str, Any]  # text, intent, action
CONVERSATIONS = {
    "which procedure, then the first one": [
        ("how long is the recovery?", "ask_recovery", acts.ActionAnswerQuestion),
        ("the first one", "nlu_fallback", acts.ActionFallback),
        ("ok", "affirm", acts.ActionAcknowledge),
    ],
    "escalation, playing it down, a question": [
        ("I feel ok though, just a bit shaken", "affirm", acts.ActionAcknowledge),
        ("no pain. do I still need to get checked?", "affirm", acts.ActionAcknowledge),
        ("should I just wait till Monday?", "ask_personal_advice", acts.ActionPersonalAdvice),
        ("blah blah", "nlu_fallback", acts.ActionCoreFallback),
        ("what's the preparation before SI joint fusion?", "ask_preparation", acts.ActionAnswerQuestion),
        ("ok", "affirm", acts.ActionAcknowledge),
    ],
}
ESCALATION = [{"event": "action", "name": "utter_red_flag"}, {"event": "bot", "text": "(red flag)"}]


def converse(turns: List[Turn], start: List[Dict[str, Any]]) -> List[Tuple[List[str], List[Dict[str, Any]]]]:
    """Each turn's (messages, events) from the real actions, the tracker carrying every event so far."""
    events, slots, out = list(start), {}, []
    for text, intent, action in turns:
        latest = {"text": text, "intent": {"name": intent, "confidence": 1.0}, "entities": []}
        events += [{"event": "action", "name": "action_listen"}, {"event": "user", "text": text, "parse_data": latest}]
        tracker = Tracker("reword", dict(slots), latest, list(events), False, None, {}, "action_listen")
        dispatcher = CollectingDispatcher()
        returned = asyncio.run(action().run(dispatcher, tracker, {}))
        events += [{"event": "action", "name": action().name()}]
        events += [
            {"event": "bot", "text": m["text"], "data": {"buttons": m.get("buttons")}} for m in dispatcher.messages
        ]
        events += returned
        slots.update({e["name"]: e["value"] for e in returned if e.get("event") == "slot"})
        out.append(([m["text"] for m in dispatcher.messages], returned))
    return out


def reword(monkeypatch):
    """Other wording for every reply whose text the actions once read back."""
    asked, reminder = replies.ask_which_procedure, replies.red_flag_reminder
    monkeypatch.setattr(replies, "WHICH_PROCEDURE", "Tell me the procedure, please")
    monkeypatch.setattr(replies, "RED_FLAG_REMINDER", "Get help now.")
    monkeypatch.setattr(
        replies,
        "ask_which_procedure",
        lambda kb, topic: replies.Reply("REWORDED " + asked(kb, topic).text[::-1], asked(kb, topic).buttons),
    )
    monkeypatch.setattr(
        replies,
        "red_flag_reminder",
        lambda clinic, tier=None: replies.Reply("REWORDED " + reminder(clinic, tier).text[::-1]),
    )


def shape(run: List[Tuple[List[str], List[Dict[str, Any]]]]) -> List[Tuple[List[str], List[Dict[str, Any]]]]:
    """The turns with the reworded texts made comparable (each reworded message as one mark)."""
    return [
        (
            [
                "REWORDED"
                if t.startswith("REWORDED ") or "wait with these" in t or t.startswith("Which procedure")
                else t
                for t in texts
            ],
            events,
        )
        for texts, events in run
    ]


@pytest.mark.parametrize("name", sorted(CONVERSATIONS))
def test_rewording_the_replies_changes_no_decision(name, monkeypatch):
    start = ESCALATION if "escalation" in name else []
    before = converse(CONVERSATIONS[name], start)
    reword(monkeypatch)
    after = converse(CONVERSATIONS[name], start)
    assert any(t.startswith("REWORDED ") for texts, _ in after for t in texts), "the reworded replies were sent"
    assert shape(after) == shape(before)


def test_the_conversations_take_the_stateful_paths():
    """The paths compared above are the ones the state decides (not all fallbacks)."""
    which = converse(CONVERSATIONS["which procedure, then the first one"], [])
    assert any(e.get("name") == "which_procedure_asked" for e in which[0][1])
    assert "SI joint fusion" in which[1][0][0]  # "the first one" answered, not "not understood"
    escalation = converse(CONVERSATIONS["escalation, playing it down, a question"], ESCALATION)
    assert [len(texts) for texts, _ in escalation[:4]] == [1, 1, 1, 1]
    assert all("wait with these" in texts[0] for texts, _ in escalation[:4])
    assert "wait with these" not in escalation[5][0][0]  # after an answer, "ok" is no longer the escalation
