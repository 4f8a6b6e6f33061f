"""The clinic's configuration (clinic.yml): contact details and opening hours."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from pathlib import Path
from typing import Dict, Optional, Tuple

import yaml
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CLINIC_CONFIG = ROOT / "clinic.yml"
# Where conversations are stored unless TRACKER_STORE_URL says otherwise (relative to the working directory)
DEFAULT_TRACKER_STORE_URL = "sqlite:///var/tracker.db"


def tracker_store_url() -> str:
    """The tracker store's SQLAlchemy URL: TRACKER_STORE_URL, else DEFAULT_TRACKER_STORE_URL."""
    return os.environ.get("TRACKER_STORE_URL") or DEFAULT_TRACKER_STORE_URL


WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


@dataclass(frozen=True)
class ClinicConfig:
    """Contact details and opening hours of the clinic."""

    name: str
    phone: str
    booking_url: str
    emergency_number: str
    timezone: str
    retention_days: int = 90  # how long booking requests are kept
    conversation_retention_days: float = 30  # how long conversations are kept after their last message
    crisis_line: str = "988"
    phone_region: str = "US"  # ISO 3166 region for phone numbers typed without +
    # weekday index (0 = Monday) -> (opens, closes); closed days are absent
    opening_hours: Dict[int, Tuple[time, time]] = field(default_factory=dict)
    closed_dates: Tuple[date, ...] = ()

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    def local(self, now: Optional[datetime] = None) -> datetime:
        """`now` (aware; default: the current time) in the clinic's timezone."""
        return (now or datetime.now(tz=self.tz)).astimezone(self.tz)

    def _hours_on(self, day: date) -> Optional[Tuple[time, time]]:
        if day in self.closed_dates:
            return None
        return self.opening_hours.get(day.weekday())

    def is_open(self, now: Optional[datetime] = None) -> bool:
        """Whether the office is open at `now`."""
        local = self.local(now)
        hours = self._hours_on(local.date())
        return hours is not None and hours[0] <= local.time() < hours[1]

    def next_opening(self, now: Optional[datetime] = None) -> Optional[datetime]:
        """The next time the office opens after `now` (None if never within two weeks)."""
        local = self.local(now)
        for offset in range(15):
            day = local.date() + timedelta(days=offset)
            hours = self._hours_on(day)
            if not hours:
                continue
            opens = datetime.combine(day, hours[0], tzinfo=self.tz)
            if opens > local:
                return opens
        return None

    def describe_hours(self) -> str:
        """E.g. 'Monday to Thursday 08:00-17:00, Friday 08:00-16:00'."""
        groups: list = []  # [first day, last day, hours]
        for day in range(7):
            hours = self.opening_hours.get(day)
            if groups and hours and groups[-1][2] == hours and groups[-1][1] == day - 1:
                groups[-1][1] = day
            elif hours:
                groups.append([day, day, hours])
        parts = []
        for first, last, (opens, closes) in groups:
            days = WEEKDAYS[first].title() + (f" to {WEEKDAYS[last].title()}" if last > first else "")
            parts.append(f"{days} {opens:%H:%M}-{closes:%H:%M}")
        return ", ".join(parts) or "no regular opening hours"

    def describe_next_opening(self, now: Optional[datetime] = None) -> str:
        """E.g. 'tomorrow (Tuesday) at 08:00' or 'Monday at 08:00'."""
        opens = self.next_opening(now)
        if opens is None:
            return "as soon as the office reopens"
        local = self.local(now)
        day_name = opens.strftime("%A")
        clock = opens.strftime("%H:%M")
        if opens.date() == local.date():
            return f"today at {clock}"
        if opens.date() == local.date() + timedelta(days=1):
            return f"tomorrow ({day_name}) at {clock}"
        return f"{day_name} at {clock}"


def _parse_hours(raw: Dict[str, str]) -> Dict[int, Tuple[time, time]]:
    hours: Dict[int, Tuple[time, time]] = {}
    for day, span in (raw or {}).items():
        if not span or str(span).strip().lower() == "closed":
            continue
        opens, closes = (time.fromisoformat(part.strip()) for part in str(span).split("-"))
        hours[WEEKDAYS.index(day.lower())] = (opens, closes)
    return hours


def load_clinic_config(path: Optional[Path] = None) -> ClinicConfig:
    """Read the clinic file (default: CLINIC_CONFIG, else clinic.yml at the repo root)."""
    path = Path(path or os.environ.get("CLINIC_CONFIG") or DEFAULT_CLINIC_CONFIG)
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    return ClinicConfig(
        name=raw["name"],
        phone=str(raw["phone"]),
        booking_url=raw["booking_url"],
        emergency_number=str(raw.get("emergency_number", "911")),
        timezone=raw.get("timezone", "UTC"),
        retention_days=int(raw.get("booking_retention_days", 90)),
        conversation_retention_days=float(raw.get("conversation_retention_days", 30)),
        crisis_line=str(raw.get("crisis_line", "988")),
        phone_region=str(raw.get("phone_region", "US")).upper(),
        opening_hours=_parse_hours(raw.get("opening_hours")),
        closed_dates=tuple(date.fromisoformat(str(d)) for d in raw.get("closed_dates") or ()),
    )


@lru_cache(maxsize=None)
def clinic() -> ClinicConfig:
    """The clinic configuration the assistant uses, read once."""
    return load_clinic_config()
