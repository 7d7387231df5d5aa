"""Guard perturbations: break correct drafts on purpose; the content rules must catch every break."""

from __future__ import annotations

import random
from dataclasses import dataclass

from incident_brief.llm.assemble import draft_facts
from incident_brief.llm.draft import check
from incident_brief.llm.same_fact import months_in
from incident_brief.schema import DRAFTED as SECTIONS
from incident_brief.llm.ground import Grounded
from incident_brief.llm.schema import Draft
from incident_brief.llm.validate import in_a_service_name
from incident_brief.offline.plain import default_glossary
from incident_brief.schema import Report


@dataclass
class Outcome:
    kind: str
    section: str
    caught: bool


def draft_of(report: Report) -> Draft:
    """A correct draft: the report's own executive prose."""
    return Draft(what_happened=report.what_happened or "", impact_summary=report.impact.summary or "",
                 root_cause=report.root_cause or "", actions_taken=list(report.actions_taken),
                 next_steps_immediate=list(report.next_steps.immediate),
                 next_steps_preventive=list(report.next_steps.preventive))


def _edit(draft: Draft, section: str, fn) -> Draft | None:
    value = getattr(draft, section)
    if isinstance(value, list):
        if not value:
            return None
        value = [fn(value[0])] + value[1:]
    elif not value:
        return None
    else:
        value = fn(value)
    return draft.model_copy(update={section: value})


def _sentence_end(text: str) -> str:
    """text ending a sentence, so an appended sentence is read as a sentence of its own (and in its own language)."""
    text = text.rstrip()
    return text if text.endswith((".", "!", "?")) else text + "."


def perturbations(draft: Draft, rng: random.Random, services: list[str] = ()):
    glossary = default_glossary()  # terms that are jargon beside this report's services (a name that holds one is kept)
    jargon = [t for t in sorted(glossary.terms) if glossary.jargon_in(f"It involved a {t}.", keep=services)
              and not in_a_service_name(t, services)]  # as the validator reads jargon
    for section in SECTIONS:
        yield "invented_number", section, _edit(draft, section, lambda t: t + " About 73,918 users were affected.")
        yield "jargon", section, _edit(draft, section, lambda t: _sentence_end(t) + f" It involved a {rng.choice(jargon)}.")
        yield "doubled_word", section, _edit(draft, section, lambda t: t.replace(" ", " the the ", 1) if " " in t else t + " the the")
        yield "unknown_service", section, _edit(draft, section, lambda t: t + " The ghost-gateway.example.net host failed.")
        yield "leaked_secret", section, _edit(draft, section, lambda t: t + " Key AKIAIOSFODNN7EXAMPLE was used.")
        yield "invented_month", section, _edit(draft, section, lambda t: t + " It began in November.")
        yield "over_budget", section, _edit(draft, section, lambda t: (t + " ") * (2 + 800 // max(1, len(t))))
        empty = [] if isinstance(getattr(draft, section), list) else ""
        if section != "root_cause" or draft.root_cause:
            yield "missing_section", section, draft.model_copy(update={section: empty}) if getattr(draft, section) else None


def run(reports: list[Report], seed: int = 7) -> tuple[list[Outcome], int]:
    """Outcomes for every perturbation of every report whose unbroken draft passes; and how many were skipped."""
    rng, outcomes, skipped = random.Random(seed), [], 0
    for report in reports:
        facts = draft_facts(report, Grounded()).model_dump()
        facts_text = _json(facts)
        draft = draft_of(report)
        if check(draft, facts, facts_text, report.affected_services):
            skipped += 1  # the unbroken draft already breaks a rule (e.g. a long quoted item): no clean baseline
            continue
        for kind, section, broken in perturbations(draft, rng, report.affected_services):
            if broken is None or kind == "invented_month" and 11 in months_in(facts_text):  # "Nov 3", "2024-11-03"
                continue
            errors = check(broken, facts, facts_text, report.affected_services)
            outcomes.append(Outcome(kind, section, section in errors))
    return outcomes, skipped


def _json(facts: dict) -> str:
    import json

    return json.dumps(facts, ensure_ascii=False, indent=1, default=str)


def catch_rate(outcomes: list[Outcome]) -> dict[str, tuple[int, int]]:
    out: dict[str, tuple[int, int]] = {}
    for o in outcomes:
        caught, total = out.get(o.kind, (0, 0))
        out[o.kind] = (caught + o.caught, total + 1)
    return out
