"""Readers: one small adapter per input shape, each turning its input into the one source document.

A JSON input is offered to each JSON reader in turn (most specific first); the first that recognises its
shape writes the document, and its name becomes the document's `kind` (shown in the report's engine
info as `engine.reader`). The generic reader accepts any JSON, so no export is refused. Text is offered
to the text readers the same way: call transcripts (WebVTT, SubRip), CSV/TSV timeline exports, chat logs, email threads, label runs, terse handoffs, and last the
plain reader, which keeps Markdown and ordinary notes exactly as given. Text shapes are recognised from a
sample (the first 64 KiB, blank-line runs as one), so recognition costs the same on notes of any length. Adding a shape = one module here
and one line in READERS or TEXT_READERS.
"""

from __future__ import annotations

from typing import Any

from incident_brief.readers import (chat, delimited, firehydrant, generic, incident_io, jira, labelrun, mail, opsgenie, pagerduty,
                                    plain, rootly, servicenow, slack, statuspage, terse, timeline,
                                    transcript)
from incident_brief.readers.textshape import shape_sample
from incident_brief.source import SourceDocument

READERS = (pagerduty, opsgenie, jira, servicenow, slack, statuspage, incident_io, firehydrant, rootly, timeline, generic)
TEXT_READERS = (transcript, delimited, mail, chat, labelrun, terse, plain)


def read_json(data: Any, name: str) -> SourceDocument:
    reader = next(r for r in READERS if r.recognise(data))
    return reader.read(data).build(reader.NAME, name)


def read_text(text: str, name: str) -> SourceDocument:
    """Text through the first text reader that recognises its shape (the plain reader takes any)."""
    sample = shape_sample(text)
    reader = next(r for r in TEXT_READERS if r.recognise(sample))
    document = reader.read(text)
    if not document.strip() or document == _as_lines(text):  # nothing rewritten: the notes as given, line ends and all
        document = text
    return SourceDocument(text=document, kind=reader.NAME, name=name)


def _as_lines(text: str) -> str:
    """The text as the readers lay out lines they keep (split into lines, joined by "\n")."""
    return "\n".join(text.splitlines()) + ("\n" if text.endswith("\n") else "")


def reader_names() -> list[str]:
    return [r.NAME for r in READERS]


def text_reader_names() -> list[str]:
    return [r.NAME for r in TEXT_READERS]
