"""Draft the executive summary from grounded facts only; validate; re-ask; fall back per section."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import lru_cache

from incident_brief.llm import prompts
from incident_brief.llm.gateway import Gateway, ModelError
from incident_brief.llm.schema import Draft
from incident_brief.offline.plain import default_glossary
from incident_brief.llm.validate import BUDGETS, prose_errors

SECTIONS = ("what_happened", "impact_summary", "root_cause", "actions_taken", "next_steps_immediate", "next_steps_preventive")


@dataclass
class DraftResult:
    sections: dict[str, object] = field(default_factory=dict)  # accepted sections only
    accepted_round: dict[str, int] = field(default_factory=dict)  # 0: first answer; >0: after a repair
    failed: dict[str, list[str]] = field(default_factory=dict)  # section -> its last errors
    rounds: int = 0
    error: str | None = None  # a call failure that ended drafting


@lru_cache(maxsize=8)
def field_guide(model) -> str:
    """One line per field: its shape and its description (the schema's own prompt text)."""
    lines = []
    for name, f in model.model_fields.items():
        inner = getattr(f.annotation, "model_fields", None)
        if inner is None and getattr(f.annotation, "__args__", None):  # list[Item]
            inner = getattr(f.annotation.__args__[0], "model_fields", None)
            shape = "[{" + ", ".join(inner) + "}, ...]" if inner else "[...]"
        else:
            shape = "{" + ", ".join(inner) + "}" if inner else ""
        lines.append(f"- {name}{' ' + shape if shape else ''}: {f.description}")
    return "\n".join(lines)


def _plain_terms(facts_text: str, services: list[str]) -> list[tuple[str, str]]:
    g = default_glossary()
    found = dict.fromkeys(t.lower() for t in g.jargon_in(facts_text, keep=services))
    return [(t, g.terms[t]) for t in found]


def check(draft: Draft, facts: dict, facts_text: str, services: list[str]) -> dict[str, list[str]]:
    """Errors per section; a section missing where the facts have content is an error too."""
    errors: dict[str, list[str]] = {}
    for name in SECTIONS:
        value = getattr(draft, name)
        errs: list[str] = []
        if isinstance(value, list):
            if len(value) > min(BUDGETS["items"], len(facts.get(name) or [])):
                errs.append(f"{name} has {len(value)} items; the facts give {len(facts.get(name) or [])}")
            if facts.get(name) and not value:
                errs.append(f"{name} is empty but the facts list items for it")
            for i, item in enumerate(value):
                errs += prose_errors(f"{name}[{i}]", item, facts_text, services)
        else:
            if name in ("what_happened", "impact_summary") and not value.strip():
                errs.append(f"{name} is empty")
            if name == "root_cause" and bool(value.strip()) != bool(facts.get("root_cause")):
                errs.append("root_cause must be empty when the facts give none, and present when they do")
            errs += prose_errors(name, value, facts_text, services)
        if errs:
            errors[name] = errs
    return errors


def draft(gateway: Gateway, facts: dict, services: list[str], rounds: int) -> DraftResult:
    facts_text = json.dumps(facts, ensure_ascii=False, indent=1, default=str)
    messages = [
        {"role": "system", "content": prompts.render("draft", "system", plain_terms=_plain_terms(facts_text, services),
                                                     budgets=BUDGETS, field_guide=field_guide(Draft))},
        {"role": "user", "content": prompts.render("draft", "user", facts=facts_text)},
    ]
    result = DraftResult()
    for attempt in range(rounds + 1):
        result.rounds = attempt
        try:
            answer = gateway.structured("draft", messages, Draft)
        except ModelError as err:
            if err.kind != "invalid" or attempt == rounds:
                result.error = f"{err.kind}: {err}"
                break
            messages += [{"role": "assistant", "content": (err.raw or "")[:4000]},
                         {"role": "user", "content": prompts.render("draft", "repair", errors=err.errors)}]
            continue
        errors = check(answer, facts, facts_text, services)
        for name in SECTIONS:
            if name not in errors and name not in result.sections:
                result.sections[name] = getattr(answer, name)
                result.accepted_round[name] = attempt
        result.failed = {k: v for k, v in errors.items() if k not in result.sections}
        if not result.failed or attempt == rounds:
            break
        messages += [{"role": "assistant", "content": answer.model_dump_json()},
                     {"role": "user", "content": prompts.render(
                         "draft", "repair", errors=[e for errs in result.failed.values() for e in errs][:20])}]
    if result.error:
        result.failed = {k: [result.error] for k in SECTIONS if k not in result.sections}
    return result
