"""Delivery of booking requests to a real HTTP server on 127.0.0.1."""

import json
import logging
import threading
import time
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from clinic.booking.delivery import deliver, deliver_pending
from clinic.booking.store import BookingStore

FAST = dict(timeout=0.3, retries=2, backoff=0.01)


class Receiver(ThreadingHTTPServer):
    """Records every POST; answers from `plan` ((status, delay) each), then 200 at once."""

    daemon_threads = True

    def __init__(self):
        super().__init__(("127.0.0.1", 0), Handler)
        self.lock = threading.Lock()
        self.plan = []
        self.received = []  # (Idempotency-Key, JSON body)

    @property
    def url(self):
        return f"http://127.0.0.1:{self.server_port}/bookings"

    def keys(self):
        with self.lock:
            return [key for key, _ in self.received]

    def take(self, key, body):
        with self.lock:
            self.received.append((key, body))
            return self.plan.pop(0) if self.plan else (200, 0.0)

    def handle_error(self, request, client_address):
        pass  # the client gave up on a slow answer


class Handler(BaseHTTPRequestHandler):
    def do_POST(self):
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        status, delay = self.server.take(self.headers["Idempotency-Key"], body)
        time.sleep(delay)
        self.send_response(status)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, format, *args):
        pass


@pytest.fixture
def server():
    receiver = Receiver()
    thread = threading.Thread(target=receiver.serve_forever, args=(0.01,), daemon=True)
    thread.start()
    yield receiver
    receiver.shutdown()
    receiver.server_close()


@pytest.fixture
def url(tmp_path):
    return f"sqlite:///{tmp_path / 'bookings.db'}"


@pytest.fixture
def store(url):
    store = BookingStore(url)
    store.create_tables()
    return store


def add(store, name="Zoë O'Brien"):
    return store.add(name, "+15550100199", "zoe@example.org", "si_joint_fusion", "mornings", True)


def test_deliver_posts_json_with_idempotency_key(store, server):
    request = add(store)
    assert deliver(request, server.url, **FAST)
    [(key, body)] = server.received
    assert key == request.reference
    assert body == {
        "reference": request.reference,
        "created_at": request.created_at.isoformat(),
        "name": "Zoë O'Brien",
        "phone": "+15550100199",
        "email": "zoe@example.org",
        "procedure": "si_joint_fusion",
        "preferred_times": "mornings",
        "consent": True,
    }


def test_server_error_is_retried(store, server):
    add(store)
    server.plan = [(500, 0), (503, 0)]
    assert deliver_pending(store, server.url, **FAST) == (1, 0)
    request = store.list()[0]
    assert server.keys() == [request.reference] * 3
    assert (request.status, request.last_error) == ("delivered", None)


@pytest.mark.parametrize("status", [408, 429])
def test_retryable_client_errors_are_retried(store, server, status):
    server.plan = [(status, 0)]
    assert deliver(add(store), server.url, **FAST)
    assert len(server.keys()) == 2


def test_other_client_errors_are_not_retried(store, server):
    server.plan = [(400, 0)]
    assert deliver_pending(store, server.url, **FAST) == (0, 0)  # nothing stored yet
    request = add(store)
    server.plan = [(422, 0)]
    assert deliver_pending(store, server.url, **FAST) == (0, 1)
    assert server.keys() == [request.reference]
    assert store.get(request.reference).last_error == "HTTP 422"


def test_unreachable_server_gives_up_after_retries(store):
    receiver = Receiver()  # bound, then closed: nothing listens on its port
    receiver.server_close()
    started = time.perf_counter()
    assert not deliver(add(store), receiver.url, **FAST)
    assert time.perf_counter() - started < 2


def test_slow_server_leaves_request_pending_until_a_later_run(store, server):
    request = add(store)
    server.plan = [(200, 0.6)]
    assert deliver_pending(store, server.url, timeout=0.2, retries=0, backoff=0.01) == (0, 1)
    late = store.get(request.reference)
    assert (late.status, late.delivery_attempts, late.last_error) == ("pending", 1, "timeout")

    assert deliver_pending(store, server.url, **FAST) == (1, 0)
    assert deliver_pending(store, server.url, **FAST) == (0, 0)
    # The timed-out attempt reached the server too; the key lets it drop the repeat.
    assert server.keys() == [request.reference] * 2
    assert store.get(request.reference).status == "delivered"


def test_delivery_disabled_without_url(store, server):
    add(store)
    assert deliver_pending(store, None) == (0, 1)
    assert server.received == []


def test_claimed_request_is_not_sent_again(store, server, url):
    request = add(store)
    assert BookingStore(url).claim(request.reference, lease=60)  # another process is sending it
    assert deliver_pending(store, server.url, **FAST) == (0, 1)
    assert deliver_pending(store, server.url, lease=0, **FAST) == (1, 0)  # its claim expired
    assert server.keys() == [request.reference]


def test_concurrent_runs_deliver_each_request_once(url, store, server):
    references = {add(store, name=f"Patient {i}").reference for i in range(20)}
    server.plan = [(200, 0.01)] * 40
    barrier = threading.Barrier(2)
    results = []

    def run():
        own_store = BookingStore(url)
        barrier.wait()
        results.append(deliver_pending(own_store, server.url, **FAST))

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    counts = Counter(server.keys())
    assert set(counts) == references
    assert set(counts.values()) == {1}
    assert sum(delivered for delivered, _ in results) == 20
    assert {r.status for r in store.list()} == {"delivered"}


def test_logs_name_only_the_reference(store, server, caplog):
    caplog.set_level(logging.DEBUG)
    request = add(store, name="Ada Lovelace")
    server.plan = [(500, 0)]
    deliver_pending(store, server.url, **FAST)
    assert request.reference in caplog.text
    # (the whole number: a random port such as 40199 may contain its last digits)
    for secret in ("Ada", "5550100199", "zoe@"):
        assert secret not in caplog.text
