"""The model drafts a report's customer or engineering prose from the report's grounded facts, checked like the
executive draft (every number, name and month traced to the facts; budgets; no secret; no doubled word) and, for
customers, checked for leaks (audiences/leaks.py). Repaired up to `repair_rounds`; a draft that still fails is
not used: the offline composition renders the audience (audiences/render.py)."""

from __future__ import annotations

import json

from pydantic import BaseModel, ConfigDict, Field

from incident_brief.audiences import customer, engineering, technical
from incident_brief.audiences.leaks import leaks
from incident_brief.audiences.render import numbers_allowed
from incident_brief.credentials import looks_secret
from incident_brief.llm import prompts
from incident_brief.llm.gateway import Gateway
from incident_brief.llm.schema import field_guide
from incident_brief.llm.validate import identifiers, unsupported_numbers
from incident_brief.llm.same_fact import restated
from incident_brief.offline.plain import doubled_words
from incident_brief.redact import Redaction, redact
from incident_brief.schema import Report
from incident_brief.settings import Settings

BUDGETS = {"customer": {"experienced": 400, "doing": 400},
           "engineering": {"summary": 1200, "root_cause": 600, "item": 300, "items": 8}}


class CustomerDraft(BaseModel):
    model_config = ConfigDict(extra="forbid")
    experienced: str = Field(description="One or two sentences: what customers experienced, in the areas given.")
    doing: str = Field(description="One or two sentences: what we did and are doing about it, by the status given.")


class EngineeringDraft(BaseModel):
    model_config = ConfigDict(extra="forbid")
    summary: str = Field(description="What happened, technically, with the facts' own terms.")
    root_cause: str = Field(description="The root cause in one or two sentences; empty if the facts give none.")
    contributing_factors: list[str] = Field(description="Contributing factors the facts give, one sentence each.")


_MODELS: dict[str, type[BaseModel]] = {"customer": CustomerDraft, "engineering": EngineeringDraft}


def facts_for(report: Report, audience: str) -> dict:
    """What the model drafts from: the composition's facts (customer: customer words only)."""
    if audience == "customer":
        c = customer.compose(report)
        return {"status": c.status, "current_status": c.current_status, "headline": c.headline,
                "experienced": c.experienced, "when": c.when, "cause_known": bool(report.root_cause),
                "steps_planned": bool(report.next_steps.immediate or report.next_steps.preventive)}
    e = engineering.compose(report)
    stated = technical.quotes(report, "root_cause")  # drafted right after the run: the quotes the cause rests on
    if stated:
        root, factors = engineering.split_cause(stated)
        e.root_cause, e.contributing_factors = root, factors
    happened = technical.quotes(report, "what_happened")
    return {"title": e.title, "status": e.status, "severity": e.severity, "services": e.services,
            "timeline": [t.model_dump() for t in e.timeline], "what_happened": " ".join(happened) or e.summary,
            "root_cause": "" if e.root_cause == engineering.NOT_STATED else e.root_cause,
            "contributing_factors": e.contributing_factors, "actions_taken": e.actions_taken}


def errors(audience: str, draft: BaseModel, facts: dict, facts_text: str, report: Report) -> list[str]:
    out: list[str] = []
    budgets = BUDGETS[audience]
    values = draft.model_dump()
    if audience == "engineering":
        if bool(values["root_cause"].strip()) != bool(facts["root_cause"]):
            out.append("root_cause must be empty when the facts give none, and present when they do")
        if len(values["contributing_factors"]) > min(budgets["items"], len(facts["contributing_factors"])):
            out.append(f"contributing_factors has {len(values['contributing_factors'])} items; "
                       f"the facts give {len(facts['contributing_factors'])}")
    for name, value in values.items():
        for i, text in enumerate(value if isinstance(value, list) else [value]):
            where = f"{name}[{i}]" if isinstance(value, list) else name
            out += prose_errors(where, text, budgets.get(name, budgets.get("item", 400)), facts_text)
            if audience == "customer":
                out += [f"{where} {why}" for why in leaks(text, report, numbers_allowed(customer.compose(report)))]
    if audience == "customer" and not all(v.strip() for v in values.values()):
        out.append("experienced and doing must both be written")
    return out


def prose_errors(where: str, text: str, limit: int, facts_text: str) -> list[str]:
    """The executive draft's rules that hold for every audience (the technical terms are kept: no jargon rule)."""
    out = [f"{where} is {len(text)} characters; the limit is {limit}"] if len(text) > limit else []
    if looks_secret(text):
        out.append(f"{where} contains what looks like a key or credential")
    out += [f"{where} repeats a word: {pair!r}" for pair in doubled_words(text)]
    plain = restated(text, facts_text)
    out += [f"{where} states the number {n}, which the facts do not contain" for n in unsupported_numbers(plain, facts_text)]
    known = facts_text.lower()
    out += [f"{where} names {n!r}, which the facts do not contain" for n in dict.fromkeys(identifiers(plain))
            if n.lower() not in known and not n.replace(".", "").replace(",", "").isdigit()]
    return out


def draft(report: Report, audience: str, settings: Settings, gateway: Gateway | None = None) -> Report:
    """The report with the model's draft for this audience kept in engine.audiences (when it passed), else as it was."""
    model = _MODELS[audience]
    facts = facts_for(report, audience)
    red = redact(json.dumps(facts, ensure_ascii=False, indent=1)) if settings.redact else None
    facts_text = red.text if red else json.dumps(facts, ensure_ascii=False, indent=1)
    stage = f"draft_{audience}"
    messages = [{"role": "system", "content": prompts.render(stage, "system", budgets=BUDGETS[audience],
                                                             field_guide=field_guide(model))},
                {"role": "user", "content": prompts.render(stage, "user", facts=facts_text)}]
    gateway = gateway or Gateway(settings)
    drafted, why = None, "no answer"
    for attempt in range(settings.repair_rounds + 1):
        req = gateway.request(stage, list(messages), model)
        result = gateway.read(req, gateway.send(req))
        if result.error is not None and result.error.kind != "invalid":
            why = f"{result.error.kind}: {result.error}"
            break
        value = None if result.error is not None else _restored(result.value, red, settings)
        problems = list(result.error.errors) if result.error is not None else \
            errors(audience, value, facts, facts_text if red is None else red.reveal(facts_text), report)
        if not problems:
            drafted = value
            break
        why = problems[0]
        answer = (result.error.raw or "")[:4000] if result.error is not None else result.value.model_dump_json()
        messages += [{"role": "assistant", "content": answer},
                     {"role": "user", "content": prompts.render(stage, "repair", errors=problems[:20])}]
    _record(report, audience, stage, drafted, why)
    return report


def _restored(value: BaseModel, red: Redaction | None, settings: Settings) -> BaseModel:
    if red is None:
        return value
    data = {k: [red.restore(x, settings.restorable()) for x in v] if isinstance(v, list)
            else red.restore(v, settings.restorable()) for k, v in value.model_dump().items()}
    return type(value).model_validate(data)


def _record(report: Report, audience: str, stage: str, drafted: BaseModel | None, why: str) -> None:
    kept = dict(report.engine.audiences or {})
    kept[audience] = drafted.model_dump() if drafted is not None else {"fallback": f"offline ({why[:200]})"}
    report.engine.audiences = kept
    report.engine.prompt_versions = {**(report.engine.prompt_versions or {}), stage: prompts.STAGES[stage][0]}
