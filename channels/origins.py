"""Which web pages may talk to the assistant: the CORS_ORIGIN setting.

CORS_ORIGIN lists the origins of the pages with the chat widget (scheme://host[:port],
separated by spaces or commas; "*" for any). It is the one setting for both channels:
the start scripts pass it to `rasa run --cors` (CORS headers of the REST channel), and
the socket.io channel refuses connections whose Origin header is not in it.
Unset: no other web page is allowed. Clients that send no Origin (scripts) and pages
of the server's own origin always are.
"""

from __future__ import annotations

import os
import re
from typing import Optional, Tuple


def allowed_origins() -> Tuple[str, ...]:
    """The configured origins, without trailing slashes."""
    raw = os.environ.get("CORS_ORIGIN", "")
    return tuple(origin.rstrip("/") for origin in re.split(r"[\s,]+", raw) if origin)


def origin_allowed(origin: Optional[str], own_origin: Optional[str] = None) -> bool:
    """Whether a request with this Origin header (None: no header) may connect to the
    server at `own_origin` (scheme://host:port, from the request)."""
    if origin is None:
        return True  # not a browser page: CORS does not apply
    origins = allowed_origins()
    return "*" in origins or origin.rstrip("/") in origins + (own_origin,)
