"""The LLM engine: extract → ground → draft → validate, with the offline engine underneath.

The offline report is computed first; every model value that survives
grounding replaces the offline one, every drafted section that passes the
content rules replaces the offline wording. Whatever the model gets wrong
falls back to the offline engine and is flagged; a failed model call gives
the offline report, flagged. The result is always a complete report.

A `Run` is one report as explicit stages: it says which model requests it
needs next (each with a stable key), takes the answers, and advances:
extract requests → answers → grounded facts → draft requests → answers
(→ repair requests → answers) → validated report. `summarize` sends them
one by one; the provider batch path sends every report's requests of a
round as one batch.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from incident_brief import __version__
from incident_brief.flags import final
from incident_brief.ingest import SourceDocument
from incident_brief.llm import prompts
from incident_brief.llm.assemble import apply_draft, apply_structured, draft_facts, redact_values, unredact
from incident_brief.llm.draft import Drafting
from incident_brief.llm.extract import Extraction
from incident_brief.llm.gateway import Answer, Gateway, ModelError, ModelRequest, Usage
from incident_brief.llm.ground import Grounded, ground
from incident_brief.offline import engine as offline
from incident_brief.redact import Redaction, redact
from incident_brief.sanitize import mask
from incident_brief.schema import DRAFTED, EngineInfo, GroundedFacts, Report, ReviewFlag
from incident_brief.settings import Settings
from incident_brief.translations import language_name


def _redaction(text: str, settings: Settings) -> tuple[str, Redaction]:
    """The notes quotes must come from (hidden instructions blanked, offsets kept), and what the model may see."""
    notes = mask(text)[0]
    return notes, redact(notes) if settings.redact else Redaction(notes)


class Run:
    """One report through the LLM engine, stage by stage; `pending()` is empty once the report is ready."""

    def __init__(self, source: SourceDocument, settings: Settings, gateway: Gateway, *, incident_id: str | None = None,
                 contact: str | None = None, generated_at: datetime | None = None):
        self.settings, self.gateway, self.source = settings, gateway, source
        self.given_id = incident_id  # the caller's id beats the model's reading of the notes
        self.report = offline.summarize(source, incident_id=incident_id, contact=contact, generated_at=generated_at)
        self.floor = final.before(self.report)  # the offline values its flags describe
        self.notes, self.red = _redaction(source.text, settings)
        if self.red.values:
            counts = ", ".join(f"{n} {k}" for k, n in sorted(self.red.counts().items()))
            self.report.review_flags.append(ReviewFlag(field="notes", reason=(
                f"sensitive values were replaced before the notes went to the model ({counts})")))
        self.usage = Usage()
        self.fallback_sections: list[str] = []
        self.repaired_sections: list[str] = []
        self.failed: ModelError | None = None
        self.chunks: int | None = None
        self.grounded = Grounded()
        self.facts: GroundedFacts | None = None
        self.stage: Extraction | Drafting | None = Extraction(gateway, self.red.text, settings)

    def pending(self) -> list[ModelRequest]:
        """The model requests this run needs next (none: the report is ready)."""
        return self.stage.pending() if self.stage is not None else []

    def answer(self, key: str, answer: Answer) -> None:
        """Take the answer to one pending request; the run advances when its stage is complete."""
        req = next((r for r in self.pending() if r.key == key), None)
        if req is None:
            return  # not asked, or no longer needed
        result = self.gateway.read(req, answer)
        self.usage.calls += result.calls
        self.stage.take(req, result)
        if self.stage.done:
            self._advance()

    def _advance(self) -> None:
        if isinstance(self.stage, Extraction):
            self.stage = self._after_extraction(self.stage)
        else:
            self._after_drafting(self.stage)
            self.stage = None

    def _after_extraction(self, ext: Extraction) -> Drafting | None:
        if ext.error is not None:
            self.failed = ext.error
            self.report.review_flags.append(ReviewFlag(field="engine", reason=(
                f"the model call failed ({ext.error.kind}: {ext.error}); this whole report is the offline engine's")))
            self.fallback_sections = list(DRAFTED)
            return None
        self.chunks = ext.chunks
        if ext.salvaged:
            self.report.review_flags.append(ReviewFlag(field="engine", reason=(
                f"the model's answer was cut off in {ext.salvaged} of {ext.chunks} parts; only its complete part was used")))
        facts = unredact(ext.facts(), self.red, self.settings.restorable())
        self.grounded = ground(facts, self.source.text)
        if self.given_id:
            self.grounded.values.pop("incident_id", None)
        apply_structured(self.report, self.grounded, self.source.text)
        self.facts = draft_facts(self.report, self.grounded, self.source.text)
        return Drafting(self.gateway, redact_values(self.facts.model_dump(), self.red), self.report.affected_services,
                        self.settings.repair_rounds, language=language_name(self.settings.language))

    def _after_drafting(self, drafting: Drafting) -> None:
        result = drafting.result
        result.sections = {k: redact_values(v, self.red, restore=self.settings.restorable())
                           for k, v in result.sections.items()}
        apply_draft(self.report, self.grounded, result, self.fallback_sections, self.repaired_sections)
        final.drop_changed(self.report, self.floor)

    def result(self) -> Report:
        """The finished report, with what the engine did and what it cost."""
        info = {"model": self.settings.model, "prompt_versions": prompts.versions(),
                "fallback_sections": self.fallback_sections, "repaired_sections": self.repaired_sections}
        if self.chunks is not None:
            info["chunks"] = self.chunks
        if self.facts is not None:
            info["facts"] = self.facts
        self.report.engine = EngineInfo(name="llm", version=__version__,
                                        fallback=f"offline ({self.failed.kind})" if self.failed else None,
                                        **info, **self.usage.summary())
        return self.report


def summarize(source: SourceDocument, settings: Settings, *, incident_id: str | None = None,
              contact: str | None = None, generated_at: datetime | None = None, gateway: Gateway | None = None) -> Report:
    """The direct path: each pending request sent as it comes."""
    gateway = gateway or Gateway(settings)
    run = Run(source, settings, gateway, incident_id=incident_id, contact=contact, generated_at=generated_at)
    while pending := run.pending():
        run.answer(pending[0].key, gateway.send(pending[0]))
    return run.result()


@dataclass
class Redraft:
    """One section drafted again: the new value if the model's draft passed, else why not."""

    value: object = None
    accepted: bool = False
    reason: str | None = None


def redraft(report: Report, source_text: str, section: str, settings: Settings,
            gateway: Gateway | None = None) -> Redraft:
    """Draft one section again from the report's stored grounded facts: exactly one model call, no repair round."""
    if report.engine.facts is None or section not in DRAFTED:
        raise ValueError(f"section {section!r} cannot be redrafted: no stored facts, or not a drafted section")
    gateway = gateway or Gateway(settings)
    _, red = _redaction(source_text, settings)
    drafting = Drafting(gateway, redact_values(report.engine.facts.model_dump(), red), report.affected_services,
                        rounds=0, sections=(section,), language=language_name(report.engine.language or settings.language))
    req = drafting.pending()[0]
    drafting.take(req, gateway.read(req, gateway.send(req)))
    if section not in drafting.result.sections:
        errors = drafting.result.failed.get(section, ["no draft"])
        return Redraft(reason=f"the model's draft was not used ({errors[0]}); the section is unchanged")
    value = redact_values(drafting.result.sections[section], red, restore=settings.restorable())
    return Redraft(value=value if isinstance(value, list) or value else None, accepted=True)

