"""The staff command line, run as `python -m clinic.booking` in a subprocess."""

import csv
import io
import os
import subprocess
import sys
from pathlib import Path

import pytest

from clinic.booking.store import BookingStore

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def url(tmp_path):
    return f"sqlite:///{tmp_path / 'bookings.db'}"


@pytest.fixture
def store(url):
    store = BookingStore(url)
    store.create_tables()
    return store


def cli(*args, env=None):
    environment = {k: v for k, v in os.environ.items() if not k.startswith("BOOKING_")}
    environment.update(env or {})
    return subprocess.run(
        [sys.executable, "-m", "clinic.booking", *args],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=60,
    )


def add(store, name, **overrides):
    values = dict(
        phone="+15550100199",
        email=None,
        procedure="si_joint_fusion",
        preferred_times="weekday mornings",
        consent=True,
    )
    values.update(overrides)
    return store.add(name, **values)


def test_list(store, url):
    first = add(store, "Zoë O'Brien-Núñez")
    second = add(store, "李小龙", phone=None, email="li@example.org", preferred_times="any\ntime \x1b[31m")
    store.mark_handled(second.reference)
    result = cli("--db", url, "list")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert "times in America/New_York" in lines[0]
    assert lines[1].split()[:4] == ["reference", "created", "status", "procedure"]
    row = next(i for i, line in enumerate(lines) if line.startswith(first.reference))
    assert "SI joint fusion" in lines[row]  # the procedure's name, not its id
    assert "Zoë O'Brien-Núñez" in lines[row + 1]
    assert "(555) 010-0199" in lines[row + 1]  # formatted as dialled in the clinic's country
    row = next(i for i, line in enumerate(lines) if line.startswith(second.reference))
    assert "handled" in lines[row] and "li@example.org" in lines[row + 1]
    assert "\x1b" not in result.stdout  # patient text can't drive the terminal
    assert all(len(line) <= 80 for line in lines)

    pending = cli("list", "--status", "pending", "--db", url)
    assert first.reference in pending.stdout and second.reference not in pending.stdout


def test_list_is_the_default_and_says_why_requests_stay_pending(store, url):
    request = add(store, "Ada Lovelace", procedure="not_sure", preferred_times="x " * 120)
    result = cli("--db", url)
    assert result.returncode == 0, result.stderr
    assert request.reference in result.stdout and "not sure yet" in result.stdout
    assert "pending (no scheduling system connected: set BOOKING_WEBHOOK_URL)" in result.stdout
    assert all(len(line) <= 80 for line in result.stdout.splitlines())
    with_webhook = cli("--db", url, env={"BOOKING_WEBHOOK_URL": "http://127.0.0.1:9/bookings"})
    assert "no scheduling system" not in with_webhook.stdout


def test_list_empty(url):
    result = cli("--db", url, "list", "--status", "delivered")
    assert result.returncode == 0
    assert "No delivered booking requests" in result.stdout


def test_handled(store, url):
    request = add(store, "Ada Lovelace")
    result = cli("--db", url, "handled", request.reference.lower())
    assert result.returncode == 0, result.stderr
    assert request.reference in result.stdout
    assert store.get(request.reference).status == "handled"


def test_unknown_reference(store, url):
    result = cli("--db", url, "handled", "VH-ZZZZZZ")
    assert result.returncode == 1
    assert "VH-ZZZZZZ" in result.stderr


def test_export_csv(store, url, tmp_path):
    nasty = "'; DROP TABLE bookings; --"
    first = add(store, "Zoë O'Brien-Núñez", preferred_times=nasty)
    second = add(store, '=HYPERLINK("http://x")', email="li@example.org")
    store.mark_delivered(second.reference)
    out = tmp_path / "export.csv"
    result = cli("--db", url, "export", str(out))
    assert result.returncode == 0, result.stderr
    rows = list(csv.DictReader(out.open(encoding="utf-8-sig", newline="")))
    assert [row["reference"] for row in rows] == [first.reference, second.reference]
    assert set(rows[0]) == {
        "id",
        "reference",
        "created_at",
        "name",
        "phone",
        "email",
        "procedure",
        "preferred_times",
        "consent",
        "status",
        "delivery_attempts",
        "delivered_at",
        "last_error",
    }
    assert rows[0]["name"] == "Zoë O'Brien-Núñez"
    assert rows[0]["preferred_times"] == nasty
    assert rows[0]["phone"] == "+15550100199"
    assert rows[0]["created_at"] == first.created_at.isoformat()
    assert rows[1]["name"] == '\'=HYPERLINK("http://x")'  # not run as a formula
    assert (rows[1]["status"], rows[1]["delivery_attempts"]) == ("delivered", "1")


def test_export_to_stdout(store, url):
    request = add(store, "Ada Lovelace")
    result = cli("--db", url, "export", "-")
    assert result.returncode == 0
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert [row["reference"] for row in rows] == [request.reference]


def test_retry_without_webhook_url(store, url):
    add(store, "Ada Lovelace")
    result = cli("--db", url, "retry")
    assert result.returncode == 1
    assert "BOOKING_WEBHOOK_URL is not set" in result.stderr
    assert "1 request(s) are pending" in result.stderr
    assert store.pending()


def test_booking_db_url_from_environment(store, url):
    request = add(store, "Ada Lovelace")
    result = cli("list", env={"BOOKING_DB_URL": url})
    assert request.reference in result.stdout


@pytest.mark.parametrize("args", [["frobnicate"], ["list", "--status", "lost"], ["handled"], ["export"]])
def test_bad_usage_exits_2(url, args):
    result = cli("--db", url, *args)
    assert result.returncode == 2
    assert "usage:" in result.stderr


def test_unusable_database_exits_1(tmp_path):
    result = cli("--db", f"sqlite:///{tmp_path / 'missing' / 'bookings.db'}", "list")
    assert result.returncode == 1
    assert "error: booking database unavailable" in result.stderr


def test_purge_deletes_only_requests_past_retention(store, url):
    from datetime import datetime, timedelta, timezone

    from sqlalchemy import update

    from clinic.booking.store import bookings

    old, recent = add(store, "Old Request"), add(store, "Recent Request")
    with store.engine.begin() as conn:
        conn.execute(
            update(bookings)
            .where(bookings.c.reference == old.reference)
            .values(created_at=datetime.now(timezone.utc) - timedelta(days=91))
        )
    result = cli("--db", url, "purge")
    assert result.returncode == 0, result.stderr
    assert "Deleted 1 request(s) older than 90 days" in result.stdout
    assert store.get(old.reference) is None
    assert store.get(recent.reference) is not None
