"""The booking request store: one table, SQLAlchemy Core, any database URL.

The URL comes from BOOKING_DB_URL (e.g. postgresql://user:pass@host/db in
production), else a SQLite file at <repo>/var/bookings.db. Every statement is
parameterised; text columns are Unicode, so any text round-trips exactly.
Database errors surface as StoreUnavailable, whose message never contains
patient data.
"""

from __future__ import annotations

import os
import secrets
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from functools import lru_cache
from pathlib import Path
from typing import Any, Dict, Iterator, List, Optional, Tuple

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Column,
    DateTime,
    Integer,
    MetaData,
    String,
    Table,
    UnicodeText,
    create_engine,
    delete,
    insert,
    or_,
    select,
    update,
)
from sqlalchemy.engine import Connection, make_url
from sqlalchemy.exc import ArgumentError, IntegrityError, SQLAlchemyError
from sqlalchemy.types import TypeDecorator

from clinic.settings import clinic

ROOT = Path(__file__).resolve().parents[2]
DEFAULT_DB_PATH = ROOT / "var" / "bookings.db"
STATUSES = ("pending", "delivered", "handled")
# No 0/O or 1/I, so a reference read out over the phone is unambiguous.
REFERENCE_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"
REFERENCE_LENGTH = 6
SQLITE_BUSY_TIMEOUT = 15.0  # seconds a writer waits for another one's lock
MAX_ERROR_LENGTH = 200


class StoreUnavailable(RuntimeError):
    """The booking database can't be reached or written."""


class UnknownReference(LookupError):
    """No booking request has this reference."""

    def __init__(self, reference: str):
        super().__init__(f"no booking request with reference {reference}")
        self.reference = reference


class UTCDateTime(TypeDecorator):
    """Aware UTC datetimes on every backend (SQLite keeps them naive)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: Optional[datetime], dialect: Any) -> Optional[datetime]:
        return None if value is None else value.astimezone(timezone.utc)

    def process_result_value(self, value: Optional[datetime], dialect: Any) -> Optional[datetime]:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=timezone.utc)
        return value.astimezone(timezone.utc)


metadata = MetaData()
bookings = Table(
    "bookings",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("reference", String(16), nullable=False, unique=True),
    Column("created_at", UTCDateTime, nullable=False),
    Column("name", UnicodeText, nullable=False),
    Column("phone", UnicodeText),
    Column("email", UnicodeText),
    Column("procedure", UnicodeText, nullable=False),
    Column("preferred_times", UnicodeText, nullable=False),
    Column("consent", Boolean, nullable=False),
    Column("status", String(16), nullable=False, index=True),
    Column("delivery_attempts", Integer, nullable=False),
    Column("delivered_at", UTCDateTime),
    Column("last_error", UnicodeText),
    # Set while one delivery process is sending the request (see claim()).
    Column("claimed_at", UTCDateTime),
    CheckConstraint("status IN ('pending', 'delivered', 'handled')", name="bookings_status"),
)


@dataclass(frozen=True)
class BookingRequest:
    """A stored appointment request. Contact details are left out of repr()."""

    id: int
    reference: str
    created_at: datetime
    name: str = field(repr=False)
    phone: Optional[str] = field(repr=False)
    email: Optional[str] = field(repr=False)
    procedure: str
    preferred_times: str = field(repr=False)
    consent: bool
    status: str
    delivery_attempts: int
    delivered_at: Optional[datetime]
    last_error: Optional[str]

    @property
    def contact(self) -> str:
        """Phone and/or email, comma-separated."""
        return ", ".join(filter(None, (self.phone, self.email)))


def default_url() -> str:
    """BOOKING_DB_URL, else the SQLite file <repo>/var/bookings.db (folder created)."""
    url = os.environ.get("BOOKING_DB_URL", "").strip()
    if url:
        return url
    try:
        DEFAULT_DB_PATH.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise StoreUnavailable(f"cannot create {DEFAULT_DB_PATH.parent}: {exc.strerror}") from exc
    return f"sqlite:///{DEFAULT_DB_PATH}"


def _utcnow() -> datetime:
    return datetime.now(timezone.utc)


class BookingStore:
    """Booking requests in the database at `url` (default: default_url())."""

    def __init__(self, url: Optional[str] = None, *, prefix: Optional[str] = None):
        try:
            parsed = make_url(url or default_url())
            options: Dict[str, Any] = {"future": True, "hide_parameters": True}
            if parsed.get_backend_name() == "sqlite":
                options["connect_args"] = {"timeout": SQLITE_BUSY_TIMEOUT}
            else:
                options["pool_pre_ping"] = True
            self.engine = create_engine(parsed, **options)
        except (SQLAlchemyError, ImportError) as exc:  # bad URL, driver not installed
            # A URL that doesn't parse is not quoted: it may hold a password.
            reason = "malformed URL" if type(exc) is ArgumentError else _describe(exc)
            raise StoreUnavailable(f"cannot use the booking database: {reason}") from exc
        self.prefix = prefix or _initials(clinic().name)

    def __repr__(self) -> str:
        return f"BookingStore({self.engine.url!r})"  # the URL's password is masked

    def create_tables(self) -> None:
        """Create the table if it doesn't exist yet."""
        with self._transaction() as conn:
            metadata.create_all(conn)

    def add(
        self,
        name: str,
        phone: Optional[str],
        email: Optional[str],
        procedure: str,
        preferred_times: str,
        consent: bool,
    ) -> BookingRequest:
        """Store a new "pending" request. ValueError without consent, name or contact."""
        if consent is not True:
            raise ValueError("a booking request is only stored with the patient's consent")
        if not name or not procedure or not (phone or email):
            raise ValueError("a booking request needs a name, a procedure and a phone or email")
        values = dict(
            created_at=_utcnow(),
            name=name,
            phone=phone or None,
            email=email or None,
            procedure=procedure,
            preferred_times=preferred_times,
            consent=True,
            status="pending",
            delivery_attempts=0,
        )
        for _ in range(5):
            reference = self._new_reference()
            try:
                with self._transaction() as conn:
                    conn.execute(insert(bookings).values(reference=reference, **values))
                    stored = self._fetch(conn, reference)
                    assert stored is not None  # inserted in this transaction
                    return stored
            except IntegrityError:  # the reference is taken: draw another
                continue
        raise StoreUnavailable("could not find a free booking reference")

    def get(self, reference: str) -> Optional[BookingRequest]:
        """The request with this reference (case-insensitive), or None."""
        with self._transaction() as conn:
            return self._fetch(conn, _normalise(reference))

    def list(self, status: Optional[str] = None) -> List[BookingRequest]:
        """Requests, oldest first, optionally only those with `status`."""
        query = select(bookings).order_by(bookings.c.created_at, bookings.c.id)
        if status is not None:
            if status not in STATUSES:
                raise ValueError(f"status must be one of {', '.join(STATUSES)}")
            query = query.where(bookings.c.status == status)
        with self._transaction() as conn:
            return [_to_request(row) for row in conn.execute(query)]

    def pending(self) -> List[BookingRequest]:
        """Requests not yet delivered nor handled by staff."""
        return self.list("pending")

    def claim(self, reference: str, lease: float) -> bool:
        """Reserve a pending request for delivery; True if this caller got it.

        One atomic UPDATE: it succeeds for a single caller, and again only once
        the claim is released (by mark_delivered or record_failure) or is
        older than `lease` seconds (its holder presumably died).
        """
        now = _utcnow()
        query = (
            update(bookings)
            .where(bookings.c.reference == _normalise(reference))
            .where(bookings.c.status == "pending")
            .where(
                or_(
                    bookings.c.claimed_at.is_(None),
                    bookings.c.claimed_at < now - timedelta(seconds=lease),
                )
            )
            .values(claimed_at=now)
        )
        with self._transaction() as conn:
            return conn.execute(query).rowcount == 1

    def mark_delivered(self, reference: str) -> BookingRequest:
        """pending -> delivered (a request already delivered or handled is left as is)."""
        return self._update(
            reference,
            ("pending",),
            status="delivered",
            delivered_at=_utcnow(),
            delivery_attempts=bookings.c.delivery_attempts + 1,
            last_error=None,
            claimed_at=None,
        )

    def record_failure(self, reference: str, error: str) -> BookingRequest:
        """Count a failed delivery of a pending request and release its claim.

        `error` is a short description without patient data, e.g. "HTTP 503".
        """
        return self._update(
            reference,
            ("pending",),
            delivery_attempts=bookings.c.delivery_attempts + 1,
            last_error=error[:MAX_ERROR_LENGTH],
            claimed_at=None,
        )

    def mark_handled(self, reference: str) -> BookingRequest:
        """pending or delivered -> handled (staff dealt with it)."""
        return self._update(reference, ("pending", "delivered"), status="handled", claimed_at=None)

    def purge(self, older_than_days: int) -> int:
        """Delete requests created more than `older_than_days` ago; returns how many."""
        cutoff = _utcnow() - timedelta(days=older_than_days)
        with self._transaction() as conn:
            return conn.execute(delete(bookings).where(bookings.c.created_at < cutoff)).rowcount

    def _update(self, reference: str, from_statuses: Tuple[str, ...], **values: Any) -> BookingRequest:
        reference = _normalise(reference)
        query = (
            update(bookings)
            .where(bookings.c.reference == reference)
            .where(bookings.c.status.in_(from_statuses))
            .values(**values)
        )
        with self._transaction() as conn:
            conn.execute(query)
            found = self._fetch(conn, reference)
        if found is None:
            raise UnknownReference(reference)
        return found

    @staticmethod
    def _fetch(conn: Connection, reference: str) -> Optional[BookingRequest]:
        row = conn.execute(select(bookings).where(bookings.c.reference == reference)).first()
        return None if row is None else _to_request(row)

    def _new_reference(self) -> str:
        code = "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(REFERENCE_LENGTH))
        return f"{self.prefix}-{code}"

    @contextmanager
    def _transaction(self) -> Iterator[Connection]:
        try:
            with self.engine.begin() as conn:
                yield conn
        except IntegrityError:
            raise
        except SQLAlchemyError as exc:
            raise StoreUnavailable(f"booking database unavailable: {_describe(exc)}") from exc


def default_store(url: Optional[str] = None) -> BookingStore:
    """The store at `url` (default: default_url()) with its table created; one per URL."""
    return _store_for(url or default_url())


@lru_cache(maxsize=None)
def _store_for(url: str) -> BookingStore:
    store = BookingStore(url)
    store.create_tables()
    return store


def _to_request(row: Any) -> BookingRequest:
    values = dict(row._mapping)
    values.pop("claimed_at")
    return BookingRequest(**values)


def _normalise(reference: str) -> str:
    return reference.strip().upper()


def _initials(name: str) -> str:
    """ "Vitruvian Health" -> "VH"; "BK" if the name has no ASCII initials."""
    initials = "".join(word[0] for word in name.split() if word[0].isascii() and word[0].isalpha())
    return initials.upper()[:3] or "BK"


def _describe(exc: BaseException) -> str:
    """The driver's error, first line only: later lines may quote row values."""
    cause = getattr(exc, "orig", None) or exc
    lines = str(cause).strip().splitlines() or [""]
    return f"{type(cause).__name__}: {lines[0][:MAX_ERROR_LENGTH]}"
