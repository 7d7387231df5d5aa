"""Reading what a caller sent: the create body (JSON, plain text or Markdown) and a section's new value."""

from __future__ import annotations

import json

from fastapi import Request
from pydantic import ValidationError

from incident_brief.errors import InputError, UnsupportedInputError
from incident_brief.ingest import SourceDocument, from_text, from_timeline
from incident_brief.server import reviews
from incident_brief.server.models import CreateReport

CREATE_DOC = {"requestBody": {"required": True, "content": {
    "application/json": {"schema": CreateReport.model_json_schema(), "examples": {
        "notes": {"value": {"notes": "2024-01-15 14:02 UTC SEV1 payment-api errors\n16:32 UTC resolved",
                            "contact": "incident-response@example.com"}},
        "timeline": {"value": {"timeline": {"title": "Cache outage", "severity": "P2",
                                            "timeline": [{"time": "2025-09-02T16:40:00Z", "text": "Latency rising"}]}}}}},
    "text/plain": {"schema": {"type": "string"}, "example": "14:02 UTC payment-api 5xx spike, SEV2"},
    "text/markdown": {"schema": {"type": "string"}}}}}


async def create_body(request: Request) -> tuple[CreateReport, SourceDocument]:
    ctype = request.headers.get("content-type", "").split(";")[0].strip().lower()
    raw = await request.body()
    if ctype in ("text/plain", "text/markdown"):
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            raise InputError("notes: the body is not valid UTF-8 text") from None
        return CreateReport(notes=text), from_text(text, "notes", as_json=False)
    if ctype != "application/json":
        raise UnsupportedInputError(f"unsupported content type {ctype or '(none)'!r}: "
                                    "send application/json, text/plain or text/markdown")
    return _json_body(raw)


def _json_body(raw: bytes) -> tuple[CreateReport, SourceDocument]:
    try:
        data = json.loads(raw)
    except (ValueError, RecursionError):
        raise InputError("body: malformed JSON") from None
    try:
        body = CreateReport.model_validate(data)
    except ValidationError as exc:
        raise InputError("; ".join(f"{'.'.join(map(str, e['loc'])) or 'body'}: {e['msg']}" for e in exc.errors())) from None
    if (body.notes is None) == (body.timeline is None):
        raise InputError("body: give exactly one of 'notes' or 'timeline'")
    if body.notes is not None:
        if not body.notes.strip():
            raise InputError("notes: the notes are empty")
        return body, from_text(body.notes, "notes", as_json=False)
    return body, from_timeline(body.timeline, "timeline")


NOTES_DOC = {"requestBody": {"required": True, "content": {
    "application/json": {"schema": CreateReport.model_json_schema(), "examples": {
        "notes": {"value": {"notes": "15:05 UTC error rate back to baseline, resolved\n4,600 users affected in total"}}}},
    "text/plain": {"schema": {"type": "string"}, "example": "15:05 UTC resolved; 4,600 users affected"},
    "text/markdown": {"schema": {"type": "string"}}}}}


async def notes_body(request: Request) -> SourceDocument:
    """The new notes of a living update: the shapes, checks and limits of the create body, without its
    incident_id and contact (the report has them; a reviewer edits the contact section)."""
    body, source = await create_body(request)
    if body.incident_id is not None or body.contact is not None:
        raise InputError("body: an update takes 'notes' or 'timeline' only; the report keeps its incident_id and contact")
    return source


def section_value(section: str, value: str | list[str]) -> str | list[str] | None:
    """A section's new value, whitespace-normalised: a list for list sections, a string (or None) for the others."""
    _, kind = reviews.SECTIONS[section]
    if kind is list:
        items = [value] if isinstance(value, str) else value
        return [" ".join(i.split()) for i in items if i.strip()]
    if isinstance(value, list):
        raise InputError(f"text: section {section!r} takes a string, not a list")
    return " ".join(value.split()) or None


def if_match(header: str | None) -> frozenset[int] | None:
    """The revisions an If-Match header names (`"r7"`, `W/"r7"`, a list); None without one or with `*`.

    Tags that name no revision match nothing, so a malformed If-Match is refused (412) rather than ignored."""
    if header is None or header.strip() == "*":
        return None
    found = set()
    for tag in header.split(","):
        tag = tag.strip().removeprefix("W/").strip('"')
        if tag[:1] == "r" and tag[1:].isdigit() and len(tag) <= 11:
            found.add(int(tag[1:]))
    return frozenset(found)


def wants_async(prefer: str | None) -> bool:
    """RFC 7240: does the Prefer header ask for `respond-async`?"""
    return any(p.split(";")[0].strip().lower() == "respond-async" for p in (prefer or "").split(","))
