"""`python -m clinic.report`: what patients asked, as one HTML file (`make report`).

    python -m clinic.report [--db URL] [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--out FILE.html]

--db is the tracker store (default TRACKER_STORE_URL, else sqlite:///var/tracker.db;
PostgreSQL URLs work too). The period is whole days in the clinic's timezone,
both ends included; by default the last 7 days up to today. The file defaults
to var/reports/report-FROM-to-TO.html. Exit codes: 0 written, 1 the database
can't be read or the file written, 2 bad usage.
"""

from __future__ import annotations

import argparse
import sys
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Optional, Sequence

from clinic.knowledge import default_knowledge_base
from clinic.report.events import TrackerStoreUnavailable, read_conversations
from clinic.settings import tracker_store_url
from clinic.report.html import render
from clinic.report.summary import summarise
from clinic.settings import ROOT, clinic

DEFAULT_DAYS = 7


def main(argv: Optional[Sequence[str]] = None) -> int:
    """Run the command line; returns the exit code."""
    parser = argparse.ArgumentParser(prog="python -m clinic.report", description=__doc__.splitlines()[0])
    parser.add_argument("--db", metavar="URL", help="tracker store URL (default: TRACKER_STORE_URL)")
    parser.add_argument("--from", dest="first", type=date.fromisoformat, metavar="YYYY-MM-DD")
    parser.add_argument("--to", dest="last", type=date.fromisoformat, metavar="YYYY-MM-DD")
    parser.add_argument("--out", type=Path, metavar="FILE.html")
    args = parser.parse_args(argv)
    config = clinic()
    last = args.last or config.local().date()
    first = args.first or last - timedelta(days=DEFAULT_DAYS - 1)
    if first > last:
        parser.error("--from must not be after --to")
    start = datetime.combine(first, time(), config.tz)
    end = datetime.combine(last + timedelta(days=1), time(), config.tz)
    try:
        conversations = read_conversations(args.db or tracker_store_url(), start, end)
    except TrackerStoreUnavailable as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    summary = summarise(conversations, first, last, default_knowledge_base(), config)
    page = render(summary, config.name, config.timezone, config.local())
    out = args.out or ROOT / "var" / "reports" / f"report-{first}-to-{last}.html"
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(page, encoding="utf-8")
    except OSError as exc:
        print(f"error: cannot write {out}: {exc.strerror}", file=sys.stderr)
        return 1
    print(f"Report for {first} to {last} ({summary.conversations} conversations): {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
