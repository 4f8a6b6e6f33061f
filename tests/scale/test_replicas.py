"""Two Rasa servers behind an imaginary load balancer (scripts/test_scale.sh).

They share the PostgreSQL tracker store (TRACKER_STORE_URL) and the Redis lock
store (LOCK_STORE_URL). A conversation's messages go to both servers, one after
the other and all at once: every message must be answered in context, and the
stored conversation must hold each message exactly once, each fully handled
before the next one (no event lost, duplicated or interleaved).
"""

from __future__ import annotations

import json
import os
import uuid
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from typing import Any, Dict, List, Tuple

import pytest
import requests
import sqlalchemy as sa


@pytest.fixture(scope="module")
def servers() -> List[str]:
    urls = [u for u in os.environ.get("RASA_URLS", "").split(",") if u]
    if len(urls) < 2:
        pytest.fail("RASA_URLS must name two Rasa servers: run this through `make test`")
    return [f"{u}/webhooks/rest/webhook" for u in urls]


@pytest.fixture(scope="module")
def database() -> sa.engine.Engine:
    return sa.create_engine(os.environ["TRACKER_STORE_URL"])


def say(url: str, sender: str, message: str) -> str:
    reply = requests.post(url, json={"sender": sender, "message": message}, timeout=120)
    reply.raise_for_status()
    texts = [m.get("text", "") for m in reply.json()]
    assert any(texts), f"no reply to {message!r}"
    return "\n".join(texts)


def stored_events(database: sa.engine.Engine, sender: str) -> List[Tuple[int, str, Dict[str, Any]]]:
    with database.connect() as connection:
        rows = connection.execute(
            sa.text("SELECT id, type_name, data FROM events WHERE sender_id = :s ORDER BY id"), {"s": sender}
        )
        return [(row.id, row.type_name, json.loads(row.data)) for row in rows]


def assert_each_message_once_and_whole(database: sa.engine.Engine, sender: str, sent: List[str]) -> None:
    events = stored_events(database, sender)
    user_texts = [data.get("text") for _, kind, data in events if kind == "user"]
    assert Counter(user_texts) == Counter(sent), "a message was lost or stored twice"
    rows = [json.dumps(data, sort_keys=True) for _, _, data in events]
    assert len(rows) == len(set(rows)), "an event was stored twice"
    # each message is handled to the end (the bot replies, then listens) before the next starts
    turns: List[List[Tuple[str, Dict[str, Any]]]] = []
    for _, kind, data in events:
        if kind == "user":
            turns.append([])
        elif turns:
            turns[-1].append((kind, data))
    for turn in turns:
        kinds = [kind for kind, _ in turn]
        assert "bot" in kinds, f"a message got no reply in the tracker: {kinds}"
        assert turn[-1][0] == "action" and turn[-1][1].get("name") == "action_listen", f"interleaved turn: {kinds}"


def test_alternating_servers_keep_the_context(servers: List[str], database: sa.engine.Engine) -> None:
    sender = f"scale-{uuid.uuid4().hex[:10]}"
    a, b = servers[0], servers[1]
    assert "SI joint fusion" in say(a, sender, "how long does si joint fusion take?")
    risks = say(b, sender, "and the risks?")
    assert "SI joint fusion" in risks and "risk" in risks.lower()
    other = say(a, sender, "what about spinopelvic fixation?")
    assert "Spinopelvic fixation" in other and "risk" in other.lower()
    recovery = say(b, sender, "and recovery?")
    assert "Spinopelvic fixation" in recovery and "recover" in recovery.lower()
    assert_each_message_once_and_whole(
        database,
        sender,
        ["how long does si joint fusion take?", "and the risks?", "what about spinopelvic fixation?", "and recovery?"],
    )


QUESTIONS = [
    ("how long does si joint fusion take", "SI joint fusion"),
    ("what are the risks of spinopelvic fixation", "Spinopelvic fixation"),
    ("recovery after si joint fusion?", "SI joint fusion"),
    ("who is a candidate for spinopelvic fixation", "Spinopelvic fixation"),
    ("how do i prepare for si joint fusion", "SI joint fusion"),
    ("what anaesthesia is used for spinopelvic fixation", "Spinopelvic fixation"),
    ("is si joint fusion ever repeated", "SI joint fusion"),
    ("how long is the hospital stay after spinopelvic fixation", "Spinopelvic fixation"),
]


def test_one_conversation_sent_to_both_servers_at_once(servers: List[str], database: sa.engine.Engine) -> None:
    sender = f"scale-{uuid.uuid4().hex[:10]}"
    with ThreadPoolExecutor(len(QUESTIONS)) as pool:
        replies = list(pool.map(lambda i: say(servers[i % 2], sender, QUESTIONS[i][0]), range(len(QUESTIONS))))
    for (question, procedure), reply in zip(QUESTIONS, replies, strict=False):
        assert procedure in reply, f"{question!r} was answered with {reply[:120]!r}"
    assert_each_message_once_and_whole(database, sender, [q for q, _ in QUESTIONS])
    # and the conversation goes on, in context, on either server
    follow_up = say(servers[1], sender, "and the risks?")
    assert "risk" in follow_up.lower()


def test_many_conversations_at_once(servers: List[str], database: sa.engine.Engine) -> None:
    senders = [f"scale-{uuid.uuid4().hex[:10]}" for _ in range(6)]
    jobs = [
        (s, QUESTIONS[(n + k) % len(QUESTIONS)][0], servers[(n + k) % 2])
        for n, s in enumerate(senders)
        for k in range(3)
    ]
    with ThreadPoolExecutor(len(jobs)) as pool:
        list(pool.map(lambda job: say(job[2], job[0], job[1]), jobs))
    for sender in senders:
        assert_each_message_once_and_whole(database, sender, [q for s, q, _ in jobs if s == sender])
