"""Staff command line for booking requests.

    python -m clinic.booking [--db URL] [list] [--status pending|delivered|handled]
    python -m clinic.booking [--db URL] handled REFERENCE
    python -m clinic.booking [--db URL] retry
    python -m clinic.booking [--db URL] export FILE.csv   (- for stdout)
    python -m clinic.booking [--db URL] purge [--days N]  (default: clinic.yml retention)

The database is --db, else BOOKING_DB_URL, else <repo>/var/bookings.db.
Exit codes: 0 done, 1 failure (unknown reference, database or webhook
unavailable), 2 bad usage.
"""

from __future__ import annotations

import argparse
import csv
import dataclasses
import logging
import sys
import textwrap
import unicodedata
from datetime import datetime
from typing import List, Optional, Sequence, TextIO

from clinic.booking.delivery import deliver_pending, webhook_url
from clinic.booking.validation import display_phone
from clinic.booking.store import (
    STATUSES,
    BookingRequest,
    BookingStore,
    StoreUnavailable,
    UnknownReference,
)
from clinic.knowledge import default_knowledge_base
from clinic.settings import clinic

MAX_CELL = 40
MAX_DETAIL = 200  # name, contact and times wrap onto more lines, up to this many characters each
WIDTH = 80  # the listing fits an 80-column terminal
NOT_SURE = "not_sure"  # the booking form's procedure when the patient is not sure yet
NO_WEBHOOK_MARK = "*"
NO_WEBHOOK_NOTE = "pending (no scheduling system connected: set BOOKING_WEBHOOK_URL)"
CSV_FIELDS = [f.name for f in dataclasses.fields(BookingRequest)]


def main(argv: Optional[Sequence[str]] = None) -> int:
    """Run the command line; returns the exit code."""
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(message)s")
    args = _parser().parse_args(argv)
    if args.command is None:  # no command: list every request
        args = _parser().parse_args([*(argv if argv is not None else sys.argv[1:]), "list"])
    try:
        store = BookingStore(args.db)
        store.create_tables()
        return args.run(store, args)
    except (StoreUnavailable, UnknownReference) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1


def _parser() -> argparse.ArgumentParser:
    db_help = "database URL (default: BOOKING_DB_URL, else var/bookings.db)"
    # --db is accepted before or after the command.
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--db", metavar="URL", default=argparse.SUPPRESS, help=db_help)
    parser = argparse.ArgumentParser(
        prog="python -m clinic.booking", description="Manage the assistant's booking requests."
    )
    parser.add_argument("--db", metavar="URL", default=None, help=db_help)
    commands = parser.add_subparsers(dest="command", metavar="COMMAND (default: list)")

    show = commands.add_parser("list", parents=[common], help="show booking requests")
    show.add_argument("--status", choices=STATUSES, help="only requests with this status")
    show.set_defaults(run=_list)

    handled = commands.add_parser("handled", parents=[common], help="mark a request as handled")
    handled.add_argument("reference", help="the request's reference, e.g. VH-7K3Q9P")
    handled.set_defaults(run=_handled)

    retry = commands.add_parser("retry", parents=[common], help="deliver pending requests to BOOKING_WEBHOOK_URL")
    retry.set_defaults(run=_retry)

    export = commands.add_parser("export", parents=[common], help="write all requests as CSV")
    export.add_argument("file", help="the CSV file to write, - for standard output")
    export.set_defaults(run=_export)

    purge = commands.add_parser("purge", parents=[common], help="delete requests past the retention period")
    purge.add_argument("--days", type=int, default=None, help="default: booking_retention_days in clinic.yml")
    purge.set_defaults(run=_purge)
    return parser


def _list(store: BookingStore, args: argparse.Namespace) -> int:
    """Each request on two lines: reference, time, status, procedure; then name, contact, times."""
    found = store.list(args.status)
    if not found:
        which = f"{args.status} " if args.status else ""
        print(f"No {which}booking requests in {store.engine.url!r}.")
        return 0
    config = clinic()
    undeliverable = webhook_url() is None
    columns = [("reference", 9), ("created", 16), ("status", 9)]
    head = "  ".join(title.ljust(width) for title, width in columns)
    indent = " " * (len(columns[0][0]) + 2)
    print(f"{len(found)} booking request(s); times in {config.timezone}.")
    print(f"{head}  procedure")
    print(f"{indent}name · contact · preferred times")
    print("-" * WIDTH)
    for r in found:
        status = r.status
        if r.status == "pending" and undeliverable:
            status += " " + NO_WEBHOOK_MARK
        first = [r.reference, config.local(r.created_at).strftime("%Y-%m-%d %H:%M"), status]
        line = "  ".join(value.ljust(width) for value, (_, width) in zip(first, columns, strict=False))
        print(_fit(f"{line}  {_cell(procedure_name(r.procedure))}"))
        values = (r.name, display_contact(r.phone, r.email), r.preferred_times)
        details = " · ".join(_cell(v, MAX_DETAIL) for v in values if v)
        print(textwrap.fill(details, WIDTH, initial_indent=indent, subsequent_indent=indent))
    if undeliverable and any(r.status == "pending" for r in found):
        print(f"\n{NO_WEBHOOK_MARK} {NO_WEBHOOK_NOTE}")
    return 0


def procedure_name(procedure: str) -> str:
    """The procedure's name for staff ("SI joint fusion"); "not sure yet" for the form's not_sure."""
    if procedure == NOT_SURE:
        return "not sure yet"
    found = default_knowledge_base().procedures.get(procedure)
    return found.name if found else procedure


def display_contact(phone: Optional[str], email: Optional[str]) -> str:
    """Phone (formatted) and/or email, comma-separated."""
    return ", ".join(filter(None, (display_phone(phone) if phone else None, email)))


def _fit(line: str) -> str:
    return line if len(line) <= WIDTH else line[: WIDTH - 1] + "…"


def _handled(store: BookingStore, args: argparse.Namespace) -> int:
    request = store.mark_handled(args.reference)
    print(f"{request.reference} is marked as handled.")
    return 0


def _retry(store: BookingStore, args: argparse.Namespace) -> int:
    url = webhook_url()
    if url is None:
        print(
            f"BOOKING_WEBHOOK_URL is not set, so delivery is disabled; {len(store.pending())} "
            "request(s) are pending. Set it, or handle them yourself: see 'list --status pending' "
            "and 'handled REFERENCE'.",
            file=sys.stderr,
        )
        return 1
    delivered, pending = deliver_pending(store, url)
    print(f"Delivered {delivered} request(s); {pending} still pending.")
    return 0


def _export(store: BookingStore, args: argparse.Namespace) -> int:
    found = store.list()
    if args.file == "-":
        _write_csv(sys.stdout, found)
        return 0
    try:
        # utf-8-sig: spreadsheet programs then read accented names correctly.
        with open(args.file, "w", newline="", encoding="utf-8-sig") as out:
            _write_csv(out, found)
    except OSError as exc:
        print(f"error: cannot write {args.file}: {exc.strerror}", file=sys.stderr)
        return 1
    print(f"Exported {len(found)} request(s) to {args.file}.")
    return 0


def _purge(store: BookingStore, args: argparse.Namespace) -> int:
    days = clinic().retention_days if args.days is None else args.days
    print(f"Deleted {store.purge(days)} request(s) older than {days} days.")
    return 0


def _write_csv(out: TextIO, found: List[BookingRequest]) -> None:
    writer = csv.writer(out)
    writer.writerow(CSV_FIELDS)
    for request in found:
        writer.writerow([_csv_cell(getattr(request, name)) for name in CSV_FIELDS])


def _csv_cell(value: object) -> str:
    """Text for a CSV cell; text a spreadsheet would run as a formula is quoted with '."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.isoformat()
    text = str(value)
    is_phone = text[1:].isdigit() and text.startswith("+")
    if text[:1] in ("=", "+", "-", "@", "\t", "\r") and not is_phone:
        return "'" + text
    return text


def _cell(value: Optional[str], limit: int = MAX_CELL) -> str:
    """One line of at most `limit` printable characters (no terminal escapes)."""
    text = "".join(" " if unicodedata.category(ch)[0] == "C" else ch for ch in value or "")
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


if __name__ == "__main__":
    sys.exit(main())
