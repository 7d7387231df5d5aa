"""Ask the model for the facts, one call per chunk of notes that fits the context budget, then merge.

`Extraction` is the stage as a state: its requests (all chunks at once), the answers taken one by one,
then the merged facts, or the error that ends the LLM part of the report.
"""

from __future__ import annotations

import hashlib
import re

from incident_brief.llm import prompts, tokens
from incident_brief.llm.gateway import Gateway, ModelError, ModelRequest, Result
from incident_brief.llm.schema import EXTRACTION, ExtractedFacts, field_guide
from incident_brief.llm.salvage import salvage
from incident_brief.settings import Settings

_LIST_FIELDS = ("affected_services", "actions_taken", "next_steps_immediate", "next_steps_preventive",
                "other_impact_figures")
_MARGIN = 64


def marker(text: str) -> str:
    """A delimiter the notes cannot forge: it is derived from the notes' own hash (and stays stable for replay)."""
    return "NOTES-" + hashlib.sha256(text.encode()).hexdigest()[:16]


def model() -> type[ExtractedFacts]:
    """What the extraction prompt in use asks for."""
    return EXTRACTION[prompts.versions()["extract"]]


def _messages(chunk: str, part: int, parts: int, mark: str) -> list[dict]:
    return [
        {"role": "system", "content": prompts.render("extract", "system", marker=mark, field_guide=field_guide(model()))},
        {"role": "user", "content": prompts.render("extract", "user", notes=chunk, part=part, parts=parts, marker=mark)},
    ]


def budget(settings: Settings, encoding: str, mark: str) -> int:
    """Tokens left for notes in one extraction call."""
    overhead = tokens.count_messages(_messages("", 1, 2, mark), encoding)
    return settings.context_tokens - settings.max_output_tokens - overhead - _MARGIN


def split(text: str, limit: int, encoding: str) -> list[str]:
    """Chunks of at most `limit` tokens, cut at section, paragraph, then line boundaries."""
    if tokens.count(text, encoding) <= limit:
        return [text]
    for boundary in (r"\n(?=#{1,6} |\S[^\n]{0,60}:\n)", r"\n[ \t]*\n", r"\n"):
        pieces = [p for p in re.split(f"({boundary})", text) if p]
        if len(pieces) > 1:
            break
    else:
        enc = tokens.encoding(encoding)
        ids = enc.encode(text, disallowed_special=())
        return [enc.decode(ids[i:i + limit]) for i in range(0, len(ids), limit)]
    chunks, current = [], ""
    for piece in pieces:
        if current and tokens.count(current + piece, encoding) > limit:
            chunks.append(current)
            current = ""
        current += piece
    chunks.append(current)
    return [c for chunk in chunks for c in (split(chunk, limit, encoding) if tokens.count(chunk, encoding) > limit else [chunk])]


class Extraction:
    """The extraction stage: one request per chunk; done when every chunk is answered or one failed."""

    def __init__(self, gateway: Gateway, text: str, settings: Settings):
        mark = marker(text)
        chunks = split(text, budget(settings, gateway.encoding, mark), gateway.encoding)
        self.requests = [gateway.request("extract", _messages(c, i + 1, len(chunks), mark), model())
                         for i, c in enumerate(chunks)]
        self.results: dict[int, ExtractedFacts] = {}
        self.salvaged = 0
        self.error: ModelError | None = None

    @property
    def chunks(self) -> int:
        return len(self.requests)

    @property
    def done(self) -> bool:
        return self.error is not None or len(self.results) == len(self.requests)

    def pending(self) -> list[ModelRequest]:
        return [] if self.done else [r for i, r in enumerate(self.requests) if i not in self.results]

    def take(self, req: ModelRequest, result: Result[ExtractedFacts]) -> None:
        index = next(i for i, r in enumerate(self.requests) if r is req)
        if result.error is None:
            self.results[index] = result.value
            return
        partial = salvage(result.error.raw, model()) if result.error.kind == "truncated" else None
        if partial is None:
            self.error = result.error
        else:
            self.results[index] = partial
            self.salvaged += 1

    def facts(self) -> ExtractedFacts:
        """The merged facts, once done without error."""
        return merge([self.results[i] for i in range(len(self.requests))])


def merge(parts: list[ExtractedFacts]) -> ExtractedFacts:
    """First stated value wins, except the earliest start and the latest end; lists are joined without repeats."""
    if len(parts) == 1:
        return parts[0]
    data = parts[0].model_dump()
    for part in parts[1:]:
        other = part.model_dump()
        for name, value in other.items():
            if name in _LIST_FIELDS:
                seen = {_key(v) for v in data[name]}
                data[name] += [v for v in value if _key(v) not in seen]
            elif name == "status":
                data[name] = value if value["value"] != "unknown" else data[name]  # later notes know the latest status
            elif name in ("started_at", "resolved_at", "closed_at") and value["value"] and data[name]["value"]:
                pick = min if name == "started_at" else max
                data[name] = pick(data[name], value, key=lambda v: v["value"])
            elif not _stated(data[name]) and _stated(value):
                data[name] = value
    return type(parts[0]).model_validate(data)


def _key(item: dict) -> str:
    text = item.get("name") or item.get("text") or f"{item.get('label', '')} {item.get('value', '')}"
    return " ".join(str(text).lower().split())


def _stated(fact: dict) -> bool:
    return any(v is not None for k, v in fact.items() if k != "quote")
