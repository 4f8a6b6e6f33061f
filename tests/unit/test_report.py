"""The staff report (clinic/report) on a tracker database built like the Rasa server's.

SQLite always; PostgreSQL too when REPORT_PG_URL is set (make test's scale-out step).
"""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from clinic.knowledge import default_knowledge_base
from clinic.report.events import read_conversations
from clinic.report.summary import mask_contacts, summarise
from clinic.settings import clinic
from tests import report_db

ROOT = Path(__file__).resolve().parents[2]
URLS = ["sqlite"] + (["postgresql"] if os.environ.get("REPORT_PG_URL") else [])


@pytest.fixture(params=URLS)
def tracker_url(request, tmp_path):
    url = f"sqlite:///{tmp_path / 'tracker.db'}" if request.param == "sqlite" else os.environ["REPORT_PG_URL"]
    report_db.build(url)
    return url


def test_summary_counts_what_patients_asked(tracker_url):
    config = clinic()
    from datetime import datetime, time, timedelta

    start = datetime.combine(report_db.FIRST_DAY, time(), config.tz)
    end = datetime.combine(report_db.LAST_DAY + timedelta(days=1), time(), config.tz)
    conversations = {
        k: v for k, v in read_conversations(tracker_url, start, end).items() if k.startswith("report-test-")
    }
    summary = summarise(conversations, report_db.FIRST_DAY, report_db.LAST_DAY, default_knowledge_base(), config)
    expected = report_db.EXPECTED
    assert summary.conversations == expected["conversations"]
    assert {d: n for d, n in summary.per_day.items() if n} == expected["per_day"]
    assert len(summary.per_day) == 7  # every day of the week, quiet ones as 0
    assert summary.after_hours == expected["after_hours"]
    assert dict(summary.questions) == expected["questions"]
    assert dict(summary.unanswered) == expected["unanswered"]
    assert dict(summary.red_flags) == expected["red_flags"]
    assert summary.funnel == expected["funnel"]


def test_contact_details_are_masked():
    phone = clinic().phone
    digits = re.sub(r"\D", "", phone)[-10:]
    masked = mask_contacts(f"Ring {phone} or {digits[:3]}.{digits[3:6]}.{digits[6:]}, mail A.B@Example.org", "US")
    assert masked == "ring [phone] or [phone], mail [email]"


def test_report_file_is_self_contained(tmp_path):
    url = f"sqlite:///{tmp_path / 'tracker.db'}"
    report_db.build(url)
    out = tmp_path / "report.html"
    result = report_db.make_report(url, out)
    assert result.returncode == 0, result.stderr
    page = out.read_text(encoding="utf-8")
    assert page.count("data:image/png;base64,") == 3  # per day, per topic, funnel
    assert not re.search(r"""(?:src|href)=["']?(?!data:)[a-z]+:""", page)  # nothing loaded from elsewhere
    assert "@import" not in page and "url(" not in page
    assert "jane.doe" not in page and clinic().phone not in page  # contact details masked
    assert "do you take acme insurance? call me on [phone]" in page


def test_unreadable_database_exits_1(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "clinic.report", "--db", f"sqlite:///{tmp_path / 'none' / 'x.db'}"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 1 and "error: cannot read the tracker store" in result.stderr
