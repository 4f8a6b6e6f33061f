"""Appointment requests: checking contact details, storing requests, forwarding them.

Plain Python, no Rasa. Staff manage stored requests with ``python -m clinic.booking``.
"""

from clinic.booking.delivery import deliver, deliver_booking, deliver_pending, webhook_url
from clinic.booking.store import (
    BookingRequest,
    BookingStore,
    StoreUnavailable,
    UnknownReference,
    default_store,
)
from clinic.booking.validation import (
    clean_email,
    clean_name,
    clean_phone,
    display_phone,
    explain_contact_problem,
    parse_contact,
)

__all__ = [
    "BookingRequest",
    "BookingStore",
    "StoreUnavailable",
    "UnknownReference",
    "clean_email",
    "clean_name",
    "clean_phone",
    "default_store",
    "deliver",
    "deliver_booking",
    "deliver_pending",
    "display_phone",
    "explain_contact_problem",
    "parse_contact",
    "webhook_url",
]
