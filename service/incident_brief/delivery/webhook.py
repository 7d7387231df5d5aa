"""A generic webhook: the approved report as JSON, signed like Stripe's and GitHub's webhooks.

Header `Incident-Brief-Signature: t=<unix seconds>,v1=<hex>` where hex = HMAC-SHA256(secret, f"{t}." + body) over the
exact bytes sent. A receiver recomputes it (verify() below, or the README's snippet), compares in constant time and
refuses an old timestamp (replays). `Incident-Brief-Delivery` is the same on every attempt of one delivery: a
receiver that sees it twice has the report already."""

from __future__ import annotations

import hashlib
import hmac
import json
import time

from incident_brief.delivery.http import post
from incident_brief.delivery.message import Approved, Sent

SIGNATURE = "Incident-Brief-Signature"
DELIVERY = "Incident-Brief-Delivery"
EVENT = "report.approved"
TOLERANCE = 300  # seconds a receiver should accept a signature for


def body(approved: Approved) -> bytes:
    return json.dumps({
        "event": EVENT, "report_id": approved.report_id, "revision": approved.revision,
        "approved_by": approved.approved_by, "approved_at": approved.approved_at.isoformat(),
        "url": approved.url, "report": approved.report.model_dump(mode="json"),
    }, ensure_ascii=False, separators=(",", ":")).encode()


def signature(secret: str, timestamp: int, data: bytes) -> str:
    digest = hmac.new(secret.encode(), str(timestamp).encode() + b"." + data, hashlib.sha256).hexdigest()
    return f"t={timestamp},v1={digest}"


def verify(secret: str, header: str, data: bytes, tolerance: int = TOLERANCE, now: float | None = None) -> bool:
    """Is `header` a valid signature of `data` made within `tolerance` seconds? (Any v1 entry may match: a sender
    rotating secrets can send two.)"""
    parts = [p.partition("=") for p in header.split(",")]
    stamps = [v for k, _, v in parts if k.strip() == "t"]
    if len(stamps) != 1 or not stamps[0].strip().isdigit():
        return False
    timestamp = int(stamps[0])
    if abs((time.time() if now is None else now) - timestamp) > tolerance:
        return False
    expected = signature(secret, timestamp, data).rpartition("v1=")[2]
    return any(hmac.compare_digest(expected, v.strip()) for k, _, v in parts if k.strip() == "v1")


def send(url: str, secret: str, approved: Approved, delivery_id: str, timeout: float) -> Sent:
    data = body(approved)
    headers = {"Content-Type": "application/json; charset=utf-8", "Incident-Brief-Event": EVENT,
               DELIVERY: delivery_id, SIGNATURE: signature(secret, int(time.time()), data)}
    return post(url, data, headers, timeout)
