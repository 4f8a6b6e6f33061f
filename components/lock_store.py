"""Conversation locks, with the backend chosen by one environment variable.

A Rasa server takes a lock on a conversation while it handles a message, so two
messages of one conversation are handled one after the other. With one server
the locks live in memory (the default). With several servers behind a load
balancer they must be shared: set LOCK_STORE_URL=redis://host:6379/1.

Rasa's own RedisLockStore changes a lock by reading it, changing it and writing
it back; two servers doing that at once can drop each other's ticket, and a
message then fails or runs beside another one. AtomicRedisLockStore makes each
change a Redis transaction (WATCH/MULTI), retried when the lock changed meanwhile.
"""

from __future__ import annotations

import json
import os
from typing import Any, Callable, Optional, Text, Tuple
from urllib.parse import unquote, urlparse

from rasa.core.lock import TicketLock
from rasa.core.lock_store import LOCK_LIFETIME, InMemoryLockStore, LockStore, RedisLockStore

# (lock after the change or None to delete it, value to return)
Change = Callable[[Optional[TicketLock]], Tuple[Optional[TicketLock], Any]]


class AtomicRedisLockStore(RedisLockStore):
    """Rasa's RedisLockStore, with every read-change-write done atomically."""

    @classmethod
    def from_url(cls, url: Text) -> "AtomicRedisLockStore":
        """Create it from a redis:// or rediss:// URL (db number as the path)."""
        parts = urlparse(url)
        if parts.scheme not in ("redis", "rediss"):
            raise ValueError(f"LOCK_STORE_URL must start with redis:// or rediss://, not {parts.scheme!r}")
        return cls(
            host=parts.hostname or "localhost",
            port=parts.port or 6379,
            db=int(parts.path.strip("/") or 1),
            username=unquote(parts.username) if parts.username else None,
            password=unquote(parts.password) if parts.password else None,
            use_ssl=parts.scheme == "rediss",
        )

    def _change(self, conversation_id: Text, change: Change) -> Any:
        """Apply `change` to the stored lock in one transaction; return its value."""
        from redis import WatchError

        key = self.key_prefix + conversation_id
        with self.red.pipeline() as pipe:
            while True:
                try:
                    pipe.watch(key)
                    stored = pipe.get(key)
                    lock = TicketLock.from_dict(json.loads(stored)) if stored else None
                    new_lock, value = change(lock)
                    pipe.multi()
                    if new_lock is None:
                        pipe.delete(key)
                    else:
                        pipe.set(key, new_lock.dumps())
                    pipe.execute()
                    return value
                except WatchError:
                    continue  # another server changed the lock first: try again

    def issue_ticket(self, conversation_id: Text, lock_lifetime: float = LOCK_LIFETIME) -> int:
        """Issue a ticket, creating the lock if needed (atomically)."""

        def issue(lock: Optional[TicketLock]) -> Tuple[TicketLock, int]:
            lock = lock or self.create_lock(conversation_id)
            return lock, lock.issue_ticket(lock_lifetime)

        return self._change(conversation_id, issue)

    def update_lock(self, conversation_id: Text) -> None:
        """Drop expired tickets (atomically)."""

        def drop_expired(lock: Optional[TicketLock]) -> Tuple[Optional[TicketLock], None]:
            if lock:
                lock.remove_expired_tickets()
            return lock, None

        self._change(conversation_id, drop_expired)

    def cleanup(self, conversation_id: Text, ticket_number: int) -> None:
        """Finish a ticket; delete the lock when nobody else waits (atomically)."""

        def finish(lock: Optional[TicketLock]) -> Tuple[Optional[TicketLock], None]:
            if lock:
                lock.remove_ticket_for(ticket_number)
                if not lock.is_someone_waiting():
                    lock = None
            return lock, None

        self._change(conversation_id, finish)


class EnvLockStore(LockStore):
    """The lock store LOCK_STORE_URL asks for: in memory when unset, else Redis.

    Named as the `lock_store` type in endpoints.yml; Rasa calls it with the
    endpoint config, and it returns the real store (a factory, hence __new__).
    """

    def __new__(cls, endpoint_config: Any = None) -> LockStore:  # type: ignore[misc]
        url = os.environ.get("LOCK_STORE_URL", "").strip()
        return AtomicRedisLockStore.from_url(url) if url else InMemoryLockStore()
