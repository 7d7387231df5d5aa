"""Bounded attempts with exponential backoff; each attempt recorded (delivered, retrying or failed)."""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass

from incident_brief.delivery.message import DeliveryFailed, Sent

DELIVERED, RETRYING, FAILED = "delivered", "retrying", "failed"
STOPPED = "the service stopped before this delivery finished; retry it"


@dataclass(frozen=True)
class Attempt:
    number: int
    status: str  # delivered | retrying | failed
    code: int | None = None
    error: str | None = None


@dataclass(frozen=True)
class Policy:
    attempts: int
    backoff: float  # seconds before the first retry; doubled before each next one

    def delay(self, attempt: int) -> float:
        """Seconds to wait after failed attempt `attempt` (1-based)."""
        return self.backoff * 2 ** (attempt - 1)


def run(send: Callable[[], Sent], policy: Policy, record: Callable[[Attempt], None],
        stop: threading.Event, first: int = 1) -> Attempt:
    """Try `send` until it is delivered, fails for good, or the attempts run out; `stop` ends the waiting early.
    Attempts are numbered from `first` (a retry continues the target's numbering)."""
    for n in range(policy.attempts):
        number = first + n
        try:
            sent = send()
        except DeliveryFailed as exc:
            last = not exc.retryable or n == policy.attempts - 1
            attempt = Attempt(number, FAILED if last else RETRYING, exc.code, str(exc))
        except Exception as exc:  # noqa: BLE001  (a bug in a target must not end the worker; the type is enough)
            attempt = Attempt(number, FAILED, None, f"internal error ({type(exc).__name__})")
        else:
            attempt = Attempt(number, DELIVERED, sent.code)
        record(attempt)
        if attempt.status != RETRYING:
            return attempt
        if stop.wait(policy.delay(n + 1)):
            stopped = Attempt(number + 1, FAILED, None, STOPPED)
            record(stopped)
            return stopped
    raise AssertionError("unreachable: the last attempt is never retrying")
