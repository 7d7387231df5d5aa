"""Engine choice: which engine writes a report for these notes."""

from __future__ import annotations

from datetime import datetime

from . import offline
from .errors import ConfigurationError
from .ingest import SourceDocument
from .schema import Report
from .settings import Settings, get_settings

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
        from . import llm_engine  # the openai SDK loads only when a model is used

        return llm_engine.summarize(source, settings, incident_id=incident_id, contact=contact, generated_at=generated_at)
    return offline.summarize(source, incident_id=incident_id, contact=contact, generated_at=generated_at)
