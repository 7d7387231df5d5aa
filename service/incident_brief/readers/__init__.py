"""Readers: one small adapter per input shape, each turning its input into the one source document.

A JSON input is offered to each reader in turn (most specific first); the first that recognises its
shape writes the document, and its name becomes the document's `kind` (shown in the report's engine
info). The generic reader accepts any JSON, so no export is refused. Adding a shape = one module here
and one line in READERS.
"""

from __future__ import annotations

from typing import Any

from incident_brief.readers import (firehydrant, generic, incident_io, jira, opsgenie, pagerduty, rootly, slack,
                                    statuspage, timeline)
from incident_brief.source import SourceDocument

READERS = (pagerduty, opsgenie, jira, slack, statuspage, incident_io, firehydrant, rootly, timeline, generic)


def read_json(data: Any, name: str) -> SourceDocument:
    reader = next(r for r in READERS if r.recognise(data))
    return reader.read(data).build(reader.NAME, name)


def reader_names() -> list[str]:
    return [r.NAME for r in READERS]
