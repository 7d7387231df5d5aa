"""All configuration in one place, read from the environment.

The model endpoint uses the OpenAI SDK's own variable names (OPENAI_API_KEY,
OPENAI_BASE_URL); everything else is prefixed INCIDENT_BRIEF_.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import AliasChoices, Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

from incident_brief.errors import ConfigurationError

MIN_KEY_LENGTH = 16
_KEY_ENTRY = re.compile(r"(?:(?P<name>[A-Za-z0-9][A-Za-z0-9_.@-]{0,63})[=:])?(?P<key>[A-Za-z0-9_.~+/-]+)")
KEYS_FORMAT = (f"INCIDENT_BRIEF_API_KEYS is a comma-separated list of KEY or name=KEY entries; a key is at least "
               f"{MIN_KEY_LENGTH} characters of letters, digits and . _ ~ + / -; a name is up to 64 of letters, "
               f"digits and . _ @ -")


def parse_api_keys(text: str) -> dict[str, str]:
    """key -> holder name. Fail closed: anything malformed raises ConfigurationError (one line, never the key)."""
    keys: dict[str, str] = {}
    entries = [e.strip() for e in text.split(",")]
    if not any(entries):
        raise ConfigurationError(f"INCIDENT_BRIEF_API_KEYS is set but empty. {KEYS_FORMAT}")
    for n, entry in enumerate(entries, 1):
        match = _KEY_ENTRY.fullmatch(entry)
        if match is None:
            raise ConfigurationError(f"INCIDENT_BRIEF_API_KEYS entry {n} is malformed. {KEYS_FORMAT}")
        key, name = match["key"], match["name"] or f"key{n}"
        if len(key) < MIN_KEY_LENGTH:
            raise ConfigurationError(f"INCIDENT_BRIEF_API_KEYS entry {n}: the key is shorter than "
                                     f"{MIN_KEY_LENGTH} characters. {KEYS_FORMAT}")
        if key in keys:
            raise ConfigurationError(f"INCIDENT_BRIEF_API_KEYS entry {n} repeats an earlier key.")
        keys[key] = name
    return keys


ProviderName = Literal["openai", "azure", "ollama", "vllm", "llamacpp"]


@dataclass(frozen=True)
class Provider:
    """What a kind of model server needs: where it listens by default and how it takes a schema."""

    base_url: str
    structured_output: str  # the default mode (INCIDENT_BRIEF_STRUCTURED_OUTPUT overrides it)
    schema_in_prompt: bool = False  # json_object carries no schema: the system message states it


PROVIDERS: dict[str, Provider] = {
    "openai": Provider("https://api.openai.com/v1", "auto"),  # any OpenAI-compatible server: probe, then remember
    "azure": Provider("", "json_schema"),  # the URL comes from the Azure settings
    "ollama": Provider("http://localhost:11434/v1", "json_object", schema_in_prompt=True),
    "vllm": Provider("http://localhost:8000/v1", "json_schema"),
    "llamacpp": Provider("http://localhost:8080/v1", "json_object"),
}


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="INCIDENT_BRIEF_", extra="ignore", populate_by_name=True)

    contact: str | None = Field(
        default=None, description="Contact line used when the notes and the command give none."
    )
    max_input_bytes: int = Field(
        default=1024 * 1024, ge=1, description="Largest notes document accepted, in bytes."
    )
    read_budget_seconds: float = Field(
        default=10.0, gt=0, description="CPU seconds the offline engine may spend reading one document; "
                                        "past it the request fails with a clear 422 instead of stalling.")
    corpus_dir: Path = Field(
        default=Path(__file__).resolve().parents[3] / "shared" / "corpus",  # beside the checkout: service/incident_brief/ -> ../shared
        description="Folder of the real-postmortem corpus used by tests and evals.",
    )
    corpus_more_dir: Path = Field(
        default=Path(__file__).resolve().parents[3] / "shared" / "corpus-more",  # the second set, beside the first
        description="Folder of the second real-postmortem corpus (the corpus-more eval datasets and tests).",
    )
    # --- model endpoint (any OpenAI-compatible server) ---
    openai_api_key: SecretStr | None = Field(
        default=None, validation_alias=AliasChoices("OPENAI_API_KEY", "INCIDENT_BRIEF_OPENAI_API_KEY"))
    openai_base_url: str | None = Field(
        default=None, validation_alias=AliasChoices("OPENAI_BASE_URL", "INCIDENT_BRIEF_OPENAI_BASE_URL"))
    model: str = Field(default="gpt-4o-mini", description="Model name sent to the endpoint.")
    llm_timeout: float = Field(default=60.0, gt=0, description="Seconds before one model call is abandoned.")
    llm_max_retries: int = Field(default=2, ge=0, le=10,
                                 description="Retries of a failed call (connection errors, 408, 429, 5xx); honours Retry-After.")
    repair_rounds: int = Field(default=2, ge=0, le=5,
                               description="Times a draft that breaks the content rules is sent back with its errors.")
    structured_output: Literal["auto", "json_schema", "json_object", "guided_json"] | None = Field(
        default=None, description="How an answer's shape is asked: json_schema (strict), json_object (+ schema), "
                                  "guided_json (vLLM), or auto (try json_schema, fall back to json_object); "
                                  "default: the provider's (see PROVIDERS).")
    provider: ProviderName = Field(default="openai", description="Which kind of server the model endpoint is "
                                   "(openai: any OpenAI-compatible one); sets the client and the defaults in PROVIDERS.")
    azure_endpoint: str | None = Field(default=None, validation_alias=AliasChoices(
        "AZURE_OPENAI_ENDPOINT", "INCIDENT_BRIEF_AZURE_ENDPOINT"), description="https://<resource>.openai.azure.com")
    azure_deployment: str | None = Field(default=None, description="Azure OpenAI deployment name.")
    azure_api_version: str | None = Field(default=None, validation_alias=AliasChoices(
        "OPENAI_API_VERSION", "INCIDENT_BRIEF_AZURE_API_VERSION"), description="Azure api-version, e.g. 2024-10-21.")
    azure_api_key: SecretStr | None = Field(default=None, validation_alias=AliasChoices(
        "AZURE_OPENAI_API_KEY", "INCIDENT_BRIEF_AZURE_API_KEY"), description="Sent as the api-key header.")
    context_tokens: int = Field(default=8192, ge=1024, description="The model's context window, in tokens.")
    max_output_tokens: int = Field(default=1500, ge=64, description="Largest answer asked of the model per call.")
    tokenizer: str | None = Field(default=None, description="tiktoken encoding to count with; default chosen from the model.")

    language: str = Field(default="en", pattern=r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8}){0,4}$", description=(
        "Output language (BCP 47): the report's labels (translations in templates/labels/) and the LLM engine's "
        "prose; the offline engine writes English prose and flags it."))
    redact: bool = Field(default=True, description="Replace keys, tokens, passwords, emails, phones and IPs with "
                                                    "placeholders before notes go to a model.")
    restore: str = Field(default="ip", description="Comma-separated kinds the report may show again after the model "
                                                    "(ip, email, phone); keys, tokens and passwords never.")

    def restorable(self) -> frozenset[str]:
        return frozenset(k.strip() for k in self.restore.split(",") if k.strip() in ("ip", "email", "phone"))

    # --- HTTP service ---
    database_url: str = Field(default="sqlite:///incident-brief.db",
                              description="SQLAlchemy URL: a SQLite file by default, postgresql+psycopg://... to scale out.")
    api_keys: SecretStr | None = Field(default=None, description="KEY or name=KEY entries, comma-separated (see "
                                       "KEYS_FORMAT); when set every route but /healthz needs a key. Malformed: refuses to start.")
    allowed_hosts: str = Field(default="", description="Host names the service answers besides localhost, 127.0.0.1, "
                                                       "::1 and the --host it binds; comma-separated, * for any.")
    session_secret: SecretStr | None = Field(default=None, description="Signs web sessions and form tokens; "
                                             "default: a random secret per start (signing in again after a restart).")
    session_hours: float = Field(default=12, gt=0, le=24 * 30, description="Hours a web sign-in lasts.")
    # --- connection limits (serve) ---
    header_timeout: float = Field(default=10, gt=0, le=300,
                                  description="Seconds a connection may take to send a request's head before it is closed.")
    keep_alive: float = Field(default=5, gt=0, le=300, description="Seconds an idle keep-alive connection is kept.")
    max_connections: int = Field(default=200, ge=1, le=100_000,
                                 description="Connections open at once; more are closed at once (and requests over it get 503).")
    max_header_bytes: int = Field(default=16 * 1024, ge=1024, le=1024 * 1024,
                                  description="Largest request head (request line and headers) accepted.")
    log_burst: int = Field(default=5, ge=1, le=10_000,
                           description="Identical warnings logged per second; the rest are counted and summarised.")
    page_size: int = Field(default=20, ge=1, le=200, description="Reports per page in GET /v1/reports by default.")
    max_batches: int = Field(default=2, ge=1, le=100, description="Batches (POST /v1/batches) running at once; "
                                                                  "beyond it: 429 with Retry-After.")
    # --- delivery on approval (delivery/): each target is used when its address is set ---
    public_url: str | None = Field(default=None, description="The service's address as readers reach it (e.g. "
                                   "https://briefs.example.com); links in deliveries. Default: the approving request's.")
    deliver_slack_url: SecretStr | None = Field(default=None, description="A Slack incoming-webhook URL: gets a "
                                                "Block Kit summary of each approved report with a link to it.")
    deliver_webhook_url: str | None = Field(default=None, description="Gets each approved report as signed JSON "
                                            "(POST; see the README's Delivery section).")
    deliver_webhook_secret: SecretStr | None = Field(default=None, description="Signs the webhook's body "
                                                     "(HMAC-SHA256); required: no webhook is sent unsigned.")
    smtp_host: str | None = Field(default=None, description="SMTP server that mails each approved report "
                                  "(HTML body, PDF attached) to INCIDENT_BRIEF_SMTP_TO.")
    smtp_port: int = Field(default=587, ge=1, le=65535, description="SMTP port.")
    smtp_from: str = Field(default="incident-brief@localhost", description="The mail's From address.")
    smtp_to: str = Field(default="", description="Recipients, comma-separated.")
    smtp_user: str | None = Field(default=None, description="SMTP login (with INCIDENT_BRIEF_SMTP_PASSWORD).")
    smtp_password: SecretStr | None = Field(default=None, description="SMTP password.")
    smtp_starttls: bool = Field(default=True, description="Upgrade the SMTP connection with STARTTLS first.")
    deliver_attempts: int = Field(default=5, ge=1, le=10, description="Attempts per target and delivery; only "
                                  "timeouts, connection errors, 408, 429, 5xx (SMTP: 4xx) are retried.")
    deliver_backoff: float = Field(default=2.0, ge=0, le=300, description="Seconds before the first retry; doubled "
                                   "before each next one.")
    deliver_timeout: float = Field(default=10.0, gt=0, le=300, description="Seconds one delivery attempt may take.")

    def smtp_recipients(self) -> list[str]:
        return [a.strip() for a in self.smtp_to.split(",") if a.strip()]

    def key_names(self) -> dict[str, str]:
        """key -> name of its holder; {} when no keys are set. Raises ConfigurationError when the list is malformed."""
        return {} if self.api_keys is None else parse_api_keys(self.api_keys.get_secret_value())

    def trusted_hosts(self, bind: str | None = None) -> list[str]:
        """Host header values the service answers (IPv6 in brackets, as the Host header carries them)."""
        extra = [h.strip().lower() for h in self.allowed_hosts.split(",") if h.strip()]
        hosts = ["localhost", "127.0.0.1", "::1", *extra]
        if bind and bind not in ("0.0.0.0", "::", ""):
            hosts.append(bind.lower())
        return list(dict.fromkeys(f"[{h}]" if ":" in h and not h.startswith("[") else h for h in hosts))

    @property
    def llm_configured(self) -> bool:
        """A model is meant to be used: an endpoint or key is set, or a provider other than the default is chosen."""
        return bool(self.openai_base_url or self.openai_api_key) or self.provider != "openai"

    @property
    def endpoint(self) -> str:
        """The model endpoint the LLM engine calls: OPENAI_BASE_URL, else the provider's (Azure: the deployment's)."""
        if self.provider == "azure":
            return f"{(self.azure_endpoint or '<AZURE_OPENAI_ENDPOINT>').rstrip('/')}/openai/deployments/" \
                   f"{self.azure_deployment or '<deployment>'}"
        return self.openai_base_url or PROVIDERS[self.provider].base_url

    @property
    def output_mode(self) -> str:
        """The structured-output mode: INCIDENT_BRIEF_STRUCTURED_OUTPUT, else the provider's default."""
        return self.structured_output or PROVIDERS[self.provider].structured_output

    def check_provider(self) -> None:
        """Raise ConfigurationError (one line, naming the variables) when the provider's settings are incomplete."""
        if self.provider != "azure":
            return
        missing = [env for env, value in (("AZURE_OPENAI_ENDPOINT", self.azure_endpoint),
                                          ("INCIDENT_BRIEF_AZURE_DEPLOYMENT", self.azure_deployment),
                                          ("OPENAI_API_VERSION", self.azure_api_version),
                                          ("AZURE_OPENAI_API_KEY", self.azure_api_key and
                                           self.azure_api_key.get_secret_value())) if not value]
        if missing:
            raise ConfigurationError(f"INCIDENT_BRIEF_PROVIDER=azure needs {', '.join(missing)} "
                                     f"(endpoint, deployment, api-version and key of the Azure OpenAI resource)")
        if self.output_mode == "json_schema" and self.azure_api_version[:10] < AZURE_JSON_SCHEMA_SINCE:
            raise ConfigurationError(f"OPENAI_API_VERSION={self.azure_api_version} predates structured outputs "
                                     f"({AZURE_JSON_SCHEMA_SINCE}-preview): use a later api-version or set "
                                     f"INCIDENT_BRIEF_STRUCTURED_OUTPUT=json_object")


DEFAULT_ENDPOINT = "https://api.openai.com/v1"
AZURE_JSON_SCHEMA_SINCE = "2024-08-01"  # the first Azure api-version that takes response_format json_schema


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()
