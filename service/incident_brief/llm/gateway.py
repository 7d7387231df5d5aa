"""The one place that talks to a model: builds the OpenAI client, calls it, records what it cost.

Any OpenAI-compatible endpoint works (OpenAI, Azure, vLLM, Ollama, llama.cpp):
structured output is asked as `json_schema` (strict) and, where a server
rejects that, as `json_object` with the schema; the choice is remembered per
endpoint. Retries (connection errors, 408, 409, 429 honouring Retry-After,
5xx) are the SDK's, bounded by settings; there is no second retry layer.
Every failure surfaces as a ModelError with a kind the engine can flag.
"""

from __future__ import annotations

import json
import time
from functools import lru_cache
from dataclasses import dataclass, field
from typing import TypeVar

import openai
from pydantic import BaseModel, ValidationError

from incident_brief.llm import tokens
from incident_brief.errors import IncidentBriefError
from incident_brief.llm.schema import strict_schema
from incident_brief.llm.ratelimit import GATE
from incident_brief.settings import Settings

M = TypeVar("M", bound=BaseModel)
_FALLBACK_MODE: dict[str, str] = {}  # endpoint -> structured-output mode that worked


class ModelError(IncidentBriefError):
    """The model call failed; `kind` says how (timeout, rate_limited, server_error, connection,
    bad_request, malformed, truncated, refusal, content_filter, invalid)."""

    http_status = 502
    title = "Model call failed"

    def __init__(self, kind: str, message: str, errors: list[str] | None = None, raw: str | None = None):
        super().__init__(message)
        self.kind, self.errors, self.raw = kind, errors or [], raw


@dataclass
class Call:
    stage: str
    prompt_tokens: int = 0
    completion_tokens: int = 0
    latency_ms: float = 0.0
    outcome: str = "ok"
    estimated_prompt_tokens: int = 0  # our own count (tiktoken), for budgets; the server's usage is the truth


@dataclass
class Usage:
    calls: list[Call] = field(default_factory=list)

    def summary(self) -> dict:
        return {"calls": len(self.calls),
                "prompt_tokens": sum(c.prompt_tokens for c in self.calls),
                "completion_tokens": sum(c.completion_tokens for c in self.calls),
                "latency_ms": round(sum(c.latency_ms for c in self.calls), 1),
                "failed_calls": sum(c.outcome != "ok" for c in self.calls),
                "estimated_prompt_tokens": sum(c.estimated_prompt_tokens for c in self.calls)}


class Gateway:
    def __init__(self, settings: Settings):
        self.settings = settings
        self.endpoint = settings.openai_base_url or "https://api.openai.com/v1"
        key = settings.openai_api_key.get_secret_value() if settings.openai_api_key else "not-needed"
        self.client = _client(key, settings.openai_base_url, settings.llm_timeout, settings.llm_max_retries)
        self.usage = Usage()
        self.encoding = settings.tokenizer or tokens.encoding_name_for(settings.model)

    def _mode(self) -> str:
        if self.settings.structured_output != "auto":
            return self.settings.structured_output
        return _FALLBACK_MODE.get(self.endpoint, "json_schema")

    def structured(self, stage: str, messages: list[dict], model: type[M]) -> M:
        """One chat completion answered as `model`; raises ModelError (with validation errors for re-asking)."""
        probing = self.settings.structured_output == "auto" and self.endpoint not in _FALLBACK_MODE
        if not probing:
            return self._call(stage, messages, model, self._mode(), probing=False)
        try:  # the first call to an endpoint, without retries: does it take json_schema?
            result = self._call(stage, messages, model, "json_schema", probing=True)
        except ModelError as err:
            if err.kind not in ("bad_request", "server_error"):  # not about the format: the normal path decides
                try:
                    return self._call(stage, messages, model, "json_schema", probing=False)
                except ModelError as again:
                    if again.kind not in ("bad_request", "server_error"):
                        raise
            _FALLBACK_MODE[self.endpoint] = "json_object"  # this server lacks json_schema: remember it
            return self._call(stage, messages, model, "json_object", probing=False)
        _FALLBACK_MODE[self.endpoint] = "json_schema"
        return result

    def _response_format(self, model: type[BaseModel], mode: str) -> dict:
        schema = strict_schema(model)
        if mode == "json_schema":
            return {"type": "json_schema", "json_schema": {"name": model.__name__, "strict": True, "schema": schema}}
        return {"type": "json_object", "schema": schema}

    def _call(self, stage: str, messages: list[dict], model: type[M], mode: str, probing: bool) -> M:
        call = Call(stage=stage, estimated_prompt_tokens=tokens.count_messages(messages, self.encoding))
        self.usage.calls.append(call)
        body = {"model": self.settings.model, "messages": messages, "temperature": 0,
                "max_tokens": self.settings.max_output_tokens, "response_format": self._response_format(model, mode)}
        started = time.perf_counter()
        try:
            resp = self._send(body, probing)
        except openai.APIError as exc:
            call.outcome = _kind(exc)
            raise ModelError(call.outcome, f"{stage}: {_describe(exc)}") from None
        finally:
            call.latency_ms = (time.perf_counter() - started) * 1000
        if resp.usage:
            call.prompt_tokens, call.completion_tokens = resp.usage.prompt_tokens or 0, resp.usage.completion_tokens or 0
        return self._parse(call, resp, model)

    def _send(self, body: dict, probing: bool):
        """The HTTP round trip (the provider batch mode answers from a finished batch instead)."""
        client = self.client.with_options(max_retries=0) if probing else self.client
        return client.chat.completions.create(**body)

    def _parse(self, call: Call, resp, model: type[M]) -> M:
        if not resp.choices:
            call.outcome = "malformed"
            raise ModelError("malformed", f"{call.stage}: the model returned no choices")
        choice = resp.choices[0]
        message = choice.message
        if getattr(message, "refusal", None):
            call.outcome = "refusal"
            raise ModelError("refusal", f"{call.stage}: the model refused: {message.refusal[:200]}")
        if choice.finish_reason in ("length", "content_filter"):
            call.outcome = "truncated" if choice.finish_reason == "length" else "content_filter"
            raise ModelError(call.outcome, f"{call.stage}: the answer was cut off ({choice.finish_reason})", raw=message.content)
        text = message.content or ""
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            call.outcome = "malformed"
            raise ModelError("malformed", f"{call.stage}: the answer is not JSON ({exc.msg})", raw=text) from None
        try:
            return model.model_validate(data)
        except ValidationError as exc:
            call.outcome = "invalid"
            errors = [f"{'.'.join(str(p) for p in e['loc']) or 'answer'}: {e['msg']}" for e in exc.errors()[:20]]
            raise ModelError("invalid", f"{call.stage}: the answer does not fit the schema", errors=errors, raw=text) from None


@lru_cache(maxsize=8)
def _client(key: str, base_url: str | None, timeout: float, retries: int) -> openai.OpenAI:
    """One client (and connection pool) per endpoint and policy, shared by every report in the process."""
    http = openai.DefaultHttpx2Client(event_hooks={"request": [GATE.wait], "response": [GATE.observe]})
    return openai.OpenAI(api_key=key, base_url=base_url, timeout=timeout, max_retries=retries, http_client=http)


def _kind(exc: openai.APIError) -> str:
    if isinstance(exc, openai.APITimeoutError):
        return "timeout"
    if isinstance(exc, openai.APIConnectionError):
        return "connection"
    if isinstance(exc, openai.RateLimitError):
        return "rate_limited"
    status = getattr(exc, "status_code", 0) or 0
    return "server_error" if status >= 500 else "bad_request"


def _describe(exc: openai.APIError) -> str:
    status = getattr(exc, "status_code", None)
    text = str(getattr(exc, "message", None) or exc).splitlines()[0][:200]
    return f"HTTP {status}: {text}" if status else text
