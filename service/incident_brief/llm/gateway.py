"""The one place that talks to a model: builds requests, sends them, reads the answers, records the cost.

Any OpenAI-compatible endpoint works (OpenAI, Azure, vLLM, Ollama, llama.cpp;
the client and request shapes per provider are in `llm/providers.py`). In
`auto` mode (the default for a generic OpenAI-compatible server) structured
output is asked as `json_schema` (strict) and, where a server rejects that
format, as `json_object` with the schema. The choice is remembered by the
Gateway object (one per endpoint): only an answer that rejects the format
switches it, never a transient error. Retries
(connection errors, 408, 409, 429 honouring Retry-After, 5xx) are the SDK's,
bounded by settings; there is no second retry layer.

Three public steps, shared by the direct path and the provider batch path:
`request` builds a request body with a stable key, `send` makes the HTTP
round trip, `read` turns an answer into the validated model (or a ModelError).
"""

from __future__ import annotations

import hashlib
import json
import re
import time
from dataclasses import dataclass, field, replace
from typing import Generic, TypeVar

import openai
from openai.types.chat import ChatCompletion
from pydantic import BaseModel, ValidationError

from incident_brief.errors import IncidentBriefError
from incident_brief.llm import providers, tokens
from incident_brief.llm.schema import strict_schema
from incident_brief.settings import Settings

M = TypeVar("M", bound=BaseModel)
_FORMAT_WORDS = re.compile(r"response_format|json_schema")
_FORMAT_STATUSES = (400, 422, 500)  # 400/422: a server that validates the request; 500: llama-cpp-python's answer


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


@dataclass(frozen=True)
class ModelRequest(Generic[M]):
    """One model request: its chat completion body and a key that is the same for the same body."""

    stage: str
    messages: list[dict]
    model: type[M]
    body: dict
    estimated_prompt_tokens: int

    @property
    def key(self) -> str:
        return request_key(self.body)


@dataclass
class Answer:
    """What came back for one request: a chat completion or the failure, and failed earlier attempts (the probe)."""

    completion: ChatCompletion | None = None
    error: ModelError | None = None
    latency_ms: float = 0.0
    rejects_format: bool = False
    attempts: list[Call] = field(default_factory=list)


@dataclass
class Result(Generic[M]):
    """An answer read: the validated value or the error, and the calls it cost."""

    value: M | None
    error: ModelError | None
    calls: list[Call]


def request_key(body: dict) -> str:
    return hashlib.sha256(json.dumps(body, sort_keys=True, ensure_ascii=False).encode()).hexdigest()[:32]


class Gateway:
    """One endpoint: its client, and the structured-output mode it has shown it takes."""

    def __init__(self, settings: Settings):
        self.settings = settings
        self.endpoint = settings.endpoint
        self.client = providers.client(settings)  # ConfigurationError when the provider's settings are incomplete
        self.encoding = settings.tokenizer or tokens.encoding_name_for(settings.model)
        self._learned: str | None = None  # "auto": the mode this endpoint answered (None: not known yet)

    @property
    def mode(self) -> str:
        if self.settings.output_mode != "auto":
            return self.settings.output_mode
        return self._learned or "json_schema"

    def request(self, stage: str, messages: list[dict], model: type[M]) -> ModelRequest[M]:
        """The request for a stage, in the endpoint's structured-output mode."""
        body = self._body(messages, model, self.mode)
        return ModelRequest(stage, messages, model, body, tokens.count_messages(body["messages"], self.encoding))

    def _body(self, messages: list[dict], model: type[BaseModel], mode: str) -> dict:
        shape, sent = providers.response_shape(self.settings, mode, model.__name__, strict_schema(model), messages)
        return {"model": self.settings.model, "messages": sent, "temperature": 0,
                "max_tokens": self.settings.max_output_tokens, **shape}

    def send(self, req: ModelRequest) -> Answer:
        """The HTTP round trip. While the mode is unknown, the first try is a probe without retries."""
        if self.settings.output_mode != "auto" or self._learned is not None:
            return self._post(req, self._body(req.messages, req.model, self.mode))
        answer = self._post(req, self._body(req.messages, req.model, "json_schema"), retries=False)
        if answer.error is not None and not answer.rejects_format:  # not about the format: the normal path decides
            answer = self._after(answer, self._post(req, self._body(req.messages, req.model, "json_schema")))
        if answer.rejects_format:  # this server lacks json_schema: remember it
            self._learned = "json_object"
            return self._after(answer, self._post(req, self._body(req.messages, req.model, "json_object")))
        if answer.error is None:
            self._learned = "json_schema"
        return answer

    def _after(self, failed: Answer, answer: Answer) -> Answer:
        call = Call(stage="probe", latency_ms=failed.latency_ms, outcome=failed.error.kind if failed.error else "ok")
        return replace(answer, attempts=[*failed.attempts, call])

    def _post(self, req: ModelRequest, body: dict, retries: bool = True) -> Answer:
        client = self.client if retries else self.client.with_options(max_retries=0)
        started = time.perf_counter()
        try:
            completion = client.chat.completions.create(**providers.create_kwargs(body))
        except openai.APIError as exc:
            return Answer(error=ModelError(_kind(exc), f"{req.stage}: {_describe(exc)}"),
                          latency_ms=(time.perf_counter() - started) * 1000, rejects_format=_rejects_format(exc))
        return Answer(completion=completion, latency_ms=(time.perf_counter() - started) * 1000)

    def read(self, req: ModelRequest[M], answer: Answer) -> Result[M]:
        """The answer as the request's model, validated; or the ModelError (with errors for re-asking)."""
        call = Call(stage=req.stage, estimated_prompt_tokens=req.estimated_prompt_tokens, latency_ms=answer.latency_ms)
        calls = [replace(c, stage=req.stage, estimated_prompt_tokens=req.estimated_prompt_tokens)
                 for c in answer.attempts] + [call]
        if answer.error is not None or answer.completion is None:
            error = answer.error or ModelError("malformed", f"{req.stage}: no answer")
            call.outcome = error.kind
            return Result(None, error, calls)
        resp = answer.completion
        if resp.usage:
            call.prompt_tokens, call.completion_tokens = resp.usage.prompt_tokens or 0, resp.usage.completion_tokens or 0
        try:
            value = _parse(req, resp)
        except ModelError as err:
            call.outcome = err.kind
            return Result(None, err, calls)
        return Result(value, None, calls)


def _parse(req: ModelRequest[M], resp: ChatCompletion) -> M:
    stage = req.stage
    if not resp.choices:
        raise ModelError("malformed", f"{stage}: the model returned no choices")
    choice = resp.choices[0]
    message = choice.message
    if getattr(message, "refusal", None):
        raise ModelError("refusal", f"{stage}: the model refused: {message.refusal[:200]}")
    if choice.finish_reason in ("length", "content_filter"):
        kind = "truncated" if choice.finish_reason == "length" else "content_filter"
        raise ModelError(kind, f"{stage}: the answer was cut off ({choice.finish_reason})", raw=message.content)
    text = message.content or ""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ModelError("malformed", f"{stage}: the answer is not JSON ({exc.msg})", raw=text) from None
    try:
        return req.model.model_validate(data)
    except ValidationError as exc:
        errors = [f"{'.'.join(str(p) for p in e['loc']) or 'answer'}: {e['msg']}" for e in exc.errors()[:20]]
        raise ModelError("invalid", f"{stage}: the answer does not fit the schema", errors=errors, raw=text) from None


def _rejects_format(exc: openai.APIError) -> bool:
    """A 400 naming response_format/json_schema, or llama-cpp-python's 500 on that probe (it names them too)."""
    status = getattr(exc, "status_code", None)
    text = f"{getattr(exc, 'message', '')} {json.dumps(getattr(exc, 'body', None), default=str)}"
    return status in _FORMAT_STATUSES and bool(_FORMAT_WORDS.search(text))


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
