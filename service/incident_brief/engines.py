"""Engine choice: which engine writes a report (or redrafts one section of it) for these notes."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING

from incident_brief.errors import ConfigurationError
from incident_brief.ingest import SourceDocument
from incident_brief import translations, withhold
from incident_brief.flags import final, names, questions
from incident_brief.offline import engine as offline
from incident_brief.schema import DRAFTED, SECTIONS, Report, ReviewFlag, Span, get_path
from incident_brief.settings import Settings, get_settings

if TYPE_CHECKING:  # the openai SDK loads only when a model is used
    from incident_brief.llm.gateway import Gateway

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


def describe_auto(settings: Settings) -> str:
    """What `--engine auto` does with these settings, in one line for help texts and start-up output."""
    if settings.llm_configured:
        return f"llm: the notes are sent to {settings.endpoint} (model {settings.model})"
    return "offline: nothing leaves this machine (set OPENAI_BASE_URL or OPENAI_API_KEY to use a model)"


def gateway_for(settings: Settings) -> Gateway | None:
    """One long-lived gateway for callers that make many reports (it remembers what the endpoint takes);
    None when no model is configured."""
    if not settings.llm_configured:
        return None
    from incident_brief.llm.gateway import Gateway

    return Gateway(settings)


def summarize(source: SourceDocument, *, engine: str = "auto", incident_id: str | None = None,
              contact: str | None = None, generated_at: datetime | None = None,
              settings: Settings | None = None, gateway: Gateway | None = None) -> Report:
    """A report for these notes. `contact` (the caller's) overrides the notes' own contact line; the
    INCIDENT_BRIEF_CONTACT setting only fills a gap (see `with_contact`)."""
    settings = settings or get_settings()
    if choose(engine, settings) == "llm":
        from incident_brief.llm import engine as llm_engine

        report = llm_engine.summarize(source, settings, incident_id=incident_id, contact=contact,
                                      generated_at=generated_at, gateway=gateway)
    else:
        report = offline.summarize(source, incident_id=incident_id, contact=contact, generated_at=generated_at)
    report.engine.reader = source.kind
    return finish(in_language(report, settings), settings, source.text)


def in_language(report: Report, settings: Settings) -> Report:
    """Record a non-English output language; the offline engine's English prose is flagged for translation."""
    tag = translations.checked(settings.language)
    if translations.primary(tag) == "en":
        return report
    report.engine.language = tag
    labels = "labels" if translations.translation(tag).language != "en" else "labels (no translation: English)"
    if report.engine.name != "llm" or report.engine.fallback or report.engine.fallback_sections:
        report.review_flags.append(ReviewFlag(field="language", reason=(
            f"The report is for {translations.language_name(tag)} readers ({labels}), but the offline engine writes "
            "English: translate its sections before sending.")))
    return report


def finish(report: Report, settings: Settings, notes: str | None = None) -> Report:
    """Report-wide post-processing, for every caller: the contact rule, then no secret in any field (withhold.py),
    then the review flags of the report as it will be shown (flags/final.py)."""
    report = final.reconcile(withhold.report_text(with_contact(report, settings), settings.restorable()), notes)
    return questions.asked(report)


def with_contact(report: Report, settings: Settings) -> Report:
    """The one contact rule: the caller's contact, else the notes' own, else the INCIDENT_BRIEF_CONTACT setting."""
    if report.contact is None and settings.contact:
        report.contact = settings.contact
    return report


def draft_audience(report: Report, audience: str, settings: Settings | None = None,
                   gateway: Gateway | None = None) -> Report:
    """A model-written report gets the audience's prose drafted by the model too (kept in engine.audiences when
    it passes the audience's checks); otherwise, and for the executive report, nothing to do: the offline
    composition (audiences/) renders it from the report's facts."""
    settings = settings or get_settings()
    if audience == "executive" or report.engine.name != "llm" or report.engine.facts is None \
            or not settings.llm_configured:
        return report
    from incident_brief.llm import audience as llm_audience

    return llm_audience.draft(report, audience, settings, gateway)


@dataclass
class SectionText:
    """A section written again: its value, its review flags and evidence, and which engine wrote it."""

    value: object
    engine: str
    flags: list[ReviewFlag] = field(default_factory=list)
    evidence: list[Span] | None = None
    unchanged_reason: str | None = None  # set when the engine kept the current text on purpose


def regenerate_section(report: Report, source: SourceDocument, section: str, *, settings: Settings,
                       gateway: Gateway | None = None) -> SectionText:
    """A section written again, with what policy withholds withheld (and flagged), as in a whole report."""
    fresh = _regenerate(report, source, section, settings=settings, gateway=gateway)
    fresh.value, fresh.evidence, fresh.flags = withhold.values(fresh.value, fresh.evidence, fresh.flags,
                                                               SECTIONS[section].path, settings.restorable())
    names.labelled(fresh.flags)
    return fresh


def withhold_edit(report: Report, path: str, settings: Settings | None = None) -> None:
    """A reviewer's edit: what policy withholds is withheld and a flag on the section says so (never silently)."""
    withhold.section(report, path, (settings or get_settings()).restorable(), "this edit")
    names.labelled(report.review_flags)


def _regenerate(report: Report, source: SourceDocument, section: str, *, settings: Settings,
                gateway: Gateway | None = None) -> SectionText:
    """A drafted section of a model-written report: one drafting call from its stored grounded facts.
    Otherwise the offline engine's text (or, for a model report stored without facts, a whole new run)."""
    path = SECTIONS[section].path
    facts = report.engine.facts
    if choose("auto", settings) == "llm":
        from incident_brief.llm import engine as llm_engine

        if facts is not None and section in DRAFTED:
            redraft = llm_engine.redraft(report, source.text, section, settings, gateway)
            if not redraft.accepted:
                return SectionText(get_path(report, path), "llm", unchanged_reason=redraft.reason)
            return SectionText(redraft.value, "llm")
        if facts is not None and section == "title":  # grounded already: the facts give it again
            return SectionText(facts.title or report.title, "llm")
        if facts is None:  # a report stored by an earlier release, or written offline: a whole run
            fresh = llm_engine.summarize(source, settings, incident_id=report.incident_id, contact=report.contact,
                                         generated_at=report.generated_at, gateway=gateway)
            return _from(fresh, path, "llm")
    fresh = offline.summarize(source, incident_id=report.incident_id, contact=report.contact,
                              generated_at=report.generated_at)
    return _from(fresh, path, "offline")


def _from(fresh: Report, path: str, engine: str) -> SectionText:
    return SectionText(get_path(fresh, path), engine, [f for f in fresh.review_flags if f.field == path],
                       fresh.evidence.get(path))
