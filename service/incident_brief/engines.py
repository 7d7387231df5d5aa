"""Engine choice: which engine writes a report for these notes."""

from __future__ import annotations

from datetime import datetime

from incident_brief.offline import engine as offline
from incident_brief.errors import ConfigurationError
from incident_brief.ingest import SourceDocument
from incident_brief.schema import Report
from incident_brief.settings import Settings, get_settings

ENGINES = ("auto", "offline", "llm")


def choose(engine: str, settings: Settings) -> str:
    """auto: the model when an endpoint is configured, else offline."""
    if engine not in ENGINES:
        raise ConfigurationError(f"unknown engine {engine!r}; choose one of {', '.join(ENGINES)}")
    if engine == "llm" and not settings.llm_configured:
        raise ConfigurationError("the LLM engine needs a model endpoint: set OPENAI_BASE_URL "
                                 "(and OPENAI_API_KEY if the server wants one), or use --engine offline")
    if engine == "auto":
        return "llm" if settings.llm_configured else "offline"
    return engine


def summarize(source: SourceDocument, *, engine: str = "auto", incident_id: str | None = None,
              contact: str | None = None, generated_at: datetime | None = None,
              settings: Settings | None = None) -> Report:
    settings = settings or get_settings()
    if choose(engine, settings) == "llm":
        from incident_brief.llm import engine as llm_engine  # the openai SDK loads only when a model is used

        return llm_engine.summarize(source, settings, incident_id=incident_id, contact=contact, generated_at=generated_at)
    return offline.summarize(source, incident_id=incident_id, contact=contact, generated_at=generated_at)
