"""Forwarding booking requests to the clinic's scheduling system (a JSON webhook).

The endpoint is BOOKING_WEBHOOK_URL. When it is not set, delivery is disabled:
requests stay "pending" in the store and staff handle them with
``python -m clinic.booking list --status pending`` and ``handled REFERENCE``.

Each request is POSTed with the header ``Idempotency-Key: <reference>``, so the
receiver can drop a repeat (e.g. after a timeout on a request it did receive).
Logs name only the reference and the outcome, never contact details.
"""

from __future__ import annotations

import logging
import os
import time
from typing import Any, Dict, Optional, Tuple

import requests

from clinic.booking.store import BookingRequest, BookingStore

logger = logging.getLogger(__name__)

RETRY_STATUSES = frozenset({408, 429})  # plus every 5xx
DEFAULT_LEASE = 300.0  # seconds; must exceed the longest delivery (see deliver_pending)


def webhook_url() -> Optional[str]:
    """BOOKING_WEBHOOK_URL, or None when delivery is disabled."""
    return os.environ.get("BOOKING_WEBHOOK_URL", "").strip() or None


def payload(request: BookingRequest) -> Dict[str, Any]:
    """The JSON body sent for a request."""
    return {
        "reference": request.reference,
        "created_at": request.created_at.isoformat(),
        "name": request.name,
        "phone": request.phone,
        "email": request.email,
        "procedure": request.procedure,
        "preferred_times": request.preferred_times,
        "consent": request.consent,
    }


def deliver(
    request: BookingRequest,
    url: str,
    *,
    timeout: float = 5.0,
    retries: int = 3,
    backoff: float = 0.5,
    session: Optional[requests.Session] = None,
) -> bool:
    """POST the request to `url`; True once it answers 2xx.

    Connection errors, timeouts, 408, 429 and 5xx are retried up to `retries`
    times, waiting backoff, 2*backoff, 4*backoff... seconds; other answers
    fail at once. `timeout` applies to each connect and each read.
    """
    error = _send(request, url, timeout=timeout, retries=retries, backoff=backoff, session=session)
    return error is None


def deliver_booking(
    store: BookingStore,
    request: BookingRequest,
    url: str,
    *,
    lease: float = DEFAULT_LEASE,
    **options: Any,
) -> bool:
    """Claim, deliver and mark one request; True if this call delivered it.

    False when another process holds the claim, the request is no longer
    pending, or delivery failed (then the failure is recorded and the request
    stays pending). `options` are deliver()'s keyword arguments.
    """
    if not store.claim(request.reference, lease):
        return False
    error = _send(request, url, **options)
    if error is None:
        store.mark_delivered(request.reference)
        return True
    store.record_failure(request.reference, error)
    return False


def deliver_pending(
    store: BookingStore, url: Optional[str], *, lease: float = DEFAULT_LEASE, **options: Any
) -> Tuple[int, int]:
    """Deliver every pending request: (delivered by this call, still pending).

    Safe to run concurrently from several processes: each request is claimed
    before it is sent, so it is sent once. `lease` (seconds) must exceed the
    longest delivery, (retries + 1) * timeout plus the backoff waits, or a
    slow delivery could be taken over and sent twice. With `url` None
    (BOOKING_WEBHOOK_URL unset) nothing is sent.
    """
    if not url:
        logger.info("booking delivery disabled: BOOKING_WEBHOOK_URL is not set")
        return 0, len(store.pending())
    delivered = sum(deliver_booking(store, request, url, lease=lease, **options) for request in store.pending())
    return delivered, len(store.pending())


def _send(
    request: BookingRequest,
    url: str,
    *,
    timeout: float = 5.0,
    retries: int = 3,
    backoff: float = 0.5,
    session: Optional[requests.Session] = None,
) -> Optional[str]:
    """None once delivered, else the last failure (e.g. "HTTP 503", "timeout")."""
    http = session or requests.Session()
    try:
        for attempt in range(max(retries, 0) + 1):
            if attempt:
                time.sleep(backoff * 2 ** (attempt - 1))
            error, retryable = _post(http, request, url, timeout)
            if error is None:
                logger.info("booking %s delivered", request.reference)
                return None
            logger.warning("booking %s: delivery attempt %d failed: %s", request.reference, attempt + 1, error)
            if not retryable:
                break
        return error
    finally:
        if session is None:
            http.close()


def _post(http: requests.Session, request: BookingRequest, url: str, timeout: float) -> Tuple[Optional[str], bool]:
    """One POST: (None, _) on success, else (what failed, whether to retry).

    Exception messages are not used: they quote the URL, which may hold a secret.
    """
    try:
        response = http.post(
            url,
            json=payload(request),
            headers={"Idempotency-Key": request.reference},
            timeout=timeout,
            allow_redirects=False,
        )
    except requests.Timeout:
        return "timeout", True
    except requests.ConnectionError:
        return "connection error", True
    except requests.RequestException as exc:
        return type(exc).__name__, False
    response.close()
    status = response.status_code
    if 200 <= status < 300:
        return None, False
    return f"HTTP {status}", status >= 500 or status in RETRY_STATUSES
