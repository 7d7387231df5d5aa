"""Draft the executive summary from grounded facts only; validate; re-ask; fall back per section.

`Drafting` is the stage as a state: one request at a time (the draft, then each repair round),
each answer checked against the content rules; done when every section passed or no round is left.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from incident_brief.llm import prompts
from incident_brief.llm.gateway import Gateway, ModelRequest, Result
from incident_brief.llm.schema import Draft, field_guide
from incident_brief.offline.plain import default_glossary
from incident_brief.llm.validate import BUDGETS, in_a_service_name, prose_errors
from incident_brief.schema import DRAFTED


@dataclass
class DraftResult:
    sections: dict[str, object] = field(default_factory=dict)  # accepted sections only
    accepted_round: dict[str, int] = field(default_factory=dict)  # 0: first answer; >0: after a repair
    failed: dict[str, list[str]] = field(default_factory=dict)  # section -> its last errors
    rounds: int = 0
    error: str | None = None  # a call failure that ended drafting


def _plain_terms(facts: dict, services: list[str]) -> list[tuple[str, str]]:
    """The glossary's terms the facts use, then the other forms of those terms ("rollback" brings "rolled back",
    "timeout" brings "timed out"): a draft retelling the facts reaches for those forms. Read in the values one per
    line, not in their JSON, where every value sits in quotes that protect quoted text from rewriting."""
    g = default_glossary()
    text = "\n".join(_strings(facts))
    found = {t: p for t, p in g.phrases_in(text, services).items() if not in_a_service_name(t, services)}
    heads = {_head(t) for t in found}
    family = [t for t in sorted(g.terms) if t not in found and _head(t) in heads and len(t.split()) <= 3]
    return [*found.items(), *[(t, g.terms[t]) for t in family[:_FAMILY]]]


_FAMILY = 16  # other forms listed at most (the prompt's length stays bounded)


def _strings(node) -> list[str]:
    if isinstance(node, dict):
        return [s for v in node.values() for s in _strings(v)]
    if isinstance(node, list):
        return [s for v in node for s in _strings(v)]
    return [node] if isinstance(node, str) else []


def _head(term: str) -> str:
    """A term's family: the first four letters of its first word ("roll", "time", "inst")."""
    return term.split()[0].replace("-", "")[:4]


def check(draft: Draft, facts: dict, facts_text: str, services: list[str],
          sections: tuple[str, ...] = DRAFTED) -> dict[str, list[str]]:
    """Errors per section; a section missing where the facts have content is an error too."""
    errors: dict[str, list[str]] = {}
    for name in sections:
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


class Drafting:
    """The drafting stage for `sections` (all of them, or the one a reviewer regenerates)."""

    def __init__(self, gateway: Gateway, facts: dict, services: list[str], rounds: int,
                 sections: tuple[str, ...] = DRAFTED, language: str = "English"):
        self.gateway, self.facts, self.services, self.rounds, self.sections = gateway, facts, services, rounds, sections
        self.facts_text = json.dumps(facts, ensure_ascii=False, indent=1, default=str)
        self.messages = [
            {"role": "system", "content": prompts.render("draft", "system", budgets=BUDGETS, field_guide=field_guide(Draft),
                                                         plain_terms=_plain_terms(facts, services),
                                                         language=language)},
            {"role": "user", "content": prompts.render("draft", "user", facts=self.facts_text)},
        ]
        self.result = DraftResult()
        self.done = False
        self._next: ModelRequest[Draft] | None = gateway.request("draft", list(self.messages), Draft)

    def pending(self) -> list[ModelRequest]:
        return [] if self.done or self._next is None else [self._next]

    def take(self, req: ModelRequest, result: Result[Draft]) -> None:
        attempt = self.result.rounds
        if result.error is not None:
            if result.error.kind != "invalid" or attempt == self.rounds:
                self._finish(f"{result.error.kind}: {result.error}")
                return
            self._repair((result.error.raw or "")[:4000], result.error.errors)
            return
        errors = check(result.value, self.facts, self.facts_text, self.services, self.sections)
        for name in self.sections:
            if name not in errors and name not in self.result.sections:
                self.result.sections[name] = getattr(result.value, name)
                self.result.accepted_round[name] = attempt
        self.result.failed = {k: v for k, v in errors.items() if k not in self.result.sections}
        if not self.result.failed or attempt == self.rounds:
            self._finish(None)
            return
        self._repair(result.value.model_dump_json(), [e for errs in self.result.failed.values() for e in errs][:20])

    def _repair(self, answer: str, errors: list[str]) -> None:
        self.messages += [{"role": "assistant", "content": answer},
                          {"role": "user", "content": prompts.render("draft", "repair", errors=errors)}]
        self.result.rounds += 1
        self._next = self.gateway.request("draft", list(self.messages), Draft)

    def _finish(self, error: str | None) -> None:
        self.done, self._next, self.result.error = True, None, error
        if error:
            self.result.failed = {k: [error] for k in self.sections if k not in self.result.sections}
