"""Provider specifics in one place: which client talks to the server, and how a request asks for an answer's shape.

The provider (INCIDENT_BRIEF_PROVIDER) and its defaults are settings (`settings.PROVIDERS`); this module turns
them into an SDK client (`OpenAI`, or `AzureOpenAI` with the deployment and api-version) and into the
request body's structured-output part:
  json_schema  response_format {"type": "json_schema", "json_schema": {"name", "strict": true, "schema"}}
  json_object  response_format {"type": "json_object", "schema": ...} (llama.cpp), or {"type": "json_object"}
               with the schema stated in the system message where the server takes no schema (Ollama)
  guided_json  vLLM's `guided_json` body field (sent through the SDK's extra_body), no response_format
"""

from __future__ import annotations

import json
from functools import lru_cache

import openai

from incident_brief.llm.ratelimit import GATE
from incident_brief.settings import PROVIDERS, Settings

# the chat completion parameters the SDK's create() names; anything else in a body travels as extra_body
SDK_FIELDS = frozenset({"model", "messages", "temperature", "max_tokens", "response_format"})
SCHEMA_NOTE = "Answer with one JSON object, and nothing else, that fits this JSON Schema:\n"


def client(settings: Settings) -> openai.OpenAI:
    """The SDK client for the configured provider (one per endpoint and policy, shared by the process).
    Raises ConfigurationError when the provider's settings are incomplete."""
    settings.check_provider()
    policy = (settings.llm_timeout, settings.llm_max_retries)
    if settings.provider == "azure":
        return _azure(settings.azure_endpoint, settings.azure_deployment, settings.azure_api_version,
                      settings.azure_api_key.get_secret_value(), *policy)
    key = settings.openai_api_key.get_secret_value() if settings.openai_api_key else "not-needed"
    return _openai(key, settings.endpoint, *policy)


def response_shape(settings: Settings, mode: str, name: str, schema: dict, messages: list[dict]) -> tuple[dict, list[dict]]:
    """The body fields that ask for `schema` in `mode`, and the messages to send (the schema added where it
    must travel in the prompt)."""
    if mode == "json_schema":
        return {"response_format": {"type": "json_schema",
                                    "json_schema": {"name": name, "strict": True, "schema": schema}}}, messages
    if mode == "guided_json":
        return {"guided_json": schema}, messages
    if PROVIDERS[settings.provider].schema_in_prompt:
        return {"response_format": {"type": "json_object"}}, with_schema(messages, schema)
    return {"response_format": {"type": "json_object", "schema": schema}}, messages


def with_schema(messages: list[dict], schema: dict) -> list[dict]:
    """The messages with the schema stated at the end of the system message (or as one, if there is none)."""
    note = SCHEMA_NOTE + json.dumps(schema, ensure_ascii=False, separators=(",", ":"))
    if messages and messages[0].get("role") == "system":
        return [{**messages[0], "content": f"{messages[0]['content'].rstrip()}\n\n{note}"}, *messages[1:]]
    return [{"role": "system", "content": note}, *messages]


def create_kwargs(body: dict) -> dict:
    """A request body as arguments of `chat.completions.create`: fields the SDK does not name go in extra_body."""
    kwargs = {k: v for k, v in body.items() if k in SDK_FIELDS}
    extra = {k: v for k, v in body.items() if k not in SDK_FIELDS}
    return {**kwargs, "extra_body": extra} if extra else kwargs


def _http() -> openai.DefaultHttpx2Client:
    return openai.DefaultHttpx2Client(event_hooks={"request": [GATE.wait], "response": [GATE.observe]})


@lru_cache(maxsize=8)
def _openai(key: str, base_url: str, timeout: float, retries: int) -> openai.OpenAI:
    return openai.OpenAI(api_key=key, base_url=base_url, timeout=timeout, max_retries=retries, http_client=_http())


@lru_cache(maxsize=8)
def _azure(endpoint: str, deployment: str, api_version: str, key: str, timeout: float, retries: int) -> openai.OpenAI:
    """Requests go to {endpoint}/openai/deployments/{deployment}/...?api-version=..., the key in the api-key header."""
    return openai.AzureOpenAI(azure_endpoint=endpoint, azure_deployment=deployment, api_version=api_version,
                              api_key=key, timeout=timeout, max_retries=retries, http_client=_http())
