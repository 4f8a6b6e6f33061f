"""AtomicRedisLockStore against a real Redis (LOCK_STORE_URL, started by scripts/test_scale.sh).

Two stores stand for two Rasa servers; threads take tickets on one conversation
at the same time, and every ticket must be distinct and still on the lock.
"""

from __future__ import annotations

import os
import threading
import uuid
from typing import List

import pytest
from rasa.core.lock_store import LockStore, RedisLockStore

from components.lock_store import AtomicRedisLockStore

THREADS_PER_STORE = 4
TICKETS_PER_THREAD = 25


@pytest.fixture(scope="module")
def url() -> str:
    url = os.environ.get("LOCK_STORE_URL")
    if not url:
        pytest.fail("LOCK_STORE_URL is not set: run this through `make test`")
    return url


def hammer(stores: List[LockStore], conversation: str) -> List[int]:
    """Issue tickets from several threads per store at once; return them all."""
    tickets: List[int] = []
    guard = threading.Lock()
    start = threading.Barrier(len(stores) * THREADS_PER_STORE)

    def take(store: LockStore) -> None:
        start.wait()
        for _ in range(TICKETS_PER_THREAD):
            ticket = store.issue_ticket(conversation, lock_lifetime=600)
            with guard:
                tickets.append(ticket)

    threads = [threading.Thread(target=take, args=(s,)) for s in stores for _ in range(THREADS_PER_STORE)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return tickets


def test_concurrent_tickets_are_distinct_and_kept(url: str) -> None:
    stores = [AtomicRedisLockStore.from_url(url), AtomicRedisLockStore.from_url(url)]
    conversation = f"scale-{uuid.uuid4().hex}"
    tickets = hammer(stores, conversation)
    expected = 2 * THREADS_PER_STORE * TICKETS_PER_THREAD
    assert len(set(tickets)) == expected, "two tickets were issued twice"
    lock = stores[0].get_lock(conversation)
    assert lock is not None and len(lock.tickets) == expected, "a ticket was lost"
    # finishing every ticket removes the lock
    for ticket in tickets:
        stores[ticket % 2].cleanup(conversation, ticket)
    assert stores[0].get_lock(conversation) is None


def test_rasas_own_redis_lock_store_loses_tickets_here(url: str) -> None:
    """Why the atomic version exists: the same load on Rasa's store (reported, not required)."""
    plain = AtomicRedisLockStore.from_url(url)
    stores = [RedisLockStore(**_kwargs(plain)), RedisLockStore(**_kwargs(plain))]
    conversation = f"scale-plain-{uuid.uuid4().hex}"
    tickets = hammer(stores, conversation)
    lock = stores[0].get_lock(conversation)
    kept = len(lock.tickets) if lock else 0
    print(
        f"\nRasa's RedisLockStore: {len(tickets) - len(set(tickets))} duplicate and "
        f"{len(tickets) - kept} lost tickets out of {len(tickets)}"
    )
    stores[0].delete_lock(conversation)


def _kwargs(store: AtomicRedisLockStore) -> dict:
    c = store.red.connection_pool.connection_kwargs
    return {"host": c["host"], "port": c["port"], "db": c["db"], "password": c.get("password")}
