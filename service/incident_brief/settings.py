"""All configuration in one place, read from the environment.

The model endpoint uses the OpenAI SDK's own variable names (OPENAI_API_KEY,
OPENAI_BASE_URL); everything else is prefixed INCIDENT_BRIEF_.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import AliasChoices, Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="INCIDENT_BRIEF_", extra="ignore", populate_by_name=True)

    contact: str | None = Field(
        default=None, description="Contact line used when the notes and the command give none."
    )
    max_input_bytes: int = Field(
        default=1024 * 1024, ge=1, description="Largest notes document accepted, in bytes."
    )
    corpus_dir: Path = Field(
        default=Path(__file__).resolve().parents[3] / "shared" / "corpus",  # beside the checkout: service/incident_brief/ -> ../shared
        description="Folder of the real-postmortem corpus used by tests and evals.",
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
    structured_output: Literal["auto", "json_schema", "json_object"] = Field(
        default="auto", description="auto: try json_schema, fall back to json_object for servers that lack it.")
    context_tokens: int = Field(default=8192, ge=1024, description="The model's context window, in tokens.")
    max_output_tokens: int = Field(default=1500, ge=64, description="Largest answer asked of the model per call.")
    tokenizer: str | None = Field(default=None, description="tiktoken encoding to count with; default chosen from the model.")

    redact: bool = Field(default=True, description="Replace keys, tokens, passwords, emails, phones and IPs with "
                                                    "placeholders before notes go to a model.")
    restore: str = Field(default="ip", description="Comma-separated kinds the report may show again after the model "
                                                    "(ip, email, phone); keys, tokens and passwords never.")

    def restorable(self) -> frozenset[str]:
        return frozenset(k.strip() for k in self.restore.split(",") if k.strip() in ("ip", "email", "phone"))

    # --- HTTP service ---
    database_url: str = Field(default="sqlite:///incident-brief.db",
                              description="SQLAlchemy URL: a SQLite file by default, postgresql+psycopg://... to scale out.")
    api_keys: SecretStr | None = Field(default=None, description="name:key pairs, comma-separated; when set every /v1 route needs a key.")
    page_size: int = Field(default=20, ge=1, le=200, description="Reports per page in GET /v1/reports by default.")
    max_batches: int = Field(default=2, ge=1, le=100, description="Batches (POST /v1/batches) running at once; "
                                                                  "beyond it: 429 with Retry-After.")

    def key_names(self) -> dict[str, str]:
        """key -> name of its holder."""
        if not self.api_keys:
            return {}
        pairs = [p.strip() for p in self.api_keys.get_secret_value().split(",") if p.strip()]
        return {key.strip(): name.strip() for name, _, key in (p.partition(":") for p in pairs) if key.strip()}

    @property
    def llm_configured(self) -> bool:
        return bool(self.openai_base_url or self.openai_api_key)


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()
