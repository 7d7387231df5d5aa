"""One small error hierarchy. The CLI prints `str(err)`; the API maps `http_status` (with `title`).

Each kind states its HTTP status and title in its class line: `class X(Base, status=404, title="Not found")`.
"""

from __future__ import annotations


class IncidentBriefError(Exception):
    """Base class: a problem the user can act on, with a one-line message."""

    http_status: int = 500
    title: str = "Internal error"

    def __init_subclass__(cls, status: int | None = None, title: str | None = None, **kwargs) -> None:
        super().__init_subclass__(**kwargs)
        cls.http_status = status or cls.http_status
        cls.title = title or cls.title


class InputError(IncidentBriefError, status=422, title="Unprocessable input"):
    """The notes cannot be used: empty, unreadable, malformed."""


class UnsupportedInputError(InputError, status=415, title="Unsupported input type"):
    """A media type or file kind the service does not read."""


class InputTooLargeError(InputError, status=413, title="Input too large"):
    """More bytes than the configured limit."""


class ReadBudgetError(InputError, status=422, title="Notes too slow to read"):
    """Reading the notes used more CPU time than the per-request budget (INCIDENT_BRIEF_READ_BUDGET_SECONDS)."""


class NotFoundError(IncidentBriefError, status=404, title="Not found"):
    """No such report, batch or section."""


class ConflictError(IncidentBriefError, status=409, title="Conflict"):
    """The change is not allowed in the resource's state (an approved report, a locked section)."""


class ConfigurationError(IncidentBriefError, status=503, title="Not configured"):
    """Settings ask for something this installation cannot do."""
