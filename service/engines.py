"""Engine choice: which engine writes a report for these notes."""

from __future__ import annotations

from datetime import datetime

from . import offline
from .errors import ConfigurationError
from .ingest import SourceDocument
from .schema import Report

ENGINES = ("auto", "offline", "llm")


def summarize(source: SourceDocument, *, engine: str = "auto", incident_id: str | None = None,
              contact: str | None = None, generated_at: datetime | None = None) -> Report:
    if engine not in ENGINES:
        raise ConfigurationError(f"unknown engine {engine!r}; choose one of {', '.join(ENGINES)}")
    if engine == "llm":
        # The LLM engine lands with issue "LLM pipeline"; until then say so plainly.
        raise ConfigurationError("the LLM engine is not available in this version; use --engine offline")
    return offline.summarize(source, incident_id=incident_id, contact=contact, generated_at=generated_at)
