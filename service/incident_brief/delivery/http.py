"""One POST to an HTTP target with an explicit timeout, its outcome classified for the retry loop."""

from __future__ import annotations

import httpx

from incident_brief import __version__
from incident_brief.delivery.message import DeliveryFailed, Sent, one_line

RETRIED_STATUS = frozenset({408, 429})  # besides every 5xx: the receiver asks to come back later
USER_AGENT = f"incident-brief/{__version__}"


def post(url: str, body: bytes, headers: dict[str, str], timeout: float) -> Sent:
    """POST `body`; a 2xx is delivered, anything else raises DeliveryFailed (the URL is never in the message:
    a Slack webhook's URL is its secret)."""
    try:
        with httpx.Client(timeout=timeout, follow_redirects=False) as client:
            response = client.post(url, content=body, headers={"User-Agent": USER_AGENT, **headers})
    except httpx.TimeoutException:
        raise DeliveryFailed(f"no answer within {timeout:g} s", retryable=True) from None
    except httpx.HTTPError as exc:  # connection refused, DNS, TLS, protocol errors
        raise DeliveryFailed(f"connection failed ({type(exc).__name__})", retryable=True) from None
    code = response.status_code
    if 200 <= code < 300:
        return Sent(code)
    said = one_line(response.text, 120)
    raise DeliveryFailed(f"HTTP {code}" + (f": {said}" if said else ""),
                         retryable=code >= 500 or code in RETRIED_STATUS, code=code)
