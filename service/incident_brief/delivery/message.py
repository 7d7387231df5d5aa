"""What a delivery carries (the approved report, who approved it and when, its page) and how an attempt ends."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from incident_brief.schema import Report

_CONTROL = re.compile(r"[\x00-\x1f\x7f]+")


@dataclass(frozen=True)
class Approved:
    report_id: str
    revision: int
    approved_by: str
    approved_at: datetime
    report: Report
    url: str  # the report's page in the service

    @property
    def title(self) -> str:
        """The report's title on one line (mail subjects and Slack headers take no line breaks)."""
        return one_line(self.report.title or "Untitled incident", 150)


def one_line(text: str, limit: int) -> str:
    text = " ".join(_CONTROL.sub(" ", text).split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


@dataclass(frozen=True)
class Sent:
    """A delivered attempt: the receiver's status code (HTTP or SMTP)."""

    code: int | None = None


class DeliveryFailed(Exception):
    """An attempt that failed: `retryable` when another attempt may succeed (timeouts, connection errors, 408, 429,
    5xx; SMTP 4xx); the message is shown on the review page, so it never quotes a secret or a target's address."""

    def __init__(self, message: str, *, retryable: bool, code: int | None = None):
        super().__init__(message)
        self.retryable, self.code = retryable, code
