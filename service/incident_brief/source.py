"""The one source document every reader produces: what evidence offsets point into and what is stored."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class SourceDocument:
    text: str
    kind: str  # the reader that produced it: "text", "chat", "email", "timeline", "pagerduty", "slack", "json", ...
    name: str = "notes"
