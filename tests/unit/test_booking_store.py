"""The booking request store on real SQLite files."""

from datetime import datetime, timedelta, timezone

import pytest

from clinic.booking.store import (
    REFERENCE_ALPHABET,
    BookingStore,
    StoreUnavailable,
    UnknownReference,
    default_store,
)

NASTY = [
    "'; DROP TABLE bookings; --",
    '" OR 1=1 --',
    "Zoë O'Brien-Núñez 李小龙 😀👩‍⚕️",
    "back\\slash %s %(name)s ? :name $1 \x00-free\ttab\nnewline",
]


@pytest.fixture
def url(tmp_path):
    return f"sqlite:///{tmp_path / 'bookings.db'}"


@pytest.fixture
def store(url):
    store = BookingStore(url)
    store.create_tables()
    return store


def add(store, **overrides):
    values = dict(
        name="Ada Lovelace",
        phone="+15550100199",
        email=None,
        procedure="si_joint_fusion",
        preferred_times="Mondays",
        consent=True,
    )
    values.update(overrides)
    return store.add(**values)


@pytest.mark.parametrize("text", NASTY)
def test_every_field_round_trips_exactly(store, url, text):
    added = add(store, name=text, phone=text, email=text, procedure=text, preferred_times=text)
    # A second store on the same file reads what the first wrote.
    found = BookingStore(url).get(added.reference)
    assert found == added
    for field in ("name", "phone", "email", "procedure", "preferred_times"):
        assert getattr(found, field) == text
    assert [r.reference for r in store.list()] == [added.reference]


def test_new_request(store):
    before = datetime.now(timezone.utc)
    request = add(store, email="ada@example.org")
    prefix, code = request.reference.split("-")
    assert prefix == "VH"
    assert len(code) == 6 and set(code) <= set(REFERENCE_ALPHABET)
    assert before - timedelta(seconds=1) <= request.created_at <= datetime.now(timezone.utc)
    assert request.created_at.tzinfo is not None
    assert request.consent is True
    assert request.status == "pending"
    assert (request.delivery_attempts, request.delivered_at, request.last_error) == (0, None, None)
    assert request.contact == "+15550100199, ada@example.org"


def test_repr_leaves_out_contact_details(store):
    request = add(store, name="Ada Lovelace", email="ada@example.org")
    for secret in ("Ada", "0199", "ada@", "Mondays"):
        assert secret not in repr(request)


def test_references_are_unique(store):
    references = {add(store).reference for _ in range(50)}
    assert len(references) == 50


@pytest.mark.parametrize("consent", [False, None, "yes", 1])
def test_request_without_consent_is_refused(store, consent):
    with pytest.raises(ValueError):
        add(store, consent=consent)
    assert store.list() == []


def test_request_needs_name_and_contact(store):
    with pytest.raises(ValueError):
        add(store, phone=None, email=None)
    with pytest.raises(ValueError):
        add(store, name="")


def test_get_is_case_insensitive_and_none_when_unknown(store):
    request = add(store)
    assert store.get(f"  {request.reference.lower()} ") == request
    assert store.get("VH-ZZZZZZ") is None


def test_delivery_and_handling(store):
    request = add(store)
    failed = store.record_failure(request.reference, "HTTP 503")
    assert (failed.status, failed.delivery_attempts) == ("pending", 1)
    assert failed.last_error == "HTTP 503"
    delivered = store.mark_delivered(request.reference)
    assert (delivered.status, delivered.delivery_attempts) == ("delivered", 2)
    assert delivered.last_error is None
    assert delivered.delivered_at is not None
    assert store.pending() == []
    handled = store.mark_handled(request.reference)
    assert handled.status == "handled"
    # A late delivery report does not undo the staff's handling.
    assert store.mark_delivered(request.reference).status == "handled"
    assert store.mark_handled(request.reference).status == "handled"


def test_pending_request_can_be_handled_directly(store):
    request = add(store)
    assert store.mark_handled(request.reference).delivered_at is None
    assert store.record_failure(request.reference, "timeout").delivery_attempts == 0


def test_list_by_status(store):
    first, second, third = add(store), add(store), add(store)
    store.mark_delivered(second.reference)
    store.mark_handled(third.reference)
    assert [r.reference for r in store.list()] == [r.reference for r in (first, second, third)]
    assert [r.reference for r in store.pending()] == [first.reference]
    assert [r.reference for r in store.list("delivered")] == [second.reference]
    assert [r.reference for r in store.list("handled")] == [third.reference]
    with pytest.raises(ValueError):
        store.list("lost")


def test_claim_is_exclusive_until_released_or_expired(store):
    request = add(store)
    other = BookingStore(store.engine.url.render_as_string(hide_password=False))
    assert store.claim(request.reference, lease=60)
    assert not other.claim(request.reference, lease=60)
    assert other.claim(request.reference, lease=0)  # the first claim has expired
    store.record_failure(request.reference, "timeout")  # releases the claim
    assert store.claim(request.reference, lease=60)
    store.mark_delivered(request.reference)
    assert not other.claim(request.reference, lease=0)  # no longer pending


@pytest.mark.parametrize("method", ["mark_delivered", "mark_handled"])
def test_unknown_reference(store, method):
    with pytest.raises(UnknownReference):
        getattr(store, method)("VH-ZZZZZZ")
    with pytest.raises(UnknownReference):
        store.record_failure("VH-ZZZZZZ", "timeout")


def test_default_store_is_cached_per_url(url, tmp_path):
    assert default_store(url) is default_store(url)
    assert default_store(url).list() == []
    assert default_store(f"sqlite:///{tmp_path / 'other.db'}") is not default_store(url)


def test_default_store_reads_booking_db_url(monkeypatch, url):
    monkeypatch.setenv("BOOKING_DB_URL", url)
    assert default_store() is default_store(url)


@pytest.mark.parametrize(
    "make_url",
    [
        lambda tmp_path: f"sqlite:///{tmp_path / 'missing' / 'folder' / 'bookings.db'}",
        lambda tmp_path: f"sqlite:///{tmp_path}",  # a directory
        lambda tmp_path: "not a database url",
        lambda tmp_path: "nosuchdb://user:secret@host/db",
    ],
)
def test_unusable_database_raises_store_unavailable(tmp_path, make_url):
    with pytest.raises(StoreUnavailable) as raised:
        BookingStore(make_url(tmp_path)).create_tables()
    assert "secret" not in str(raised.value)


def test_corrupt_database_file_raises_store_unavailable(tmp_path):
    path = tmp_path / "bookings.db"
    path.write_bytes(b"this is not a SQLite database" * 100)
    store = BookingStore(f"sqlite:///{path}")
    with pytest.raises(StoreUnavailable):
        store.create_tables()
    with pytest.raises(StoreUnavailable):
        add(store)


def test_missing_table_raises_store_unavailable_without_patient_data(url):
    with pytest.raises(StoreUnavailable) as raised:
        add(BookingStore(url), name="Ada Lovelace")
    assert "Ada" not in str(raised.value) and "0199" not in str(raised.value)
