"""All configuration in one place, read from the environment (prefix INCIDENT_BRIEF_)."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="INCIDENT_BRIEF_", extra="ignore")

    contact: str | None = Field(
        default=None, description="Contact line used when the notes and the command give none."
    )
    max_input_bytes: int = Field(
        default=1024 * 1024, description="Largest notes document accepted, in bytes."
    )
    corpus_dir: Path = Field(
        default=Path(__file__).resolve().parent.parent.parent / "shared" / "corpus",
        description="Folder of the real-postmortem corpus used by tests and evals.",
    )
    # The LLM endpoint settings arrive with the LLM engine; until then `auto` means offline.
    model: str | None = Field(default=None, description="Model name for the LLM engine.")


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()
