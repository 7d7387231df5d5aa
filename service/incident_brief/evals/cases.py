"""One eval case: a source document and the facts a faithful report of it must (and must not) show."""

from __future__ import annotations

from dataclasses import dataclass, field

from incident_brief.ingest import SourceDocument


@dataclass
class Case:
    id: str
    dataset: str
    source: SourceDocument
    expected: dict = field(default_factory=dict)  # gold facts; a key present with None means "the notes do not say"
    must_not_contain: list[str] = field(default_factory=list)
    expected_flags: list[str] = field(default_factory=list)
    # values that must not be shown as final: {"field": ..., "value": ...} (superseded values, unaffected services,
    # numbers that are not impact figures); see scorers.superseded
    not_facts: list[dict] = field(default_factory=list)
